from pathlib import Path

from initbench.data.synthetic import draw_synthetic_set
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    # The images are the rule's outputs; they share one folder.
    folder = Path(snakemake.output.images[0]).parent
    paths = draw_synthetic_set(
        folder,
        snakemake.params.images_per_class,
        snakemake.params.image_size,
        snakemake.params.seed,
    )
    log.info("drew %d images into %s", len(paths), folder)
