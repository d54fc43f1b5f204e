"""``python -m initbench``: a run and a diagnosis from the command line, with the same bytes
as the workflow's own computation, and a clear refusal of bad options."""

import argparse
import importlib
import json
import os
import re
import subprocess
import sys

import numpy as np
import pytest
from conftest import REPO
from threadpoolctl import threadpool_limits

from initbench.__main__ import COMMANDS, main
from initbench.commands.diagnose import stability_in_words
from initbench.data.matrix import load_matrix, save_matrix
from initbench.data.split import save_split
from initbench.runs.folder import save_run
from initbench.training.diagnostics import diagnose
from initbench.training.optimization import Optimization
from initbench.training.trainer import Hyperparameters, train


@pytest.fixture
def matrix(tmp_path, small_images):
    x, labels = small_images
    path = tmp_path / "data" / "tiny" / "matrix.npz"
    save_matrix(path, np.round(x * 255).astype(np.uint8), labels[0].astype(np.uint8))
    return path


def run_module(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "initbench", *map(str, args)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )


def scaled(matrix):
    """The post's scaling done by hand: pixels / 255 and one row of 0/1 labels."""
    pixels, labels = load_matrix(matrix)
    return pixels / 255.0, labels[np.newaxis, :].astype(np.float64)


def test_train_writes_the_run_folder_the_trainer_itself_writes(matrix, tmp_path):
    result = run_module(
        "train",
        matrix,
        tmp_path / "cli",
        "--method",
        "he",
        "--seed",
        "3",
        "--hidden-layers",
        "4-3",
        "--iterations",
        "40",
        "--learning-rate",
        "0.05",
    )
    assert result.returncode == 0, result.stderr
    assert "final cost" in result.stderr  # the log goes to the console without --log

    hp = Hyperparameters("he", 3, hidden_layers=(4, 3), iterations=40, learning_rate=0.05)
    x, labels = scaled(matrix)
    direct = tmp_path / "direct"
    with threadpool_limits(1, user_api="blas"):  # as the command's default --threads
        save_run(train(x, labels, hp), hp, "tiny", direct)
    for name in ("costs.csv", "params.npz"):
        assert (tmp_path / "cli" / name).read_bytes() == (direct / name).read_bytes()
    cli = json.loads((tmp_path / "cli" / "metrics.json").read_text())
    ours = json.loads((direct / "metrics.json").read_text())
    cli.pop("seconds"), ours.pop("seconds")
    assert cli == ours  # the dataset's name defaults to the matrix's folder, "tiny"
    signal = (tmp_path / "cli" / "layers.csv").read_text().splitlines()
    assert len(signal) == 1 + 2 * 2  # iterations 0 and 40 (every 100 by default) x 2 layers


def test_a_split_keeps_its_images_out_of_training(matrix, tmp_path):
    sets = np.array(["test"] * 8 + ["train"] * 32)
    split = tmp_path / "split.csv"
    save_split(split, [f"image{i}.png" for i in range(40)], sets)
    log = tmp_path / "run.log"
    arguments = [matrix, tmp_path / "run", "--method", "xavier", "--seed", "1", "--split", split]
    assert main(["train", *map(str, arguments), "--iterations", "5", "--log", str(log)]) == 0
    metrics = json.loads((tmp_path / "run" / "metrics.json").read_text())
    assert metrics["test_accuracy"] is not None
    assert "final cost" in log.read_text()


