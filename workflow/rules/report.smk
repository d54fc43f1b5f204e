rule aggregate:
    input:
        costs=run_files("costs.csv"),
        metrics=run_files("metrics.json"),
        diagnostics=diagnostics_files(),
        code=package_code("summary.py", "grid.py", "storage.py"),
    output:
        costs=f"{SUMMARY_DIR}/costs.csv",
        runs=f"{SUMMARY_DIR}/runs.csv",
        methods=f"{SUMMARY_DIR}/methods.csv",
        timings=f"{SUMMARY_DIR}/timings.csv",
        diagnostics=f"{SUMMARY_DIR}/diagnostics.csv",
    log:
        f"logs/aggregate/{DATASET}.log",
    conda:
        "../../envs/report.yaml"
    script:
        "../scripts/aggregate.py"


rule report:
    input:
        notebook=workflow_file("workflow/notebooks/report.ipynb"),
        costs=rules.aggregate.output.costs,
        runs=rules.aggregate.output.runs,
        methods=rules.aggregate.output.methods,
        diagnostics=rules.aggregate.output.diagnostics,
        matrix=rules.preprocess.output.matrix,
        table=rules.preprocess.output.table,
        skipped=rules.preprocess.output.skipped,
        code=package_code(
            "figures.py",
            "grid.py",
            "takeaways.py",
            "narrative.py",
            "comparison.py",
            "reference.py",
            "provenance.py",
            "summary.py",
            "storage.py",
            "trainer.py",
            "network.py",
            "initializers.py",
            "activations.py",
        ),
    output:
        notebook=f"{REPORT_DIR}/report.ipynb",
        html=f"{REPORT_DIR}/report.html",
        samples=report(
            f"{REPORT_DIR}/figures/samples.png",
            caption="../report/samples.rst",
            category="1. Dataset",
        ),
        cost_curves=report(
            f"{REPORT_DIR}/figures/cost_curves.png",
            caption="../report/cost_curves.rst",
            category="2. Training",
        ),
        median_costs=report(
            f"{REPORT_DIR}/figures/median_costs.png",
            caption="../report/median_costs.rst",
            category="2. Training",
        ),
        stability=report(
            f"{REPORT_DIR}/figures/stability.png",
            caption="../report/stability.rst",
            category="3. Takeaways",
        ),
    log:
        f"logs/report/{DATASET}.log",
    conda:
        "../../envs/report.yaml"
    params:
        dataset=DATASET,
        image_size=config["image_size"],
        config_json=json.dumps(config, sort_keys=True),
        project_dir=os.path.relpath(workflow.basedir),
    script:
        "../scripts/report.py"
