"""The report page's tables and figures as HTML that scrolls sideways on a narrow screen instead
of being cut off or shrunk past reading."""

import base64
import html
import math
import os
import re

import pandas as pd

from initbench.report.figure_layout import PHONE_SCALE
from initbench.report.numbers import MISSING

# A number over a symbol, such as 2/η: browsers may break a line after the slash.
_NUMBER_OVER_SYMBOL = re.compile(r"(?<=\d)/(?=[^\x00-\x7f])")
WORD_JOINER = "\u2060"


def unbroken(text: str) -> str:
    """``text`` with a word joiner after the slash of every number over a symbol (2/η), so
    that no line ends inside one; ASCII such as URLs and paths is left as it is."""
    return _NUMBER_OVER_SYMBOL.sub("/" + WORD_JOINER, text)


# A cell this long is a sentence, even when it opens with a number ("30 hidden layers: …").
LONGEST_NUMBER = 40


def _is_text(values: list[str]) -> bool:
    """Whether a column reads as words (left-aligned) rather than numbers (right-aligned)."""
    filled = [value for value in values if value and value != MISSING]
    numeric = sum(value[0] in "0123456789-+∞" and len(value) <= LONGEST_NUMBER for value in filled)
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
        lines.append(f"<th{kind}>{html.escape(unbroken(str(column)))}</th>")
    lines.append("</tr></thead><tbody>")
    for label, row in cells.iterrows():
        lines.append("<tr>")
        if index:
            lines.append(f"<th>{html.escape(unbroken(str(label)))}</th>")
        for column, value in row.items():
            kind = ' class="text"' if text[column] else ""
            lines.append(f"<td{kind}>{html.escape(unbroken(value))}</td>")
        lines.append("</tr>")
    lines.append("</tbody></table></div>")
    return "\n".join(lines)


def figure_html(path: str | os.PathLike, caption: str, wide: bool) -> str:
    """The PNG at ``path`` embedded in the page, with its caption; a ``wide`` figure (several
    panels side by side) keeps a readable size on a phone and scrolls sideways."""
    with open(path, "rb") as handle:
        png = handle.read()
    data = base64.b64encode(png).decode("ascii")
    wide_style = f' class="wide" style="--phone-width: {phone_width(png)}px"' if wide else ""
    caption = html.escape(unbroken(caption))
    return (
        f'<div class="figure-scroll"><img{wide_style} alt="{caption}" '
        f'src="data:image/png;base64,{data}"></div>'
        f'<p class="figure-caption">{caption}</p>'
    )


def phone_width(png: bytes) -> int:
    """The width in pixels at which a phone shows a wide figure: ``PHONE_SCALE`` of the
    PNG's own (the first field of its header), at which its smallest text stays readable."""
    return math.ceil(int.from_bytes(png[16:20], "big") * PHONE_SCALE)
