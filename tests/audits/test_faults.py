"""Faults are results, not hangs (issue 13): targets that raise, die or hang, and signals.

A target that raises, exits, segfaults or does not answer within the shard time limit
fails its shard: the audit goes on, the report names the shard's inputs and why, and
nothing of that shard is counted. The signal tests run the real command line in a
subprocess and look at the process table afterwards: no worker outlives the audit.
Everything here is a small binary16 audit with tiny shards, or a binary32 range of the
pure-Python ``math.tanh`` target (slow enough to be interrupted on purpose).
"""

from __future__ import annotations

import ctypes
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

import tanhproof.audits._shardwork as shardwork
from tanhproof.audits._run import audit
from tanhproof.audits._sweep import plan, values
from tanhproof.audits._targeterror import TargetError
from tanhproof.cli._main import main

pytestmark = pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")

# Every binary16 value in [1, 4] (3,073 of them) in shards of 256: shards 0-3 hold [1, 2),
# shards 4-7 [2, 4), shards 8-11 [4, ...] and the last one 4 alone.
RANGE = (1, 4)
SHARD = 256


def _shards_with(pred):
    """The indices of the range's shards holding an input where ``pred`` is true, computed
    from the plan itself (independently of the audit)."""
    return {s.index for s in plan(RANGE, "binary16", shard_size=SHARD) if pred(values(s, "binary16")).any()}


def _measured_without(failed: set[int]) -> int:
    return sum(s.size for s in plan(RANGE, "binary16", shard_size=SHARD) if s.index not in failed)


def _check_failures(report, bad: set[int], reason: str) -> None:
    assert {f.shard for f in report.shard_failures} == bad and bad
    assert all(reason in f.reason for f in report.shard_failures), report.shard_failures
    assert report.points == _measured_without(bad)  # nothing counted from a failed shard
    assert report.shards_done == report.shards_total - len(bad) and not report.partial
    assert not report.within(1e9)  # a report with failed shards never passes
    text = report.to_text()
    assert "FAILED:" in text and reason in text
    data = json.loads(report.to_json())
    assert [f["shard"] for f in data["shard_failures"]] == sorted(bad)


def _exits_above_three(x):
    if (x > 3).any():
        os._exit(3)
    return np.tanh(x)


def _segfaults_above_three(x):
    if (x > 3).any():
        ctypes.string_at(0)  # reads address 0: SIGSEGV
    return np.tanh(x)


def _raises_above_three(x):
    if (x > 3).any():
        raise ValueError("no tanh above 3")
    return np.tanh(x)


def _hangs_above_three(x):
    if (x > 3).any():
        time.sleep(120)
    return np.tanh(x)


@pytest.mark.parametrize(
    "target,reason",
    [
        (_exits_above_three, "worker exited with code 3"),
        (_segfaults_above_three, "worker killed by signal 11 (SIGSEGV)"),
        (_raises_above_three, "raised ValueError: no tanh above 3"),
        (_hangs_above_three, "no answer in 1 s"),
    ],
    ids=["os._exit", "segfault", "raise", "hang"],
)
def test_a_faulty_target_fails_its_shards_and_the_audit_goes_on(target, reason):
    report = audit(target, "tanh", "binary16", RANGE, processes=2, shard_size=SHARD, shard_timeout=1)
    _check_failures(report, _shards_with(lambda x: x > 3), reason)


def test_the_failed_shard_names_its_inputs():
    report = audit(_raises_above_three, "tanh", "binary16", RANGE, processes=1, shard_size=SHARD)
    first = report.shard_failures[0]
    # Shard 8 starts at 3 = 0x1.8p+1 (binary16 bit pattern 0x4200): x in [0x1.8p+1, ...].
    assert first.inputs.startswith("x in [0x1.8p+1, 0x1.") and "0x4200.." in first.inputs
    assert first.points == SHARD


def test_raising_in_process_is_a_failed_shard_too():
    report = audit(_raises_above_three, "tanh", "binary16", RANGE, processes=0, shard_size=SHARD)
    _check_failures(report, _shards_with(lambda x: x > 3), "raised ValueError")


def test_a_target_broken_on_its_first_shard_is_a_one_line_error():
    # The special inputs run first: a target that raises there is bad input, as before.
    def broken(x):
        raise ZeroDivisionError("nope")

    for processes in (0, 2):
        with pytest.raises(TargetError, match="raised ZeroDivisionError: nope"):
            audit(broken, "tanh", "binary16", "exhaustive", processes=processes, shard_size=8192)


def test_the_command_line_exits_1_when_shards_failed(monkeypatch, capsys):
    # Worker processes are forked: they run the patched run_shard, which crashes on shard 3.
    real = shardwork.run_shard

    def crashing(shard, *args, **kwargs):
        if shard.index == 3:
            os.kill(os.getpid(), signal.SIGSEGV)
        return real(shard, *args, **kwargs)

    monkeypatch.setattr(shardwork, "run_shard", crashing)
    code = main(["audit", "numpy.tanh", "--fmt", "binary16", "--shard-size", "4096", "-j", "2", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    assert [(f["shard"], f["reason"]) for f in data["shard_failures"]] == [
        (3, "worker killed by signal 11 (SIGSEGV)")
    ]
    assert data["points"] == 63493 - 2 * 4096


# --- signals, on the real command line -------------------------------------------------------------------------


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.add(int(entry))
    return out


def _running(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


def _argv(hi: str) -> list[str]:
    """A slow audit: the pure-Python math.tanh over the binary32 values in [1, hi], 2 workers."""
    argv = [sys.executable, "-m", "tanhproof", "audit", "math.tanh", "--fmt", "binary32"]
    return [*argv, "--range", "1", hi, "--shard-size", "32768", "-j", "2", "--json"]


def _start(*extra: str, session: bool = False, hi: str = "2") -> tuple[subprocess.Popen, set[int]]:
    """The audit of :func:`_argv`, once its workers run; the process and its workers' pids."""
    argv = [*_argv(hi), *extra]
    # the numpy path: a first compile of the optional numba loop (about a minute, before any
    # worker starts) is not what these tests are about
    env = {**os.environ, "TANHPROOF_NUMBA": "0"}
    proc = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=session, env=env
    )
    deadline = time.monotonic() + 60
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline:
        time.sleep(0.1)
        workers = _children(proc.pid)
    time.sleep(0.5)  # some shards done
    assert len(workers) == 2 and proc.poll() is None
    return proc, workers


def _gone(workers: set[int]) -> bool:
    deadline = time.monotonic() + 5
    while any(_running(p) for p in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    return not any(_running(p) for p in workers)


@pytest.mark.parametrize("to_group", [False, True], ids=["parent-only", "process-group"])
def test_sigint_gives_the_partial_report_and_exit_130(to_group):
    proc, workers = _start(session=to_group)
    if to_group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        os.kill(proc.pid, signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    data = json.loads(out)
    assert data["partial"] is True and data["stopped_by"] == "SIGINT"
    assert 0 < data["shards_done"] < data["shards_total"] and data["shard_failures"] == []
    assert "Traceback" not in err
    assert _gone(workers)


def test_sigterm_gives_the_partial_report_and_exit_143():
    proc, workers = _start()
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 143, err
    data = json.loads(out)
    assert data["partial"] is True and data["stopped_by"] == "SIGTERM"
    assert "terminated (SIGTERM): the report below is partial" in err
    assert "Traceback" not in err and "BrokenPipeError" not in err
    assert _gone(workers)


def test_a_second_ctrl_c_exits_at_once():
    proc, workers = _start()
    proc.send_signal(signal.SIGINT)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Traceback" not in err
    assert _gone(workers)
