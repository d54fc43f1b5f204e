"""How far a network of finite width falls below the variance map, beside the finite-width law.

    python bench/finite_width.py      # about 3 minutes on one core

The variance map of signal-propagation theory (src/initbench/theory/signal_propagation.py)
is the limit of infinitely wide layers and predicts the second moment averaged over draws of
the weights: for He under ReLU, a last-to-first ratio of 1 in root mean square over draws. A
typical draw falls below it, and src/initbench/theory/finite_width.py gives the law of the
ratio for one input (Hanin & Rolnick 2018). For He-initialized ReLU networks 50 hidden layers
deep, on 100 random inputs of 300 features, this prints the ratio of the activations' standard
deviation (over all units and images, as the report measures it) at the last hidden layer to
the first: its median over draws with a bootstrap standard error, the same for one input's
root mean square (the quantity the law describes), the law's median and 90 % band for one
draw, the share of draws whose measured ratio lies in that band, and the ratio's root mean
square over draws (the map's 1), with the spread of ln R over the images within a draw. Width
1,024 takes about 1.8 s a draw (drawing 52 million weights, then the forward pass), so it gets
50 draws where width 64 gets 2,000.

What it finds (the table in docs/benchmark.md): one input's ratio follows the law, and so,
nearly, does the pooled standard deviation over the 100 images, which sits a little above the
law's median. Within one draw the images' ratios differ (two inputs' correlation is 0.72 at
layer 1 and 0.996 at layer 50): ln R spreads by s = 0.26 over the images at width 64, against
0.98 between draws, and pooling averages their squares, which lifts the pooled ratio by about
exp(s²): 7 % at width 64 (0.404 against 0.378, 2.4 standard errors), 2 % at width 256 and
0.5 % at width 1,024, within the errors there (at width 1,024 the two measures' medians of 50
draws lie 1.3 and 1.8 standard errors above the law's 0.942). The mean that the standard
deviation subtracts moves it by under 1 %. The band is wide beside that lift: it holds 91 % of
the pooled ratios at widths 64 and 256. The old 40-draw median at width 64, 0.26, was that
sample's: seeds 0-39 give 0.26, 2,000 draws 0.40.
"""

import time

import numpy as np
from threadpoolctl import threadpool_limits

from initbench.theory.finite_width import spread_band
from initbench.training.initializers import initialize
from initbench.training.network import forward_images

DEPTH, FEATURES, IMAGES = 50, 300, 100
DRAWS = {64: 2000, 256: 500, 1024: 50}
BOOTSTRAPS = 2000


def last_to_first_ratios(width: int, draws: int) -> np.ndarray:
    """Per draw: the last hidden layer's standard deviation over all units and images over the
    first's, the same for one input's root mean square, and the standard deviation over the
    images of ln R, each image's own RMS ratio."""
    x = np.random.RandomState(0).rand(FEATURES, IMAGES)
    ratios = []
    for seed in range(draws):
        params = initialize(
            [FEATURES, *[width] * DEPTH, 1], "he", np.random.RandomState(seed), activation="relu"
        )
        activations = forward_images(params, x, "relu").a
        first, last = activations[0], activations[-1]
        own = np.sqrt(np.mean(last**2, axis=0) / np.mean(first**2, axis=0))
        # A layer of 64 units or more kills an image's signal with probability 2^-64 at most.
        ratios.append((last.std() / first.std(), own[0], np.log(own).std()))
    return np.array(ratios)


def median_and_error(values: np.ndarray) -> tuple[float, float]:
    """The median and its bootstrap standard error (a fixed seed, so reruns agree)."""
    resamples = np.random.default_rng(0).integers(0, values.size, (BOOTSTRAPS, values.size))
    return float(np.median(values)), float(np.median(values[resamples], axis=1).std())


if __name__ == "__main__":
    start = time.perf_counter()
    print(f"He, ReLU, {DEPTH} hidden layers, {IMAGES} random inputs: last layer's spread / first's")
    print(
        f"{'width':>5} {'draws':>5} {'median (s.e.)':>14} {'one input (s.e.)':>17} "
        f"{'law median':>10} {'law 90 % band':>14} {'in band':>7} {'images':>6} {'rms':>5}"
    )
    # One BLAS thread, as in a train job: the figures are one core's.
    with threadpool_limits(1):
        for width, draws in DRAWS.items():
            ratios = last_to_first_ratios(width, draws)
            pooled, single, images = ratios.T
            median, error = median_and_error(pooled)
            one, one_error = median_and_error(single)
            band = spread_band([2.0] * (DEPTH - 1), [width] * DEPTH, "relu")
            low, middle, high = band.lower[-1], band.median[-1], band.upper[-1]
            inside = np.mean((pooled >= low) & (pooled <= high))
            rms = np.sqrt(np.mean(pooled**2))
            print(
                f"{width:>5} {draws:>5} {median:>7.3f} ({error:.3f}) {one:>9.3f} ({one_error:.3f}) "
                f"{middle:>10.3f} {f'{low:.3f}–{high:.3f}':>14} {inside:>7.2f} "
                f"{np.median(images):>6.2f} {rms:>5.2f}"
            )
    print(f"{time.perf_counter() - start:.0f} s")
