from dataclasses import asdict

from threadpoolctl import threadpool_limits

from initbench.data.matrix import load_training_matrix
from initbench.data.split import load_split, split_dataset
from initbench.storage import logged_to, write_json
from initbench.training.diagnostics import diagnose
from initbench.training.grid import initialization_of
from initbench.training.trainer import Hyperparameters

with logged_to(snakemake.log[0]) as log, threadpool_limits(snakemake.threads, user_api="blas"):
    hp = Hyperparameters(
        **initialization_of(snakemake.wildcards),
        random_scale=float(snakemake.params.random_scale),
    )
    x, labels, _ = split_dataset(
        *load_training_matrix(snakemake.input.matrix), load_split(snakemake.input.split)
    )
    found = diagnose(x, labels, hp)
    setting = {
        key: value
        for key, value in asdict(hp).items()
        if key in ("method", "seed", "activation", "random_scale")
    }
    write_json(
        snakemake.output[0],
        {"hyperparameters": {**setting, "hidden_layers": list(hp.hidden_layers)}, **found},
    )
    log.info(
        "%s: sharpness %.6g after %d power iterations, stable below learning rate %s",
        setting,
        found["sharpness"],
        found["power_iterations"],
        found["stable_learning_rate"],
    )
