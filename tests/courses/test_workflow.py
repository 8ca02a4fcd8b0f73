"""The editorial workflow through the authoring pages: draft, review, published, retired."""

import pytest
from sqlalchemy import func, select

from courses.models import Attempt, Module, Question, Revision, RevisionState
from elearning.accounts.models import Role
from elearning.extensions import db
from tests.courses.conftest import correct_answers, group, wrong_answers

MODULE = {
    "title": "Eye-lens protection in IR",
    "audience": "professionals",
    "edition": "1",
    "summary": "Protect your eyes during interventional procedures.",
    "body": "## Why\n\nThe eye lens is radiosensitive.",
    "learning_objectives": "Name the annual eye-lens dose limit\nChoose eye protection",
    "estimated_minutes": "15",
    "credits": "0.5",
    "authors": "A. Jensen, M. Rossi",
    "references": "ICRP Publication 118 (2012)",
}
SINGLE = {
    "kind": "single",
    "text": "What is the EU annual dose limit for the eye lens of workers?",
    "options-0-text": "20 mSv",
    "options-0-correct": "y",
    "options-1-text": "150 mSv",
    "options-2-text": "500 mSv",
    "explanation": "Directive 2013/59/Euratom lowered it to 20 mSv.",
}


@pytest.fixture
def author(create_user, login):
    user = create_user(email="author@example.org", role=Role.AUTHOR, full_name="Anna Author")
    login(user)
    return user


def new_module(client, **changes) -> Module:
    working_group = group("Interventional Radiology")
    db.session.commit()
    data = {**MODULE, "working_group": str(working_group.id), **changes}
    response = client.submit("/author/modules/new", data, page="/author/modules/new")
    assert response.status_code == 302, response.get_data(as_text=True)
    return db.session.scalar(select(Module).order_by(Module.id.desc()))


def add_question(client, module, data=SINGLE):
    url = f"/author/modules/{module.id}/questions/new"
    return client.submit(url, data, page=url)


def test_author_writes_a_module_and_its_quiz(client, author):
    module = new_module(client)
    assert module.owner_id == author.id and module.slug == "eye-lens-protection-in-ir"
    assert add_question(client, module).status_code == 302
    assert (
        add_question(
            client,
            module,
            {
                "kind": "true_false",
                "text": "Lead glasses need side shields.",
                "options-0-correct": "y",
                "explanation": "Scatter comes from the side.",
            },
        ).status_code
        == 302
    )
    page = client.get(f"/author/modules/{module.id}/quiz").get_data(as_text=True)
    assert "20 mSv" in page and "True" in page and "False" in page
    assert client.submit(f"/author/modules/{module.id}/submit").status_code == 302
    revision = db.session.scalar(select(Revision))
    assert revision.state is RevisionState.IN_REVIEW
    # Not in the catalogue until published.
    preview = client.get(f"/author/modules/{module.id}/preview").get_data(as_text=True)
    assert "Eye-lens protection in IR" in preview and "tag-correct" in preview
    assert client.get(f"/modules/{module.slug}").status_code == 404
    assert "Eye-lens" not in client.get("/modules/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"options-1-text": "", "options-2-text": ""}, "at least two options"),
        ({"options-0-correct": ""}, "at least one option as correct"),
        ({"options-1-correct": "y"}, "exactly one correct option"),
        ({"text": ""}, "Enter the question"),
        ({"options-1-text": "20 MSV"}, "same text"),
        ({"kind": "essay"}, "Not a valid choice"),
    ],
)
def test_invalid_questions_show_errors_and_save_nothing(client, author, changes, message):
    module = new_module(client)
    response = add_question(client, module, {**SINGLE, **changes})
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Question)) == 0


@pytest.mark.parametrize("pass_mark", ["0", "101", "abc"])
def test_pass_mark_must_be_between_1_and_100(client, author, pass_mark):
    module = new_module(client)
    url = f"/author/modules/{module.id}/quiz"
    data = {"pass_mark": pass_mark, "max_attempts": "3", "retake_wait_minutes": "0"}
    response = client.submit(url, data, page=url)
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.get_data(as_text=True)
    db.session.refresh(module.revisions[0])
    assert module.revisions[0].pass_mark == 75


