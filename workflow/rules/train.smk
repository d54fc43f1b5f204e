rule train:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
    output:
        **{key: f"{RUN_DIR}/{name}" for key, name in run_files(SHARPNESS).items()},
    log:
        f"{LOGS}/train/{NAME}/{RUN_PATH}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        code=code_digest("src/initbench/__main__.py", "src/initbench/commands/train.py"),
        run_dir=RUN_DIR,
        iterations=config["iterations"],
        random_scale=config["random_scale"],
        path=config["training_path"],
        signal_every=config["signal_every"],
        sharpness_every=config["sharpness_every"],
        optimization=optimization_options,
        dataset=NAME,
    # A command rather than a script: the job starts without importing Snakemake. It may
    # --overwrite: Snakemake reruns a job only to replace its run, and a run that recorded its
    # sharpness leaves a sharpness.csv, which is no output of a run that does not.
    shell:
        "python -m initbench train {input.matrix:q} {params.run_dir:q}"
        " --split {input.split:q} --method {wildcards.method} --seed {wildcards.seed}"
        " --activation {wildcards.activation} --hidden-layers {wildcards.layers}"
        " --learning-rate {wildcards.learning_rate} --iterations {params.iterations}"
        " --random-scale {params.random_scale} --path {params.path}"
        " --signal-every {params.signal_every} --sharpness-every {params.sharpness_every}"
        " {params.optimization}"
        " --dataset {params.dataset:q} --overwrite"
        " --threads {threads} --log {log:q}"


rule diagnose:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
    output:
        f"{DIAGNOSTICS_DIR}/diagnostics.json",
    log:
        f"{LOGS}/diagnose/{NAME}/{INIT_DIR}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        code=code_digest(
            "src/initbench/__main__.py", "src/initbench/commands/diagnose.py"
        ),
        random_scale=config["random_scale"],
    shell:
        "python -m initbench diagnose {input.matrix:q} {output:q}"
        " --split {input.split:q} --method {wildcards.method} --seed {wildcards.seed}"
        " --activation {wildcards.activation} --hidden-layers {wildcards.layers}"
        " --random-scale {params.random_scale} --threads {threads} --log {log:q}"


rule order_sensitivity:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
    output:
        f"{ORDER_SENSITIVITY_DIR}/departures.csv",
    log:
        f"{LOGS}/order_sensitivity/{NAME}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        code=code_digest("workflow/scripts/order_sensitivity.py"),
        setting=studied_setting(),
        methods=METHODS,
        seed=config["seeds"][0],
        iterations=config["order_sensitivity"]["iterations"],
        tolerance=config["order_sensitivity"]["tolerance"],
        random_scale=config["random_scale"],
        path=config["training_path"],
    script:
        "../scripts/order_sensitivity.py"


rule activation_histograms:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
    output:
        f"{SUMMARY_DIR}/histograms.csv",
    log:
        f"{LOGS}/activation_histograms/{NAME}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        code=code_digest("workflow/scripts/activation_histograms.py"),
        layers=HISTOGRAM_ARCHITECTURE,
        gradients=draws_gradient_histograms(config),
        activations=config["activations"],
        methods=METHODS,
        seed=config["seeds"][0],
        random_scale=config["random_scale"],
    script:
        "../scripts/activation_histograms.py"


rule jacobian_spectra:
    input:
        matrix=rules.preprocess.output.matrix,
        split=rules.split.output[0],
    output:
        f"{SUMMARY_DIR}/jacobian.csv",
    log:
        f"{LOGS}/jacobian_spectra/{NAME}.log",
    conda:
        "../../envs/train.yaml"
    threads: 1
    resources:
        mem_mb=TRAIN_MEM_MB,
    params:
        code=code_digest("workflow/scripts/jacobian_spectra.py"),
        architectures=JACOBIAN_ARCHITECTURES,
        activations=config["activations"],
        methods=METHODS,
        seeds=config["seeds"],
        images=config["jacobian_images"],
        random_scale=config["random_scale"],
    script:
        "../scripts/jacobian_spectra.py"
