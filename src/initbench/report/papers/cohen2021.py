"""Cohen, Kaur, Li, Kolter & Talwalkar (2021), "Gradient descent on neural networks typically
occurs at the edge of stability": under full-batch gradient descent the sharpness rises until
it reaches 2/η (progressive sharpening), then hovers there while the cost keeps falling, not
monotonically; and Lewkowycz et al.'s (2020) catapult, for runs that start above 2/η. Measured
on each run's sharpness (``initbench.analysis.edge_of_stability``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from initbench.experiment import records_sharpness
from initbench.report.papers.claims import Claim, Paper

if TYPE_CHECKING:
    from initbench.report.results import Results

SETUP = {
    "data": "CIFAR-10, the first 5,000 training images (their code's cifar10-5k), among others",
    "network": (
        "among others, fully connected networks of two hidden layers of 200 units (tanh, "
        "ReLU, ELU, …); cross-entropy and squared loss"
    ),
    "training": "full-batch gradient descent at several step sizes η",
    "budget": (
        "until 99 % training accuracy or 100,000 steps (their code); the sharpness by Lanczos "
        "every 50 or 100 steps"
    ),
    "seeds": "one run per step size",
}


def claims(results: Results) -> list[Claim]:
    from initbench.analysis.edge_of_stability import BAND, REACHED, by_learning_rate
    from initbench.analysis.papers import loss_over_time, rise
    from initbench.analysis.statistics import Count
    from initbench.report.numbers import configured, number
    from initbench.report.papers.measures import spread
    from initbench.report.verdicts import share_of

    edges = results.edges
    below = edges[~edges["started_above"]]
    sharpened = Count(int(below["reached_at"].notna().sum()), len(below))
    over_time = loss_over_time(edges, results.costs)
    both = Count(int((over_time["rose"] & over_time["fell"]).sum()), len(over_time))
    above = edges[edges["started_above"]]
    catapults = Count(int(above["catapult"].astype(bool).sum()), len(above))
    low, high = BAND
    # "For each step size": the claim is tested at each one, as the section on the edge does.
    found = [
        Claim(
            f"Figure 1 (lr {configured(rate.learning_rate)}, 2/η = "
            f"{number(2 / rate.learning_rate)})",
            '"For each step size η, observe that the sharpness rises to 2/η […] and then hovers '
            'right at, or just above, this value."',
            f"{rate.reached} of {rate.runs} runs reached {configured(REACHED)} × 2/η; the "
            f"median of the later measurements lay within {configured(low)}–"
            f"{configured(high)} × 2/η in {share_of(rate.stays, 'run')}",
            rate.stays.verdict,
        )
        for rate in by_learning_rate(edges)
    ]
    found += [
        Claim(
            "§1, §3.1 (progressive sharpening)",
            '"so long as the sharpness is less than the value 2/η, it tends to continually rise"',
            f"of the runs that started below 2/η, the sharpness rose to {configured(REACHED)} × "
            f"2/η in {share_of(sharpened, 'run')}; its largest value over its first: "
            f"{spread(rise(results.sharpness)['rise'], lambda value: f'{number(value)} ×', 'run')}",
            sharpened.verdict,
        ),
        Claim(
            "abstract",
            '"the training loss behaves non-monotonically over short timescales, yet '
            'consistently decreases over long timescales"',
            "of the runs that reached 2/η, the training cost rose between two records after "
            f"that and still ended below where it was then in {share_of(both, 'run')}",
            both.verdict,
        ),
    ]
    if len(above):
        found.append(
            Claim(
                "Lewkowycz et al. 2020, abstract (the catapult)",
                '"The loss grows during the early part of training, and optimization '
                'eventually converges to a flatter minimum."',
                f"of the runs that started above 2/η, the cost rose above its start and then "
                f"the sharpness fell below 2/η in {share_of(catapults, 'run')}",
                catapults.verdict,
            )
        )
    return found


PAPER = Paper(
    key="cohen2021",
    citation="Cohen et al. 2021",
    title="Gradient descent on neural networks typically occurs at the edge of stability",
    setup=SETUP,
    claims=claims,
    reads=("sharpness",),
    difference=(
        "They trained until 99 % training accuracy; these runs stop after a fixed number of "
        "updates, so a run may end before its sharpness has reached 2/η."
    ),
    requirements=(("the sharpness recorded (sharpness_every above 0)", records_sharpness),),
)
