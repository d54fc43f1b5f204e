"""Every configuration key, given a wrong type or an out-of-range value, stops the workflow
before any job runs, with a message naming the key, the value and what is expected."""

import pytest
from conftest import REPO
from PIL import Image
from workflow_helpers import copy_project, snakemake

from initbench.config_check import config_problems, key_name, load_schema, typed_as_schema

SCHEMA = load_schema(REPO / "workflow/schemas/config.schema.yaml")

LAYERS_EXPECTED = (
    "expected a list of units, one per hidden layer (e.g. [5, 5]) or width x depth (e.g. 64x30) "
    "or a list of architectures (e.g. [[5, 5], [10], 64x30, [100, 64x8]])"
)
# key: (a value of the wrong type, its message), (a value out of range, its message)
BAD_VALUES = {
    "dataset": (
        (3, "expected a string, got 3"),
        ("kaggle", "expected one of synthetic, folder, blog, digits, mnist, fashion_mnist"),
    ),
    "images_dir": ((["a"], "expected a string"), ("", "expected a non-empty string, got ''")),
    "dataset_name": (
        (5, "expected a string, got 5"),
        ("my photos", "expected a name of letters, digits, '.', '_' and '-'"),
    ),
    "experiment": (
        (["a"], "expected a string"),
        ("my stability", "expected a name of letters, digits, '.', '_' and '-'"),
    ),
    "paper": (
        (2015, "expected a string, got 2015"),
        ("he", "expected one of he2015, schoenholz2017, glorot2010, cohen2021, mishkin2015"),
    ),
    "positive_class": ((1, "expected a string"), ("", "expected a non-empty string")),
    "classes": (
        ("3", "expected a list, got '3'"),
        (["3"], "expected a list of at least 2 item(s), got ['3']"),
    ),
    "train_size": (("1k", "expected an integer, got '1k'"), (1, "expected an integer ≥ 2, got 1")),
    "test_size": ((0.5, "expected an integer, got 0.5"), (0, "expected an integer ≥ 1, got 0")),
    "mnist": (
        ("here", "expected a mapping of keys to values"),
        ({"folder": "x"}, "mnist.folder: unknown key"),
    ),
    "mnist.dir": ((["a"], "expected a string"), ("", "expected a non-empty string")),
    "mnist.base_url": ((5, "expected a string"), ("", "expected a non-empty string")),
    "image_size": (
        ("150px", "expected an integer, got '150px'"),
        (0, "expected an integer ≥ 1, got 0"),
    ),
    "on_size_mismatch": ((True, "expected a string"), ("crop", "expected one of resize, error")),
    "on_bad_image": ((1, "expected a string"), ("ignore", "expected one of error, skip")),
    "synthetic": (
        ("many", "expected a mapping of keys to values"),
        ({"count": 5}, "synthetic.count: unknown key"),
    ),
    "synthetic.images_per_class": (
        (2.5, "expected an integer, got 2.5"),
        (0, "expected an integer ≥ 1, got 0"),
    ),
    "synthetic.seed": (("zero", "expected an integer"), (-1, "expected an integer ≥ 0, got -1")),
    "blog_base_url": ((5, "expected a string"), ("", "expected a non-empty string")),
    "methods": (
        ("he", "expected a list, got 'he'"),
        ([], "expected a list of at least 1 item(s), got []"),
    ),
    "gaussian": (
        ("wide", "expected a mapping of keys to values"),
        ({"weights": [1.0]}, "gaussian.weights: unknown key (did you mean 'weight_variances'?)"),
    ),
    "gaussian.weight_variances": (
        (1.76, "expected a list, got 1.76"),
        ([1.0, -1.0], "gaussian.weight_variances[1]: expected a number ≥ 0, got -1.0"),
    ),
    "gaussian.bias_variances": (
        ("0.05", "expected a list, got '0.05'"),
        ([0.05, 0.05], "expected a list without repeated items"),
    ),
    "critical": (
        ("small", "expected a mapping of keys to values"),
        ({"bias_variance": [0.0]}, "critical.bias_variance: unknown key (did you mean"),
    ),
    "critical.bias_variances": (
        (1e-4, "expected a list, got 0.0001"),
        ([-1e-4], "critical.bias_variances[0]: expected a number ≥ 0, got -0.0001"),
    ),
    "jacobian_images": (
        (2.5, "expected an integer, got 2.5"),
        (0, "expected an integer ≥ 1, got 0"),
    ),
    "seeds": ((1, "expected a list, got 1"), ([1, 1], "expected a list without repeated items")),
    "hidden_layers": (
        (
            5,
            f"{LAYERS_EXPECTED}, got 5",
        ),
        (
            [],
            f"{LAYERS_EXPECTED}, got []",
        ),
    ),
    "activations": (
        ("tanh", "expected a list, got 'tanh'"),
        ([], "expected a list of at least 1 item(s), got []"),
    ),
    "learning_rates": (
        (0.01, "expected a list, got 0.01"),
        ([0.01, 0.01], "expected a list without repeated items"),
    ),
    "iterations": ((1.5, "expected an integer, got 1.5"), (0, "expected an integer ≥ 1, got 0")),
    "optimizers": (
        ("adam", "expected a list, got 'adam'"),
        (["lbfgs"], "optimizers[0]: expected one of gd, sgd, momentum, adam, rmsprop"),
    ),
    "order_seeds": (
        (0, "expected a list, got 0"),
        ([-1], "order_seeds[0]: expected an integer ≥ 0, got -1"),
    ),
    "batch_size": (
        ("all", "expected an integer, got 'all'"),
        (0, "expected an integer ≥ 1, got 0"),
    ),
    "record_every": ((2.5, "expected an integer, got 2.5"), (0, "expected an integer ≥ 1, got 0")),
    "precision": ((32, "expected a string"), ("float16", "expected one of float64, float32")),
    "momentum": (
        (0.9, "expected a mapping of keys to values"),
        ({"beta": 0.9}, "momentum.beta: unknown key"),
    ),
    "momentum.coefficient": (("high", "expected a number"), (1, "expected a number < 1, got 1")),
    "momentum.nesterov": ((1, "expected true or false, got 1"), (None, "expected true or false")),
    "adam": (
        ("default", "expected a mapping of keys to values"),
        ({"beta": 1}, "adam.beta: unknown key"),
    ),
    "adam.beta1": ((-0.1, "expected a number ≥ 0, got -0.1"), (1.0, "expected a number < 1")),
    "adam.beta2": (("high", "expected a number, got 'high'"), (1, "expected a number < 1")),
    "adam.epsilon": (("tiny", "expected a number"), (0, "expected a number > 0, got 0")),
    "rmsprop": (
        (0.9, "expected a mapping of keys to values"),
        ({"rho": 0.9}, "rmsprop.rho: unknown key"),
    ),
    "rmsprop.decay": ((1.5, "expected a number < 1, got 1.5"), (-1, "expected a number ≥ 0")),
    "rmsprop.epsilon": ((None, "expected a number"), (-1e-8, "expected a number > 0")),
    "signal_every": (
        ("often", "expected an integer, got 'often'"),
        (0, "expected an integer ≥ 1, got 0"),
    ),
    "sharpness_every": (
        ("often", "expected an integer, got 'often'"),
        (-1, "expected an integer ≥ 0, got -1"),
    ),
    "order_sensitivity": (
        (200, "expected a mapping of keys to values"),
        ({"seed": 1}, "order_sensitivity.seed: unknown key"),
    ),
    "order_sensitivity.iterations": (
        ("many", "expected an integer, got 'many'"),
        (0, "expected an integer ≥ 1, got 0"),
    ),
    "order_sensitivity.tolerance": (
        ("1%", "expected a number, got '1%'"),
        (0, "expected a number > 0, got 0"),
    ),
    # A yes/no key has no range: a number and null are its two wrong kinds.
    "diagnostics": ((1, "expected true or false, got 1"), (None, "expected true or false")),
    "test_fraction": (
        ("a fifth", "expected a number, got 'a fifth'"),
        (1, "expected a number < 1, got 1"),
    ),
    "split_seed": ((0.5, "expected an integer, got 0.5"), (-1, "expected an integer ≥ 0, got -1")),
    "random_scale": (("ten", "expected a number"), (-10, "expected a number > 0, got -10")),
    "training_path": ((1, "expected a string"), ("fast", "expected one of auto, gram, plain")),
}
# Values inside lists, checked item by item.
BAD_ITEMS = {
    "methods": (["he", 7], "methods[1]: expected a string, got 7"),
    "seeds": ([1, -1], "seeds[1]: expected an integer ≥ 0, got -1"),
    "hidden_layers": (
        [5, 0],
        f"hidden_layers: {LAYERS_EXPECTED}, got [5, 0]",
    ),
    "activations": (["tanh", "gelu"], "activations[1]: expected one of tanh, relu, leaky_relu"),
    "learning_rates": ([0.01, 0], "learning_rates[1]: expected a number > 0, got 0"),
}
CASES = [
    pytest.param(key, value, message, id=f"{key}-{kind}")
    for key, cases in BAD_VALUES.items()
    for kind, (value, message) in zip(("type", "range"), cases, strict=True)
] + [
    pytest.param(key, value, message, id=f"{key}-item")
    for key, (value, message) in BAD_ITEMS.items()
]


