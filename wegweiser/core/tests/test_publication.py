"""The one publication rule for counts of people: small counts hidden, and none recoverable from what is shown.

The proof that no hidden cell can be worked out is independent of the implementation: numpy's rank over the
sums as a reader sees them (every published number is a sum of base cells).
"""

import random
import re
from pathlib import Path

import numpy as np
import pytest
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from wegweiser.core.publication import (
    CELLS,
    SECONDARY,
    SMALL,
    THRESHOLD,
    Cell,
    Publication,
    publish_as_is,
    publish_table,
    published_value,
)

# --- An independent reader --------------------------------------------------------------------------------


def published_sums(counts, by, publication):
    """Every cell of the publication as (its base keys, true value, published cell)."""
    keys = list(counts)
    sums = [((key,), counts[key], publication.cells[key]) for key in keys]
    for name, group_of in by.items():
        members = {}
        for key in keys:
            groups = group_of(key)
            for group in [] if groups is None else groups if isinstance(groups, list) else [groups]:
                members.setdefault(group, []).append(key)
        assert set(publication[name]) == set(members)
        for group, in_group in members.items():
            sums.append((tuple(in_group), sum(counts[key] for key in in_group), publication[name][group]))
    return keys, sums


def determined_hidden_cells(counts, by, publication):
    """The hidden cells whose sum vector lies in the span of the shown sums: those a reader can compute."""
    keys, sums = published_sums(counts, by, publication)
    column = {key: index for index, key in enumerate(keys)}

    def vector(members):
        row = np.zeros(len(keys))
        row[[column[key] for key in members]] = 1
        return row

    shown = np.array([vector(members) for members, _value, cell in sums if cell.shown] or np.zeros((0, len(keys))))
    # A sum is determined iff it is orthogonal to the null space of the shown sums (one SVD for all of them).
    rank = np.linalg.matrix_rank(shown) if shown.size else 0
    null_space = np.linalg.svd(shown)[2][rank:] if shown.size else np.eye(len(keys))
    return [
        members
        for members, _value, cell in sums
        if not cell.shown and np.allclose(null_space @ vector(members), 0, atol=1e-9)
    ]


def assert_published_under_the_rule(counts, by, publication):
    keys, sums = published_sums(counts, by, publication)
    hidden_base = {key for key in keys if not publication.cells[key].shown}
    for members, value, cell in sums:
        if cell.shown:
            assert cell.value == value
            assert value == 0 or value >= THRESHOLD
        elif 0 < value < THRESHOLD:
            assert cell == Cell(None, SMALL)
        else:
            assert cell.reason == SECONDARY
            assert value > 0  # a zero is never hidden: a reader may rely on every hidden count being 1 or more
        if cell.shown and (hidden := [key for key in members if key in hidden_base]):
            # Hidden base cells of a shown sum that add up to their number would each be 1.
            assert sum(counts[key] for key in hidden) > len(hidden)
    assert determined_hidden_cells(counts, by, publication) == []


# --- Random districts -------------------------------------------------------------------------------------

SMALLISH = st.one_of(st.integers(0, 6), st.integers(0, 40))


@st.composite
def districts(draw):
    """Municipalities, some grouped into Samtgemeinden, counts per municipality (and a second dimension such as
    nationality or age band), and the groupings a Lagebild shows beside them."""
    municipalities = [f"m{index}" for index in range(draw(st.integers(1, 7)))]
    samtgemeinde = {m: draw(st.sampled_from([None, "sg1", "sg2"])) for m in municipalities}
    second = draw(st.sampled_from([None, ["UA", "SY"], ["UA", "SY", "AF"]]))
    if second is None:
        keys = municipalities
        by = {
            "samtgemeinde": lambda key: samtgemeinde[key],
            "district": lambda key: "district",
        }
    else:
        keys = [(m, code) for m in municipalities for code in second]
        by = {
            "municipality": lambda key: key[0],
            "samtgemeinde": lambda key: samtgemeinde[key[0]],
            "second": lambda key: key[1],
            "second_by_samtgemeinde": lambda key: (samtgemeinde[key[0]], key[1]) if samtgemeinde[key[0]] else None,
            "district": lambda key: "district",
        }
    counts = {key: draw(SMALLISH) for key in keys if draw(st.booleans()) or second is None}
    return counts, by


@settings(max_examples=300, deadline=None)
@given(districts())
def test_no_hidden_cell_of_linked_tables_can_be_worked_out(district):
    counts, by = district
    assert_published_under_the_rule(counts, by, publish_table(counts, by))


LINES = st.dictionaries(
    st.text(alphabet="ABCDEFGH", min_size=2, max_size=2), st.integers(min_value=0, max_value=40), max_size=12
)


@settings(max_examples=200, deadline=None)
@given(LINES)
def test_a_single_line_with_its_total(counts):
    by = {"total": lambda key: "total"}
    assert_published_under_the_rule(counts, by, publish_table(counts, by))


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.frozensets(st.sampled_from(["UA", "RU", "SY"]), max_size=2), SMALLISH, max_size=7))
def test_people_counted_in_several_groups(counts):
    """A person with two nationalities counts under each; the base cells are the combinations."""
    by = {"nationality": lambda key: sorted(key), "persons": lambda key: "persons"}
    assert_published_under_the_rule(counts, by, publish_table(counts, by))


