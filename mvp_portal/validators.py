"""Input rules every form shares: one validator each, used wherever the input is taken."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

# A number's bounds in plain words, instead of "Ensure this value is greater than or equal to 1."
# Every form's whole-number field takes these (``field.error_messages.update(NUMBER_MESSAGES)``);
# they replace the bound validators' messages too, as those share the codes.
NUMBER_MESSAGES = {
    "min_value": _("Enter a whole number of at least %(limit_value)s."),
    "max_value": _("Enter a whole number of at most %(limit_value)s."),
    "invalid": _("Enter a whole number, such as 12."),
}

# The program's records start here: an earlier date is a typing slip (year 1, 0202…).
EARLIEST_DATE = date(2000, 1, 1)


def validate_program_date(value: date | None) -> None:
    """Refuse dates before 2000 (community work, awards and profiles are all later)."""
    if value is not None and value < EARLIEST_DATE:
        raise ValidationError(_("Enter a date in 2000 or later."), code="too_early")


# Only web pages: ftp://, file:// and the like cannot be opened by evaluators or visitors.
# Its own code: a form field's "invalid" message would replace this one.
validate_web_url = URLValidator(
    schemes=["http", "https"],
    message=_("Enter a web address that starts with https:// (or http://)."),
    code="not_web_address",
)
