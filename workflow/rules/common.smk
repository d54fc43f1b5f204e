import json
import math
import os
import sys
from pathlib import Path

from snakemake.utils import validate


def stop_before_any_job(message):
    """End the workflow as it is read, with ``message`` alone on stderr and exit status 1: for
    a configuration the user must fix. A raised error would come wrapped in Snakemake's
    "WorkflowError in file …, line …" and a traceback line, which say nothing to fix.
    """
    sys.exit(message)


# Jobs import initbench from this checkout: the very files whose digest each job records,
# whichever environment (virtualenv, conda) runs them. The commands the per-run jobs call
# (`python -m initbench`) run on the interpreter running Snakemake, as Snakemake's scripts
# do, whether or not its environment is activated; with --sdm conda, a job's own environment
# comes first on its PATH.
PACKAGE_ROOT = Path(workflow.basedir) / "src"
os.environ.update(
    PYTHONPATH=os.pathsep.join(
        filter(None, [str(PACKAGE_ROOT), os.getenv("PYTHONPATH")])
    ),
    PATH=os.pathsep.join(
        filter(None, [str(Path(sys.executable).parent), os.getenv("PATH")])
    ),
)
sys.path.insert(0, str(PACKAGE_ROOT))

from initbench.config_check import config_problems, load_schema, typed_as_schema

CONFIG_SCHEMA = Path(workflow.basedir) / "workflow/schemas/config.schema.yaml"
_schema = load_schema(CONFIG_SCHEMA)
# Values from --config arrive as text ("seeds=[1,2]" gives ["1", "2"]): read them as typed.
config.update(typed_as_schema(config, _schema))
_problems = config_problems(config, _schema)
# Before the defaults fill it in: a folder's images set their own size unless this is given.
_image_size_given = "image_size" in config
if _problems:
    stop_before_any_job(
        "The configuration is not valid (every key is described in "
        f"{os.path.relpath(CONFIG_SCHEMA)}):\n  " + "\n  ".join(_problems)
    )
# Fills in the defaults of the keys left out.
validate(config, schema=str(CONFIG_SCHEMA))

from initbench.data.collection import (
    CollectionError,
    check_classes,
    class_labels,
    find_images,
)
from initbench.data.digits import CLASSES as DIGIT_CLASSES
from initbench.data.digits import IMAGES as DIGIT_IMAGES
from initbench.data.idx import FILES as IDX_FILES
from initbench.data.idx import IDX_SETS, IdxError, find_idx_files
from initbench.data.hashes import folder_content
from initbench.data.names import dataset_name
from initbench.data.sizes import SHOWN_FILES, SizeMismatch, chosen_size, image_sizes
from initbench.storage import write_csv
from initbench.data.post_images import post_names
from initbench.data.synthetic import CLASSES as SYNTHETIC_CLASSES
from initbench.data.synthetic import synthetic_names
from initbench import imports
from initbench.runs.folder import RUN_PATH, run_files
from initbench.experiment import (
    parse_optimization,
    sweeps_optimizers,
    architectures,
    draws_gradient_histograms,
    histogram_architecture,
    jacobian_architectures,
    layer_names,
    methods,
    nearest_to_post_setting,
    records_sharpness,
    settings,
)
from initbench.report.papers import PAPERS
from initbench.report.sections import figure_categories, input_names

try:
    # What the schema cannot see: one architecture written twice (64x2 and [64, 64]).
    architectures(config["hidden_layers"])
except ValueError as error:
    stop_before_any_job(f"The configuration is not valid:\n  hidden_layers: {error}")

if "paper" in config:
    # What the paper's claims are measured on must be in the grid, or the report would fail
    # after every run.
    missing = PAPERS[config["paper"]].unmet(config)
    if missing:
        stop_before_any_job(
            f"config key paper: {config['paper']}'s claims need {' and '.join(missing)}; add "
            "them to the configuration, or leave paper out"
        )

DATASET = config["dataset"]
# The methods of the grid, gaussian expanded to one per pair of the family's variances.
METHODS = methods(config)
# The grid's architectures, named as in paths.
ARCHITECTURES = layer_names(config)
# The architecture whose histograms at initialization the report draws (None: none): the
# deepest when it is deep, for the section on the signal through depth, or the paper's.
HISTOGRAM_ARCHITECTURE = histogram_architecture(config)
# The architectures whose hidden-stack Jacobian is measured at initialization (none unless
# the grid is deep).
JACOBIAN_ARCHITECTURES = jacobian_architectures(config)
# Whether runs record their sharpness during training (sharpness.csv).
SHARPNESS = records_sharpness(config)


