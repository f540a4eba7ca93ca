"""The GENESIS flat files: one header line, then one line per cell of the table, in no particular order.

Old layout (GENESIS-Online "ffcsv" until 2024), UTF-8 with BOM:

    Statistik_Code;Statistik_Label;Zeit_Code;Zeit_Label;Zeit;1_Merkmal_Code;1_Merkmal_Label;
    1_Auspraegung_Code;1_Auspraegung_Label;...;BEVSTD__Bevoelkerungsstand__Anzahl;BEVSTD__Bevoelkerungsstand__q

  one column per measure (`CODE__Label__Unit`) with its quality column (`CODE__Label__q`) beside it.

New layout (GENESIS 2025, Regionalstatistik), often inside a ZIP with one `_flat.csv`:

    statistics_code;statistics_label;time_code;time_label;time;1_variable_code;1_variable_label;
    1_variable_attribute_code;1_variable_attribute_label;...;value;value_unit;value_variable_code;
    value_variable_label

  one value per line; German exports write a decimal comma.

The region is the variable whose attribute codes are region keys (KREISE, GEMEIN, DLAND, ...); the others
become the breakdown, with their codes (`GES` = `GESM`), so a new table of the same layout needs no code.
"""

import csv
import io
import re
from dataclasses import dataclass

from django.utils.translation import gettext as _

from wegweiser.lagebild.statistics.types import (
    Breakdown,
    CellError,
    Layout,
    Measure,
    Observation,
    StatisticFile,
    is_region_key,
    parse_cell,
    parse_reference_date,
)

# The region variables of GENESIS and the Regionalstatistik; a table whose region variable is not listed is
# still read when its attribute codes are region keys.
REGION_VARIABLES = {"DINSG", "DLAND", "REGBEZ", "KREISE", "GEMEIN", "GEMVB", "GVB", "GEMEINDE", "DKREIS", "KREIS"}
# `12411-01-01-4_1773175772751_de_flat.csv`: the table code leads the name of the files GENESIS sends.
TABLE_CODE_IN_NAME = re.compile(r"^(?P<code>\d{5}(?:-[0-9A-Za-z]+)+)(?:_|\.|$)")

OLD_HEAD = "Statistik_Code"
NEW_HEAD = "statistics_code"


@dataclass(frozen=True)
class _ValueColumn:
    """Where a value stands, its quality column, and its measure: named once in the header (old layout,
    `BEVSTD__Bevoelkerungsstand__Anzahl`) or on every line (new layout, `value_variable_code`)."""

    value: int
    quality: int | None = None
    measure: Measure | None = None
    code_column: int | None = None
    label_column: int | None = None
    unit_column: int | None = None

    def measure_in(self, cells: list[str]) -> Measure:
        if self.measure is not None:
            return self.measure
        code = cells[self.code_column].strip() if self.code_column is not None else ""
        return Measure(
            code=code,
            label=cells[self.label_column].strip() if self.label_column is not None else code,
            unit=cells[self.unit_column].strip() if self.unit_column is not None else "",
        )


def detect_old(first_line: str) -> bool:
    return first_line.lstrip("\ufeff").startswith(OLD_HEAD + ";")


def detect_new(first_line: str) -> bool:
    names = {name.strip().lower() for name in first_line.lstrip("\ufeff").split(";")}
    return {"time", "value", "value_variable_code"} <= names


def table_code_from_name(filename: str, fallback: str) -> str:
    match = TABLE_CODE_IN_NAME.match(filename.rsplit("/", 1)[-1])
    return match["code"] if match else fallback


