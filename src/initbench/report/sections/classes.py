"""Class by class: how often each initialization's final networks answer each class right, the
classes each gets most wrong and what it takes them for, and its confusion matrix."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.experiment import setting_keys
from initbench.report.numbers import count, counted, median_count, percent
from initbench.report.section import Block, Draws, Plot, Section, Table, listed

if TYPE_CHECKING:
    import pandas as pd

    from initbench.analysis.classes import Weakest
    from initbench.report.results import Results

# Tied weakest classes are named up to this many; more are counted.
NAMED_TIES = 3
SET_WORDS = {"test": "held-out", "train": "training"}


def setting_words(runs: pd.DataFrame, one_setting: bool) -> str:
    """Which setting the counts come from, when the grid has several: the post's, else the
    grid's first (``initbench.analysis.comparison.nearest_to_post``)."""
    from initbench.analysis.comparison import POST_SETTINGS
    from initbench.analysis.summary import setting_label

    if one_setting:
        return ""
    keys = setting_keys(runs.columns)
    setting = runs[keys].iloc[0]
    label = setting_label(*setting)
    if all(setting[key] == POST_SETTINGS[key] for key in keys):
        return f" in the post's setting ({label})"
    return f" in the grid's first setting ({label}; the grid lacks the post's)"


def counts_sentence(runs: pd.DataFrame, counted_set: str, images: int, one_setting: bool) -> str:
    """What the numbers below count: which images, in which setting (``runs``: its runs), over
    how many seeds."""
    seeds = int(runs.groupby("method").size().max())
    over = "one seed" if seeds == 1 else f"median over {seeds} seeds"
    which = f"the {count(images)} {SET_WORDS[counted_set]} images"
    if counted_set == "train":
        which += " (none are held out)"
    text = (
        f"Each initialization's final networks{setting_words(runs, one_setting)}, on {which}: "
        f"the share of each class answered right ({over} per method)."
    )
    diverged = int(runs["diverged"].sum())
    if diverged:
        text += (
            f" {diverged} of these {counted(len(runs), 'run')} diverged: their answers are "
            "those of the network they stopped with."
        )
    return text


def accuracy_table(
    accuracy: pd.DataFrame,
    overall: pd.Series,
    sizes: pd.Series,
    classes: list[str],
    methods: list[str],
) -> pd.DataFrame:
    """A row per class (its images, and each method's median share answered right), then one
    for all images together."""
    import pandas as pd

    rows = accuracy.reindex(columns=methods).map(percent)
    rows.insert(0, "Images", sizes.map(count))
    rows.index = [classes[label] for label in rows.index]
    total = pd.DataFrame(
        [[count(sizes.sum()), *(percent(overall[method]) for method in methods)]],
        index=["All classes"],
        columns=rows.columns,
    )
    return pd.concat([rows, total])


def weakest_sentence(found: Weakest, classes: list[str]) -> str:
    """The classes one method gets most wrong, and what it takes the worst for."""
    method = f"**{found.method}**"
    share = percent(found.accuracy)
    if found.labels == found.compared:
        return f"{method} gets each class {share} right."
    if len(found.labels) > NAMED_TIES:
        text = (
            f"{method} gets {len(found.labels)} of {len(found.compared)} classes most wrong, "
            f"each {share} right"
        )
        spared = [label for label in found.compared if label not in found.labels]
        if len(spared) == 1:
            text += f" (every class but *{classes[spared[0]]}*)"
        return text + "."
    names = listed(f"*{classes[label]}*" for label in found.labels)
    if len(found.labels) > 1:
        return f"{method} gets {names} most wrong, each {share} right."
    text = f"{method} gets {names} most wrong: {share} right"
    if found.taken_for:
        others = " or ".join(f"*{classes[label]}*" for label in found.taken_for)
        text += (
            f", most often taken for {others} (median {median_count(found.mistaken)} of its "
            f"{count(found.images)} images)"
        )
    return text + "."


def render(results: Results) -> Iterator[Block]:
    from initbench.analysis.classes import (
        class_accuracy,
        class_names,
        class_sizes,
        counted_set,
        overall_accuracy,
        weakest_classes,
    )
    from initbench.analysis.comparison import nearest_to_post
    from initbench.report.figures import confusion_matrices

    classes = class_names(results.images)
    methods = results.method_order
    confusion = nearest_to_post(results.confusion)
    shown_set = counted_set(confusion)
    shown = confusion[confusion["set"] == shown_set]
    sizes = class_sizes(shown)
    yield counts_sentence(
        nearest_to_post(results.runs), shown_set, int(sizes.sum()), results.one_setting
    )
    yield Table(
        accuracy_table(class_accuracy(shown), overall_accuracy(shown), sizes, classes, methods),
        index=True,
    )
    yield "\n\n".join(
        weakest_sentence(weakest_classes(shown, method), classes) for method in methods
    )
    # Panels side by side scroll sideways on a phone rather than shrink past reading.
    yield Plot("confusion", confusion_matrices(shown, methods, classes), wide=True)


SECTION = Section(
    name="classes",
    heading="Class by class",
    reads=("images", "confusion", "runs"),
    draws=(Draws("confusion", "2. Training"),),
    render=render,
)
