from pathlib import Path

from initbench.blog import fetch_blog_images
from initbench.joblog import logged_to

with logged_to(snakemake.log[0]) as log:
    # The images are the rule's outputs; they share one folder.
    folder = Path(snakemake.output.images[0]).parent
    paths = fetch_blog_images(folder, snakemake.params.base_url)
    log.info("%d images present and verified in %s", len(paths), folder)
