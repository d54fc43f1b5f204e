from pathlib import Path

from initbench.data.fetch import fetch_post_images
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    # The images are the rule's outputs; they share one folder.
    folder = Path(snakemake.output.images[0]).parent
    paths = fetch_post_images(folder, snakemake.params.base_url)
    log.info("%d images present and verified in %s", len(paths), folder)
