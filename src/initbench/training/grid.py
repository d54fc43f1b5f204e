"""The grid of runs: every combination of the swept settings, and how each is named in paths."""

from itertools import product

# The settings a run is trained under, besides its method and seed; one value each is a setting.
# (No pandas here: train jobs import this module, and pandas would add half a second to each.)
SETTING_KEYS = ["activation", "learning_rate", "hidden_layers"]
# The post's experiment: what its published numbers were measured under, and the default of
# every run (``Hyperparameters``) and of the configuration (a test holds the schema to it).
POST_EXPERIMENT = {
    "activation": "tanh",
    "learning_rate": 0.01,
    "hidden_layers": (5, 5),
    "iterations": 1000,
    "random_scale": 10.0,
}


def architectures(hidden_layers: list) -> list[list[int]]:
    """``hidden_layers`` as a list of architectures: ``[5, 5]`` is one, ``[[5, 5], [10]]`` two."""
    return [hidden_layers] if isinstance(hidden_layers[0], int) else hidden_layers


def layers_name(units: list[int] | tuple[int, ...]) -> str:
    """``[5, 5]`` -> ``"5-5"``, as in run paths and tables."""
    return "-".join(str(unit) for unit in units)


def parse_layers(name: str) -> tuple[int, ...]:
    return tuple(int(unit) for unit in name.split("-"))


def rate_name(learning_rate: float) -> str:
    """The shortest text that reads back as exactly this float: ``0.01``, ``0.0003``, ``50.0``."""
    return repr(float(learning_rate))


def settings(config: dict) -> list[dict[str, str]]:
    """Every setting of the grid, as path names, in the configuration's order."""
    return [
        {"activation": activation, "learning_rate": rate_name(rate), "layers": layers_name(units)}
        for activation, rate, units in product(
            config["activations"],
            config["learning_rates"],
            architectures(config["hidden_layers"]),
        )
    ]


def nearest_to_post_setting(settings: list[dict[str, str]]) -> dict[str, str]:
    """The post's setting when ``settings`` has it, else the first: where one setting is
    studied alone (the comparison with the post, order sensitivity)."""
    post = {
        "activation": POST_EXPERIMENT["activation"],
        "learning_rate": rate_name(POST_EXPERIMENT["learning_rate"]),
        "layers": layers_name(POST_EXPERIMENT["hidden_layers"]),
    }
    return post if post in settings else settings[0]


def initialization_of(wildcards) -> dict:
    """What a run's or a diagnostic's path names of its network: method, seed, hidden layers
    and activation (``wildcards`` has them as attributes, as Snakemake's do)."""
    return {
        "method": wildcards.method,
        "seed": int(wildcards.seed),
        "hidden_layers": parse_layers(wildcards.layers),
        "activation": wildcards.activation,
    }
