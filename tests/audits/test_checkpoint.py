"""Resumable audits (issue 13): checkpoints record finished shards; a killed audit resumes.

The expected reports come from the same audit run without interruption, never from
hard-coded numbers: what is tested is that resuming changes nothing.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof
from tanhproof.audits._accuracy import Tally, measure
from tanhproof.audits._checkpoint import Checkpoint, CheckpointError, decode_tally, encode_tally
from tanhproof.audits._run import audit
from tanhproof.cli._main import main
from tanhproof.numeric._bulk import reference

SHARD = 2048  # binary16 exhaustive: 31 shards of 2 x 1024 inputs and the specials


def _same(a, b) -> None:
    """Two reports are the same audit's, whatever their timing, processes or resumption."""
    da, db = a.to_dict(), b.to_dict()
    for key in ("elapsed", "processes", "resumed_shards"):
        da.pop(key), db.pop(key)
    assert da == db
    assert a.profile == b.profile


# How _grad misbehaves (a checkpoint records the target by name, so the interrupted run and
# the resumed one must both call the same function): after "calls" calls it raises "fault".
_FAULT: dict = {}


def _grad(x):
    _FAULT["calls"] = _FAULT.get("calls", 0) + 1
    if "fault" in _FAULT and _FAULT["calls"] > _FAULT["after"]:
        raise _FAULT["fault"]
    return 1 - np.tanh(x) ** 2  # millions of ULPs wrong where tanh rounds to 1: a rich report


@pytest.fixture(autouse=True)
def _no_fault():
    _FAULT.clear()
    yield
    _FAULT.clear()


def _whole():
    return audit(_grad, "tanh'", "binary16", "exhaustive", processes=1, shard_size=SHARD)


def test_a_tally_survives_the_file_exactly():
    x = np.linspace(-12, 12, 3001, dtype=np.float32)
    x[:3] = [0.0, np.inf, 1e-41]
    t = measure(
        x, _grad(x).astype(np.float64), reference("tanh'", x, "binary32", residual=True), "binary32", 1
    )
    u = decode_tally(json.loads(json.dumps(encode_tally(t))))
    assert u.report().to_dict() == t.report().to_dict()
    assert u.sum_ulp == t.sum_ulp and np.array_equal(u.profile, t.profile)
    assert np.array_equal(u.histogram, t.histogram) and u.examples == t.examples


def test_an_interrupted_audit_resumes_to_the_uninterrupted_report(tmp_path):
    _FAULT.update(fault=KeyboardInterrupt, after=5)  # as a Ctrl-C in the middle of the audit
    path = tmp_path / "a.ckpt"
    first = audit(_grad, "tanh'", "binary16", "exhaustive", processes=0, shard_size=SHARD, checkpoint=path)
    _FAULT.clear()
    assert first.partial and first.shards_done == 5
    assert path.read_text().count("\n") == 1 + 5  # the header and the five finished shards
    again = audit(_grad, "tanh'", "binary16", "exhaustive", processes=2, shard_size=SHARD, checkpoint=path)
    assert again.resumed_shards == 5 and not again.partial
    _same(again, _whole())
    # Everything is recorded now: a third run measures nothing and says the same.
    third = audit(_grad, "tanh'", "binary16", "exhaustive", processes=1, shard_size=SHARD, checkpoint=path)
    assert third.resumed_shards == third.shards_total
    _same(third, _whole())


