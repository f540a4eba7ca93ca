"""Partial dates: a date of birth that is often known only by its year (or year and month).

A `PartialDate` is a value of its own, never a date with an invented day: "1985" stays "1985". It is stored
as its ISO prefix ("1985", "1985-03", "1985-03-12") by `PartialDateField`, so a stored value is compatible with
a query exactly when one of the two ISO strings is a prefix of the other.
"""

import re
from dataclasses import dataclass
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_YEAR = 1900
MAX_YEAR = 2100

_GERMAN = re.compile(r"^\s*(?:(\d{1,2})\.)?\s*(?:(\d{1,2})[./])?\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year} out of range")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} out of range")
        if self.day is not None:
            date(self.year, self.month, self.day)  # raises ValueError for 31.02.

    @classmethod
    def parse(cls, text: str) -> "PartialDate | None":
        """Read "1985", "03.1985", "3/1985", "12.03.1985", "1985-03" or "1985-03-12"; None for empty text."""
        text = (text or "").strip()
        if not text:
            return None
        match = _ISO.match(text)
        if match:
            year, month, day = match.groups()
            return cls(int(year), int(month) if month else None, int(day) if day else None)
        match = _GERMAN.match(text)
        if match:
            first, second, year = match.groups()
            # Registers write an unknown day or month as 00 ("00.00.1990", "00.03.1990"): it is not known.
            if first and second:
                if int(second) == 0:
                    return cls(int(year))
                return cls(int(year), int(second), int(first) or None)
            month = int(second or first or 0)
            return cls(int(year), month or None)
        raise ValueError(f"not a partial date: {text!r}")

    @classmethod
    def from_date(cls, value: date) -> "PartialDate":
        return cls(value.year, value.month, value.day)

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        if self.month is not None:
            return "month"
        return "year"

    @property
    def is_placeholder(self) -> bool:
        """1 January: what registers write when day and month are unknown (many refugees are registered so).
        Two such dates that agree say no more than that the years agree."""
        return self.month == 1 and self.day == 1

    def as_known(self) -> "PartialDate":
        """What the date says: a 1 January placeholder says the year only."""
        return PartialDate(self.year) if self.is_placeholder else self

    def iso(self) -> str:
        if self.day is not None:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month is not None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"

    def display(self) -> str:
        """German-style display that shows only what is known: 12.03.1985, 03.1985 or 1985."""
        if self.day is not None:
            return f"{self.day:02d}.{self.month:02d}.{self.year:04d}"
        if self.month is not None:
            return f"{self.month:02d}.{self.year:04d}"
        return f"{self.year:04d}"

    __str__ = display

    def is_compatible(self, other: "PartialDate | None") -> bool:
        """Whether both could describe the same day: every part known to both agrees."""
        if other is None:
            return True
        mine, theirs = self.iso(), other.iso()
        return mine.startswith(theirs) or theirs.startswith(mine)

    def prefixes(self) -> list[str]:
        """The stored values compatible with this one that are at most as precise (for a database filter)."""
        values = [f"{self.year:04d}"]
        if self.month is not None:
            values.append(f"{self.year:04d}-{self.month:02d}")
        if self.day is not None:
            values.append(self.iso())
        return values

    def earliest(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    def age_on(self, day: date) -> int | None:
        """Age in whole years on `day`, or None where the unknown part leaves it open."""
        latest_month = self.month or 12
        if self.day is not None:
            latest = date(self.year, self.month, self.day)
        else:
            next_month = date(self.year + (latest_month == 12), latest_month % 12 + 1, 1)
            latest = date.fromordinal(next_month.toordinal() - 1)
        young = day.year - latest.year - ((day.month, day.day) < (latest.month, latest.day))
        old = day.year - self.earliest().year - ((day.month, day.day) < (self.earliest().month, self.earliest().day))
        return old if old == young else None


class PartialDateFormField(forms.CharField):
    default_error_messages = {
        "invalid": _("Enter a date as DD.MM.YYYY, MM.YYYY or just the year YYYY."),
    }

    def __init__(self, **kwargs):
        # The length check of CharField would run on the parsed PartialDate; the widget limits typing instead.
        kwargs.pop("max_length", None)
        kwargs.setdefault("help_text", _("Day and month may be left out: 1985, 03.1985 or 12.03.1985."))
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("maxlength", "10")

    def prepare_value(self, value):
        if isinstance(value, PartialDate):
            return value.display()
        return value

    def to_python(self, value):
        if isinstance(value, PartialDate):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return PartialDate.parse(text)
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


class PartialDateField(models.CharField):
    """A PartialDate stored as its ISO prefix in a short text column."""

    description = _("Partial date (year, year and month, or full date)")

    def __init__(self, *args, **kwargs):
        kwargs["max_length"] = 10
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)
        # A PartialDate is valid by construction; the length check would run on the object, not its text.
        self.validators[:] = [v for v in self.validators if not isinstance(v, MaxLengthValidator)]

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("max_length", None)
        return name, path, args, kwargs

    def from_db_value(self, value, expression, connection):
        return PartialDate.parse(value) if value else None

    def to_python(self, value):
        if value is None or isinstance(value, PartialDate):
            return value
        if not value:
            return None
        try:
            return PartialDate.parse(value)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    def get_prep_value(self, value):
        if isinstance(value, PartialDate):
            return value.iso()
        return value or ""

    def value_to_string(self, obj):
        value = self.value_from_object(obj)
        return value.iso() if value else ""

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": PartialDateFormField, **kwargs})
