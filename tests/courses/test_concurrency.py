"""Races: two submissions of one attempt, two evaluations, two starts, at the same moment.

These run on SQLite and, with TEST_DATABASE_URL, on PostgreSQL, each request in its own thread,
connection and transaction.
"""

from sqlalchemy import func, select

from courses.models import Answer, Attempt
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from tests.conftest import race
from tests.courses.conftest import correct_answers, wrong_answers


def signed_in_clients(app, user, login, count):
    clients = []
    for _ in range(count):
        client = app.test_client()
        login(user, to=client)
        clients.append(client)
    return clients


def test_concurrent_submissions_score_the_attempt_once(app, create_module, create_user, login):
    module = create_module()
    user = create_user()
    first, second = signed_in_clients(app, user, login, 2)
    url = first.submit(f"/modules/{module.slug}/attempts", page="/account").headers["Location"]
    tokens = [c.csrf_token("/account") for c in (first, second)]
    right, wrong = correct_answers(module), wrong_answers(module)
    results = race(
        lambda: first.post(url, data={"csrf_token": tokens[0], **right}),
        lambda: second.post(url, data={"csrf_token": tokens[1], **wrong}),
    )
    assert [r.status_code for r in results] == [302, 302]
    attempt = db.session.scalar(select(Attempt))
    db.session.refresh(attempt)
    assert attempt.submitted_at is not None and attempt.score in (0, 100)
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 4
    messages = [c.get(url).get_data(as_text=True) for c in (first, second)]
    assert sum("already been submitted" in m for m in messages) == 1


def test_concurrent_evaluations_award_credit_once(app, create_module, create_user, login):
    module = create_module()
    user = create_user()
    clients = signed_in_clients(app, user, login, 3)
    url = clients[0].submit(f"/modules/{module.slug}/attempts", page="/account").headers["Location"]
    clients[0].submit(url, correct_answers(module), page="/account")
    evaluation = f"/modules/{module.slug}/evaluation"
    tokens = [c.csrf_token("/account") for c in clients]
    data = {"relevance": "4", "quality": "4", "free_of_bias": "yes"}
    results = race(
        *[
            lambda c=c, t=t: c.post(evaluation, data={"csrf_token": t, **data})
            for c, t in zip(clients, tokens, strict=True)
        ]
    )
    assert all(r.status_code == 302 for r in results), [r.status_code for r in results]
    assert db.session.scalar(select(func.count()).select_from(CreditEntry)) == 1


def test_concurrent_starts_make_one_attempt(app, create_module, create_user, login):
    module = create_module()
    user = create_user()
    clients = signed_in_clients(app, user, login, 3)
    tokens = [c.csrf_token("/account") for c in clients]
    start = f"/modules/{module.slug}/attempts"
    results = race(
        *[
            lambda c=c, t=t: c.post(start, data={"csrf_token": t})
            for c, t in zip(clients, tokens, strict=True)
        ]
    )
    locations = {r.headers["Location"] for r in results}
    assert len(locations) == 1, locations
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1
