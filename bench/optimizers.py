"""One epoch of MNIST per optimizer, at float64 and float32, beside JAX, printed as a table.

    python bench/optimizers.py                  # about 6 minutes on 2 cores
    python bench/optimizers.py --quick          # 10,000 images, one run each: under a minute
    python bench/optimizers.py --threads 1 2    # also at two threads

One epoch of MNIST's 60,000 training images in batches of 128 (469 updates, the last of 96
images) through a 784-256-256-10 ReLU network with a softmax, He-initialized from seed 1, for
sgd and momentum (learning rate 0.01) and adam and rmsprop (0.001), by initbench's ``train``
and, where JAX is installed, by the same network in JAX on the CPU: the same initial weights
(``initial_params``), the same batches in the same order (asked of ``MiniBatches``), the same
mean softmax cross-entropy and the same update arithmetic, one ``jax.jit``-compiled update
step timed after a warm-up that compiles it for both batch sizes (``block_until_ready`` at
the end of the epoch). JAX is never a dependency of the project: without it the comparison
is skipped. Its side runs in a fresh process of the same Python (``--jax-worker``), so that
its threads can be set before it is imported.

Each row: ``train()``'s seconds (median of the runs), which include its set-up and its two
records on the whole training set (update 0 and the last: a forward pass over all 60,000
images each); the seconds of the
updates alone, the two calls an update makes (``update_gradients``, ``update_params``)
timed inside ``train`` (the first update's one-off transposition of the images into rows is
counted at the median update: it is set-up, as JAX's copy of the images to its device is);
JAX's seconds of the epoch's updates; their ratio, updates to updates (target: within 1.5
at float32); and the whole training set's cost after the epoch by each, with their relative
difference (within ~1e-6 at float64: the two compute the same thing).

Threads: "1 thread" pins this process and JAX's to the same one CPU
(``os.sched_setaffinity``), BLAS to one thread (``threadpoolctl``) and XLA's CPU backend to
one thread (XLA_FLAGS=--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1);
"2 threads" (``--threads 1 2``) allows two CPUs and two BLAS threads and leaves XLA to its
defaults; on 2 cores whose other core is busy (a test suite running) it measures the
contention, not the code: OpenBLAS's two threads then take 5x longer than one over an
update's 256x784x128 product.

After the table, where initbench is slowest against JAX, a profile of its updates (cProfile
around the same two calls) says where their time goes, by module. MNIST is read from
../shared/data/mnist (or $INITBENCH_SHARED_DATA/mnist) and the benchmark skipped when absent.
"""

import argparse
import cProfile
import json
import math
import os
import pstats
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.util import find_spec
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

from initbench.data.idx import find_idx_files, idx_dataset
from initbench.training.batches import MiniBatches
from initbench.training.optimization import Optimization
from initbench.training.output import targets
from initbench.training.trainer import Hyperparameters, initial_params, train

REPO = Path(__file__).resolve().parents[1]
MNIST = Path(os.environ.get("INITBENCH_SHARED_DATA", REPO.parent / "shared" / "data")) / "mnist"
CLASSES, HIDDEN, BATCH, ORDER_SEED, SEED = 10, (256, 256), 128, 0, 1
LEARNING_RATES = {"sgd": 0.01, "momentum": 0.01, "adam": 0.001, "rmsprop": 0.001}
PRECISIONS = ("float64", "float32")
TARGET = 1.5
SINGLE_THREAD_XLA = "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1"
QUICK_IMAGES = 10_000


def mnist_training(images: int | None) -> tuple[np.ndarray, np.ndarray] | None:
    """The first ``images`` training images (features x images, scaled to [0, 1]) and their
    one-hot labels, or None when MNIST is absent."""
    if not MNIST.is_dir():
        return None
    mnist = idx_dataset("mnist", find_idx_files(MNIST), "cat")
    train_images = np.flatnonzero(np.array(mnist.sets) == "train")[:images]
    return mnist.pixels[:, train_images] / 255.0, targets(mnist.labels[train_images], CLASSES)


def updates_per_epoch(images: int) -> int:
    return math.ceil(images / BATCH)


