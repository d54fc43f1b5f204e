"""profiles/sge/status.sh: a Grid Engine job's state as Snakemake's cluster-generic executor
asks for it, with qstat and qacct stood in for by scripts that answer as Grid Engine does."""

import os
import subprocess

import pytest
from conftest import REPO

STATUS = REPO / "profiles/sge/status.sh"


def state(tmp_path, queued: bool, accounting: str | None) -> str:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "qstat").write_text(f"#!/bin/sh\nexit {0 if queued else 1}\n")
    record = "exit 1" if accounting is None else f"cat <<'END'\n{accounting}END"
    (bin_dir / "qacct").write_text(f"#!/bin/sh\n{record}\n")
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run([str(STATUS), "17"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def record(failed: str, exit_status: str) -> str:
    return (
        "==============================================================\n"
        "qname        all.q\njobnumber    17\n"
        f"failed       {failed}\nexit_status  {exit_status}\n"
    )


@pytest.mark.parametrize(
    ("queued", "accounting", "expected"),
    [
        (True, None, "running"),
        (False, None, "running"),  # left the queue, accounting not yet written
        (False, record("0", "0"), "success"),
        (False, record("0", "1"), "failed"),
        (False, record("100 : assumedly after job", "137"), "failed"),  # killed over h_rt
    ],
)
def test_each_state_of_a_job_is_reported_as_snakemake_expects(
    tmp_path, queued, accounting, expected
):
    assert state(tmp_path, queued, accounting) == expected
