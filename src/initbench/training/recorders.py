"""What a run records as it trains, each a small object the training loop calls at every record
(every update under gradient descent).

A recorder's ``record`` reads one ``Step``; its ``finish`` returns the fields of the ``Run``
it fills, from the network as training left it. A new thing to record is one more recorder.
"""

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from initbench.training.curvature import ReducedCurvature
from initbench.training.model import Network
from initbench.training.network import Forward
from initbench.training.output import accuracy, confusion, cost_from_logits
from initbench.training.signal import hidden_layer_signal, recorded_iterations

SHARPNESS_FIELDS = ["iteration", "sharpness", "lowest_eigenvalue", "lanczos_steps", "converged"]


@dataclass
class Step:
    """One record, after ``iteration`` updates and before the next: the network, its passes
    and its gradients, all on the whole training set."""

    iteration: int
    network: Network
    # W1·X before the bias, as the forward pass computed it.
    first_x: np.ndarray
    passed: Forward
    dzs: list[np.ndarray]
    # The gradients of ``network.parameters``, in their order.
    gradients: list[np.ndarray]


class Recorder(Protocol):
    def record(self, step: Step) -> None: ...

    def finish(self, network: Network) -> dict:
        """The ``Run``'s fields this recorder fills."""
        ...


class HeldOutCost:
    """The cost on the held-out images (those the first layer was given) at every record, and
    their accuracy and confusion matrix at the end."""

    def __init__(self, labels: np.ndarray):
        self.labels, self.costs = labels, []

    def record(self, step: Step) -> None:
        self.costs.append(cost_from_logits(step.network.forward_held_out().logits, self.labels))

    def finish(self, network: Network) -> dict:
        logits = network.forward_held_out().logits
        return {
            "test_costs": np.array(self.costs),
            "test_accuracy": accuracy(logits, self.labels),
            "test_confusion": confusion(logits, self.labels),
        }


class LayerSignal:
    """Each hidden layer's signal (rows of ``signal.FIELDS``) at iteration 0, every ``every``
    iterations and at the last."""

    def __init__(self, iterations: int, every: int, learning_rate: float):
        self.at = recorded_iterations(iterations, every)
        self.learning_rate, self.rows = learning_rate, []

    def record(self, step: Step) -> None:
        if step.iteration not in self.at:
            return
        network = step.network
        self.rows += hidden_layer_signal(
            step.iteration,
            step.passed,
            step.dzs,
            network.gradient_norms(step.gradients)[:-1],
            network.weight_norms()[:-1],
            self.learning_rate,
            network.activation,
        )

    def finish(self, network: Network) -> dict:
        return {"signal": self.rows}


class Sharpness:
    """The cost's sharpness (rows of ``SHARPNESS_FIELDS``) at iteration 0, every ``every``
    iterations and at the last, on the Gram-reduced inputs of ``curvature``, from its one
    Lanczos start for the whole run."""

    def __init__(self, curvature: ReducedCurvature, iterations: int, every: int):
        self.curvature, self.at, self.rows = curvature, recorded_iterations(iterations, every), []

    def record(self, step: Step) -> None:
        if step.iteration not in self.at:
            return
        network = step.network
        found = self.curvature.sharpness(step.first_x, network.first.bias, network.rest)
        self.rows.append([step.iteration, *(found[field] for field in SHARPNESS_FIELDS[1:])])

    def finish(self, network: Network) -> dict:
        return {"sharpness": self.rows}
