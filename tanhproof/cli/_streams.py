"""The command's standard streams: a report written once and checked, messages that never fail.

A command-line report is worth nothing if it does not arrive, so writing it is part
of the command's result:

* :func:`write_output` writes the report to stdout and flushes it at once; a closed
  stdout, a reader that left (``EPIPE``), a full disk (``ENOSPC``) or any other
  ``OSError`` raises :class:`OutputError` with one line that says which. The
  command line turns it into exit code 2 (an output failure), never a traceback.
* :func:`say` writes one line to stderr and never raises: a closed or failing stderr
  loses the message but never changes the command's exit code.
* :func:`guard_std_fds` puts ``/dev/null`` on the standard file descriptors that are
  closed when the command starts, so that no file the command opens later (a plot,
  a worker's pipe) takes the number 1 or 2 and receives text meant for a terminal.

After a failed write the stream's file descriptor is pointed at ``/dev/null``, so
that the interpreter's own flush at exit does not fail again (which would print
"Exception ignored" and change the exit status to 120).

Examples
========

>>> import io
>>> class Full(io.StringIO):
...     def flush(self):
...         raise OSError(28, "No space left on device")
>>> try:
...     write_output("proved", Full())
... except OutputError as exc:
...     print(exc)
cannot write the output to stdout: no space left on device (ENOSPC)
>>> say("a message that nobody can read", stream=None)  # no stderr: nothing, no error
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from typing import Any, TextIO

__all__ = ["OutputError", "describe_os_error", "guard_std_fds", "say", "stderr_is_terminal", "write_output"]

_REASONS = {
    errno.EPIPE: "the reader closed the pipe (EPIPE)",
    errno.ENOSPC: "no space left on device (ENOSPC)",
    errno.EBADF: "the file descriptor is closed (EBADF)",
    errno.EIO: "input/output error (EIO)",
    errno.EDQUOT: "disk quota exceeded (EDQUOT)",
    errno.EFBIG: "file too large (EFBIG)",
}


class OutputError(Exception):
    """The report could not be written (exit code 2, one line on stderr)."""


def describe_os_error(exc: OSError) -> str:
    """A short reason for ``exc``: ``'no space left on device (ENOSPC)'``.

    Examples
    ========

    >>> describe_os_error(BrokenPipeError(32, "Broken pipe"))
    'the reader closed the pipe (EPIPE)'
    >>> describe_os_error(OSError(13, "Permission denied"))
    'permission denied (EACCES)'
    """
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    text = (exc.strerror or str(exc) or type(exc).__name__).strip()
    name = errno.errorcode.get(exc.errno or -1)
    reason = text[:1].lower() + text[1:]
    return f"{reason} ({name})" if name else reason


def _fileno(stream: Any) -> int | None:
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):  # io.UnsupportedOperation is both
        return None
    return fd if isinstance(fd, int) and fd >= 0 else None


def _silence(stream: Any) -> None:
    """Point ``stream``'s descriptor at /dev/null, so the exit-time flush cannot fail again."""
    fd = _fileno(stream)
    if fd is None:
        return
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        try:
            if devnull != fd:
                os.dup2(devnull, fd)
        finally:
            if devnull != fd:
                os.close(devnull)


def _encodable(text: str, stream: Any) -> str:
    """``text``, with what the stream's encoding cannot hold written as ``\\u`` escapes."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        try:
            return text.encode(encoding, errors="backslashreplace").decode(encoding, errors="replace")
        except LookupError:
            return text.encode("ascii", errors="backslashreplace").decode("ascii")
    return text


def write_output(text: str, stream: TextIO | None = None) -> None:
    """Write ``text`` (plus a final newline) to ``stream`` (default ``sys.stdout``) and flush.

    Raises :class:`OutputError` naming the problem when the text does not reach
    the stream's file: a closed stream, ``EPIPE``, ``ENOSPC``, any ``OSError``.

    Examples
    ========

    >>> import io
    >>> out = io.StringIO()
    >>> write_output("tanh", out); out.getvalue()
    'tanh\\n'
    """
    stream = sys.stdout if stream is None else stream
    if stream is None:  # Python sets sys.stdout to None when descriptor 1 is closed
        raise OutputError("cannot write the output: standard output is closed")
    text = _encodable(text if text.endswith("\n") else text + "\n", stream)
    try:
        stream.write(text)
        stream.flush()
    except OSError as exc:
        _silence(stream)
        raise OutputError(f"cannot write the output to stdout: {describe_os_error(exc)}") from None
    except ValueError:  # "I/O operation on closed file"
        raise OutputError("cannot write the output: standard output is closed") from None


def say(line: str, stream: TextIO | None = None) -> None:
    """Write ``line`` to stderr (or ``stream``), as one line; never raise.

    A message that cannot be written is lost: the exit code alone carries the result.
    """
    stream = sys.stderr if stream is None else stream
    if stream is None:
        return
    try:
        stream.write(_encodable(" ".join(str(line).split()) + "\n", stream))
        stream.flush()
    except (OSError, ValueError, AttributeError):
        _silence(stream)


def stderr_is_terminal() -> bool:
    """Whether stderr exists and is a terminal (for progress bars)."""
    try:
        return sys.stderr is not None and sys.stderr.isatty()
    except (OSError, ValueError, AttributeError):
        return False


def guard_std_fds() -> None:
    """Open ``/dev/null`` on each of the descriptors 0, 1 and 2 that is closed.

    ``sys.stdout`` and ``sys.stderr`` stay ``None`` when they were closed at start-up,
    so the command still knows that its output cannot be written; only the numbers
    are taken, so that a file opened later cannot become "stdout".
    """
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
        except OSError:
            with contextlib.suppress(OSError):
                opened = os.open(os.devnull, os.O_RDWR)
                if opened != fd:  # the lowest free number is ``fd`` itself unless a lower one is free
                    os.dup2(opened, fd)
                    os.close(opened)
