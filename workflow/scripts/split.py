import csv

import numpy as np

from initbench.data.matrix import load_matrix
from initbench.data.split import assign_sets, save_split
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    _, labels = load_matrix(snakemake.input.matrix)
    with open(snakemake.input.table, newline="", encoding="utf-8") as handle:
        table = csv.DictReader(handle)
        rows = list(table)
    files = [row["file"] for row in rows]
    # A data set with its own test set (MNIST) says which image is in which.
    own_sets = np.array([row["set"] for row in rows]) if "set" in table.fieldnames else None
    sets = assign_sets(
        labels,
        own_sets,
        snakemake.params.test_fraction,
        snakemake.params.train_size,
        snakemake.params.test_size,
        snakemake.params.split_seed,
    )
    save_split(snakemake.output[0], files, sets)
    for label in np.unique(labels):
        of_label = sets[labels == label]
        log.info(
            "label %d: %d training images, %d held out, %d unused",
            label,
            (of_label == "train").sum(),
            (of_label == "test").sum(),
            (of_label == "unused").sum(),
        )
    log.info(
        "%d training images, %d held out, %d unused",
        (sets == "train").sum(),
        (sets == "test").sum(),
        (sets == "unused").sum(),
    )
