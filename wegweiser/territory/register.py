"""Reading the official municipality register (GV-ISys "AuszugGV" layout) into plain records.

Checks every row and reports each problem with file, line and field; the caller loads nothing unless the
whole file is clean. Works for any Landkreis: the district is the file's one Kreis row (Satzart 40).
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from wegweiser.core.text_import import TextImportError, decode_upload

REQUIRED_COLUMNS = ("satzart", "textkennzeichen", "land", "rb", "kreis", "vb", "gemeinde", "gemeindename")
KIND_BY_TEXTKENNZEICHEN = {
    "60": "gemeinde",  # Markt
    "61": "stadt",  # kreisfreie Stadt
    "62": "stadt",  # Stadtkreis
    "63": "stadt",
    "64": "gemeinde",
    "67": "stadt",  # große Kreisstadt
}
DISTRICT_PREFIX_BY_TEXTKENNZEICHEN = {"43": "Kreis", "44": "Landkreis"}
UNINHABITED_TEXTKENNZEICHEN = {"65", "66"}  # gemeindefreie Gebiete


def _csv_message(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return _("The field is longer than %(count)s characters.") % {"count": csv.field_size_limit()}
    return _("The line is no valid CSV (%(error)s).") % {"error": str(error)}


@dataclass
class RegisterProblem:
    filename: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return _("%(file)s, line %(line)s, field “%(field)s”: %(message)s") % {
            "file": self.filename,
            "line": self.line,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class MunicipalityRecord:
    line: int
    regional_key: str
    ags: str | None
    name: str
    kind: str
    samtgemeinde_key: str | None = None
    population: int | None = None
    population_male: int | None = None
    population_female: int | None = None
    area_km2: Decimal | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None
    postcode: str = ""


@dataclass
class Register:
    filename: str
    district_ags: str = ""
    district_name: str = ""
    municipalities: list[MunicipalityRecord] = field(default_factory=list)
    problems: list[RegisterProblem] = field(default_factory=list)
    skipped: int = 0


def _field_holding(line_text: str, word: str, header_line: str) -> str:
    """The column of `line_text` whose value holds `word` (for naming the field of an encoding problem)."""
    delimiter = _delimiter(header_line)
    header = next(csv.reader([header_line], delimiter=delimiter), [])
    try:
        values = next(csv.reader([line_text], delimiter=delimiter), [])
    except csv.Error:
        return "-"
    for name, value in zip(header, values, strict=False):
        if word and (word in value or value.strip() in word) and value.strip():
            return name.strip().lower() or "-"
    return "-"


def _overlong_field(text: str, start: int, delimiter: str, header: list[str]) -> tuple[int, str]:
    limit = csv.field_size_limit()
    lines = text.split("\n")
    for number in range(start, len(lines) + 1):
        pieces = lines[number - 1].split(delimiter)
        for index, piece in enumerate(pieces):
            if len(piece) > limit:
                return number, header[index] if index < len(header) else "-"
    return start, "-"


def _delimiter(first_line: str) -> str:
    return ";" if first_line.count(";") > first_line.count(",") else ","


# Lengths the database holds (Municipality.name, District.name); checked here so that nothing PostgreSQL would
# refuse reaches it.
MAX_NAME_LENGTH = 200
MAX_POPULATION = 2_147_483_647  # PositiveIntegerField on PostgreSQL (integer)


def _number(text: str) -> str:
    return text.replace("\u00a0", "").replace(" ", "").strip()


def parse_register(content: bytes, filename: str, on_row=None) -> Register:
    register = Register(filename=filename)
    problem = register.problems.append
    try:
        text = decode_upload(content)
    except TextImportError as error:
        finding = error.finding
        if finding is None:
            problem(RegisterProblem(filename, 1, "-", str(error)))
        else:
            header_line = content.split(b"\n", 1)[0].decode("ascii", errors="replace")
            field_name = _field_holding(finding.line_text, finding.word, header_line) if finding.line > 1 else "-"
            problem(RegisterProblem(filename, finding.line, field_name, str(error)))
        return register
    first_line = text.split("\n", 1)[0]
    delimiter = _delimiter(first_line)
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in (reader.fieldnames or [])]
    except csv.Error as error:
        problem(RegisterProblem(filename, 1, "-", _csv_message(error)))
        return register
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        problem(
            RegisterProblem(
                filename,
                1,
                ", ".join(missing),
                _("Column missing. Expected the layout of the GV-ISys extract with the columns %(columns)s.")
                % {"columns": ", ".join(REQUIRED_COLUMNS)},
            )
        )
        return register
    reader.fieldnames = header
    rows: list[tuple[int, dict[str, str]]] = []
    start = reader.line_num + 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            # The row is lost to the reader (which may not have counted its line yet); find the line with the
            # overlong piece and name the column by splitting it plainly.
            line_number, field_name = _overlong_field(text, start, delimiter, header)
            problem(RegisterProblem(filename, line_number, field_name, _csv_message(error)))
            start = max(reader.line_num, line_number) + 1
            continue
        rows.append((start, raw))
        start = reader.line_num + 1
    samtgemeinden: dict[str, str] = {}
    for index, (line, raw) in enumerate(rows):
        if None in raw:
            problem(
                RegisterProblem(
                    filename,
                    line,
                    "-",
                    _("The row has more fields than the header names (%(count)s).") % {"count": len(header)},
                )
            )
            continue
        row = {key: (value or "").strip() for key, value in raw.items() if key}
        control = next((key for key, value in row.items() if any(ord(c) < 32 and c != "\t" for c in value)), None)
        if control is not None:
            problem(RegisterProblem(filename, line, control, _("The field holds a control character.")))
            continue
        prefix = DISTRICT_PREFIX_BY_TEXTKENNZEICHEN.get(row["textkennzeichen"], "") if row["satzart"] == "40" else ""
        name = f"{prefix} {row['gemeindename']}".strip()
        if len(name) > MAX_NAME_LENGTH:
            problem(
                RegisterProblem(
                    filename,
                    line,
                    "gemeindename",
                    _("The name is longer than %(count)s characters.") % {"count": MAX_NAME_LENGTH},
                )
            )
            continue
        if on_row is not None:
            on_row(index + 1, len(rows))
        if not any(row.values()):
            continue
        satzart = row["satzart"]
        land, rb, kreis, vb, gemeinde = (row[k] for k in ("land", "rb", "kreis", "vb", "gemeinde"))
        kreis_key = f"{land}{rb}{kreis}"
        if satzart not in {"10", "20", "30", "40", "50", "60"}:
            problem(
                RegisterProblem(filename, line, "satzart", _("Unknown record type “%(value)s”.") % {"value": satzart})
            )
            continue
        if satzart in {"10", "20", "30"}:
            continue  # Land, Regierungsbezirk, Region: above the district
        if not (len(kreis_key) == 5 and kreis_key.isdigit()):
            problem(
                RegisterProblem(filename, line, "kreis", _("The district key must have 5 digits (land, rb, kreis)."))
            )
            continue
        if satzart == "40":
            if register.district_ags and register.district_ags != kreis_key:
                problem(
                    RegisterProblem(
                        filename, line, "kreis", _("The file holds more than one district; load one district per file.")
                    )
                )
            register.district_ags = kreis_key
            register.district_name = name
            continue
        if register.district_ags and kreis_key != register.district_ags:
            problem(
                RegisterProblem(
                    filename, line, "kreis", _("This row belongs to another district (%(key)s).") % {"key": kreis_key}
                )
            )
            continue
        if not (len(vb) == 4 and vb.isdigit()):
            problem(RegisterProblem(filename, line, "vb", _("The association key (vb) must have 4 digits.")))
            continue
        if satzart == "50":
            if row["textkennzeichen"] == "52":
                key = kreis_key + vb
                samtgemeinden[vb] = key
                register.municipalities.append(
                    MunicipalityRecord(
                        line=line, regional_key=key, ags=None, name=row["gemeindename"], kind="samtgemeinde"
                    )
                )
            continue  # an einheitsgemeinde's own Gemeinde row follows as Satzart 60
        if row["textkennzeichen"] in UNINHABITED_TEXTKENNZEICHEN:
            register.skipped += 1
            continue
        kind = KIND_BY_TEXTKENNZEICHEN.get(row["textkennzeichen"])
        if kind is None:
            problem(
                RegisterProblem(
                    filename,
                    line,
                    "textkennzeichen",
                    _("Unknown kind of municipality “%(value)s”.") % {"value": row["textkennzeichen"]},
                )
            )
            continue
        if not (len(gemeinde) == 3 and gemeinde.isdigit()):
            problem(RegisterProblem(filename, line, "gemeinde", _("The municipality key must have 3 digits.")))
            continue
        if not row["gemeindename"]:
            problem(RegisterProblem(filename, line, "gemeindename", _("The name is empty.")))
            continue
        record = MunicipalityRecord(
            line=line,
            regional_key=kreis_key + vb + gemeinde,
            ags=kreis_key + gemeinde,
            name=row["gemeindename"],
            kind=kind,
            postcode=row.get("postleitzahl", "")[:5],
        )
        for column, attribute in (
            ("bevoelkerung", "population"),
            ("maennlich", "population_male"),
            ("weiblich", "population_female"),
        ):
            value = _number(row.get(column, ""))
            if not value:
                continue
            if not value.isdigit():
                problem(
                    RegisterProblem(
                        filename, line, column, _("“%(value)s” is not a whole number.") % {"value": row[column]}
                    )
                )
                continue
            if int(value) > MAX_POPULATION:
                problem(
                    RegisterProblem(
                        filename, line, column, _("%(value)s lies outside the possible range.") % {"value": row[column]}
                    )
                )
                continue
            setattr(record, attribute, int(value))
        for column, attribute, low, high in (
            ("flaeche", "area_km2", Decimal(0), Decimal(100000)),
            ("breitengrad", "latitude", Decimal(-90), Decimal(90)),
            ("laengengrad", "longitude", Decimal(-180), Decimal(180)),
        ):
            value = _number(row.get(column, "")).replace(",", ".")
            if not value:
                continue
            try:
                number = Decimal(value)
            except InvalidOperation:
                problem(
                    RegisterProblem(filename, line, column, _("“%(value)s” is not a number.") % {"value": row[column]})
                )
                continue
            if not low <= number <= high:
                problem(
                    RegisterProblem(
                        filename, line, column, _("%(value)s lies outside the possible range.") % {"value": row[column]}
                    )
                )
                continue
            setattr(
                record, attribute, number.quantize(Decimal("0.000001") if attribute != "area_km2" else Decimal("0.01"))
            )
        register.municipalities.append(record)
    # Members are matched after reading, so a file sorted otherwise (by name, say) keeps its Samtgemeinden.
    for record in register.municipalities:
        if record.kind != "samtgemeinde":
            record.samtgemeinde_key = samtgemeinden.get(record.regional_key[5:9])
    if not register.district_ags and not register.problems:
        problem(RegisterProblem(filename, 1, "satzart", _("The file has no district row (Satzart 40).")))
    if not any(m.kind != "samtgemeinde" for m in register.municipalities) and not register.problems:
        problem(RegisterProblem(filename, 1, "satzart", _("The file lists no municipality (Satzart 60).")))
    # A municipality is the same by its regional key, and a Stadt or Gemeinde also by its AGS (the same Gemeinde
    # number under two associations would clash in the database instead of being reported here).
    seen: dict[str, int] = {}
    for record in register.municipalities:
        first = seen.get(record.regional_key) or (seen.get(record.ags) if record.ags else None)
        if first is not None:
            problem(
                RegisterProblem(
                    filename,
                    record.line,
                    "gemeinde",
                    _("The same municipality appears twice (first in line %(line)s).") % {"line": first},
                )
            )
        seen.setdefault(record.regional_key, record.line)
        if record.ags:
            seen.setdefault(record.ags, record.line)
    return register
