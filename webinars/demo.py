"""Demo content for webinars: one series across several time zones, past and upcoming."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from elearning.accounts.models import User
from elearning.types import utcnow

from .attendance import record_attendance
from .models import RecordingAccess
from .operations import (
    SessionInput,
    cancel_session,
    complete_session,
    create_series,
    register,
    schedule_session,
    set_recording,
)

# (days from today, local time, zone, title, speakers, abstract, minutes, state)
SESSIONS = [
    (
        -60,
        "14:00",
        "Europe/Brussels",
        "Justification in practice: the referrer's role",
        [("Dr Ana Sousa", "Centro Hospitalar de Lisboa"), ("Prof. Jan De Smet", "UZ Leuven")],
        "How referral guidelines and clinical decision support reduce unjustified imaging, with "
        "audit results from two hospitals.",
        60,
        "recorded",
    ),
    (
        -30,
        "17:30",
        "Europe/Lisbon",
        "CT dose optimisation without losing image quality",
        [("Dr Inês Carvalho", "Hospital de Santa Maria")],
        "A practical walk through protocol review: tube current modulation, kV selection and "
        "reconstruction, judged by task-based image quality.",
        75,
        "recorded",
    ),
    (
        -10,
        "10:00",
        "Europe/Athens",
        "Occupational dose in the cath lab",
        [
            ("Dr Eleni Georgiou", "Evangelismos Hospital"),
            ("M. Nikolaidis", "Greek Atomic Energy Commission"),
        ],
        "Where scatter comes from, what the 20 mSv eye-lens limit means day to day, and how to "
        "use ceiling shields and lead glasses well.",
        60,
        "recorded",
    ),
    (
        7,
        "13:00",
        "Europe/Brussels",
        "Paediatric CT: size-adapted protocols",
        [("Dr Marta Kowalska", "Children's Memorial Health Institute, Warsaw")],
        "Setting up weight- and diameter-based protocols, and checking them against paediatric "
        "diagnostic reference levels.",
        60,
        "upcoming",
    ),
    (
        21,
        "16:00",
        "Europe/Helsinki",
        "Clinical DRLs: from survey to action",
        [("Dr Mikko Laine", "HUS Medical Imaging Center")],
        "Running a dose survey, setting local and clinical DRLs, and acting when they are "
        "exceeded.",
        90,
        "upcoming",
    ),
    (
        35,
        "12:00",
        "Europe/London",
        "Talking to patients about radiation risk",
        [("Sarah Whitfield", "Society of Radiographers")],
        "Plain-language answers to the questions patients and carers ask most, and how to avoid "
        "both alarm and false reassurance.",
        45,
        "cancelled",
    ),
]


def _local(days: int, clock: str, zone: str) -> datetime:
    today = utcnow().astimezone(ZoneInfo(zone)).date()
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(today + timedelta(days=days), datetime.min.time()).replace(
        hour=hour, minute=minute
    )


def load_demo_webinars(users: dict[str, User]) -> None:
    """Add a series of six sessions: three held, two ahead and one cancelled."""
    organiser = users["organiser@example.org"]
    learners = [users["learner@example.org"], users["nurse@example.org"]]
    series = create_series(
        organiser,
        title="Radiation Protection Webinar Series 2026",
        description="Monthly live sessions from the **Training Activities** group for "
        "radiographers, radiologists, medical physicists and nurses across Europe.",
        organising_group="Training Activities",
    )
    for days, clock, zone, title, speakers, abstract, minutes, state in SESSIONS:
        session = schedule_session(
            series,
            SessionInput(
                title=title,
                abstract=abstract,
                speakers=speakers,
                local_start=_local(days, clock, zone),
                timezone=zone,
                duration_minutes=minutes,
                join_url="https://meet.example.org/rp-" + str(abs(days)),
                capacity=100,
                credits=Decimal("1"),
            ),
        )
        if state == "recorded":
            complete_session(session)
            set_recording(
                session,
                url=f"https://video.example.org/rp-webinar-{abs(days)}",
                access=RecordingAccess.LEARNERS,
                slides_url="",
            )
            # The learner stayed throughout; the nurse left early and earns no credit.
            record_attendance(session, learners[0], minutes, "manual")
            record_attendance(session, learners[1], minutes // 2, "manual")
        elif state == "upcoming":
            for learner in learners:
                register(learner, session)
        elif state == "cancelled":
            register(learners[1], session)
            cancel_session(session)