def listed_folder_images():
    """Your folder's images, listed once as the workflow is read: a missing, empty or
    unreadable folder stops the run here, before any job, whatever results/ already holds.
    """
    try:
        return [str(path) for path in find_images(config["images_dir"])]
    except CollectionError as error:
        stop_before_any_job(f"config key images_dir: {error}")


FOLDER_IMAGES = listed_folder_images() if DATASET == "folder" else []
# The classes of each built-in set, in the order of their labels.
BUILT_IN_CLASSES = {
    "synthetic": SYNTHETIC_CLASSES,
    "blog": SYNTHETIC_CLASSES,
    "digits": DIGIT_CLASSES,
    **{name: idx_set.classes for name, idx_set in IDX_SETS.items()},
}


def checked_classes():
    """The classes trained on, as preprocessing will label them: one class, a class listed in
    classes: that the data set lacks, an empty class folder or a class of one image stops the
    run here, before any job, naming the class.
    """
    where, given = "images_dir", (config["positive_class"], config.get("classes"))
    try:
        if DATASET == "folder":
            return check_classes(FOLDER_IMAGES, config["images_dir"], *given)
        where = "classes" if config.get("classes") else "positive_class"
        return class_labels(BUILT_IN_CLASSES[DATASET], DATASET, *given)
    except CollectionError as error:
        stop_before_any_job(f"config key {where}: {error}")


CLASS_LABELS = checked_classes()
# Data sets that hold out their own test images (MNIST's 10,000), in place of test_fraction.
OWN_SPLIT = DATASET in IDX_SETS
if OWN_SPLIT and config["test_fraction"]:
    stop_before_any_job(
        f"config key test_fraction: {DATASET} holds out its own 10,000 test images; leave "
        "test_fraction at 0 and set test_size to use fewer of them"
    )


# Where this experiment's results and logs land: a preset names its own, and so never touches
# the default run's files or another preset's.
EXPERIMENT = config.get("experiment")
RESULTS = f"results/{EXPERIMENT}" if EXPERIMENT else "results"
LOGS = f"logs/{EXPERIMENT}" if EXPERIMENT else "logs"
# Where this dataset's results land: {RESULTS}/*/{NAME}.
NAME = dataset_name(DATASET, config.get("images_dir"), config.get("dataset_name"))


def folder_image_size():
    """The side your images are read at: their own shared square size unless image_size is
    given; images that do not fit it and may not be resized stop the run, in one message.
    """
    configured = config["image_size"] if _image_size_given else None
    root = config["images_dir"]
    try:
        return chosen_size(
            image_sizes(FOLDER_IMAGES), configured, config["on_size_mismatch"], root
        )
    except SizeMismatch as error:
        listed = ""
        if len(error.odd_files) > SHOWN_FILES:
            listing = f"{LOGS}/preprocess/{NAME}.sizes.csv"
            write_csv(listing, ["file", "width", "height"], error.odd_files)
            listed = f" (all {len(error.odd_files)} listed in {listing})"
        stop_before_any_job(f"config key images_dir ({root}): {error}{listed}")


# The built-in sets of grey images, and their side.
GREY_SIZES = {"digits": 8, **dict.fromkeys(IDX_SETS, 28)}
if DATASET == "folder":
    IMAGE_SIZE = folder_image_size()
else:
    IMAGE_SIZE = GREY_SIZES.get(DATASET, config["image_size"])
FEATURES = IMAGE_SIZE * IMAGE_SIZE * (1 if DATASET in GREY_SIZES else 3)
DATA_DIR = f"{RESULTS}/data/{NAME}"
RUN_DIR = f"{RESULTS}/runs/{NAME}/{RUN_PATH}"
# What an initialization depends on: not the learning rate, which only acts from the first step.
INIT_DIR = "{activation}/h{layers}/{method}/seed{seed}"
DIAGNOSTICS_DIR = f"{RESULTS}/diagnostics/{NAME}/{INIT_DIR}"
ORDER_SENSITIVITY_DIR = f"{RESULTS}/order_sensitivity/{NAME}"
SUMMARY_DIR = f"{RESULTS}/summary/{NAME}"
REPORT_DIR = f"{RESULTS}/report/{NAME}"


