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


def test_sentences_that_open_with_a_number_are_words():
    table = pd.DataFrame(
        {"measured": ["30 hidden layers: He trained in 10 of 10 seeds, Xavier in 0"]}
    )
    assert '<td class="text">' in page.to_html(table)


def test_a_figure_is_embedded_with_its_caption(tmp_path):
    Image.new("RGB", (1000, 4)).save(tmp_path / "f.png")
    html = page.figure_html(tmp_path / "f.png", "Cost & iteration", wide=True)
    # A phone shows it at the share of its width that keeps 10 pt text at 10 px.
    assert 'class="wide" style="--phone-width: 720px"' in html
    assert 'src="data:image/png;base64,' in html
    assert '<p class="figure-caption">Cost &amp; iteration</p>' in html


def test_a_number_over_a_symbol_never_breaks_after_its_slash(tmp_path):
    assert page.unbroken("reached 2/η, and 1/√n") == "reached 2/\u2060η, and 1/\u2060√n"
    url = "https://example.org/blog/5712df/data/ and 1/fan_in"
    assert page.unbroken(url) == url
    table = pd.DataFrame({"2/η": ["2/η = 200"]})
    assert page.to_html(table).count("2/\u2060η") == 2
    Image.new("RGB", (4, 4)).save(tmp_path / "f.png")
    html = page.figure_html(tmp_path / "f.png", "The dashed line is 2/η.", wide=False)
    assert html.count("2/\u2060η") == 2  # in the caption and the image's alternative text
