from threadpoolctl import threadpool_limits

from initbench.data.matrix import load_training_matrix
from initbench.data.split import load_split, split_dataset
from initbench.experiment import parse_layers
from initbench.storage import logged_to, write_csv
from initbench.training.histograms import FIELDS, activation_histograms
from initbench.training.trainer import Hyperparameters

with logged_to(snakemake.log[0]) as log, threadpool_limits(snakemake.threads, user_api="blas"):
    params = snakemake.params
    x, _, _ = split_dataset(
        *load_training_matrix(snakemake.input.matrix), load_split(snakemake.input.split)
    )
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
            rows += [keys + row for row in activation_histograms(x, hp)]
            log.info("%s: %d layers", hp, len(hp.hidden_layers))
    write_csv(snakemake.output[0], ["activation", "hidden_layers", "method", "seed", *FIELDS], rows)
