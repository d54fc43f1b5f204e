import subprocess

from initbench.report.provenance import config_hash, git_commit, package_versions


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
