"""The SVG pieces every chart shares: the frame with role, title and desc, fill patterns that read without
colour, the hatch for values that are not published, and text that stays right-to-left safe."""

from fractions import Fraction
from xml.sax.saxutils import escape, quoteattr

FONT = "Noto Sans, Noto Sans Arabic, sans-serif"
INK = "#1a1a1a"
MUTED = "#555555"
GRID = "#d0d0d0"
# Series fills: distinct in lightness and pattern, so a grey print or a reader without colour vision tells
# them apart; each comes with a direct label as well.
SERIES_FILLS = ("#1f4e79", "url(#pattern-stripes)", "#9dc3e6", "url(#pattern-dots)", "#555555", "#ffffff")
# Lines: a dash pattern and a marker shape per series.
LINE_COLOURS = ("#1f4e79", "#c55a11", "#2e7d32", "#6a1b9a", "#555555", "#000000")
SERIES_DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 2", "10 4")
SERIES_MARKERS = ("circle", "square", "triangle", "diamond", "cross", "circle")
# Sequential classes of the map, light to dark (readable in grey).
CLASS_FILLS = ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c", "#08306b")
HATCH = "url(#pattern-hidden)"
NO_DATA_FILL = "#ffffff"

# Unicode isolates: a label in Arabic or Hebrew keeps its own direction without turning the numbers and
# words around it (what `<bdi>` does in HTML).
FSI, PDI = "\u2068", "\u2069"


def isolate(text: str) -> str:
    return f"{FSI}{text}{PDI}"


def text_escape(text: str) -> str:
    return escape(str(text))


def attr(value) -> str:
    return quoteattr(str(value))


def num(value: float) -> str:
    """Coordinates with one decimal: enough at these sizes, and the same text on every run."""
    text = f"{value:.1f}"
    return "0" if text in ("0.0", "-0.0") else text.removesuffix(".0")


def defs() -> str:
    return (
        "<defs>"
        '<pattern id="pattern-hidden" patternUnits="userSpaceOnUse" width="6" height="6" '
        'patternTransform="rotate(45)"><rect width="6" height="6" fill="#ffffff"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="{MUTED}" stroke-width="2"/></pattern>'
        '<pattern id="pattern-stripes" patternUnits="userSpaceOnUse" width="5" height="5" '
        'patternTransform="rotate(-45)"><rect width="5" height="5" fill="#c55a11"/>'
        '<line x1="0" y1="0" x2="0" y2="5" stroke="#ffffff" stroke-width="1.5"/></pattern>'
        '<pattern id="pattern-dots" patternUnits="userSpaceOnUse" width="5" height="5">'
        '<rect width="5" height="5" fill="#ffe699"/><circle cx="2.5" cy="2.5" r="1.2" fill="#1a1a1a"/></pattern>'
        "</defs>"
    )


def document(*, width: int, height: int, title: str, description: str, body: list[str], chart_id: str) -> str:
    """The whole SVG: an image for assistive technology, named by its title and described by its desc."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'font-family={attr(FONT)} font-size="12" fill="{INK}">'
        f'<title id="{chart_id}-title">{text_escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{text_escape(description)}</desc>'
        + defs()
        + f'<rect width="{width}" height="{height}" fill="#ffffff"/>'
        + "".join(body)
        + "</svg>"
    )


def text(
    x: float, y: float, content: str, *, anchor: str = "start", size: int = 12, weight: str = "", fill: str = INK
) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{num(x)}" y="{num(y)}" text-anchor="{anchor}" font-size="{size}"{weight_attr} fill="{fill}">'
        f"{text_escape(isolate(content))}</text>"
    )


def marker(shape: str, x: float, y: float, *, fill: str, title: str, value: str) -> str:
    tooltip = f"<title>{text_escape(title)}</title>"
    data = f' class="mark" data-value={attr(value)}'
    if shape == "square":
        return f'<rect x="{num(x - 3.5)}" y="{num(y - 3.5)}" width="7" height="7" fill="{fill}"{data}>{tooltip}</rect>'
    if shape == "triangle":
        points = f"{num(x)},{num(y - 4.5)} {num(x + 4.5)},{num(y + 3.5)} {num(x - 4.5)},{num(y + 3.5)}"
        return f'<polygon points="{points}" fill="{fill}"{data}>{tooltip}</polygon>'
    if shape == "diamond":
        points = f"{num(x)},{num(y - 5)} {num(x + 5)},{num(y)} {num(x)},{num(y + 5)} {num(x - 5)},{num(y)}"
        return f'<polygon points="{points}" fill="{fill}"{data}>{tooltip}</polygon>'
    if shape == "cross":
        d = f"M{num(x - 4)} {num(y - 4)}L{num(x + 4)} {num(y + 4)}M{num(x - 4)} {num(y + 4)}L{num(x + 4)} {num(y - 4)}"
        return f'<path d="{d}" stroke="{fill}" stroke-width="2.5" fill="none"{data}>{tooltip}</path>'
    return f'<circle cx="{num(x)}" cy="{num(y)}" r="4" fill="{fill}"{data}>{tooltip}</circle>'


def legend_swatch(x: float, y: float, fill: str, label: str, *, stroke: str = INK) -> str:
    return (
        f'<rect x="{num(x)}" y="{num(y)}" width="14" height="14" fill="{fill}" stroke="{stroke}" stroke-width="0.6"/>'
        + text(x + 20, y + 11, label, size=11)
    )


def nice_max(value: float, *, decimals: int = 0, ticks: int = 4) -> float:
    """The axis end: `ticks` times the smallest step of 1, 2, 2.5 or 5 times a power of ten that reaches the
    value. A step the data's own `decimals` cannot write is skipped, so the axis never
    reads "0 0 0 0 1" for counts up to one, nor "1 3 3 4 5" for counts up to five."""
    if value <= 0:
        value = 0
    target = Fraction(str(value))
    power = Fraction(1, 10**decimals)
    while True:
        for factor in (Fraction(1), Fraction(2), Fraction(5, 2), Fraction(5)):
            step = factor * power
            writable = (step * 10**decimals).denominator == 1
            if writable and step * ticks >= target and step * ticks > 0:
                return float(step * ticks)
        power *= 10
