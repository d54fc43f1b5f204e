"""He, Zhang, Ren & Sun (2015), "Delving deep into rectifiers" (§2.2, Figures 2 and 3): from
weights of variance 1/fan_in ("Xavier" there) a deep ReLU network stalls where one from
2/fan_in trains; in a shallower one both train, He's sooner.

The grid's deepest architecture stands for their 30-layer model, the next deepest for their
22-layer one; a run stalls or trains as the section on depth says
(``initbench.analysis.depth.outcomes``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from initbench.report.papers.claims import Claim, Paper

if TYPE_CHECKING:
    from initbench.report.results import Results

SETUP = {
    "data": "ImageNet 2012: 1.28 million training images of 1,000 classes",
    "network": (
        "convolutional, ReLU: a 22-layer model (Figure 2, their model B) and a 30-layer one "
        "(27 convolutional and 3 fully connected layers, Figure 3)"
    ),
    "training": (
        "SGD with momentum; the learning rate, momentum and batch size of these two runs: not "
        "found in the text we could read"
    ),
    "budget": "epochs of ImageNet (the figures' axis); the count: not found",
    "seeds": "one run per initialization",
}


def claims(results: Results) -> list[Claim]:
    from initbench.analysis.depth import outcomes
    from initbench.analysis.papers import STARTED_LEARNING, lower_test, updates_to_learn
    from initbench.analysis.statistics import Count
    from initbench.experiment import parse_layers
    from initbench.report.papers.measures import sign_words
    from initbench.report.verdicts import share_of

    table = outcomes(results.runs, results.costs)
    table = table[table["activation"] == "relu"]
    depths = sorted({len(parse_layers(name)) for name in table["hidden_layers"]}, reverse=True)
    found = []
    pairs = results.he_et_al
    if depths:
        deepest = pairs[pairs["depth"] == depths[0]]
        both = Count(int(deepest["both"].sum()), int(deepest["seeds"].sum()))
        found.append(
            Claim(
                "§2.2, Figure 3 (30 layers)",
                "theirs converges from He's initialization, while \"the 'Xavier' method "
                'completely stalls the learning, and the gradients are diminishing"',
                f"{depths[0]} hidden layers: He trained in {int(deepest['he_trained'].sum())}, "
                f"Xavier stalled in {int(deepest['xavier_stalled'].sum())}, both in "
                f"{share_of(both, 'seed')}",
                both.verdict,
            )
        )
    if len(depths) > 1:
        shallower = table[[len(parse_layers(name)) == depths[1] for name in table["hidden_layers"]]]
        he = shallower[shallower["method"] == "he"].set_index("seed")["outcome"]
        xavier = shallower[shallower["method"] == "xavier"].set_index("seed")["outcome"]
        seeds = he.index.intersection(xavier.index)
        trained = Count(
            int(((he[seeds] == "trained") & (xavier[seeds] == "trained")).sum()), len(seeds)
        )
        found.append(
            Claim(
                "§2.2, Figure 2 (22 layers)",
                "\"Both our initialization (red) and 'Xavier' (blue) lead to convergence\"",
                f"{depths[1]} hidden layers: both trained in {share_of(trained, 'seed')}",
                trained.verdict,
            )
        )
        learned = updates_to_learn(results.costs)
        learned = learned[
            (learned["activation"] == "relu")
            & learned["hidden_layers"].isin(set(shallower["hidden_layers"]))
        ]
        sooner = lower_test(learned, "updates", "he", "xavier")
        found.append(
            Claim(
                "§2.2, Figure 2 (22 layers)",
                '"but ours starts reducing error earlier"',
                f"{depths[1]} hidden layers: the updates until the training cost first fell "
                f"to {STARTED_LEARNING:.0%} of its start were {sign_words(sooner, 'he', 'xavier')}",
                sooner.verdict,
            )
        )
    return found


PAPER = Paper(
    key="he2015",
    citation="He et al. 2015",
    title="Delving deep into rectifiers: surpassing human-level performance on ImageNet "
    "classification",
    setup=SETUP,
    claims=claims,
    difference=(
        "Their networks were convolutional and trained on ImageNet; these are fully connected "
        "and train on a subset of MNIST for minutes, so a stall here is one within this "
        "budget."
    ),
    requirements=(
        ("methods he and xavier", lambda config: {"he", "xavier"} <= set(config["methods"])),
        ("the activation relu", lambda config: "relu" in config["activations"]),
    ),
)
