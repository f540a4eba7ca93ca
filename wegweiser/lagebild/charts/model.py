"""The plain data a chart is drawn from, the chart that comes out, and its table."""

import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from wegweiser.core.publication import Cell
from wegweiser.core.spreadsheet import spreadsheet_csv_writer, spreadsheet_xlsx

Number = int | float | Decimal


@dataclass(frozen=True)
class Datum:
    """One value of a chart: a number, or None with the reason it is not shown.

    `reason` is the text a reader sees instead of the number ("Hidden: fewer than 5 people", a statistics
    marker's meaning such as "secret"); a value without a number and without a reason is "no data".
    """

    value: Number | None
    reason: str = ""

    def __post_init__(self) -> None:
        if self.value is not None and self.reason:
            raise ValueError("a shown value carries no reason for hiding it")

    @classmethod
    def from_cell(cls, cell: Cell) -> "Datum":
        """A count as the publication rule lets it out (`core.publication.publish_table`)."""
        return cls(cell.value) if cell.shown else cls(None, str(cell.reason_text))

    @property
    def shown(self) -> bool:
        return self.value is not None

    @property
    def suppressed(self) -> bool:
        """Held back (secret, below the threshold), as opposed to simply missing."""
        return self.value is None and bool(self.reason)


@dataclass(frozen=True)
class Table:
    """The chart's data as a table: beside the chart on the page, under it in the PDF, and as a download.

    The first column holds labels (text); the others hold `Datum` values. `decimals` is how many decimal
    places the numbers are shown with.
    """

    caption: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str | Datum, ...], ...]
    decimals: int = 0

    def display_rows(self) -> list[list[str]]:
        """Every cell as text in the active locale; hidden values say "not published", missing ones "–"."""
        return [
            [cell if isinstance(cell, str) else format_datum(cell, self.decimals) for cell in row] for row in self.rows
        ]

    def export_rows(self) -> list[list[str | Number]]:
        """The header and the rows for a spreadsheet: numbers stay numbers, a hidden value becomes its reason."""
        rows: list[list[str | Number]] = [list(self.headers)]
        for row in self.rows:
            rows.append([cell if isinstance(cell, str) else _export_value(cell) for cell in row])
        return rows

    def values(self) -> list[Datum]:
        return [cell for row in self.rows for cell in row if isinstance(cell, Datum)]


@dataclass(frozen=True)
class Chart:
    """A rendered chart: the SVG (the same for page and PDF), its words for screen readers and its table."""

    kind: str
    title: str
    description: str
    svg: str
    table: Table


def _export_value(datum: Datum) -> str | Number:
    if datum.value is not None:
        return datum.value
    return datum.reason or _("no data")


def format_number(value: Number, decimals: int = 0) -> str:
    """A number in the reader's locale, with thousands grouped (1.234,5 in German, 1,234.5 in English)."""
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def format_datum(datum: Datum, decimals: int = 0) -> str:
    if datum.value is not None:
        return format_number(datum.value, decimals)
    return _("not published") if datum.reason else "–"


def table_csv(table: Table) -> str:
    """The table as CSV text, every cell made safe for spreadsheet programs (`core.spreadsheet`)."""
    out = io.StringIO()
    spreadsheet_csv_writer(out, delimiter=";").writerows(table.export_rows())
    return out.getvalue()


def table_xlsx(table: Table) -> bytes:
    """The table as an XLSX workbook of one sheet (`core.spreadsheet.spreadsheet_xlsx`)."""
    return spreadsheet_xlsx(table.export_rows(), sheet_title=table.caption or "Lagebild")
