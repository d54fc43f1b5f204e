rule draw_synthetic:
    output:
        images=expand(
            f"{RESULTS}/images/synthetic/{{name}}",
            name=synthetic_names(config["synthetic"]["images_per_class"]),
        ),
    log:
        f"{LOGS}/draw_synthetic.log",
    conda:
        "../../envs/data.yaml"
    params:
        code=code_digest("workflow/scripts/draw_synthetic.py"),
        images_per_class=config["synthetic"]["images_per_class"],
        image_size=config["image_size"],
        seed=config["synthetic"]["seed"],
    script:
        "../scripts/draw_synthetic.py"


rule fetch_post_images:
    output:
        images=expand(f"{RESULTS}/images/blog/{{name}}", name=post_names()),
    log:
        f"{LOGS}/fetch_post_images.log",
    conda:
        "../../envs/data.yaml"
    params:
        code=code_digest("workflow/scripts/fetch_post_images.py"),
        base_url=config["blog_base_url"],
    script:
        "../scripts/fetch_post_images.py"


rule fetch_idx:
    output:
        files=[f"{DATA_DIR}/downloads/{name}.gz" for name in IDX_FILES],
    log:
        f"{LOGS}/fetch_idx/{NAME}.log",
    conda:
        "../../envs/data.yaml"
    params:
        code=code_digest("workflow/scripts/fetch_idx.py"),
        dataset=DATASET,
        base_url=config["mnist"].get("base_url"),
    script:
        "../scripts/fetch_idx.py"


rule preprocess:
    input:
        unpack(preprocess_inputs),
    output:
        matrix=f"{DATA_DIR}/matrix.npz",
        table=f"{DATA_DIR}/images.csv",
        skipped=f"{DATA_DIR}/skipped.csv",
    log:
        f"{LOGS}/preprocess/{NAME}.log",
    conda:
        "../../envs/data.yaml"
    params:
        code=code_digest("workflow/scripts/preprocess.py"),
        dataset=DATASET,
        root=images_root(),
        positive_class=config["positive_class"],
        classes=config.get("classes"),
        image_size=IMAGE_SIZE,
        on_size_mismatch=config["on_size_mismatch"],
        on_bad_image=config["on_bad_image"],
        # Written only when images are unusable: every one of them, with its problem (the
        # log, shown on screen, names the first ones).
        unusable_list=f"{LOGS}/preprocess/{NAME}.unusable.csv",
        content=images_content,
    script:
        "../scripts/preprocess.py"


rule split:
    input:
        matrix=rules.preprocess.output.matrix,
        table=rules.preprocess.output.table,
    output:
        f"{DATA_DIR}/split.csv",
    log:
        f"{LOGS}/split/{NAME}.log",
    conda:
        "../../envs/data.yaml"
    params:
        code=code_digest("workflow/scripts/split.py"),
        test_fraction=config["test_fraction"],
        split_seed=config["split_seed"],
        train_size=config.get("train_size"),
        test_size=config.get("test_size"),
    script:
        "../scripts/split.py"
