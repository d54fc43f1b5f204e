"""Sentences of the report, each computed from the results it states."""

import pandas as pd

from initbench.figures import OFF_SCALE_FACTOR
from initbench.summary import COST_THRESHOLD

SOURCES = {
    "synthetic": "a synthetic two-class set drawn by initbench (discs vs triangles, tinted)",
    "folder": "your own images",
    "blog": "the post's own 100 images",
}


def dataset_sentence(
    dataset: str, images: pd.DataFrame, skipped: pd.DataFrame, image_size: int, shape: tuple
) -> str:
    counts = images.groupby("class", sort=False).size()
    per_class = ", ".join(f"{count} {name}" for name, count in counts.items())
    positive = images.loc[images["label"] == 1, "class"].iloc[0]
    skipped_text = (
        f" **Skipped:** {len(skipped)} unusable file(s), left out "
        f"(on_bad_image: skip): {', '.join(f'`{file}`' for file in skipped['file'])}."
        if len(skipped)
        else ""
    )
    return (
        f"**Source:** {SOURCES[dataset]}. **Images:** {len(images)} ({per_class}); "
        f"class *{positive}* is labelled 1.{skipped_text} **Size:** {image_size}×{image_size} "
        f"RGB, flattened into a {shape[0]:,} × {shape[1]:,} matrix scaled to [0, 1]."
    )


def _format_range(low: float, high: float) -> str:
    return f"{low:.3g}–{high:.3g}"


def seeds_sentences(methods: pd.DataFrame, runs: pd.DataFrame) -> list[str]:
    """Per method: what one run would say, and what the seeds say instead."""
    sentences = []
    for summary in methods.itertuples(index=False):
        group = runs[runs["method"] == summary.method]
        first = group.iloc[0]
        learned = int((group["final_cost"] < COST_THRESHOLD).sum())
        text = (
            f"**{summary.method}**: seed {first.seed} alone ends at cost {first.final_cost:.3g} "
            f"with {first.train_accuracy:.0%} training accuracy; over {summary.runs} seeds the "
            f"final cost has median {summary.final_cost_median:.3g} "
            f"(quartiles {_format_range(summary.final_cost_q1, summary.final_cost_q3)}, "
            f"range {_format_range(summary.final_cost_min, summary.final_cost_max)}), "
            f"{learned} of {summary.runs} end below {COST_THRESHOLD}, and accuracy ranges "
            f"{group['train_accuracy'].min():.0%}–{group['train_accuracy'].max():.0%}."
        )
        if summary.diverged_runs:
            diverged = group[group["diverged"]]
            where = ", ".join(
                f"seed {run.seed} at iteration {int(run.diverged_at_iteration)}"
                for run in diverged.itertuples(index=False)
            )
            text += (
                f" {summary.diverged_runs} run(s) diverged, their cost becoming NaN or infinite "
                f"({where}); a diverged run counts as final cost ∞."
            )
        sentences.append(text)
    return sentences


def off_scale_sentence(runs: pd.DataFrame, costs: pd.DataFrame, ceiling: float) -> str | None:
    """What the dotted line of the cost figures means, when anything is drawn on it."""
    diverged = int(runs["diverged"].sum())
    if not diverged and not (costs["cost"] > ceiling).any():
        return None
    return (
        f"{diverged} of {len(runs)} runs diverged. Costs above {ceiling:.3g} "
        f"({OFF_SCALE_FACTOR} × the highest starting cost), and every diverged run from the "
        "iteration it diverged, are drawn on the dotted red line: off the scale."
    )


def chaos_sentence(method: str, departure: int | None, iterations: int, runs: pd.DataFrame) -> str:
    final = runs.loc[runs["method"] == method, "final_cost"]
    learning_rate = runs.loc[runs["method"] == method, "learning_rate"].iloc[0]
    spread = f"our {len(final)} seeds end between cost {_format_range(final.min(), final.max())}"
    if departure is None:
        return (
            f"Reversing the order of the images left the {method} seed-1 curve within 1 % for "
            f"{iterations} iterations; {spread}."
        )
    return (
        f"Training {method} seed 1 on the same images in reverse order, which changes only the "
        f"order of floating-point sums, moves its cost curve by more than 1 % from iteration "
        f"{departure} on: at learning rate {learning_rate:g} the dynamics are chaotic, so the "
        f"post's single "
        f"{method} curve (trained on images in a shuffled order) is one sample, and {spread}."
    )


def sharpness_sentence(diagnostics: pd.DataFrame) -> str:
    """How many sharpness estimates converged, and where they did not."""
    if diagnostics.empty:
        return "Diagnostics were not asked for (diagnostics: true), so no line is drawn."
    failed = diagnostics[~diagnostics["converged"].astype(bool)]
    if failed.empty:
        return f"All {len(diagnostics)} sharpness estimates converged."
    where = ", ".join(
        f"{activation} {method} ({count})"
        for (activation, method), count in failed.groupby(["activation", "method"]).size().items()
    )
    return (
        f"{len(failed)} of {len(diagnostics)} sharpness estimates did not converge within the "
        f"power iterations allowed: {where}. Finite differences of the gradient are noisy "
        "across ReLU's kinks; a method's line is drawn only when most of its seeds converged."
    )
