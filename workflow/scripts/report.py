from pathlib import Path

from initbench.report.render import render_report
from initbench.storage import logged_to


def folder_of(paths):
    """The folder the report's figures (or their captions) share; none without figures."""
    return str(Path(paths[0]).parent) if paths else ""


with logged_to(snakemake.log[0]) as log:
    params = snakemake.params
    render_report(
        snakemake.input.notebook,
        snakemake.output.notebook,
        snakemake.output.html,
        parameters={
            # The inputs the report's sections read, each by its name in the rule.
            "inputs": {name: snakemake.input[name] for name in params.inputs},
            "config_json": params.config_json,
            "dataset_name": params.dataset_name,
            "figures_dir": folder_of([snakemake.output[name] for name in params.figures]),
            "captions_dir": folder_of(snakemake.input.captions),
            "project_dir": params.project_dir,
        },
    )
    log.info("report written to %s", snakemake.output.html)
