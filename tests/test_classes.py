"""The section class by class: each method's median share of each class answered right, the
classes it gets most wrong and what it takes them for, and its confusion matrices."""

import numpy as np
import pandas as pd
import pytest
from report_helpers import assert_readable, configuration, image_table, one_setting, results_with

from initbench.analysis.classes import (
    class_accuracy,
    class_names,
    counted_set,
    overall_accuracy,
    weakest_classes,
)
from initbench.report.figures import confusion_matrices
from initbench.report.notebook import outputs
from initbench.report.sections import classes

DIGITS = [str(digit) for digit in range(10)]


def confusion_table(
    matrices: dict[str, list[np.ndarray]], sets: tuple[str, ...] = ("train",), **setting
) -> pd.DataFrame:
    """``confusion.csv`` gathered: per method, one K x K matrix per seed (true down, answer
    across), the same counts for each of ``sets``; every cell listed, zeros included."""
    keys = {"activation": "tanh", "learning_rate": 0.01, "hidden_layers": "5-5"} | setting
    rows = [
        {**keys, "method": method, "seed": seed, "set": name, "true": true, "predicted": answer,
         "count": int(found)}
        for method, seeds in matrices.items()
        for seed, matrix in enumerate(seeds, 1)
        for name in sets
        for (true, answer), found in np.ndenumerate(matrix)
    ]  # fmt: skip
    return pd.DataFrame(rows)


def digits_matrix(right: int) -> np.ndarray:
    """Ten classes of 20 images each: ``right`` of each answered right, the rest taken for
    the next digit."""
    matrix = np.zeros((10, 10), dtype=int)
    for digit in range(10):
        matrix[digit, digit] = right
        matrix[digit, (digit + 1) % 10] = 20 - right
    return matrix


def with_row(matrix: np.ndarray, true: int, answers: dict[int, int]) -> np.ndarray:
    """``matrix`` with the answers to class ``true`` replaced by ``answers`` (answer: count)."""
    changed = matrix.copy()
    changed[true] = 0
    for answer, found in answers.items():
        changed[true, answer] = found
    return changed


def test_each_class_is_named_by_its_label():
    images = pd.DataFrame({"class": ["dog", "cat", "dog"], "label": [0, 1, 0]})
    assert class_names(images) == ["dog", "cat"]
    with pytest.raises(ValueError, match="numbered from 0 without gaps; found cat: 1, dog: 2"):
        class_names(pd.DataFrame({"class": ["cat", "dog"], "label": [1, 2]}))


def test_the_held_out_images_are_counted_when_any_are_held_out():
    matrix = np.array([[1, 0], [0, 1]])
    assert counted_set(confusion_table({"he": [matrix]})) == "train"
    assert counted_set(confusion_table({"he": [matrix]}, sets=("train", "test"))) == "test"


def test_accuracy_per_class_is_the_median_over_seeds_and_the_weakest_class_is_named():
    # Seed by seed, digit 8 is answered right 10, 12 and 14 times of 20, mostly as 3.
    seeds = [
        with_row(digits_matrix(18), 8, {8: right, 3: 18 - right, 9: 2}) for right in (10, 12, 14)
    ]
    confusion = confusion_table({"he": seeds})
    accuracy = class_accuracy(confusion)
    assert accuracy.loc[8, "he"] == pytest.approx(0.6)
    assert accuracy.loc[0, "he"] == pytest.approx(0.9)
    assert overall_accuracy(confusion)["he"] == pytest.approx((9 * 18 + 12) / 200)
    found = weakest_classes(confusion, "he")
    assert (found.labels, found.accuracy, found.images) == ([8], pytest.approx(0.6), 20)
    assert (found.taken_for, found.mistaken) == ([3], 6)
    assert classes.weakest_sentence(found, DIGITS) == (
        "**he** gets *8* most wrong: 60% right, most often taken for *3* (median 6 of its 20 "
        "images)."
    )


def test_a_constant_answer_gets_every_class_but_one_wrong():
    constant = np.zeros((10, 10), dtype=int)
    constant[:, 1] = 20
    found = weakest_classes(confusion_table({"zeros": [constant] * 3}), "zeros")
    assert found.labels == [0, *range(2, 10)] and found.accuracy == 0
    assert classes.weakest_sentence(found, DIGITS) == (
        "**zeros** gets 9 of 10 classes most wrong, each 0% right (every class but *1*)."
    )


def test_two_classes_name_what_the_weaker_is_taken_for():
    found = weakest_classes(confusion_table({"random": [np.array([[45, 5], [20, 30]])]}), "random")
    assert classes.weakest_sentence(found, ["dog", "cat"]) == (
        "**random** gets *cat* most wrong: 60% right, most often taken for *dog* (median 20 of "
        "its 50 images)."
    )


def test_ties_are_named_together_and_a_perfect_method_says_so():
    two = with_row(with_row(digits_matrix(20), 3, {3: 15, 4: 5}), 5, {5: 15, 6: 5})
    found = weakest_classes(confusion_table({"xavier": [two]}), "xavier")
    assert classes.weakest_sentence(found, DIGITS) == (
        "**xavier** gets *3* and *5* most wrong, each 75% right."
    )
    perfect = weakest_classes(confusion_table({"he": [digits_matrix(20)]}), "he")
    assert classes.weakest_sentence(perfect, DIGITS) == "**he** gets each class 100% right."
    alike = weakest_classes(confusion_table({"he": [np.array([[4, 1], [1, 4]])]}), "he")
    assert classes.weakest_sentence(alike, ["dog", "cat"]) == "**he** gets each class 80% right."