def hyperparameters(optimizer: str, images: int) -> Hyperparameters:
    return Hyperparameters(
        "he",
        SEED,
        hidden_layers=HIDDEN,
        activation="relu",
        learning_rate=LEARNING_RATES[optimizer],
        iterations=updates_per_epoch(images),
    )


class Stopwatch:
    """The seconds of each call of the methods it wraps, optionally under a profiler that runs
    only during those calls."""

    def __init__(self, profiler: cProfile.Profile | None = None):
        self.seconds: list[float] = []
        self.profiler = profiler

    def wrap(self, method):
        def timed(*args):
            if self.profiler:
                self.profiler.enable()
            started = time.perf_counter()
            result = method(*args)
            self.seconds.append(time.perf_counter() - started)
            if self.profiler:
                self.profiler.disable()
            return result

        return timed

    def updates(self) -> float:
        """The updates' seconds (two calls each), the first counted at the median update."""
        per_update = np.add(self.seconds[0::2], self.seconds[1::2])
        return float(per_update[1:].sum() + np.median(per_update[1:]))


@dataclass(frozen=True)
class TimedOptimization(Optimization):
    """``Optimization`` whose batches' ``update_gradients`` and optimizer's ``update_params``
    are timed by ``stopwatch``: an update's two calls in ``train``."""

    stopwatch: Stopwatch = field(default_factory=Stopwatch, compare=False)

    def batches_for(self, images: int):
        batches = super().batches_for(images)
        batches.update_gradients = self.stopwatch.wrap(batches.update_gradients)
        return batches

    def optimizer_for(self, params, learning_rate):
        optimizer = super().optimizer_for(params, learning_rate)
        optimizer.update_params = self.stopwatch.wrap(optimizer.update_params)
        return optimizer


def initbench_epoch(x, labels, optimizer, precision, profiler=None) -> tuple[float, float, float]:
    """``train()``'s seconds, its updates' seconds and the final cost of one epoch."""
    stopwatch = Stopwatch(profiler)
    optimization = TimedOptimization(
        optimizer=optimizer,
        batch_size=BATCH,
        order_seed=ORDER_SEED,
        precision=precision,
        record_every=10**9,  # update 0 and the last only
        stopwatch=stopwatch,
    )
    run = train(x, labels, hyperparameters(optimizer, x.shape[1]), optimization=optimization)
    assert list(run.recorded_at) == [0, updates_per_epoch(x.shape[1])], run.recorded_at
    return run.seconds, stopwatch.updates(), float(run.costs[-1])


@contextmanager
def pinned(cpus: list[int], threads: int):
    """This process on ``cpus`` and BLAS on ``threads`` threads, restored after."""
    before = os.sched_getaffinity(0)
    os.sched_setaffinity(0, cpus)
    try:
        with threadpool_limits(threads, user_api="blas"):
            yield
    finally:
        os.sched_setaffinity(0, before)


def initbench_rows(x, labels, cpus, threads, repeats) -> dict:
    rows = {}
    with pinned(cpus, threads):
        for optimizer in LEARNING_RATES:
            for precision in PRECISIONS:
                runs = [initbench_epoch(x, labels, optimizer, precision) for _ in range(repeats)]
                rows[optimizer, precision] = {
                    "train": statistics.median(run[0] for run in runs),
                    "updates": statistics.median(run[1] for run in runs),
                    "cost": runs[0][2],
                }
    return rows


def jax_rows(images: int, cpus: list[int], threads: int, repeats: int) -> tuple[str, dict]:
    """JAX's version, and its seconds and final cost per (optimizer, precision), from a fresh
    process."""
    command = [sys.executable, __file__, "--jax-worker", "--images", str(images)]
    command += ["--repeats", str(repeats), "--cpus", ",".join(map(str, cpus))]
    env = dict(os.environ)
    if threads == 1:
        env["XLA_FLAGS"] = f"{env.get('XLA_FLAGS', '')} {SINGLE_THREAD_XLA}".strip()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"the JAX worker failed:\n{done.stderr}")
    found = json.loads(done.stdout.splitlines()[-1])
    rows = {tuple(key.split("/")): value for key, value in found["rows"].items()}
    return found["version"], rows


