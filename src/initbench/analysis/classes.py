"""Each method's answers class by class, from its final networks' confusion counts
(``confusion.csv``: set, true and predicted label, count): how often each class is answered
right, what it is taken for, and which classes a method gets most wrong."""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from initbench.experiment import run_keys


def class_names(images: pd.DataFrame) -> list[str]:
    """The classes' names by label (``images.csv``'s ``class`` and ``label``): the k-th is
    labelled k."""
    pairs = images[["label", "class"]].drop_duplicates().sort_values("label")
    if pairs["label"].tolist() != list(range(len(pairs))):
        raise ValueError(
            "images.csv must give each class one label, numbered from 0 without gaps; found "
            + ", ".join(f"{row['class']}: {row['label']}" for _, row in pairs.iterrows())
        )
    return pairs["class"].astype(str).tolist()


def counted_set(confusion: pd.DataFrame) -> str:
    """The images the report reads the counts on: the held-out ones when any were held out,
    else the training ones."""
    return "test" if (confusion["set"] == "test").any() else "train"


def run_classes(confusion: pd.DataFrame) -> pd.DataFrame:
    """One row per run and true class (one set's counts): ``images`` of the class and the
    share of them answered right (NaN for a class with none)."""
    right = confusion["count"].where(confusion["true"] == confusion["predicted"], 0)
    per_class = (
        confusion.assign(right=right)
        .groupby([*run_keys(confusion.columns), "true"], sort=False)
        .agg(images=("count", "sum"), right=("right", "sum"))
        .reset_index()
    )
    # A class without images in this set has no accuracy: 0 / 0 is NaN, not a failure.
    return per_class.assign(accuracy=per_class["right"] / per_class["images"].replace(0, np.nan))


def class_sizes(confusion: pd.DataFrame) -> pd.Series:
    """Images per true label in one set's counts: the same in every run, as every run splits
    the images alike."""
    return run_classes(confusion).groupby("true")["images"].first()


def class_accuracy(confusion: pd.DataFrame) -> pd.DataFrame:
    """Per true label (rows) and method (columns): the median over seeds of the share of the
    class's images answered right."""
    return (
        run_classes(confusion)
        .groupby(["true", "method"])["accuracy"]
        .median()
        .unstack("method")
        .sort_index()
    )


def overall_accuracy(confusion: pd.DataFrame) -> pd.Series:
    """Per method: the median over seeds of the share of all images answered right."""
    per_run = run_classes(confusion).groupby(run_keys(confusion.columns))[["right", "images"]].sum()
    shares = per_run["right"] / per_run["images"]
    return shares.groupby("method").median()


def median_matrix(confusion: pd.DataFrame) -> pd.DataFrame:
    """One method's median count over seeds of each cell: true labels as rows, predicted
    labels as columns."""
    return (
        confusion.groupby(["true", "predicted"])["count"]
        .median()
        .unstack("predicted")
        .sort_index()
        .sort_index(axis="columns")
    )


@dataclass(frozen=True)
class Weakest:
    """The classes a method gets most wrong among ``compared`` (those with images): ``labels``,
    tied at median accuracy ``accuracy``. When there is one, ``images`` of it, and the labels
    it is most often taken for (``taken_for``, tied, for ``mistaken`` of them by the median
    count): none when the median count of every wrong answer is 0."""

    method: str
    compared: list[int]
    labels: list[int]
    accuracy: float
    images: int
    taken_for: list[int]
    mistaken: float


def weakest_classes(confusion: pd.DataFrame, method: str) -> Weakest:
    """The classes ``method`` gets most wrong in one set's counts (classes without images
    there left out)."""
    own = confusion[confusion["method"] == method]
    accuracy = class_accuracy(own)[method].dropna()
    lowest = float(accuracy.min())
    labels = [int(label) for label in accuracy.index[np.isclose(accuracy, lowest)]]
    compared = [int(label) for label in accuracy.index]
    if len(labels) > 1:
        return Weakest(method, compared, labels, lowest, images=0, taken_for=[], mistaken=0.0)
    [label] = labels
    wrong = median_matrix(own).loc[label].drop(label)
    mistaken = float(wrong.max())
    taken_for = [int(other) for other in wrong.index[wrong == mistaken]] if mistaken > 0 else []
    images = int(class_sizes(own)[label])
    return Weakest(method, compared, labels, lowest, images, taken_for, mistaken)
