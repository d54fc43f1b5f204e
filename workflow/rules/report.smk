rule aggregate:
    input:
        costs=expand(
            f"{RUN_DIR}/costs.csv", method=config["methods"], seed=config["seeds"]
        ),
        metrics=expand(
            f"{RUN_DIR}/metrics.json", method=config["methods"], seed=config["seeds"]
        ),
        code=package_code("summary.py", "storage.py"),
    output:
        costs=f"{SUMMARY_DIR}/costs.csv",
        runs=f"{SUMMARY_DIR}/runs.csv",
        methods=f"{SUMMARY_DIR}/methods.csv",
        timings=f"{SUMMARY_DIR}/timings.csv",
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
        matrix=rules.preprocess.output.matrix,
        table=rules.preprocess.output.table,
        skipped=rules.preprocess.output.skipped,
        code=package_code(
            "figures.py",
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
