rule train:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
        code=package_code("workflow/scripts/train.py"),
    output:
        costs=f"{RUN_DIR}/costs.csv",
        params=f"{RUN_DIR}/params.npz",
        metrics=f"{RUN_DIR}/metrics.json",
    log:
        f"logs/train/{NAME}/{SETTING_DIR}/{{method}}/seed{{seed}}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        iterations=config["iterations"],
        random_scale=config["random_scale"],
        path=config["training_path"],
        dataset=NAME,
    script:
        "../scripts/train.py"


rule diagnose:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
        code=package_code("workflow/scripts/diagnose.py"),
    output:
        f"{DIAGNOSTICS_DIR}/diagnostics.json",
    log:
        f"logs/diagnose/{NAME}/{INIT_DIR}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        random_scale=config["random_scale"],
    script:
        "../scripts/diagnose.py"


rule order_sensitivity:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
        code=package_code("workflow/scripts/order_sensitivity.py"),
    output:
        f"{ORDER_SENSITIVITY_DIR}/departures.csv",
    log:
        f"logs/order_sensitivity/{NAME}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        setting=studied_setting(),
        methods=config["methods"],
        seed=config["seeds"][0],
        iterations=config["order_sensitivity"]["iterations"],
        tolerance=config["order_sensitivity"]["tolerance"],
        random_scale=config["random_scale"],
        path=config["training_path"],
    script:
        "../scripts/order_sensitivity.py"