def test_train_on_mini_batches_writes_what_the_trainer_writes(matrix, tmp_path):
    settings = ["--optimizer", "momentum", "--nesterov", "--batch-size", "16", "--order-seed", "2"]
    settings += ["--momentum", "0.8", "--record-every", "5", "--precision", "float32"]
    log = tmp_path / "train.log"
    arguments = [matrix, tmp_path / "cli", "--method", "he", "--seed", "3", "--log", log]
    assert main(["train", *map(str, arguments), "--iterations", "12", *settings]) == 0

    hp = Hyperparameters("he", 3, iterations=12)
    optimization = Optimization(
        "momentum",
        batch_size=16,
        order_seed=2,
        momentum=0.8,
        nesterov=True,
        precision="float32",
        record_every=5,
    )
    direct = tmp_path / "direct"
    with threadpool_limits(1, user_api="blas"):
        run = train(*scaled(matrix), hp, signal_every=100, optimization=optimization)
    save_run(run, hp, "tiny", direct, optimization)
    for name in ("costs.csv", "params.npz", "layers.csv"):
        assert (tmp_path / "cli" / name).read_bytes() == (direct / name).read_bytes()
    cli = json.loads((tmp_path / "cli" / "metrics.json").read_text())
    assert cli["optimization"]["optimizer"] == "momentum"
    assert cli["optimization"]["precision"] == "float32"
    costs = (tmp_path / "cli" / "costs.csv").read_text().splitlines()
    assert costs[0] == "iteration,epoch,cost" and len(costs) == 1 + 4  # 0, 5, 10, 12
    message = message_of(log.read_text())
    assert message.startswith(
        "he initialization, seed 3, tanh, hidden layers 5-5, Nesterov momentum 0.8 on batches "
        "of 16 images, order seed 2, in float32, learning rate 0.01, 12 iterations: final cost "
    ), message
    assert most_significant_digits(message) <= 3, message


def test_diagnose_writes_the_diagnostics_of_the_initialization(matrix, tmp_path):
    output = tmp_path / "diagnostics.json"
    result = run_module("diagnose", matrix, output, "--method", "he", "--seed", "2")
    assert result.returncode == 0, result.stderr
    written = json.loads(output.read_text())
    expected = diagnose(*scaled(matrix), Hyperparameters("he", 2))
    assert written["sharpness"] == expected["sharpness"]
    assert written["hyperparameters"]["hidden_layers"] == [5, 5]


def message_of(log_line: str) -> str:
    """A log line without its time and level."""
    return log_line.split(" INFO ", 1)[1]


def most_significant_digits(text: str) -> int:
    """The most significant digits any number of ``text`` is written with."""
    return max(
        len(re.sub(r"\D", "", number).strip("0")) for number in re.findall(r"\d[\d.]*", text)
    )


def test_the_log_of_a_run_describes_it_in_words_with_rounded_numbers(matrix, tmp_path):
    log = tmp_path / "train.log"
    arguments = [matrix, tmp_path / "run", "--method", "he", "--seed", "3", "--log", log]
    extra = ["--hidden-layers", "4-3", "--iterations", "40", "--learning-rate", "0.05"]
    assert main(["train", *map(str, arguments), *extra]) == 0
    message = message_of(log.read_text())
    assert message.startswith(
        "he initialization, seed 3, tanh, hidden layers 4-3, learning rate 0.05, "
        "40 iterations: final cost "
    ), message
    assert "training accuracy" in message and "%" in message
    assert most_significant_digits(message) <= 3, message


def test_the_log_of_a_diagnosis_describes_it_in_words_with_rounded_numbers(matrix, tmp_path):
    log = tmp_path / "diagnose.log"
    arguments = [matrix, tmp_path / "he2.json", "--method", "he", "--seed", "2", "--log", log]
    assert main(["diagnose", *map(str, arguments)]) == 0
    message = message_of(log.read_text())
    assert message.startswith("he initialization, seed 2, tanh, hidden layers 5-5: sharpness ")
    assert "stable below learning rate " in message
    assert most_significant_digits(message) <= 3, message
    assert stability_in_words(None).startswith("no curvature limit on the learning rate")