def schema_keys(schema: dict, prefix: str = "") -> set[str]:
    keys = set()
    for key, rule in schema.get("properties", {}).items():
        keys.add(prefix + key)
        keys |= schema_keys(rule, f"{prefix}{key}.")
    return keys


def override(key: str, value) -> dict:
    parent, _, child = key.partition(".")
    return {parent: {child: value}} if child else {key: value}


def test_every_key_of_the_schema_is_tried():
    assert set(BAD_VALUES) == schema_keys(SCHEMA)


@pytest.mark.parametrize(("key", "value", "message"), CASES)
def test_a_bad_value_is_named_with_what_is_expected(key, value, message):
    problems = config_problems(override(key, value), SCHEMA)
    expected = message if message.startswith(key) and ":" in message else f"{key}: {message}"
    assert any(problem.startswith(expected) for problem in problems), problems


def assert_stopped_with_the_message_alone(result):
    """Exit status 1 and the message unwrapped: no "WorkflowError in file …", no traceback."""
    assert result.returncode == 1
    assert "WorkflowError" not in result.stderr and 'File "' not in result.stderr, result.stderr


def bad_configurations(which: int) -> list[tuple[dict, dict]]:
    """Every key's bad value number ``which`` in two configurations, ``(config, messages)``:
    the top-level keys in one, the nested keys (each inside a valid parent) in the other, so
    that a parent's own bad value never hides its children's."""
    rounds = []
    for nested in (False, True):
        config, messages = {}, {}
        for key, cases in BAD_VALUES.items():
            if ("." in key) != nested:
                continue
            value, message = cases[which]
            parent, _, child = key.partition(".")
            if child:
                config.setdefault(parent, {})[child] = value
            else:
                config[key] = value
            messages[key] = message
        rounds.append((config, messages))
    return rounds


