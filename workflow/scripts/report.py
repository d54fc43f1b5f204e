from pathlib import Path

from initbench.report.render import render_report
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    render_report(
        snakemake.input.notebook,
        snakemake.output.notebook,
        snakemake.output.html,
        parameters={
            "dataset": snakemake.params.dataset,
            "dataset_name": snakemake.params.dataset_name,
            "summary_dir": str(Path(snakemake.input.methods).parent),
            "order_sensitivity": snakemake.input.order_sensitivity,
            # Only a grid with a deep network has them.
            "histograms": next(iter(snakemake.input.histograms), ""),
            "mean_field": snakemake.input.mean_field,
            "sharpness_table": next(iter(snakemake.input.sharpness), ""),
            "matrix": snakemake.input.matrix,
            "images_table": snakemake.input.table,
            "skipped_table": snakemake.input.skipped,
            "figures_dir": str(Path(snakemake.output.samples).parent),
            "figure_names": snakemake.params.figures,
            "captions_dir": str(Path(snakemake.input.captions[0]).parent),
            "image_size": snakemake.params.image_size,
            "config_json": snakemake.params.config_json,
            "project_dir": snakemake.params.project_dir,
        },
    )
    log.info("report written to %s", snakemake.output.html)
