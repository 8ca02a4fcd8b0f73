"""Forms for authors (module, quiz, questions) and learners (evaluation)."""

from decimal import Decimal

from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .models import Audience, QuestionKind
from .operations import CourseError, OptionInput, validate_question

OPTION_SLOTS = 6


def _choices(enum_cls) -> list[SelectChoice]:
    return [SelectChoice(member.value, member.label) for member in enum_cls]


class ModuleForm(FlaskForm):
    title = StringField("Title", validators=[DataRequired("Enter a title."), Length(max=200)])
    working_group = SelectField("Working group", coerce=int)
    audience = SelectField("Audience", choices=lambda: _choices(Audience))
    edition = IntegerField(
        "Edition", default=1, validators=[InputRequired("Enter the edition."), NumberRange(1, 99)]
    )
    summary = TextAreaField(
        "Summary",
        validators=[Length(max=1000)],
        description="One or two sentences shown in the catalogue.",
    )
    body = TextAreaField(
        "Body",
        description="Markdown: headings, lists, links, tables and images by URL.",
        render_kw={"rows": 18},
    )
    learning_objectives = TextAreaField(
        "Learning objectives", description="One objective a line.", render_kw={"rows": 4}
    )
    estimated_minutes = IntegerField(
        "Estimated minutes",
        default=15,
        validators=[InputRequired("Enter the estimated time."), NumberRange(1, 600)],
    )
    credits = DecimalField(
        "CME credits (ECMEC)",
        places=2,
        default=Decimal("0.5"),
        validators=[InputRequired("Enter the credits, for example 0.5."), NumberRange(0, 50)],
    )
    authors = StringField(
        "Authors",
        validators=[Length(max=300)],
        description="As printed on the module, for example: A. Jensen, M. Rossi.",
    )
    references = TextAreaField(
        "References", description="One reference a line.", render_kw={"rows": 4}
    )


class QuizSettingsForm(FlaskForm):
    pass_mark = IntegerField(
        "Pass mark (%)",
        default=75,
        validators=[
            InputRequired("Enter a pass mark."),
            NumberRange(1, 100, "The pass mark is between 1 and 100."),
        ],
    )
    max_attempts = IntegerField(
        "Attempts allowed",
        default=3,
        description="0 for unlimited.",
        validators=[InputRequired("Enter the number of attempts."), NumberRange(0, 100)],
    )
    reveal_answers_on_fail = BooleanField(
        "Show the correct options after a failed attempt",
        description="Off: a failed attempt shows which questions were wrong, and the correct "
        "options only once the learner passes or runs out of attempts.",
    )
    retake_wait_minutes = IntegerField(
        "Waiting time before a retake (minutes)",
        default=0,
        validators=[InputRequired("Enter a waiting time, 0 for none."), NumberRange(0, 10080)],
    )


class OptionForm(Form):
    text = StringField("Option text", validators=[Optional(), Length(max=1000)])
    correct = BooleanField("Correct")


class QuestionForm(FlaskForm):
    kind = SelectField("Question type", choices=lambda: _choices(QuestionKind))
    text = TextAreaField(
        "Question",
        validators=[DataRequired("Enter the question."), Length(max=4000)],
        render_kw={"rows": 3},
    )
    options = FieldList(FormField(OptionForm), min_entries=OPTION_SLOTS, max_entries=OPTION_SLOTS)
    explanation = TextAreaField(
        "Explanation",
        description="Shown to learners when they review their answers.",
        validators=[Length(max=4000)],
        render_kw={"rows": 3},
    )

    def option_inputs(self) -> list[OptionInput]:
        kind = QuestionKind(self.kind.data)
        if kind is QuestionKind.TRUE_FALSE:
            # True/false questions use fixed options; the first slot says which one is right.
            true_is_correct = bool(self.options[0].form.correct.data)
            return [OptionInput("True", true_is_correct), OptionInput("False", not true_is_correct)]
        return [
            OptionInput(entry.form.text.data.strip(), bool(entry.form.correct.data))
            for entry in self.options
            if entry.form.text.data and entry.form.text.data.strip()
        ]

    def validate(self, extra_validators=None) -> bool:
        if not super().validate(extra_validators):
            return False
        try:
            validate_question(QuestionKind(self.kind.data), self.text.data, self.option_inputs())
        except CourseError as error:
            self.form_errors.append(str(error))
            return False
        return True


_SCALE = [
    SelectChoice(str(n), label)
    for n, label in [(5, "5 – excellent"), (4, "4"), (3, "3"), (2, "2"), (1, "1 – poor")]
]


def _bias_answer(form, field) -> None:
    if field.data not in ("yes", "no"):
        raise ValidationError("Say whether the content was free of commercial bias.")


class EvaluationForm(FlaskForm):
    relevance = RadioField(
        "How relevant was this module to your practice?",
        choices=_SCALE,
        validators=[InputRequired("Rate the relevance.")],
    )
    quality = RadioField(
        "How would you rate the quality of the content?",
        choices=_SCALE,
        validators=[InputRequired("Rate the quality.")],
    )
    free_of_bias = RadioField(
        "Was the content free of commercial bias?",
        choices=[SelectChoice("yes", "Yes"), SelectChoice("no", "No")],
        validators=[
            InputRequired("Say whether the content was free of commercial bias."),
            _bias_answer,
        ],
    )
    comment = TextAreaField("Comments (optional)", validators=[Length(max=4000)])


class WorkingGroupForm(FlaskForm):
    name = StringField("Name", validators=[DataRequired("Enter a name."), Length(max=120)])
