"""Plain one-line mathematics for the terminal.

:class:`PlainPrinter` is a small :class:`sympy.printing.str.StrPrinter` subclass
that prints the expressions tanhproof works with the way a person writes them on
one line, while staying unambiguous:

==============================  ==========================
SymPy                           plain text
==============================  ==========================
``exp(x)``, ``exp(-2*x)``       ``eˣ``, ``e⁻²ˣ``
``exp(x/2)``                    ``e^(x/2)``
``tanh(x)**2``                  ``tanh²(x)``
``cosh(x)**(-2)``               ``1/cosh²(x)``
``sqrt(x + 1)``                 ``√(x + 1)``
``Abs(x)``                      ``|x|``
``Derivative(f, x)``            ``d/dx [f]``
``Derivative(f, (x, 2))``       ``d²/dx² [f]``
``sigmoid(x)``                  ``σ(x)``
``4*exp(2*x)``, ``x*y``         ``4e²ˣ``, ``x·y``
``1 - x``                       ``1 − x``
``pi``                          ``π``
``Ne(x, 1)``, ``Abs(x) < 1``    ``x ≠ 1``, ``|x| < 1``
``8943*x/200000``               ``0.044715·x``
``Piecewise((x, x > 0),``       ``{ x if x > 0; eˣ − 1 otherwise }``
``(exp(x) - 1, True))``
==============================  ==========================

A rational a person wrote as a decimal (denominator ``2^a·5^b``, at least 1000) is
printed as its exact decimal (:func:`tanhproof.expr._decimaltext.decimal_text`), never
rounded; small fractions such as ``1/2`` stay fractions. A function defined by cases
is written in braces, its cases separated by ``;``, each ``VALUE if CONDITION`` and
the last ``VALUE otherwise`` (conditions joined by ``and``/``or``); it is mathematics
for reading, not text the parser accepts (the parser has no conditions).

A negative power is always written as a division (``tanh⁻¹`` would read as the
inverse function), a product of two non-numeric factors always carries ``·``,
and an exponent is written as a superscript only when it is an optional sign,
an optional integer and at most one one-letter variable; anything else uses
``^(...)``. If the expression has a variable called ``e``, ``exp`` is printed as
``exp(...)`` and Euler's number as ``E`` so that ``eˣ`` cannot be misread.

With ``unicode=False``, :func:`plain` returns :func:`sympy.sstr` (ASCII), with the
same exact decimals, cases (``{ x if x > 0; exp(x) - 1 otherwise }``) and relation
signs (``x != 1``).

Examples
========

>>> import sympy
>>> from tanhproof.render._plaintext import plain
>>> x = sympy.Symbol("x")
>>> plain(1 - sympy.tanh(x)**2)
'1 − tanh²(x)'
>>> plain(4*sympy.exp(2*x)/(sympy.exp(2*x) + 1)**2)
'4e²ˣ/(e²ˣ + 1)²'
>>> plain(sympy.Derivative(sympy.tanh(x), x))
'd/dx [tanh(x)]'
>>> plain(1 - sympy.tanh(x)**2, unicode=False)
'1 - tanh(x)**2'
"""

from __future__ import annotations

import re

import sympy
from sympy import Abs, Derivative, Pow, S, Symbol
from sympy.printing.precedence import PRECEDENCE
from sympy.printing.str import StrPrinter

from tanhproof.expr._decimaltext import decimal_text

__all__ = ["AsciiPrinter", "PlainPrinter", "plain", "superscript"]

_SUPERSCRIPTS = dict(
    zip(
        "0123456789-abcdefghijklmnoprstuvwxyz",
        "⁰¹²³⁴⁵⁶⁷⁸⁹⁻ᵃᵇᶜᵈᵉᶠᵍʰⁱʲᵏˡᵐⁿᵒᵖʳˢᵗᵘᵛʷˣʸᶻ",
        strict=True,
    )
)
# An optional sign, an optional integer, at most one letter that has a superscript.
_SIMPLE_EXPONENT = re.compile(r"-?[0-9]*[a-pr-z]?")

_NAMES = {"sigmoid": "σ"}

# A relation's sign: (Unicode, ASCII).
_RELATIONS = {
    "==": ("=", "="),
    "!=": ("≠", "!="),
    "<": ("<", "<"),
    "<=": ("≤", "<="),
    ">": (">", ">"),
    ">=": ("≥", ">="),
}


def superscript(text: str) -> str | None:
    """``text`` in superscript characters, or ``None`` if it is not a simple exponent.

    >>> superscript("2"), superscript("-2x"), superscript("x/2")
    ('²', '⁻²ˣ', None)
    """
    if not text or not _SIMPLE_EXPONENT.fullmatch(text) or text == "-":
        return None
    return "".join(_SUPERSCRIPTS[ch] for ch in text)