def test_errors_spread_so_thin_that_no_wrong_answer_has_a_median_name_nothing():
    # Each seed errs once on digit 0, each time elsewhere: every median wrong count is 0.
    seeds = [with_row(digits_matrix(20), 0, {0: 19, answer: 1}) for answer in (4, 5, 6)]
    found = weakest_classes(confusion_table({"he": seeds}), "he")
    assert found.labels == [0] and found.taken_for == []
    assert classes.weakest_sentence(found, DIGITS) == "**he** gets *0* most wrong: 95% right."


def test_the_table_has_a_row_per_class_and_one_for_all():
    confusion = confusion_table(
        {"he": [np.array([[9, 1], [3, 7]])], "zeros": [np.array([[10, 0], [10, 0]])]}
    )
    from initbench.analysis.classes import class_sizes

    table = classes.accuracy_table(
        class_accuracy(confusion),
        overall_accuracy(confusion),
        class_sizes(confusion),
        ["dog", "cat"],
        ["zeros", "he"],
    )
    assert table.index.tolist() == ["dog", "cat", "All classes"]
    assert table.columns.tolist() == ["Images", "zeros", "he"]
    assert table.loc["cat"].tolist() == ["10", "0%", "70%"]
    assert table.loc["All classes"].tolist() == ["20", "50%", "80%"]


def test_the_counts_sentence_says_which_images_which_setting_and_diverged_runs():
    runs, _ = one_setting({"he": ([0.2, np.inf], [0.9, 0.5]), "zeros": ([0.69] * 2, [0.5] * 2)})
    text = classes.counts_sentence(runs, "train", 200, one_setting=True)
    assert text.startswith(
        "Each initialization's final networks, on the 200 training images (none are held "
        "out): the share of each class answered right (median over 2 seeds per method)."
    )
    assert text.endswith(
        "1 of these 4 runs diverged: their answers are those of the network they stopped with."
    )
    held = classes.counts_sentence(runs.iloc[:1], "test", 40, one_setting=False)
    assert held == (
        "Each initialization's final networks in the post's setting (tanh, lr 0.01, layers "
        "5-5), on the 40 held-out images: the share of each class answered right (one seed "
        "per method)."
    )
    elsewhere = classes.counts_sentence(runs.assign(learning_rate=0.1), "test", 40, False)
    assert "in the grid's first setting (tanh, lr 0.1, layers 5-5; the grid lacks the post's)" in (
        elsewhere
    )


@pytest.mark.parametrize(
    ("names", "methods"),
    [
        (["cat", "dog"], ["zeros", "random", "he", "xavier"]),
        (DIGITS, ["zeros", "random", "he", "xavier"]),
        (["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker",
          "Bag", "Ankle boot"], ["he", "xavier"]),
        ([f"class {index}" for index in range(40)], ["he", "xavier"]),
    ],
)  # fmt: skip
def test_the_confusion_matrices_are_readable_and_counted_while_small(names, methods):
    total = len(names)
    rng = np.random.RandomState(0)
    matrices = {
        method: [rng.randint(0, 3, (total, total)) + np.diag([1135] * total) for _ in range(3)]
        for method in methods
    }
    figure = confusion_matrices(confusion_table(matrices), methods, names)
    assert_readable(figure)
    assert [axes.get_title() for axes in figure.axes] == methods
    written = [text.get_text() for text in figure.axes[0].texts]
    if total <= 10:
        assert len(written) == total * total and "1135" in written
        assert [label.get_text() for label in figure.axes[0].get_yticklabels()] == [
            name if len(name) <= 10 else name[:9] + "…" for name in names
        ]
    else:
        assert written == []
        # Every other class labelled, room for each label.
        assert len(figure.axes[0].get_yticklabels()) < total


def test_the_section_renders_its_sentence_table_sentences_and_figure(tmp_path):
    images = image_table(["cat", "dog"] * 5)
    runs, _ = one_setting({"zeros": ([0.69] * 2, [0.5] * 2), "he": ([0.1, 0.2], [1.0, 0.9])})
    confusion = confusion_table(
        {
            "zeros": [np.array([[0, 5], [0, 5]])] * 2,
            "he": [np.array([[5, 0], [0, 5]]), np.array([[4, 1], [0, 5]])],
        },
        sets=("train", "test"),
    )
    config = configuration(methods=["zeros", "he"], seeds=[1, 2])
    results = results_with(tmp_path, config, images=images, runs=runs, confusion=confusion)
    captions = tmp_path / "captions"
    captions.mkdir()
    (captions / "confusion.rst").write_text("Confusion.\n")
    shown = outputs(classes.SECTION, results, tmp_path / "figures", captions)
    assert shown[0]["text/markdown"] == '<a id="classes"></a>\n\n## Class by class'
    assert "on the 10 held-out images" in shown[1]["text/markdown"]
    assert "<th>All classes</th>" in shown[2]["text/html"]
    # Labels: dog 0, cat 1 (image_table labels its first class 1); the median of 0 and 1.
    assert shown[3]["text/markdown"].splitlines() == [
        "**zeros** gets *dog* most wrong: 0% right, most often taken for *cat* (median 5 of its "
        "5 images).",
        "",
        "**he** gets *dog* most wrong: 90% right, most often taken for *cat* (median 0.5 of its "
        "5 images).",
    ]
    assert (tmp_path / "figures/confusion.png").read_bytes().startswith(b"\x89PNG")
