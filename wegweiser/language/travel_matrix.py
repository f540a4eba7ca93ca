"""Reading the district's travel-time matrix (CSV): check every line, report each problem with its line and
field, and load nothing unless every line is right."""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

# Accepted column names (English and German) for the four columns.
COLUMNS = {
    "from_ags": ("from_ags", "von_ags", "from", "von"),
    "to_ags": ("to_ags", "nach_ags", "to", "nach"),
    "car_minutes": ("car_minutes", "minuten_auto", "pkw_minuten", "car"),
    "public_transport_minutes": ("public_transport_minutes", "minuten_oepnv", "oepnv_minuten", "public_transport"),
}
MAX_MINUTES = Decimal(600)


@dataclass
class Problem:
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return _("Line %(line)s, %(field)s: %(message)s") % {
                "line": self.line,
                "field": self.field,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class TravelMatrix:
    rows: list[tuple[int, int, Decimal, Decimal]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    return content.decode("latin-1")


def _minutes(raw: str) -> Decimal:
    value = Decimal(raw.strip().replace(",", "."))
    if not value.is_finite():
        raise InvalidOperation
    return value


def parse_travel_matrix(content: bytes, municipality_by_ags: dict[str, int]) -> TravelMatrix:
    """Parse the CSV (comma or semicolon separated, a header line naming the four columns)."""
    result = TravelMatrix()
    text = _decode(content)
    if not text.strip():
        result.problems.append(Problem(1, "", _("The file is empty.")))
        return result
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in next(reader)]
    index = {}
    for key, aliases in COLUMNS.items():
        found = [position for position, name in enumerate(header) if name in aliases]
        if not found:
            result.problems.append(
                Problem(
                    1, key, _("The column is missing (expected one of: %(names)s).") % {"names": ", ".join(aliases)}
                )
            )
        else:
            index[key] = found[0]
    if result.problems:
        return result
    seen: dict[tuple[int, int], int] = {}
    for line_number, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < len(header):
            result.problems.append(
                Problem(
                    line_number,
                    "",
                    _("%(found)s fields instead of %(expected)s.") % {"found": len(record), "expected": len(header)},
                )
            )
            continue
        ids = []
        for key in ("from_ags", "to_ags"):
            raw = record[index[key]].strip()
            if not (raw.isdigit() and len(raw) == 8):
                result.problems.append(
                    Problem(line_number, key, _("“%(value)s” is not an 8-digit AGS.") % {"value": raw})
                )
                ids.append(None)
                continue
            municipality = municipality_by_ags.get(raw)
            if municipality is None:
                result.problems.append(
                    Problem(
                        line_number, key, _("No municipality of the district has the AGS %(value)s.") % {"value": raw}
                    )
                )
            ids.append(municipality)
        minutes = []
        for key in ("car_minutes", "public_transport_minutes"):
            raw = record[index[key]].strip()
            try:
                value = _minutes(raw)
            except InvalidOperation:
                result.problems.append(Problem(line_number, key, _("“%(value)s” is not a number.") % {"value": raw}))
                minutes.append(None)
                continue
            if value < 0 or value > MAX_MINUTES:
                result.problems.append(
                    Problem(line_number, key, _("%(value)s minutes is outside 0 to 600.") % {"value": raw})
                )
                minutes.append(None)
                continue
            minutes.append(value.quantize(Decimal("0.1")))
        if None in ids or None in minutes:
            continue
        pair = (ids[0], ids[1])
        if pair in seen:
            result.problems.append(
                Problem(line_number, "", _("The same pair as on line %(line)s.") % {"line": seen[pair]})
            )
            continue
        seen[pair] = line_number
        result.rows.append((ids[0], ids[1], minutes[0], minutes[1]))
    if not result.rows and not result.problems:
        result.problems.append(Problem(2, "", _("The file has no travel times.")))
    return result
