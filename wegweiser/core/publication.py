"""The one rule for publishing counts of people outside the casework (Lagebild, API, public pages).

A count of 1 to 4 people (below THRESHOLD) is hidden ("small"); 0 and counts of THRESHOLD or more are shown,
and so is a total of exactly THRESHOLD. A line of counts with its total must not give a hidden count away as
the total minus the shown ones: that happens when one count is hidden alone, or when the hidden counts sum to
their number (each is at least 1, so each must be 1). While that is so, the smallest shown count above zero is
hidden too ("secondary"); where hiding every such count is not enough, the total is hidden as well. Zeros
are always shown and are never hidden, so a reader knows every hidden count is at least 1. A line is
protected this way even when its total is not published with it, since the total may be known elsewhere.
"""

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

THRESHOLD = 5

SMALL = "small"
SECONDARY = "secondary"

REASON_TEXTS = {
    SMALL: format_lazy(gettext_lazy("Hidden: fewer than {threshold} people"), threshold=THRESHOLD),
    SECONDARY: gettext_lazy("Hidden so that a small number cannot be worked out from the total"),
}

Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Cell:
    """One published count: its value if shown, else None and the reason it is hidden."""

    value: int | None
    reason: str | None = None

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("a cell has either a value or a reason for hiding it")
        if self.reason is not None and self.reason not in REASON_TEXTS:
            raise ValueError(f"unknown reason {self.reason!r}")

    @property
    def shown(self) -> bool:
        return self.reason is None

    @property
    def reason_text(self) -> str:
        """Why the count is hidden, in the active language; empty for a shown count."""
        return REASON_TEXTS[self.reason] if self.reason is not None else ""


def is_small(count: int) -> bool:
    """Whether a count of people is too small to be shown on its own (1 to THRESHOLD - 1)."""
    return 0 < count < THRESHOLD


def publish_line(counts: Mapping[Key, int], total: int | None = None) -> tuple[dict[Key, Cell], Cell | None]:
    """One line of counts and its total as they may be published (see the module docstring).

    Returns a cell per key (in the order given) and the total's cell, or None when no total was given.
    """
    if any(count < 0 for count in counts.values()) or (total is not None and total < 0):
        raise ValueError("counts of people are not negative")
    hidden = {key for key, count in counts.items() if is_small(count)}
    secondary: set[Key] = set()
    # Candidates for secondary suppression: shown counts above zero, smallest first (ties in the given order).
    order = {key: index for index, key in enumerate(counts)}
    candidates = sorted(
        (key for key, count in counts.items() if count >= THRESHOLD), key=lambda key: (counts[key], order[key])
    )

    def recoverable() -> bool:
        covered = hidden | secondary
        return bool(covered) and (len(covered) == 1 or sum(counts[key] for key in covered) == len(covered))

    while recoverable() and candidates:
        secondary.add(candidates.pop(0))
    cells = {
        key: Cell(None, SMALL) if key in hidden else Cell(None, SECONDARY) if key in secondary else Cell(count)
        for key, count in counts.items()
    }
    if total is None:
        return cells, None
    if is_small(total):
        return cells, Cell(None, SMALL)
    if recoverable():
        return cells, Cell(None, SECONDARY)
    return cells, Cell(total)


def published_value(cell: Cell) -> int | None:
    """The cell as the API gives it: its value, or None when hidden."""
    return cell.value if cell.shown else None