@pytest.mark.workflow
@pytest.mark.parametrize(
    ("config", "messages"),
    [configuration for which in (0, 1) for configuration in bad_configurations(which)],
    ids=["first top-level", "first nested", "second top-level", "second nested"],
)
def test_bad_values_stop_the_workflow_before_any_job_each_named(tmp_path, config, messages):
    """Every key's bad values through the workflow itself, a configuration at a time (a run
    of Snakemake per value would take minutes): one message names every one."""
    project = copy_project(tmp_path / "project")
    result = snakemake(project, config=config)
    assert_stopped_with_the_message_alone(result)
    assert "The configuration is not valid" in result.stderr
    for key, message in messages.items():
        expected = message if message.startswith(key) and ":" in message else f"{key}: {message}"
        assert expected in result.stderr, (key, result.stderr)
    assert not (project / "results").exists()
    assert not (project / "logs").exists()


def test_the_good_configs_have_no_problem():
    assert config_problems({}, SCHEMA) == []
    assert config_problems(load_schema(REPO / "config.yaml"), SCHEMA) == []
    assert config_problems(load_schema(REPO / ".test/config.yaml"), SCHEMA) == []


def test_a_typo_is_an_unknown_key_with_the_likely_one():
    assert config_problems({"learnig_rate": 0.1}, SCHEMA) == [
        "learnig_rate: unknown key (did you mean 'learning_rates'?)"
    ]


