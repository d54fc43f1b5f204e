from collections import Counter
from pathlib import Path

from initbench.data.digits import digits_dataset
from initbench.data.idx import IDX_SETS, idx_dataset
from initbench.data.preprocess import (
    BadImagesError,
    build_dataset,
    folder_images,
    save_dataset,
    save_problems,
)
from initbench.storage import logged_to

params = snakemake.params

with logged_to(snakemake.log[0]) as log:
    if params.dataset == "digits":
        dataset = digits_dataset(params.positive_class, params.classes)
    elif params.dataset in IDX_SETS:
        # The four files in FILES order: training images and labels, test images and labels.
        dataset = idx_dataset(
            params.dataset, snakemake.input.idx, params.positive_class, params.classes
        )
    else:
        if params.dataset == "folder":
            paths = folder_images(params.root, params.content)
        else:
            paths = [Path(path) for path in snakemake.input.images]
        try:
            dataset = build_dataset(
                paths,
                params.root,
                params.positive_class,
                params.image_size,
                params.on_size_mismatch,
                params.on_bad_image,
                params.classes,
            )
        except BadImagesError as error:
            save_problems(params.unusable_list, error.problems)
            # The same error, some files unusable or all of them, naming the file that lists
            # them.
            raise type(error)(error.problems, params.unusable_list) from None
    save_dataset(dataset, snakemake.output.matrix, snakemake.output.table, snakemake.output.skipped)
    for file, problem in dataset.skipped:
        log.warning("skipped %s: %s", file, problem)
    label_of = dict(zip(dataset.classes, dataset.labels.tolist(), strict=True))
    for name, count in sorted(Counter(dataset.classes).items(), key=lambda item: label_of[item[0]]):
        log.info("class %s (label %d): %d images", name, label_of[name], count)
    for name, count in dataset.left_out.items():
        log.info("class %s: %d images left out, as classes: does not list it", name, count)
    log.info(
        "%d images of %d classes, %d skipped, matrix %s",
        len(dataset.files),
        len(label_of),
        len(dataset.skipped),
        dataset.pixels.shape,
    )