def test_quiz_settings_are_saved(client, author):
    module = new_module(client)
    url = f"/author/modules/{module.id}/quiz"
    data = {
        "pass_mark": "80",
        "max_attempts": "0",
        "retake_wait_minutes": "30",
        "reveal_answers_on_fail": "y",
    }
    assert client.submit(url, data, page=url).status_code == 302
    revision = module.revisions[0]
    db.session.refresh(revision)
    assert (revision.pass_mark, revision.max_attempts, revision.retake_wait_minutes) == (80, 0, 30)
    assert revision.reveal_answers_on_fail


def test_a_draft_without_a_quiz_cannot_be_submitted(client, author):
    module = new_module(client)
    response = client.submit(f"/author/modules/{module.id}/submit", follow_redirects=True)
    assert "needs at least one question" in response.get_data(as_text=True)
    assert module.revisions[0].state is RevisionState.DRAFT


def test_authors_cannot_publish_their_own_module(client, author, create_user, app, login):
    module = new_module(client)
    add_question(client, module)
    client.submit(f"/author/modules/{module.id}/submit")
    assert client.submit(f"/author/modules/{module.id}/publish").status_code == 403
    # Another author may review and publish it.
    reviewer = app.test_client()
    login(create_user(role=Role.AUTHOR, full_name="Rita Reviewer"), to=reviewer)
    assert "Eye-lens protection" in reviewer.get("/author/").get_data(as_text=True)
    assert (
        reviewer.submit(f"/author/modules/{module.id}/publish", page="/account").status_code == 302
    )
    db.session.refresh(module)
    assert module.published_revision is not None
    assert module.published_revision.publication_date is not None
    assert "Eye-lens protection" in client.get("/modules/").get_data(as_text=True)


def test_learners_and_strangers_cannot_reach_authoring(app, client, author, create_user, login):
    module = new_module(client)
    learner = app.test_client()
    login(create_user(), to=learner)
    for path in ["/author/", f"/author/modules/{module.id}", f"/author/modules/{module.id}/edit"]:
        assert learner.get(path).status_code == 403
    other_author = app.test_client()
    login(create_user(role=Role.AUTHOR), to=other_author)
    assert other_author.get(f"/author/modules/{module.id}/edit").status_code == 403
    response = other_author.submit(
        f"/author/modules/{module.id}/edit", {**MODULE, "title": "X"}, page="/account"
    )
    assert response.status_code == 403
    assert other_author.get("/author/modules/999999").status_code == 404


def test_publishing_freezes_the_revision_and_edits_make_a_new_one(
    client, author, create_module, create_user, login, app
):
    module = create_module(owner=author)
    first = module.published_revision
    learner = app.test_client()
    login(create_user(), to=learner)
    url = learner.submit(f"/modules/{module.slug}/attempts", page="/account").headers["Location"]
    learner.submit(url, correct_answers(module), page="/account")
    # The published revision cannot be edited.
    response = client.get(f"/author/modules/{module.id}/edit", follow_redirects=True)
    assert "Only a draft can be changed" in response.get_data(as_text=True)
    assert client.submit(f"/author/modules/{module.id}/revisions").status_code == 302
    draft = db.session.scalar(select(Revision).where(Revision.number == 2))
    assert draft.state is RevisionState.DRAFT and len(draft.questions) == 4
    client.submit(
        f"/author/modules/{module.id}/edit",
        {
            **MODULE,
            "title": "CT dose modulation, 2nd edition",
            "edition": "2",
            "working_group": str(module.working_group_id),
        },
        page=f"/author/modules/{module.id}/edit",
    )
    db.session.refresh(first)
    assert first.title == "CT dose modulation" and first.state is RevisionState.PUBLISHED
    # Learners still see the published revision until the new one is published.
    assert "CT dose modulation, 2nd" not in client.get(f"/modules/{module.slug}").get_data(
        as_text=True
    )
    client.submit(f"/author/modules/{module.id}/submit")
    admin = app.test_client()
    login(create_user(role=Role.ADMIN), to=admin)
    assert admin.submit(f"/author/modules/{module.id}/publish", page="/account").status_code == 302
    db.session.expire_all()
    assert first.state is RevisionState.SUPERSEDED
    assert module.published_revision.number == 2
    assert "2nd edition" in client.get(f"/modules/{module.slug}").get_data(as_text=True)
    # The learner's attempt still points at what they took.
    attempt = db.session.scalar(select(Attempt))
    assert attempt.revision_id == first.id and attempt.revision.title == "CT dose modulation"


