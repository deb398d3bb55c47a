"""Run an audit's shards somewhere that a crashing, hanging or interrupted target cannot hurt.

An *executor* takes shards (:class:`~tanhproof.audits._sweep.Shard`) and gives back, as
each one finishes, an outcome: :class:`Done` (the shard's
:class:`~tanhproof.audits._accuracy.Tally`) or :class:`Failure` (the shard and why it has no
tally). The work itself is a *job*, a callable ``job(shard) -> Tally`` that pickles (or
that forked workers inherit). The interface is three methods, so that another engine
(a Dask cluster) can stand in for the local one:

``submit(shard)``
    queue a shard;
``outcomes()``
    yield one outcome per submitted shard, in the order they finish, and return when
    every submitted shard has one (more may be submitted afterwards);
``close(now=False)``
    stop everything; with ``now``, at once (an interrupt). Executors are context
    managers that close on exit, at once when the block raised.

Explanation
===========

:class:`InProcess` runs the job in the caller (``processes=0``): fastest for tiny
audits and for debugging, but a target that crashes ends the caller, and nothing
bounds a hang.

:class:`Processes` runs it in worker processes, one pipe each, under a supervisor
that waits on the pipes and on the processes' sentinels at once
(:func:`multiprocessing.connection.wait`), so it sees a death as soon as it happens:

- a target that raises gives ``Failure(shard, "target ... raised ...")`` with the
  exception in ``error``; the worker goes on with the next shard;
- a worker that dies (``os._exit``, a segfault, the kernel's OOM killer) gives
  ``Failure(shard, "worker killed by signal 11 (SIGSEGV)")`` or ``"worker exited with
  code 3"``; a fresh worker takes its place;
- a shard without an answer ``timeout`` seconds after it was sent gives
  ``Failure(shard, "no answer in 60 s")``; its worker is killed and replaced.

Workers ignore SIGINT and SIGTERM (the supervisor decides: a Ctrl-C reaches the whole
process group, and the audit must stop as one), die with their parent (Linux
``PR_SET_PDEATHSIG``; elsewhere they notice the closed pipe), and are stopped by
``close``: their pipes closed, then SIGKILL and ``join``, so none outlives the audit.
The caller's side of signals -- the first Ctrl-C stops, the second kills every worker
at once -- is :func:`~tanhproof.audits._stopsignals.stop_signals`.

Examples
========

>>> from tanhproof.audits._sweep import plan
>>> shards = plan((1, 2), "binary16", shard_size=1024)
>>> def count(shard):
...     if shard.index == 1:
...         raise ValueError("no")
...     return shard.size
>>> with Processes(count, processes=2, timeout=30) as ex:
...     for s in shards:
...         ex.submit(s)
...     got = sorted((type(o).__name__, o.shard.index) for o in ex.outcomes())
>>> got
[('Done', 0), ('Failure', 1)]
>>> with InProcess(count) as ex:
...     ex.submit(shards[1])
...     [o.reason for o in ex.outcomes()]
['raised ValueError: no']
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import faulthandler
import multiprocessing
import os
import pickle
import signal
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from typing import Any, Protocol, Self

from tanhproof.audits._stopsignals import LIVE, Terminated, kill_workers, stop_signals
from tanhproof.audits._sweep import Shard

__all__ = [
    "Done",
    "Executor",
    "Failure",
    "InProcess",
    "Outcome",
    "Processes",
    "Terminated",
    "describe_exit",
    "kill_workers",
    "stop_signals",
]


@dataclass(frozen=True)
class Done:
    """A shard that finished, and its result (a Tally)."""

    shard: Shard
    tally: Any


@dataclass(frozen=True)
class Failure:
    """A shard without a result, and why (one line). ``error`` is the exception when
    the job raised one (None when its worker died or did not answer)."""

    shard: Shard
    reason: str
    error: BaseException | None = field(default=None, compare=False, repr=False)


Outcome = Done | Failure


class Executor(Protocol):
    """What :func:`tanhproof.audits._run.audit` needs from an engine (see the module docstring)."""

    processes: int

    def submit(self, shard: Shard) -> None: ...

    def outcomes(self) -> Iterator[Outcome]: ...

    def close(self, now: bool = False) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


def _reason(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    if text.startswith("target "):  # a TargetError already says who raised what
        return text
    return f"raised {type(exc).__name__}" + (f": {text}" if text else "")


def describe_exit(exitcode: int | None) -> str:
    """Why a worker stopped, from its exit code (negative: the signal that killed it).

    >>> describe_exit(-11), describe_exit(3)
    ('worker killed by signal 11 (SIGSEGV)', 'worker exited with code 3')
    """
    if exitcode is None:
        return "worker stopped answering"
    if exitcode < 0:
        try:
            name = f" ({signal.Signals(-exitcode).name})"
        except ValueError:
            name = ""
        return f"worker killed by signal {-exitcode}{name}"
    return f"worker exited with code {exitcode}"


class _Base:
    processes = 0

    def close(self, now: bool = False) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close(now=exc[0] is not None)


class InProcess(_Base):
    """Run the job in this process: an exception is a :class:`Failure`; a crash or a
    hang is the caller's (KeyboardInterrupt and SystemExit pass through)."""

    def __init__(self, job: Callable[[Shard], Any]):
        self.job = job
        self._queue: collections.deque[Shard] = collections.deque()

    def submit(self, shard: Shard) -> None:
        self._queue.append(shard)

    def outcomes(self) -> Iterator[Outcome]:
        while self._queue:
            shard = self._queue.popleft()
            try:
                tally = self.job(shard)
            except Exception as exc:  # noqa: BLE001 - the caller decides what a failure means
                yield Failure(shard, _reason(exc), exc)
            else:
                yield Done(shard, tally)

    def close(self, now: bool = False) -> None:
        self._queue.clear()


