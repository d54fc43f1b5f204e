import json

import numpy as np
import pytest

from initbench.storage import InputError, atomic_path, logged_to, write_csv, write_json, write_npz


def test_a_failed_write_leaves_neither_the_file_nor_a_temporary(tmp_path):
    target = tmp_path / "out" / "result.csv"
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("half a result")
        raise RuntimeError("killed")
    assert not target.exists()
    assert list(target.parent.iterdir()) == []


def test_a_failed_write_keeps_the_previous_complete_file(tmp_path):
    target = tmp_path / "result.csv"
    write_csv(target, ["a"], [[1]])
    with pytest.raises(RuntimeError), atomic_path(target) as temporary:
        temporary.write_text("partial")
        raise RuntimeError("killed")
    assert target.read_text() == "a\n1\n"


def test_npz_is_byte_identical_and_loads_without_pickle(tmp_path):
    arrays = {"W1": np.arange(6.0).reshape(2, 3), "b1": np.zeros((2, 1))}
    write_npz(tmp_path / "a.npz", arrays)
    write_npz(tmp_path / "b.npz", dict(reversed(arrays.items())))
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    with np.load(tmp_path / "a.npz", allow_pickle=False) as loaded:
        assert sorted(loaded.files) == ["W1", "b1"]
        np.testing.assert_array_equal(loaded["W1"], arrays["W1"])


def test_csv_floats_round_trip_exactly_and_text_is_quoted(tmp_path):
    value = 0.1 + 0.2
    write_csv(tmp_path / "t.csv", ["name", "x"], [["a, b", value]])
    header, row = (tmp_path / "t.csv").read_text().splitlines()
    assert header == "name,x"
    assert row == f'"a, b",{value!r}'
    assert float(row.rsplit(",", 1)[1]) == value


def test_json_refuses_nan(tmp_path):
    with pytest.raises(ValueError):
        write_json(tmp_path / "m.json", {"cost": float("nan")})
    assert not (tmp_path / "m.json").exists()
    write_json(tmp_path / "m.json", {"b": 1, "a": 2})
    assert list(json.loads((tmp_path / "m.json").read_text())) == ["a", "b"]


def test_an_input_error_ends_a_job_with_its_message_and_log_path_not_a_traceback(tmp_path):
    log = tmp_path / "job.log"
    with pytest.raises(SystemExit) as ended, logged_to(log):
        raise InputError("3 unusable image file(s)")
    assert str(ended.value) == f"3 unusable image file(s)\n(log: {log})"
    assert "ERROR 3 unusable image file(s)" in log.read_text()


def test_any_other_error_is_logged_and_raised_as_it_is(tmp_path):
    log = tmp_path / "job.log"
    with pytest.raises(KeyError), logged_to(log):
        raise KeyError("bug")
    assert "ERROR KeyError: 'bug'" in log.read_text()