wildcard_constraints:
    method=r"[a-z_]+|gaussian_w[0-9.e+-]+_b[0-9.e+-]+|critical_[a-z]+_b[0-9.e+-]+",
    seed=r"\d+",
    activation="[a-z_]+",
    learning_rate=r"[0-9.e+-]+",
    layers=r"\d+(x\d+)?(-\d+(x\d+)?)*",
    # Empty for gd, whose runs keep the post's paths; /<optimizer>-order<seed> for the others.
    optimization=r"(/[a-z]+-order\d+)?",


def code_digest(*sources):
    """A digest of the files a rule's job runs: ``sources`` (its script, notebook or command
    module) and every file of initbench they import, directly or through other modules, with
    the data files those read. Editing any of them reruns the rule.
    """
    # A param rather than input files: the scheduler walks every ready job's inputs each time
    # it picks jobs, and a dozen code files per job made a large grid crawl.
    return imports.code_digest(
        [Path(workflow.basedir) / source for source in sources], PACKAGE_ROOT
    )


def workflow_file(path):
    """A file of this project, as an input path."""
    # Relative, so that moving the project does not look like a change of inputs.
    return os.path.relpath(Path(workflow.basedir) / path)


def images_root():
    if DATASET == "folder":
        return config["images_dir"]
    return f"{RESULTS}/images/{DATASET}"


def dataset_images(wildcards):
    """The image files the workflow draws or downloads. Your folder's images are no input: a
    file name is never given to Snakemake, which would read braces and angle brackets in it as
    wildcards; preprocessing reruns on their content digest instead (images_content).
    """
    if DATASET == "synthetic":
        return rules.draw_synthetic.output.images
    if DATASET == "blog":
        return rules.fetch_post_images.output.images
    return []


def listed_idx_files():
    """The four IDX files in mnist.dir, found once as the workflow is read: a missing one
    stops the run here, naming it; none when they are to be downloaded.
    """
    if not OWN_SPLIT or "dir" not in config["mnist"]:
        return []
    try:
        return [str(path) for path in find_idx_files(config["mnist"]["dir"])]
    except IdxError as error:
        stop_before_any_job(f"config key mnist.dir: {error}")


IDX_PATHS = listed_idx_files()


def idx_files(wildcards):
    """MNIST's four files: those of mnist.dir, or those downloaded into the data folder."""
    return IDX_PATHS or rules.fetch_idx.output.files


def preprocess_inputs(wildcards):
    """What preprocessing reads: image files, the four IDX files, or nothing (the digits come
    with scikit-learn)."""
    if OWN_SPLIT:
        return {"idx": idx_files(wildcards)}
    if DATASET == "digits":
        return {}
    return {"images": dataset_images(wildcards)}


def images_content(wildcards):
    """A digest of your folder's image names and bytes: adding, removing, renaming or editing
    an image reruns preprocessing, even when its modification time was kept (copies with
    ``cp -p``, ``rsync -t``, restores).
    """
    if DATASET != "folder":
        # The workflow draws or downloads these images itself and tracks them as its outputs.
        return ""
    return folder_content(FOLDER_IMAGES, config["images_dir"])


# MNIST's and Fashion-MNIST's training and test images.
OWN_SPLIT_IMAGES = (60_000, 10_000)


def dataset_image_count():
    """How many images the matrix will hold at most, known before preprocessing runs."""
    if DATASET == "synthetic":
        return 2 * config["synthetic"]["images_per_class"]
    if DATASET == "blog":
        return len(post_names())
    if DATASET == "digits":
        return DIGIT_IMAGES
    if OWN_SPLIT:
        return sum(OWN_SPLIT_IMAGES)
    return len(FOLDER_IMAGES)


def split_image_counts():
    """How many images a job trains on and tests on, at most, once test_fraction (each class
    its share, rounded), train_size and test_size have cut them."""
    stored = dataset_image_count()
    held_out = math.floor(config["test_fraction"] * stored)
    trained, held_out = OWN_SPLIT_IMAGES if OWN_SPLIT else (stored - held_out, held_out)
    return min(trained, config.get("train_size", trained)), min(
        held_out, config.get("test_size", held_out)
    )


def used_image_count():
    """How many images a job trains and tests on, at most."""
    return sum(split_image_counts())


