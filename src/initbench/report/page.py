"""The report page's tables and figures as a reader sees them: human headers, numbers
formatted to be read, and HTML that scrolls sideways on a narrow screen instead of being cut
off or shrunk past reading."""

import base64
import html
import json
import os

import numpy as np
import pandas as pd

from initbench.analysis.summary import setting_label
from initbench.experiment import SETTING_KEYS
from initbench.report.sentences import agreement_text, quantity_text
from initbench.runs.aggregate import COST_THRESHOLD


def _cost(value: float) -> str:
    if np.isnan(value):
        return ""
    return "∞ (diverged)" if np.isinf(value) else f"{value:.4g}"


def _share(value: float) -> str:
    return "" if np.isnan(value) else f"{value:.1%}"


def _count(value: float) -> str:
    return f"{value:.0f}"


def methods_table(methods: pd.DataFrame) -> pd.DataFrame:
    """``methods.csv`` for reading: one column per method when the grid has one setting, else
    one row per setting and method. Held-out columns only when images were held out."""
    columns = {
        "Runs": ("runs", _count),
        "Final cost, median": ("final_cost_median", _cost),
        "Final cost, lower quartile": ("final_cost_q1", _cost),
        "Final cost, upper quartile": ("final_cost_q3", _cost),
        "Final cost, lowest": ("final_cost_min", _cost),
        "Final cost, highest": ("final_cost_max", _cost),
        "Training accuracy, mean": ("train_accuracy_mean", _share),
        "Training accuracy, worst run": ("train_accuracy_min", _share),
        "Held-out accuracy, mean": ("test_accuracy_mean", _share),
        "Held-out accuracy, worst run": ("test_accuracy_min", _share),
        f"Median iteration below cost {COST_THRESHOLD}": (
            "median_iteration_below_threshold",
            lambda value: "most runs never" if np.isnan(value) else f"{value:g}",
        ),
        "Diverged runs": ("diverged_runs", _count),
    }
    if methods["test_accuracy_mean"].isna().all():
        columns = {name: found for name, found in columns.items() if "Held-out" not in name}
    shown = pd.DataFrame(
        {
            name: methods[column].map(format_value)
            for name, (column, format_value) in columns.items()
        }
    )
    settings = methods[SETTING_KEYS].drop_duplicates()
    if len(settings) == 1:
        shown.index = methods["method"].to_list()
        return shown.T
    labels = [setting_label(*row) for row in methods[SETTING_KEYS].itertuples(index=False)]
    return pd.concat(
        [pd.DataFrame({"Setting": labels, "Method": methods["method"]}), shown], axis=1
    )


def comparison_table(table: pd.DataFrame) -> pd.DataFrame:
    """The post's published numbers beside ours, for reading."""

    def number(value: float) -> str:
        return "" if np.isnan(value) else f"{value:.6g}"

    return pd.DataFrame(
        {
            "Method": table["method"],
            "Quantity": [
                quantity_text(quantity, after)
                for quantity, after in zip(
                    table["quantity"], table["after_iterations"], strict=True
                )
            ],
            "Post": table["post"].map(number),
            "Our seed 1": table["ours_seed_1"].map(number),
            "Our median": table["ours_median"].map(number),
            "Our range": [
                f"{number(low)}–{number(high)}"
                for low, high in zip(table["ours_min"], table["ours_max"], strict=True)
            ],
            "Agreement": [
                agreement_text(found, digits)
                for found, digits in zip(table["agreement"], table["digits"], strict=True)
            ],
        }
    )


def config_table(config: dict) -> pd.DataFrame:
    """Every configuration key and its full value, lists and mappings as JSON."""
    return pd.DataFrame(
        {
            "Key": list(config),
            "Value": [
                value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
                for value in config.values()
            ],
        }
    )


def _is_text(values: list[str]) -> bool:
    """Whether a column reads as words (left-aligned) rather than numbers (right-aligned)."""
    filled = [value for value in values if value]
    numeric = sum(value[0] in "0123456789-+∞" for value in filled)
    return numeric * 2 < len(filled)


def to_html(table: pd.DataFrame, index: bool = False) -> str:
    """A plain HTML table, in a container that scrolls sideways when the page is narrow:
    columns of words left-aligned and wrapping, columns of numbers right-aligned."""
    cells = table.astype(str)
    text = {column: _is_text(cells[column].tolist()) for column in cells.columns}
    lines = ['<div class="table-scroll"><table class="initbench-table">', "<thead><tr>"]
    if index:
        lines.append("<th></th>")
    for column in cells.columns:
        kind = ' class="text"' if text[column] else ""
        lines.append(f"<th{kind}>{html.escape(str(column))}</th>")
    lines.append("</tr></thead><tbody>")
    for label, row in cells.iterrows():
        lines.append("<tr>")
        if index:
            lines.append(f"<th>{html.escape(str(label))}</th>")
        for column, value in row.items():
            kind = ' class="text"' if text[column] else ""
            lines.append(f"<td{kind}>{html.escape(value)}</td>")
        lines.append("</tr>")
    lines.append("</tbody></table></div>")
    return "\n".join(lines)


def figure_html(path: str | os.PathLike, caption: str, wide: bool) -> str:
    """The PNG at ``path`` embedded in the page, with its caption; a ``wide`` figure (several
    panels side by side) keeps a readable size on a phone and scrolls sideways."""
    with open(path, "rb") as handle:
        png = handle.read()
    data = base64.b64encode(png).decode("ascii")
    # On a phone a wide figure is drawn at a fixed share of its own size (its width is the
    # first field of the PNG header), so that its labels keep a readable size.
    width = int.from_bytes(png[16:20], "big")
    wide_style = f' class="wide" style="--natural-width: {width}px"' if wide else ""
    return (
        f'<div class="figure-scroll"><img{wide_style} alt="{html.escape(caption)}" '
        f'src="data:image/png;base64,{data}"></div>'
        f'<p class="figure-caption">{html.escape(caption)}</p>'
    )
