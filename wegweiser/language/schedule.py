"""Weekly recurring sessions over a date range, without the public holidays of Lower Saxony."""

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import holidays

# The district lies in Lower Saxony (Niedersachsen); its public holidays cancel sessions.
HOLIDAY_SUBDIVISION = "NI"


@dataclass(frozen=True)
class SessionDate:
    date: date
    holiday: str  # the holiday's name when the session falls on one, else ""


@cache
def _holidays_of_year(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("DE", subdiv=HOLIDAY_SUBDIVISION, years=year, language="de"))


def public_holidays(first: date, last: date) -> dict[date, str]:
    found = {}
    for year in range(first.year, last.year + 1):
        found.update({day: name for day, name in _holidays_of_year(year).items() if first <= day <= last})
    return found


def session_dates(first: date, last: date, weekdays: set[int] | list[int]) -> list[SessionDate]:
    """Every date from `first` to `last` (inclusive) on one of `weekdays` (0 = Monday), holidays marked."""
    days = set(weekdays)
    if not days or last < first:
        return []
    holidays_in_range = public_holidays(first, last)
    dates = []
    day = first
    while day <= last:
        if day.weekday() in days:
            dates.append(SessionDate(day, holidays_in_range.get(day, "")))
        day += timedelta(days=1)
    return dates
