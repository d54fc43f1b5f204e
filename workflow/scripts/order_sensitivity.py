from threadpoolctl import threadpool_limits

from initbench.commands.options import training_data
from initbench.experiment import parse_layers
from initbench.storage import logged_to
from initbench.training.order_sensitivity import order_sensitivity, save_departures
from initbench.training.trainer import Hyperparameters

with logged_to(snakemake.log[0]) as log, threadpool_limits(snakemake.threads, user_api="blas"):
    params = snakemake.params
    x, labels, _ = training_data(snakemake.input.matrix, snakemake.input.split)
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
        rows.append(order_sensitivity(x, labels, hp, params.tolerance))
        log.info("%s: %s", hp, rows[-1])
    save_departures(snakemake.output[0], rows)
