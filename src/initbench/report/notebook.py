"""A rendered section as the notebook's outputs: its text, tables and figures as MIME bundles,
each figure saved where the workflow expects it and checked against the section's plan."""

import os
from pathlib import Path
from typing import Any

from initbench.report.figures import save
from initbench.report.page import figure_html, to_html, unbroken
from initbench.report.section import Section, Table


def outputs(
    section: Section,
    results: Any,
    figures_dir: str | os.PathLike,
    captions_dir: str | os.PathLike,
) -> list[dict[str, str]]:
    """``section`` rendered as the notebook shows it, one MIME bundle per block: its heading,
    then its text, tables and figures, each figure saved as PNG in ``figures_dir`` and shown
    from that very file with its caption from ``captions_dir``; ``results``, the report's
    ``Results``."""
    blocks = list(section.render(results))
    shown = []
    if section.heading and blocks:
        heading = unbroken(section.heading)
        shown.append({"text/markdown": f'<a id="{section.anchor}"></a>\n\n## {heading}'})
    planned = [figure.name for figure in section.figures(results.config)]
    drawn = []
    for block in blocks:
        if isinstance(block, str):
            shown.append({"text/markdown": unbroken(block)})
        elif isinstance(block, Table):
            shown.append({"text/html": to_html(block.frame, index=block.index)})
        else:
            if block.name not in planned:
                raise ValueError(
                    f"section {section.name} drew the figure {block.name}, which its draws do "
                    f"not list for this configuration ({', '.join(planned) or 'none'})"
                )
            path = Path(figures_dir) / f"{block.name}.png"
            path.parent.mkdir(parents=True, exist_ok=True)
            save(block.figure, path)
            caption = " ".join((Path(captions_dir) / f"{block.name}.rst").read_text().split())
            shown.append({"text/html": figure_html(path, caption, block.wide)})
            drawn.append(block.name)
    missing = [name for name in planned if name not in drawn]
    if missing:
        raise ValueError(
            f"section {section.name} did not draw {', '.join(missing)}, which the workflow "
            "expects of this configuration: draw it, or narrow its Draws(when=...)"
        )
    return shown
