"""The dataset section: where the images come from, what learning nothing achieves on them, and
the runs that end below it."""

import numpy as np
import pandas as pd
import pytest
from report_helpers import configuration, image_table, one_setting, results_with

from initbench.analysis.baseline import Baseline, baseline
from initbench.data.matrix import save_matrix
from initbench.report.notebook import outputs
from initbench.report.sections import dataset


def test_the_dataset_sentence_says_when_a_folder_holds_the_posts_images():
    images = pd.DataFrame({"class": ["cat", "dog"], "label": [1, 0]})
    skipped = pd.DataFrame({"file": []})
    text = dataset.dataset_sentence("folder", "pets", True, images, skipped, 150, (67500, 2))
    assert text.startswith(
        "**Source:** your own images (results under the name “pets”), which are the post's own "
        "100 (recognised by their SHA-256)."
    )
    assert "**Images:** 2 (1 cat, 1 dog)" in text
    assert "flattened into a 67,500 × 2 matrix" in text
    synthetic = dataset.dataset_sentence(
        "synthetic", "synthetic", False, images, skipped, 150, (67500, 2)
    )
    assert "post" not in synthetic


def test_the_baseline_is_the_majority_class_and_the_priors_entropy():
    images = pd.DataFrame({"class": ["dog"] * 137 + ["cat"] * 72, "label": [0] * 137 + [1] * 72})
    found = baseline(images)
    assert found.majority == "dog" and found.accuracy == pytest.approx(137 / 209)
    share = 72 / 209
    assert found.cost == pytest.approx(-(share * np.log(share) + (1 - share) * np.log(1 - share)))
    assert round(found.cost, 3) == 0.644
    text = dataset.baseline_sentence(found)
    assert "always answering *dog* is right 66%" in text and "costs 0.644" in text
    balanced = baseline(pd.DataFrame({"class": ["cat", "dog"], "label": [1, 0]}))
    assert balanced.balanced and "coin toss is right 50%" in dataset.baseline_sentence(balanced)


def test_runs_below_the_majority_class_are_named_in_the_findings():
    runs, _ = one_setting(
        {"zeros": ([0.644] * 2, [0.66, 0.66]), "random": ([2.0, 1.5], [0.47, 0.7])}
    )
    found = dataset.below_chance(runs, Baseline("dog", 137 / 209, 0.644))
    assert found == (
        "1 of 4 runs end with training accuracy below always answering *dog* (66%): random "
        "seed 1. See the [dataset](#dataset)."
    )
    assert dataset.below_chance(runs, Baseline("dog", 0.4, 0.644)) is None


def test_the_section_shows_a_sample_of_each_class_with_its_caption(tmp_path):
    images = image_table(["cat", "dog", "cat", "dog"])
    pixels = np.random.RandomState(0).randint(0, 256, size=(4 * 4 * 3, 4), dtype=np.uint8)
    save_matrix(tmp_path / "matrix.npz", pixels, images["label"].to_numpy())
    runs, _ = one_setting({"he": ([0.2, 0.3], [1.0, 0.75])})
    results = results_with(
        tmp_path,
        configuration(),
        files={"matrix": tmp_path / "matrix.npz"},
        image_size=4,
        images=images,
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


def test_runs_below_chance_name_each_seed_once_across_settings():
    runs, _ = one_setting({"random": ([2.0, 2.0], [0.3, 0.6])})
    both = pd.concat([runs, runs.assign(learning_rate=0.1)], ignore_index=True)
    sentence = dataset.below_chance(both, Baseline("cat", 0.5, float(np.log(2))))
    assert sentence.startswith("2 of 4 runs end with training accuracy below always answering")
    assert "random seed 1." in sentence
