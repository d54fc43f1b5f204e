from threadpoolctl import threadpool_limits

from initbench.commands.options import training_data
from initbench.experiment import parse_layers
from initbench.storage import logged_to, write_csv
from initbench.training.jacobian import FIELDS, spectrum_rows
from initbench.training.trainer import Hyperparameters

with logged_to(snakemake.log[0]) as log, threadpool_limits(snakemake.threads, user_api="blas"):
    params = snakemake.params
    x, labels, _ = training_data(snakemake.input.matrix, snakemake.input.split)
    rows = []
    for activation in params.activations:
        for layers in params.architectures:
            for method in params.methods:
                for seed in params.seeds:
                    hp = Hyperparameters(
                        method,
                        seed=seed,
                        hidden_layers=parse_layers(layers),
                        activation=activation,
                        random_scale=float(params.random_scale),
                    )
                    keys = [activation, layers, method, seed]
                    found = spectrum_rows(x, labels.shape[0], hp, params.images)
                    rows += [[*keys, *row] for row in found]
                log.info("%s, %s, %s: %d seeds", activation, layers, method, len(params.seeds))
    write_csv(snakemake.output[0], ["activation", "hidden_layers", "method", "seed", *FIELDS], rows)
