"""The command's wall-clock safety net: one time limit for the whole command, never a verdict.

tanhproof's verdicts do not depend on time: every budget that can decide a verdict
is counted in work (degree, terms, precision, points), so the same claim gets the
same verdict on a fast, a slow or a loaded machine. A wall-clock limit exists only
as a last safety net for the command as a whole (``tanhproof --time-limit``): when
it fires the command stops, says so in one line that names the net, and gives no
verdict at all.

:class:`SafetyNet` is a context manager. In the main thread of a POSIX process it
arms ``ITIMER_REAL``; when the time is up, :class:`TimeLimitExceeded` is raised in
the main thread. It subclasses :class:`KeyboardInterrupt`, so the code that stops
cleanly on Ctrl-C (an audit's worker processes, its partial report) stops the same
way, and ``except Exception`` in the library cannot swallow it. Code that does not
return to Python (a long call into a C library) cannot be interrupted by a signal;
``hard_stop`` is then called ``grace`` seconds later from a watchdog thread (the
command line writes its line and ends the process there).

Outside the main thread, or where ``setitimer`` does not exist, only the watchdog
(if any) runs. The timer and the previous ``SIGALRM`` handler are restored on exit.

Examples
========

>>> import time
>>> with SafetyNet(None) as net:  # no limit: nothing is armed
...     pass
>>> net.fired
False
>>> try:
...     with SafetyNet(0.05) as net:
...         time.sleep(5)
... except TimeLimitExceeded as stop:
...     print(stop)
stopped by the wall-clock safety net after 0.05 s (--time-limit); the verdict does not depend on it
>>> net.fired
True
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable
from typing import Any, Self

__all__ = ["DEFAULT_GRACE", "SafetyNet", "TimeLimitExceeded", "stop_message"]

DEFAULT_GRACE = 10.0
"""Seconds between the signal and the watchdog's hard stop."""


def stop_message(seconds: float) -> str:
    """The one line that says the safety net stopped the command.

    Examples
    ========

    >>> stop_message(600)
    'stopped by the wall-clock safety net after 600 s (--time-limit); the verdict does not depend on it'
    """
    return (
        f"stopped by the wall-clock safety net after {seconds:g} s (--time-limit); "
        "the verdict does not depend on it"
    )


class TimeLimitExceeded(KeyboardInterrupt):
    """The command's wall-clock safety net fired (raised in the main thread)."""

    def __init__(self, seconds: float):
        super().__init__(stop_message(seconds))
        self.seconds = seconds

    def __str__(self) -> str:
        return stop_message(self.seconds)


class SafetyNet:
    """Raise :class:`TimeLimitExceeded` in the main thread after ``seconds`` (``None``: never).

    ``hard_stop``, if given, is called from a daemon thread ``grace`` seconds
    (default :data:`DEFAULT_GRACE`) after the limit when the block has still not
    ended (it should end the process).
    ``fired`` tells afterwards whether the limit was reached.
    """

    def __init__(
        self, seconds: float | None, *, hard_stop: Callable[[], Any] | None = None, grace: float | None = None
    ):
        self.seconds = seconds
        self.hard_stop = hard_stop
        self.grace = DEFAULT_GRACE if grace is None else grace
        self.fired = False
        self._old_handler: Any = None
        self._old_timer: tuple[float, float] = (0.0, 0.0)
        self._armed = False
        self._started = 0.0
        self._watchdog: threading.Timer | None = None

    def _on_alarm(self, signum: int, frame: Any) -> None:
        self.fired = True
        raise TimeLimitExceeded(self.seconds or 0.0)

    def __enter__(self) -> Self:
        if self.seconds is None:
            return self
        self._started = time.monotonic()
        if hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread():
            self._old_handler = signal.signal(signal.SIGALRM, self._on_alarm)
            self._old_timer = signal.setitimer(signal.ITIMER_REAL, self.seconds)
            self._armed = True
        if self.hard_stop is not None:
            self._watchdog = threading.Timer(self.seconds + self.grace, self._hard)
            self._watchdog.daemon = True
            self._watchdog.start()
        return self

    def _hard(self) -> None:
        self.fired = True
        assert self.hard_stop is not None
        self.hard_stop()

    def __exit__(self, *exc: object) -> None:
        if self._watchdog is not None:
            self._watchdog.cancel()
        if self._armed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, self._old_handler)
            remaining, interval = self._old_timer
            if remaining > 0:  # someone else's timer: put it back, less the time spent here
                left = max(remaining - (time.monotonic() - self._started), 1e-3)
                signal.setitimer(signal.ITIMER_REAL, left, interval)
            self._armed = False
