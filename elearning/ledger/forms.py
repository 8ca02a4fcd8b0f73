"""Ledger forms."""

from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length


class RevokeForm(FlaskForm):
    reason = TextAreaField(
        "Reason for revoking",
        validators=[DataRequired("Give the reason for revoking these credits."), Length(max=2000)],
        render_kw={"rows": 2},
    )
