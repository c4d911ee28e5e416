"""Kazakh date and number formats; Django ships none, so dates fell back to US m/d/Y.

Dates are numeric (07.09.2026 ж.), as on egov.kz: Django's Kazakh month names are
capitalised and cannot be declined, so a numeric date reads right before "бастап" and
"жағдай бойынша" in the messages.
"""

DATE_FORMAT = "d.m.Y ж."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "d.m.Y ж. H:i"
YEAR_MONTH_FORMAT = "m.Y"
MONTH_DAY_FORMAT = "d.m"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
FIRST_DAY_OF_WEEK = 1  # Дүйсенбі
DATE_INPUT_FORMATS = ["%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = ["%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # non-breaking space
NUMBER_GROUPING = 3