# --- worker processes ----------------------------------------------------------------------------------------


def _die_with_parent(parent: int) -> None:
    """Ask Linux to SIGKILL this process when its parent dies (and check it is still alive)."""
    with contextlib.suppress(Exception):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _portable(exc: BaseException) -> BaseException:
    """The exception itself if it pickles, else a RuntimeError that says what it was."""
    try:
        pickle.loads(pickle.dumps(exc))
    except Exception:  # noqa: BLE001 - any pickling failure
        return RuntimeError(_reason(exc))
    return exc


def _worker_main(conn: Any, job: Callable[[Shard], Any], parent: int, inherited: list[Any]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    for other in inherited:  # the supervisor's ends of the pipes, copied by fork: a closed pipe means EOF
        with contextlib.suppress(OSError):
            other.close()
    _die_with_parent(parent)
    faulthandler.disable()  # a crash of the target is reported by the parent, not dumped here
    try:
        setup = getattr(job, "setup", None)
        if setup is not None:
            setup()
        conn.send(("ready", None))
        while True:
            try:
                shard = conn.recv()
            except (EOFError, OSError):
                return
            if shard is None:
                return
            try:
                answer = ("done", job(shard))
            except BaseException as exc:  # noqa: BLE001 - the parent decides; SystemExit from a target too
                answer = ("raised", _portable(exc))
            conn.send(answer)
    except (BrokenPipeError, EOFError, OSError):  # the parent has gone: nothing to tell
        return
    except BaseException as exc:  # noqa: BLE001 - setup failed
        with contextlib.suppress(Exception):
            conn.send(("broken", _portable(exc)))


class _GuardedStream:
    """A standard stream whose ``flush`` ignores OSError (a closed or full stdout/stderr)."""

    def __init__(self, stream: Any):
        self._stream = stream

    def flush(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self._stream.flush()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextlib.contextmanager
def _flush_errors_ignored() -> Iterator[None]:
    """multiprocessing flushes stdout and stderr before it forks a worker; a stream that
    cannot be flushed (the command's stderr closed or full) must not stop the audit: the
    command reports its output failure itself, with exit code 2."""
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = (s if s is None else _GuardedStream(s) for s in saved)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved


@dataclass(eq=False)
class _Worker:
    process: Any
    conn: Any
    ready: bool = False
    shard: Shard | None = None
    deadline: float = 0.0


#: Seconds a new worker may take to start (import its libraries, resolve its target).
START_TIMEOUT = 300.0


class Processes(_Base):
    """Run the job in up to ``processes`` worker processes, each shard within ``timeout``
    seconds (None: no limit); ``method`` is the multiprocessing start method (default:
    ``fork`` where there is one). See the module docstring."""

    def __init__(
        self,
        job: Callable[[Shard], Any],
        processes: int,
        timeout: float | None = None,
        method: str | None = None,
    ):
        if method is None:
            method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        self.job = job
        self.processes = max(1, processes)
        self.timeout = timeout
        self._method = method
        self._ctx: Any = multiprocessing.get_context(method)
        self._queue: collections.deque[Shard] = collections.deque()
        self._workers: list[_Worker] = []
        self._closed = False

    def submit(self, shard: Shard) -> None:
        self._queue.append(shard)

    def _start(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        inherited = [w.conn for w in self._workers] + [parent] if self._method == "fork" else []
        process = self._ctx.Process(
            target=_worker_main, args=(child, self.job, os.getpid(), inherited), daemon=True
        )
        worker = _Worker(process, parent, deadline=time.monotonic() + START_TIMEOUT)
        # Blocked while it forks, so that no signal reaches the child before it ignores them.
        old = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            with _flush_errors_ignored():
                process.start()
        finally:
            if process.pid is not None:  # started: known before anything can interrupt
                LIVE.add(process)
                self._workers.append(worker)
            signal.pthread_sigmask(signal.SIG_SETMASK, old)
            child.close()
        return worker

    def _retire(self, worker: _Worker) -> None:
        """Kill a worker (dead, hung or no longer needed) and forget it."""
        with contextlib.suppress(OSError):
            worker.conn.close()
        if worker.process.exitcode is None:
            with contextlib.suppress(OSError, ValueError):
                worker.process.kill()
        worker.process.join()
        LIVE.discard(worker.process)
        self._workers.remove(worker)

    def _dispatch(self) -> None:
        busy = sum(1 for w in self._workers if w.shard is not None)
        want = min(self.processes, busy + len(self._queue))
        while len(self._workers) < want:
            self._start()
        for w in list(self._workers):
            if w.ready and w.shard is None and self._queue:
                shard = self._queue.popleft()
                w.shard = shard
                w.deadline = time.monotonic() + self.timeout if self.timeout is not None else float("inf")
                try:
                    w.conn.send(shard)
                except OSError:  # it died while idle; its sentinel reports it
                    pass

    def _death(self, w: _Worker) -> Failure | None:
        w.process.join(5)
        reason = describe_exit(w.process.exitcode)
        shard = w.shard
        self._retire(w)
        if shard is not None:
            return Failure(shard, reason)
        if not w.ready:
            raise RuntimeError(f"a worker process could not start: {reason}")
        return None

    def outcomes(self) -> Iterator[Outcome]:
        while self._queue or any(w.shard is not None for w in self._workers):
            self._dispatch()
            now = time.monotonic()
            soonest = min(w.deadline for w in self._workers)
            ready = wait(
                [w.conn for w in self._workers] + [w.process.sentinel for w in self._workers],
                timeout=max(0.0, min(soonest - now, 3600.0)),
            )
            for w in list(self._workers):
                if w.conn in ready:
                    try:
                        kind, value = w.conn.recv()
                    except (EOFError, OSError):
                        failure = self._death(w)
                        if failure is not None:
                            yield failure
                        continue
                    w.deadline = float("inf")
                    if kind == "ready":
                        w.ready = True
                    elif kind == "broken":
                        self._retire(w)
                        raise value
                    else:
                        shard, w.shard = w.shard, None
                        assert shard is not None
                        yield Done(shard, value) if kind == "done" else Failure(shard, _reason(value), value)
                elif w.process.sentinel in ready:
                    failure = self._death(w)
                    if failure is not None:
                        yield failure
            now = time.monotonic()
            for w in list(self._workers):
                if w in self._workers and now >= w.deadline:
                    shard = w.shard
                    self._retire(w)
                    if shard is None:
                        raise RuntimeError(f"a worker process did not start within {START_TIMEOUT:g} s")
                    yield Failure(shard, f"no answer in {self.timeout:g} s")

    def close(self, now: bool = False) -> None:
        """Stop every worker: close their pipes (an idle worker then exits by itself),
        wait a moment unless ``now``, then SIGKILL and join whatever is left. A
        KeyboardInterrupt meanwhile (a second Ctrl-C) is raised once all are gone."""
        self._queue.clear()
        pending: BaseException | None = None
        for w in self._workers:
            with contextlib.suppress(OSError):
                if not now and w.shard is None:
                    w.conn.send(None)  # an idle worker: stop
                w.conn.close()
        if not now:
            limit = time.monotonic() + 2.0
            for w in self._workers:
                try:
                    w.process.join(max(0.0, limit - time.monotonic()))
                except KeyboardInterrupt as exc:
                    pending = exc
                    break
        while self._workers:
            try:
                self._retire(self._workers[0])
            except KeyboardInterrupt as exc:  # the worker is killed on the next turn
                pending = exc
        if pending is not None:
            raise pending
