"""The template for the figures only the district has, as CSV (`;`) or XLSX (first sheet).

One line per figure; the first line names the columns (order free, case ignored):

    Merkmal;Stichtag;Gemeindeschlüssel;Gemeinde;Staatsangehörigkeit;Altersgruppe;Träger;Wert
    anmeldungen;31.12.2025;03459024;Melle;Syrien;18 bis 64;;42
    kita_plaetze;01.08.2025;03459024;Melle;;unter 3;;310
    kita_warteliste;01.08.2025;03459024;Melle;;3 bis 5;;17
    kursplaetze;01.09.2025;03459024;Melle;;;VHS Osnabrücker Land;48

`Merkmal` is one of `MEASURES` (registrations from the registration offices, Kita places and waiting lists
from the youth office, course places from the providers); the breakdown columns a figure does not use stay
empty (an empty cell is the total). `Wert` is a figure or a statistical marker (`-`, `.`, ...), as in the
official tables. One file holds the figures of one source (one table below); the same table and reference
date loaded again replace the earlier figures.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.core.spreadsheet import spreadsheet_read_rows
from wegweiser.lagebild.statistics.types import (
    Breakdown,
    Cell,
    CellError,
    Layout,
    Measure,
    Observation,
    StatisticFile,
    StatisticsParseError,
    parse_cell,
    parse_reference_date,
)


@dataclass(frozen=True)
class OwnTable:
    code: str
    title: Any


@dataclass(frozen=True)
class OwnMeasure:
    table: OwnTable
    label: Any
    unit: str
    breakdowns: tuple[str, ...]  # template columns this figure may be broken down by


REGISTRATIONS = OwnTable("EIGEN-MELDUNGEN", gettext_lazy("Registrations of newcomers (registration offices)"))
KITA = OwnTable("EIGEN-KITA", gettext_lazy("Kita places and waiting lists (youth office)"))
COURSES = OwnTable("EIGEN-KURSE", gettext_lazy("Course places (providers)"))

MEASURES = {
    "anmeldungen": OwnMeasure(
        REGISTRATIONS, gettext_lazy("Registrations"), "Personen", ("staatsangehörigkeit", "altersgruppe")
    ),
    "kita_plaetze": OwnMeasure(KITA, gettext_lazy("Kita places"), "Plätze", ("altersgruppe",)),
    "kita_warteliste": OwnMeasure(KITA, gettext_lazy("Children on a Kita waiting list"), "Kinder", ("altersgruppe",)),
    "kursplaetze": OwnMeasure(COURSES, gettext_lazy("Course places"), "Plätze", ("träger",)),
}

COLUMNS = {
    "merkmal": gettext_lazy("what is counted: one of the figures below"),
    "stichtag": gettext_lazy("reference date, 31.12.2025 or 2025-12-31"),
    "gemeindeschlüssel": gettext_lazy("official municipality key, 8 digits (03459024), or 5 for the district"),
    "gemeinde": gettext_lazy("name of the municipality"),
    "staatsangehörigkeit": gettext_lazy("nationality (registrations only); empty for all"),
    "altersgruppe": gettext_lazy("age group, as the source counts it (“unter 3”, “3 bis 5”); empty for all"),
    "träger": gettext_lazy("course provider (course places only); empty for all"),
    "wert": gettext_lazy("the figure, or a marker: - nothing, . unknown or secret"),
}
REQUIRED = ("merkmal", "stichtag", "gemeindeschlüssel", "wert")
BREAKDOWN_VARIABLES = {"staatsangehörigkeit": "STAAG", "altersgruppe": "ALTER", "träger": "TRAEGER"}


def detect(first_line: str) -> bool:
    names = {_normalise(name) for name in first_line.lstrip("\ufeff").split(";")}
    return set(REQUIRED) <= names


def is_workbook(data: bytes) -> bool:
    """An XLSX file (a ZIP with a workbook inside), as opposed to a zipped flat file."""
    return b"xl/workbook.xml" in data[:65536] or b"[Content_Types].xml" in data[:2048]


def _normalise(name: Any) -> str:
    text = str(name or "").strip().lower()
    return {"gemeindeschluessel": "gemeindeschlüssel", "staatsangehoerigkeit": "staatsangehörigkeit"}.get(
        text, text.replace("traeger", "träger")
    )


def template_rows() -> list[list[str]]:
    """The template with one example line per kind of figure, for the download on the import page."""
    return [
        [
            "Merkmal",
            "Stichtag",
            "Gemeindeschlüssel",
            "Gemeinde",
            "Staatsangehörigkeit",
            "Altersgruppe",
            "Träger",
            "Wert",
        ],
        ["anmeldungen", "31.12.2025", "03459024", "Melle", "Syrien", "18 bis 64", "", "42"],
        ["kita_plaetze", "01.08.2025", "03459024", "Melle", "", "unter 3", "", "310"],
        ["kita_warteliste", "01.08.2025", "03459024", "Melle", "", "3 bis 5", "", "17"],
        ["kursplaetze", "01.09.2025", "03459024", "Melle", "", "", "VHS Osnabrücker Land", "48"],
    ]


def parse_csv(text: str, *, encoding: str, filename: str = "") -> StatisticFile:
    import csv
    import io

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    rows: list[tuple[int, list[Any]]] = []
    line = 1
    for cells in reader:
        if any(cell.strip() for cell in cells):
            rows.append((line, list(cells)))
        line = reader.line_num + 1
    return _parse(rows, layout_encoding=encoding, filename=filename)


def parse_workbook(data: bytes, *, filename: str = "") -> StatisticFile:
    try:
        rows = spreadsheet_read_rows(data)
    except ValueError as error:
        raise StatisticsParseError(_("The workbook cannot be opened.")) from error
    if not rows or not detect(";".join(str(value or "") for value in rows[0][1])):
        raise StatisticsParseError(
            _("The first row of the workbook's first sheet does not name the template's columns (%(names)s).")
            % {"names": ", ".join(REQUIRED)}
        )
    return _parse(rows, layout_encoding="XLSX", filename=filename)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _parse(rows: list[tuple[int, list[Any]]], *, layout_encoding: str, filename: str) -> StatisticFile:
    result = StatisticFile(layout=Layout.OWN, encoding=layout_encoding, filename=filename)
    if not rows:
        result.problem(1, _("The file is empty."))
        return result
    header_line, header = rows[0]
    names = [_normalise(name) for name in header]
    unknown = [str(header[i]) for i, name in enumerate(names) if name and name not in COLUMNS]
    if unknown:
        result.problem(header_line, _("Unknown columns: %(names)s.") % {"names": ", ".join(unknown)})
    col = {name: index for index, name in enumerate(names) if name in COLUMNS}
    tables: set[str] = set()
    for line, cells in rows[1:]:

        def cell(name: str, cells: list[Any] = cells) -> Any:
            index = col.get(name)
            return cells[index] if index is not None and index < len(cells) else None

        def problem(message: str, name: str, line: int = line) -> None:
            index = col.get(name)
            result.problem(
                line, message, None if index is None else index + 1, str(header[index]) if index is not None else ""
            )

        code = _text(cell("merkmal")).lower()
        measure = MEASURES.get(code)
        if measure is None:
            problem(
                _("“%(value)s” is no known figure; use one of %(names)s.")
                % {"value": code, "names": ", ".join(MEASURES)},
                "merkmal",
            )
            continue
        tables.add(measure.table.code)
        raw_date = cell("stichtag")
        reference_date = (
            raw_date.date()
            if isinstance(raw_date, datetime)
            else raw_date
            if isinstance(raw_date, date)
            else parse_reference_date(_text(raw_date))
        )
        if reference_date is None:
            problem(_("“%(value)s” is no date.") % {"value": _text(raw_date)}, "stichtag")
            continue
        raw_key = cell("gemeindeschlüssel")
        key = _text(raw_key)
        if not isinstance(raw_key, str) and raw_key is not None:
            problem(
                _("The key %(value)s was stored as a number and lost its leading zero; format the column as text.")
                % {"value": key},
                "gemeindeschlüssel",
            )
            continue
        if not (key.isdigit() and len(key) in {5, 8}):
            problem(
                _("“%(value)s” is no municipality key (8 digits) or district key (5).") % {"value": key},
                "gemeindeschlüssel",
            )
            continue
        breakdown = []
        for name, variable in BREAKDOWN_VARIABLES.items():
            value = _text(cell(name))
            if not value:
                continue
            if name not in measure.breakdowns:
                problem(_("This figure is not broken down by this column; leave it empty."), name)
                break
            breakdown.append(Breakdown(variable=variable, code=value, label=value))
            result.variables.setdefault(variable, str(COLUMNS[name]).split(" (")[0].split(",")[0])
        else:
            raw_value = cell("wert")
            try:
                parsed = _cell(raw_value)
            except CellError:
                problem(
                    _("“%(value)s” is neither a figure nor a statistical marker.") % {"value": _text(raw_value)}, "wert"
                )
                continue
            result.observations.append(
                Observation(
                    line=line,
                    reference_date=reference_date,
                    region_key=key,
                    region_name=_text(cell("gemeinde")),
                    breakdown=tuple(breakdown),
                    measure=Measure(code=code, label=str(measure.label), unit=measure.unit),
                    value=parsed.value,
                    marker=parsed.marker,
                    flags=parsed.flags,
                )
            )
    if len(tables) > 1:
        result.problem(
            rows[1][0],
            _("One file holds the figures of one source; this one mixes %(tables)s. Split it.")
            % {"tables": ", ".join(sorted(tables))},
        )
    if tables:
        table = next(m.table for m in MEASURES.values() if m.table.code == sorted(tables)[0])
        result.table_code, result.title = table.code, str(table.title)
        result.source = _("the district's own figures")
    return result


def _cell(value: Any) -> Cell:
    if isinstance(value, bool):
        raise CellError(str(value))
    if isinstance(value, int | float):
        try:
            return Cell(Decimal(str(value)))
        except InvalidOperation as error:  # pragma: no cover - a workbook holds finite numbers only
            raise CellError(str(value)) from error
    return parse_cell(_text(value))
