"""The one publication rule for counts of people: small counts hidden, and not recoverable from the total."""

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from wegweiser.core.publication import SECONDARY, SMALL, THRESHOLD, Cell, publish_line, published_value

KEYS = st.text(alphabet="ABCDEFGHIJKLMNOP", min_size=2, max_size=2)
LINES = st.dictionaries(KEYS, st.integers(min_value=0, max_value=40), min_size=1, max_size=12)


def assert_nothing_small_can_be_worked_out(counts, cells, total_cell):
    """What a reader sees: the shown cells and, if shown, the total. Zeros are always shown, so every hidden
    cell is at least 1; with the total the reader knows S, the sum of the k hidden cells. A single cell is then
    determined exactly when k == 1 (it is S) or S == k (each is 1); otherwise every hidden cell could be
    more than one value."""
    shown = {key: cell.value for key, cell in cells.items() if cell.shown}
    hidden = [key for key, cell in cells.items() if not cell.shown]
    assert all(counts[key] >= 1 for key in hidden)  # the reader may rely on it
    if total_cell is None or not total_cell.shown or not hidden:
        return
    remainder = total_cell.value - sum(shown.values())
    assert len(hidden) >= 2
    # Each hidden cell lies between 1 and remainder - (k - 1): more than one value.
    assert remainder - (len(hidden) - 1) > 1


@given(LINES)
def test_shown_cells_are_true_and_zero_or_at_least_the_threshold(counts):
    cells, total_cell = publish_line(counts, sum(counts.values()))
    assert list(cells) == list(counts)
    for key, cell in cells.items():
        if cell.shown:
            assert cell.value == counts[key]
            assert cell.value == 0 or cell.value >= THRESHOLD
        else:
            assert cell.value is None
        if 1 <= counts[key] < THRESHOLD:
            assert cell == Cell(None, SMALL)
        elif not cell.shown:
            assert cell.reason == SECONDARY
    total = sum(counts.values())
    if total_cell.shown:
        assert total_cell.value == total
        assert total == 0 or total >= THRESHOLD


@given(LINES)
def test_no_hidden_cell_can_be_worked_out_from_the_total(counts):
    cells, total_cell = publish_line(counts, sum(counts.values()))
    assert_nothing_small_can_be_worked_out(counts, cells, total_cell)


@given(LINES)
def test_without_a_total_the_cells_are_protected_as_if_it_were_known(counts):
    cells, total_cell = publish_line(counts)
    assert total_cell is None
    assert cells == publish_line(counts, sum(counts.values()))[0]


@given(LINES)
def test_secondary_suppression_hides_no_more_than_needed(counts):
    cells, _total = publish_line(counts, sum(counts.values()))
    small = [key for key, count in counts.items() if 1 <= count < THRESHOLD]
    secondary = [key for key, cell in cells.items() if cell.reason == SECONDARY]
    if not small or (len(small) >= 2 and sum(counts[key] for key in small) > len(small)):
        assert secondary == []
    else:
        # One more hidden cell is always enough: two or more cells with a sum above their number.
        assert len(secondary) == (1 if any(count >= THRESHOLD for count in counts.values()) else 0)


def test_a_total_of_exactly_the_threshold_is_shown():
    cells, total = publish_line({"UA": 5}, 5)
    assert (cells, total) == ({"UA": Cell(5)}, Cell(5))
    assert THRESHOLD == 5


def test_a_total_below_the_threshold_is_hidden():
    cells, total = publish_line({"UA": 4}, 4)
    assert (cells, total) == ({"UA": Cell(None, SMALL)}, Cell(None, SMALL))


def test_all_zeros_are_shown():
    cells, total = publish_line({"UA": 0, "SY": 0}, 0)
    assert (cells, total) == ({"UA": Cell(0), "SY": Cell(0)}, Cell(0))


def test_one_small_cell_in_a_line_of_one_hides_the_total():
    # Nothing else to hide: the total would be the hidden count itself.
    cells, total = publish_line({"ER": 3}, 12)
    assert (cells, total) == ({"ER": Cell(None, SMALL)}, Cell(None, SECONDARY))


def test_a_single_small_cell_hides_the_next_smallest_and_zeros_stay_shown():
    cells, total = publish_line({"UA": 9, "SY": 6, "ER": 2, "AF": 0}, 17)
    assert cells == {"UA": Cell(9), "SY": Cell(None, SECONDARY), "ER": Cell(None, SMALL), "AF": Cell(0)}
    assert total == Cell(17)


def test_hidden_cells_that_would_all_be_one_drop_the_total():
    cells, total = publish_line({"UA": 1, "SY": 1, "ER": 1}, 3)
    assert all(cell == Cell(None, SMALL) for cell in cells.values())
    assert total == Cell(None, SMALL)
    cells, total = publish_line({"UA": 1, "SY": 1, "ER": 1, "AF": 6}, 9)
    assert cells["AF"] == Cell(None, SECONDARY)
    assert total == Cell(9)  # 4 cells summing to 9: no single one is determined


def test_a_cell_has_a_value_or_a_reason_and_speaks_german():
    with pytest.raises(ValueError):
        Cell(None)
    with pytest.raises(ValueError):
        Cell(3, SMALL)
    with pytest.raises(ValueError):
        publish_line({"UA": -1})
    assert published_value(Cell(7)) == 7
    assert published_value(Cell(None, SMALL)) is None
    assert Cell(7).reason_text == ""
    with translation.override("de"):
        assert str(Cell(None, SMALL).reason_text) == "Ausgeblendet: weniger als 5 Personen"
        assert "Gesamtzahl" in str(Cell(None, SECONDARY).reason_text)
