"""The dataset section: where the images come from, how many of each class the runs use, what
learning nothing achieves on them, and the runs that end below it."""

import math

import numpy as np
import pandas as pd
import pytest
from report_helpers import (
    assert_readable,
    configuration,
    image_table,
    one_setting,
    results_with,
    split_table,
)

from initbench.analysis.baseline import Baseline, baseline
from initbench.data.matrix import save_matrix
from initbench.report.figures import sample_images
from initbench.report.notebook import outputs
from initbench.report.sections import dataset

NO_SKIPPED = pd.DataFrame({"file": []})


def digits_table(per_class: int) -> pd.DataFrame:
    """``images.csv`` of ten digit classes, ``per_class`` images each, labelled by digit."""
    labels = [label for _ in range(per_class) for label in range(10)]
    return pd.DataFrame(
        {"file": [f"{index}.png" for index in range(len(labels))], "class": labels, "label": labels}
    ).astype({"class": str})


def test_the_dataset_sentence_says_when_a_folder_holds_the_posts_images():
    images = pd.DataFrame({"class": ["cat", "dog"], "label": [1, 0]})
    sets = pd.Series(["train", "train"])
    text = dataset.dataset_sentence("folder", "pets", True, images, sets, NO_SKIPPED, (67500, 2))
    assert text.startswith(
        "**Source:** your own images (results under the name “pets”), which are the post's own "
        "100 (recognised by their SHA-256)."
    )
    # Classes in the order of their labels.
    assert "**Images:** 2 (1 *dog*, 1 *cat*); class *cat* is labelled 1." in text
    assert "**Size:** 150×150 RGB, flattened into a 67,500 × 2 matrix" in text
    assert "Unused" not in text and "held out" not in text
    synthetic = dataset.dataset_sentence(
        "synthetic", "synthetic", False, images, sets, NO_SKIPPED, (67500, 2)
    )
    assert "post" not in synthetic


def test_many_classes_are_counted_over_the_images_used_and_their_labels_follow_their_order():
    images = digits_table(per_class=3)
    # One image of each digit left out by a subset, one held out.
    sets = pd.Series(["unused"] * 10 + ["test"] * 10 + ["train"] * 10)
    text = dataset.dataset_sentence("digits", "digits", False, images, sets, NO_SKIPPED, (64, 30))
    assert text.startswith("**Source:** scikit-learn's bundled handwritten digits")
    assert "CC BY 4.0" in text
    assert "**Images:** 20 (2 *0*, 2 *1*, 2 *2*," in text
    assert "2 *9*), 10 for training and 10 held out; labels 0 to 9 follow that order." in text
    assert "**Unused:** 10 more images of the matrix, left out of this grid." in text
    assert "**Size:** 8×8 grey, flattened into a 64 × 30 matrix" in text
    assert "labelled 1" not in text


@pytest.mark.parametrize(
    ("name", "source"),
    [("mnist", "LeCun, Cortes & Burges; CC BY-SA 3.0"), ("fashion_mnist", "Zalando")],
)
def test_the_digit_and_clothing_sets_name_their_authors_and_licences(name, source):
    images = digits_table(per_class=1)
    sets = pd.Series(["train"] * 10)
    text = dataset.dataset_sentence(name, name, False, images, sets, NO_SKIPPED, (784, 10))
    assert source in text and "28×28 grey" in text


def test_the_baseline_is_the_majority_class_and_the_priors_entropy():
    images = pd.DataFrame({"class": ["dog"] * 137 + ["cat"] * 72, "label": [0] * 137 + [1] * 72})
    found = baseline(images)
    assert found.majority == "dog" and found.accuracy == pytest.approx(137 / 209)
    assert found.classes == 2 and not found.balanced
    share = 72 / 209
    assert found.cost == pytest.approx(-(share * np.log(share) + (1 - share) * np.log(1 - share)))
    assert round(found.cost, 3) == 0.644
    text = dataset.baseline_sentence(found)
    assert "always answering *dog* is right 66%" in text and "costs 0.644" in text
    assert text.endswith("a coin toss is no yardstick.")


def test_two_balanced_classes_keep_the_coin_toss():
    balanced = baseline(pd.DataFrame({"class": ["cat", "dog"], "label": [1, 0]}))
    assert balanced.balanced and balanced.cost == pytest.approx(math.log(2))
    assert dataset.baseline_sentence(balanced) == (
        "**Chance:** the classes are balanced, so a coin toss is right 50% of the time and "
        "answering 0.5 for every image costs ln 2 = 0.693."
    )


def test_ten_balanced_classes_are_guessed_right_one_time_in_ten_at_cost_ln_10():
    found = baseline(digits_table(per_class=7))
    assert found.balanced and found.classes == 10
    assert found.accuracy == pytest.approx(0.1) and found.cost == pytest.approx(math.log(10))
    text = dataset.baseline_sentence(found)
    assert text == (
        "**Chance:** the 10 classes are balanced, so guessing is right 10% of the time, and "
        "the best constant answer (1/10 for every class) costs ln 10 = 2.30."
    )
    assert "coin" not in text and "ln 2 " not in text and "50%" not in text


