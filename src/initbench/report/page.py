"""The report page's tables and figures as HTML that scrolls sideways on a narrow screen instead
of being cut off or shrunk past reading."""

import base64
import html
import os

import pandas as pd

from initbench.report.numbers import MISSING


def _is_text(values: list[str]) -> bool:
    """Whether a column reads as words (left-aligned) rather than numbers (right-aligned)."""
    filled = [value for value in values if value and value != MISSING]
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
