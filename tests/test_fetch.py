"""The post's 100 images: the registry kept in the package, and fetching them over HTTP.

Downloads go to a loopback HTTP server, never to the internet. The post's real images are
served from ``../shared/data`` (see ``conftest.SHARED_DATA``); the tests that need them are
skipped when that folder is absent.
"""

import hashlib
import re
import shutil
import types
from pathlib import Path

import pooch.core
import pytest
from conftest import SHARED_DATA

from initbench.data.fetch import DownloadError, fetch_post_images, root_cause
from initbench.data.post_images import post_names, post_registry

FIRST = "cat.2671.jpg"  # post_names() is sorted, so this is fetched first


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def no_retry_wait(monkeypatch):
    """pooch waits 1 s, then 2 s, between its retries; record the waits instead."""
    waits = []
    monkeypatch.setattr(pooch.core, "time", types.SimpleNamespace(sleep=waits.append))
    return waits


# --- registry ----------------------------------------------------------------------------


def test_registry_has_50_cats_and_50_dogs_with_sha256_digests():
    registry = post_registry()
    assert len(registry) == 100
    assert sum(name.startswith("cat.") for name in registry) == 50
    assert sum(name.startswith("dog.") for name in registry) == 50
    assert all(re.fullmatch(r"(cat|dog)\.\d+\.jpg", name) for name in registry)
    assert all(re.fullmatch(r"[0-9a-f]{64}", digest) for digest in registry.values())
    assert len(set(registry.values())) == 100


def test_post_names_are_sorted_registry_names():
    names = post_names()
    assert names == sorted(post_registry())
    assert names[0] == FIRST


def test_registry_matches_the_shared_checksum_file():
    checksums = SHARED_DATA / "blog-cats-dogs.sha256"
    if not checksums.is_file():
        pytest.skip(f"no {checksums}")
    expected = {}
    for line in checksums.read_text().splitlines():
        digest, name = line.split()
        expected[name.lstrip("*")] = digest
    assert post_registry() == expected


# --- fetching ----------------------------------------------------------------------------


def test_fetch_downloads_and_verifies_all_100_then_nothing(post_images_dir, serve_folder, tmp_path):
    server, base_url = serve_folder(post_images_dir)
    cache = tmp_path / "cache"
    registry = post_registry()

    paths = fetch_post_images(cache, base_url)
    assert [path.name for path in paths] == post_names()
    assert all(path.parent == cache for path in paths)
    assert {path.name: sha256(path) for path in paths} == registry
    assert sorted(server.requests) == sorted(f"/{name}" for name in registry)

    # A second call finds every file in place and downloads nothing.
    mtimes = {path.name: path.stat().st_mtime_ns for path in paths}
    server.requests.clear()
    again = fetch_post_images(cache, base_url)
    assert again == paths
    assert server.requests == []
    assert {path.name: path.stat().st_mtime_ns for path in again} == mtimes

    # A missing file and an altered file are fetched again, and only those.
    missing, altered = post_names()[-1], post_names()[1]
    (cache / missing).unlink()
    (cache / altered).write_bytes(b"edited")
    repaired = fetch_post_images(cache, base_url.rstrip("/"))  # no trailing slash
    assert sorted(server.requests) == [f"/{altered}", f"/{missing}"]
    assert {path.name: sha256(path) for path in repaired} == registry


def test_wrong_bytes_raise_naming_the_file(serve_folder, no_retry_wait, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    (served / FIRST).write_bytes(b"not the post's cat")
    server, base_url = serve_folder(served)
    cache = tmp_path / "cache"
    base_url = base_url.rstrip("/")

    with pytest.raises(DownloadError) as caught:
        fetch_post_images(cache, base_url)
    message = str(caught.value)
    assert FIRST in message
    assert f"{base_url}/{FIRST}" in message
    assert "SHA-256" in message
    # pooch tried three times (two retries) and stopped at the first failing file.
    assert server.requests == [f"/{FIRST}"] * 3
    assert no_retry_wait == [1, 2]
    # Nothing unverified is left where the next run would find it.
    assert not (cache / FIRST).exists()


def test_missing_file_404_raises_naming_the_file(serve_folder, no_retry_wait, tmp_path):
    served = tmp_path / "served"
    served.mkdir()
    server, base_url = serve_folder(served)
    cache = tmp_path / "cache"

    with pytest.raises(DownloadError) as caught:
        fetch_post_images(cache, base_url)
    message = str(caught.value)
    assert FIRST in message
    assert f"{base_url}{FIRST}" in message
    assert "could not download" in message
    assert "404" in message
    assert server.requests == [f"/{FIRST}"] * 3
    assert not (cache / FIRST).exists()


def test_later_failure_names_that_file(post_images_dir, serve_folder, no_retry_wait, tmp_path):
    served = tmp_path / "served"
    shutil.copytree(post_images_dir, served)
    last = post_names()[-1]
    (served / last).unlink()
    _, base_url = serve_folder(served)
    cache = tmp_path / "cache"

    with pytest.raises(DownloadError, match=re.escape(last)):
        fetch_post_images(cache, base_url)
    # Everything before it was fetched and kept.
    assert sorted(p.name for p in cache.glob("*.jpg")) == post_names()[:-1]


def test_unreachable_server_raises_naming_the_file(serve_folder, no_retry_wait, tmp_path):
    server, base_url = serve_folder(tmp_path)
    server.shutdown()
    server.server_close()  # the port now refuses connections

    with pytest.raises(DownloadError, match=re.escape(FIRST)):
        fetch_post_images(tmp_path / "cache", base_url)
    with pytest.raises(DownloadError) as caught:
        fetch_post_images(tmp_path / "cache", base_url)
    message = str(caught.value)
    # One line of cause, not the chain of socket, urllib3 and requests errors.
    assert "Connection refused" in message and "\n" not in message
    assert "may have no network" in message
    assert "blog_base_url" in message and "dataset: folder" in message


def test_the_root_cause_is_the_first_error_of_the_chain():
    try:
        try:
            raise OSError("[Errno -3] Temporary failure in name resolution")
        except OSError as error:
            raise RuntimeError("Max retries exceeded with url: /cat.1.jpg " + "x" * 300) from error
    except RuntimeError as error:
        assert root_cause(error) == "[Errno -3] Temporary failure in name resolution"
    assert root_cause(ValueError()) == "ValueError"