def test_an_unknown_key_unlike_any_lists_the_known_ones():
    (problem,) = config_problems({"colour": "red"}, SCHEMA)
    assert problem.startswith("colour: unknown key (known keys: dataset, images_dir,")


def test_images_dir_is_required_for_a_folder():
    assert config_problems({"dataset": "folder"}, SCHEMA) == [
        "images_dir: required when dataset is 'folder'"
    ]


def test_every_problem_is_reported_at_once():
    problems = config_problems({"learning_rates": [0], "iterations": 0, "methods": []}, SCHEMA)
    assert [problem.split(":")[0] for problem in problems] == [
        "iterations",
        "learning_rates[0]",
        "methods",
    ]


def test_the_old_single_value_keys_point_to_the_lists():
    assert config_problems({"learning_rate": 0.1}, SCHEMA) == [
        "learning_rate: unknown key (did you mean 'learning_rates'?)"
    ]
    assert config_problems({"hidden_layers": [[5, 5], [10]]}, SCHEMA) == []


@pytest.mark.parametrize(
    "layers", ["64x30", ["64x30", "64x8"], [[5, 5], "64x30", [100, "64x8", 10]], [[5, 5], [10]]]
)
def test_width_by_depth_is_an_architecture_alone_or_in_a_list(layers):
    assert config_problems({"hidden_layers": layers}, SCHEMA) == []


@pytest.mark.parametrize("layers", ["64*30", "x30", "64x0", [[5, 5], "64x"], [[5, "5x"]]])
def test_a_malformed_width_by_depth_names_the_key_and_the_forms(layers):
    assert config_problems({"hidden_layers": layers}, SCHEMA) == [
        f"hidden_layers: {LAYERS_EXPECTED}, got {layers!r}"
    ]


@pytest.mark.parametrize(
    ("path", "name"),
    [
        (["seeds", 2], "seeds[2]"),
        (["synthetic", "seed"], "synthetic.seed"),
        (["dataset"], "dataset"),
    ],
)
def test_key_names(path, name):
    assert key_name(path) == name


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ({"dataset": "folder", "images_dir": "/nonexistent/images"}, "images_dir"),
        ({"dataset": "folder", "images_dir": "."}, "no images found"),
    ],
)
@pytest.mark.workflow
def test_an_unusable_images_dir_stops_the_workflow_naming_it(tmp_path, config, message):
    project = copy_project(tmp_path / "project")
    result = snakemake(project, config=config)
    assert_stopped_with_the_message_alone(result)
    assert "config key images_dir" in result.stderr and message in result.stderr
    assert not (project / "results").exists()


@pytest.mark.workflow
def test_images_that_do_not_fit_the_size_stop_the_workflow_naming_images_dir(tmp_path):
    images = tmp_path / "images"
    images.mkdir()
    sides = (("cat.1.png", 20), ("dog.1.png", 20), ("cat.2.png", 30), ("dog.2.png", 20))
    for name, side in sides:
        Image.new("RGB", (side, side)).save(images / name)
    project = copy_project(tmp_path / "project")
    result = snakemake(project, config={"dataset": "folder", "images_dir": str(images)})
    assert_stopped_with_the_message_alone(result)
    # .test/config.yaml sets image_size: 24.
    assert f"config key images_dir ({images}): 4 of 4 images are not 24×24 pixels" in (
        result.stderr
    )
    # The one image of the less common size is named, so that the user can find it.
    assert "Of the less common sizes: cat.2.png (30×30)" in result.stderr
    assert not (project / "results").exists()


