"""Taking a quiz: attempts on the server, answer secrecy, scoring, limits and integrity."""

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from courses.models import Answer, Attempt
from elearning.accounts.models import Role
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from tests.courses.conftest import correct_answers, wrong_answers


@pytest.fixture
def module(create_module):
    return create_module()


@pytest.fixture
def learner(create_user, login):
    user = create_user(email="learner@example.org", full_name="Lena Learner")
    login(user)
    return user


def start(client, module) -> str:
    response = client.submit(f"/modules/{module.slug}/attempts", page=f"/modules/{module.slug}")
    assert response.status_code == 302, response.get_data(as_text=True)
    return response.headers["Location"]


def submit(client, url, answers):
    return client.submit(url, answers, page=url)


def test_reading_is_public_but_the_quiz_needs_an_account(client, module):
    page = client.get(f"/modules/{module.slug}").get_data(as_text=True)
    assert "Keep doses as low as reasonably achievable" in page
    assert "Sign in to take the quiz" in page
    response = client.submit(f"/modules/{module.slug}/attempts", page="/login")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 0


def test_a_started_attempt_never_shows_which_options_are_correct(client, module, learner):
    html = client.get(start(client, module)).get_data(as_text=True)
    options = re.findall(r'<div class="option">(.*?)</div>', html, re.S)
    assert len(options) == sum(len(q.options) for q in module.published_revision.questions)
    shapes = {
        re.sub(r'"[oq]?\d+(?:-\d+)?"|<label[^>]*>.*?</label>', "X", o).strip() for o in options
    }
    radios = {s for s in shapes if 'type="radio"' in s}
    checkboxes = {s for s in shapes if 'type="checkbox"' in s}
    assert len(radios) == 1 and len(checkboxes) == 1, shapes  # every option looks alike
    for marker in ("is_correct", "tag-correct", "Because:", "data-", "checked"):
        assert marker not in html
    # Values are positions in this attempt's order, never option ids (which follow the order
    # the author wrote them in, correct option first more often than not).
    assert set(re.findall(r'value="(\d+)"', html)) == {"0", "1", "2"}


def test_question_and_option_order_are_shuffled_per_attempt(
    client, create_module, create_user, login
):
    module = create_module()
    layouts = set()
    for _ in range(6):
        login(create_user())
        url = start(client, module)
        attempt = db.session.get(Attempt, int(url.rsplit("/", 1)[1]))
        layouts.add(str(attempt.layout))
        client.submit("/logout", page="/account")
    assert len(layouts) > 1


def test_passing_shows_score_feedback_and_explanations(client, module, learner):
    url = start(client, module)
    assert submit(client, url, correct_answers(module)).status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "You scored 100.00%" in page and "<strong>passed</strong>" in page
    assert page.count("Because:") == 4
    assert "Send the evaluation" in page


def test_a_failed_attempt_shows_what_was_wrong_but_not_the_right_options(client, module, learner):
    url = start(client, module)
    submit(client, url, wrong_answers(module))
    page = client.get(url).get_data(as_text=True)
    assert "You scored 0.00%" in page and "not passed" in page
    assert page.count("<strong>Incorrect</strong>") == 4
    assert "tag-correct" not in page and "Because:" not in page
    assert "2 attempts left" in page


def test_the_right_options_show_once_attempts_run_out(client, module, learner):
    for _ in range(3):
        url = start(client, module)
        submit(client, url, wrong_answers(module))
    page = client.get(url).get_data(as_text=True)
    assert "tag-correct" in page and "Because:" in page
    response = client.submit(
        f"/modules/{module.slug}/attempts", page=f"/modules/{module.slug}", follow_redirects=True
    )
    assert "used all 3 attempts" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 3


def test_quiz_setting_reveals_answers_after_a_failure(client, create_module, learner):
    module = create_module(reveal_answers_on_fail=True)
    url = start(client, module)
    submit(client, url, wrong_answers(module))
    assert "tag-correct" in client.get(url).get_data(as_text=True)


def test_unlimited_attempts(client, create_module, learner):
    module = create_module(max_attempts=0)
    for _ in range(5):
        submit(client, start(client, module), wrong_answers(module))
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 5


def test_waiting_time_after_a_failed_attempt(client, create_module, learner):
    module = create_module(retake_wait_minutes=60)
    submit(client, start(client, module), wrong_answers(module))
    response = client.submit(
        f"/modules/{module.slug}/attempts", page=f"/modules/{module.slug}", follow_redirects=True
    )
    assert "You can try again from" in response.get_data(as_text=True)
    attempt = db.session.scalar(select(Attempt))
    attempt.submitted_at -= timedelta(minutes=61)
    db.session.commit()
    start(client, module)
    assert db.session.scalar(select(func.count()).select_from(Attempt)) == 2


def test_starting_twice_resumes_the_open_attempt(client, module, learner):
    assert start(client, module) == start(client, module)


