"""The one shape every statistics layout is read into, and the cell grammar the official exports share.

An official table reaches the district in one of several export layouts (classic table CSV, old and new flat
CSV); each layout module turns its file into a `StatisticFile` of `Observation`s, so that loading, preview and
the command never need to know which layout a file had.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Marker(StrEnum):
    """The signs official statistics put in a cell instead of (or beside) a figure. A marker is not zero."""

    NONE = ""
    NOTHING = "-"  # nothing there (genau null oder keine Fälle)
    UNKNOWN = "."  # unknown or kept secret (Zahlenwert unbekannt oder geheimzuhalten)
    NOT_MEANINGFUL = "x"  # not meaningful (Tabellenfach gesperrt, weil Aussage nicht sinnvoll)
    LATER = "..."  # not yet available (Angabe fällt später an)
    UNRELIABLE = "/"  # not reliable enough to publish (keine Angaben, da Zahlenwert nicht sicher genug)
    LIMITED = "()"  # limited reliability; the figure is kept (Aussagewert eingeschränkt)


MARKER_LABELS = {
    Marker.NONE: gettext_lazy("figure"),
    Marker.NOTHING: gettext_lazy("nothing there (-)"),
    Marker.UNKNOWN: gettext_lazy("unknown or secret (.)"),
    Marker.NOT_MEANINGFUL: gettext_lazy("not meaningful (x)"),
    Marker.LATER: gettext_lazy("available later (...)"),
    Marker.UNRELIABLE: gettext_lazy("not reliable enough (/)"),
    Marker.LIMITED: gettext_lazy("limited reliability ( )"),
}

# Letters the offices write beside a figure: p provisional, r corrected, s estimated; e appears in the
# quality columns of GENESIS exports. Kept as the source wrote them.
FLAG_LETTERS = "prse"

_NUMBER = re.compile(r"-?(?:\d{1,3}(?:\.\d{3})+|\d+)(?:,\d+)?")
_PLAIN_DECIMAL = re.compile(r"-?\d+\.\d+")
_FLAGGED = re.compile(rf"^(?P<body>.*?)\s*(?P<flags>[{FLAG_LETTERS}]+)$")


class CellError(ValueError):
    pass


@dataclass(frozen=True)
class Cell:
    value: Decimal | None
    marker: Marker = Marker.NONE
    flags: str = ""


def _number(text: str, *, decimal_point: bool) -> Decimal:
    if decimal_point and _PLAIN_DECIMAL.fullmatch(text):
        return Decimal(text)
    if not _NUMBER.fullmatch(text):
        raise CellError(text)
    try:
        return Decimal(text.replace(".", "").replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern admits only numbers
        raise CellError(text) from error


def parse_cell(raw: str, *, decimal_point: bool = False) -> Cell:
    """A cell of an official table: a figure (decimal comma, optional thousands points), a marker, or a
    figure in parentheses (limited reliability), each possibly followed by flag letters (`123p`, `- r`).

    `decimal_point` reads `12.5` as twelve and a half (English exports of the flat layouts); otherwise a point
    only groups thousands, as in German tables. Raises CellError for anything else.
    """
    text = raw.strip()
    flags = ""
    match = _FLAGGED.match(text)
    if match and match.group("body") and not match.group("body")[-1].isalpha():
        text, flags = match.group("body").strip(), match.group("flags")
    if text in {"-", ".", "x", "...", "/"}:
        return Cell(None, Marker(text), flags)
    if text == "…":
        return Cell(None, Marker.LATER, flags)
    if text.startswith("(") and text.endswith(")") and len(text) > 2:
        return Cell(_number(text[1:-1].strip(), decimal_point=decimal_point), Marker.LIMITED, flags)
    if not text:
        raise CellError(raw)
    return Cell(_number(text, decimal_point=decimal_point), Marker.NONE, flags)


def is_cell(raw: str) -> bool:
    try:
        parse_cell(raw)
    except CellError:
        return False
    return True


_REGION_KEY = re.compile(r"DG|\d{2,12}")


def is_region_key(text: str) -> bool:
    """`DG` (Germany) or 2 to 12 digits: Land, Regierungsbezirk, Kreis (5), Gemeinde (8), regional key (12).
    Kept as text: the leading zero of 03459 is part of the key."""
    return bool(_REGION_KEY.fullmatch(text.strip()))


_GERMAN_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{4})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_YEAR = re.compile(r"\d{4}")


def parse_reference_date(text: str) -> date | None:
    """`31.12.2018`, `2024-12-31`, or a year (`2018`, read as its last day, the usual Stichtag); None if the
    text is none of these."""
    text = text.strip()
    try:
        if match := _GERMAN_DATE.fullmatch(text):
            return date(int(match[3]), int(match[2]), int(match[1]))
        if match := _ISO_DATE.fullmatch(text):
            return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    if _YEAR.fullmatch(text) and 1900 <= int(text) <= 2200:
        return date(int(text), 12, 31)
    return None


class Layout(StrEnum):
    CLASSIC = "genesis-table", gettext_lazy("GENESIS table (CSV)")
    FLAT_OLD = "genesis-flat-old", gettext_lazy("GENESIS flat file, old layout (ffcsv)")
    FLAT_NEW = "genesis-flat", gettext_lazy("GENESIS flat file (CSV, possibly zipped)")
    OWN = "own-figures", gettext_lazy("district's own figures (template)")

    def __new__(cls, value: str, label: object = ""):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member


@dataclass(frozen=True)
class Breakdown:
    """One attribute of one breakdown variable: sex = male, age group = under 3, nationality = Syria."""

    variable: str
    code: str
    label: str


@dataclass(frozen=True)
class Measure:
    code: str
    label: str
    unit: str


@dataclass(frozen=True)
class Observation:
    line: int
    reference_date: date
    region_key: str
    region_name: str
    breakdown: tuple[Breakdown, ...]
    measure: Measure
    value: Decimal | None
    marker: Marker = Marker.NONE
    flags: str = ""

    @property
    def breakdown_key(self) -> str:
        """The breakdown as one text (`GES=GESM|STAAG5=ST438`), sorted by variable: the same cell of a table
        gets the same key whatever the column order of the file."""
        return "|".join(f"{item.variable}={item.code}" for item in sorted(self.breakdown, key=lambda b: b.variable))


@dataclass(frozen=True)
class Problem:
    """Something in the file that stops it from loading, located for the person who has to fix it."""

    line: int
    message: str
    column: int | None = None
    column_name: str = ""

    def __str__(self) -> str:
        if self.column is None:
            return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}
        return _("Line %(line)s, column %(column)s%(name)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "name": f" ({self.column_name})" if self.column_name else "",
            "message": self.message,
        }


@dataclass
class StatisticFile:
    """What a file holds, whatever its layout."""

    layout: Layout
    encoding: str
    table_code: str = ""
    title: str = ""
    statistic: str = ""
    source: str = ""
    licence: str = ""
    stand: str = ""
    notes: str = ""
    variables: dict[str, str] = field(default_factory=dict)  # variable code -> label
    observations: list[Observation] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    filename: str = ""

    # Beyond this many problems a file is plainly of another kind; listing more helps nobody.
    max_problems = 200

    def problem(self, line: int, message: str, column: int | None = None, column_name: str = "") -> None:
        if len(self.problems) < self.max_problems:
            self.problems.append(Problem(line=line, message=message, column=column, column_name=column_name))

    @property
    def reference_dates(self) -> list[date]:
        return sorted({o.reference_date for o in self.observations})

    @property
    def region_keys(self) -> list[str]:
        return sorted({o.region_key for o in self.observations})

    def marker_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for observation in self.observations:
            if observation.marker:
                counts[observation.marker.value] = counts.get(observation.marker.value, 0) + 1
        return dict(sorted(counts.items()))


class StatisticsParseError(ValueError):
    """The file cannot be read as statistics at all (no known layout, not text); `str()` says why."""
