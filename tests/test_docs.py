"""The README and docs/: a first hour under 15 KB, its Quickstart the one CI runs, and every
link reaching a file and a heading."""

import re
import unicodedata
from pathlib import Path

import pytest
from conftest import REPO

README = REPO / "README.md"
PAGES = [README, *sorted((REPO / "docs").glob("*.md"))]
# [text](target): the target up to a closing parenthesis or a space (a title may follow).
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)[^)]*\)")
FENCE = re.compile(r"^```.*?^```", re.M | re.S)


def anchor(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, without punctuation and code marks, spaces
    made dashes."""
    text = unicodedata.normalize("NFC", heading.strip().lower())
    text = "".join(c for c in text if c.isalnum() or c in " -_")
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return {anchor(title) for title in re.findall(r"^#{1,6} (.+)$", text, re.M)}


def links(page: Path) -> list[str]:
    return LINK.findall(FENCE.sub("", page.read_text(encoding="utf-8")))


def local(target: str) -> bool:
    return not re.match(r"[a-z]+:", target)


def test_anchors_follow_githubs_rule():
    assert anchor("The post's takeaways") == "the-posts-takeaways"
    assert anchor("`config key images_dir: …`") == "config-key-images_dir-"
    assert anchor("When things go wrong") == "when-things-go-wrong"


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.relative_to(REPO).as_posix())
def test_every_link_reaches_a_file_and_a_heading(page):
    broken = []
    for target in filter(local, links(page)):
        path, _, fragment = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no such file")
        elif fragment and fragment not in anchors(file):
            broken.append(f"{target}: no heading #{fragment} in {file.relative_to(REPO)}")
    assert not broken, f"{page.relative_to(REPO)}: " + "; ".join(broken)


def test_every_docs_page_is_reached_from_the_readme():
    reached = {(REPO / target.partition("#")[0]).resolve() for target in links(README)}
    assert set(PAGES[1:]) <= reached


def test_the_readme_is_a_first_hour_under_15_kb():
    assert README.stat().st_size < 15_000


def test_the_quickstart_runs_what_ci_runs():
    ci = (REPO / ".ci/run").read_text(encoding="utf-8")
    install = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    quickstart = README.read_text(encoding="utf-8").split("## Quickstart", 1)[1]
    assert f"{install}\n.venv/bin/pytest\n" in quickstart