def _order_mark(n: int) -> str:
    """The superscript of a derivative's order ``n``: nothing for 1, ``³`` for 3."""
    if n == 1:
        return ""
    return superscript(str(n)) or f"^{n}"


class _NotationPrinter(StrPrinter):
    """What the Unicode and the ASCII printer share: exact decimals, cases, relations.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> AsciiPrinter().doprint(sympy.Piecewise((sympy.Rational(8943, 200000) * x**3, sympy.Ne(x, 1)), (0, True)))
    '{ 0.044715*x**3 if x != 1; 0 otherwise }'
    """

    #: Index into :data:`_RELATIONS`: 0 for Unicode signs, 1 for ASCII.
    _sign_index = 0

    def _print_Relational(self, expr) -> str:
        op = _RELATIONS[expr.rel_op][self._sign_index]
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_Rational(self, expr) -> str:
        shown = decimal_text(expr)
        return shown if shown is not None else super()._print_Rational(expr)

    def _print_Piecewise(self, expr) -> str:
        cases = [
            f"{self._print(value)} otherwise"
            if cond is S.true
            else f"{self._print(value)} if {self._condition(cond)}"
            for value, cond in expr.args
        ]
        return "{ " + "; ".join(cases) + " }"

    def _condition(self, cond) -> str:
        if isinstance(cond, (sympy.And, sympy.Or)):
            word = " and " if isinstance(cond, sympy.And) else " or "
            return word.join(
                f"({self._condition(c)})" if isinstance(c, (sympy.And, sympy.Or)) else self._condition(c)
                for c in cond.args
            )
        return self._print(cond)

    def _decimal_product(self, expr) -> str | None:
        """``0.044715*x**3``, not ``8943*x**3/200000``: a product whose coefficient is
        printed as a decimal, or ``None`` if the coefficient is not one."""
        coeff, rest = expr.as_coeff_Mul()
        if coeff in (S.One, S.NegativeOne) and rest.is_Mul and rest is not expr:  # -(0.5*x), as written
            inner = self._decimal_product(rest)
            if inner is None or coeff is S.One:
                return inner
            return inner[1:] if inner.startswith("-") else f"-{inner}"
        shown = decimal_text(abs(coeff)) if coeff.is_Rational and rest is not S.One else None
        if shown is None:
            return None
        # a·(b/c) = a·b/c: a product or quotient needs no brackets after the decimal
        body = self._print(rest) if rest.is_Mul else self.parenthesize(rest, PRECEDENCE["Mul"], strict=False)
        sign = "-" if coeff.is_negative else ""
        return f"{sign}{shown}{body[1:] if body.startswith('1/') else '*' + body}"

    def _print_Mul(self, expr) -> str:
        decimal_product = self._decimal_product(expr)
        return decimal_product if decimal_product is not None else super()._print_Mul(expr)


class AsciiPrinter(_NotationPrinter):
    """SymPy's ``sstr`` (ASCII, text the parser reads where it has no cases) with the
    notation's exact decimals, cases and relation signs.

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> AsciiPrinter().doprint(1 - sympy.tanh(x)**2 + sympy.Rational(1, 1024))
    '1.0009765625 - tanh(x)**2'
    """

    _sign_index = 1


