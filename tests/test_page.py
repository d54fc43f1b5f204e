"""Tables and figures as the report's reader sees them."""

import pandas as pd
from PIL import Image

from initbench.report import page


def test_columns_of_numbers_are_right_aligned_and_the_index_is_a_header():
    table = pd.DataFrame({"he": ["10", "most runs never", "∞ (diverged)"]}, index=["a", "b", "c"])
    html = page.to_html(table, index=True)
    assert '<td class="text">' not in html
    assert "<th>a</th>" in html and "<th></th>" in html and "<th>he</th>" in html


def test_missing_values_do_not_make_a_column_of_numbers_words():
    table = pd.DataFrame({"q*": ["—", "—", "0.618"], "Method": ["he", "xavier", "lsuv"]})
    html = page.to_html(table)
    assert "<th>q*</th>" in html and '<th class="text">Method</th>' in html


def test_a_figure_is_embedded_with_its_caption(tmp_path):
    Image.new("RGB", (4, 4)).save(tmp_path / "f.png")
    html = page.figure_html(tmp_path / "f.png", "Cost & iteration", wide=True)
    assert 'class="wide" style="--natural-width: 4px"' in html
    assert 'src="data:image/png;base64,' in html
    assert '<p class="figure-caption">Cost &amp; iteration</p>' in html
