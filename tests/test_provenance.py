"""Where the report's numbers come from: code, configuration, data and software."""

import subprocess

from initbench.report.page import to_html
from initbench.report.provenance import config_hash, git_commit, package_versions
from initbench.report.sections.provenance import config_table, provenance_list


def test_config_hash_ignores_key_order_and_sees_values():
    assert config_hash({"a": 1, "b": [1, 2]}) == config_hash({"b": [1, 2], "a": 1})
    assert config_hash({"a": 1}) != config_hash({"a": 2})


def test_git_commit_outside_and_inside_a_repository(tmp_path):
    assert git_commit(tmp_path) is None
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "f").write_text("1")
    subprocess.run([*git, "add", "f"], check=True)
    subprocess.run([*git, "commit", "-qm", "c"], check=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    assert git_commit(tmp_path) == head.strip()
    (tmp_path / "f").write_text("2")
    assert git_commit(tmp_path) == head.strip() + "-dirty"


def test_versions_name_the_packages_that_make_the_numbers():
    versions = package_versions()
    assert {"python", "numpy", "pandas", "initbench"} <= set(versions)
    assert all(value for value in versions.values())


def test_the_provenance_list_says_where_the_numbers_come_from():
    text = provenance_list(None, "c" * 64, "d" * 64, {"python": "3.11", "numpy": "2"})
    assert text.splitlines() == [
        "- **Code:** not a git checkout",
        f"- **Configuration hash (SHA-256):** `{'c' * 64}`",
        f"- **Input data hash (SHA-256 over every image):** `{'d' * 64}`",
        "- **Software:** python 3.11, numpy 2",
    ]
    assert "commit `abc-dirty`" in provenance_list("abc-dirty", "", "", {})


def test_the_configuration_table_keeps_every_value_whole_under_a_one_row_header():
    url = "https://example.org/" + "a" * 120
    table = config_table({"blog_base_url": url, "seeds": [1, 2], "synthetic": {"seed": 0}})
    assert table["Value"].tolist() == [url, "[1, 2]", '{"seed": 0}']
    html = to_html(table)
    assert url in html and "…" not in html
    assert html.startswith('<div class="table-scroll">')
    assert html.count("<tr") == 1 + 3  # one header row
    assert html.count('<td class="text">') == 6  # keys and values are words: left-aligned
    assert html.count('<th class="text">') == 2
