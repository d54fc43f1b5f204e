from pathlib import Path

from initbench.data.fetch_idx import fetch_idx_files
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    # The four files are the rule's outputs; they share one folder.
    folder = Path(snakemake.output.files[0]).parent
    paths = fetch_idx_files(snakemake.params.dataset, folder, snakemake.params.base_url)
    log.info(
        "%s: %s present in %s", snakemake.params.dataset, ", ".join(p.name for p in paths), folder
    )
