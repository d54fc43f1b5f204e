"""The report's opening: its title, named by the data, and the findings, a short list of the
headline numbers and every verdict that the sections shown add, each linking to its evidence."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import setting_keys
from initbench.report.numbers import number, percent
from initbench.report.section import Section, link

if TYPE_CHECKING:
    import pandas as pd

    from initbench.report.results import Results


# The data each dataset but a folder holds, as the title names it.
DATA_NAMES = {
    "blog": "the post's 100 cat and dog images",
    "synthetic": "a synthetic two-class image set",
    "digits": "scikit-learn's handwritten digits",
    "mnist": "MNIST's handwritten digits",
    "fashion_mnist": "Fashion-MNIST's images of clothing",
}


def title(dataset: str, name: str, post_images: bool) -> str:
    """What the report is about, named by its data rather than by a configuration value:
    ``name`` is where a folder's results land; ``post_images``, that the images are the post's,
    recognised by their content."""
    if dataset == "folder":
        data = f"your images “{name}”"
        if post_images:
            data = f"{DATA_NAMES['blog']} (your folder “{name}”)"
    else:
        data = DATA_NAMES[dataset]
    return f"# How initialization changes training, on {data}"


def headline(methods: pd.DataFrame, runs: pd.DataFrame) -> str:
    """The methods ranked by median final cost in a one-setting grid; the winners per setting
    otherwise."""
    from initbench.analysis.summary import held_out

    settings = methods.groupby(setting_keys(methods.columns), sort=False)
    if settings.ngroups == 1:
        accuracy = "test_accuracy" if held_out(runs) else "train_accuracy"
        kind = "held-out" if accuracy == "test_accuracy" else "training"
        ranked = methods.sort_values("final_cost_median", kind="stable")
        listed = ", ".join(
            f"**{row.method}** {number(row.final_cost_median)} "
            f"({percent(runs.loc[runs['method'] == row.method, accuracy].median())})"
            for row in ranked.itertuples(index=False)
        )
        seeds = int(methods["runs"].max())
        if seeds == 1:
            return (
                f"Final cost of the one seed ({kind} accuracy): {listed}. "
                f"See the {link('summary table', 'summary')}."
            )
        return (
            f"Median final cost over {seeds} seeds (median {kind} accuracy): {listed}. "
            f"See the {link('summary table', 'summary')}."
        )
    winners = (
        settings[["method", "final_cost_median"]]
        .apply(lambda group: group.loc[group["final_cost_median"].idxmin(), "method"])
        .value_counts()
    )
    listed = ", ".join(f"**{method}** in {count}" for method, count in winners.items())
    return (
        f"Lowest median final cost, setting by setting ({settings.ngroups} settings): {listed}. "
        f"See the {link('summary table', 'summary')}."
    )


def findings_list(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def leading(shown: list[Section]) -> Section:
    """The section whose question this grid was built to ask (``LEADS``)."""
    from initbench.report.sections import LEADS

    return next(section for section in LEADS if section in shown)


def render(results: Results) -> Iterator[str]:
    yield title(results.config["dataset"], results.dataset_name, results.post_images)
    yield "## Findings"
    lead = leading(results.sections)
    yield f"This grid asks: *{lead.question}* The answer first, then what else it shows."
    rest = [
        line
        for section in results.sections
        if section is not lead and section.findings is not None
        for line in section.findings(results)
    ]
    yield findings_list([*lead.findings(results), headline(results.methods, results.runs), *rest])


SECTION = Section(
    name="findings",
    reads=("images", "methods", "runs"),
    render=render,
)
