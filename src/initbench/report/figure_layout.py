"""The one rule by which the report's figures fit the page: panels of a fixed size in inches,
wrapped into rows no wider than the page's column and saved at a DPI at which matplotlib's
default 10 pt text is more than 10 px where the page shows it; legends above the panels, clear
of the data and on screen where a phone shows the figure's left part; and logarithmic axes
labelled densely enough to read a curve off them.

Every figure draws its text at matplotlib's default size or larger: no "small" or "x-small".
"""

import math
from collections.abc import Sequence

import numpy as np
from matplotlib import colormaps, ticker
from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.figure import Figure, FigureBase
from matplotlib.gridspec import SubplotSpec

# Pixels per inch of every saved figure.
DPI = 100
# The widest a figure may be, in inches: at a 1280 px window the page's column is 1070 px
# (the notebook's 1100 px less its padding), so a figure up to 1050 px is shown at its own size
# and 10 pt text is 10 × DPI / 72 ≈ 14 px high.
PAGE_WIDTH = 10.5
# The smallest text a figure holds, in points: matplotlib's default size.
SMALLEST_FONT = 10
# A phone shows a figure of several panels at this share of its own size, scrolling sideways,
# so that its smallest text stays 10 px high.
PHONE_SCALE = 10 / (SMALLEST_FONT * DPI / 72)

# A panel of a figure of a few; and one of a grid of settings, which may run to dozens.
PANEL_SIZE = (4.2, 3.2)
GRID_PANEL_SIZE = (3.3, 2.5)
# Height, in inches, for a block's heading and for each line of a legend above the panels;
# and the gap between two rows of panels.
HEADING_HEIGHT = 0.35
LEGEND_LINE_HEIGHT = 0.3
ROW_GAP = 0.2


def columns_for(panel_width: float, panels: int) -> int:
    """How many panels ``panel_width`` inches wide one row holds, at most ``panels``."""
    return max(1, min(panels, math.floor(PAGE_WIDTH / panel_width)))


