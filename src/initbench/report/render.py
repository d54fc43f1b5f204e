"""Execute the report notebook with papermill and convert it to a self-contained HTML page."""

import logging
import os
import tempfile
import uuid
from importlib.resources import files
from typing import IO

import nbformat
import papermill
from jupyter_client.manager import AsyncKernelManager
from nbconvert import HTMLExporter
from traitlets import default

from initbench.storage import atomic_path, write_text

# Named explicitly: papermill must not guess, and ipykernel's "python3" is the interpreter
# running this job, whichever virtual or conda environment that is.
KERNEL = "python3"


class LocalSocketKernelManager(AsyncKernelManager):
    """Talks to the kernel over Unix sockets in the temporary folder, not over TCP: no port to
    find on a shared node, and no warning in the job's log that TCP traffic is unencrypted."""

    @default("transport")
    def _default_transport(self):
        return "ipc"

    @default("ip")
    def _default_ip(self):
        # The sockets are this path plus "-<port>"; jupyter_client removes them at shutdown.
        return os.path.join(tempfile.gettempdir(), f"initbench-kernel-{uuid.uuid4().hex}")


def _quiet_kernel_manager(stderr: IO[str]) -> type[AsyncKernelManager]:
    """A kernel manager whose kernel writes its own console lines (start-up notices, the
    "KeyboardInterrupt caught in kernel" some kernels print when shut down) to ``stderr``,
    not to the job's console, where they read like failures."""

    class QuietKernelManager(LocalSocketKernelManager):
        async def _async_launch_kernel(self, kernel_cmd, **kw):
            await super()._async_launch_kernel(kernel_cmd, **kw, stderr=stderr)

    return QuietKernelManager


def page_title(executed: nbformat.NotebookNode) -> str | None:
    """The report's own heading: the first level-1 Markdown heading among the outputs."""
    for cell in executed.cells:
        for output in cell.get("outputs", []):
            text = output.get("data", {}).get("text/markdown", "")
            if text.startswith("# "):
                return text.splitlines()[0][2:].replace("`", "")
    return None


def render_report(
    notebook: str | os.PathLike,
    executed_path: str | os.PathLike,
    html_path: str | os.PathLike,
    parameters: dict,
) -> None:
    """Run ``notebook`` with ``parameters`` into ``executed_path``, then write ``html_path``.

    The HTML embeds every figure and hides the code, so it opens anywhere without a server.
    """
    with atomic_path(executed_path) as temporary, tempfile.TemporaryFile("w+") as kernel_lines:
        try:
            papermill.execute_notebook(
                str(notebook),
                str(temporary),
                parameters=parameters,
                kernel_name=KERNEL,
                language="python",
                progress_bar=False,
                log_output=False,
                kernel_manager_class=_quiet_kernel_manager(kernel_lines),
            )
        finally:
            kernel_lines.seek(0)
            for line in kernel_lines.read().splitlines():
                if line.strip():
                    logging.getLogger("initbench").info("kernel: %s", line)
        executed = nbformat.read(temporary, as_version=4)
        executed.metadata.title = page_title(executed) or "initbench report"
        # The same inputs must give the same notebook, clock readings apart: papermill gives
        # the cell it adds a random id and records the temporary name it wrote to.
        for cell in executed.cells:
            if "injected-parameters" in cell.metadata.get("tags", []):
                cell.id = "injected-parameters"
        executed.metadata.papermill.output_path = str(executed_path)
        nbformat.write(executed, temporary)
    exporter = HTMLExporter(
        extra_template_paths=[str(files("initbench.report").joinpath("templates"))],
        template_file="offline.html.j2",
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    html, _ = exporter.from_notebook_node(executed)
    write_text(html_path, html)