def jax_worker(images: int, cpus: list[int], repeats: int) -> None:
    """Print, as one line of JSON, JAX's median seconds of an epoch's updates and the final
    cost for each optimizer and precision."""
    os.sched_setaffinity(0, cpus)  # before JAX starts its threads, which inherit it
    import jax
    import jax.numpy as jnp

    jax.config.update("jax_enable_x64", True)
    tree = jax.tree_util.tree_map

    def cost(params, x_rows, y_rows):
        """The mean softmax cross-entropy on images as rows."""
        a = x_rows
        for w, b in params[:-1]:
            a = jax.nn.relu(a @ w + b)
        w, b = params[-1]
        logits = a @ w + b
        return jnp.mean(jax.nn.logsumexp(logits, axis=1) - jnp.sum(y_rows * logits, axis=1))

    # (initial state, update): the arithmetic of initbench.training.optimizers, term for term.
    def sgd(rate):
        return lambda params: (), lambda p, g, state: (tree(lambda p, g: p - rate * g, p, g), ())

    def momentum(rate, mu=0.9):
        def update(params, grads, velocities):
            velocities = tree(lambda v, g: mu * v - rate * g, velocities, grads)
            return tree(lambda p, v: p + v, params, velocities), velocities

        return lambda params: tree(jnp.zeros_like, params), update

    def adam(rate, beta1=0.9, beta2=0.999, epsilon=1e-8):
        def update(params, grads, state):
            t, first, second = state
            t = t + 1
            first = tree(lambda m, g: beta1 * m + (1 - beta1) * g, first, grads)
            second = tree(lambda v, g: beta2 * v + (1 - beta2) * g * g, second, grads)
            first_bias, second_bias = 1 - beta1**t, 1 - beta2**t

            def step(p, m, v):
                # As NumPy does with a Python float: in double, then rounded to p's precision.
                first, second = first_bias.astype(p.dtype), second_bias.astype(p.dtype)
                return p - rate * (m / first) / (jnp.sqrt(v / second) + epsilon)

            return tree(step, params, first, second), (t, first, second)

        zeros = lambda params: tree(jnp.zeros_like, params)  # noqa: E731
        return lambda params: (jnp.zeros((), jnp.int64), zeros(params), zeros(params)), update

    def rmsprop(rate, decay=0.9, epsilon=1e-8):
        def update(params, grads, squares):
            squares = tree(lambda s, g: decay * s + (1 - decay) * g * g, squares, grads)
            step = lambda p, g, s: p - rate * g / (jnp.sqrt(s) + epsilon)  # noqa: E731
            return tree(step, params, grads, squares), squares

        return lambda params: tree(jnp.zeros_like, params), update

    built = {"sgd": sgd, "momentum": momentum, "adam": adam, "rmsprop": rmsprop}
    x, labels = mnist_training(images)
    batches = MiniBatches(x.shape[1], BATCH, ORDER_SEED)
    order = [jnp.asarray(batches.next_batch()) for _ in range(updates_per_epoch(x.shape[1]))]
    # Warm-up: a full batch and the last, smaller one when there is one.
    warm_up = [order[0], order[-1]] if len(order[-1]) != len(order[0]) else [order[0]]
    data = {
        precision: (
            jax.device_put(x.T.astype(precision)),
            jax.device_put(labels.T.astype(precision)),
        )
        for precision in PRECISIONS
    }

    def compiled_step(update):
        """One update on the batch of images ``columns``: a single compiled function."""

        def step(params, state, x_rows, y_rows, columns):
            value, grads = jax.value_and_grad(cost)(params, x_rows[columns], y_rows[columns])
            params, state = update(params, grads, state)
            return params, state, value

        return jax.jit(step)

    def epoch(step, params, state, rows, columns_list):
        for columns in columns_list:
            params, state, _ = step(params, state, *rows, columns)
        return jax.block_until_ready(params)

    results = {}
    for optimizer, rate in LEARNING_RATES.items():
        initial, update = built[optimizer](rate)
        step = compiled_step(update)
        start, _ = initial_params(x, CLASSES, hyperparameters(optimizer, x.shape[1]))
        for precision, rows in data.items():
            # initbench's W (fan_out x fan_in) and b (fan_out x 1), transposed for rows.
            params = [
                (jnp.asarray(w.T, precision), jnp.asarray(b[:, 0], precision)) for w, b in start
            ]
            epoch(step, params, initial(params), rows, warm_up)
            seconds = []
            for _ in range(repeats):
                state = jax.block_until_ready(initial(params))
                started = time.perf_counter()
                trained = epoch(step, params, state, rows, order)
                seconds.append(time.perf_counter() - started)
            leaves = jax.tree_util.tree_leaves(trained)
            assert all(leaf.dtype == precision for leaf in leaves), "an update changed dtype"
            final = float(jax.jit(cost)(trained, *rows))
            results[f"{optimizer}/{precision}"] = {
                "seconds": statistics.median(seconds),
                "cost": final,
            }
    print(json.dumps({"version": jax.__version__, "rows": results}))


