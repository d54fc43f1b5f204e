"""The dataset: where the images come from, how many of each class, what learning nothing
achieves on them, and the first image of each class."""

from __future__ import annotations

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
}


def dataset_sentence(
    dataset: str,
    name: str,
    post_images: bool,
    images: pd.DataFrame,
    skipped: pd.DataFrame,
    image_size: int,
    shape: tuple,
) -> str:
    counts = images.groupby("class", sort=False).size()
    per_class = ", ".join(f"{count(amount)} {name}" for name, amount in counts.items())
    positive = images.loc[images["label"] == 1, "class"].iloc[0]
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
    return (
        f"**Source:** {source}. **Images:** {count(len(images))} ({per_class}); "
        f"class *{positive}* is labelled 1.{skipped_text} **Size:** {image_size}×{image_size} "
        f"RGB, flattened into a {count(shape[0])} × {count(shape[1])} matrix scaled to [0, 1]."
    )


def baseline_sentence(found: Baseline) -> str:
    if found.balanced:
        return (
            "**Chance:** the classes are balanced, so a coin toss is right 50% of the time and "
            f"answering 0.5 for every image costs ln 2 = {number(found.cost)}."
        )
    return (
        f"**Baseline:** always answering *{found.majority}* is right {percent(found.accuracy)} "
        f"of the time, and the best constant answer costs {number(found.cost)} (the entropy of "
        "the classes' shares): a network that learns only its output bias ends there, and a "
        "coin toss is no yardstick."
    )


def below_chance(runs: pd.DataFrame, chance: Baseline) -> str | None:
    """The runs whose training accuracy ends below always answering the majority class."""
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
    return (
        f"{len(below)} of {len(runs)} runs end with training accuracy below always answering "
        f"*{chance.majority}* ({percent(chance.accuracy)}): {listed}. See the "
        f"{link('dataset', 'dataset')}."
    )


def render(results: Results) -> Iterator[Block]:
    from initbench.report.figures import sample_images

    pixels = results.pixels
    yield dataset_sentence(
        results.config["dataset"],
        results.dataset_name,
        results.post_images,
        results.images,
        results.skipped,
        results.image_size,
        pixels.shape,
    )
    yield baseline_sentence(results.chance)
    figure = sample_images(pixels, results.images["class"].tolist(), results.image_size)
    yield Plot("samples", figure)


def findings(results: Results) -> list[str]:
    found = below_chance(results.runs, results.chance)
    return [found] if found else []


SECTION = Section(
    name="dataset",
    heading="The dataset",
    reads=("images", "skipped", "matrix", "runs"),
    draws=(Draws("samples", "1. Dataset"),),
    render=render,
    findings=findings,
)
