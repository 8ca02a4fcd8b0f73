"""Regressions found in review of Tips & Tricks: each failed before its fix."""

from sqlalchemy import select

from courses.models import Attempt
from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from elearning.ledger.operations import revoke_entry
from tests.courses.conftest import correct_answers, wrong_answers


def start(client, module) -> str:
    return client.submit(f"/modules/{module.slug}/attempts", page="/account").headers["Location"]


def test_answers_stay_hidden_while_the_last_attempt_is_open(
    client, create_module, create_user, login
):
    module = create_module(max_attempts=2)
    login(create_user())
    first = start(client, module)
    client.submit(first, wrong_answers(module), page="/account")
    start(client, module)  # the second and last attempt is now open
    page = client.get(first).get_data(as_text=True)
    assert "tag-correct" not in page and "Because:" not in page


def test_other_authors_cannot_preview_a_draft(app, client, create_module, create_user, login):
    module = create_module("Secret draft", publish=False)
    login(create_user(role=Role.AUTHOR))
    assert client.get(f"/author/modules/{module.id}/preview").status_code == 403
    assert client.get(f"/author/modules/{module.id}").status_code == 403


def test_module_links_by_id_do_not_reveal_drafts(client, create_module):
    draft = create_module("Secret draft", publish=False)
    assert client.get(f"/modules/id/{draft.id}").status_code == 404
    published = create_module("Open module")
    assert client.get(f"/modules/id/{published.id}").status_code == 302


def test_crafted_numbers_are_refused_cleanly(client, create_user, login):
    assert client.get("/modules/?credits=sNaN&group=99999999999999999999").status_code == 200
    assert client.get("/webinars/?page=99999999999999999999").status_code == 200
    login(create_user())
    response = client.submit(
        "/dashboard/goal", {"goal": "NaN"}, page="/dashboard", follow_redirects=True
    )
    assert "from 1 to 500" in response.get_data(as_text=True)


def test_revoked_credits_are_not_shown_as_earned(client, create_module, create_user, login):
    module = create_module()
    learner = create_user()
    login(learner)
    url = start(client, module)
    client.submit(url, correct_answers(module), page="/account")
    evaluation = f"/modules/{module.slug}/evaluation"
    client.submit(
        evaluation, {"relevance": "4", "quality": "4", "free_of_bias": "yes"}, page=evaluation
    )
    revoke_entry(db.session.scalar(select(CreditEntry)), create_user(role=Role.ADMIN), "error")
    db.session.commit()
    page = client.get(f"/modules/{module.slug}").get_data(as_text=True)
    assert "were revoked" in page and "ECMEC earned" not in page
    assert db.session.scalar(select(Attempt)).passed
