"""The asymptotic scale ``c * t**a * exp(P(t)) * log(t)**k`` as ``t -> +oo``.

A *scale monomial* is ``c * t**a * exp(P(t)) * log(t)**k`` with ``c`` a nonzero exact
constant, ``a`` and ``k`` rationals and ``P`` a sum of terms ``b_d * t**d`` with rational
``d > 0`` and nonzero constant ``b_d`` (its constant term lives in ``c``). ``f ~ m``
means ``f/m -> 1``. Two monomials are compared by the growth of their quotient,
``t**(a1-a2) * exp(P1-P2) * log(t)**(k1-k2)``: the leading term of ``P1 - P2`` decides,
then ``a1 - a2``, then ``k1 - k2`` (DLMF 4.4(iii): ``t**-a log t -> 0`` and
``t**a exp(-t) -> 0`` for ``a > 0``; ``exp(b t**d)`` with ``b > 0``, ``d > 0`` outgrows every
power of ``t``, since ``b t**d - N log t -> oo``).

The signs of the constants (``c``, the coefficients of ``P``) are decided by rigorous
arb enclosures that exclude 0 (:func:`constant_sign`); a constant whose enclosure keeps
0 at every precision tried is :class:`~tanhproof.proof._boxcontext.Undecided`, never
guessed.

>>> import sympy
>>> t = sympy.Symbol("t", positive=True)
>>> m = Mono(sympy.Integer(2), Fraction(1), Fraction(0), ((Fraction(1), sympy.Integer(-1)),))
>>> m.text(t), m.limit()
('2*t*exp(-t)', 0)
>>> compare(m, Mono(sympy.Integer(1), Fraction(-5), Fraction(0), ())), m.power(Fraction(1, 2)).text(t)
(-1, 'sqrt(2)*t**(1/2)*exp(-t/2)')
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import flint
import sympy

from tanhproof.expr._errors import DomainError
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._arb import compile_arb
from tanhproof.proof._boxcontext import Undecided, arb_form

__all__ = ["Mono", "Result", "compare", "constant_sign", "rational"]

#: Precisions (bits) tried for the sign of a constant.
SIGN_BITS = (64, 256, 1024)

Terms = tuple[tuple[Fraction, sympy.Expr], ...]


def rational(v: sympy.Expr) -> Fraction | None:
    """``v`` as a ``Fraction`` when it is a SymPy rational, else ``None``."""
    return Fraction(int(v.p), int(v.q)) if v.is_Rational else None


def _sym(v: Fraction) -> sympy.Rational:
    return sympy.Rational(v.numerator, v.denominator)


_SIGNS: dict[sympy.Expr, int] = {}
_MAX_CACHED = 4096


def constant_sign(c: sympy.Expr) -> int:
    """The sign of an exact constant: -1, 0 (only when it is structurally 0) or 1.

    Decided by an arb enclosure that excludes 0; raises :class:`Undecided` when none of
    :data:`SIGN_BITS` does (a constant equal to 0 that SymPy does not fold to 0).

    >>> constant_sign(sympy.log(2) - sympy.Rational(7, 10)), constant_sign(sympy.Integer(0))
    (-1, 0)
    """
    if c == 0:
        return 0
    q = rational(c)
    if q is not None:
        return 1 if q > 0 else -1
    if c in _SIGNS:
        return _SIGNS[c]
    if c.free_symbols:
        raise Undecided(f"{sstr(c)} is not a constant")
    for bits in SIGN_BITS:
        old = flint.ctx.prec
        flint.ctx.prec = bits
        try:
            ball = compile_arb(arb_form(c))({})
        except (DomainError, ZeroDivisionError, ValueError, KeyError, TypeError) as exc:
            raise Undecided(f"no enclosure of the constant {sstr(c)}: {exc}") from None
        finally:
            flint.ctx.prec = old
        if ball > 0 or ball < 0:
            if len(_SIGNS) > _MAX_CACHED:
                _SIGNS.clear()
            _SIGNS[c] = 1 if ball > 0 else -1
            return _SIGNS[c]
    raise Undecided(f"the sign of the constant {sstr(c)} was not decided within {SIGN_BITS[-1]} bits")


def _add_terms(p: Terms, q: Terms, sign: int = 1) -> Terms:
    """``P + sign*Q``, terms with a zero coefficient dropped, degrees decreasing."""
    out: dict[Fraction, sympy.Expr] = dict(p)
    for d, b in q:
        out[d] = out.get(d, sympy.Integer(0)) + sign * b
    return tuple((d, out[d]) for d in sorted(out, reverse=True) if constant_sign(out[d]) != 0)


@dataclass(frozen=True)
class Mono:
    """``c * t**a * log(t)**k * exp(sum b_d t**d)``; ``p`` is ``((d, b_d), ...)``, ``d`` decreasing."""

    c: sympy.Expr
    a: Fraction
    k: Fraction
    p: Terms = ()

    def times(self, other: Mono) -> Mono:
        return Mono(self.c * other.c, self.a + other.a, self.k + other.k, _add_terms(self.p, other.p))

    def power(self, r: Fraction) -> Mono:
        """``m**r``; a non-integer ``r`` needs ``c > 0`` (the function is eventually positive)."""
        if r.denominator != 1 and constant_sign(self.c) < 0:
            raise Undecided("a non-integer power of an eventually negative function")
        return Mono(
            self.c ** _sym(r), self.a * r, self.k * r, tuple((d, b * _sym(r)) for d, b in self.p if r != 0)
        )

    def scaled(self, c: sympy.Expr) -> Mono:
        return Mono(self.c * c, self.a, self.k, self.p)

    def growth(self) -> int:
        """1 when ``t**a exp(P) log(t)**k -> oo``, -1 when it tends to 0, 0 when it is 1."""
        if self.p:
            return constant_sign(self.p[0][1])
        for v in (self.a, self.k):
            if v:
                return 1 if v > 0 else -1
        return 0

    def limit(self) -> sympy.Expr:
        """The limit of the monomial: ``c``, ``0`` or ``+-oo``."""
        g = self.growth()
        if g == 0:
            return self.c
        if g < 0:
            return sympy.Integer(0)
        return sympy.oo if constant_sign(self.c) > 0 else -sympy.oo

    def is_constant(self) -> bool:
        return not self.p and not self.a and not self.k

    def expr(self, t: sympy.Symbol) -> sympy.Expr:
        """The monomial as a SymPy expression in ``t``."""
        exponent = sympy.Add(*(b * t ** _sym(d) for d, b in self.p))
        return self.c * t ** _sym(self.a) * sympy.log(t) ** _sym(self.k) * sympy.exp(exponent)

    def text(self, t: sympy.Symbol) -> str:
        c = -self.c if constant_sign(self.c) < 0 else self.c
        parts = [] if c == 1 else [sstr(c) if c.is_Atom or c.is_Pow else f"({sstr(c)})"]
        if self.a:
            parts.append(f"{t}" if self.a == 1 else f"{t}**({self.a})")
        if self.k:
            parts.append(f"log({t})" if self.k == 1 else f"log({t})**({self.k})")
        if self.p:
            parts.append(f"exp({sstr(sympy.Add(*(b * t ** _sym(d) for d, b in self.p)))})")
        return ("-" if c is not self.c else "") + ("*".join(parts) or "1")


def compare(m1: Mono, m2: Mono) -> int:
    """The growth of ``m1/m2`` without its constants: -1 (tends to 0), 0 (same scale) or 1."""
    p = _add_terms(m1.p, m2.p, -1)
    if p:
        return constant_sign(p[0][1])
    for v in (m1.a - m2.a, m1.k - m2.k):
        if v:
            return 1 if v > 0 else -1
    return 0


@dataclass(frozen=True)
class Result:
    """The limit of a subexpression (a finite constant, ``oo`` or ``-oo``) and, when
    known, a scale monomial it is asymptotic to."""

    limit: sympy.Expr
    mono: Mono | None = None

    @staticmethod
    def of(mono: Mono) -> Result:
        return Result(mono.limit(), mono)

    @staticmethod
    def only(limit: sympy.Expr) -> Result:
        """A limit without a monomial; a finite nonzero limit ``L`` is the monomial ``L``."""
        if limit.is_finite and constant_sign(limit) != 0:
            return Result(limit, Mono(limit, Fraction(0), Fraction(0)))
        return Result(limit)
