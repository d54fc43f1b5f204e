from pathlib import Path

from initbench.report.summary import (
    collect_diagnostics,
    collect_runs,
    summarize_methods,
    write_table,
)
from initbench.storage import logged_to

with logged_to(snakemake.log[0]) as log:
    costs, runs, timings = collect_runs([Path(path).parent for path in snakemake.input.metrics])
    methods = summarize_methods(runs)
    write_table(costs, snakemake.output.costs)
    write_table(runs, snakemake.output.runs)
    write_table(methods, snakemake.output.methods)
    write_table(timings, snakemake.output.timings)
    write_table(collect_diagnostics(snakemake.input.diagnostics), snakemake.output.diagnostics)
    log.info("%d runs, %d methods, %d diverged", len(runs), len(methods), runs["diverged"].sum())