def test_a_line_cut_short_by_a_kill_is_dropped_and_its_shard_runs_again(tmp_path):
    path = tmp_path / "a.ckpt"
    audit(_grad, "tanh'", "binary16", "exhaustive", processes=1, shard_size=SHARD, checkpoint=path)
    lines = path.read_bytes().split(b"\n")
    cut = b"\n".join(lines[:4]) + b"\n" + lines[4][: len(lines[4]) // 2]  # header, 3 shards, half a line
    path.write_bytes(cut)
    r = audit(_grad, "tanh'", "binary16", "exhaustive", processes=1, shard_size=SHARD, checkpoint=path)
    assert r.resumed_shards == 3
    _same(r, _whole())
    assert all(json.loads(line) for line in path.read_text().splitlines())  # whole lines only


def test_failed_shards_are_not_recorded_and_run_again(tmp_path):
    path = tmp_path / "a.ckpt"
    _FAULT.update(fault=ValueError("not today"), after=3)
    first = audit(_grad, "tanh'", "binary16", (-4, 4), processes=0, shard_size=512, checkpoint=path)
    _FAULT.clear()
    assert first.shard_failures and not first.partial and first.shards_done == 3
    again = audit(_grad, "tanh'", "binary16", (-4, 4), processes=1, shard_size=512, checkpoint=path)
    assert again.resumed_shards == first.shards_done and not again.shard_failures
    _same(again, audit(_grad, "tanh'", "binary16", (-4, 4), processes=1, shard_size=512))


@pytest.mark.parametrize(
    "change,field",
    [
        ({"fmt": "bfloat16"}, "fmt"),
        ({"inputs": 5000}, "inputs"),
        ({"reference": "sigmoid'"}, "reference"),
        ({"seed": 1}, "seed"),
        ({"max_ulp": 1.0}, "max_ulp"),
        ({"shard_size": 4096}, "shard_size"),
        ({"target": "numpy.tanh"}, "target"),
    ],
)
def test_a_checkpoint_of_another_audit_is_refused(tmp_path, change, field):
    path = tmp_path / "a.ckpt"
    args = dict(target=_grad, reference="tanh'", fmt="binary16", inputs=3000, processes=0, shard_size=SHARD)
    audit(**args, checkpoint=path)
    before = path.read_bytes()
    with pytest.raises(CheckpointError, match=f"belongs to another audit: its {field} is") as info:
        audit(**{**args, **change}, checkpoint=path)
    assert "\n" not in str(info.value) and path.read_bytes() == before


def test_a_checkpoint_of_another_version_is_refused(tmp_path, monkeypatch):
    path = tmp_path / "a.ckpt"
    audit(_grad, "tanh'", "binary16", 100, processes=0, checkpoint=path)
    monkeypatch.setattr(tanhproof, "__version__", "99.0")
    with pytest.raises(CheckpointError, match=r"its version is '.*', this audit's is '99.0'"):
        audit(_grad, "tanh'", "binary16", 100, processes=0, checkpoint=path)


@pytest.mark.parametrize("content", [b"", b"hello\n", b'{"tanhproof_checkpoint": 7}\n', b"\x00\xff"])
def test_a_file_that_is_not_a_checkpoint_is_refused(tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    with pytest.raises(CheckpointError, match="is not a tanhproof checkpoint"):
        Checkpoint.open(path, {"fmt": "binary16"})


def test_a_damaged_line_inside_is_refused(tmp_path):
    path = tmp_path / "a.ckpt"
    audit(_grad, "tanh'", "binary16", "exhaustive", processes=0, shard_size=SHARD, checkpoint=path)
    lines = path.read_text().splitlines()
    lines[2] = lines[2][:-5]
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(CheckpointError, match="line 3 is damaged"):
        audit(_grad, "tanh'", "binary16", "exhaustive", processes=0, shard_size=SHARD, checkpoint=path)


def test_command_line_bad_checkpoint_is_one_line_exit_2(tmp_path, capsys):
    path = tmp_path / "a.ckpt"
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--checkpoint", str(path), "--json"]) == 0
    capsys.readouterr()
    assert main(["audit", "numpy.tanh", "--fmt", "bfloat16", "--checkpoint", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "belongs to another audit: its fmt is 'binary16'" in err[0]
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--checkpoint", str(tmp_path)]) == 2
    assert "is a folder" in capsys.readouterr().err


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


def _children(pid: int) -> set[int]:
    out = set()
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{entry}/stat") as f:
                if int(f.read().rsplit(")", 1)[1].split()[1]) == pid:
                    out.add(int(entry))
        except OSError:
            continue
    return out


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_kill_9_then_resume_gives_the_uninterrupted_report(tmp_path, monkeypatch):
    # The pure-Python math.tanh over the 2^20 + 1 binary32 values in [1, 1.125]: 33 shards.
    # On the numpy path (TANHPROOF_NUMBA=0): a first compile of the optional numba loop takes
    # about a minute before any worker starts, which is not what this test is about (the
    # compiled loop's reports are tested equal to the numpy path's in test_fastpath.py).
    from tanhproof.audits import _fastpath

    monkeypatch.setenv("TANHPROOF_NUMBA", "0")
    monkeypatch.setattr(_fastpath, "ENABLED", False)
    ckpt = tmp_path / "audit.ckpt"
    argv = [sys.executable, "-m", "tanhproof", "audit", "math.tanh", "--fmt", "binary32", "--range", "1"]
    argv += ["1.125", "--shard-size", "32768", "-j", "2", "--json", "--checkpoint", str(ckpt)]
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while time.monotonic() < deadline:
        workers |= _children(proc.pid)
        if ckpt.exists() and ckpt.read_text().count("\n") >= 4:  # the header and 3 shards
            break
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=30)
    assert workers
    deadline = time.monotonic() + 5
    while any(map(_running, workers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(map(_running, workers))  # they die with their parent
    kept = ckpt.read_text().count("\n") - 1
    assert 3 <= kept < 33
    resumed = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    got = json.loads(resumed.stdout)
    assert got["resumed_shards"] >= kept
    whole = audit("math.tanh", "tanh", "binary32", (1, 1.125), shard_size=32768, processes=2).to_dict()
    for key in ("elapsed", "resumed_shards", "processes"):
        got.pop(key), whole.pop(key)
    assert got == json.loads(json.dumps(whole))  # points, max, mean, histogram, worst inputs: all of it


_TALLIES: list = []


def _shard_tallies():
    """The tallies of a binary16 audit's shards (computed once): 1 - tanh^2 over [-12, 12]."""
    if not _TALLIES:
        from tanhproof.audits._shardwork import ShardJob
        from tanhproof.audits._sweep import plan

        job = ShardJob(tanhproof.audits.resolve(_grad, "binary16"), "tanh'", "binary16", 1.0, "even")
        _TALLIES.extend(job(s) for s in plan((-12, 12), "binary16", shard_size=1500))
    return _TALLIES


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_the_report_does_not_depend_on_the_order_shards_finish_in(data):
    # Any order of completion, any of them failing or recorded earlier: the folded tally is
    # the in-order fold of the same tallies, so the report is the same, mean included.
    from tanhproof.audits._run import _InOrder

    tallies = _shard_tallies()
    n = len(tallies)
    failed = data.draw(st.sets(st.integers(0, n - 1), max_size=3))
    order = data.draw(st.permutations(range(n)))
    fold = _InOrder(list(range(n)))
    for i in order:
        fold.add(i, None if i in failed else tallies[i])
    expected = Tally()
    for i in range(n):
        if i not in failed:
            expected = expected + tallies[i]
    assert fold.result().report().to_dict() == expected.report().to_dict()
