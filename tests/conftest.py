import functools
import os
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import numpy as np
import pytest

from initbench.data.synthetic import draw_image

REPO = Path(__file__).resolve().parents[1]
# The post's images and table, beside the project unless INITBENCH_SHARED_DATA says where.
SHARED_DATA = Path(os.environ.get("INITBENCH_SHARED_DATA", REPO.parent / "shared" / "data"))


@pytest.fixture(scope="session")
def small_images():
    """A learnable matrix (24x24 RGB synthetic images scaled to [0, 1]) and its labels."""
    rng = np.random.RandomState(0)
    names = ["cat", "dog"] * 20
    columns = [np.asarray(draw_image(name, 24, rng)).reshape(-1) for name in names]
    x = np.stack(columns, axis=1) / 255.0
    labels = np.array([[name == "cat" for name in names]], dtype=np.float64)
    return x, labels


@pytest.fixture(scope="session")
def post_images_dir():
    """The post's 100 images, where ../shared has them."""
    folder = SHARED_DATA / "blog-cats-dogs"
    if not folder.is_dir():
        pytest.skip(f"the post's images are not at {folder}")
    return folder


@pytest.fixture(scope="session")
def mnist_dir():
    """MNIST's four IDX files (gzipped), where ../shared has them."""
    folder = SHARED_DATA / "mnist"
    if not folder.is_dir():
        pytest.skip(f"MNIST is not at {folder}")
    return folder


class _RecordingHandler(SimpleHTTPRequestHandler):
    """Serves a folder and records every requested path on the server."""

    def do_GET(self):
        self.server.requests.append(self.path)
        super().do_GET()

    def log_message(self, format, *args):
        pass


@pytest.fixture
def serve_folder(monkeypatch):
    """``serve_folder(folder)`` serves ``folder`` on loopback; returns (server, base URL)."""
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    running = []

    def start(folder: Path):
        handler = functools.partial(_RecordingHandler, directory=str(folder))
        server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        server.requests = []
        thread = threading.Thread(
            target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        running.append((server, thread))
        host, port = server.server_address[:2]
        return server, f"http://{host}:{port}/"

    yield start
    for server, thread in running:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def finished(tmp_path_factory):
    """A project copy on which the tiny .test workflow has run to the end."""
    from workflow_helpers import copy_project, snakemake

    project = copy_project(tmp_path_factory.mktemp("finished"))
    result = snakemake(project)
    assert result.returncode == 0, result.stderr
    return project


@pytest.fixture
def project(finished, tmp_path):
    """A private copy of the finished project, modification times included."""
    copy = tmp_path / "project"
    shutil.copytree(finished, copy, symlinks=True)
    return copy
