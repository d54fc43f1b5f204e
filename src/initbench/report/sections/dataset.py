"""The dataset: where the images come from, how many of each class the runs use, what learning
nothing achieves on them, and the first image of each class."""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import TYPE_CHECKING

from initbench.report.numbers import count, counted, number, percent
from initbench.report.section import Block, Draws, Plot, Section, link

if TYPE_CHECKING:
    import pandas as pd

    from initbench.analysis.baseline import Baseline
    from initbench.report.results import Results

SOURCES = {
    "synthetic": "a synthetic two-class set drawn by initbench (discs vs triangles, tinted)",
    "folder": "your own images",
    "blog": "the post's own 100 images",
    "digits": (
        "scikit-learn's bundled handwritten digits, a copy of the UCI ML hand-written digits "
        "test set (Alpaydin & Kaynak; CC BY 4.0)"
    ),
    "mnist": "MNIST's handwritten digits (LeCun, Cortes & Burges; CC BY-SA 3.0)",
    "fashion_mnist": "Fashion-MNIST's images of clothing (Zalando Research; MIT licence)",
}
CHANNELS = {1: "grey", 3: "RGB"}


def labels_sentence(images: pd.DataFrame) -> str:
    """Which class is labelled what: the positive class of two, else the order of many."""
    classes = images["label"].nunique()
    if classes == 2:
        positive = images.loc[images["label"] == 1, "class"].iloc[0]
        return f"class *{positive}* is labelled 1"
    return f"labels 0 to {classes - 1} follow that order"


def dataset_sentence(
    dataset: str,
    name: str,
    post_images: bool,
    images: pd.DataFrame,
    sets: pd.Series,
    skipped: pd.DataFrame,
    shape: tuple,
) -> str:
    """Where the images come from, how many of each class the runs use (``sets``: each image's
    train, test or unused), how they are labelled, and their size."""
    from initbench.data.matrix import image_shape

    used = images[sets != "unused"]
    counts = used.groupby("label")["class"].agg(name="first", images="size")
    per_class = ", ".join(f"{count(row.images)} *{row.name}*" for row in counts.itertuples())
    held_out = int((sets == "test").sum())
    split = (
        f", {count(len(used) - held_out)} for training and {count(held_out)} held out"
        if held_out
        else ""
    )
    unused = int((sets == "unused").sum())
    unused_text = (
        f" **Unused:** {counted(unused, 'more image')} of the matrix, left out of this grid."
        if unused
        else ""
    )
    skipped_text = (
        f" **Skipped:** {counted(len(skipped), 'unusable file')}, left out "
        f"(on_bad_image: skip): {', '.join(f'`{file}`' for file in skipped['file'])}."
        if len(skipped)
        else ""
    )
    source = SOURCES[dataset]
    if dataset == "folder":
        source += f" (results under the name “{name}”)"
        if post_images:
            source += ", which are the post's own 100 (recognised by their SHA-256)"
    side, _, channels = image_shape(shape[0])
    return (
        f"**Source:** {source}. **Images:** {count(len(used))} ({per_class}){split}; "
        f"{labels_sentence(images)}.{unused_text}{skipped_text} **Size:** {side}×{side} "
        f"{CHANNELS[channels]}, flattened into a {count(shape[0])} × {count(shape[1])} matrix "
        "scaled to [0, 1]."
    )


def baseline_sentence(found: Baseline) -> str:
    if found.balanced and found.classes == 2:
        return (
            "**Chance:** the classes are balanced, so a coin toss is right 50% of the time and "
            f"answering 0.5 for every image costs ln 2 = {number(found.cost)}."
        )
    if found.balanced:
        return (
            f"**Chance:** the {found.classes} classes are balanced, so guessing is right "
            f"{percent(1 / found.classes)} of the time, and the best constant answer (1/"
            f"{found.classes} for every class) costs ln {found.classes} = {number(found.cost)}."
        )
    if found.classes == 2:
        return (
            f"**Baseline:** always answering *{found.majority}* is right "
            f"{percent(found.accuracy)} of the time, and the best constant answer costs "
            f"{number(found.cost)} (the entropy of the classes' shares): a network that learns "
            "only its output bias ends there, and a coin toss is no yardstick."
        )
    return (
        f"**Baseline:** always answering *{found.majority}*, the most common of the "
        f"{found.classes} classes, is right {percent(found.accuracy)} of the time, and the best "
        f"constant answer costs {number(found.cost)} (the entropy of the classes' shares; "
        f"ln {found.classes} = {number(math.log(found.classes))} were they equal): a network that "
        "learns only its output bias ends there."
    )


def below_chance(runs: pd.DataFrame, chance: Baseline) -> str | None:
    """The runs whose training accuracy ends below always answering the majority class (below
    chance, when the classes are balanced)."""
    below = runs[runs["train_accuracy"] < chance.accuracy]
    if below.empty:
        return None
    # Seeds, not runs: a grid of several settings runs each seed once per setting.
    seeds = {
        method: sorted(set(group["seed"])) for method, group in below.groupby("method", sort=False)
    }
    listed = "; ".join(
        f"{method} seed{'s' if len(found) > 1 else ''} {', '.join(map(str, found))}"
        for method, found in seeds.items()
    )
    # Balanced classes have no majority: any one class answered always is chance.
    mark = (
        f"chance (one class in {chance.classes}, {percent(chance.accuracy)})"
        if chance.balanced
        else f"always answering *{chance.majority}* ({percent(chance.accuracy)})"
    )
    return (
        f"{len(below)} of {len(runs)} runs end with training accuracy below {mark}: {listed}. "
        f"See the {link('dataset', 'dataset')}."
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.report.figures import sample_images

    pixels = results.pixels
    yield dataset_sentence(
        results.config["dataset"],
        results.dataset_name,
        results.post_images,
        results.images,
        results.image_sets,
        results.skipped,
        pixels.shape,
    )
    yield baseline_sentence(results.chance)
    # More than two images make a row wider than a phone shows readably: it scrolls sideways.
    many = results.images["label"].nunique() > 2
    yield Plot("samples", sample_images(pixels, results.images), wide=many)


def findings(results: Results) -> list[str]:
    found = below_chance(results.runs, results.chance)
    return [found] if found else []


SECTION = Section(
    name="dataset",
    heading="The dataset",
    reads=("images", "split", "skipped", "matrix", "runs"),
    draws=(Draws("samples", "1. Dataset"),),
    render=render,
    findings=findings,
)
