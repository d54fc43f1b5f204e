"""Glorot & Bengio (2010), "Understanding the difficulty of training deep feedforward neural
networks": a tanh network of five hidden layers on MNIST from their "standard
initialization" U[-1/√n, 1/√n] (``glorot_standard``) against their normalized one
(``glorot_uniform``): the test errors of their Table 1, and at initialization the activations
(Figure 6) and back-propagated gradients (Figure 7, §4.3) layer by layer, measured from each
run's ``layers.csv`` at update 0."""

from __future__ import annotations

from typing import TYPE_CHECKING

from initbench.report.papers.claims import Claim, Paper, holds_out

if TYPE_CHECKING:
    from initbench.report.results import Results

STANDARD, NORMALIZED = "glorot_standard", "glorot_uniform"
# Table 1, MNIST: test error (%) of their tanh network of five hidden layers.
PUBLISHED_TEST_ERROR = {STANDARD: 1.76, NORMALIZED: 1.64}

SETUP = {
    "data": (
        "MNIST: 50,000 training, 10,000 validation and 10,000 test images (§2.2); Figures 6–7 "
        "are drawn on their Shapeset-3×2, with 'qualitatively similar results' on the others"
    ),
    "network": (
        "five hidden layers of 1,000 tanh units, a softmax output, the negative "
        "log-likelihood (§2.3, Table 1)"
    ),
    "training": (
        "SGD on mini-batches of ten, no momentum; the learning rate chosen for each network "
        "on the validation error (§2.3, §5)"
    ),
    "budget": "the learning rate chosen after 5 million updates (§2.3)",
    "seeds": "one network per row of Table 1; bold marks differences at p = 0.005",
}


def claims(results: Results) -> list[Claim]:
    from initbench.analysis.papers import layer_ratios, lower_test
    from initbench.analysis.statistics import Count
    from initbench.report.numbers import number
    from initbench.report.papers.measures import sign_words, spread
    from initbench.report.verdicts import share_of

    runs = results.runs.assign(test_error=100 * (1 - results.runs["test_accuracy"]))
    errors = {
        method: spread(runs.loc[runs["method"] == method, "test_error"], lambda v: f"{number(v)} %")
        for method in (STANDARD, NORMALIZED)
    }
    lower = lower_test(runs, "test_error", NORMALIZED, STANDARD)
    ratios = layer_ratios(results.layers)
    standard = ratios[ratios["method"] == STANDARD]
    shrinking = Count(int((standard["gradients"] < 1).sum()), len(standard))
    narrower = lower_test(ratios, "activations", STANDARD, NORMALIZED)
    kept = lower_test(ratios, "gradients", STANDARD, NORMALIZED)

    def ratio_spread(method: str, column: str) -> str:
        return spread(ratios.loc[ratios["method"] == method, column])

    return [
        Claim(
            "Table 1, MNIST",
            f'test error "Tanh" {PUBLISHED_TEST_ERROR[STANDARD]} %, "Tanh N" (normalized) '
            f"{PUBLISHED_TEST_ERROR[NORMALIZED]} %",
            f"test error, standard {errors[STANDARD]}; normalized {errors[NORMALIZED]}; "
            f"{sign_words(lower, 'normalized', 'standard')}",
            lower.verdict,
        ),
        Claim(
            "Figure 6",
            '"Activation values normalized histograms with hyperbolic tangent activation, with '
            "standard (top) vs normalized initialization (bottom). Top: 0-peak increases for "
            'higher layers."',
            f"the last hidden layer's activation spread over the first's, at initialization: "
            f"standard {ratio_spread(STANDARD, 'activations')}, normalized "
            f"{ratio_spread(NORMALIZED, 'activations')}; "
            f"{sign_words(narrower, 'standard', 'normalized')}",
            narrower.verdict,
        ),
        Claim(
            "§4.3, Figure 7",
            '"after the standard initialization (eq. 1), the variance of the back-propagated '
            'gradients gets smaller as it is propagated downwards"',
            f"the first hidden layer's back-propagated gradient norm over the last's: below 1 "
            f"in {share_of(shrinking, 'seed')} ({ratio_spread(STANDARD, 'gradients')})",
            shrinking.verdict,
        ),
        Claim(
            "§4.3, Figure 7",
            '"Using our normalized initialization we do not see such decreasing back-propagated '
            'gradients"',
            f"the same ratio under normalized (1 would be no decrease): "
            f"{ratio_spread(NORMALIZED, 'gradients')}; "
            f"{sign_words(kept, 'standard', 'normalized')}",
            kept.verdict,
        ),
    ]


PAPER = Paper(
    key="glorot2010",
    citation="Glorot & Bengio 2010",
    title="Understanding the difficulty of training deep feedforward neural networks",
    setup=SETUP,
    claims=claims,
    reads=("layers", "histograms"),
    difference=(
        "Their test errors come from 5 million updates on 50,000 images with a learning rate "
        "tuned per network; these runs train far less on far fewer images, so their errors are "
        "higher, and only the comparison between the two initializations is tested."
    ),
    requirements=(
        (
            f"methods {STANDARD} and {NORMALIZED}",
            lambda config: {STANDARD, NORMALIZED} <= set(config["methods"]),
        ),
        ("held-out images (a test set) for the test errors", holds_out),
    ),
)
