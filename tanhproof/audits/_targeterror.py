"""TargetError, the one error a target gives, and the one-line messages it carries.

A target that does not resolve, or a call of one that misbehaves, raises a
:class:`TargetError` of one line that names the target; :func:`one_line` cuts a
library's own message (often many lines) down to that.

Examples
========

>>> one_line("\\n  first line\\nsecond line")
'first line'
>>> len(one_line("x" * 500))
200
>>> str(TargetError("target 'numpy.tanhh' does not resolve"))
"target 'numpy.tanhh' does not resolve"
"""

from __future__ import annotations

from tanhproof.expr._errors import TanhproofError

__all__ = ["MESSAGE_CHARS", "TargetError", "one_line"]

#: The longest message taken over from a target's own exception.
MESSAGE_CHARS = 200


class TargetError(TanhproofError, ValueError):
    """A target that does not resolve, or a call of one that misbehaved (one line, naming the target)."""

    __module__ = "tanhproof.audits"  # public there; tracebacks say so


def one_line(text: str, limit: int = MESSAGE_CHARS) -> str:
    """The first non-blank line of ``text``, shortened to ``limit`` characters."""
    for line in str(text).splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return ""
