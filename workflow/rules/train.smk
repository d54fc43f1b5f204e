rule train:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
        code=package_code(
            "activations.py",
            "initializers.py",
            "network.py",
            "trainer.py",
            "runs.py",
            "split.py",
            "grid.py",
            "storage.py",
        ),
    output:
        costs=f"{RUN_DIR}/costs.csv",
        params=f"{RUN_DIR}/params.npz",
        metrics=f"{RUN_DIR}/metrics.json",
    log:
        f"logs/train/{DATASET}/{SETTING_DIR}/{{method}}/seed{{seed}}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=train_mem_mb,
    params:
        iterations=config["iterations"],
        random_scale=config["random_scale"],
        path=config["training_path"],
    script:
        "../scripts/train.py"


rule diagnose:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
        code=package_code(
            "activations.py",
            "initializers.py",
            "network.py",
            "trainer.py",
            "diagnostics.py",
            "runs.py",
            "split.py",
            "grid.py",
            "storage.py",
        ),
    output:
        f"{DIAGNOSTICS_DIR}/diagnostics.json",
    log:
        f"logs/diagnose/{DATASET}/{INIT_DIR}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=train_mem_mb,
    params:
        random_scale=config["random_scale"],
    script:
        "../scripts/diagnose.py"
