"""Which training images each update sees, and after which updates a run records its cost on
the whole training set: every update of gradient descent, or mini-batches in a shuffled order.

Both give the trainer an update's gradients from ``update_gradients`` and say when it records
(``recorded_updates``) and how many epochs an update count makes (``epochs``), so that the
training loop never asks which it has.
"""

import numpy as np

from initbench.training.model import Network
from initbench.training.output import cost_from_logits
from initbench.training.recorders import Step
from initbench.training.signal import recorded_iterations


class WholeSet:
    """Every update on every training image (gradient descent). Each update is recorded, and
    its record's pass gives its gradients: one forward and one backward pass per update."""

    def recorded_updates(self, iterations: int, every: int) -> set[int]:
        """Every update from 0 to ``iterations``: ``every`` does not apply."""
        return set(range(iterations + 1))

    def epochs(self, updates: int) -> float:
        return float(updates)

    def update_gradients(
        self, network: Network, labels: np.ndarray, recorded: Step
    ) -> list[np.ndarray]:
        """The gradients of the record just taken, on the whole set: this update's."""
        return recorded.gradients


class MiniBatches:
    """Updates on ``batch_size`` training images at a time: each epoch a fresh permutation of
    the images, drawn from ``RandomState(order_seed)``, cut into consecutive batches, the last
    one smaller when ``batch_size`` does not divide the images.

    The order has its own generator, so two runs that differ only in ``order_seed`` start from
    the same network (drawn from the initialization's seed)."""

    def __init__(self, images: int, batch_size: int, order_seed: int):
        if not 1 <= batch_size <= images:
            raise ValueError(
                f"batch_size must be from 1 to the {images} training images, not {batch_size}"
            )
        self.images, self.batch_size = images, batch_size
        self.batches_per_epoch = -(-images // batch_size)
        self._batches = self._batch_columns(np.random.RandomState(order_seed))

    def _batch_columns(self, random: np.random.RandomState):
        while True:
            order = random.permutation(self.images)
            for start in range(0, self.images, self.batch_size):
                yield order[start : start + self.batch_size]

    def next_batch(self) -> np.ndarray:
        """The indices of the next batch's training images."""
        return next(self._batches)

    def recorded_updates(self, iterations: int, every: int) -> set[int]:
        """Update 0, every ``every`` updates and the last."""
        return recorded_iterations(iterations, every)

    def epochs(self, updates: int) -> float:
        """Training images seen over their number: whole epochs, then full batches of the
        current one (only an epoch's last batch can be smaller)."""
        epochs, batches = divmod(updates, self.batches_per_epoch)
        return epochs + batches * self.batch_size / self.images

    def update_gradients(
        self, network: Network, labels: np.ndarray, recorded: Step | None
    ) -> list[np.ndarray] | None:
        """The gradients of the mean cost on the next batch, or None when that cost is not
        finite (the run has diverged)."""
        columns = self.next_batch()
        batch_labels = labels[:, columns]
        _, passed = network.forward(columns)
        if not np.isfinite(cost_from_logits(passed.logits, batch_labels)):
            return None
        _, gradients = network.backward(passed, batch_labels, columns)
        return gradients
