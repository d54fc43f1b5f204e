import csv

from initbench.data.matrix import load_matrix
from initbench.data.split import save_split, split_images
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    _, labels = load_matrix(snakemake.input.matrix)
    with open(snakemake.input.table, newline="", encoding="utf-8") as handle:
        files = [row["file"] for row in csv.DictReader(handle)]
    test = split_images(labels, snakemake.params.test_fraction, snakemake.params.split_seed)
    save_split(snakemake.output[0], files, test)
    log.info("%d training images, %d held out", (~test).sum(), test.sum())
