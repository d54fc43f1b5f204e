"""How far a network of finite width falls below the variance map, printed as a table.

    python bench/finite_width.py      # about a minute on 2 cores

The variance map of signal-propagation theory (src/initbench/theory/signal_propagation.py)
is the limit of infinitely wide layers and predicts the second moment averaged over draws of
the weights. For He-initialized ReLU networks 50 hidden layers deep, on 100 random inputs of
300 features, this prints the ratio of the activations' standard deviation at the last hidden
layer to the first, over 40 draws: its median (a typical draw) and its root mean square (what
the map predicts, 1). The report's depth section cites the gap this shows at width 64.
"""

import numpy as np

from initbench.training.initializers import initialize
from initbench.training.network import forward_images

DEPTH, DRAWS, WIDTHS = 50, 40, (64, 256, 1024)


def last_to_first_ratios(width: int) -> np.ndarray:
    x = np.random.RandomState(0).rand(300, 100)
    ratios = []
    for seed in range(DRAWS):
        params = initialize(
            [300, *[width] * DEPTH, 1], "he", np.random.RandomState(seed), activation="relu"
        )
        activations = forward_images(params, x, "relu").a
        ratios.append(activations[-1].std() / activations[0].std())
    return np.array(ratios)


if __name__ == "__main__":
    print(f"He, ReLU, {DEPTH} hidden layers, {DRAWS} draws: last layer's spread / first's")
    print(f"{'width':>6} {'median':>8} {'rms':>6} {'per layer (median)':>19}")
    for width in WIDTHS:
        ratios = last_to_first_ratios(width)
        median = float(np.median(ratios))
        rms = float(np.sqrt(np.mean(ratios**2)))
        print(f"{width:>6} {median:>8.3f} {rms:>6.3f} {median ** (1 / (DEPTH - 1)):>19.4f}")