@settings(max_examples=100, deadline=None)
@given(districts(), st.randoms(use_true_random=False))
def test_the_result_does_not_depend_on_the_order_of_the_input(district, rng):
    counts, by = district
    shuffled = list(counts.items())
    rng.shuffle(shuffled)
    assert publish_table(dict(shuffled), by) == publish_table(counts, by)


@settings(max_examples=100, deadline=None)
@given(LINES)
def test_secondary_suppression_in_a_line_hides_no_more_than_needed(counts):
    """In one line with its total, one more hidden cell is always enough: two or more hidden cells whose sum is
    above their number."""
    publication = publish_table(counts, {"total": lambda key: "total"})
    small = [key for key, count in counts.items() if 0 < count < THRESHOLD]
    secondary = [key for key, cell in publication.cells.items() if cell.reason == SECONDARY]
    if not small or (len(small) >= 2 and sum(counts[key] for key in small) > len(small)):
        assert secondary == []
    else:
        assert len(secondary) == (1 if any(count >= THRESHOLD for count in counts.values()) else 0)


# --- Examples ---------------------------------------------------------------------------------------------

TOTAL = {"total": lambda key: "total"}


def test_a_total_of_exactly_the_threshold_is_shown():
    publication = publish_table({"UA": 5}, TOTAL)
    assert publication == Publication(cells={"UA": Cell(5)}, groupings={"total": {"total": Cell(5)}})
    assert THRESHOLD == 5


def test_a_total_below_the_threshold_is_hidden():
    publication = publish_table({"UA": 4}, TOTAL)
    assert (publication.cells, publication["total"]) == ({"UA": Cell(None, SMALL)}, {"total": Cell(None, SMALL)})


def test_zeros_are_shown_and_never_hidden():
    """A zero says "nobody", which is no one's personal data, and hiding it would let a reader no longer rely on
    a hidden count being at least 1."""
    assert publish_table({"UA": 0, "SY": 0}, TOTAL).values("total") == {"total": 0}
    publication = publish_table({"UA": 9, "SY": 6, "ER": 2, "AF": 0}, TOTAL)
    assert publication.cells == {
        "UA": Cell(9),
        "SY": Cell(None, SECONDARY, protects=(CELLS, "ER")),
        "ER": Cell(None, SMALL),
        "AF": Cell(0),
    }
    assert publication["total"] == {"total": Cell(17)}


def test_one_small_cell_alone_hides_its_total():
    publication = publish_table({"ER": 3, "AF": 0}, TOTAL)
    assert publication["total"] == {"total": Cell(None, SMALL)}
    publication = publish_table({"ER": 13}, {"total": lambda key: "total", "again": lambda key: "again"})
    assert publication.cells == {"ER": Cell(13)}


def test_hidden_cells_that_would_all_be_one_hide_one_more():
    publication = publish_table({"UA": 1, "SY": 1, "ER": 1}, TOTAL)
    assert set(publication.cells.values()) == {Cell(None, SMALL)}
    assert publication["total"] == {"total": Cell(None, SMALL)}
    publication = publish_table({"UA": 1, "SY": 1, "ER": 1, "AF": 6}, TOTAL)
    assert publication.cells["AF"] == Cell(None, SECONDARY, protects=(CELLS, "ER"))
    assert publication["total"] == {"total": Cell(9)}  # 4 cells summing to 9: none is determined


def test_a_samtgemeinde_and_the_district_do_not_give_a_member_away():
    """Bippen is small; the Samtgemeinde minus Fürstenau, or the district minus the rest, would give it away."""
    samtgemeinde = {"Bippen": "SG Fürstenau", "Fürstenau": "SG Fürstenau", "Melle": None, "Bramsche": None}
    by = {"samtgemeinde": lambda key: samtgemeinde[key], "district": lambda key: "district"}
    counts = {"Bippen": 3, "Fürstenau": 40, "Melle": 120, "Bramsche": 60}
    publication = publish_table(counts, by)
    assert publication.cells["Bippen"] == Cell(None, SMALL)
    assert publication.cells["Fürstenau"] == Cell(None, SECONDARY, protects=(CELLS, "Bippen"))
    assert publication.values("samtgemeinde") == {"SG Fürstenau": 43}
    assert publication.values("district") == {"district": 223}
    assert_published_under_the_rule(counts, by, publication)


def test_a_table_and_its_margins_hide_a_rectangle():
    """Nationality by municipality with both margins: one small cell takes three more with it, on a rectangle,
    and every margin stays shown."""
    counts = {("Melle", "UA"): 2, ("Melle", "SY"): 20, ("Bramsche", "UA"): 30, ("Bramsche", "SY"): 40}
    by = {"municipality": lambda key: key[0], "nationality": lambda key: key[1], "district": lambda key: "all"}
    publication = publish_table(counts, by)
    assert [cell.shown for cell in publication.cells.values()] == [False, False, False, False]
    assert publication.values("municipality") == {"Melle": 22, "Bramsche": 70}
    assert publication.values("nationality") == {"UA": 32, "SY": 60}
    assert_published_under_the_rule(counts, by, publication)


