from initbench.analysis.mean_field_table import FIELDS, mean_field_rows
from initbench.storage import logged_to, write_csv

with logged_to(snakemake.log[0]) as log:
    params = snakemake.params
    rows = mean_field_rows(
        params.activations, params.layers, params.methods, float(params.random_scale)
    )
    write_csv(snakemake.output[0], FIELDS, rows)
    log.info("%d initializations with mean-field quantities", len(rows))
