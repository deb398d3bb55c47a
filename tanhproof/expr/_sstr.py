"""SymPy's plain-text printing without Python's integer-to-string limit.

Python refuses to convert integers of more than 4,300 digits to text
(:func:`sys.set_int_max_str_digits`, a process-wide safety setting that tanhproof
leaves alone), so ``sympy.sstr`` raises ``ValueError`` on a constant such as
``10**5000``. :func:`sstr` prints integers and rationals through python-flint's own
conversion instead, and is otherwise SymPy's ``sstr``.

Examples
========

>>> import sympy
>>> sstr(sympy.Rational(3, 4) + sympy.Symbol("x"))
'x + 3/4'
>>> len(sstr(sympy.Integer(10) ** 5000))
5001
"""

from __future__ import annotations

import flint
import sympy
from sympy.printing.str import StrPrinter

__all__ = ["sstr"]


class _Printer(StrPrinter):
    def _print_Integer(self, expr):  # the name SymPy's printer protocol looks up
        return flint.fmpz(int(expr.p)).str()

    def _print_Rational(self, expr):
        if expr.q == 1:
            return self._print_Integer(expr)
        return f"{flint.fmpz(int(expr.p)).str()}/{flint.fmpz(int(expr.q)).str()}"


def sstr(expr: sympy.Basic) -> str:
    """``expr`` as SymPy's plain text, for numbers of any size."""
    return _Printer({"order": None}).doprint(expr)
