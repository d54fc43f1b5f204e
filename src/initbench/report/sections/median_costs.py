"""All initializations' median cost curves on one axes per setting: which trains fastest."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.report.section import Block, Draws, Plot, Section

if TYPE_CHECKING:
    from initbench.report.results import Results


def render(results: Results) -> Iterator[Block]:
    from initbench.report.figures import median_curves

    figure = median_curves(results.costs, results.method_order)
    # One setting draws one axes; a grid draws a row of them, which may scroll sideways.
    yield Plot("median_costs", figure, wide=not results.one_setting)


SECTION = Section(
    name="median_costs",
    heading="All initializations, median curves",
    reads=("costs",),
    draws=(Draws("median_costs", "2. Training"),),
    render=render,
)