TRAINED_IMAGES, _ = split_image_counts()
if sweeps_optimizers(config) and config["batch_size"] > TRAINED_IMAGES:
    stop_before_any_job(
        f"config key batch_size: {config['batch_size']} is more than the {TRAINED_IMAGES} "
        "training images a run has; give at most that many"
    )


# A train job reads the stored uint8 matrix and holds the images it uses as float64: 8 bytes
# each, plus headroom. Computed once here, not from each job's input files, which on a grid of
# thousands of runs cost seconds.
STORED_MB = FEATURES * dataset_image_count() / 2**20
TRAIN_MEM_MB = int(250 + STORED_MB + 10 * FEATURES * used_image_count() / 2**20)


def grid_run_files(key):
    """The file ``key`` (costs, metrics, ...) of every run folder of the grid: each setting x
    method x seed."""
    name = run_files(SHARPNESS)[key]
    return [
        f"{RUN_DIR}/{name}".format(**setting, method=method, seed=seed)
        for setting in settings(config)
        for method in METHODS
        for seed in config["seeds"]
    ]


def diagnostics_files():
    """One diagnostics file per initialized network of the grid (activation x layers x method
    x seed, shared by every learning rate), when diagnostics are asked for."""
    if not config["diagnostics"]:
        return []
    inits = {(setting["activation"], setting["layers"]) for setting in settings(config)}
    return [
        f"{DIAGNOSTICS_DIR}/diagnostics.json".format(
            activation=activation, layers=layers, method=method, seed=seed
        )
        for activation, layers in sorted(inits)
        for method in METHODS
        for seed in config["seeds"]
    ]


def optimization_options(wildcards):
    """The train command's options for the run's optimizer, its order seed and the grid's
    settings of that optimizer."""
    optimizer, order_seed = parse_optimization(wildcards.optimization)
    options = ["--optimizer", optimizer, "--precision", config["precision"]]
    if optimizer == "gd":
        return " ".join(options)
    options += [
        *("--batch-size", config["batch_size"], "--order-seed", order_seed),
        *("--record-every", config["record_every"]),
    ]
    if optimizer == "momentum":
        options += ["--momentum", config["momentum"]["coefficient"]]
        options += ["--nesterov"] if config["momentum"]["nesterov"] else []
    if optimizer == "adam":
        adam = config["adam"]
        options += ["--beta1", adam["beta1"], "--beta2", adam["beta2"]]
        options += ["--epsilon", adam["epsilon"]]
    if optimizer == "rmsprop":
        rmsprop = config["rmsprop"]
        options += ["--decay", rmsprop["decay"], "--epsilon", rmsprop["epsilon"]]
    return " ".join(map(str, options))


def studied_setting():
    """The one setting whose order sensitivity is measured: the post's, else the grid's first."""
    return nearest_to_post_setting(settings(config))


def report_inputs():
    """The rule outputs the report's sections read (initbench.report.sections), by name."""
    written = {
        "costs": rules.aggregate.output.costs,
        "runs": rules.aggregate.output.runs,
        "methods": rules.aggregate.output.methods,
        "diagnostics": rules.aggregate.output.diagnostics,
        "layers": rules.aggregate.output.layers,
        "confusion": rules.aggregate.output.confusion,
        "histograms": rules.activation_histograms.output[0],
        "jacobian": rules.jacobian_spectra.output[0],
        "mean_field": rules.mean_field.output[0],
        "order_sensitivity": rules.order_sensitivity.output[0],
        "matrix": rules.preprocess.output.matrix,
        "images": rules.preprocess.output.table,
        "skipped": rules.preprocess.output.skipped,
        "split": rules.split.output[0],
    }
    if SHARPNESS:
        written["sharpness"] = rules.aggregate.output.sharpness
    return {name: written[name] for name in input_names(config)}


def report_figures():
    """The figures of the report's sections as named outputs, each registered with Snakemake's
    report under its category, with its caption workflow/report/{name}.rst."""
    return {
        name: report(
            f"{REPORT_DIR}/figures/{name}.png",
            caption=f"../report/{name}.rst",
            category=category,
        )
        for name, category in figure_categories(config).items()
    }


def figure_captions():
    """The caption of each figure: an input of the report, which shows it under the figure."""
    return [
        workflow_file(f"workflow/report/{name}.rst")
        for name in figure_categories(config)
    ]


def all_targets():
    return [rules.report.output.html]
