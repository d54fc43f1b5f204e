"""Rendering a notebook: its page is titled by its heading, and the kernel's own console
lines go to the job's log, not to the console where they read like failures."""

import logging

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from initbench.report.render import page_title, render_report


def test_the_kernels_console_lines_reach_the_log_not_the_console(tmp_path, capfd, caplog):
    notebook = new_notebook(
        cells=[
            new_code_cell("value = 1", metadata={"tags": ["parameters"]}),
            new_code_cell(
                "import sys\n"
                "from IPython.display import Markdown, display\n"
                "print('kernel says hello', file=sys.__stderr__, flush=True)\n"
                "display(Markdown(f'# A report of {value}'))"
            ),
        ],
        metadata={
            "kernelspec": {"name": "python3", "language": "python", "display_name": "Python 3"}
        },
    )
    nbformat.write(notebook, tmp_path / "in.ipynb")
    with caplog.at_level(logging.INFO, logger="initbench"):
        render_report(
            tmp_path / "in.ipynb", tmp_path / "out.ipynb", tmp_path / "out.html", {"value": 2}
        )
    console = capfd.readouterr()
    assert "kernel says hello" not in console.out + console.err
    assert "kernel: kernel says hello" in caplog.text
    page = (tmp_path / "out.html").read_text()
    assert "<title>A report of 2</title>" in page


def test_the_page_title_is_the_first_level_one_heading_without_code_marks():
    executed = new_notebook(
        cells=[
            new_code_cell(
                outputs=[
                    nbformat.v4.new_output("display_data", data={"text/markdown": "## Not"}),
                    nbformat.v4.new_output(
                        "display_data", data={"text/markdown": "# On `pets`\n\nmore"}
                    ),
                ]
            )
        ]
    )
    assert page_title(executed) == "On pets"
    assert page_title(new_notebook()) is None
