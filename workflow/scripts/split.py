import csv

import numpy as np

from initbench.joblog import logged_to
from initbench.split import save_split, split_images

with logged_to(snakemake.log[0]) as log:
    with np.load(snakemake.input.matrix, allow_pickle=False) as stored:
        labels = stored["labels"]
    with open(snakemake.input.table, newline="", encoding="utf-8") as handle:
        files = [row["file"] for row in csv.DictReader(handle)]
    test = split_images(labels, snakemake.params.test_fraction, snakemake.params.split_seed)
    save_split(snakemake.output[0], files, test)
    log.info("%d training images, %d held out", (~test).sum(), test.sum())
