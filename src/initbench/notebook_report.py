"""Execute the report notebook with papermill and convert it to a self-contained HTML page."""

import os
from importlib.resources import files

import nbformat
import papermill
from nbconvert import HTMLExporter

from initbench.storage import atomic_path, write_text

# Named explicitly: papermill must not guess, and ipykernel's "python3" is the interpreter
# running this job, whichever virtual or conda environment that is.
KERNEL = "python3"


def render_report(
    notebook: str | os.PathLike,
    executed_path: str | os.PathLike,
    html_path: str | os.PathLike,
    parameters: dict,
) -> None:
    """Run ``notebook`` with ``parameters`` into ``executed_path``, then write ``html_path``.

    The HTML embeds every figure and hides the code, so it opens anywhere without a server.
    """
    with atomic_path(executed_path) as temporary:
        papermill.execute_notebook(
            str(notebook),
            str(temporary),
            parameters=parameters,
            kernel_name=KERNEL,
            language="python",
            progress_bar=False,
            log_output=False,
        )
        executed = nbformat.read(temporary, as_version=4)
        # The same inputs must give the same notebook, clock readings apart: papermill gives
        # the cell it adds a random id and records the temporary name it wrote to.
        for cell in executed.cells:
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        executed.metadata.papermill.output_path = str(executed_path)
        nbformat.write(executed, temporary)
    exporter = HTMLExporter(
        extra_template_paths=[str(files("initbench").joinpath("templates"))],
        template_file="offline.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    html, _ = exporter.from_notebook_node(executed)
    write_text(html_path, html)
