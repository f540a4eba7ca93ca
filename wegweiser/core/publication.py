"""The one rule for publishing counts of people outside the casework (Lagebild, API, public pages).

Everything published about the same people is published together, as one `Publication`: the base cells
(for example people per municipality and nationality) and every grouping of them shown beside them (per
municipality, per Samtgemeinde, per nationality, the district total). A reader who has all of it must not be
able to work out a hidden count:

- **primary** (`SMALL`): a count of 1 to THRESHOLD - 1 people is hidden, in the base cells and in every
  grouping; 0 and counts of THRESHOLD or more are shown, and so is a total of exactly THRESHOLD.
- **secondary** (`SECONDARY`): while some hidden count is still determined by the shown ones, because the
  sums that link them (a total is the sum of its parts, a Samtgemeinde the sum of its members, the district
  the sum of everything) leave it only one possible value, one more count is hidden: the smallest shown count
  above zero that the reader would need for it, a base cell before a grouping's sum. The hidden cell names
  the cell it protects (`Cell.protects`).
- Zeros are always shown, so a reader knows that every hidden count is at least 1. A published sum whose
  hidden base cells add up to their number (each must then be 1) counts as giving them away too.

"Determined" is exact: a hidden cell is determined when its value follows from the shown values by the
linear equations of the sums alone (checked with exact fractions). Narrower bounds are not promised: a
hidden count may still be known to lie between 1 and a few more. The base cells count as known to the
reader wherever they are shown, even if a page shows only the groupings, so leaving cells off a page never
weakens the protection.
"""

from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from math import gcd
from typing import Any, Generic, TypeVar

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

THRESHOLD = 5

SMALL = "small"
SECONDARY = "secondary"

# The name under which a publication holds its base cells, beside the groupings the caller names.
CELLS = "cells"

REASON_TEXTS = {
    SMALL: format_lazy(gettext_lazy("Hidden: fewer than {threshold} people"), threshold=THRESHOLD),
    SECONDARY: gettext_lazy("Hidden so that a hidden number cannot be worked out from the numbers shown"),
}

Key = TypeVar("Key", bound=Hashable)

# Where a base cell goes in a grouping: one group key, None for none, or a list (or set) of group keys when it
# counts in several (a person with two nationalities counts under each).
GroupOf = Callable[[Any], Any]


@dataclass(frozen=True)
class Cell:
    """One published count: its value if shown, else None and the reason it is hidden.

    A cell hidden for a secondary reason names the cell it protects: (grouping, key), the grouping being
    CELLS for a base cell.
    """

    value: int | None
    reason: str | None = None
    protects: tuple[str, Hashable] | None = field(default=None)

    def __post_init__(self) -> None:
        if (self.value is None) == (self.reason is None):
            raise ValueError("a cell has either a value or a reason for hiding it")
        if self.reason is not None and self.reason not in REASON_TEXTS:
            raise ValueError(f"unknown reason {self.reason!r}")
        if (self.reason == SECONDARY) != (self.protects is not None):
            raise ValueError("a cell hidden for a secondary reason names the cell it protects, and only such a cell")

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


def published_value(cell: Cell) -> int | None:
    """The cell as the API gives it: its value, or None when hidden."""
    return cell.value if cell.shown else None


@dataclass(frozen=True)
class Publication(Generic[Key]):
    """Counts about people as they may be published: the base cells and each named grouping of them.

    `publication[CELLS]` (or `.cells`) holds the base cells, `publication["municipality"]` a grouping; each maps
    a key to its `Cell`.
    """

    cells: dict[Key, Cell]
    groupings: dict[str, dict[Hashable, Cell]]

    def __getitem__(self, grouping: str) -> dict[Any, Cell]:
        return self.cells if grouping == CELLS else self.groupings[grouping]

    def values(self, grouping: str) -> dict[Any, int | None]:
        """One grouping as the API gives it: key -> value, None where hidden."""
        return {key: published_value(cell) for key, cell in self[grouping].items()}

    def only(self, keep: Callable[[str, Any], bool]) -> "Publication[Key]":
        """The part of the publication a reader may see: the cells for which keep(grouping, key) is true.

        Cut a publication of the whole district down for a reader; never publish the reader's part on its own,
        since its hidden cells would then differ from another reader's and the two could be combined.
        """
        return Publication(
            cells={key: cell for key, cell in self.cells.items() if keep(CELLS, key)},
            groupings={
                name: {key: cell for key, cell in cells.items() if keep(name, key)}
                for name, cells in self.groupings.items()
            },
        )


