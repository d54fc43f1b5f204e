"""The papers whose experiments initbench repeats, each with its claims beside the runs
(``initbench.report.papers.claims``), by the name the configuration key ``paper`` gives it."""

from initbench.report.papers import (
    cohen2021,
    glorot2010,
    he2015,
    mishkin2015,
    pennington2017,
    schoenholz2017,
)
from initbench.report.papers.claims import Paper

PAPERS: dict[str, Paper] = {
    paper.key: paper
    for paper in (
        he2015.PAPER,
        schoenholz2017.PAPER,
        glorot2010.PAPER,
        cohen2021.PAPER,
        mishkin2015.PAPER,
        pennington2017.PAPER,
    )
}
