from wegweiser.testing.layout import stacked_cells_without_label

PAGE = """<table class="table table--stack"><thead><tr><th>Name</th><th>Status</th><th></th></tr></thead>
<tbody>
<tr><td>Anna</td><td data-label="Status">ruht</td><td class="actions"><button>x</button></td></tr>
<tr><td>Boris</td><td>aktiv</td><td class="actions"></td></tr>
</tbody></table>
<table class="table"><tbody><tr><td>a</td><td>b</td></tr></tbody></table>"""


def test_a_stacked_cell_without_its_column_name_is_found_and_only_that_one():
    assert stacked_cells_without_label(PAGE) == [4]
