"""dataset: blog through the whole workflow, served from ../shared on loopback."""

import csv
import math

import pytest
from conftest import SHARED_DATA
from workflow_helpers import copy_project, snakemake

from initbench.data.post_images import post_registry

pytestmark = pytest.mark.workflow


def test_the_workflow_reproduces_the_posts_published_costs(tmp_path, post_images_dir, serve_folder):
    server, base_url = serve_folder(post_images_dir)
    project = copy_project(tmp_path / "project")
    config = {
        "dataset": "blog",
        "blog_base_url": base_url,
        "image_size": 150,
        "methods": ["zeros", "random"],
        "seeds": [1],
        "iterations": 1000,
    }
    result = snakemake(project, config=config)
    assert result.returncode == 0, result.stderr
    assert len(server.requests) == 100

    with open(project / "results/data/blog/images.csv") as table:
        rows = list(csv.DictReader(table))
    assert {row["file"]: row["sha256"] for row in rows} == post_registry()

    def costs(method):
        with open(project / f"results/runs/blog/tanh/lr0.01/h5-5/{method}/seed1/costs.csv") as log:
            return [float(row["cost"]) for row in csv.DictReader(log)]

    assert all(abs(cost - math.log(2)) <= 1e-12 for cost in costs("zeros"))
    ours = costs("random")
    with open(SHARED_DATA / "blog-reference-costs.csv") as table:
        for row in csv.DictReader(table):
            if row["method"] == "random":
                post_iteration = int(row["iteration"])
                assert ours[post_iteration - 1] == pytest.approx(float(row["cost"]), rel=1e-9)
