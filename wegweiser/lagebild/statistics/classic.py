"""The classic GENESIS "table as CSV" export (Destatis, Regionalstatistik, the Länder offices).

    GENESIS-Tabelle: 12411-01-01-4          title block: code, title (one or more lines), statistic,
    Bevölkerung nach Geschlecht - ...;;;;   measure with unit, fixed dimensions such as `Stichtag: 31.12.2018`
    ;;Stichtag;Stichtag;Stichtag            one to four column-head rows over the value columns
    ;;31.12.2018;31.12.2018;31.12.2018
    ;;Insgesamt;männlich;weiblich
    DG;Deutschland;83019213;...             data rows: [date;] region key; region name (indented by level);
    01001;      Flensburg, ...;89504;...    [second key;] values or markers
    __________                              footer: notes, licence, `Stand:`
    "zu ""gesamter Tabelle"": ..."

Public loaders skip a fixed number of lines and break on a table with one more head row; here the first data
row is found by its shape (key columns, then only figures or markers), and everything between the title
block and it is column heads.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from wegweiser.lagebild.statistics.types import (
    Breakdown,
    CellError,
    Layout,
    Measure,
    Observation,
    StatisticFile,
    is_cell,
    is_region_key,
    parse_cell,
    parse_reference_date,
)

# Names the reader gives what the file leaves unnamed. They are stored with the figures and the indicators match
# them ("Spaltenkopf 3=Insgesamt"), so they are in the statistics' own language, German, whatever language the
# person importing reads: translated, the same file imported from an English session would not match.
COLUMN_HEAD = "Spaltenkopf %(number)s"
VALUE = "Wert"
SECOND_KEY = "Zweiter Schlüssel"

TITLE = re.compile(r"^(?:GENESIS-)?Tabelle:\s*(?P<code>\S+)")
FOOTER = "__________"
# `Bevölkerungsstand (Anzahl)`: the measure of the whole table and its unit.
MEASURE_LINE = re.compile(r"^(?P<label>.+?)\s*\((?P<unit>[^()]+)\)$")
# `Stichtag: 31.12.2018`: a dimension fixed for the whole table.
FIXED_DATE_LINE = re.compile(r"^(?P<name>[^:]+):\s*(?P<value>\d{2}\.\d{2}\.\d{4}|\d{4})$")
TIME_HEADS = {"stichtag", "jahr", "zeit", "berichtsjahr", "berichtszeitpunkt", "monat", "quartal"}
UNITS = {"anzahl", "prozent", "%", "eur", "tsd. eur", "1000 eur", "tsd.", "1000", "km²", "qkm", "ha", "personen"}


def detect(first_line: str) -> bool:
    return bool(TITLE.match(first_line.strip().lstrip("\ufeff")))


@dataclass
class _Row:
    line: int
    cells: list[str]


def _rows(text: str) -> list[_Row]:
    """The csv rows with the line each starts on (a quoted footer note spans several lines)."""
    reader = csv.reader(io.StringIO(text), delimiter=";")
    rows = []
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        rows.append(_Row(line, cells))
        line = reader.line_num + 1
    return rows


def _trim(cells: list[str]) -> list[str]:
    end = len(cells)
    while end and not cells[end - 1].strip():
        end -= 1
    return cells[:end]


def _key_split(cells: list[str]) -> int | None:
    """Where the key columns of a data row end and its value columns begin, or None if `cells` is no data row.

    A data row has a region key among its first columns, a name after it, then only figures or markers.
    """
    cells = _trim(cells)
    for region in range(min(2, len(cells))):
        key = cells[region].strip()
        if not is_region_key(key):
            continue
        if region == 1 and parse_reference_date(cells[0]) is None:
            continue
        # Name, then at most a second key pair, then values.
        for split in range(region + 2, min(region + 5, len(cells))):
            if all(is_cell(cell) for cell in cells[split:]) and not any(
                is_cell(cell) and cell.strip() not in {"-", ".", "x", "/"} for cell in cells[region + 1 : split]
            ):
                return split
    return None


def _starts_like_data(cells: list[str]) -> bool:
    keys = [cell.strip() for cell in cells[:2]]
    if keys and parse_reference_date(keys[0]) is not None and len(keys) > 1:
        return is_region_key(keys[1])
    return bool(keys) and is_region_key(keys[0])


def parse(text: str, *, encoding: str, filename: str = "") -> StatisticFile:
    result = StatisticFile(layout=Layout.CLASSIC, encoding=encoding, filename=filename)
    rows = _rows(text)
    if not rows:
        result.problem(1, _("The file is empty."))
        return result
    match = TITLE.match(rows[0].cells[0].strip().lstrip("\ufeff")) if rows[0].cells else None
    if match is None:
        result.problem(1, _("The first line does not name the table (“GENESIS-Tabelle: …” or “Tabelle: …”)."))
        return result
    result.table_code = match["code"]

    footer_at = next((i for i, row in enumerate(rows) if row.cells and row.cells[0].startswith(FOOTER)), len(rows))
    body, footer = rows[1:footer_at], rows[footer_at + 1 :]
    _read_footer(result, footer)

    # The title block: lines with text in the first cell only.
    index = 0
    title_lines: list[str] = []
    while index < len(body) and len(_trim(body[index].cells)) == 1 and _key_split(body[index].cells) is None:
        title_lines.append(body[index].cells[0].strip())
        index += 1
    fixed_date, measure = _read_title_block(result, title_lines)

    first_data = next((i for i in range(index, len(body)) if _key_split(body[i].cells) is not None), None)
    if first_data is None:
        result.problem(rows[-1].line, _("No data row found: no line starts with a region key followed by figures."))
        return result
    split = _key_split(body[first_data].cells) or 0
    width = len(_trim(body[first_data].cells))
    # A line above the first good data row that starts like one ([date;] region key) is a data row with a
    # bad cell, and is read (and refused) as one rather than taken for a column head.
    heads, broken = [], []
    for row in body[index:first_data]:
        (broken if _starts_like_data(row.cells) else heads).append(row)
    columns = _columns(result, heads, split, width, measure)
    if not columns:
        return result

    for row in broken + body[first_data:]:
        cells = _trim(row.cells)
        if not cells:
            continue
        _read_data_row(result, row.line, cells, split, columns, fixed_date)
    return result


@dataclass
class _Column:
    number: int  # 1-based, as a spreadsheet shows it
    head: str
    measure: Measure
    breakdown: tuple[Breakdown, ...]
    reference_date: date | None


def _read_title_block(result: StatisticFile, lines: list[str]) -> tuple[date | None, Measure | None]:
    fixed_date = None
    remaining = []
    for line in lines:
        if (match := FIXED_DATE_LINE.match(line)) and match["name"].strip().lower() in TIME_HEADS:
            fixed_date = parse_reference_date(match["value"])
            continue
        remaining.append(line)
    measure = None
    if len(remaining) >= 2 and (match := MEASURE_LINE.match(remaining[-1])):
        measure = Measure(code=match["label"], label=match["label"], unit=match["unit"])
        remaining = remaining[:-1]
    if len(remaining) >= 2:
        result.statistic = remaining[-1]
        remaining = remaining[:-1]
    result.title = _join_wrapped(remaining)
    return fixed_date, measure


def _join_wrapped(lines: list[str]) -> str:
    text = ""
    for line in lines:
        if text.endswith("-") and line[:1].islower() and not text.endswith(" -"):
            text = text[:-1] + line  # a word broken at the line end
        else:
            text = f"{text} {line}".strip()
    return text


def _columns(
    result: StatisticFile, heads: list[_Row], split: int, width: int, measure: Measure | None
) -> list[_Column]:
    """What each value column holds, from the column-head rows above it."""
    head_cells = [[(_trim(h.cells) + [""] * width)[c].strip() for c in range(split, width)] for h in heads]
    # A head row with one text over every column names the variable of the row below it ("Altersgruppen",
    # "Stichtag"); a last row of units ("Anzahl") gives the unit.
    unit_row = None
    if head_cells and all(cell.lower() in UNITS for cell in head_cells[-1]):
        unit_row = head_cells.pop()
    variables: list[tuple[str, list[str]]] = []  # (variable name, attribute per column)
    pending_name = ""
    for number, cells in enumerate(head_cells, start=1):
        uniform = len(set(cells)) == 1
        if uniform and number < len(head_cells) and cells[0] and parse_reference_date(cells[0]) is None:
            pending_name = cells[0]
            continue
        variables.append((pending_name or COLUMN_HEAD % {"number": number}, cells))
        pending_name = ""

    # The measure: named in the title block, or else the first head row.
    measure_cells: list[str] | None = None
    if measure is None and variables:
        measure_cells = variables.pop(0)[1]
    columns = []
    for offset in range(width - split):
        column_date = None
        breakdown = []
        for name, cells in variables:
            value = cells[offset]
            if name.lower() in TIME_HEADS or parse_reference_date(value) is not None:
                column_date = parse_reference_date(value)
                if column_date is None:
                    result.problem(heads[0].line, _("“%(value)s” is no date.") % {"value": value}, split + offset + 1)
                continue
            if value:
                breakdown.append(Breakdown(variable=name, code=value, label=value))
                result.variables.setdefault(name, name)
        unit = unit_row[offset] if unit_row else (measure.unit if measure else "")
        if measure_cells is not None:
            label = measure_cells[offset] or VALUE
            column_measure = Measure(code=label, label=label, unit=unit)
        elif measure is not None:
            column_measure = Measure(code=measure.code, label=measure.label, unit=unit)
        else:  # no head row over the values: the figures are the table's one measure
            column_measure = Measure(code=result.statistic or result.table_code, label=result.title, unit=unit)
        head = " / ".join(part for part in [column_measure.label, *(b.label for b in breakdown)] if part)
        columns.append(
            _Column(
                number=split + offset + 1,
                head=head,
                measure=column_measure,
                breakdown=tuple(breakdown),
                reference_date=column_date,
            )
        )
    return columns


def _read_data_row(
    result: StatisticFile, line: int, cells: list[str], split: int, columns: list[_Column], fixed_date: date | None
) -> None:
    keys = [cell.strip() for cell in cells[:split]]
    row_date = None
    region = 0
    if len(keys) > 1 and parse_reference_date(keys[0]) is not None:
        row_date, region = parse_reference_date(keys[0]), 1
    if len(keys) < region + 2 or not is_region_key(keys[region]):
        result.problem(line, _("The line does not start with a region key and name."), region + 1)
        return
    region_key, region_name = keys[region], keys[region + 1]
    extra = keys[region + 2 :]
    second: tuple[Breakdown, ...] = ()
    if len(extra) == 2:
        second = (Breakdown(variable=SECOND_KEY, code=extra[0], label=extra[1]),)
    elif len(extra) == 1:
        second = (Breakdown(variable=SECOND_KEY, code=extra[0], label=extra[0]),)
    if second:
        result.variables.setdefault(second[0].variable, second[0].variable)
    if len(cells) > split + len(columns):
        result.problem(
            line,
            _("The line has %(found)s columns, the table %(expected)s.")
            % {"found": len(cells), "expected": split + len(columns)},
            split + len(columns) + 1,
        )
        return
    for offset, column in enumerate(columns):
        raw = cells[split + offset] if split + offset < len(cells) else ""
        try:
            cell = parse_cell(raw)
        except CellError:
            result.problem(
                line,
                _("“%(value)s” is neither a figure nor a statistical marker.") % {"value": raw.strip()}
                if raw.strip()
                else _("The cell is empty."),
                column.number,
                column.head,
            )
            continue
        reference_date = row_date or column.reference_date or fixed_date
        if reference_date is None:
            result.problem(line, _("No reference date: neither the line, the column heads nor the title name one."))
            return
        result.observations.append(
            Observation(
                line=line,
                reference_date=reference_date,
                region_key=region_key,
                region_name=region_name,
                breakdown=column.breakdown + second,
                measure=column.measure,
                value=cell.value,
                marker=cell.marker,
                flags=cell.flags,
            )
        )


def _read_footer(result: StatisticFile, footer: list[_Row]) -> None:
    notes = []
    for row in footer:
        text = "\n".join(cell for cell in row.cells if cell.strip()).strip()
        if not text:
            continue
        if text.startswith("Stand:"):
            result.stand = text.removeprefix("Stand:").strip()
        elif "©" in text or "lizenziert" in text.lower() or "Datenlizenz" in text:
            result.licence = " ".join(text.split())
            result.source = result.licence.split(".")[0].removeprefix("©").strip()
        else:
            notes.append(text)
    result.notes = "\n\n".join(notes)
