from threadpoolctl import threadpool_limits

from initbench.data.matrix import load_training_matrix
from initbench.data.split import load_split, split_dataset
from initbench.storage import logged_to
from initbench.training.grid import initialization_of
from initbench.training.runs import save_run
from initbench.training.trainer import Hyperparameters, train

# BLAS gets the job's threads and no more, so that N jobs share N cores at full speed.
with logged_to(snakemake.log[0]) as log, threadpool_limits(snakemake.threads, user_api="blas"):
    hp = Hyperparameters(
        **initialization_of(snakemake.wildcards),
        learning_rate=float(snakemake.wildcards.learning_rate),
        iterations=int(snakemake.params.iterations),
        random_scale=float(snakemake.params.random_scale),
        path=snakemake.params.path,
    )
    x, labels, test = split_dataset(
        *load_training_matrix(snakemake.input.matrix), load_split(snakemake.input.split)
    )
    run = train(x, labels, hp, test)
    save_run(
        run,
        hp,
        snakemake.params.dataset,
        snakemake.output.costs,
        snakemake.output.metrics,
        snakemake.output.params,
    )
    log.info(
        "%s: final cost %.6g, accuracy %.3f, %s path, %.2f s%s",
        hp,
        run.costs[-1],
        run.train_accuracy,
        run.path,
        run.seconds,
        f", diverged at iteration {run.diverged_at}" if run.diverged_at is not None else "",
    )
