"""Seed a benchmark database at a chosen scale with data made by the project's own code.

Scale 1 is 10,000 learners, 2,000 published modules (5 questions each), 1,000 webinar sessions,
200,000 quiz attempts with their answers and 100,000 credit entries. Staff accounts, working
groups, the benchmark's named learners and their calendar token go through the app's operations;
the bulk rows are written straight into the app's tables (COPY on PostgreSQL), with attempt
layouts shuffled by ``courses.grading.build_layout``, scores from ``courses.grading.grade``, and
ledger entries worded as the courses and webinars packages word them.

Named accounts (password ``BENCH_PASSWORD``):
- ``dashboard@bench.example``: 500 completed modules (100 a year over five years) and
  registrations for 50 webinar sessions, with a personal calendar feed;
- ``quiz-N@bench.example``: learners who start and submit attempts during the run, on the first
  50 modules (unlimited attempts, no waiting time);
- ``admin@bench.example``: exports the ledger.
"""

import math
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from sqlalchemy import select
from werkzeug.security import generate_password_hash

from courses.grading import QuestionKey, build_layout, grade
from courses.models import (
    Answer,
    Attempt,
    Audience,
    Evaluation,
    Module,
    Option,
    Question,
    QuestionKind,
    Revision,
    RevisionState,
    WorkingGroup,
    search_text,
)
from courses.operations import ACTIVITY_KIND as MODULE_KIND
from courses.operations import create_working_group
from elearning.accounts.models import Profession, Role, User
from elearning.accounts.operations import register_user
from elearning.extensions import db
from elearning.ledger.models import CreditEntry
from elearning.text import slugify
from elearning.types import utcnow
from webinars.models import (
    Attendance,
    CalendarToken,
    RecordingAccess,
    Registration,
    RegistrationStatus,
    Series,
    SessionStatus,
    Speaker,
    WebinarSession,
)
from webinars.operations import ACTIVITY_KIND as WEBINAR_KIND
from webinars.operations import calendar_token

from .bulk import BulkWriter

BENCH_PASSWORD = "bench-password-2026"  # noqa: S105 - a throwaway benchmark database
DASHBOARD_EMAIL = "dashboard@bench.example"
ADMIN_EMAIL = "admin@bench.example"
QUIZ_LEARNERS = 50
QUIZ_MODULES = 50
DASHBOARD_COMPLETIONS = 500
FEED_REGISTRATIONS = 50
FEED_WINDOW_SESSIONS = 1000  # sessions within the public feed's window, at every scale
SEARCH_TERM = "paediatric"

EXTRA_GROUPS = ["Cardiac Imaging", "Nuclear Medicine", "Mammography", "Dental Imaging"]
TOPICS = [
    "head CT",
    "paediatric CT",
    "chest radiography",
    "paediatric fluoroscopy",
    "mammography",
    "cardiac CT",
    "interventional cardiology",
    "neuro-interventions",
    "dental cone-beam CT",
    "hybrid PET/CT",
    "trauma imaging",
    "CT colonography",
]
ASPECTS = [
    "Dose optimisation",
    "Justification",
    "Diagnostic reference levels",
    "Protocol review",
    "Staff protection",
    "Talking to patients about",
    "Pregnancy checks before",
    "Image quality and dose",
    "Automatic exposure control in",
    "Positioning for",
    "Shielding myths in",
    "Audit of",
]
FIRST = ["Anna", "Łukasz", "Zoë", "Αθηνά", "Дмитрий", "Siobhán", "João", "Sören", "Inês", "Miloš"]
LAST = ["Nowak", "Müller", "García", "Rossi", "Ivanova", "O'Brien", "Dubois", "Horváth", "Novák"]
COUNTRIES = ["DE", "FR", "IT", "ES", "PL", "NL", "BE", "AT", "SE", "IE", "PT", "GR", "CZ", "HU"]
ZONES = ["Europe/Brussels", "Europe/London", "Europe/Lisbon", "Europe/Athens", "Europe/Helsinki"]
PROFESSIONS = list(Profession)


