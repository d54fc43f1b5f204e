"""The experiment a configuration describes: every combination of the swept settings, and how
each is named in paths."""

import math
import re
from itertools import groupby, product

# The optimizers a grid may sweep (training.optimization builds them). "gd" is the post's
# full-batch gradient descent: its runs' paths and a grid of it alone's tables name no
# optimizer, and are what they were before there was a choice.
OPTIMIZERS = ("gd", "sgd", "momentum", "adam", "rmsprop")
# How a run is optimized, as a setting: the optimizer and the seed of its batches' order (0 for
# gd, which reads every image at each update, in no order).
OPTIMIZATION_KEYS = ["optimizer", "order_seed"]
POST_OPTIMIZATION = {"optimizer": "gd", "order_seed": 0}
# The settings a run is trained under, besides its method and seed; one value each is a setting.
# (No pandas here: train jobs import this module, and pandas would add half a second to each.)
SETTING_KEYS = ["activation", "learning_rate", "hidden_layers"]
# What names one run in the tables: its setting, its method and its seed.
RUN_KEYS = [*SETTING_KEYS, "method", "seed"]


def setting_keys(columns) -> list[str]:
    """The columns that name a setting in a table of these ``columns``: ``SETTING_KEYS``, and
    the optimizer and order seed where the grid sweeps optimizers (a grid of the post's
    gradient descent alone writes none)."""
    return [*SETTING_KEYS, *(key for key in OPTIMIZATION_KEYS if key in columns)]


def run_keys(columns) -> list[str]:
    """The columns that name a run in a table of these ``columns``."""
    return [*setting_keys(columns), "method", "seed"]


def cost_threshold(classes: int) -> float:
    """The cost a run must fall below to count as having learned something: the post's 0.5 for
    two classes, where learning nothing costs ln 2 ≈ 0.693, and for K classes the same share of
    ln K, 0.5 · log₂ K (1.66 for ten), so that a many-class run is not held to a two-class
    mark it could only reach by learning far more."""
    return 0.5 * math.log2(classes)


# The post's experiment: what its published numbers were measured under, and the default of
# every run (``Hyperparameters``) and of the configuration (a test holds the schema to it).
POST_EXPERIMENT = {
    "activation": "tanh",
    "learning_rate": 0.01,
    "hidden_layers": (5, 5),
    "iterations": 1000,
    "random_scale": 10.0,
}


# Widths repeated this many times or more are named width x count: a deep network of one width
# gets a short path, and a name no longer repeats a pattern Snakemake would refuse.
RUN_LENGTH = 3


def architecture(spec: int | str | list) -> list[int]:
    """One architecture's units: ``[5, 5]``; ``"64x30"``, 30 layers of 64 units; parts of both,
    ``[100, "64x8", 10]``. A malformed part raises ``ValueError`` naming it."""
    parts = spec if isinstance(spec, list) else [spec]
    units = []
    for part in parts:
        if isinstance(part, int) and not isinstance(part, bool) and part >= 1:
            units.append(part)
            continue
        match = re.fullmatch(r"([1-9]\d*)x([1-9]\d*)", part) if isinstance(part, str) else None
        if match is None:
            raise ValueError(
                f"{part!r} is not a number of units (≥ 1) nor width x depth such as 64x30"
            )
        units += [int(match.group(1))] * int(match.group(2))
    return units


def architectures(hidden_layers: int | str | list) -> list[list[int]]:
    """``hidden_layers`` as a list of architectures: ``[5, 5]`` and ``"64x30"`` are one;
    ``[[5, 5], [10]]`` and ``[[5, 5], "64x30", [100, "64x8"]]`` list several. The same
    architecture written twice raises ``ValueError``."""
    if isinstance(hidden_layers, str) or all(isinstance(item, int) for item in hidden_layers):
        return [architecture(hidden_layers)]
    found = [architecture(spec) for spec in hidden_layers]
    names = [layers_name(units) for units in found]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"the same architecture is listed twice: {', '.join(repeated)}")
    return found


def layers_name(units: list[int] | tuple[int, ...]) -> str:
    """The name of an architecture in run paths and tables: ``[5, 5]`` -> ``"5-5"``, thirty
    layers of 64 -> ``"64x30"``, ``[100, 64, 64, 64, 10]`` -> ``"100-64x3-10"``."""
    parts = []
    for width, run in groupby(units):
        count = len(list(run))
        parts += [f"{width}x{count}"] if count >= RUN_LENGTH else [str(width)] * count
    return "-".join(parts)


# From this many hidden layers on, a network is deep: the report follows its signal layer by
# layer, where He et al. (2015) saw the choice of initialization decide whether it trains.
DEEP = 8


