"""Beside the papers: when the grid repeats a paper's experiment (the key ``paper``), each of
the paper's claims quoted beside what the runs measured, with how sure that is and whether
the two agree; the paper's setup beside this grid's; and, for Glorot & Bengio (2010), their
figures of each layer's activations and back-propagated gradients at initialization."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import draws_gradient_histograms, records_sharpness
from initbench.report.papers import PAPERS
from initbench.report.papers.claims import ASPECTS
from initbench.report.section import Block, Draws, Plot, Reads, Section, Table, capitalized, link
from initbench.report.verdicts import COUNT_TEST

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.papers.claims import Claim, Paper
    from initbench.report.results import Results


def repeats_paper(config: dict) -> bool:
    return config.get("paper") is not None


def _reads(name: str) -> Reads:
    """An input that only some papers' claims need."""

    def needed(config: dict) -> bool:
        return repeats_paper(config) and name in PAPERS[config["paper"]].reads

    return Reads(name, needed)


def _paper(results: Results) -> Paper:
    return PAPERS[results.config["paper"]]


def claims_table(claims: list[Claim]) -> pd.DataFrame:
    import pandas as pd

    return pd.DataFrame(
        [
            {
                # The verdict first: on a phone the wide table scrolls, and it stays in sight.
                "agreement": claim.agreement,
                "where": claim.source,
                "the paper says": claim.statement,
                "measured here": claim.measured,
            }
            for claim in claims
        ]
    )


def setup_table(paper: Paper, results: Results) -> pd.DataFrame:
    import pandas as pd

    from initbench.report.papers.measures import setup_here

    here = setup_here(results)
    return pd.DataFrame(
        [
            {"": aspect, paper.citation: paper.setup[aspect], "here": here[aspect]}
            for aspect in ASPECTS
        ]
    )


def render(results: Results) -> Iterator[Block]:
    paper = _paper(results)
    yield (
        f"These runs repeat the experiment of **{paper.citation}**, “{paper.title}”, as far as "
        "this machine allows. Each claim is quoted with where the paper makes it, beside what "
        "the runs measured: it *agrees* when the runs' test holds, *disagrees* when the test "
        "finds the opposite, and otherwise these runs *cannot tell*. Two initializations are "
        "compared seed by seed by the sign test: of the seeds where they differ, in how many "
        f"the claimed one is ahead. {COUNT_TEST}"
    )
    yield Table(claims_table(results.paper_claims))
    yield (
        "**What differs.** The paper's setup, as far as its text says, beside these runs'. "
        f"{paper.difference}"
    )
    yield Table(setup_table(paper, results))
    if draws_gradient_histograms(results.config):
        yield from glorot_figures(results)


def glorot_figures(results: Results) -> Iterator[Block]:
    from initbench.analysis.depth import DeepSetting
    from initbench.report.depth_figures import activation_histograms
    from initbench.report.papers.glorot2010 import NORMALIZED, STANDARD

    histograms = results.histograms
    row = histograms.iloc[0]
    setting = DeepSetting(
        row["activation"], float(results.config["learning_rates"][0]), row["hidden_layers"]
    )
    methods = [STANDARD, NORMALIZED]
    yield (
        "As in Glorot & Bengio's Figures 6 and 7: each hidden layer's activations, then the "
        "magnitudes of its back-propagated gradients (the cost's gradient with respect to "
        f"its pre-activations), at initialization, one seed, {STANDARD} (their standard "
        f"initialization) beside {NORMALIZED} (their normalized one)."
    )
    # Side-by-side panels: on a phone they scroll at a readable size rather than shrink.
    yield Plot(
        "glorot_activations", activation_histograms(histograms, [setting], methods), wide=True
    )
    yield Plot(
        "glorot_gradients",
        activation_histograms(histograms, [setting], methods, "gradient"),
        wide=True,
    )


def findings(results: Results) -> list[str]:
    paper = _paper(results)
    return [
        f"**{capitalized(claim.agreement)}** ({paper.citation}, {claim.source}): "
        f"{claim.statement} Here: {claim.measured}. See {link('beside the papers', 'papers')}."
        for claim in results.paper_claims
    ]


SECTION = Section(
    name="papers",
    heading="Beside the papers",
    applies=repeats_paper,
    reads=(
        "runs",
        "costs",
        "images",
        "split",
        _reads("layers"),
        _reads("histograms"),
        Reads("sharpness", lambda config: records_sharpness(config) and repeats_paper(config)),
    ),
    draws=(
        Draws("glorot_activations", "6. Papers", draws_gradient_histograms),
        Draws("glorot_gradients", "6. Papers", draws_gradient_histograms),
    ),
    render=render,
    findings=findings,
    question="Do the paper's claims hold on its own experiment, as this machine can run it?",
)
