"""Lagebild charts: SVG rendered once on the server, for the dashboard page and the PDF report alike.

Pure functions of plain data (no database, no request): the `lagebild` views and the report job fill the
inputs from their selectors and embed the SVG as it is. Hand-written SVG rather than Vega-Lite through
`vl-convert-python`: the 84 MB wheel would buy a grammar these five chart kinds do not need, while the
accessibility this project asks for (a `<title>` per municipality, hatching for values not published, an
outline drawn unfilled and last, text isolated for right-to-left labels, the same bytes on every run) is a few
lines here and would be post-processing there.

Inputs
------
- `Datum(value, reason="")`: a number, or None with the reason it is not shown (`Datum.from_cell` takes a
  `core.publication.Cell`); None without a reason is "no data". A value not published is hatched and says
  "not published", never drawn as zero.
- `Series(label, values)`: one value per period or category, in their order.
- `PyramidBand(label, male, female)`: one row of the pyramid, youngest first.

Charts (each returns a `Chart`: `kind`, `title`, `description`, `svg`, `table`)
-------------------------------------------------------------------------------
- `time_series(title=, periods=, series=, unit=, decimals=0)`: lines with a marker shape and dash per
  series and a direct label at each line's end.
- `bar_chart(title=, categories=, series=, unit=, stacked=False, decimals=0)`: horizontal bars, grouped or
  stacked, with their numbers and a pattern per series.
- `population_pyramid(title=, bands=, unit=, left_label=, right_label=)`: age bands by sex.
- `choropleth(title=, values={ags: Datum}, unit=, decimals=0, breaks=None)`: the 34 municipalities of
  Landkreis Osnabrück from VG250 (`data/`, with its SOURCES note), classes by equal counts unless `breaks`
  are given; `load_boundaries()` and `district_name()` give the regions and the district's name.

Every SVG has `role="img"`, a `<title>` and a `<desc>` in words (gettext, the active language), numbers in
the active locale. `Chart.table` (`Table`: caption, headers, rows of text and `Datum`) holds the same data
for display beside the chart (`display_rows()`) and for download: `table_csv(table)` and `table_xlsx(table)`
write through `core.spreadsheet`, so no cell is run as a formula.

The German of these strings lives in `translations_de.json` until the `lagebild` app has its catalogue
(the forecast's convention); `scripts/po.py fill de wegweiser/lagebild/charts/translations_de.json lagebild`.
"""

from .bars import PyramidBand, bar_chart, population_pyramid
from .choropleth import Boundaries, Region, choropleth, class_breaks, district_name, load_boundaries
from .lines import Series, time_series
from .model import Chart, Datum, Table, format_datum, format_number, table_csv, table_xlsx

__all__ = [
    "PyramidBand",
    "Boundaries",
    "Chart",
    "Datum",
    "Region",
    "Series",
    "Table",
    "bar_chart",
    "choropleth",
    "class_breaks",
    "district_name",
    "format_datum",
    "format_number",
    "load_boundaries",
    "population_pyramid",
    "table_csv",
    "table_xlsx",
    "time_series",
]