def test_a_folder_holding_a_run_is_refused_unless_asked_to_overwrite(matrix, tmp_path, capsys):
    folder = tmp_path / "my-run"
    folder.mkdir()  # an empty folder holds no run
    train = ["train", str(matrix), str(folder), "--method", "he", "--seed", "1"]
    assert main([*train, "--iterations", "5"]) == 0
    kept = {path.name: path.read_bytes() for path in folder.iterdir()}

    with pytest.raises(SystemExit) as refused:
        main([*train, "--iterations", "7"])
    assert refused.value.code == 2
    message = capsys.readouterr().err
    held = "costs.csv, params.npz, metrics.json, layers.csv, confusion.csv"
    assert f"{folder} already holds a run ({held})" in message
    assert "pass --overwrite to replace it" in message
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == kept

    assert main([*train, "--iterations", "7", "--overwrite"]) == 0
    assert json.loads((folder / "metrics.json").read_text())["hyperparameters"]["iterations"] == 7


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_help_gives_the_default_of_every_option(command):
    parser = importlib.import_module(f"initbench.commands.{command}").parser()
    # argparse keeps its options in _actions alone; --help needs no default.
    options = [
        action
        for action in parser._actions
        if action.option_strings and not isinstance(action, argparse._HelpAction)
    ]
    for option in options:
        said = "(required)" if option.required else "default"
        assert said in (option.help or ""), f"{command} {option.option_strings[0]}: {option.help}"


def test_train_help_shows_the_defaults_as_values():
    shown = " ".join(run_module("train", "--help").stdout.split())
    for default in ("tanh", "5-5", "10.0", "1, as in", "0.01", "1000", "auto", "100", "0: never"):
        assert f"(default {default}" in shown, default
    optimization = ("gd)", "128;", "0)", "0.9)", "0.999", "1e-08", "float64")
    for default in optimization:
        assert f"(default {default}" in shown, default
    assert "(default: the heavy ball)" in shown
    assert "(default 1; gd records every update)" in shown


def test_without_a_command_the_commands_are_listed(capsys):
    assert main([]) == 2
    assert main(["--help"]) == 0
    listed = capsys.readouterr().out
    assert "train" in listed and "diagnose" in listed


@pytest.mark.parametrize(
    "arguments,message",
    [
        (["fit"], "unknown command 'fit'"),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--signal-every", "0"],
            "'0': give a whole number ≥ 1",
        ),
        (
            ["train", "missing.npz", "out", "--method", "he", "--seed", "1"],
            "missing.npz: no such file",
        ),
        (
            ["train", "{matrix}", "out", "--method", "kaiming", "--seed", "1"],
            "'kaiming': give one of glorot_normal",
        ),
        (
            # The family's name is written one way only: 2.0, not 2.
            ["train", "{matrix}", "out", "--method", "gaussian_w2_b0", "--seed", "1"],
            "a Gaussian gaussian_w<σ_w²>_b<σ_b²>",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--hidden-layers", "5,5"],
            "'5,5': give the units of each hidden layer",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he"],
            "the following arguments are required: --seed",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--optimizer", "lbfgs"],
            "argument --optimizer: invalid choice: 'lbfgs'",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--beta2", "1"],
            "argument --beta2: '1': give a number from 0 up to, not including, 1",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--epsilon", "0"],
            "argument --epsilon: '0': give a number above 0",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--batch-size", "0"],
            "argument --batch-size: '0': give a whole number ≥ 1",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--precision", "half"],
            "argument --precision: invalid choice: 'half'",
        ),
        (
            ["train", "{matrix}", "out", "--method", "he", "--seed", "1", "--record-every", "x"],
            "argument --record-every: 'x': give a whole number ≥ 1",
        ),
        (
            [
                "train",
                "{matrix}",
                "out",
                "--method",
                "he",
                "--seed",
                "1",
                "--path",
                "gram",
                "--optimizer",
                "adam",
            ],
            "path 'gram' cannot train with adam",
        ),
        (
            [
                "train",
                "{matrix}",
                "out",
                "--method",
                "he",
                "--seed",
                "1",
                "--optimizer",
                "sgd",
                "--batch-size",
                "41",
            ],
            "argument --batch-size: 41 is more than the 40 training images",
        ),
        (
            [
                "diagnose",
                "{matrix}",
                "out.json",
                "--method",
                "he",
                "--seed",
                "1",
                "--split",
                "nowhere.csv",
            ],
            "nowhere.csv: no such file",
        ),
    ],
)
def test_a_bad_option_is_refused_naming_it_before_any_work(matrix, tmp_path, arguments, message):
    arguments = [argument.format(matrix=matrix) for argument in arguments]
    result = run_module(*arguments)
    assert result.returncode == 2
    assert message in result.stderr
    assert not (tmp_path / "out").exists()
