"""Builders for Tips & Tricks tests."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from courses import operations
from courses.models import Attempt, Audience, Module, QuestionKind, WorkingGroup
from courses.operations import OptionInput
from elearning.accounts.models import Role
from elearning.extensions import db

# Each question: (kind, text, [(option, correct), ...]).
DEFAULT_QUESTIONS = [
    (
        QuestionKind.SINGLE,
        "Which quantity describes CT scanner output?",
        [("CTDIvol", True), ("Effective dose", False), ("Kerma-area product", False)],
    ),
    (
        QuestionKind.MULTIPLE,
        "Which settings lower patient dose?",
        [("Lower mAs", True), ("Tighter collimation", True), ("Longer scan range", False)],
    ),
    (
        QuestionKind.TRUE_FALSE,
        "DLP equals CTDIvol times scan length.",
        [("True", True), ("False", False)],
    ),
    (
        QuestionKind.SINGLE,
        "Which organisation publishes radiation protection recommendations?",
        [("ICRP", True), ("FIFA", False), ("UEFA", False)],
    ),
]


def group(name: str = "CT") -> WorkingGroup:
    existing = db.session.scalar(select(WorkingGroup).where(WorkingGroup.name == name))
    return existing or operations.create_working_group(name)


@pytest.fixture
def create_module(create_user):
    """Build a module; published by an admin unless ``publish=False``."""
    people = {}

    def build(
        title: str = "CT dose modulation",
        *,
        working_group: str = "CT",
        audience: Audience = Audience.PROFESSIONALS,
        credits: str = "0.5",
        questions=DEFAULT_QUESTIONS,
        publish: bool = True,
        owner=None,
        **content,
    ) -> Module:
        if owner is None:
            owner = people.get("author") or create_user(
                email="author@example.org", role=Role.AUTHOR, full_name="Anna Author"
            )
            people["author"] = owner
        module = operations.create_module(
            owner,
            group(working_group),
            title=title,
            audience=audience,
            credits=Decimal(credits),
            summary=content.pop("summary", f"About {title}."),
            body=content.pop("body", f"## {title}\n\nKeep doses as low as reasonably achievable."),
            learning_objectives=content.pop("learning_objectives", "Explain the idea"),
            **content,
        )
        revision = module.revisions[0]
        for kind, text, options in questions:
            operations.add_question(
                revision,
                kind=kind,
                text=text,
                explanation=f"Because: {text}",
                options=[OptionInput(o, c) for o, c in options],
            )
        if publish:
            admin = people.get("admin") or create_user(
                email="admin@example.org", role=Role.ADMIN, full_name="Ada Admin"
            )
            people["admin"] = admin
            operations.submit_for_review(revision, owner)
            operations.publish(revision, admin)
        db.session.commit()
        return module

    return build


def _positions(module: Module) -> dict[int, list[int]]:
    """Option ids in the order the latest attempt at the module shows them."""
    attempt = db.session.scalar(
        select(Attempt)
        .where(Attempt.revision_id == module.published_revision_id)
        .order_by(Attempt.id.desc())
        .limit(1)
    )
    return {item["question"]: item["options"] for item in attempt.layout}


def _answers(module: Module, chosen) -> dict[str, list[str]]:
    # Pages send an option's position in the attempt's shuffled order, not its id.
    order = _positions(module)
    return {
        f"q{q.id}": [str(order[q.id].index(o.id)) for o in chosen(q)]
        for q in module.published_revision.questions
    }


def correct_answers(module: Module) -> dict[str, list[str]]:
    """Form data answering every question of the latest attempt correctly."""
    return _answers(module, lambda q: [o for o in q.options if o.is_correct])


def wrong_answers(module: Module) -> dict[str, list[str]]:
    """Form data answering every question of the latest attempt wrongly."""
    return _answers(module, lambda q: [next(o for o in q.options if not o.is_correct)])
