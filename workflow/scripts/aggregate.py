from pathlib import Path

from initbench.analysis.summary import summarize_methods
from initbench.runs.aggregate import (
    collect_confusion,
    collect_diagnostics,
    collect_layers,
    collect_runs,
    collect_sharpness,
)
from initbench.storage import logged_to
from initbench.tables import write_table

with logged_to(snakemake.log[0]) as log:
    run_dirs = [Path(path).parent for path in snakemake.input.metrics]
    costs, runs, timings = collect_runs(run_dirs, snakemake.params.classes)
    methods = summarize_methods(runs)
    write_table(costs, snakemake.output.costs)
    write_table(runs, snakemake.output.runs)
    write_table(methods, snakemake.output.methods)
    write_table(timings, snakemake.output.timings)
    write_table(collect_diagnostics(snakemake.input.diagnostics), snakemake.output.diagnostics)
    write_table(collect_layers(run_dirs), snakemake.output.layers)
    write_table(collect_confusion(run_dirs), snakemake.output.confusion)
    if snakemake.input.sharpness:
        write_table(collect_sharpness(run_dirs), snakemake.output.sharpness)
    log.info("%d runs, %d methods, %d diverged", len(runs), len(methods), runs["diverged"].sum())
