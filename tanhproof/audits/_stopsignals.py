"""What a running audit does on SIGINT and SIGTERM, and the registry of live workers it kills.

:func:`stop_signals` is the policy, in force while an audit runs in the main thread:
the first SIGINT raises :class:`KeyboardInterrupt` (the audit stops, kills its workers
and returns the report of the shards finished so far, marked partial); with
``terminate``, the first SIGTERM raises :class:`Terminated` the same way (the command
line exits 143); any later signal SIGKILLs every live worker at once
(:func:`kill_workers`) and raises again, so a second Ctrl-C ends the wait for good.
A signal sent to the parent alone does what one sent to the process group does:
workers ignore both signals and leave the decision to their supervisor
(:mod:`tanhproof.audits._executor`), which registers each worker in :data:`LIVE`.

Examples
========

>>> import signal
>>> with stop_signals():
...     signal.getsignal(signal.SIGINT) is signal.default_int_handler
False
>>> signal.getsignal(signal.SIGINT) is signal.default_int_handler
True
>>> str(Terminated())
'SIGTERM'
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Iterator
from typing import Any

__all__ = ["LIVE", "Terminated", "kill_workers", "stop_signals"]

#: Every live worker process of every executor (a signal handler may kill them).
LIVE: set[Any] = set()


class Terminated(KeyboardInterrupt):
    """SIGTERM arrived while :func:`stop_signals` was in force (raised in the main thread)."""

    def __str__(self) -> str:
        return "SIGTERM"


def kill_workers() -> None:
    """SIGKILL every live worker of every executor (safe in a signal handler)."""
    for process in list(LIVE):
        with contextlib.suppress(OSError, ValueError, AttributeError, TypeError):
            if process.pid is not None:
                os.kill(process.pid, signal.SIGKILL)


_ACTIVE: list[bool] = []


@contextlib.contextmanager
def stop_signals(*, terminate: bool = False) -> Iterator[None]:
    """The signal policy of a running audit (main thread only; nested uses are no-ops).

    The first SIGINT raises :class:`KeyboardInterrupt`; with ``terminate``, the first
    SIGTERM raises :class:`Terminated`. Any later one SIGKILLs every worker at once and
    raises again, so nothing can keep the caller waiting. The previous handlers come
    back on exit. Without ``terminate`` SIGTERM keeps its handler (by default it ends
    the process, and the workers die with it).
    """
    if threading.current_thread() is not threading.main_thread() or _ACTIVE:
        yield
        return
    seen: list[int] = []

    def handler(signum: int, frame: Any) -> None:
        seen.append(signum)
        if len(seen) > 1:
            kill_workers()
        raise Terminated() if signum == signal.SIGTERM else KeyboardInterrupt()

    old_int = signal.signal(signal.SIGINT, handler)
    old_term = signal.signal(signal.SIGTERM, handler) if terminate else None
    _ACTIVE.append(True)
    try:
        yield
    finally:
        _ACTIVE.pop()
        signal.signal(signal.SIGINT, old_int)
        if old_term is not None:
            signal.signal(signal.SIGTERM, old_term)