def test_a_realistic_district_is_published_quickly():
    """34 municipalities in 8 Samtgemeinden by 25 nationalities, most cells small: well under a second."""
    import time

    rng = random.Random(14)
    samtgemeinde = {f"m{index}": (f"sg{index % 8}" if index < 24 else None) for index in range(34)}
    counts = {(m, f"n{n}"): rng.choice([0, 0, 1, 2, 3, 4, 6, 9, 14, 30, 80]) for m in samtgemeinde for n in range(25)}
    by = {
        "municipality": lambda key: key[0],
        "samtgemeinde": lambda key: samtgemeinde[key[0]],
        "nationality": lambda key: key[1],
        "nationality_by_samtgemeinde": lambda key: (samtgemeinde[key[0]], key[1]) if samtgemeinde[key[0]] else None,
        "district": lambda key: "district",
    }
    started = time.perf_counter()
    publication = publish_table(counts, by)
    elapsed = time.perf_counter() - started
    assert elapsed < 2
    assert_published_under_the_rule(counts, by, publication)
    # The margins a Lagebild plans with survive: the secondary cells are found among the base cells.
    for grouping in ("municipality", "samtgemeinde", "nationality", "district"):
        assert all(cell.shown for cell in publication[grouping].values()), grouping


def test_a_reader_s_part_is_cut_from_the_whole():
    counts = {"Melle": 12, "Bramsche": 3}
    publication = publish_table(counts, {"district": lambda key: "district"})
    mine = publication.only(lambda grouping, key: grouping == CELLS and key == "Melle")
    assert mine == Publication(
        cells={"Melle": Cell(None, SECONDARY, protects=(CELLS, "Bramsche"))}, groupings={"district": {}}
    )


def test_figures_that_are_not_about_people_are_shown_as_they_are():
    seats = publish_as_is({("Melle", ("A1", "A2")): 3}, {"level": lambda key: list(key[1])})
    assert seats.values("level") == {"A1": 3, "A2": 3}
    assert seats.cells == {("Melle", ("A1", "A2")): Cell(3)}


def test_a_cell_has_a_value_or_a_reason_and_speaks_german():
    with pytest.raises(ValueError):
        Cell(None)
    with pytest.raises(ValueError):
        Cell(3, SMALL)
    with pytest.raises(ValueError):
        Cell(None, SECONDARY)  # a secondary cell says what it protects
    with pytest.raises(ValueError):
        publish_table({"UA": -1})
    with pytest.raises(ValueError):
        publish_table({"UA": 1}, {CELLS: lambda key: key})
    assert published_value(Cell(7)) == 7
    assert published_value(Cell(None, SMALL)) is None
    assert Cell(7).reason_text == ""
    with translation.override("de"):
        assert str(Cell(None, SMALL).reason_text) == "Ausgeblendet: weniger als 5 Personen"
        assert "errechnen" in str(Cell(None, SECONDARY, protects=(CELLS, "UA")).reason_text)


# --- No threshold of its own ------------------------------------------------------------------------------

PACKAGE_DIR = Path(__file__).resolve().parents[2]
# A module-level whole number named like a limit for small counts (search scores and the like are fractions).
OWN_THRESHOLD = re.compile(
    r"^\s*\w*(SUPPRESS|SMALL_NUMBER|THRESHOLD|MIN_CELL|MINIMUM_COUNT)\w*\s*(:\s*\w+\s*)?=\s*\d+\b(?!\.)", re.MULTILINE
)


def own_thresholds(source: str) -> list[str]:
    return [match.group(0).strip() for match in OWN_THRESHOLD.finditer(source)]


def test_a_threshold_of_its_own_is_found():
    """The two that core.publication replaced would fail the test below."""
    assert own_thresholds("SUPPRESS_BELOW = 5\n") == ["SUPPRESS_BELOW = 5"]
    assert own_thresholds("x = 1\nSMALL_NUMBER_LIMIT: int = 5\n") == ["SMALL_NUMBER_LIMIT: int = 5"]
    assert own_thresholds("from wegweiser.core.publication import THRESHOLD\n") == []
    assert own_thresholds("DUPLICATE_THRESHOLD = 0.62\n") == []


def test_no_module_keeps_a_threshold_of_its_own():
    """Counts about people are hidden by core.publication alone; a selector with its own limit fails here."""
    rule = PACKAGE_DIR / "core" / "publication.py"
    offenders = {
        str(path.relative_to(PACKAGE_DIR)): found
        for path in PACKAGE_DIR.rglob("*.py")
        if path != rule and "tests" not in path.parts and (found := own_thresholds(path.read_text(encoding="utf-8")))
    }
    assert offenders == {}
