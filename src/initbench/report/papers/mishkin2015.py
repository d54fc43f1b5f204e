"""Mishkin & Matas (2015), "All you need is a good init": layer-sequential unit-variance
(LSUV) initialization against the orthogonal start it rescales and He's, in a deep network
on MNIST, with their tolerance (0.1) and iteration count (10) (``initbench.training.lsuv``).
Measured by the test errors, seed by seed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from initbench.report.papers.claims import Claim, Paper, holds_out

if TYPE_CHECKING:
    from initbench.report.results import Results

SETUP = {
    "data": "MNIST (and CIFAR-10/100, ImageNet)",
    "network": (
        "convolutional (on MNIST, their code's FitNet_MNIST with maxout units), LSUV on an "
        "orthonormal start"
    ),
    "training": (
        "their MNIST code: RMSProp, learning rate 0.002, batches of 64; the tolerance 0.1 and "
        "10 iterations are their Keras code's (the paper's values: not found in the text we "
        "could read)"
    ),
    "budget": "their MNIST code: 50,000 iterations",
    "seeds": "one run per initialization",
}

COMPARED = ("orthogonal", "he")


def claims(results: Results) -> list[Claim]:
    from initbench.analysis.papers import lower_test
    from initbench.report.numbers import number
    from initbench.report.papers.measures import sign_words, spread

    runs = results.runs.assign(test_error=100 * (1 - results.runs["test_accuracy"]))
    deepest = runs[runs["hidden_layers"] == runs["hidden_layers"].iloc[-1]]

    def error(method: str) -> str:
        values = deepest.loc[deepest["method"] == method, "test_error"]
        return spread(values, lambda value: f"{number(value)} %")

    found = []
    for other in COMPARED:
        lower = lower_test(deepest, "test_error", "lsuv", other)
        found.append(
            Claim(
                "abstract",
                '"produces networks with test accuracy better or equal to standard methods"',
                f"{deepest['hidden_layers'].iloc[0]}: test error, lsuv {error('lsuv')}; "
                f"{other} {error(other)}; {sign_words(lower, 'lsuv', other)}",
                lower.verdict,
            )
        )
    return found


PAPER = Paper(
    key="mishkin2015",
    citation="Mishkin & Matas 2015",
    title="All you need is a good init",
    setup=SETUP,
    claims=claims,
    difference=(
        "Their networks were convolutional with maxout units, trained for 50,000 iterations; "
        "these are fully connected rectifier networks trained briefly, on a subset. Their "
        'claim is "better or equal": a test of "LSUV\'s error is lower" that cannot tell is '
        "what equal errors give too; it disagrees only when LSUV's errors are higher."
    ),
    requirements=(
        (
            "methods lsuv, orthogonal and he",
            lambda config: {"lsuv", *COMPARED} <= set(config["methods"]),
        ),
        ("held-out images (a test set) for the test errors", holds_out),
    ),
)