def _reader(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    header: list[str] = []
    rows = []
    line = 1
    for cells in reader:
        if not header:
            header = [cell.strip() for cell in cells]
        elif cells and cells[0].startswith("__________"):
            break  # a footer, as the classic layout has
        elif any(cell.strip() for cell in cells):
            rows.append((line, cells))
        line = reader.line_num + 1
    return header, rows


def _variables(header: list[str], prefix: tuple[str, str, str, str]) -> list[tuple[int, int, int, int]]:
    """Column indexes (code, label, attribute code, attribute label) of each numbered variable."""
    found = []
    number = 1
    while True:
        names = [f"{number}_{part}" for part in prefix]
        if not all(name in header for name in names):
            break
        found.append(tuple(header.index(name) for name in names))
        number += 1
    return found  # type: ignore[return-value]


def _region_variable(rows: list[tuple[int, list[str]]], variables: list[tuple[int, int, int, int]]) -> int | None:
    if not rows:
        return None
    sample = rows[0][1]
    for position, (code, _label, _attribute, _attribute_label) in enumerate(variables):
        if code < len(sample) and sample[code].strip().upper() in REGION_VARIABLES:
            return position
    for position, (_code, _label, attribute, _attribute_label) in enumerate(variables):
        if all(is_region_key(cells[attribute]) for _line, cells in rows[:50] if attribute < len(cells)):
            return position
    return None


def parse_new(text: str, *, encoding: str, filename: str = "") -> StatisticFile:
    result = StatisticFile(layout=Layout.FLAT_NEW, encoding=encoding, filename=filename)
    header, rows = _reader(text)
    required = ["statistics_code", "statistics_label", "time", "value", "value_unit", "value_variable_code"]
    missing = [name for name in required if name not in header]
    if missing:
        result.problem(1, _("Columns missing: %(names)s.") % {"names": ", ".join(missing)})
        return result
    col = {name: header.index(name) for name in header}
    variables = _variables(
        header, ("variable_code", "variable_label", "variable_attribute_code", "variable_attribute_label")
    )
    quality = col.get("value_q")
    _read_rows(
        result,
        header,
        rows,
        variables,
        time=col["time"],
        statistic=(col["statistics_code"], col["statistics_label"]),
        measures=[
            _ValueColumn(
                value=col["value"],
                quality=quality,
                code_column=col["value_variable_code"],
                label_column=col.get("value_variable_label"),
                unit_column=col["value_unit"],
            )
        ],
        decimal_point=False,
    )
    return result


def parse_old(text: str, *, encoding: str, filename: str = "") -> StatisticFile:
    result = StatisticFile(layout=Layout.FLAT_OLD, encoding=encoding, filename=filename)
    header, rows = _reader(text)
    if "Zeit" not in header:
        result.problem(1, _("Columns missing: %(names)s.") % {"names": "Zeit"})
        return result
    variables = _variables(header, ("Merkmal_Code", "Merkmal_Label", "Auspraegung_Code", "Auspraegung_Label"))
    # `BEVSTD__Bevoelkerungsstand__Anzahl` and its quality column `BEVSTD__Bevoelkerungsstand__q`.
    measures = []
    for index, name in enumerate(header):
        parts = name.split("__")
        if len(parts) >= 2 and parts[-1] != "q":
            code, label, unit = parts[0], parts[1].replace("_", " "), parts[2] if len(parts) > 2 else ""
            quality_name = f"{code}__{parts[1]}__q"
            quality = header.index(quality_name) if quality_name in header else None
            measures.append(_ValueColumn(value=index, quality=quality, measure=Measure(code, label, unit)))
    if not measures:
        result.problem(1, _("No value column (CODE__Label__Unit) in the header."))
        return result
    _read_rows(
        result,
        header,
        rows,
        variables,
        time=header.index("Zeit"),
        statistic=(header.index("Statistik_Code"), header.index("Statistik_Label")),
        measures=measures,
        decimal_point=False,
    )
    return result


def _read_rows(
    result: StatisticFile,
    header: list[str],
    rows: list[tuple[int, list[str]]],
    variables: list[tuple[int, int, int, int]],
    *,
    time: int,
    statistic: tuple[int, int],
    measures: list["_ValueColumn"],
    decimal_point: bool,
) -> None:
    if not rows:
        result.problem(1, _("The file holds a header but no data."))
        return
    first = rows[0][1]
    if statistic[0] < len(first):
        result.table_code = table_code_from_name(result.filename, first[statistic[0]].strip())
        result.statistic = first[statistic[1]].strip() if statistic[1] < len(first) else ""
        result.title = result.statistic
    region = _region_variable(rows, variables)
    if region is None:
        result.problem(rows[0][0], _("No variable of the table holds region keys (KREISE, GEMEIN, DLAND, …)."))
        return
    width = len(header)
    for line, cells in rows:
        if len(cells) != width:
            result.problem(
                line,
                _("The line has %(found)s columns, the header %(expected)s.")
                % {"found": len(cells), "expected": width},
            )
            continue
        reference_date = parse_reference_date(cells[time])
        if reference_date is None:
            result.problem(line, _("“%(value)s” is no date.") % {"value": cells[time]}, time + 1, header[time])
            continue
        region_key = cells[variables[region][2]].strip()
        if not is_region_key(region_key):
            column = variables[region][2]
            result.problem(line, _("“%(value)s” is no region key.") % {"value": region_key}, column + 1, header[column])
            continue
        region_name = cells[variables[region][3]].strip()
        breakdown = []
        for position, (code, label, attribute, attribute_label) in enumerate(variables):
            if position == region:
                continue
            variable = cells[code].strip()
            result.variables.setdefault(variable, cells[label].strip())
            # An empty attribute code is the total (`Insgesamt`); it keeps that name as its code.
            breakdown.append(
                Breakdown(
                    variable=variable,
                    code=cells[attribute].strip() or cells[attribute_label].strip(),
                    label=cells[attribute_label].strip(),
                )
            )
        for column in measures:
            measure = column.measure_in(cells)
            value_col, quality_col = column.value, column.quality
            raw = cells[value_col]
            quality = cells[quality_col].strip() if quality_col is not None else ""
            if not raw.strip() and quality and not quality.isalpha():
                raw, quality = quality, ""  # the marker stands in the quality column, the value is empty
            try:
                cell = parse_cell(raw, decimal_point=decimal_point)
            except CellError:
                result.problem(
                    line,
                    _("“%(value)s” is neither a figure nor a statistical marker.") % {"value": raw.strip()}
                    if raw.strip()
                    else _("The cell is empty."),
                    value_col + 1,
                    header[value_col],
                )
                continue
            marker, flags = cell.marker, cell.flags
            if quality:
                # The quality column holds a marker (`.`) or flag letters (`e`, `p`).
                try:
                    extra = parse_cell(quality if not quality.isalpha() else f"0{quality}")
                except CellError:
                    result.problem(
                        line,
                        _("“%(value)s” is no quality mark.") % {"value": quality},
                        quality_col + 1,
                        header[quality_col],
                    )
                    continue
                if extra.marker:
                    marker = extra.marker
                flags = "".join(sorted(set(flags + extra.flags)))
            result.observations.append(
                Observation(
                    line=line,
                    reference_date=reference_date,
                    region_key=region_key,
                    region_name=region_name,
                    breakdown=tuple(breakdown),
                    measure=measure,
                    value=cell.value if marker in {"", "()"} else None,
                    marker=marker,
                    flags=flags,
                )
            )