def test_unbalanced_classes_measure_against_the_majority_not_a_guess():
    images = pd.DataFrame(
        {"class": ["a"] * 6 + ["b"] * 3 + ["c"], "label": [0] * 6 + [1] * 3 + [2]}
    )
    found = baseline(images)
    assert (found.majority, found.classes, found.balanced) == ("a", 3, False)
    assert found.accuracy == pytest.approx(0.6)
    entropy = -(0.6 * math.log(0.6) + 0.3 * math.log(0.3) + 0.1 * math.log(0.1))
    assert found.cost == pytest.approx(entropy)
    text = dataset.baseline_sentence(found)
    assert "always answering *a*, the most common of the 3 classes, is right 60%" in text
    assert f"costs {entropy:.3f}" in text and "ln 3 = 1.10 were they equal" in text
    assert "coin" not in text


def test_runs_below_the_majority_class_are_named_in_the_findings():
    runs, _ = one_setting(
        {"zeros": ([0.644] * 2, [0.66, 0.66]), "random": ([2.0, 1.5], [0.47, 0.7])}
    )
    found = dataset.below_chance(runs, Baseline("dog", 137 / 209, 0.644, classes=2))
    assert found == (
        "1 of 4 runs end with training accuracy below always answering *dog* (66%): random "
        "seed 1. See the [dataset](#dataset)."
    )
    assert dataset.below_chance(runs, Baseline("dog", 0.4, 0.644, classes=2)) is None


def test_the_section_shows_a_sample_of_each_class_with_its_caption(tmp_path):
    images = image_table(["cat", "dog", "cat", "dog"])
    pixels = np.random.RandomState(0).randint(0, 256, size=(4 * 4 * 3, 4), dtype=np.uint8)
    save_matrix(tmp_path / "matrix.npz", pixels, images["label"].to_numpy())
    runs, _ = one_setting({"he": ([0.2, 0.3], [1.0, 0.75])})
    results = results_with(
        tmp_path,
        configuration(),
        files={"matrix": tmp_path / "matrix.npz"},
        images=images,
        split=split_table(images),
        skipped=pd.DataFrame({"file": ["x.gif"]}),
        runs=runs,
    )
    captions = tmp_path / "captions"
    captions.mkdir()
    (captions / "samples.rst").write_text("One image\nof each class.\n")
    shown = outputs(dataset.SECTION, results, tmp_path / "figures", captions)
    assert shown[0]["text/markdown"] == '<a id="dataset"></a>\n\n## The dataset'
    assert (
        "**Skipped:** 1 unusable file, left out (on_bad_image: skip): `x.gif`."
        in (shown[1]["text/markdown"])
    )
    assert "**Size:** 4×4 RGB, flattened into a 48 × 4 matrix" in shown[1]["text/markdown"]
    assert shown[2]["text/markdown"].startswith("**Chance:**")
    assert '<p class="figure-caption">One image of each class.</p>' in shown[3]["text/html"]
    assert (tmp_path / "figures/samples.png").read_bytes().startswith(b"\x89PNG")


def test_the_baseline_counts_the_training_images_alone(tmp_path):
    # Balanced over the matrix, but the grid trains on three cats and one dog.
    images = image_table(["cat", "dog"] * 4)
    sets = ["train", "train", "test", "unused", "train", "unused", "train", "unused"]
    results = results_with(
        tmp_path, configuration(), images=images, split=split_table(images, sets)
    )
    assert results.chance.majority == "cat" and results.chance.accuracy == 0.75
    assert len(results.used_images) == 5


def test_a_split_that_misses_an_image_names_the_rule_to_rerun(tmp_path):
    images = image_table(["cat", "dog"])
    results = results_with(
        tmp_path, configuration(), images=images, split=split_table(images).iloc[:1]
    )
    with pytest.raises(ValueError, match=r"lacks 1 of the images \(first: dog.1.jpg\): rerun"):
        _ = results.chance


def test_ten_grey_samples_stand_in_one_readable_row_drawn_in_grey():
    images = digits_table(per_class=2)
    pixels = np.random.RandomState(0).randint(0, 256, size=(64, 20), dtype=np.uint8)
    figure = sample_images(pixels, images)
    assert_readable(figure)
    panels = figure.axes
    assert [axes.get_title() for axes in panels] == [str(digit) for digit in range(10)]
    assert len({axes.get_subplotspec().rowspan.start for axes in panels}) == 1
    [shown] = panels[3].get_images()
    # The first image of label 3 (column 3), in grey from black at 0 to white at 255.
    assert np.array_equal(shown.get_array(), pixels[:, 3].reshape(8, 8))
    assert shown.get_cmap().name == "gray" and shown.get_clim() == (0, 255)


def test_long_class_names_are_cut_to_fit_their_panel():
    names = ["T-shirt/top", "Trouser", "Ankle boot"]
    images = pd.DataFrame({"file": ["a", "b", "c"], "class": names, "label": [0, 1, 2]})
    pixels = np.zeros((28 * 28, 3), dtype=np.uint8)
    figure = sample_images(pixels, images)
    assert [axes.get_title() for axes in figure.axes] == ["T-shirt/t…", "Trouser", "Ankle boot"]
    assert_readable(figure)


def test_runs_below_chance_name_each_seed_once_across_settings():
    runs, _ = one_setting({"random": ([2.0, 2.0], [0.3, 0.6])})
    both = pd.concat([runs, runs.assign(learning_rate=0.1)], ignore_index=True)
    sentence = dataset.below_chance(both, Baseline("cat", 0.5, float(np.log(2)), classes=2))
    assert sentence.startswith(
        "2 of 4 runs end with training accuracy below chance (one class in 2, 50%): random seed 1."
    )
    guessing = both.assign(train_accuracy=0.05)
    ten = dataset.below_chance(guessing, Baseline("eight", 0.1, float(np.log(10)), classes=10))
    assert "below chance (one class in 10, 10%)" in ten and "eight" not in ten
