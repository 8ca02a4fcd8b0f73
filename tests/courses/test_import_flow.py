"""Importing question files through the author's pages and the CLI; exporting them again."""

from io import BytesIO

import pytest
from sqlalchemy import func, select

from courses.models import PendingImport, Question
from elearning.accounts.models import Role
from elearning.extensions import db

GIFT = b"""// A small bank in GIFT
$CATEGORY: $course$/CT/Dose

::Quantity:: Which quantity describes CT scanner output? {
  =CTDIvol #Right: it describes the scanner's output.
  ~Effective dose #No: that depends on the patient.
  ~Kerma-area product
  ####CTDIvol is measured in a standard phantom.
}

::Truth:: DLP equals CTDIvol times the scan length. {T}

::Essay:: Describe your department's CT protocol review. {}
"""


@pytest.fixture
def author(create_user, login):
    user = create_user(email="author@example.org", role=Role.AUTHOR, full_name="Anna Author")
    login(user)
    return user


@pytest.fixture
def draft(create_module, author):
    return create_module("Imported quiz", owner=author, publish=False, questions=[])


def upload(client, module, content: bytes, filename: str = "bank.gift.txt"):
    url = f"/author/modules/{module.id}/quiz/import"
    return client.submit(
        url,
        {"question_file": (BytesIO(content), filename)},
        page=url,
        content_type="multipart/form-data",
    )


def questions() -> int:
    return db.session.scalar(select(func.count()).select_from(Question))


def test_upload_shows_a_preview_and_saves_only_on_confirm(client, draft):
    response = upload(client, draft, GIFT)
    assert response.status_code == 302
    preview = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<strong>2</strong> questions to create" in preview
    assert "Which quantity describes CT scanner output?" in preview
    assert "Essay" in preview and "not supported" in preview
    assert questions() == 0
    confirmed = client.submit(
        response.headers["Location"],
        {"action": "confirm"},
        page=response.headers["Location"],
        follow_redirects=True,
    )
    assert "Imported 2 questions" in confirmed.get_data(as_text=True)
    saved = db.session.scalars(select(Question).order_by(Question.position)).all()
    assert [q.kind.value for q in saved] == ["single", "true_false"]
    assert saved[0].name == "Quantity" and "CT/Dose" in saved[0].category
    assert "standard phantom" in saved[0].explanation
    assert [o.is_correct for o in saved[0].options] == [True, False, False]
    assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 0


def test_cancel_saves_nothing(client, draft):
    location = upload(client, draft, GIFT).headers["Location"]
    client.submit(location, {"action": "cancel"}, page=location)
    assert questions() == 0
    assert client.get(location).status_code == 404


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (b"<quiz><question type='multichoice'>", "bank.xml", "line"),
        (b"::Q:: unclosed {=a ~b", "bank.gift.txt", "line"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "picture.png", ""),
        (b"x" * 4097, "huge.gift.txt", "larger than 4 KB"),
    ],
)
def test_bad_files_are_refused_with_a_reason_and_nothing_is_kept(
    app, client, draft, content, filename, message
):
    app.config["QUIZ_IMPORT_MAX_BYTES"] = 4096  # the real limit is 1 MB
    response = upload(client, draft, content, filename)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'aria-invalid="true"' in page and message in page
    assert db.session.scalar(select(func.count()).select_from(PendingImport)) == 0


def test_imports_need_a_draft_and_the_module_author(
    app, client, create_module, create_user, login, draft
):
    stranger = app.test_client()
    login(create_user(role=Role.AUTHOR), to=stranger)
    assert stranger.get(f"/author/modules/{draft.id}/quiz/import").status_code == 403
    location = upload(client, draft, GIFT).headers["Location"]
    assert stranger.get(location).status_code == 403
    published = create_module("Published one", owner=draft.owner)
    admin = app.test_client()
    login(create_user(role=Role.ADMIN), to=admin)
    response = admin.get(f"/author/modules/{published.id}/quiz/import", follow_redirects=True)
    assert "Only a draft can be changed" in response.get_data(as_text=True)


def test_export_round_trips_through_import(client, create_module, author):
    source = create_module("Exported quiz", owner=author)
    for fmt in ("xml", "gift"):
        response = client.get(f"/author/modules/{source.id}/quiz/export.{fmt}")
        assert response.status_code == 200
        assert "attachment" in response.headers["Content-Disposition"]
        target = create_module(f"Round trip {fmt}", owner=author, publish=False, questions=[])
        location = upload(client, target, response.data, f"quiz.{fmt}").headers["Location"]
        client.submit(location, {"action": "confirm"}, page=location)
        db.session.expire_all()
        original = [
            (q.kind, q.text, q.explanation, [(o.text, o.is_correct) for o in q.options])
            for q in source.published_revision.questions
        ]
        copied = [
            (q.kind, q.text, q.explanation, [(o.text, o.is_correct) for o in q.options])
            for q in target.revisions[0].questions
        ]
        assert copied == original, fmt


def test_cli_previews_with_dry_run_and_imports_on_confirmation(app, draft, tmp_path):
    path = tmp_path / "bank.gift.txt"
    path.write_bytes(GIFT)
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["quiz", "import", draft.slug, str(path), "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "2 questions to create" in dry.output and "1 skipped" in dry.output
    assert "Nothing was changed" in dry.output and questions() == 0
    declined = runner.invoke(args=["quiz", "import", str(draft.id), str(path)], input="n\n")
    assert "Nothing was changed" in declined.output and questions() == 0
    done = runner.invoke(args=["quiz", "import", draft.slug, str(path)], input="y\n")
    assert done.exit_code == 0 and "Imported 2 questions" in done.output
    assert questions() == 2
    exported = runner.invoke(args=["quiz", "export", draft.slug, "--format", "gift"])
    assert "DLP equals CTDIvol" in exported.output
    bad = tmp_path / "bad.xml"
    bad.write_bytes(b"<quiz><oops>")
    failed = runner.invoke(args=["quiz", "import", draft.slug, str(bad)])
    assert failed.exit_code == 1 and "line" in failed.output
    assert runner.invoke(args=["quiz", "import", "no-such-module", str(path)]).exit_code == 1
