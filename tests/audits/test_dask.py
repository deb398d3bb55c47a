"""Audits on a Dask cluster (issue 13, item 5): ``tp.audit(..., client=...)`` and
``tanhproof audit ... --scheduler ADDRESS``.

The cluster is a real :class:`distributed.LocalCluster` with worker *processes* under
nannies, as a multi-machine cluster has. Checked: the report equals the local run's
(points, max, mean, histogram, worst inputs), a worker killed mid-run is retried by
Dask and the report is still complete, a target that raises fails only its shard, and
the command line runs on the scheduler's address.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from pathlib import Path

import numpy as np
import pytest

distributed = pytest.importorskip(
    "distributed", reason="Dask's distributed is not installed (tanhproof[dask])"
)

import tanhproof as tp  # noqa: E402
from tanhproof.audits import _dask  # noqa: E402
from tanhproof.cli import main  # noqa: E402


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as c:
        yield c


@pytest.fixture
def client(cluster):
    with distributed.Client(cluster) as c:
        yield c


_SAME = ("points", "max_ulp", "worst", "mean_ulp", "histogram", "not_correctly_rounded", "zero_where_nonzero")


def _same_report(a, b) -> None:
    assert {k: getattr(a, k) for k in _SAME} == {k: getattr(b, k) for k in _SAME}


def test_report_equals_the_local_one(client):
    kw = dict(fmt="binary16", shard_size=4096)
    on_dask = tp.audit("numpy.tanh", client=client, **kw)
    local = tp.audit("numpy.tanh", processes=1, **kw)
    assert on_dask.points == 63493 and not on_dask.partial and on_dask.shard_failures == ()
    _same_report(on_dask, local)
    assert on_dask.processes == 2  # the cluster's workers


def _dies_once(marker: str, x: np.ndarray) -> np.ndarray:
    """numpy.tanh, except that the first call after ``marker`` appears kills its process."""
    if len(x) > 100 and not os.path.exists(marker):
        Path(marker).write_text("killed once")
        os._exit(1)
    return np.tanh(x)


def test_a_killed_worker_is_retried_and_the_report_is_complete(client, tmp_path):
    marker = str(tmp_path / "killed")
    target = functools.partial(_dies_once, marker)
    r = tp.audit(target, "tanh", "binary16", shard_size=4096, client=client)
    assert Path(marker).exists(), "a worker was killed"
    assert r.shard_failures == () and not r.partial
    _same_report(r, tp.audit("numpy.tanh", fmt="binary16", shard_size=4096, processes=1))


def _raises_between_1_and_2(x: np.ndarray) -> np.ndarray:
    if np.any((x > 1) & (x < 2)):
        raise ValueError("not between 1 and 2")
    return np.tanh(x)


def test_a_target_that_raises_fails_only_its_shard(client):
    r = tp.audit(_raises_between_1_and_2, "tanh", "binary16", shard_size=4096, client=client)
    assert r.shard_failures, "the shard of the inputs between 1 and 2 failed"
    assert all("not between 1 and 2" in f.reason for f in r.shard_failures)
    assert 0 < r.points < 63493 and not r.within(1)


def test_command_line_scheduler(cluster, capsys):
    code = main(["audit", "numpy.tanh", "--fmt", "binary16", "--scheduler", cluster.scheduler_address])
    out = capsys.readouterr().out
    assert code == 0 and "63,493" in out


def test_command_line_unreachable_scheduler(capsys, monkeypatch):
    monkeypatch.setattr(_dask, "CONNECT_TIMEOUT", "1s")  # the default 10 s, waited out in vain
    code = main(["audit", "numpy.tanh", "--fmt", "binary16", "--scheduler", "tcp://127.0.0.1:9"])
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach the Dask scheduler" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_checkpoint_written_on_dask_resumes_locally(client, tmp_path):
    ck = tmp_path / "audit.ckpt"
    kw = dict(fmt="binary16", shard_size=4096, checkpoint=ck)
    first = tp.audit("numpy.tanh", client=client, **kw)
    again = tp.audit("numpy.tanh", processes=1, **kw)  # every shard from the checkpoint
    assert again.resumed_shards == again.shards_total > 1
    _same_report(first, again)


def test_ctrl_c_gives_a_partial_report_and_cancels_the_rest(client):
    def interrupt(done, total):
        if 0 < done < total:
            raise KeyboardInterrupt  # what the SIGINT handler raises, at the first finished shard

    r = tp.audit("numpy.tanh", fmt="binary16", shard_size=2048, client=client, progress=interrupt)
    assert r.partial and 0 < r.points < 63493

    def ours() -> list[str]:  # the scheduler's tasks of this audit (cancelling reaches it asynchronously)
        tasks = client.run_on_scheduler(lambda dask_scheduler: list(dask_scheduler.tasks))
        return [k for k in tasks if str(k).startswith("tanhproof-shard")]

    gc.collect()
    deadline = time.monotonic() + 30
    while ours() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert ours() == []  # nothing left queued or running on the cluster