def test_a_reviewer_can_return_a_revision_to_draft(client, author, create_user, app, login):
    module = new_module(client)
    add_question(client, module)
    client.submit(f"/author/modules/{module.id}/submit")
    admin = app.test_client()
    login(create_user(role=Role.ADMIN), to=admin)
    assert admin.submit(f"/author/modules/{module.id}/return", page="/account").status_code == 302
    db.session.refresh(module.revisions[0])
    assert module.revisions[0].state is RevisionState.DRAFT


def test_retired_modules_leave_the_catalogue_but_stay_readable_for_past_learners(
    client, author, create_module, create_user, login, app
):
    module = create_module(owner=author)
    past = app.test_client()
    login(create_user(), to=past)
    past.submit(f"/modules/{module.slug}/attempts", page="/account")
    assert client.submit(f"/author/modules/{module.id}/retire").status_code == 302
    assert "CT dose modulation" not in client.get("/modules/").get_data(as_text=True)
    page = past.get(f"/modules/{module.slug}")
    assert page.status_code == 200 and "has been retired" in page.get_data(as_text=True)
    stranger = app.test_client()
    assert stranger.get(f"/modules/{module.slug}").status_code == 404
    response = past.submit(
        f"/modules/{module.slug}/attempts", page="/account", follow_redirects=True
    )
    assert "no longer offered" in response.get_data(as_text=True)
    client.submit(f"/author/modules/{module.id}/reinstate")
    assert "CT dose modulation" in stranger.get("/modules/").get_data(as_text=True)


def test_statistics_show_attempts_difficulty_and_evaluations(
    client, author, create_module, create_user, login, app
):
    module = create_module(owner=author)
    for n, (relevance, comment) in enumerate([(5, "Very useful"), (3, "")]):
        learner = app.test_client()
        login(create_user(), to=learner)
        url = learner.submit(f"/modules/{module.slug}/attempts", page="/account").headers[
            "Location"
        ]
        if n:  # the second learner fails once first
            learner.submit(url, wrong_answers(module), page="/account")
            url = learner.submit(f"/modules/{module.slug}/attempts", page="/account").headers[
                "Location"
            ]
        learner.submit(url, correct_answers(module), page="/account")
        evaluation = f"/modules/{module.slug}/evaluation"
        learner.submit(
            evaluation,
            {
                "relevance": str(relevance),
                "quality": "4",
                "free_of_bias": "yes",
                "comment": comment,
            },
            page=evaluation,
        )
    page = client.get(f"/author/modules/{module.id}/statistics").get_data(as_text=True)
    assert "<dt>Submitted attempts</dt><dd>3</dd>" in page
    assert "<dt>Pass rate</dt><dd>67%</dd>" in page
    assert "<dt>Relevance (1–5)</dt><dd>4.0</dd>" in page
    assert "Very useful" in page
    assert page.count("<td>3</td>") == 4  # every question answered three times
    assert page.count("<td>67%</td>") == 4  # and missed once


def test_admins_add_working_groups(client, create_user, login):
    login(create_user(role=Role.ADMIN))
    url = "/admin/working-groups/"
    assert client.submit(url, {"name": "Dose Management"}, page=url).status_code == 302
    response = client.submit(url, {"name": "Dose Management"}, page=url)
    assert "already exists" in response.get_data(as_text=True)
    assert "Dose Management" in client.get(url).get_data(as_text=True)
