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

:func:`readable` is the same text for a person rather than a parser: a constant
written as a decimal is shown as that exact decimal, and a definition by cases as
cases (the derivations' rule lines use it):

>>> x = sympy.Symbol("x")
>>> readable(sympy.Piecewise((sympy.Rational("1.0507") * x, x > 0), (sympy.exp(x) - 1, True)))
'{ 1.0507*x if x > 0; exp(x) - 1 otherwise }'
"""

from __future__ import annotations

import flint
import sympy
from sympy.printing.str import StrPrinter

__all__ = ["readable", "sstr"]


class _Printer(StrPrinter):
    def _print_Integer(self, expr):  # the name SymPy's printer protocol looks up
        return flint.fmpz(int(expr.p)).str()

    def _print_Rational(self, expr):
        if expr.q == 1:
            return self._print_Integer(expr)
        return f"{flint.fmpz(int(expr.p)).str()}/{flint.fmpz(int(expr.q)).str()}"


class _Readable(_Printer):
    def _print_Rational(self, expr):
        from tanhproof.expr._decimaltext import decimal_text

        return decimal_text(expr) or super()._print_Rational(expr)

    def _print_Mul(self, expr):
        from sympy.printing.precedence import PRECEDENCE

        from tanhproof.expr._decimaltext import decimal_text

        c, rest = expr.as_coeff_Mul()
        text = decimal_text(c) if c.is_Rational and not c.is_Integer and rest != 1 else None
        if text is None:
            return super()._print_Mul(expr)
        return f"{text}*{self.parenthesize(rest, PRECEDENCE['Mul'])}"

    def _print_Piecewise(self, expr):
        pieces = []
        for value, cond in expr.args:
            when = "otherwise" if cond == sympy.true else f"if {self._print(cond)}"
            pieces.append(f"{self._print(value)} {when}")
        return "{ " + "; ".join(pieces) + " }"


def readable(expr: sympy.Basic) -> str:
    """``expr`` as plain text for a person: exact decimals for decimal constants, cases as
    ``{ A if cond; B otherwise }`` (not read back by the parser; :func:`sstr` is)."""
    return _Readable({"order": None}).doprint(expr)


def sstr(expr: sympy.Basic) -> str:
    """``expr`` as SymPy's plain text, for numbers of any size."""
    return _Printer({"order": None}).doprint(expr)
