"""Plausible ranges for dates that describe a life: a form field and the API (which binds the same form)
refuse a birth, an arrival or a residence permit in year 1 or 9999 with one message."""

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _


class DateWithin:
    """A date from 1 January of `first_year` to today plus `years_ahead` years (today itself for 0)."""

    message = _("Enter a date between %(first)s and %(last)s.")
    code = "date_out_of_range"

    def __init__(self, first_year: int, years_ahead: int = 0):
        self.first = date(first_year, 1, 1)
        self.years_ahead = years_ahead

    def last(self) -> date:
        today = timezone.localdate()
        try:
            return today.replace(year=today.year + self.years_ahead)
        except ValueError:  # 29 February
            return today.replace(year=today.year + self.years_ahead, day=28)

    def __call__(self, value: date) -> None:
        last = self.last()
        if not self.first <= value <= last:
            raise ValidationError(
                self.message,
                code=self.code,
                params={
                    "first": date_format(self.first, "SHORT_DATE_FORMAT"),
                    "last": date_format(last, "SHORT_DATE_FORMAT"),
                },
            )