def deepest_of(layer_names: list[str]) -> str | None:
    """The deepest of these architectures (the first of equal depth); None of none."""
    if not layer_names:
        return None
    return max(layer_names, key=lambda name: len(parse_layers(name)))


def deepest(layer_names: list[str]) -> str | None:
    """The deepest of these architectures when it is deep, else None."""
    name = deepest_of(layer_names)
    return name if name is not None and len(parse_layers(name)) >= DEEP else None


def parse_layers(name: str) -> tuple[int, ...]:
    """The units of a ``layers_name`` (``ValueError`` for anything else)."""
    return tuple(architecture([part if "x" in part else int(part) for part in name.split("-")]))


def rate_name(learning_rate: float) -> str:
    """The shortest text that reads back as exactly this float: ``0.01``, ``0.0003``, ``50.0``."""
    return repr(float(learning_rate))


# The variance-scaled Gaussian family: in a configuration's methods, this name stands for one
# method per pair of its weight and bias variances (config key gaussian).
GAUSSIAN = "gaussian"
GAUSSIAN_NAME = re.compile(r"gaussian_w([0-9.e+-]+)_b([0-9.e+-]+)")


def gaussian_name(weight_variance: float, bias_variance: float) -> str:
    """The method name of one Gaussian of the family: ``gaussian_w1.76_b0.05``."""
    return f"{GAUSSIAN}_w{rate_name(weight_variance)}_b{rate_name(bias_variance)}"


def gaussian_variances(method: str) -> tuple[float, float] | None:
    """``(σ_w², σ_b²)`` of a ``gaussian_name`` (variances ≥ 0); None for any other name."""
    match = GAUSSIAN_NAME.fullmatch(method)
    if match is None:
        return None
    try:
        variances = float(match.group(1)), float(match.group(2))
    except ValueError:
        return None
    # Only the name that gaussian_name gives: one path per initialization.
    if min(variances) < 0 or gaussian_name(*variances) != method:
        return None
    return variances


# The critical families: in a configuration's methods, each name stands for one method per
# bias variance of config key critical, whose weights are scaled so that χ₁ = 1 (the edge of
# chaos) under the run's activation: Gaussian, or orthogonal (Pennington et al. 2017).
CRITICAL_FAMILIES = ("critical_gaussian", "critical_orthogonal")
CRITICAL_NAME = re.compile(r"(critical_gaussian|critical_orthogonal)_b([0-9.e+-]+)")


def critical_name(family: str, bias_variance: float) -> str:
    """The method name of one member of a critical family: ``critical_orthogonal_b0.0001``."""
    return f"{family}_b{rate_name(bias_variance)}"


def critical_member(method: str) -> tuple[str, float] | None:
    """``(family, σ_b²)`` of a ``critical_name`` (σ_b² ≥ 0); None for any other name."""
    match = CRITICAL_NAME.fullmatch(method)
    if match is None:
        return None
    try:
        bias_variance = float(match.group(2))
    except ValueError:
        return None
    if bias_variance < 0 or critical_name(match.group(1), bias_variance) != method:
        return None
    return match.group(1), bias_variance


# A phase diagram over (σ_w², depth) needs at least this many values on each axis.
PHASE_AXIS = 3


def spans_phase_diagram(method_names: list[str], layer_names: list[str]) -> bool:
    """Whether the Gaussian methods of one σ_b² span ``PHASE_AXIS`` weight variances or more
    and the architectures as many depths: the grid of a trainability phase diagram."""
    depths = {len(parse_layers(name)) for name in layer_names}
    found = [gaussian_variances(name) for name in method_names]
    weights_by_bias: dict[float, set[float]] = {}
    for weight, bias in filter(None, found):
        weights_by_bias.setdefault(bias, set()).add(weight)
    return len(depths) >= PHASE_AXIS and any(
        len(weights) >= PHASE_AXIS for weights in weights_by_bias.values()
    )


def methods(config: dict) -> list[str]:
    """The configuration's methods in its order, ``gaussian`` expanded to one method per
    (σ_w², σ_b²) of ``config["gaussian"]``, weight variances outermost, and each critical
    family to one method per σ_b² of ``config["critical"]``."""
    expanded = []
    for method in config["methods"]:
        if method == GAUSSIAN:
            family = config["gaussian"]
            expanded += [
                gaussian_name(weight, bias)
                for weight, bias in product(family["weight_variances"], family["bias_variances"])
            ]
        elif method in CRITICAL_FAMILIES:
            expanded += [
                critical_name(method, bias) for bias in config["critical"]["bias_variances"]
            ]
        else:
            expanded.append(method)
    return expanded


def optimization_name(optimizer: str, order_seed: int) -> str:
    """How a run is optimized, in its path, after its architecture: nothing for gd (the post's
    runs keep their paths), else a folder such as ``/adam-order0``."""
    return "" if optimizer == "gd" else f"/{optimizer}-order{order_seed}"