def publish_as_is(counts: Mapping[Key, int], by: Mapping[str, GroupOf] | None = None) -> Publication[Key]:
    """The same shape as `publish_table`, every cell shown: only for figures that are not about people (free
    seats, offers), so that a selector can return all its figures alike."""
    base, groups = _groups(counts, by or {})
    return Publication(
        cells={key: Cell(count) for key, count in counts.items()},
        groupings={
            name: {key: Cell(sum(base[i] for i in members)) for key, members in grouping.items()}
            for name, grouping in groups.items()
        },
    )


def publish_table(counts: Mapping[Key, int], by: Mapping[str, GroupOf] | None = None) -> Publication[Key]:
    """Base counts of people and groupings of them, published together under the rule (module docstring).

    `by` names each grouping and says, for a base key, which group(s) it counts in (None: none). Give every
    figure that may be shown beside the others over the same people in one call, so their sums are protected
    together. Example: people per municipality, shown with the Samtgemeinden (Melle belongs to none) and the
    district::

        samtgemeinde = {"Bippen": "SG Fürstenau", "Fürstenau": "SG Fürstenau", "Melle": None}
        publication = publish_table(
            {"Bippen": 3, "Fürstenau": 40, "Melle": 120},
            by={"samtgemeinde": lambda key: samtgemeinde[key], "district": lambda key: "district"},
        )
        publication.cells["Bippen"]                  # Cell(None, "small")
        publication.cells["Fürstenau"]               # Cell(None, "secondary", protects=("cells", "Bippen"))
        publication["samtgemeinde"]["SG Fürstenau"]  # Cell(43): 43 - 40 would have given Bippen away
        publication.values("district")               # {"district": 163}

    A breakdown keys the base cells by both dimensions, (municipality, nationality), and adds groupings such as
    "nationality": lambda key: key[1] beside "municipality": lambda key: key[0].

    The result does not depend on the order of `counts`; ties are broken by the keys' repr.
    """
    if CELLS in (by or {}):
        raise ValueError(f"{CELLS!r} names the base cells, not a grouping")
    base, groups = _groups(counts, by or {})
    return _Suppression(list(counts), base, groups).publication()


def _groups(
    counts: Mapping[Key, int], by: Mapping[str, GroupOf]
) -> tuple[list[int], dict[str, dict[Hashable, list[int]]]]:
    """The base counts in the order given, and each grouping as group key -> indices of its base cells."""
    base = list(counts.values())
    if any(not isinstance(count, int) or count < 0 for count in base):
        raise ValueError("counts of people are whole numbers, not negative")
    groups: dict[str, dict[Hashable, list[int]]] = {}
    for name, group_of in by.items():
        grouping: dict[Hashable, list[int]] = {}
        for index, key in enumerate(counts):
            for group in _as_groups(group_of(key)):
                grouping.setdefault(group, []).append(index)
        groups[name] = grouping
    return base, groups


def _as_groups(groups: Any) -> Iterable[Hashable]:
    if groups is None:
        return ()
    if isinstance(groups, list | set):
        return dict.fromkeys(groups)  # each group once, in the order given
    return (groups,)


