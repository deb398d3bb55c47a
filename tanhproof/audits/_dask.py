"""Run an audit's shards as Dask tasks, when one machine is not enough.

:class:`DaskShards` is an executor of :mod:`tanhproof.audits._executor` (``submit``,
``outcomes``, ``close``) over a :class:`distributed.Client`: every shard is one task,
``job(shard)`` on some worker of the cluster, and its tally comes back as the task
finishes. :func:`tanhproof.audits._run.audit` merges the tallies as it does for local
worker processes -- in shard order, so the report is the same as a local run's, with the
same progress bar, checkpoint and partial report on Ctrl-C.

Explanation
===========

**Faults.** Dask runs each task in a worker process under a nanny: a worker that dies
(``os._exit``, a segfault, the OOM killer) is restarted and its tasks are given to other
workers, up to the scheduler's ``distributed.scheduler.allowed-failures`` (3 by
default); a task that kills its worker more often than that ends as a
:class:`distributed.KilledWorker`, which is a failed shard here ("worker died running
this shard N+1 times"). A task that raises is a failed shard with the exception, as with
local workers. ``shard_timeout`` is not enforced on a cluster (a hung task holds its
worker until the cluster is stopped): Dask's worker time-to-live and the cluster's own
limits govern it, as the docs say.

**Interruption.** ``close(now=True)`` (Ctrl-C, SIGTERM) cancels every task not yet
finished; the client belongs to the caller and stays open.

**Shard identity.** Samples are generated inside each shard from ``(seed, shard
index)``, so a shard computes the same inputs on any worker of any machine.

Examples
========

>>> from distributed import Client, LocalCluster  # doctest: +SKIP
>>> cluster = LocalCluster(n_workers=2, threads_per_worker=1)  # doctest: +SKIP
>>> import tanhproof as tp  # doctest: +SKIP
>>> r = tp.audit("numpy.tanh", fmt="binary16", client=Client(cluster))  # doctest: +SKIP
>>> r.points, r.shard_failures  # doctest: +SKIP
(63493, ())
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from typing import Any

from tanhproof.audits._executor import Done, Failure, Outcome, _Base, _reason
from tanhproof.audits._sweep import Shard

__all__ = ["DaskShards", "connect"]

_RUN = itertools.count()


def _run_on_worker(job: Callable[[Shard], Any], shard: Shard) -> Any:
    """The task: the job's one-time setup (one thread per worker), then the shard."""
    setup = getattr(job, "setup", None)
    if setup is not None:
        setup()
    return job(shard)


#: How long :func:`connect` waits for a scheduler to answer.
CONNECT_TIMEOUT = "10s"


def connect(address: str) -> Any:
    """A :class:`distributed.Client` for the scheduler at ``address`` (``tcp://host:8786``).

    Raises a one-line :class:`~tanhproof.TanhproofError` when Dask is not installed or
    the scheduler does not answer within :data:`CONNECT_TIMEOUT`.
    """
    from tanhproof.expr._errors import TanhproofError

    try:
        from distributed import Client
    except ImportError:
        raise TanhproofError(
            "--scheduler needs Dask's distributed package: pip install 'tanhproof[dask]'"
        ) from None
    try:
        return Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise TanhproofError(f"cannot reach the Dask scheduler at {address!r}: {_reason(exc)}") from None


class DaskShards(_Base):
    """Shards as tasks of a Dask cluster (see the module docstring)."""

    def __init__(self, job: Callable[[Shard], Any], client: Any):
        from distributed import as_completed

        self.job = job
        self.client = client
        workers = client.scheduler_info().get("workers", {})
        self.processes = max(1, len(workers))
        self._prefix = f"tanhproof-shard-{os.getpid()}-{next(_RUN)}"
        self._shards: dict[str, Shard] = {}
        self._pending = as_completed()

    def submit(self, shard: Shard) -> None:
        future = self.client.submit(
            _run_on_worker, self.job, shard, key=f"{self._prefix}-{shard.index}", pure=False
        )
        self._shards[future.key] = shard
        self._pending.add(future)

    def outcomes(self) -> Iterator[Outcome]:
        from distributed import KilledWorker

        for future in self._pending:
            shard = self._shards.pop(future.key)
            if future.status == "finished":
                yield Done(shard, future.result())
                continue
            if future.status == "cancelled":
                yield Failure(shard, "cancelled by the Dask scheduler")
                continue
            exc = future.exception()
            if isinstance(exc, KilledWorker):
                yield Failure(shard, "a Dask worker died running this shard, every time it was retried")
            else:
                yield Failure(shard, _reason(exc), exc)

    def close(self, now: bool = False) -> None:
        futures = list(self._pending.futures)
        if futures:
            self.client.cancel(futures, force=True)
        self._pending.clear()
        self._shards.clear()