OPTIMIZATION_NAME = re.compile(r"/([a-z]+)-order(\d+)")


def parse_optimization(name: str) -> tuple[str, int]:
    """``(optimizer, order_seed)`` of an ``optimization_name``."""
    if name == "":
        return "gd", 0
    match = OPTIMIZATION_NAME.fullmatch(name)
    if match is None or match.group(1) not in OPTIMIZERS[1:]:
        raise ValueError(f"{name!r} names no optimization: /<optimizer>-order<seed>, or nothing")
    return match.group(1), int(match.group(2))


def optimizations(config: dict) -> list[str]:
    """The grid's optimizations as path names: gd once, every other optimizer once per order
    seed, in the configuration's order."""
    return [
        optimization_name(optimizer, order_seed)
        for optimizer in config["optimizers"]
        for order_seed in ([0] if optimizer == "gd" else config["order_seeds"])
    ]


def sweeps_optimizers(config: dict) -> bool:
    """Whether the grid trains by anything but the post's full-batch gradient descent: its
    tables then name each run's optimizer and order seed."""
    return config["optimizers"] != ["gd"]


def compares_optimizations(config: dict) -> bool:
    """Whether the grid trains each network in more than one way (optimizer or batch order),
    so that the ways can be compared."""
    return len(optimizations(config)) > 1


def settings(config: dict) -> list[dict[str, str]]:
    """Every setting of the grid, as path names, in the configuration's order."""
    return [
        {
            "activation": activation,
            "learning_rate": rate_name(rate),
            "layers": layers_name(units),
            "optimization": optimization,
        }
        for activation, rate, units, optimization in product(
            config["activations"],
            config["learning_rates"],
            architectures(config["hidden_layers"]),
            optimizations(config),
        )
    ]


def nearest_to_post_setting(settings: list[dict[str, str]]) -> dict[str, str]:
    """The post's setting when ``settings`` has it, else the first: where one setting is
    studied alone (the comparison with the post, order sensitivity)."""
    post = {
        "activation": POST_EXPERIMENT["activation"],
        "learning_rate": rate_name(POST_EXPERIMENT["learning_rate"]),
        "layers": layers_name(POST_EXPERIMENT["hidden_layers"]),
        "optimization": "",
    }
    return post if post in settings else settings[0]


def layer_names(config: dict) -> list[str]:
    """The configuration's architectures, named as in paths, in its order."""
    return [layers_name(units) for units in architectures(config["hidden_layers"])]


def deep_architecture(config: dict) -> str | None:
    """The grid's deepest architecture when it is deep (``DEEP`` hidden layers or more), else
    None: the one whose signal the report follows layer by layer."""
    return deepest(layer_names(config))


def jacobian_architectures(config: dict) -> list[str]:
    """The architectures whose hidden-stack Jacobian is measured at initialization: when the
    grid is deep, each of its architectures of two hidden layers or more (a Jacobian from
    the first hidden layer to the last); else none."""
    if deep_architecture(config) is None:
        return []
    return [name for name in layer_names(config) if len(parse_layers(name)) >= 2]


# The papers whose experiments a grid can be set up to repeat (the configuration key paper):
# initbench.report.papers holds each one's claims.
PAPERS = (
    "he2015",
    "schoenholz2017",
    "glorot2010",
    "cohen2021",
    "mishkin2015",
    "pennington2017",
)
# Glorot & Bengio (2010) drew each layer's activations and back-propagated gradients at
# initialization (their Figures 6 and 7), in a network of five hidden layers, not a deep one.
GRADIENT_HISTOGRAMS_PAPER = "glorot2010"


def draws_gradient_histograms(config: dict) -> bool:
    """Whether the report draws the back-propagated gradients' histograms beside the
    activations' (for Glorot & Bengio's figures)."""
    return config.get("paper") == GRADIENT_HISTOGRAMS_PAPER


def histogram_architecture(config: dict) -> str | None:
    """The architecture whose histograms at initialization the report draws: the grid's
    deepest, when it is deep or the paper's figures ask for it; else None (no histograms)."""
    if draws_gradient_histograms(config):
        return deepest_of(layer_names(config))
    return deep_architecture(config)


def draws_phase_diagram(config: dict) -> bool:
    """Whether the grid spans a trainability phase diagram (``spans_phase_diagram``)."""
    return spans_phase_diagram(methods(config), layer_names(config))


def records_sharpness(config: dict) -> bool:
    """Whether runs record their sharpness during training (``sharpness.csv``)."""
    return config["sharpness_every"] > 0


def sweeps_learning_rate(config: dict) -> bool:
    """Whether the grid trains at more than one learning rate: the final cost has a curve
    against it."""
    return len(config["learning_rates"]) > 1