class _Suppression:
    """One run of the rule. Cells are numbered: the base cells 0..n-1, then every group of every grouping.

    Every published number is a sum of base cells (a base cell is its own sum); the unknowns of a reader are the
    hidden base cells, since every shown base cell is known.
    """

    def __init__(self, keys: list[Any], base: list[int], groups: dict[str, dict[Hashable, list[int]]]):
        self.keys = keys
        self.grouping_names = list(groups)
        self.base_count = len(base)
        self.names: list[tuple[str, Hashable]] = [(CELLS, key) for key in keys]
        self.members: list[frozenset[int]] = [frozenset((index,)) for index in range(len(base))]
        self.values: list[int] = list(base)
        for name, grouping in groups.items():
            for group, members in grouping.items():
                self.names.append((name, group))
                self.members.append(frozenset(members))
                self.values.append(sum(base[index] for index in members))
        # The order of choice: base cells before sums (the totals a reader plans with stay shown where they
        # can), smaller first, then by name, so the result does not depend on the order of the input.
        self.rank = {
            cell: position
            for position, cell in enumerate(
                sorted(
                    range(len(self.values)),
                    key=lambda cell: (cell >= self.base_count, self.values[cell], repr(self.names[cell])),
                )
            )
        }
        self.hidden: dict[int, Cell] = {
            cell: Cell(None, SMALL) for cell, value in enumerate(self.values) if is_small(value)
        }

    def publication(self) -> Publication:
        while (found := self._recoverable()) is not None:
            protected, candidates = found
            choice = min(candidates, key=self.rank.__getitem__)
            self.hidden[choice] = Cell(None, SECONDARY, protects=self.names[protected])
        cells: dict[Any, Cell] = {}
        groupings: dict[str, dict[Hashable, Cell]] = {name: {} for name in self.grouping_names}
        for cell, (name, key) in enumerate(self.names):
            published = self.hidden.get(cell) or Cell(self.values[cell])
            if name == CELLS:
                cells[key] = published
            else:
                groupings[name][key] = published
        return Publication(cells=cells, groupings=groupings)

    def _shown_parts(self, members: Iterable[int]) -> set[int]:
        """Shown base cells above zero among these: the ones a reader uses to work out the rest."""
        return {index for index in members if index not in self.hidden and self.values[index] > 0}

    def _recoverable(self) -> tuple[int, set[int]] | None:
        """The first hidden cell a reader could work out, with the shown cells that would give it away."""
        unknown = {index for index in range(self.base_count) if index in self.hidden}
        shown_sums = [cell for cell in range(self.base_count, len(self.values)) if cell not in self.hidden]
        # The quick cases first (the simple rule): a shown sum with one hidden base cell gives it away as the
        # sum minus its shown parts; a hidden sum of shown base cells is their sum; and since every hidden base
        # cell is at least 1, a shown sum whose hidden base cells add up to their number gives each away as 1.
        for cell in sorted(shown_sums, key=self.rank.__getitem__):
            hidden_parts = self.members[cell] & unknown
            if hidden_parts and (
                len(hidden_parts) == 1 or sum(self.values[index] for index in hidden_parts) == len(hidden_parts)
            ):
                protected = min(hidden_parts, key=self.rank.__getitem__)
                return protected, (self._shown_parts(self.members[cell]) or {cell})
        for cell in sorted(self.hidden, key=self.rank.__getitem__):
            if cell >= self.base_count and not self.members[cell] & unknown:
                return cell, self._shown_parts(self.members[cell])

        # Linear equations: a hidden cell is determined when its sum over the unknowns is a combination of the
        # shown sums over the unknowns.
        # Columns are numbered by rank and the smaller sums go in first, so that the combination found does not
        # depend on the order of the input and leans on small groups (those are the ones worth hiding).
        def columns(cell: int) -> frozenset[int]:
            return frozenset(self.rank[index] for index in self.members[cell] & unknown)

        echelon = _Echelon()
        for cell in sorted(shown_sums, key=self.rank.__getitem__):
            echelon.add(columns(cell), cell)
        for cell in sorted(self.hidden, key=self.rank.__getitem__):
            combination = echelon.combination(columns(cell))
            if combination is None:
                continue
            # In the reader's terms: the cell's value (times a whole number) = the combination of shown sums +
            # the shown base cells that are left over (its own members, minus those the sums bring in); the
            # weights matter only as far as they are zero or not.
            multiple, weights = combination
            leftover: dict[int, int] = dict.fromkeys(self.members[cell] - unknown, multiple)
            for used, weight in weights.items():
                for index in self.members[used] - unknown:
                    leftover[index] = leftover.get(index, 0) - weight
            candidates = set(weights) | self._shown_parts(index for index, weight in leftover.items() if weight)
            if not candidates:  # pragma: no cover - a hidden cell is at least 1, so something shown gives it
                raise AssertionError("a determined hidden cell without a shown cell that determines it")
            return cell, candidates
        return None


