"""The portal's two date forms in English: one long, one short (other languages
take Django's formats of their locale). Templates write ``|date`` (the long form)
or ``|date:"SHORT_DATE_FORMAT"``; Python code ``date_format(day)``."""

DATE_FORMAT = "j F Y"  # 28 November 2026
SHORT_DATE_FORMAT = "j M Y"  # 28 Nov 2026
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
TIME_FORMAT = "H:i"  # 10:54, as in the date-and-time forms
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
FIRST_DAY_OF_WEEK = 1  # Monday
NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = ","
DECIMAL_SEPARATOR = "."
