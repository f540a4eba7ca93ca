"""How a forecast figure was worked out: its value, the inputs it came from and the formula in words.

The page and the PDF render a `Figure` as its label, its value and `formula_text()`, a sentence such as
"12 children × care rate 35 % × (1 + buffer 10 %) = 4.62 places"; `terms` hold the same inputs as numbers
(and, where an input is itself a forecast figure, that figure, so a reader can follow it back to the data).
Labels and formulas are lazy translations with named placeholders, so the text is in the reader's language
when it is rendered, not when the forecast ran.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import cache, lru_cache
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as lazy_translation

# A forecast builds thousands of figures from a few dozen texts: one lazy object per text, made once, is enough
# (it is still translated into the language active when it is rendered). Keeping the name `gettext_lazy` lets
# the catalogue extractor find the texts.
gettext_lazy = cache(lazy_translation)


class Unit(StrEnum):
    """How a number is written in the formula text."""

    COUNT = "count"  # people, places, seats: up to two decimals, since forecasts are estimates
    RATE = "rate"  # a share, written as a percentage
    WEEKS = "weeks"
    YEAR = "year"  # a calendar year, written without grouping
    AGE = "age"
    CODE = "code"  # a name such as a course level, written as it is (`Term.code`)


@dataclass(frozen=True)
class Term:
    """One input of a figure: a number, how to write it, and the figure it came from if it was worked out."""

    value: Decimal
    unit: Unit = Unit.COUNT
    source: "Figure | None" = None
    code: str = ""

    def text(self) -> str:
        if self.unit is Unit.CODE:
            return self.code
        return format_number(self.value, self.unit)


@dataclass(frozen=True)
class Figure:
    """A forecast value with its working.

    `formula` is a lazy translation whose placeholders name the keys of `terms`, plus `result` for the value
    itself and `parts` for a sum of a varying number of pieces (each a lazy template with its own terms, joined
    by " + "); `note` (optional, lazy) says why a rule applied, for example that a negative count became 0.
    """

    value: Decimal
    label: Any
    formula: Any
    terms: Mapping[str, Term] = field(default_factory=dict)
    unit: Unit = Unit.COUNT
    note: Any = None
    parts: tuple[tuple[Any, Mapping[str, Term]], ...] = ()  # a template of numbers only needs no translation

    def formula_text(self) -> str:
        """The formula with the inputs and the result written in, in the active language."""
        values = {name: term.text() for name, term in self.terms.items()}
        values["result"] = format_number(self.value, self.unit)
        pieces = [str(template) % {name: term.text() for name, term in terms.items()} for template, terms in self.parts]
        values["parts"] = " + ".join(pieces) if pieces else format_number(Decimal(0))
        return str(self.formula) % values

    def inputs(self) -> dict[str, Decimal]:
        """The inputs as plain numbers, for tables and downloads."""
        return {name: term.value for name, term in self.terms.items()}

    def explain(self, depth: int = 1) -> dict[str, Any]:
        """The figure as plain data for a template, the PDF (Typst reads JSON) or a download, in the active
        language: label, value and its text, the formula in words, the note, and the inputs; an input that is
        itself a figure is explained `depth` levels further down (0: not at all)."""
        return {
            "label": str(self.label),
            "value": self.value,
            "text": format_number(self.value, self.unit),
            "formula": self.formula_text(),
            "note": str(self.note) if self.note is not None else "",
            "inputs": _explain_terms(self.terms, depth),
            "parts": [
                {
                    "text": str(template) % {name: term.text() for name, term in terms.items()},
                    "inputs": _explain_terms(terms, depth),
                }
                for template, terms in self.parts
            ],
        }

    def as_term(self) -> Term:
        """This figure as the input of another one."""
        return Term(self.value, self.unit, source=self)


def _explain_terms(terms: Mapping[str, Term], depth: int) -> list[dict[str, Any]]:
    inputs = []
    for name, term in terms.items():
        item: dict[str, Any] = {"name": name, "value": term.value, "text": term.text()}
        if term.source is not None and depth > 0:
            item["source"] = term.source.explain(depth - 1)
        inputs.append(item)
    return inputs


def plain(value: Decimal, places: int = 2) -> Decimal:
    """`value` rounded half up (as a reader rounds by hand) to `places` decimals without trailing zeros."""
    rounded = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if rounded == rounded.to_integral_value():
        return rounded.quantize(Decimal(1))
    return rounded.normalize()


def format_number(value: Decimal, unit: Unit = Unit.COUNT) -> str:
    """A number as the active language writes it (decimal comma in German)."""
    if unit in (Unit.YEAR, Unit.AGE):
        return str(int(value))
    return _format_localised(value, unit, get_language())


@lru_cache(maxsize=8192)
def _format_localised(value: Decimal, unit: Unit, language: str | None) -> str:
    """Cached by language: the working of a district writes the same few numbers (0, seats, rates) many times."""
    if unit is Unit.RATE:
        return gettext("%(number)s %%") % {"number": number_format(plain(value * 100, 1), use_l10n=True)}
    return number_format(plain(value, 2), use_l10n=True, force_grouping=True)