# Where the profile's time goes, by the module (or kind) of the function that spent it.
PARTS = (
    ("first_layer.py", "first layer: gathers of the batch's rows and its two GEMMs"),
    ("network.py", "layers 2-3: GEMMs, bias adds, dZ products"),
    ("activations.py", "ReLU and its derivative"),
    ("output.py", "softmax, its gradient, the batch's cost"),
    ("optimizers.py", "the optimizer's elementwise step"),
    ("~", "NumPy methods (sums, astype, permutation)"),
    ("", "Python: calls, batch order, the loop"),
)


def part_of(filename: str) -> str:
    for ending, part in PARTS:
        if filename.endswith(f"training/{ending}") or filename == ending == "~":
            return part
    return PARTS[-1][1]


def gemm_seconds(x: np.ndarray, precision: str) -> float:
    """The seconds of the eight matrix products an update makes (three forward, five back),
    on an epoch's batches of the images as rows: what BLAS alone needs."""
    rows = np.ascontiguousarray(x.T.astype(precision))
    rng = np.random.default_rng(0)
    w1, w2, w3 = (
        rng.standard_normal(shape).astype(precision)
        for shape in ((256, 784), (256, 256), (10, 256))
    )
    batches = MiniBatches(x.shape[1], BATCH, ORDER_SEED)
    seconds = 0.0
    for _ in range(updates_per_epoch(x.shape[1])):
        batch = rows[batches.next_batch()]
        started = time.perf_counter()
        z1 = w1 @ batch.T
        z2 = w2 @ z1
        z3 = w3 @ z2
        dz2 = w3.T @ z3
        z3 @ z2.T, dz2 @ z1.T
        dz1 = w2.T @ dz2
        dz1 @ batch
        seconds += time.perf_counter() - started
    return seconds


def gather_seconds(x: np.ndarray, precision: str) -> float:
    """The seconds of gathering an epoch's batches of rows twice each, as an update does."""
    rows = np.ascontiguousarray(x.T.astype(precision))
    batches = MiniBatches(x.shape[1], BATCH, ORDER_SEED)
    started = time.perf_counter()
    for _ in range(updates_per_epoch(x.shape[1])):
        columns = batches.next_batch()
        rows[columns], rows[columns]
    return time.perf_counter() - started


def profile(x, labels, optimizer, precision, cpu, jax_seconds) -> None:
    """Print where one epoch's updates spend their time, on one thread."""
    profiler = cProfile.Profile()
    with pinned([cpu], 1):
        _, plain, _ = initbench_epoch(x, labels, optimizer, precision)
        _, profiled, _ = initbench_epoch(x, labels, optimizer, precision, profiler)
        gemms, gathers = gemm_seconds(x, precision), gather_seconds(x, precision)
    spent: dict[str, float] = {}
    for (filename, _, _), (_, _, own, _, _) in pstats.Stats(profiler).stats.items():
        spent[part_of(filename)] = spent.get(part_of(filename), 0.0) + own
    total = sum(spent.values())
    print(
        f"\nProfile of initbench's updates, {optimizer} {precision}, 1 thread: "
        f"{plain:.2f} s, {profiled:.2f} s under cProfile"
    )
    for part, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        print(f"  {part:<60} {seconds:>6.2f} s {seconds / total:>4.0%}")
    print(f"  {'the eight GEMMs alone, measured apart (BLAS)':<60} {gemms:>6.2f} s")
    print(f"  {'gathering the batch rows twice per update, measured apart':<60} {gathers:>6.2f} s")
    if jax_seconds is not None:
        print(f"  {'JAX, the whole epoch':<60} {jax_seconds:>6.2f} s")
    largest = max(spent, key=spent.get)
    print(
        f"What limits initbench's {optimizer} {precision} updates: {largest} "
        f"({spent[largest] / total:.0%}); BLAS's GEMMs alone take {gemms:.2f} s of their "
        f"{plain:.2f} s"
        + ("" if jax_seconds is None else f", JAX all of it in {jax_seconds:.2f} s")
    )