@pytest.mark.parametrize(
    ("key", "text", "written"),
    [
        ("seeds", "1,2", "seeds=[1,2]"),
        ("learning_rates", "0.01, 0.1", "learning_rates=[0.01,0.1]"),
        ("methods", "he,xavier", "methods=[he,xavier]"),
        ("hidden_layers", "5,5", "hidden_layers=[5,5]"),
        # Only the top-level keys are set as key=value on the command line.
        ("gaussian.weight_variances", "1,2", "[1,2]"),
    ],
)
def test_a_list_written_with_commas_is_shown_in_brackets(key, text, written):
    (problem,) = config_problems(typed_as_schema(override(key, text), SCHEMA), SCHEMA)
    assert problem.startswith(f"{key}: expected ")
    assert problem.endswith(f"got {text!r} (a list goes in brackets: {written})")


def test_a_single_text_is_not_taken_for_a_list():
    assert config_problems({"seeds": "he"}, SCHEMA) == ["seeds: expected a list, got 'he'"]


@pytest.mark.workflow
def test_a_comma_list_on_the_command_line_is_answered_with_the_one_that_works(tmp_path):
    project = copy_project(tmp_path / "project")
    result = snakemake(project, "--dry-run", "--config", "seeds=1,2")
    assert_stopped_with_the_message_alone(result)
    assert "seeds: expected a list, got '1,2' (a list goes in brackets: seeds=[1,2])" in (
        result.stderr
    )
    assert snakemake(project, "--dry-run", "--config", "seeds=[1,2]").returncode == 0


def test_an_experiment_may_not_take_the_name_of_a_results_folder():
    [problem] = config_problems({"experiment": "runs"}, SCHEMA)
    assert problem.startswith("experiment: expected none of images, data, runs")


def test_a_dataset_name_may_not_be_a_built_in_one():
    assert config_problems({"dataset_name": "blog"}, SCHEMA) == [
        "dataset_name: expected none of synthetic, blog, digits, mnist, fashion_mnist, got 'blog'"
    ]


def test_command_line_text_is_read_as_the_schema_types_it():
    typed = typed_as_schema(
        {
            "seeds": ["1", "2"],
            "learning_rates": ["0.1", "1"],
            "hidden_layers": ["10"],
            "iterations": "30",
            "diagnostics": "true",
            "synthetic": {"seed": "3"},
            "positive_class": "1",
            "methods": ["he"],
        },
        SCHEMA,
    )
    assert typed == {
        "seeds": [1, 2],
        "learning_rates": [0.1, 1],
        "hidden_layers": [10],
        "iterations": 30,
        "diagnostics": True,
        "synthetic": {"seed": 3},
        "positive_class": "1",  # a string in the schema stays one
        "methods": ["he"],
    }
    assert config_problems(typed, SCHEMA) == []
    nested = typed_as_schema({"hidden_layers": [["5", "5"], ["10"]]}, SCHEMA)
    assert nested == {"hidden_layers": [[5, 5], [10]]}
    # What cannot be read as a number is left for the checks to name.
    assert config_problems(typed_as_schema({"seeds": ["one"]}, SCHEMA), SCHEMA) == [
        "seeds[0]: expected an integer, got 'one'"
    ]


@pytest.mark.workflow
def test_lists_typed_on_the_command_line_are_taken(tmp_path):
    project = copy_project(tmp_path / "project")
    result = snakemake(
        project,
        "--dry-run",
        "--quiet",
        "host",  # the jobs' paths, which the workflow profile hides
        "--config",
        "seeds=[1,2,3]",
        "learning_rates=[0.1]",
        "hidden_layers=[10]",
    )
    assert result.returncode == 0, result.stderr
    assert "results/runs/synthetic/tanh/lr0.1/h10/he/seed3/costs.csv" in result.stdout
