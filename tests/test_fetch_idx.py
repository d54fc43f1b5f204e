"""Downloading the four IDX files, from a loopback HTTP server, never from the internet."""

import gzip
import hashlib
import logging
import types
from dataclasses import replace

import pooch.core
import pytest

from initbench.data.fetch import DownloadError
from initbench.data.fetch_idx import fetch_idx_files
from initbench.data.idx import FILES, IDX_SETS

NAMES = [f"{name}.gz" for name in FILES]


@pytest.fixture
def no_retry_wait(monkeypatch):
    """pooch waits 1 s, then 2 s, between its retries; record the waits instead."""
    waits = []
    monkeypatch.setattr(pooch.core, "time", types.SimpleNamespace(sleep=waits.append))
    return waits


@pytest.fixture
def served(tmp_path):
    """A folder of four small gzipped files named as the IDX files."""
    folder = tmp_path / "served"
    folder.mkdir()
    for index, name in enumerate(NAMES):
        (folder / name).write_bytes(gzip.compress(bytes([index]) * 10, mtime=0))
    return folder


def test_the_four_files_are_downloaded_once_in_order(served, serve_folder, tmp_path):
    server, base_url = serve_folder(served)
    cache = tmp_path / "cache"
    paths = fetch_idx_files("mnist", cache, base_url.rstrip("/"))
    assert [path.name for path in paths] == NAMES
    assert all(path.parent == cache for path in paths)
    assert [path.read_bytes() for path in paths] == [(served / n).read_bytes() for n in NAMES]
    assert sorted(server.requests) == sorted(f"/{name}" for name in NAMES)
    server.requests.clear()
    assert fetch_idx_files("mnist", cache, base_url) == paths
    assert server.requests == []


def test_a_published_gz_checksum_is_checked_on_download(
    served, serve_folder, no_retry_wait, tmp_path, monkeypatch
):
    _, base_url = serve_folder(served)
    published = {name: hashlib.md5((served / name).read_bytes()).hexdigest() for name in NAMES}
    published[NAMES[1]] = "0" * 32
    monkeypatch.setitem(
        IDX_SETS, "fashion_mnist", replace(IDX_SETS["fashion_mnist"], md5=published)
    )
    with pytest.raises(DownloadError) as caught:
        fetch_idx_files("fashion_mnist", tmp_path / "cache", base_url)
    message = str(caught.value)
    assert message.startswith(f"{NAMES[1]} from {base_url}{NAMES[1]} does not match")
    assert "published MD5" in message
    assert not (tmp_path / "cache" / NAMES[1]).exists()


def test_offline_is_one_message_with_the_ways_on(serve_folder, no_retry_wait, tmp_path):
    server, base_url = serve_folder(tmp_path)
    server.shutdown()
    server.server_close()  # the port now refuses connections
    printed = []
    # pooch's logger prints to the stream it found when created: read what reaches its handlers.
    shown = logging.Handler()
    shown.emit = lambda record: printed.append(record.getMessage())
    pooch.get_logger().addHandler(shown)
    try:
        with pytest.raises(DownloadError) as caught:
            fetch_idx_files("mnist", tmp_path / "cache", base_url)
    finally:
        pooch.get_logger().removeHandler(shown)
    # pooch says what it downloads, but not each of its retries: the error says it all.
    assert [line.split(" from ")[0] for line in printed] == [f"Downloading file '{NAMES[0]}'"]
    message = str(caught.value)
    assert message.startswith(f"could not download {base_url}{NAMES[0]}: ")
    assert "Connection refused" in message and "\n" not in message
    assert "mnist.base_url" in message and "mnist.dir" in message
    assert no_retry_wait == [1, 2]


def test_each_set_has_its_published_address():
    assert IDX_SETS["mnist"].base_url == "https://ossci-datasets.s3.amazonaws.com/mnist/"
    assert IDX_SETS["fashion_mnist"].base_url.startswith("http://fashion-mnist.s3-website")
