"""How a run optimizes, besides its learning rate and number of updates (``Hyperparameters``):
the optimizer and its coefficients, the batches, the records and the floating-point precision.

The default, ``GRADIENT_DESCENT``, is the post's full-batch gradient descent in float64; a run
under it computes and writes exactly what it did before there was a choice, and its metrics
carry no ``optimization`` entry.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from initbench.training.batches import MiniBatches, WholeSet
from initbench.training.optimizers import Adam, GradientDescent, Momentum, RMSProp

# Settings of every optimizer that updates on mini-batches.
MINI_BATCH_SETTINGS = ("batch_size", "order_seed", "record_every")


class OptimizerKind(NamedTuple):
    """An optimizer by name: how to build it from ``(params, learning_rate, chosen)``, where
    ``chosen`` is the ``Optimization``; the settings of ``Optimization`` it reads; and whether
    its every update is a linear combination of gradients, which keeps the first layer's
    ``W1 - W1₀`` in the span of ``Xᵀ``'s rows, where the Gram path holds it exactly."""

    build: Callable
    settings: tuple[str, ...]
    linear: bool


OPTIMIZERS = {
    "gd": OptimizerKind(lambda params, rate, chosen: GradientDescent(rate), (), linear=True),
    "sgd": OptimizerKind(
        lambda params, rate, chosen: GradientDescent(rate), MINI_BATCH_SETTINGS, linear=True
    ),
    "momentum": OptimizerKind(
        lambda params, rate, chosen: Momentum(params, rate, chosen.momentum, chosen.nesterov),
        (*MINI_BATCH_SETTINGS, "momentum", "nesterov"),
        linear=True,
    ),
    # Adam and RMSProp divide each coordinate by its own running scale, which leaves the span.
    "adam": OptimizerKind(
        lambda params, rate, chosen: Adam(params, rate, chosen.beta1, chosen.beta2, chosen.epsilon),
        (*MINI_BATCH_SETTINGS, "beta1", "beta2", "epsilon"),
        linear=False,
    ),
    "rmsprop": OptimizerKind(
        lambda params, rate, chosen: RMSProp(params, rate, chosen.decay, chosen.epsilon),
        (*MINI_BATCH_SETTINGS, "decay", "epsilon"),
        linear=False,
    ),
}
PRECISIONS = {"float64": np.float64, "float32": np.float32}
# Coefficients that weigh the past against the present: each must lie in [0, 1).
AVERAGING_COEFFICIENTS = ("momentum", "beta1", "beta2", "decay")


@dataclass(frozen=True)
class Optimization:
    """How a run optimizes. ``gd`` updates on every training image and records every update;
    the others update on mini-batches of ``batch_size`` images in an order drawn from
    ``order_seed`` (``batches.MiniBatches``) and record the whole training set's cost at update
    0, every ``record_every`` updates and at the last. Each optimizer reads only its own
    coefficients (``OPTIMIZERS``); ``precision`` is that of the images, the parameters, the
    optimizer's state and all the training arithmetic.

    A float32 run follows its float64 twin below the stability edge: within a relative 1e-5
    in every cost and parameter over 300 updates of gd and sgd (tested; measured under 1.5e-6).
    Past the edge, and under Adam and RMSProp, whose per-coordinate steps magnify the rounding
    of small gradients, the two part as any rounding difference makes them."""

    optimizer: str = "gd"
    batch_size: int = 128
    order_seed: int = 0
    momentum: float = 0.9
    nesterov: bool = False
    beta1: float = 0.9
    beta2: float = 0.999
    epsilon: float = 1e-8
    decay: float = 0.9
    precision: str = "float64"
    record_every: int = 1

    def __post_init__(self):
        if self.optimizer not in OPTIMIZERS:
            raise ValueError(
                f"optimizer must be one of {', '.join(OPTIMIZERS)}, not {self.optimizer!r}"
            )
        if self.precision not in PRECISIONS:
            raise ValueError(
                f"precision must be one of {', '.join(PRECISIONS)}, not {self.precision!r}"
            )
        for name in ("batch_size", "record_every"):
            if getattr(self, name) < 1:
                raise ValueError(f"{name} must be a whole number ≥ 1, not {getattr(self, name)}")
        if not 0 <= self.order_seed < 2**32:
            raise ValueError(f"order_seed must be from 0 to 2**32 - 1, not {self.order_seed}")
        for name in AVERAGING_COEFFICIENTS:
            if not 0 <= getattr(self, name) < 1:
                raise ValueError(f"{name} must be in [0, 1), not {getattr(self, name)}")
        if not self.epsilon > 0:
            raise ValueError(f"epsilon must be above 0, not {self.epsilon}")

    @property
    def mini_batches(self) -> bool:
        return self.optimizer != "gd"

    @property
    def linear(self) -> bool:
        """Whether the optimizer's updates keep the Gram path exact (``OptimizerKind``)."""
        return OPTIMIZERS[self.optimizer].linear

    @property
    def dtype(self) -> type[np.floating]:
        return PRECISIONS[self.precision]

    def optimizer_for(self, params: list[np.ndarray], learning_rate: float):
        """The optimizer, with its state (if any) shaped like ``params``."""
        return OPTIMIZERS[self.optimizer].build(params, learning_rate, self)

    def batches_for(self, images: int) -> WholeSet | MiniBatches:
        """The batches of a run on ``images`` training images."""
        if self.mini_batches:
            return MiniBatches(images, self.batch_size, self.order_seed)
        return WholeSet()

    def settings(self) -> dict:
        """The settings that apply to this optimizer, as a run's metrics record them."""
        applying = ("optimizer", *OPTIMIZERS[self.optimizer].settings, "precision")
        return {name: getattr(self, name) for name in applying}


# The post's full-batch gradient descent in float64.
GRADIENT_DESCENT = Optimization()