def test_a_second_submission_changes_nothing_and_says_so(client, module, learner):
    url = start(client, module)
    submit(client, url, wrong_answers(module))
    response = client.submit(
        url, correct_answers(module), page=f"/modules/{module.slug}", follow_redirects=True
    )
    assert "already been submitted" in response.get_data(as_text=True)
    attempt = db.session.scalar(select(Attempt))
    db.session.refresh(attempt)
    assert attempt.score == 0 and attempt.passed is False
    assert db.session.scalar(select(func.count()).select_from(Answer)) == 4


@pytest.mark.parametrize(
    "tamper",
    ["option out of range", "other module's question", "unknown question", "not a number"],
)
def test_answers_that_do_not_belong_to_the_attempt_answer_400(
    client, create_module, module, learner, tamper
):
    other = create_module("Another module")
    url = start(client, module)
    answers = correct_answers(module)
    first = next(iter(answers))
    if tamper == "option out of range":
        answers[first] = ["7"]
    elif tamper == "other module's question":
        answers[f"q{other.published_revision.questions[0].id}"] = ["0"]
    elif tamper == "unknown question":
        answers["q999999"] = ["1"]
    else:
        answers[first] = ["abc"]
    response = submit(client, url, answers)
    assert response.status_code == 400
    attempt = db.session.scalar(select(Attempt).where(Attempt.id == int(url.rsplit("/", 1)[1])))
    db.session.refresh(attempt)
    assert attempt.submitted_at is None and attempt.score is None
    assert submit(client, url, correct_answers(module)).status_code == 302


def test_another_learners_attempt_is_404(app, client, module, learner, create_user, login):
    url = start(client, module)
    other = app.test_client()
    login(create_user(), to=other)
    assert other.get(url).status_code == 404
    assert other.submit(url, correct_answers(module), page="/account").status_code == 404
    attempt = db.session.scalar(select(Attempt))
    db.session.refresh(attempt)
    assert attempt.submitted_at is None


def test_an_attempt_is_only_reachable_through_its_own_module(
    client, create_module, module, learner
):
    other = create_module("Another module")
    url = start(client, module)
    assert client.get(url.replace(module.slug, other.slug)).status_code == 404


def test_passing_and_evaluating_awards_credit_once(client, module, learner):
    submit(client, start(client, module), correct_answers(module))
    evaluation = f"/modules/{module.slug}/evaluation"
    data = {"relevance": "5", "quality": "4", "free_of_bias": "yes", "comment": "Useful"}
    assert client.submit(evaluation, data, page=evaluation).status_code == 302
    entry = db.session.scalar(select(CreditEntry))
    assert entry.user_id == learner.id and entry.activity_kind == "module"
    assert (
        entry.activity_id == module.id and entry.activity_revision == module.published_revision_id
    )
    assert str(entry.credits) == "0.50" and entry.title == "CT dose modulation"
    assert entry.group_name == "CT" and "100.00%" in entry.evidence
    # Sending again, or taking the quiz again, awards nothing more.
    client.submit(evaluation, data, page=f"/modules/{module.slug}")
    response = client.submit(
        f"/modules/{module.slug}/attempts", page=f"/modules/{module.slug}", follow_redirects=True
    )
    assert "already completed" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CreditEntry)) == 1
    page = client.get(f"/modules/{module.slug}").get_data(as_text=True)
    assert "Completed on" in page and "0.5 ECMEC earned" in page


def test_evaluation_needs_a_passed_quiz_and_complete_answers(client, module, learner):
    evaluation = f"/modules/{module.slug}/evaluation"
    assert client.get(evaluation).status_code == 302
    submit(client, start(client, module), correct_answers(module))
    response = client.submit(evaluation, {"relevance": "9", "comment": "x"}, page=evaluation)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not a valid choice" in page and "commercial bias" in page
    assert db.session.scalar(select(func.count()).select_from(CreditEntry)) == 0


def test_the_database_forbids_a_second_credit_entry(app, module, create_user):
    from sqlalchemy.exc import IntegrityError

    user = create_user()
    values = dict(
        user_id=user.id,
        activity_kind="module",
        activity_id=module.id,
        activity_revision=1,
        title="t",
        group_name="g",
        credits=1,
        evidence="e",
    )
    db.session.add(CreditEntry(**values))
    db.session.commit()
    db.session.add(CreditEntry(**values))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()


def test_authors_and_admins_can_take_quizzes_too(client, module, create_user, login):
    login(create_user(role=Role.ORGANISER))
    assert start(client, module)


def test_unanswered_questions_are_pointed_out_before_anything_is_saved(client, module, learner):
    url = start(client, module)
    answers = correct_answers(module)
    first = next(iter(answers))
    partial = {k: v for k, v in answers.items() if k != first}
    response = submit(client, url, partial)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "You have not answered question" in page
    assert page.count(" checked") == sum(len(v) for v in partial.values())  # answers kept
    attempt = db.session.scalar(select(Attempt))
    db.session.refresh(attempt)
    assert attempt.submitted_at is None
    confirmed = submit(client, url, {**partial, "confirm_incomplete": "y"})
    assert confirmed.status_code == 302
    db.session.refresh(attempt)
    assert attempt.score == 75 and attempt.passed
