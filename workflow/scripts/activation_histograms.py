from threadpoolctl import threadpool_limits

from initbench.commands.options import training_data
from initbench.experiment import parse_layers
from initbench.storage import logged_to, write_csv
from initbench.training.histograms import FIELDS, activation_histograms, gradient_histograms
from initbench.training.trainer import Hyperparameters

with logged_to(snakemake.log[0]) as log, threadpool_limits(snakemake.threads, user_api="blas"):
    params = snakemake.params
    x, labels, _ = training_data(snakemake.input.matrix, snakemake.input.split)
    rows = []
    for activation in params.activations:
        for method in params.methods:
            hp = Hyperparameters(
                method,
                seed=params.seed,
                hidden_layers=parse_layers(params.layers),
                activation=activation,
                random_scale=float(params.random_scale),
            )
            keys = [activation, params.layers, method, params.seed]
            counted = {"activation": activation_histograms(x, labels.shape[0], hp)}
            if params.gradients:
                counted["gradient"] = gradient_histograms(x, labels, hp)
            for quantity, found in counted.items():
                rows += [[*keys, quantity, *row] for row in found]
            log.info("%s: %d layers", hp, len(hp.hidden_layers))
    columns = ["activation", "hidden_layers", "method", "seed", "quantity", *FIELDS]
    write_csv(snakemake.output[0], columns, rows)
