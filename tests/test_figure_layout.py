"""The one rule by which figures fit the page: rows the page holds, text readable where the
page shows it, legends clear of the data, logarithmic axes labelled densely enough."""

import io

import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from report_helpers import assert_readable

from initbench.report.figure_layout import (
    DPI,
    PAGE_WIDTH,
    SMALLEST_FONT,
    block_figure,
    columns_for,
    legend_above,
    log_scale,
    method_colors,
    panel_figure,
)
from initbench.report.page import phone_width


@pytest.mark.parametrize("panel_width", [2.0, 3.3, 4.2, 5.0, 6.4, 11.0])
@pytest.mark.parametrize("panels", [1, 2, 3, 5, 13])
def test_rows_never_hold_more_panels_than_the_page(panel_width, panels):
    most = max(1, int(PAGE_WIDTH // panel_width))
    assert 1 <= columns_for(panel_width, panels) <= min(most, panels)
    figure, axes = panel_figure(panels, (panel_width, 2.0))
    assert len(axes) == panels
    widths = {axes.get_subplotspec().get_gridspec().ncols for axes in axes}
    assert widths == {columns_for(panel_width, panels)}
    assert figure.get_figwidth() <= max(PAGE_WIDTH, panel_width)


def test_a_grid_wraps_each_setting_into_a_headed_block():
    figure, blocks = block_figure(["tanh, lr 0.01", "relu, lr 0.01"], 5, (3.3, 2.5))
    assert [len(panels) for panels in blocks] == [5, 5]
    assert [block.get_suptitle() for block in figure.subfigs] == ["tanh, lr 0.01", "relu, lr 0.01"]
    assert figure.get_figwidth() <= PAGE_WIDTH
    # Five panels, three to a row: two rows per setting, the last with two panels.
    rows = {
        (axes.get_subplotspec().rowspan.start, axes.get_subplotspec().colspan.start)
        for axes in blocks[0]
    }
    assert rows == {(0, 0), (0, 1), (0, 2), (1, 0), (1, 1)}


def _labelled(axis) -> list[str]:
    figure = axis.axes.figure
    FigureCanvasAgg(figure).draw()
    ticks = [*axis.get_majorticklabels(), *axis.get_minorticklabels()]
    return [label.get_text() for label in ticks if label.get_text()]


def _curve(low: float, high: float) -> Figure:
    figure, [axes] = panel_figure(1)
    axes.plot(np.geomspace(low, high, 50))
    log_scale(axes)
    return figure


def test_a_log_axis_over_a_decade_or_two_labels_two_and_five_too():
    # The random curve of the default report: from 7 down to 2, beside others near 0.1.
    labels = _labelled(_curve(0.07, 7.0).axes[0].yaxis)
    assert r"$\mathdefault{2\times10^{0}}$" in labels
    assert r"$\mathdefault{5\times10^{0}}$" in labels
    assert r"$\mathdefault{10^{0}}$" in labels


def test_a_log_axis_within_a_decade_labels_every_multiple_it_has_room_for():
    labels = _labelled(_curve(0.3, 0.8).axes[0].yaxis)
    for multiple in range(3, 9):
        assert rf"$\mathdefault{{{multiple}\times10^{{-1}}}}$" in labels


def test_a_log_axis_over_many_decades_labels_only_powers_of_ten():
    labels = _labelled(_curve(1e-6, 1e3).axes[0].yaxis)
    assert labels and all(r"\times" not in label for label in labels)


def test_a_short_log_x_axis_leaves_out_labels_it_has_no_room_for():
    _, [axes] = panel_figure(1, (3.3, 2.5))
    axes.plot(np.geomspace(1e-4, 1e-2, 5), [1, 2, 3, 4, 5])
    log_scale(axes, "x")
    assert all(r"\times" not in label for label in _labelled(axes.xaxis))


def test_one_legend_above_the_panels_names_each_line_once():
    figure, panels = panel_figure(3, legend=["he", "xavier"])
    for axes in panels:
        axes.plot([1, 2], label="he")
        axes.plot([2, 1], label="xavier")
    legend_above(panels)
    [legend] = figure.legends
    assert [text.get_text() for text in legend.get_texts()] == ["he", "xavier"]
    assert_readable(figure)


def test_the_phone_shows_a_wide_figure_with_ten_pixel_text():
    figure, _ = panel_figure(2)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI)
    png = buffer.getvalue()
    width = int.from_bytes(png[16:20], "big")
    assert width == round(figure.get_figwidth() * DPI)
    assert SMALLEST_FONT * DPI / 72 * phone_width(png) / width >= 10


def test_a_sweep_of_more_than_ten_methods_gets_a_colour_each():
    methods = [f"gaussian_w{1 + i / 4}_b0.05" for i in range(13)]
    colours = method_colors(methods)
    assert len({tuple(colour) for colour in colours.values()}) == 13
    assert method_colors(["he", "xavier"]) == {"he": "C0", "xavier": "C1"}
