# Milliseconds of arithmetic on the configuration alone: not worth a cluster submission.
localrules:
    mean_field,


rule aggregate:
    input:
        costs=grid_run_files("costs"),
        metrics=grid_run_files("metrics"),
        layers=grid_run_files("layers"),
        confusion=grid_run_files("confusion"),
        sharpness=grid_run_files("sharpness") if SHARPNESS else [],
        diagnostics=diagnostics_files(),
    output:
        **({"sharpness": f"{SUMMARY_DIR}/sharpness.csv"} if SHARPNESS else {}),
        costs=f"{SUMMARY_DIR}/costs.csv",
        runs=f"{SUMMARY_DIR}/runs.csv",
        methods=f"{SUMMARY_DIR}/methods.csv",
        timings=f"{SUMMARY_DIR}/timings.csv",
        diagnostics=f"{SUMMARY_DIR}/diagnostics.csv",
        layers=f"{SUMMARY_DIR}/layers.csv",
        confusion=f"{SUMMARY_DIR}/confusion.csv",
    log:
        f"{LOGS}/aggregate/{NAME}.log",
    conda:
        "../../envs/report.yaml"
    params:
        code=code_digest("workflow/scripts/aggregate.py"),
        classes=len(CLASS_LABELS),
    script:
        "../scripts/aggregate.py"


rule mean_field:
    output:
        f"{SUMMARY_DIR}/mean_field.csv",
    log:
        f"{LOGS}/mean_field/{NAME}.log",
    conda:
        "../../envs/report.yaml"
    params:
        code=code_digest("workflow/scripts/mean_field.py"),
        activations=config["activations"],
        layers=ARCHITECTURES,
        methods=METHODS,
        random_scale=config["random_scale"],
    script:
        "../scripts/mean_field.py"


rule report:
    input:
        **report_inputs(),
        notebook=workflow_file("workflow/notebooks/report.ipynb"),
        captions=figure_captions(),
    output:
        **report_figures(),
        notebook=f"{REPORT_DIR}/report.ipynb",
        html=f"{REPORT_DIR}/report.html",
    log:
        f"{LOGS}/report/{NAME}.log",
    conda:
        "../../envs/report.yaml"
    params:
        code=code_digest(
            "workflow/scripts/report.py", "workflow/notebooks/report.ipynb"
        ),
        inputs=input_names(config),
        figures=list(figure_categories(config)),
        dataset_name=NAME,
        config_json=json.dumps(config, sort_keys=True),
        project_dir=os.path.relpath(workflow.basedir),
    script:
        "../scripts/report.py"
