from threadpoolctl import threadpool_limits

from initbench.data.matrix import load_training_matrix
from initbench.data.split import load_split, split_dataset
from initbench.storage import logged_to
from initbench.training.grid import parse_layers
from initbench.training.order_sensitivity import departure_iteration, save_departures
from initbench.training.trainer import Hyperparameters

with logged_to(snakemake.log[0]) as log, threadpool_limits(snakemake.threads, user_api="blas"):
    params = snakemake.params
    x, labels, _ = split_dataset(
        *load_training_matrix(snakemake.input.matrix), load_split(snakemake.input.split)
    )
    rows = []
    for method in params.methods:
        hp = Hyperparameters(
            method,
            seed=params.seed,
            hidden_layers=parse_layers(params.setting["layers"]),
            activation=params.setting["activation"],
            learning_rate=float(params.setting["learning_rate"]),
            iterations=params.iterations,
            random_scale=float(params.random_scale),
            path=params.path,
        )
        departure = departure_iteration(x, labels, hp, params.tolerance)
        rows.append(
            {
                "method": method,
                "seed": params.seed,
                "activation": hp.activation,
                "learning_rate": hp.learning_rate,
                "hidden_layers": params.setting["layers"],
                "iterations": params.iterations,
                "tolerance": params.tolerance,
                "departure_iteration": departure,
            }
        )
        log.info("%s: reversed image order departs at iteration %s", hp, departure)
    save_departures(snakemake.output[0], rows)