@dataclass(frozen=True)
class Plan:
    """How many rows of each kind a scale asks for."""

    scale: float
    learners: int
    modules: int
    sessions: int
    attempts: int
    entries: int

    @classmethod
    def at(cls, scale: float) -> "Plan":
        def n(base: int, least: int) -> int:
            return max(least, round(base * scale))

        return cls(
            scale=scale,
            learners=n(10_000, QUIZ_LEARNERS + 10),
            modules=n(2_000, 4),
            sessions=n(1_000, 4),
            attempts=n(200_000, 100),
            entries=n(100_000, 50),
        )


@dataclass
class Seeded:
    """What the benchmark needs to find again, and how many rows were written."""

    counts: dict[str, int] = field(default_factory=dict)
    calendar_token: str = ""
    dashboard_user_id: int = 0
    transcript_year: int = 0
    certificate_entry_ids: list[int] = field(default_factory=list)
    quiz_slugs: list[str] = field(default_factory=list)
    module_slugs: list[str] = field(default_factory=list)
    search_group_id: int = 0
    touch_session_id: int = 0

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def _coprime_stride(n: int, start: int) -> int:
    stride = start
    while math.gcd(stride, n) != 1:
        stride += 1
    return stride


class Seeder:
    def __init__(self, plan: Plan, *, rng_seed: int = 2026) -> None:
        self.plan = plan
        self.rng = random.Random(rng_seed)
        self.now = utcnow().replace(microsecond=0)
        self.result = Seeded()
        self.keys: dict[int, list[QuestionKey]] = {}  # module id -> quiz key
        self.ids = {name: 0 for name in ("attempt", "answer", "evaluation", "entry")}

    # Entry point ------------------------------------------------------------------------

    def run(self) -> Seeded:
        staff = self._staff()
        groups = self._groups()
        db.session.commit()
        writer = BulkWriter(db.session.connection())
        self.writer = writer
        self.first_learner = self._learners(staff)
        self._modules(groups, staff)
        self._module_activity()
        self._webinars(staff)
        writer.reset_sequences(
            t.__table__
            for t in (
                User,
                Module,
                Revision,
                Question,
                Option,
                Attempt,
                Answer,
                Evaluation,
                CreditEntry,
                Series,
                WebinarSession,
                Speaker,
                Registration,
                Attendance,
            )
        )
        db.session.commit()
        dashboard_user = db.session.get(User, self.result.dashboard_user_id)
        self.result.calendar_token = calendar_token(dashboard_user)  # the app's own operation
        db.session.commit()
        self.result.counts["calendar_tokens"] = db.session.query(CalendarToken).count()
        return self.result

    # Accounts ---------------------------------------------------------------------------

    def _staff(self) -> dict[str, list[User]]:
        def make(email, name, role, profession=Profession.RADIOLOGIST):
            return register_user(
                email=email,
                full_name=name,
                password=BENCH_PASSWORD,
                profession=profession,
                country="BE",
                role=role,
            )

        staff = {
            "admin": [make(ADMIN_EMAIL, "Bench Admin", Role.ADMIN, Profession.MEDICAL_PHYSICIST)],
            "authors": [
                make(f"author-{i}@bench.example", f"Author {FIRST[i % 10]}", Role.AUTHOR)
                for i in range(10)
            ],
            "organisers": [
                make(f"organiser-{i}@bench.example", "Organiser Ana", Role.ORGANISER)
                for i in range(3)
            ],
        }
        dashboard = make(DASHBOARD_EMAIL, "Inês Dashboard-Sousa", Role.LEARNER)
        db.session.flush()
        self.result.dashboard_user_id = dashboard.id
        self.result.counts["staff"] = 15
        return staff

    def _learners(self, staff) -> int:
        """Bulk learners, sharing one password hash made the app's way."""
        first_id = db.session.scalar(select(db.func.max(User.id))) + 1
        password_hash = generate_password_hash(BENCH_PASSWORD, method="scrypt")

        def rows():
            for i in range(self.plan.learners):
                email = (
                    f"quiz-{i}@bench.example" if i < QUIZ_LEARNERS else f"learner-{i}@bench.example"
                )
                yield (
                    first_id + i,
                    email,
                    f"{FIRST[i % 10]} {LAST[(i // 10) % 9]}",
                    password_hash,
                    PROFESSIONS[i % len(PROFESSIONS)],
                    COUNTRIES[i % len(COUNTRIES)],
                    Decimal(50),
                    ZONES[i % 5] if i % 3 == 0 else None,
                    Role.LEARNER,
                    False,
                    uuid.uuid4().hex + uuid.uuid4().hex[:11],
                    self.now - timedelta(days=i % 1800),
                )

        columns = [
            "id",
            "email",
            "full_name",
            "password_hash",
            "profession",
            "country",
            "credit_goal",
            "timezone",
            "role",
            "is_disabled",
            "session_token",
            "created_at",
        ]
        self.result.counts["learners"] = self.writer.write(User.__table__, columns, rows())
        return first_id

    # Modules ----------------------------------------------------------------------------

    def _groups(self) -> list[WorkingGroup]:
        for name in EXTRA_GROUPS:
            create_working_group(name)  # the app's own operation
        groups = list(db.session.scalars(select(WorkingGroup).order_by(WorkingGroup.id)))
        paediatric = next((g for g in groups if "aediatric" in g.name), groups[0])
        self.result.search_group_id = paediatric.id
        return groups

    def _module_text(self, module_id: int) -> tuple[str, str, str, str]:
        topic = TOPICS[module_id % len(TOPICS)]
        aspect = ASPECTS[(module_id // len(TOPICS)) % len(ASPECTS)]
        title = (
            f"{aspect} {topic}"
            if aspect.endswith(("about", "before", "in", "for"))
            else (f"{aspect} in {topic}")
        )
        title = f"{title} ({module_id})"
        summary = (
            f"Short, practical advice on {aspect.lower()} {topic}, for the whole imaging team. "
            "Five minutes to read, a quiz to check what stuck."
        )
        objectives = (
            f"Explain why {aspect.lower()} matters in {topic}\n"
            "Apply the ALARA principle to a daily protocol\n"
            "Recognise when to ask a medical physicist"
        )
        body = "\n\n".join(
            [
                f"## Why it matters\n\nIn {topic}, {aspect.lower()} is where most of the avoidable "
                "dose hides. Audits across Europe keep finding the same few habits.",
                "## Tips\n\n"
                + "\n".join(
                    f"- Tip {n}: check the **protocol** before the "
                    "scan, not after; compare with the local DRL."
                    for n in range(1, 7)
                ),
                "## Tricks\n\n1. Centre the patient.\n2. Collimate tightly.\n3. Review the "
                "dose report with the team every month.\n\n> Justify, optimise, limit.",
            ]
        )
        return title, summary, objectives, body

    def _modules(self, groups: list[WorkingGroup], staff) -> None:
        plan, now = self.plan, self.now
        authors, admin = staff["authors"], staff["admin"][0]
        module_rows, revision_rows, question_rows, option_rows = [], [], [], []
        question_id = option_id = 0
        credits = [Decimal("0.5"), Decimal("1"), Decimal("1.5"), Decimal("2")]
        for module_id in range(1, plan.modules + 1):
            title, summary, objectives, body = self._module_text(module_id)
            group = groups[module_id % len(groups)]
            if SEARCH_TERM in title and module_id % 2:
                group = next(g for g in groups if g.id == self.result.search_group_id)
            author = authors[module_id % len(authors)]
            published = now - timedelta(days=(module_id * 37) % 2000, hours=module_id % 24)
            slug = f"{slugify(title, fallback='module')[:64]}-{module_id}"
            quiz = module_id <= QUIZ_MODULES
            module_rows.append((module_id, slug, group.id, author.id, published, None))
            revision_rows.append(
                (
                    module_id,
                    module_id,
                    1,
                    RevisionState.PUBLISHED,
                    title,
                    1,
                    Audience.PATIENTS if module_id % 5 == 0 else Audience.PROFESSIONALS,
                    summary,
                    body,
                    objectives,
                    10 + module_id % 20,
                    credits[module_id % 4],
                    author.full_name,
                    "ICRP Publication 135\nEU Directive 2013/59/Euratom",
                    75,
                    0 if quiz else 3,
                    False,
                    0,
                    author.id,
                    published,
                    published,
                    published,
                    author.id,
                    published,
                    admin.id,
                    published.date(),
                    search_text(title, summary, objectives),  # as the model keeps it
                )
            )
            if quiz:
                self.result.quiz_slugs.append(slug)
            if len(self.result.module_slugs) < 100 and module_id % max(1, plan.modules // 100) == 0:
                self.result.module_slugs.append(slug)
            keys = []
            for position, kind in enumerate(
                [QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.TRUE_FALSE]
                + [QuestionKind.SINGLE] * 2
            ):
                question_id += 1
                question_rows.append(
                    (
                        question_id,
                        module_id,
                        position,
                        kind,
                        f"Question {position + 1} on {title}: which statement is right?",
                        "The explanation cites the guideline and the local DRL.",
                        "",
                        "",
                    )
                )
                texts = (
                    ["True", "False"]
                    if kind is QuestionKind.TRUE_FALSE
                    else [
                        "Lower the tube current",
                        "Raise the tube current",
                        "Widen the collimation",
                        "Repeat the scan",
                    ]
                )
                correct = {0, 2} if kind is QuestionKind.MULTIPLE else {0}
                ids = []
                for n, label in enumerate(texts):
                    option_id += 1
                    ids.append(option_id)
                    option_rows.append((option_id, question_id, n, label, n in correct))
                keys.append(
                    QuestionKey(
                        id=question_id,
                        single=kind is not QuestionKind.MULTIPLE,
                        option_ids=tuple(ids),
                        correct_ids=frozenset(ids[n] for n in correct),
                        shuffle_options=kind is not QuestionKind.TRUE_FALSE,
                    )
                )
            self.keys[module_id] = keys
        w = self.writer
        w.write(
            Module.__table__,
            ["id", "slug", "working_group_id", "owner_id", "created_at", "published_revision_id"],
            module_rows,
        )
        columns = [
            "id",
            "module_id",
            "number",
            "state",
            "title",
            "edition",
            "audience",
            "summary",
            "body",
            "learning_objectives",
            "estimated_minutes",
            "credits",
            "authors",
            "references",
            "pass_mark",
            "max_attempts",
            "reveal_answers_on_fail",
            "retake_wait_minutes",
            "created_by_id",
            "created_at",
            "updated_at",
            "submitted_at",
            "submitted_by_id",
            "published_at",
            "published_by_id",
            "publication_date",
            "search_text",
        ]
        w.write(Revision.__table__, columns, revision_rows)
        modules = Module.__table__
        w.connection.execute(modules.update().values(published_revision_id=modules.c.id))
        w.write(
            Question.__table__,
            ["id", "revision_id", "position", "kind", "text", "explanation", "name", "category"],
            question_rows,
        )
        w.write(
            Option.__table__, ["id", "question_id", "position", "text", "is_correct"], option_rows
        )
        self.result.counts.update(
            modules=len(module_rows), questions=len(question_rows), options=len(option_rows)
        )
        self.revisions = {row[0]: row for row in revision_rows}
        self.group_names = {g.id: g.name for g in groups}
        self.module_groups = {row[0]: row[2] for row in module_rows}

    # Attempts, evaluations and module completions ----------------------------------------

    def _selections(self, keys: list[QuestionKey], passing: bool) -> dict[int, list[int]]:
        selections = {key.id: sorted(key.correct_ids) for key in keys}
        if not passing:  # two questions wrong: 60 % against a pass mark of 75
            for key in keys[:2]:
                wrong = next(o for o in key.option_ids if o not in key.correct_ids)
                selections[key.id] = [wrong]
        return selections

    def _attempt(self, user_id, module_id, number, started, *, passing, submitted=True):
        """One attempt with its answers, scored by the app's grading; returns its grade."""
        keys = self.keys[module_id]
        self.ids["attempt"] += 1
        attempt_id = self.ids["attempt"]
        layout = build_layout(keys, self.rng)
        result = None
        if submitted:
            selections = self._selections(keys, passing)
            result = grade(keys, selections, pass_mark=75)
            for key in keys:
                self.ids["answer"] += 1
                self.answer_rows.append(
                    (
                        self.ids["answer"],
                        attempt_id,
                        key.id,
                        selections[key.id],
                        result.correct[key.id],
                    )
                )
        finished = started + timedelta(minutes=6) if submitted else None
        self.attempt_rows.append(
            (
                attempt_id,
                user_id,
                module_id,
                number,
                layout,
                started,
                finished,
                result.score if result else None,
                result.passed if result else None,
            )
        )
        return result, finished

    def _complete(self, user_id, module_id, number, score, at) -> int:
        revision = self.revisions[module_id]
        self.ids["evaluation"] += 1
        self.evaluation_rows.append(
            (
                self.ids["evaluation"],
                user_id,
                module_id,
                4 + module_id % 2,
                4,
                True,
                "Useful for our protocol review." if user_id % 7 == 0 else "",
                at,
            )
        )
        return self._entry(
            user_id,
            MODULE_KIND,
            module_id,
            module_id,
            revision[4],
            self.group_names[self.module_groups[module_id]],
            revision[11],
            f"Quiz passed with {score}% (attempt {number}, revision 1, edition 1)",
            at,
        )

    def _entry(self, user_id, kind, activity_id, revision, title, group, credits, evidence, at):
        self.ids["entry"] += 1
        self.entry_rows.append(
            (
                self.ids["entry"],
                user_id,
                kind,
                activity_id,
                revision,
                title[:200],
                group[:120],
                credits,
                evidence[:200],
                at,
                None,
                None,
                "",
            )
        )
        return self.ids["entry"]

    def _module_activity(self) -> None:
        plan, now = self.plan, self.now
        self.attempt_rows, self.answer_rows, self.evaluation_rows, self.entry_rows = [], [], [], []
        # The dashboard learner: completions spread evenly over five years (100 a year).
        user_id = self.result.dashboard_user_id
        self.result.transcript_year = now.year - 1
        completions = min(DASHBOARD_COMPLETIONS, plan.modules)
        for i in range(completions):
            year = now.year - i * 5 // completions
            when = datetime(year, 1, 1, 9, tzinfo=UTC) + timedelta(days=(i % 100) * 3 + 1)
            when = min(when, now - timedelta(hours=1 + i))
            grade_, finished = self._attempt(user_id, i + 1, 1, when, passing=True)
            entry_id = self._complete(user_id, i + 1, 1, grade_.score, finished)
            if len(self.result.certificate_entry_ids) < 20:
                self.result.certificate_entry_ids.append(entry_id)
        # Everyone else: ~2 attempts per (learner, module); 80 % complete, some left open.
        learners = plan.learners - QUIZ_LEARNERS
        first = self.first_learner + QUIZ_LEARNERS
        stride = _coprime_stride(plan.modules, 977)
        pattern = [1, 1, 1, 2, 2, 2, 2, 3, 3, 3]
        for pair in range(plan.attempts // 2):
            learner, k = pair % learners, pair // learners
            if k >= plan.modules:
                break
            module_id = (learner * 131 + k * stride) % plan.modules + 1
            user_id = first + learner
            completes, tries = pair % 5 != 4, pattern[pair % 10]
            start = now - timedelta(days=(pair * 7919) % 1825, minutes=pair % 600 + 60)
            for number in range(1, tries + 1):
                last = number == tries
                open_attempt = last and not completes and pair % 4 == 0
                grade_, finished = self._attempt(
                    user_id,
                    module_id,
                    number,
                    start + timedelta(hours=number),
                    passing=last and completes,
                    submitted=not open_attempt,
                )
            if completes:
                self._complete(user_id, module_id, tries, grade_.score, finished)
            if len(self.attempt_rows) >= 50_000:
                self._flush_attempts()
        self._flush_attempts()
        self.module_entries = self.ids["entry"]

    def _flush_attempts(self) -> None:
        w = self.writer
        w.write(
            Attempt.__table__,
            [
                "id",
                "user_id",
                "revision_id",
                "number",
                "layout",
                "started_at",
                "submitted_at",
                "score",
                "passed",
            ],
            self.attempt_rows,
        )
        w.write(
            Answer.__table__,
            ["id", "attempt_id", "question_id", "selected", "is_correct"],
            self.answer_rows,
        )
        w.write(
            Evaluation.__table__,
            [
                "id",
                "user_id",
                "revision_id",
                "relevance",
                "quality",
                "free_of_bias",
                "comment",
                "created_at",
            ],
            self.evaluation_rows,
        )
        self._flush_entries()
        for name, rows in (
            ("attempts", self.attempt_rows),
            ("answers", self.answer_rows),
            ("evaluations", self.evaluation_rows),
        ):
            self.result.counts[name] = self.result.counts.get(name, 0) + len(rows)
        self.attempt_rows, self.answer_rows, self.evaluation_rows = [], [], []

    def _flush_entries(self) -> None:
        self.writer.write(
            CreditEntry.__table__,
            [
                "id",
                "user_id",
                "activity_kind",
                "activity_id",
                "activity_revision",
                "title",
                "group_name",
                "credits",
                "evidence",
                "awarded_at",
                "revoked_at",
                "revoked_by_id",
                "revocation_reason",
            ],
            self.entry_rows,
        )
        self.result.counts["credit_entries"] = self.result.counts.get("credit_entries", 0) + len(
            self.entry_rows
        )
        self.entry_rows = []

    # Webinars ---------------------------------------------------------------------------

    def _webinars(self, staff) -> None:
        plan, now, w = self.plan, self.now, self.writer
        organiser = staff["organisers"][0]
        series_count = max(1, plan.sessions // 20)
        w.write(
            Series.__table__,
            [
                "id",
                "slug",
                "title",
                "description",
                "organising_group",
                "created_by_id",
                "created_at",
            ],
            [
                (
                    i,
                    f"series-{i}",
                    f"EuroSafe webinar series {i}: {TOPICS[i % 12]}",
                    "Monthly webinars of the Training Activities group.",
                    "Training Activities",
                    organiser.id,
                    now - timedelta(days=3000),
                )
                for i in range(1, series_count + 1)
            ],
        )
        window = min(FEED_WINDOW_SESSIONS, plan.sessions)
        upcoming = max(1, window * 3 // 10)
        session_rows, speaker_rows, past, future = [], [], [], []
        day = datetime(now.year, now.month, now.day, tzinfo=UTC)
        for sid in range(1, plan.sessions + 1):
            if sid <= upcoming:  # the next 120 days
                starts = day + timedelta(days=1 + (sid * 120) // upcoming, hours=8 + sid % 9)
            elif sid <= window:  # the feed's last 90 days
                starts = day - timedelta(
                    days=1 + ((sid - upcoming) * 85) // (window - upcoming + 1),
                    hours=-(8 + sid % 9),
                )
            else:  # the archive: up to ten years back
                starts = day - timedelta(days=91 + (sid * 3301) % 3560, hours=-(8 + sid % 9))
            cancelled = sid % 50 == 0
            status = (
                SessionStatus.CANCELLED
                if cancelled
                else SessionStatus.SCHEDULED
                if starts > now
                else SessionStatus.COMPLETED
            )
            duration = 60 if sid % 3 else 90
            series_id = sid % series_count + 1
            title = f"{ASPECTS[sid % 12]} {TOPICS[sid % 12]}: case discussion {sid}"
            session_rows.append(
                (
                    sid,
                    series_id,
                    str(uuid.uuid5(uuid.NAMESPACE_URL, f"bench-session-{sid}")),
                    title,
                    f"A live discussion of {TOPICS[sid % 12]} cases with dose data, "
                    "followed by questions from the audience. " * 3,
                    starts,
                    ZONES[sid % 5],
                    duration,
                    f"https://meet.example.org/bench-{sid}",
                    None if sid % 4 else 300,
                    Decimal(1),
                    80,
                    status,
                    1 if cancelled else 0,
                    0,
                    f"https://video.example.org/bench-{sid}"
                    if status is SessionStatus.COMPLETED
                    else "",
                    RecordingAccess.LEARNERS,
                    "",
                    # Scheduled two months ahead, last edited a month ahead; never in the future.
                    min(starts - timedelta(days=60), now - timedelta(days=2)),
                    min(starts - timedelta(days=30), now - timedelta(days=1)),
                )
            )
            speaker_rows.append((sid * 2 - 1, sid, 0, f"Dr {LAST[sid % 9]}", "University Hospital"))
            if sid % 2:
                speaker_rows.append(
                    (
                        sid * 2,
                        sid,
                        1,
                        f"{FIRST[sid % 10]} {LAST[(sid + 3) % 9]}",
                        "Medical Physics Expert",
                    )
                )
            if status is SessionStatus.COMPLETED:
                past.append((sid, starts, duration, title, series_id))
            elif status is SessionStatus.SCHEDULED:
                future.append(sid)
        self.result.touch_session_id = future[0] if future else 1
        columns = [
            "id",
            "series_id",
            "uid",
            "title",
            "abstract",
            "starts_at",
            "timezone",
            "duration_minutes",
            "join_url",
            "capacity",
            "credits",
            "attendance_threshold",
            "status",
            "sequence",
            "registration_version",
            "recording_url",
            "recording_access",
            "slides_url",
            "created_at",
            "updated_at",
        ]
        w.write(WebinarSession.__table__, columns, session_rows)
        w.write(
            Speaker.__table__, ["id", "session_id", "position", "name", "affiliation"], speaker_rows
        )
        self._attendance(past, future, series_count)
        self.result.counts.update(series=series_count, sessions=len(session_rows))

    def _attendance(self, past, future, series_count) -> None:
        plan, now = self.plan, self.now
        registrations, attendance, places = [], [], set()

        def register(session_id, user_id, at, status=RegistrationStatus.REGISTERED):
            if (session_id, user_id) not in places:
                places.add((session_id, user_id))
                registrations.append(
                    (len(registrations) + 1, session_id, user_id, status, at, None)
                )

        # The dashboard learner's 50 places, for the personal feed.
        for session_id in (future + [p[0] for p in past])[:FEED_REGISTRATIONS]:
            register(session_id, self.result.dashboard_user_id, now - timedelta(days=100))
        for session_id in future:  # 20 places on every upcoming session
            for k in range(20):
                learner = (session_id * 37 + k * 101) % (plan.learners - QUIZ_LEARNERS)
                register(
                    session_id,
                    self.first_learner + QUIZ_LEARNERS + learner,
                    now - timedelta(days=k),
                )
        # Credit entries from attendance make up the rest of the ledger.
        wanted = max(0, plan.entries - self.module_entries)
        learners = plan.learners - QUIZ_LEARNERS
        stride = _coprime_stride(max(len(past), 1), 613)
        seen = set()
        for pair in range(wanted if past else 0):
            learner, k = pair % learners, pair // learners
            if k >= len(past):
                break
            sid, starts, duration, title, series_id = past[(learner * 17 + k * stride) % len(past)]
            user_id = self.first_learner + QUIZ_LEARNERS + learner
            if (sid, user_id) in seen:
                continue
            seen.add((sid, user_id))
            minutes = duration - pair % 10
            at = min(starts + timedelta(days=1), now)
            register(sid, user_id, starts - timedelta(days=7))
            attendance.append((len(attendance) + 1, sid, user_id, minutes, "import", at))
            self._entry(
                user_id,
                WEBINAR_KIND,
                sid,
                0,
                title,
                f"EuroSafe webinar series {series_id}: {TOPICS[series_id % 12]}",
                Decimal(1),
                f"Attended {minutes} of {duration} minutes live (import)",
                at,
            )
        w = self.writer
        w.write(
            Registration.__table__,
            ["id", "session_id", "user_id", "status", "queued_at", "reminded_at"],
            registrations,
        )
        w.write(
            Attendance.__table__,
            ["id", "session_id", "user_id", "minutes", "source", "recorded_at"],
            attendance,
        )
        self._flush_entries()
        self.result.counts.update(registrations=len(registrations), attendance=len(attendance))
