from pathlib import Path

from initbench.data.preprocess import BadImagesError, build_dataset, save_dataset, save_problems
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    try:
        dataset = build_dataset(
            [Path(path) for path in snakemake.input.images],
            snakemake.params.root,
            snakemake.params.positive_class,
            snakemake.params.image_size,
            snakemake.params.on_size_mismatch,
            snakemake.params.on_bad_image,
        )
    except BadImagesError as error:
        save_problems(snakemake.params.unusable_list, error.problems)
        # The same error, some files unusable or all of them, naming the file that lists them.
        raise type(error)(error.problems, snakemake.params.unusable_list) from None
    save_dataset(dataset, snakemake.output.matrix, snakemake.output.table, snakemake.output.skipped)
    for file, problem in dataset.skipped:
        log.warning("skipped %s: %s", file, problem)
    log.info(
        "%d images, %d positive, %d skipped, matrix %s",
        len(dataset.files),
        dataset.labels.sum(),
        len(dataset.skipped),
        dataset.pixels.shape,
    )
