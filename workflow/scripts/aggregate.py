from pathlib import Path

from initbench.report.summary import (
    collect_diagnostics,
    collect_layers,
    collect_runs,
    summarize_methods,
    write_table,
)
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    run_dirs = [Path(path).parent for path in snakemake.input.metrics]
    costs, runs, timings = collect_runs(run_dirs)
    methods = summarize_methods(runs)
    write_table(costs, snakemake.output.costs)
    write_table(runs, snakemake.output.runs)
    write_table(methods, snakemake.output.methods)
    write_table(timings, snakemake.output.timings)
    write_table(collect_diagnostics(snakemake.input.diagnostics), snakemake.output.diagnostics)
    write_table(collect_layers(run_dirs), snakemake.output.layers)
    log.info("%d runs, %d methods, %d diverged", len(runs), len(methods), runs["diverged"].sum())