HEADER = (
    f"{'threads':>7} {'optimizer':<9} {'precision':<9} {'train() s':>9} {'updates s':>9} "
    f"{'JAX s':>7} {'ratio':>6} {'final cost':>10} {'rel. diff':>9}"
)


def row(threads, optimizer, precision, ours, theirs) -> str:
    line = (
        f"{threads:>7} {optimizer:<9} {precision:<9} {ours['train']:>9.2f} {ours['updates']:>9.2f} "
    )
    if theirs is None:
        return line + f"{'-':>7} {'-':>6} {ours['cost']:>10.6f} {'-':>9}"
    difference = abs(ours["cost"] - theirs["cost"]) / abs(theirs["cost"])
    ratio = ours["updates"] / theirs["seconds"]
    return line + (
        f"{theirs['seconds']:>7.2f} {ratio:>6.2f} {ours['cost']:>10.6f} {difference:>9.1e}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="10,000 images, one thread, one run of each"
    )
    # The JAX side, run by the benchmark in a fresh process.
    parser.add_argument("--jax-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--images", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--threads", type=int, nargs="+", default=[1], help="thread counts to measure at"
    )
    parser.add_argument("--cpus", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.jax_worker:
        jax_worker(args.images, [int(cpu) for cpu in args.cpus.split(",")], args.repeats)
        return
    images, repeats = (QUICK_IMAGES, 1) if args.quick else (60_000, 3)
    thread_counts = sorted(set(args.threads))
    data = mnist_training(images)
    if data is None:
        print(f"(skipped: MNIST is absent from {MNIST})")
        return
    x, labels = data
    cpus = sorted(os.sched_getaffinity(0))
    has_jax = find_spec("jax") is not None
    print(
        f"One epoch: {x.shape[1]:,} MNIST images, batches of {BATCH} "
        f"({updates_per_epoch(x.shape[1])} updates), 784-256-256-10 ReLU; "
        f"median of {repeats} run{'s' * (repeats > 1)}; ratio = initbench's updates / JAX's"
    )
    if not has_jax:
        print("(JAX comparison skipped: jax is not installed in this Python)")
    print(HEADER, flush=True)
    ratios, jax_seconds, differences = {}, {}, []
    for threads in thread_counts:
        if threads > len(cpus):
            print(f"({threads} threads skipped: this process may use {len(cpus)} CPU)")
            continue
        ours = initbench_rows(x, labels, cpus[:threads], threads, repeats)
        version, theirs = (
            jax_rows(images, cpus[:threads], threads, repeats) if has_jax else ("", {})
        )
        for optimizer, precision in ours:
            key = (optimizer, precision)
            print(row(threads, optimizer, precision, ours[key], theirs.get(key)), flush=True)
            if key in theirs and precision == "float64":
                differences.append(abs(ours[key]["cost"] / theirs[key]["cost"] - 1))
            if key in theirs and threads == 1:
                ratios[key] = ours[key]["updates"] / theirs[key]["seconds"]
                jax_seconds[key] = theirs[key]["seconds"]
    print("(train() s: the updates, the set-up and two records on the whole training set)")
    if has_jax:
        print(
            f"JAX {version} on the CPU. Final costs at float64 agree within a relative "
            f"{max(differences):.1e} (target 1e-6): the same computation."
        )
        slow = [key for key, ratio in ratios.items() if ratio > TARGET]
        print(
            f"Over {TARGET}x of JAX at one thread: "
            + (", ".join(f"{o} {p} ({ratios[o, p]:.2f}x)" for o, p in slow) or "none")
        )
    worst = max(ratios, key=ratios.get) if ratios else ("adam", "float32")
    profile(x, labels, *worst, cpus[0], jax_seconds.get(worst))


if __name__ == "__main__":
    main()