def rows_for(panel_width: float, panels: int) -> int:
    """How many rows ``panels`` panels ``panel_width`` inches wide take."""
    return -(-panels // columns_for(panel_width, panels))


def panel_rows(figure: FigureBase, panels: int, panel_width: float, **options) -> list[Axes]:
    """``panels`` axes in ``figure``, left to right in rows as wide as the page holds; the
    slots a short last row leaves are removed. ``options`` go to ``subplots``."""
    grid = figure.subplots(
        rows_for(panel_width, panels), columns_for(panel_width, panels), squeeze=False, **options
    ).ravel()
    for unused in grid[panels:]:
        unused.remove()
    return list(grid[:panels])


def legend_columns(labels: list[str], width: float) -> int:
    """How many entries of a legend with ``labels`` fit side by side in ``width`` inches."""
    # An entry is its line (2 em), the gap to its text (0.8 em), its text (about 0.6 em a
    # character) and the gap to the next entry (2 em), at the legend's 10 pt.
    entry = (4.8 + 0.6 * max(map(len, labels))) * SMALLEST_FONT / 72
    return max(1, min(len(labels), math.floor(width / entry)))


def legend_height(labels: list[str], width: float) -> float:
    """The height in inches a legend with ``labels`` takes above ``width`` inches of panels."""
    if not labels:
        return 0.0
    return LEGEND_LINE_HEIGHT * -(-len(labels) // legend_columns(labels, width))


def page_figure(
    panels: int, panel_size: tuple[float, float] = PANEL_SIZE, legend: Sequence[str] = ()
) -> Figure:
    """An empty figure for ``panels`` panels of ``panel_size`` inches in rows the page holds,
    with room above them for a legend with ``legend``'s labels."""
    width, height = panel_size
    figure_width = width * columns_for(width, panels)
    figure_height = height * rows_for(width, panels) + legend_height(list(legend), figure_width)
    return _sized_figure(figure_width, figure_height)


def _sized_figure(width: float, height: float) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI, layout="constrained")
    # Constrained layout's gap between rows is a share of the figure's height: fixed here in
    # inches, so that the rows of a tall figure do not drift apart.
    figure.get_layout_engine().set(hspace=ROW_GAP / height)
    return figure


def panel_slots(figure: Figure, panels: int, panel_width: float) -> list[SubplotSpec]:
    """Where ``panels`` panels go in ``figure``, left to right in rows the page holds: for a
    panel that is itself a few axes (``slot.subgridspec``)."""
    per_row = columns_for(panel_width, panels)
    grid = figure.add_gridspec(rows_for(panel_width, panels), per_row)
    return [grid[index // per_row, index % per_row] for index in range(panels)]


def panel_figure(
    panels: int,
    panel_size: tuple[float, float] = PANEL_SIZE,
    legend: Sequence[str] = (),
    **options,
) -> tuple[Figure, list[Axes]]:
    """A ``page_figure`` with its ``panels`` axes; ``options`` go to ``subplots``."""
    figure = page_figure(panels, panel_size, legend)
    return figure, panel_rows(figure, panels, panel_size[0], **options)


def block_figure(
    headings: list[str],
    panels: int,
    panel_size: tuple[float, float] = GRID_PANEL_SIZE,
    legend: Sequence[str] = (),
    block_legend: Sequence[str] = (),
    **options,
) -> tuple[Figure, list[list[Axes]]]:
    """A grid (a setting per heading, ``panels`` panels for each) wrapped to the page: a
    block per heading, headed by it, its panels in rows the page holds. Room above the
    blocks for a legend with ``legend``'s labels, and in each block for one with
    ``block_legend``'s longest list of labels. ``options`` go to each block's ``subplots``."""
    width, height = panel_size
    figure_width = width * columns_for(width, panels)
    block_height = (
        height * rows_for(width, panels)
        + HEADING_HEIGHT
        + legend_height(list(block_legend), figure_width)
    )
    figure = _sized_figure(
        figure_width, block_height * len(headings) + legend_height(list(legend), figure_width)
    )
    blocks = figure.subfigures(len(headings), 1, squeeze=False)[:, 0]
    grid = []
    for block, heading in zip(blocks, headings, strict=True):
        block.suptitle(heading, x=0.01, ha="left", fontweight="bold")
        # The panels in a figure of their own under the heading: a legend of the block goes
        # between the two.
        grid.append(panel_rows(block.subfigures(1, 1), panels, width, **options))
    return figure, grid


def legend_above(axes: Sequence[Axes], figure: FigureBase | None = None) -> None:
    """One legend for ``axes``, above them in ``figure`` (by default the figure, or the block,
    that holds the first), each label once: clear of the data, and at the left, where a phone
    shows it."""
    if figure is None:
        figure = axes[0].get_figure(root=False)
    entries = {}
    for panel in axes:
        for handle, label in zip(*panel.get_legend_handles_labels(), strict=True):
            entries.setdefault(label, handle)
    if not entries:
        return
    width = figure.get_figure(root=True).get_figwidth()
    figure.legend(
        list(entries.values()),
        list(entries),
        loc="outside upper left",
        ncols=legend_columns(list(entries), width),
        frameon=False,
    )


def method_colors(methods: list[str]) -> dict:
    """The report's colour per method; past ten methods (a sweep of the Gaussian family), a
    sequential map, so that no two curves share a colour."""
    if len(methods) <= 10:
        return {method: f"C{index}" for index, method in enumerate(methods)}
    shades = colormaps["viridis"](np.linspace(0, 0.95, len(methods)))
    return dict(zip(methods, shades, strict=True))


def first_column(axes: Axes) -> bool:
    """Whether ``axes`` begins a row of its figure or block: where the y label goes."""
    return axes.get_subplotspec().is_first_col()


# The shortest distance between two labelled ticks of a logarithmic axis, in tick labels'
# heights (y) or about the width of a label such as 2×10⁻⁴ (x).
LABEL_GAP = {"y": 2.0, "x": 5.0}
# The multiples of each power of ten that may be labelled, densest first: an axis labels the
# densest whose two closest labels lie ``LABEL_GAP`` apart on it, else powers of ten alone.
LABELLED_MULTIPLES = ((1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 6), (1, 2, 5), (1, 3))


class _RoomyLogLabels(ticker.LogFormatterSciNotation):
    """matplotlib's labels of a logarithmic axis (10⁰, 2×10⁰), as many as the axis has room
    for: a curve between 2 and 7 is not read off 10⁰ and 10¹ alone, nor off labels that
    overlap."""

    def set_locs(self, locs=None):
        self._sublabels = set(_multiples_with_room(self.axis))


def _multiples_with_room(axis: Axis) -> tuple[int, ...]:
    """The densest of ``LABELLED_MULTIPLES`` that ``axis`` has room for, at its length and
    span."""
    low, high = sorted(axis.get_view_interval())
    box = axis.axes.bbox
    length = box.height if axis.axis_name == "y" else box.width
    decade = length / max(math.log10(high / low), 1e-9)
    # Tick labels are drawn at the default size, like all the figures' smallest text.
    room = LABEL_GAP[axis.axis_name] * SMALLEST_FONT * axis.axes.figure.dpi / 72
    for multiples in LABELLED_MULTIPLES:
        if np.diff(np.log10([*multiples, 10])).min() * decade >= room:
            return multiples
    # Where even powers of ten crowd, matplotlib's locator leaves some out.
    return (1,)


def log_scale(axes: Axes, direction: str = "y") -> None:
    """Put the x or y axis of ``axes`` on a logarithmic scale, labelled by ``_RoomyLogLabels``."""
    axis = axes.yaxis if direction == "y" else axes.xaxis
    if axis.get_scale() != "log":
        # Setting the scale resets the labels of every axes that shares this axis: only once.
        (axes.set_yscale if direction == "y" else axes.set_xscale)("log")
    axis.set_major_formatter(_RoomyLogLabels(labelOnlyBase=True))
    axis.set_minor_formatter(_RoomyLogLabels(labelOnlyBase=False))
