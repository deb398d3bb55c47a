r"""LaTeX mathematics in the claims' notation: :func:`sympy.latex` with two changes.

* A rational a person wrote as a decimal (denominator ``2^a·5^b``, at least 1000) is
  written as its exact decimal (:func:`tanhproof.expr._decimaltext.decimal_text`):
  ``0.044715 x^{3}``, not ``\frac{8943 x^{3}}{200000}``; small fractions stay
  fractions (``\frac{1}{2}``).
* A function defined by cases is an amsmath ``cases`` environment whose conditions
  stand alone in the second column (``x > 0``, the last one ``\text{otherwise}``),
  without SymPy's ``\text{for}``.

The Markdown output uses the same LaTeX inside ``$...$``.

Examples
========

>>> import sympy
>>> x = sympy.Symbol("x")
>>> latex(sympy.Rational(8943, 200000) * x**3 + x / 2)
'0.044715 x^{3} + \\frac{x}{2}'
>>> print(latex(sympy.Piecewise((x, x > 0), (sympy.exp(x) - 1, True))))
\begin{cases} x & x > 0 \\ e^{x} - 1 & \text{otherwise} \end{cases}
"""

from __future__ import annotations

from typing import Any

from sympy import S
from sympy.printing.latex import LatexPrinter
from sympy.printing.precedence import PRECEDENCE

from tanhproof.expr._decimaltext import decimal_text

__all__ = ["MathLatexPrinter", "latex"]


_ONE_OVER = r"\frac{1}{"


def _is_reciprocal(body: str) -> bool:
    """Whether ``body`` is one ``\\frac{1}{...}`` and nothing after it."""
    if not body.startswith(_ONE_OVER):
        return False
    depth = 1
    for k in range(len(_ONE_OVER), len(body)):
        depth += {"{": 1, "}": -1}.get(body[k], 0)
        if depth == 0:
            return k == len(body) - 1
    return False


class MathLatexPrinter(LatexPrinter):
    r""":class:`sympy.printing.latex.LatexPrinter` with exact decimals and plain ``cases``.

    >>> import sympy
    >>> MathLatexPrinter().doprint(-sympy.Rational(1, 1024) * sympy.sqrt(2))
    '- 0.0009765625 \\cdot \\sqrt{2}'
    """

    def _print_Rational(self, expr: Any) -> str:
        shown = decimal_text(expr)
        return shown if shown is not None else super()._print_Rational(expr)

    def _print_Mul(self, expr: Any) -> str:
        coeff, rest = expr.as_coeff_Mul()
        if coeff is S.NegativeOne and rest.is_Mul and rest.as_coeff_Mul()[0] is not S.One:
            inner = self._print_Mul(rest)  # -(0.5*x), as written: - 0.5 x
            return inner[2:] if inner.startswith("- ") else f"- {inner}"
        shown = decimal_text(abs(coeff)) if coeff.is_Rational and rest is not S.One else None
        if shown is None:
            return super()._print_Mul(expr)
        body = self._print(rest) if rest.is_Mul else self.parenthesize(rest, PRECEDENCE["Mul"], strict=False)
        sign = "- " if coeff.is_negative else ""
        if _is_reciprocal(body):  # \frac{0.5}{\pi x}, not 0.5 \frac{1}{\pi x}
            return sign + r"\frac{" + shown + "}" + body[len(_ONE_OVER) - 1 :]
        # a digit after the decimal would merge with it: 0.5 \cdot \sqrt{2} is clearer than 0.5 \sqrt{2}
        separator = r" \cdot " if body[:1].isdigit() or body.startswith(r"\sqrt") else " "
        return f"{sign}{shown}{separator}{body}"

    def _print_Piecewise(self, expr: Any) -> str:
        otherwise = r"\text{otherwise}"
        cases = [
            f"{self._print(value)} & {otherwise if cond is S.true else self._print(cond)}"
            for value, cond in expr.args
        ]
        return r"\begin{cases} " + r" \\ ".join(cases) + r" \end{cases}"


def latex(expr: Any) -> str:
    r"""``expr`` as LaTeX mathematics (no ``$``), like :func:`sympy.latex` but with exact
    decimals and plain ``cases``.

    >>> import sympy
    >>> latex(sympy.Rational(3, 4)), latex(sympy.Rational(-1, 8000))
    ('\\frac{3}{4}', '-0.000125')
    """
    return MathLatexPrinter().doprint(expr)
