"""What the report stands on: the report rule's inputs, each read once when a section first asks
for it, and what several sections share, computed once by ``initbench.analysis`` (the post's
takeaways, the baseline, the deep settings, the comparison with the post).

Nothing here words or draws: the sections do.
"""

import os
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

from initbench.analysis import (
    comparison,
    depth,
    edge_of_stability,
    optimizers,
    phase,
    takeaways,
)
from initbench.analysis.baseline import Baseline, baseline
from initbench.data.matrix import load_matrix
from initbench.data.post_images import is_post_dataset
from initbench.experiment import cost_threshold, methods, settings
from initbench.report.section import Section
from initbench.tables import read_table


@dataclass(frozen=True, eq=False)
class Results:
    """The report's data.

    ``inputs``: the report rule's inputs by name (``costs``, ``runs``, ...), as the active
    sections read them; ``config``: the validated configuration, defaults filled in;
    ``sections``: the sections shown, in order; ``dataset_name``: where the dataset's results
    land; ``project_dir``: the checkout.
    """

    inputs: dict[str, str]
    config: dict
    sections: tuple[Section, ...] = ()
    dataset_name: str = ""
    project_dir: str | os.PathLike = "."

    def path(self, name: str) -> str:
        """The file of the input ``name``; a ``KeyError`` naming it when no section reads it."""
        if name not in self.inputs:
            raise KeyError(
                f"the report has no input {name!r}: list it in the reads of the section that "
                f"reads it (inputs here: {', '.join(self.inputs) or 'none'})"
            )
        return self.inputs[name]

    def _table(self, name: str) -> pd.DataFrame:
        return read_table(self.path(name))

    @cached_property
    def costs(self) -> pd.DataFrame:
        return self._table("costs")

    @cached_property
    def runs(self) -> pd.DataFrame:
        return self._table("runs")

    @cached_property
    def methods(self) -> pd.DataFrame:
        return self._table("methods")

    @cached_property
    def diagnostics(self) -> pd.DataFrame:
        return self._table("diagnostics")

    @cached_property
    def layers(self) -> pd.DataFrame:
        return self._table("layers")

    @cached_property
    def histograms(self) -> pd.DataFrame:
        return self._table("histograms")

    @cached_property
    def jacobian(self) -> pd.DataFrame:
        return self._table("jacobian")

    @cached_property
    def mean_field(self) -> pd.DataFrame:
        return self._table("mean_field")

    @cached_property
    def sharpness(self) -> pd.DataFrame:
        """Every run's sharpness during training."""
        return self._table("sharpness")

    @cached_property
    def departures(self) -> pd.DataFrame:
        """Where each method's run parts from the same run on images in reverse order."""
        return self._table("order_sensitivity")

    @cached_property
    def confusion(self) -> pd.DataFrame:
        """Every run's final answers: set, true and predicted label, count."""
        return self._table("confusion")

    @cached_property
    def images(self) -> pd.DataFrame:
        return pd.read_csv(self.path("images"))

    @cached_property
    def image_sets(self) -> pd.Series:
        """Each image's set, in the order of ``images``: train, test, or unused (left out of a
        subset of the data)."""
        # Both files read alike, so that their file names compare alike.
        sets = pd.read_csv(self.path("split")).set_index("file")["set"]
        found = self.images["file"].map(sets)
        if found.isna().any():
            missing = self.images.loc[found.isna(), "file"]
            raise ValueError(
                f"{self.path('split')} lacks {len(missing)} of the images "
                f"(first: {missing.iloc[0]}): rerun the split rule"
            )
        return found

    @cached_property
    def used_images(self) -> pd.DataFrame:
        """The images the runs train and test on: every image but those left unused."""
        return self.images[self.image_sets != "unused"]

    @cached_property
    def skipped(self) -> pd.DataFrame:
        return pd.read_csv(self.path("skipped"), dtype=str)

    @cached_property
    def pixels(self) -> np.ndarray:
        """The pixel matrix, one image per column."""
        pixels, _ = load_matrix(self.path("matrix"))
        return pixels

    @cached_property
    def method_order(self) -> list[str]:
        """The grid's methods in the configuration's order: every figure's order and colours."""
        return methods(self.config)

    @cached_property
    def one_setting(self) -> bool:
        """Whether the grid has a single setting (activation, learning rate, layers)."""
        return len(settings(self.config)) == 1

    @cached_property
    def figure_names(self) -> list[str]:
        """The figures the report draws, in order."""
        return [figure.name for section in self.sections for figure in section.figures(self.config)]

    @cached_property
    def verdicts(self) -> list[takeaways.Takeaway]:
        """The post's five takeaways, each with its verdict."""
        return takeaways.all_takeaways(self.runs, self.diagnostics)

    @cached_property
    def chance(self) -> Baseline:
        """What learning nothing achieves on the training images: what the runs' training
        accuracy and cost are read against (a network that learns only its output bias
        answers the training images' majority class)."""
        return baseline(self.images[self.image_sets == "train"])

    @cached_property
    def cost_threshold(self) -> float:
        """The cost a run must fall below to count as having learned something, for the data
        set's number of classes (as the aggregate rule counted each run's first iteration
        below it)."""
        return cost_threshold(self.chance.classes)

    @cached_property
    def optimizer_changes(self) -> list[optimizers.GapChange]:
        """Each optimization beside the reference one, per pair of initializations."""
        return optimizers.gap_changes(self.runs, self.method_order)

    @cached_property
    def deep(self) -> list[depth.DeepSetting]:
        """The deep networks the section on depth follows (none in a shallow grid)."""
        return depth.deep_settings(self.runs)

    @cached_property
    def paper_claims(self) -> list:
        """The claims of the paper the grid repeats (the key ``paper``), measured once for the
        section and the findings alike."""
        from initbench.report.papers import PAPERS

        return PAPERS[self.config["paper"]].claims(self)

    @cached_property
    def he_et_al(self) -> pd.DataFrame:
        """He et al.'s (2015) claim, counted per deep ReLU setting."""
        return depth.he_et_al(depth.outcomes(self.runs, self.costs))

    @cached_property
    def phase_diagrams(self) -> list[tuple[phase.PhaseGrid, pd.DataFrame]]:
        """Each phase diagram the runs span, with its cells (none unless the grid sweeps the
        Gaussian family over σ_w² and depth)."""
        grids = phase.phase_grids(self.runs, self.chance.accuracy)
        return [(grid, phase.cells(self.runs, grid)) for grid in grids]

    @cached_property
    def edges(self) -> pd.DataFrame:
        """Each run's sharpness against 2/η, for Cohen et al.'s (2021) edge of stability."""
        return edge_of_stability.run_edges(self.sharpness, self.costs)

    @cached_property
    def post_images(self) -> bool:
        """Whether the images are the post's own 100, recognised by their content."""
        return is_post_dataset(self.images["sha256"].tolist())

    @cached_property
    def published(self) -> pd.DataFrame | None:
        """The post's published numbers beside ours: on the post's images, and when the grid
        runs at least one of its methods; else None."""
        if not self.post_images:
            return None
        table = comparison.comparison(
            comparison.nearest_to_post(self.costs), comparison.nearest_to_post(self.runs)
        )
        return None if table.empty else table

    @cached_property
    def differing(self) -> dict[str, list]:
        """The settings of the runs compared with the post that are not the post's."""
        return comparison.settings_differing_from_post(comparison.nearest_to_post(self.runs))

    @cached_property
    def curvature_at_start(self) -> pd.DataFrame:
        """The sharpness at initialization: the diagnostics, or else (when they were not asked
        for) the sharpness each run recorded before its first update."""
        if self.diagnostics.empty and "sharpness" in self.inputs:
            return self.sharpness[self.sharpness["iteration"] == 0]
        return self.diagnostics
