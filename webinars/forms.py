"""Forms for organisers (series, sessions, recordings, attendance)."""

from decimal import Decimal
from zoneinfo import available_timezones

from flask import current_app
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    DecimalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
    URLField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    URL,
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .models import RecordingAccess
from .operations import WebinarError, parse_speakers


def _zones() -> list[SelectChoice]:
    europe = sorted(z for z in available_timezones() if z.startswith("Europe/"))
    others = sorted(z for z in available_timezones() if not z.startswith("Europe/"))
    return [SelectChoice(z, z.replace("_", " ")) for z in [*europe, "UTC", *others]]


def _speakers(form, field) -> None:
    try:
        parse_speakers(field.data or "")
    except WebinarError as error:
        raise ValidationError(str(error)) from None


_url = [Optional(), URL(message="Enter a full address starting with https://"), Length(max=500)]


class SeriesForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Enter a title."), Length(max=200)])
    description = TextAreaField("Description", description="Markdown.", render_kw={"rows": 5})
    organising_group = StringField(
        "Organising group", default="Training Activities", validators=[Length(max=120)]
    )


class SessionForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Enter a title."), Length(max=200)])
    abstract = TextAreaField("Abstract", description="Markdown.", render_kw={"rows": 6})
    speakers = TextAreaField(
        "Speakers",
        validators=[_speakers],
        render_kw={"rows": 3},
        description="One a line: Name — Affiliation.",
    )
    date = DateField("Date", validators=[InputRequired("Enter the date.")])
    time = TimeField("Start time", validators=[InputRequired("Enter the start time.")])
    timezone = SelectField(
        "Time zone", choices=_zones, description="The zone the start time is given in."
    )
    duration_minutes = IntegerField(
        "Duration (minutes)",
        default=60,
        validators=[InputRequired("Enter the duration."), NumberRange(1, 24 * 60)],
    )
    join_url = URLField(
        "Join link", validators=_url, description="Shown only to registered learners."
    )
    capacity = IntegerField(
        "Capacity",
        validators=[Optional(), NumberRange(1, 100_000)],
        description="Leave empty for no limit; when full, learners join a waiting list.",
    )
    credits = DecimalField(
        "CME credits for live attendance (ECMEC)",
        places=2,
        default=Decimal("1"),
        validators=[InputRequired("Enter the credits."), NumberRange(0, 50)],
    )
    attendance_threshold = IntegerField(
        "Share of the session a learner must attend (%)",
        default=80,
        validators=[InputRequired("Enter a share."), NumberRange(1, 100)],
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not self.timezone.data:
            self.timezone.data = current_app.config["SITE_TIMEZONE"]


class RecordingForm(FlaskForm):
    recording_url = URLField("Recording link", validators=_url)
    recording_access = SelectField(
        "Who may watch it",
        choices=lambda: [SelectChoice(a.value, a.label) for a in RecordingAccess],
    )
    slides_url = URLField("Slides link", validators=_url)


class AttendanceImportForm(FlaskForm):
    report = FileField(
        "Attendee report (CSV from Zoom or BigBlueButton)",
        validators=[FileRequired("Choose the report file.")],
    )


class MinutesForm(FlaskForm):
    minutes = IntegerField(
        "Minutes attended", validators=[InputRequired("Enter minutes."), NumberRange(0, 1440)]
    )
