"""Exceptions raised by tanhproof.

Every error a user can provoke with bad input derives from :class:`TanhproofError`,
so front ends catch one class and print one line.

Examples
========

>>> from tanhproof.expr._errors import ParseError, TanhproofError
>>> issubclass(ParseError, TanhproofError)
True
>>> str(ParseError("unknown name 'foo'", text="foo(x)", position=1))
"unknown name 'foo' (at column 1 of 'foo(x)')"
"""

from __future__ import annotations

__all__ = ["DomainError", "LimitError", "ParseError", "TanhproofError"]

#: The errors are public as ``tanhproof.<Name>``; tracebacks and ``repr`` say so.
PUBLIC_MODULE = "tanhproof"


class TanhproofError(Exception):
    """Base class of every error caused by input that tanhproof refuses."""


class DomainError(TanhproofError, ValueError):
    """The expression is undefined (or not certifiably defined) at the point:
    a pole, ``log`` of a non-positive number, ``sqrt`` of a negative one."""


class ParseError(TanhproofError, ValueError):
    """The text is not an expression of the accepted grammar.

    ``position`` is the 1-based column of the offending token (or ``None``), and
    ``text`` is the text that was being parsed.
    """

    def __init__(self, message: str, *, text: str | None = None, position: int | None = None):
        self.message = message
        self.text = text
        self.position = position
        super().__init__(message)

    def __str__(self) -> str:
        where = []
        if self.position is not None:
            where.append(f"at column {self.position}")
        if self.text is not None:
            shown = self.text if len(self.text) <= 60 else self.text[:57] + "..."
            where.append(f"of {shown!r}")
        return f"{self.message} ({' '.join(where)})" if where else self.message


class LimitError(ParseError):
    """A documented resource limit (size, depth, degree, digits, time) was exceeded.

    It subclasses :class:`ParseError` because most limits are met while reading the
    input; those met later (polynomial degree, time) carry no position.
    """


for _cls in (TanhproofError, DomainError, ParseError, LimitError):
    _cls.__module__ = PUBLIC_MODULE
del _cls
