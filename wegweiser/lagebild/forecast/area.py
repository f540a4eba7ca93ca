"""Forecasts of several municipalities taken together: a Samtgemeinde or the district.

Kita figures add up: the children and places of the members are summed, and need, shortfall and
Versorgungsquote follow from the sums with the same band settings. German-course seats are **pooled**: the
area's seats serve the area's learners (people travel to a course in a neighbouring municipality), so the
queue runs once on the summed entrants, seats and people waiting; the area's waiting can therefore be lower
than the members' waiting added up, where one member's free seats take another's learners.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext

from .inputs import ZERO, ArrivalScenario, ForecastInputError
from .model import CourseLevelYear, KitaBandYear, MunicipalityForecast, course_level_year, kita_band_year
from .working import Figure, Term, Unit, gettext_lazy


@dataclass(frozen=True)
class AreaYear:
    year: int
    kita: dict[str, KitaBandYear]
    courses: dict[str, CourseLevelYear]
    course_participants: Figure | None = None  # None without a course plan


@dataclass(frozen=True)
class AreaForecast:
    key: str
    name: str
    members: tuple[str, ...]  # the municipalities' keys
    years: tuple[AreaYear, ...]
    base_year: int = 0
    scenario: ArrivalScenario | None = None

    def year(self, year: int) -> AreaYear:
        for item in self.years:
            if item.year == year:
                return item
        raise KeyError(year)


def _sum(label, figures: Sequence[tuple[str, Figure]]) -> Figure:
    return Figure(
        sum((figure.value for _name, figure in figures), ZERO),
        label,
        gettext_lazy("%(parts)s = %(result)s"),
        parts=tuple(
            (
                gettext_lazy("%(count)s in %(municipality)s"),
                {"count": figure.as_term(), "municipality": Term(ZERO, Unit.CODE, code=name)},
            )
            for name, figure in figures
        ),
    )


def forecast_area(forecasts: Sequence[MunicipalityForecast], *, key: str, name: str) -> AreaForecast:
    """The members' forecasts (run with the same assumptions) combined for the area."""
    if not forecasts:
        raise ForecastInputError(gettext("An area needs at least one municipality."))
    first = forecasts[0]
    shape = [(item.year, tuple(item.kita), tuple(item.courses)) for item in first.years]
    if any(
        [(item.year, tuple(item.kita), tuple(item.courses)) for item in other.years] != shape for other in forecasts
    ):
        raise ForecastInputError(
            gettext("The municipalities of an area must be forecast for the same years and bands.")
        )
    waiting: dict[str, Figure] = {}
    years = []
    for index, template in enumerate(first.years):
        members = [(forecast.name, forecast.years[index]) for forecast in forecasts]
        kita = {}
        for code, band_year in template.kita.items():
            children = _sum(gettext_lazy("Children in the band"), [(n, y.kita[code].children) for n, y in members])
            places = _sum(gettext_lazy("Kita places"), [(n, y.kita[code].places) for n, y in members])
            kita[code] = kita_band_year(band_year.band, children, places, template.year)
        courses = {}
        participants = None
        if template.courses:
            participants = _sum(
                gettext_lazy("Course participants"),
                [(n, y.course_participants) for n, y in members if y.course_participants is not None],
            )
            for code, level_year in template.courses.items():
                if code not in waiting:
                    waiting[code] = _sum(
                        gettext_lazy("Waiting at the start"), [(n, y.courses[code].waiting_before) for n, y in members]
                    )
                item = course_level_year(
                    level=level_year.level,
                    year=template.year,
                    participants=participants,
                    seats=_sum(gettext_lazy("Course seats"), [(n, y.courses[code].seats) for n, y in members]),
                    waiting_before=waiting[code],
                )
                courses[code] = item
                waiting[code] = item.waiting
        years.append(AreaYear(template.year, kita, courses, participants))
    return AreaForecast(
        key, name, tuple(forecast.key for forecast in forecasts), tuple(years), first.base_year, first.scenario
    )
