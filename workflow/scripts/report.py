from pathlib import Path

from initbench.joblog import logged_to
from initbench.notebook_report import render_report

with logged_to(snakemake.log[0]) as log:
    render_report(
        snakemake.input.notebook,
        snakemake.output.notebook,
        snakemake.output.html,
        parameters={
            "dataset": snakemake.params.dataset,
            "summary_dir": str(Path(snakemake.input.methods).parent),
            "matrix": snakemake.input.matrix,
            "images_table": snakemake.input.table,
            "skipped_table": snakemake.input.skipped,
            "figures_dir": str(Path(snakemake.output.samples).parent),
            "image_size": snakemake.params.image_size,
            "config_json": snakemake.params.config_json,
            "project_dir": snakemake.params.project_dir,
        },
    )
    log.info("report written to %s", snakemake.output.html)
