"""Pennington, Schoenholz & Ganguli (2017), "Resurrecting the sigmoid in deep learning through
dynamical isometry: theory and practice": orthogonal weights at the edge of chaos keep every
singular value of a tanh network's Jacobian near 1 and train faster than Gaussian ones, while
no initialization does so for ReLU. Measured on the critical families
(``critical_orthogonal``, ``critical_gaussian``) at the grid's first bias variance: the
spectra by the Jacobian job (``initbench.analysis.jacobian``), the speed by the costs."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from initbench.experiment import CRITICAL_FAMILIES, DEEP, critical_name, layer_names, parse_layers
from initbench.report.papers.claims import Claim, Paper

if TYPE_CHECKING:
    import pandas as pd

    from initbench.analysis.statistics import SignTest
    from initbench.report.results import Results

NOT_FOUND = "not found in the text we could read (its abstract)"
SETUP = {
    "data": NOT_FOUND,
    "network": (
        "deep fully connected networks, tanh and ReLU; the theory in the limit of wide layers "
        f"(depths and widths of the experiments: {NOT_FOUND})"
    ),
    "training": NOT_FOUND,
    "budget": NOT_FOUND,
    "seeds": NOT_FOUND,
}
GAUSSIAN, ORTHOGONAL = CRITICAL_FAMILIES
# How much the spread may grow with depth or differ between initializations is the claim;
# the measure of spread is the squared singular values' variance over their mean's square.
SPREAD = "relative_variance"


def _members(config: dict) -> tuple[str, str]:
    """The critical Gaussian and orthogonal methods compared: at the first bias variance."""
    bias_variance = config["critical"]["bias_variances"][0]
    return critical_name(GAUSSIAN, bias_variance), critical_name(ORTHOGONAL, bias_variance)


def _spread_words(spectra: pd.DataFrame, method: str, activation: str, depth: int) -> str:
    from initbench.report.papers.measures import spread

    rows = spectra[
        (spectra["method"] == method)
        & (spectra["activation"] == activation)
        & (spectra["depth"] == depth)
    ]
    return f"{method} under {activation} at depth {depth}, {spread(rows[SPREAD])}"


def _seed_test(table: pd.DataFrame, key: str, lower: object, higher: object) -> SignTest:
    """The sign test of "the spread is lower where ``key`` is ``lower`` than where it is
    ``higher``", seed by seed (a seed's networks of one ``key`` value: their median)."""
    from initbench.analysis.statistics import sign_test

    by_seed = table.groupby(["seed", key])[SPREAD].median().unstack(key)
    pairs = by_seed[[lower, higher]].dropna()
    return sign_test(list(pairs[lower]), list(pairs[higher]))


def claims(results: Results) -> list[Claim]:
    from initbench.analysis.jacobian import run_spectra
    from initbench.analysis.papers import STARTED_LEARNING, lower_test, updates_to_learn
    from initbench.report.numbers import count
    from initbench.report.papers.measures import sign_words, spread

    gaussian, orthogonal = _members(results.config)
    spectra = run_spectra(results.jacobian)
    shallowest, deepest = int(spectra["depth"].min()), int(spectra["depth"].max())
    tanh_deepest = spectra[(spectra["activation"] == "tanh") & (spectra["depth"] == deepest)]
    relu = spectra[(spectra["activation"] == "relu") & (spectra["method"] == orthogonal)]
    grows = _seed_test(relu, "depth", shallowest, deepest)
    only_orthogonal = _seed_test(tanh_deepest, "method", orthogonal, gaussian)

    runs = results.runs
    deep_runs = runs[[len(parse_layers(name)) == deepest for name in runs["hidden_layers"]]]
    learned = updates_to_learn(results.costs)
    learned = learned[
        (learned["activation"] == "tanh")
        & learned["hidden_layers"].isin(deep_runs["hidden_layers"])
    ]
    sooner = lower_test(learned, "updates", orthogonal, gaussian)

    deep_runs = deep_runs.assign(
        score=100 * (1 - deep_runs["test_accuracy"])
        if deep_runs["test_accuracy"].notna().all()
        else deep_runs["final_cost"]
    )
    score_name = (
        "test error (%)" if deep_runs["test_accuracy"].notna().all() else "final training cost"
    )
    outperform = lower_test(
        deep_runs[deep_runs["method"] == orthogonal], "score", "tanh", "relu", "activation"
    )

    def updates(method: str) -> str:
        values = learned.loc[learned["method"] == method, "updates"]
        return spread(values, lambda value: count(value) if math.isfinite(value) else "never")

    def scored(activation: str) -> str:
        values = deep_runs.loc[
            (deep_runs["method"] == orthogonal) & (deep_runs["activation"] == activation), "score"
        ]
        return spread(values)

    return [
        Claim(
            "abstract",
            '"ReLU networks are incapable of dynamical isometry"',
            f"Var σ² / mean² of the Jacobian's squared singular values, "
            f"{_spread_words(spectra, orthogonal, 'relu', shallowest)}; at depth {deepest}, "
            f"{spread(relu.loc[relu['depth'] == deepest, SPREAD])}: it grows with depth, "
            f"{sign_words(grows, f'depth {shallowest}', f'depth {deepest}')}",
            grows.verdict,
        ),
        Claim(
            "abstract",
            '"sigmoidal networks can achieve isometry, but only with orthogonal weight '
            'initialization"',
            f"Var σ² / mean², {_spread_words(spectra, orthogonal, 'tanh', deepest)}; "
            f"{_spread_words(spectra, gaussian, 'tanh', deepest)}; "
            f"{sign_words(only_orthogonal, orthogonal, gaussian)}",
            only_orthogonal.verdict,
        ),
        Claim(
            "abstract",
            '"deep nonlinear networks achieving dynamical isometry learn orders of magnitude '
            'faster than networks that do not"',
            f"updates until the training cost first fell to {STARTED_LEARNING:.0%} of its start, "
            f"tanh at depth {deepest}: "
            f"{orthogonal} {updates(orthogonal)}; {gaussian} {updates(gaussian)}; "
            f"{sign_words(sooner, orthogonal, gaussian)}",
            sooner.verdict,
        ),
        Claim(
            "abstract",
            '"properly-initialized deep sigmoidal networks consistently outperform deep ReLU '
            'networks"',
            f"{score_name} from {orthogonal} at depth {deepest}: tanh {scored('tanh')}; relu "
            f"{scored('relu')}; {sign_words(outperform, 'tanh', 'relu')}",
            outperform.verdict,
        ),
    ]


def _has_two_deep_depths(config: dict) -> bool:
    depths = {len(parse_layers(name)) for name in layer_names(config)}
    return len({depth for depth in depths if depth >= DEEP}) >= 2


PAPER = Paper(
    key="pennington2017",
    citation="Pennington, Schoenholz & Ganguli 2017",
    title="Resurrecting the sigmoid in deep learning through dynamical isometry",
    setup=SETUP,
    claims=claims,
    reads=("jacobian",),
    difference=(
        "Their spectra are the limit of wide layers, where depth is far below width; these "
        "networks are narrow beside their depth, where the spectra spread more than the limit "
        "says. Learning speed is measured here by the updates until the training cost falls "
        "to 90 % of its start, on a small subset and a short budget."
    ),
    requirements=(
        (
            "methods critical_gaussian and critical_orthogonal",
            lambda config: set(CRITICAL_FAMILIES) <= set(config["methods"]),
        ),
        (
            "the activations tanh and relu",
            lambda config: {"tanh", "relu"} <= set(config["activations"]),
        ),
        (f"two depths of {DEEP} hidden layers or more", _has_two_deep_depths),
    ),
)