class PlainPrinter(_NotationPrinter):
    """Print SymPy expressions as plain one-line Unicode mathematics.

    See the module docstring for the conventions.

    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> PlainPrinter().doprint(sympy.sqrt(x)*y - sympy.exp(-x))
    '√x·y − e⁻ˣ'
    """

    printmethod = "_tanhproof_plain"

    def __init__(self, settings=None):
        super().__init__(settings)
        self._euler_letter = True

    def doprint(self, expr) -> str:
        if not isinstance(expr, sympy.Basic):  # never sympify: text is printed as it is
            return str(expr)
        self._euler_letter = not any(s.name == "e" for s in expr.atoms(Symbol))
        # StrPrinter joins factors with "*" and terms with " - "; this printer never
        # emits "**" and exact numbers never contain "-" inside, so both can be swapped.
        return super().doprint(expr).replace("*", "·").replace("-", "−")

    # -- atoms -------------------------------------------------------------------
    def _print_Exp1(self, expr) -> str:
        return "e" if self._euler_letter else "E"

    def _print_Pi(self, expr) -> str:
        return "π"

    # -- functions ---------------------------------------------------------------
    def _function_name(self, expr) -> str:
        name = expr.func.__name__
        return _NAMES.get(name, name)

    def _print_Function(self, expr) -> str:
        return f"{self._function_name(expr)}({self.stringify(expr.args, ', ')})"

    def _print_exp(self, expr) -> str:
        if not self._euler_letter:
            return f"exp({self._print(expr.args[0])})"
        exponent = self._print(expr.args[0])
        sup = superscript(exponent)
        return f"e{sup}" if sup is not None else f"e^({exponent})"

    def _print_Abs(self, expr) -> str:
        return f"|{self._print(expr.args[0])}|"

    def _print_Derivative(self, expr) -> str:
        counts = list(expr.variable_count)
        order = sum(int(n) for _, n in counts)
        if len(counts) == 1:
            var, n = counts[0]
            sup = _order_mark(n)
            op = f"d{sup}/d{self._print(var)}{sup}"
        else:
            denominators = "".join(f"∂{self._print(v)}{_order_mark(n)}" for v, n in counts)
            op = f"∂{_order_mark(order)}/{denominators}"
        return f"{op} [{self._print(expr.expr)}]"

    # -- powers and products ------------------------------------------------------
    def _print_Pow(self, expr, rational=False) -> str:
        base, exponent = expr.base, expr.exp
        if exponent is S.Half:
            return f"√{self._radicand(base)}"
        if exponent.is_Rational and exponent.is_negative:
            positive = base if exponent == -1 else Pow(base, -exponent, evaluate=False)
            return f"1/{self.parenthesize(positive, PRECEDENCE['Mul'], strict=False)}"
        text = self._print(exponent)
        sup = superscript(text)
        if sup is None:
            bare = exponent.is_Symbol or (exponent.is_Integer and exponent.is_nonnegative)
            shown = text if bare else f"({text})"
            return f"{self._power_base(base)}^{shown}"
        if isinstance(base, sympy.Function) and not isinstance(base, (sympy.exp, Abs)):
            return f"{self._function_name(base)}{sup}({self.stringify(base.args, ', ')})"
        return f"{self._power_base(base)}{sup}"

    def _radicand(self, base) -> str:
        text = self._print(base)
        bare = base.is_Symbol or (base.is_Integer and base.is_positive) or base in (S.Pi, S.Exp1)
        return text if bare else f"({text})"

    def _power_base(self, base) -> str:
        text = self._print(base)
        atom = (
            base.is_Symbol
            or (base.is_Integer and base.is_positive)
            or base in (S.Pi, S.Exp1)
            or (isinstance(base, (sympy.Function, Abs)) and not isinstance(base, sympy.exp))
        )
        return text if atom else f"({text})"

    def _print_Mul(self, expr) -> str:
        decimal_product = self._decimal_product(expr)
        if decimal_product is not None:
            return decimal_product
        coeff, rest = expr.as_coeff_Mul()
        if (
            coeff.is_Integer
            and abs(coeff) != 1
            and rest is not S.One
            and not rest.has(Derivative)
            and not rest.is_Number
        ):
            body = self.parenthesize(rest, PRECEDENCE["Mul"], strict=True)
            if _juxtaposable(body):
                sign = "-" if coeff.is_negative else ""
                return f"{sign}{abs(coeff)}{body}"
        return super()._print_Mul(expr)


def _juxtaposable(body: str) -> bool:
    """Whether an integer may be written directly before ``body`` (``2x``, ``4e²ˣ``,
    ``2(x + 1)``, ``3√x``) rather than with a dot (``3·tanh(x)``): only before a
    bracket, a root, a one-letter name or a Greek letter."""
    first, second = body[:1], body[1:2]
    if first in ("(", "√", "|", "π", "σ"):
        return True
    return first.isascii() and first.isalpha() and not (second.isascii() and second.isalpha())


def plain(expr, unicode: bool = True) -> str:
    """Print ``expr`` as plain one-line mathematics (if not ``unicode``, ASCII:
    SymPy's ``sstr`` with the same decimals, cases and relation signs).

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> plain(sympy.sech(x)**2), plain(1/sympy.cosh(x)**2)
    ('sech²(x)', '1/cosh²(x)')
    >>> plain(4/(sympy.exp(x) + sympy.exp(-x))**2)
    '4/(eˣ + e⁻ˣ)²'
    >>> plain(sympy.Ne(x, 1)), plain(sympy.Ne(x, 1), unicode=False)
    ('x ≠ 1', 'x != 1')
    """
    if not unicode:
        return AsciiPrinter().doprint(expr) if isinstance(expr, sympy.Basic) else str(expr)
    return PlainPrinter().doprint(expr)
