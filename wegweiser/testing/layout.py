"""Checks on rendered pages that a user on a phone would notice."""

from html.parser import HTMLParser


class _StackedTables(HTMLParser):
    def __init__(self):
        super().__init__()
        self.depth = 0  # nesting of stacked tables
        self.in_body = False
        self.cell_in_row = 0
        self.unlabelled: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "table" and "table--stack" in (attributes.get("class") or "").split():
            self.depth += 1
        elif self.depth and tag == "tbody":
            self.in_body = True
        elif self.depth and self.in_body and tag == "tr":
            self.cell_in_row = 0
        elif self.depth and self.in_body and tag in {"td", "th"}:
            self.cell_in_row += 1
            if (
                tag == "td"
                and self.cell_in_row > 1
                and not attributes.get("data-label")
                and not attributes.get("colspan")
                and "actions" not in (attributes.get("class") or "").split()
            ):
                self.unlabelled.append(self.getpos()[0])

    def handle_endtag(self, tag):
        if self.depth and tag == "tbody":
            self.in_body = False
        elif self.depth and tag == "table":
            self.depth -= 1


def stacked_cells_without_label(html: str) -> list[int]:
    """Lines of cells in a `table--stack` that lose their column's name on a phone.

    On a narrow screen such a table drops its head and shows each row as a block, so every cell after the
    row's first (which names the row) needs a `data-label` (bare "ruht", "1", "3" said nothing); a cell of
    buttons (class `actions`) speaks for itself."""
    parser = _StackedTables()
    parser.feed(html)
    return parser.unlabelled