class _Echelon:
    """Rows over the unknowns in reduced echelon form, each remembering which shown sums it is made of.

    Exact and in whole numbers (fraction-free, each row divided by the gcd of its entries): only whether a
    combination exists and which sums it uses matter, not the size of its coefficients.
    """

    def __init__(self) -> None:
        self.rows: dict[int, tuple[dict[int, int], dict[int, int]]] = {}  # pivot -> (row, made of)

    @staticmethod
    def _subtract(target: dict[int, int], scale: int, factor: int, source: dict[int, int]) -> None:
        """target = scale * target - factor * source."""
        if scale != 1:
            for key in target:
                target[key] *= scale
        for key, value in source.items():
            result = target.get(key, 0) - factor * value
            if result:
                target[key] = result
            else:
                target.pop(key, None)

    def _eliminate(self, row: dict[int, int], made_of: dict[int, int], pivot: int, pivot_row, pivot_made_of) -> None:
        factor = row.get(pivot)
        if not factor:
            return
        lead = pivot_row[pivot]
        divisor = gcd(lead, factor)
        scale, factor = lead // divisor, factor // divisor
        self._subtract(row, scale, factor, pivot_row)
        self._subtract(made_of, scale, factor, pivot_made_of)
        _normalise(row, made_of)

    def _reduce(self, row: dict[int, int], made_of: dict[int, int]) -> None:
        # The form is reduced, so taking up one pivot row brings no other pivot's column into the row.
        for pivot in [column for column in row if column in self.rows]:
            self._eliminate(row, made_of, pivot, *self.rows[pivot])

    def add(self, columns: frozenset[int], cell: int) -> None:
        if not columns:
            return
        row = dict.fromkeys(columns, 1)
        made_of = {cell: 1}
        self._reduce(row, made_of)
        if not row:
            return
        pivot = min(row)
        # Keep the form reduced: the new pivot's column becomes zero in every other row.
        for other_row, other_made_of in self.rows.values():
            self._eliminate(other_row, other_made_of, pivot, row, made_of)
        self.rows[pivot] = (row, made_of)

    def combination(self, columns: frozenset[int]) -> tuple[int, dict[int, int]] | None:
        """How a multiple of this sum over the unknowns is made of shown sums, as (multiple, {sum: weight}), or
        None if it cannot be (the sum is not determined)."""
        row = dict.fromkeys(columns, 1)
        made_of = {_ITSELF: 1}  # the row is made_of[_ITSELF] times the sum plus the shown sums it has taken up
        self._reduce(row, made_of)
        if row:
            return None
        multiple = made_of.pop(_ITSELF)
        return multiple, {cell: -weight for cell, weight in made_of.items()}


_ITSELF = -1


def _normalise(row: dict[int, int], made_of: dict[int, int]) -> None:
    """Divide a row and its making by the gcd of all their entries, so that the numbers stay small."""
    divisor = gcd(*row.values(), *made_of.values())
    if divisor > 1:
        for entries in (row, made_of):
            for key in entries:
                entries[key] //= divisor
