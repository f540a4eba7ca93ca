"""Weekly recurring sessions over a date range, without the public holidays of Lower Saxony."""

from dataclasses import dataclass
from datetime import date, timedelta

import holidays

# The district lies in Lower Saxony (Niedersachsen); its public holidays cancel sessions.
HOLIDAY_SUBDIVISION = "NI"


@dataclass(frozen=True)
class SessionDate:
    date: date
    holiday: str  # the holiday's name when the session falls on one, else ""


def public_holidays(first: date, last: date) -> dict[date, str]:
    calendar = holidays.country_holidays("DE", subdiv=HOLIDAY_SUBDIVISION, years=range(first.year, last.year + 1))
    return {day: str(name) for day, name in calendar.items() if first <= day <= last}


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
