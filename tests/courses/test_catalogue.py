"""The public catalogue: search, filters, pagination, and a flat query count."""

from sqlalchemy import update

from courses.models import Audience, Revision
from courses.queries import PER_PAGE
from elearning.extensions import db


def titles(client, query: str = "") -> str:
    return client.get(f"/modules/{query}").get_data(as_text=True)


def test_catalogue_shows_group_edition_minutes_and_credits(client, create_module):
    create_module(
        "Paediatric CT protocols",
        working_group="Paediatric Imaging",
        credits="1",
        estimated_minutes=20,
        edition=2,
    )
    page = titles(client)
    assert "Paediatric CT protocols" in page
    for fact in ("Paediatric Imaging", "<dd>2</dd>", "20 min", "1 ECMEC"):
        assert fact in page


def test_search_and_filters(client, create_module):
    create_module("CT dose modulation", working_group="CT", credits="0.5")
    create_module(
        "Size-adapted protocols",
        working_group="Paediatric Imaging",
        credits="1",
        summary="Weight-based settings for children.",
    )
    create_module(
        "Your child's X-ray",
        working_group="Paediatric Imaging",
        audience=Audience.PATIENTS,
        credits="0.25",
    )
    assert "Size-adapted" in titles(client, "?q=WEIGHT-based")
    assert "CT dose modulation" not in titles(client, "?q=weight")
    page = titles(client, "?audience=patients")
    assert "Your child" in page and "Size-adapted" not in page
    page = titles(client, "?credits=1")
    assert "Size-adapted" in page and "CT dose modulation" not in page
    assert "3 modules" in titles(client, "?credits=not-a-number&audience=aliens&group=abc")


def test_filter_by_working_group(client, create_module):
    ct = create_module("CT dose modulation", working_group="CT")
    create_module("Operator dose", working_group="Interventional Radiology")
    page = titles(client, f"?group={ct.working_group_id}")
    assert "CT dose modulation" in page and "Operator dose" not in page


def test_drafts_are_not_listed(client, create_module):
    create_module("Unpublished draft", publish=False)
    assert "Unpublished draft" not in titles(client)
    assert client.get("/modules/unpublished-draft").status_code == 404


def test_catalogue_paginates(client, create_module):
    for n in range(PER_PAGE + 2):
        create_module(f"Module number {n:02d}")
    first, second = titles(client), titles(client, "?page=2")
    assert first.count('class="card"') == PER_PAGE and second.count('class="card"') == 2
    assert "Next page" in first and "Previous page" in second
    assert titles(client, "?page=99").count('class="card"') == 0


def test_catalogue_query_count_does_not_grow_with_modules(client, create_module, count_queries):
    counts = []
    made = 0
    for total in (2, 12):
        while made < total:
            made += 1
            create_module(f"Module {made}", working_group=("CT", "Paediatric Imaging")[made % 2])
        with count_queries() as counter:
            assert client.get("/modules/?q=module").status_code == 200
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_percent_and_underscore_in_a_search_match_themselves(client, create_module):
    create_module("CT dose modulation")
    create_module("Dose reduction of 30% with iterative reconstruction")
    assert "1 module" in titles(client, "?q=30%25")
    assert "1 module" in titles(client, "?q=%25")  # only the title with a real %
    assert "0 modules" in titles(client, "?q=_")


def test_a_long_catalogue_counts_up_to_the_cap_and_still_pages_on(app, client, create_module):
    # An exact count reads every match; past LIST_COUNT_CAP the catalogue says "N+".
    app.config["LIST_COUNT_CAP"] = PER_PAGE + 1
    for n in range(PER_PAGE + 3):
        create_module(f"Module number {n:02d}")
    first, second = titles(client), titles(client, "?page=2")
    assert f"{PER_PAGE + 1}+ modules" in first
    assert "Page 1</span>" in first and "Next page" in first
    assert second.count('class="card"') == 3 and "Previous page" in second
    app.config["LIST_COUNT_CAP"] = 100
    assert f"{PER_PAGE + 3} modules" in titles(client)
    assert "Page 1 of 2" in titles(client)


def test_the_credit_filter_learns_of_a_new_value_when_a_module_is_published(client, create_module):
    create_module("Half a credit", credits="0.5")
    assert 'value="2.00"' not in titles(client)  # cached from here on
    create_module("Two credits", credits="2")
    assert 'value="2.00"' in titles(client)


def test_a_cached_search_count_changes_when_a_module_is_published(client, create_module):
    for n in range(PER_PAGE + 1):
        create_module(f"Dose module {n:02d}")
    assert f"{PER_PAGE + 1} modules" in titles(client, "?q=dose")  # counted, then cached
    create_module("Dose module, the newest")
    assert f"{PER_PAGE + 2} modules" in titles(client, "?q=dose")


def test_reindexing_finds_revisions_saved_without_their_search_text(app, client, create_module):
    # Code older than the column (a rolling upgrade) leaves it empty: the search misses them.
    create_module("CT dose modulation")
    create_module("Lead aprons", summary="Protective garments for staff.")
    db.session.execute(
        update(Revision).where(Revision.title == "Lead aprons").values(search_text="")
    )
    db.session.commit()
    assert "0 modules" in titles(client, "?q=garments")
    # A second page counts its search, and caches the count, until the catalogue changes.
    assert "0 modules" in titles(client, "?q=garments&page=2")

    runner = app.test_cli_runner()
    result = runner.invoke(args=["modules", "reindex-search"])
    assert result.exit_code == 0, result.output
    assert "1 of 2 revisions had a stale search text" in result.output
    page = titles(client, "?q=garments")
    assert "1 module" in page and "Lead aprons" in page
    assert "1 module" in titles(client, "?q=garments&page=2")

    again = runner.invoke(args=["modules", "reindex-search"])
    assert "0 of 2 revisions" in again.output
