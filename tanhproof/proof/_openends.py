"""The finite ends of a sign claim where boxes cannot reach: ``(a, a + d]`` as a tail.

At a finite end ``a`` of the interval where ``f`` has no arb enclosure on the boxes
next to it (``log(x)`` or ``1/x`` at an open end ``x -> 0+``; ``sqrt(x)`` at ``0``,
whose enclosure on a ball reaching below 0 is refused), subdivision would only split
towards ``a`` until the precision budget ends. Instead the piece ``(a, a + d]`` is
mapped onto an unbounded tail by the exact substitution

    ``x = a + 1/t**p``, ``t`` in ``[A, oo)`` with ``1/A**p = d`` (``p`` = 1, then 2),

(``x = b - 1/t**p`` at a right end ``b``), a bijection of ``[A, oo)`` onto
``(a, a + d]``, and ``g(t) = f(a + 1/t**p) > 0`` (``>= 0``) is decided there by the
arguments of the tails at infinity (:func:`tanhproof.proof._tails.decide_tail`: the
enclosure of ``g`` on the closed half-line, a sign of ``g'`` or a higher derivative with
``g(A)``, analyticity, positive factors), or, where ``g`` is a rational function of
``t``, exactly: ``g = N/D`` with ``N*D`` free of roots in ``[A, oo)`` (Sturm's
theorem, exact rational arithmetic) and ``N(A)*D(A) > 0``. ``t`` is a positive symbol,
so SymPy writes ``sqrt(t**-2)`` as ``1/t``, an identity for ``t > 0``.

The widths ``d`` tried are ``D, D/4, D/16, D/64`` (``D = min(1, half the bounded
part)``); the bounded part left is ``[a + d, ...]``. A closed end ``a`` is decided as a
point on its own. An end no argument covers is returned as a reason, and the bounded
part then starts at ``a + D/64``, where a counterexample is still looked for.

>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> f = parse("x - log(x)")
>>> ctx = BoxContext(f, x, Interval(lo=Fraction(0)), True, max_boxes=100)
>>> lo, hi, ends, failures = decide_open_ends(ctx, f, x, Fraction(0), Fraction(1))
>>> lo, hi, ends[0]["tail"], failures
(Fraction(1, 2), Fraction(1, 1), 'x in (0, 1/2]: x = 1/t, t in [2, oo)', [])
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._intervals import Interval  # noqa: F401 (the doctest)
from tanhproof.proof._boxcontext import START_PRECISION, BoxContext
from tanhproof.proof._tails import decide_tail

__all__ = ["decide_open_ends", "rational_tail_sign"]

#: Powers ``p`` of the substitution ``x = a + 1/t**p``, tried in turn.
POWERS = (1, 2)
#: Widths tried, as fractions of ``min(1, half the bounded part)``.
WIDTHS = (Fraction(1), Fraction(1, 4), Fraction(1, 16), Fraction(1, 64))
#: Largest degree of ``N*D`` in the exact argument for a rational ``g``.
MAX_RATIONAL_DEGREE = 64

_T = sympy.Symbol("t", positive=True)


def rational_tail_sign(g: sympy.Expr, t: sympy.Symbol, start: Fraction) -> str | None:
    """How ``g(t) > 0`` on ``[start, oo)`` is shown exactly for a rational function ``g``
    (``None`` where ``g`` is not one or the argument fails): ``g = N/D`` with no root of
    ``N*D`` in ``[start, oo)`` (Sturm) and ``N(start)*D(start) > 0``. The argument proves
    ``g > 0``, which also settles a non-strict claim.

    >>> t = sympy.Symbol("t", positive=True)
    >>> rational_tail_sign(1/t - 1/t**2, t, Fraction(2))
    'g = N/D rational in t, no root of N*D in [2, oo) (Sturm), N*D > 0 at t = 2'
    >>> rational_tail_sign(1/t - 1/t**2, t, Fraction(1)) is None
    True
    """
    num, den = sympy.fraction(sympy.together(g))
    try:
        product = sympy.Poly(sympy.expand(num * den), t, domain="QQ")
    except (sympy.PolynomialError, sympy.polys.polyerrors.CoercionFailed):
        return None
    if product.is_zero or product.degree() > MAX_RATIONAL_DEGREE:
        return None
    a = sympy.Rational(start.numerator, start.denominator)
    if product.count_roots(a, None) != 0 or not product.eval(a) > 0:
        return None
    return f"g = N/D rational in t, no root of N*D in [{start}, oo) (Sturm), N*D > 0 at t = {start}"


def _substituted(f: sympy.Expr, x: sympy.Symbol, end: Fraction, side: int, power: int) -> sympy.Expr:
    """``f(end + side/t**power)``."""
    return f.subs(x, sympy.Rational(end.numerator, end.denominator) + side * _T ** (-power))


def _label(x: sympy.Symbol, end: Fraction, side: int, width: Fraction, power: int, start: Fraction) -> str:
    piece = f"({end}, {end + width}]" if side > 0 else f"[{end - width}, {end})"
    shift = "" if end == 0 and side > 0 else f"{end} {'+' if side > 0 else '-'} "
    sign = "-" if end == 0 and side < 0 else ""
    t = "t" if power == 1 else f"t**{power}"
    return f"{x} in {piece}: {x} = {shift}{sign}1/{t}, t in [{start}, oo)"


def _end_argument(
    ctx: BoxContext, f: sympy.Expr, x: sympy.Symbol, end: Fraction, side: int, room: Fraction
) -> tuple[Fraction, dict[str, Any]] | None:
    """The width ``d`` and certificate of an argument covering the piece of width ``d``
    next to ``end`` (``side`` +1: to its right), or ``None``."""
    found: tuple[Fraction, dict[str, Any]] | None = None
    for power in POWERS:
        g = _substituted(f, x, end, side, power)
        for w in WIDTHS:
            # 1/start**power <= room*w, start a power of 2 (a rational root of a power of 2)
            start = Fraction(2) ** max(0, math.ceil(-math.log2(room * w) / power))
            width = 1 / start**power
            label = _label(x, end, side, width, power, start)
            exact = rational_tail_sign(g, _T, start)
            if exact is not None:
                return width, {"tail": label, "argument": exact, "zeros_excluded": True}
            cert = decide_tail(ctx, g, _T, start, label)
            if cert is not None and (cert["zeros_excluded"] or ctx.strict):
                return width, cert
            if cert is not None and found is None:
                found = width, cert
    return found


def _needs_argument(ctx: BoxContext, end: Fraction, side: int, room: Fraction) -> bool:
    """Whether the boxes next to ``end`` have no enclosure of ``f``."""
    near = end + side * room * WIDTHS[-1]
    return ctx.enclose(0, min(end, near), max(end, near), START_PRECISION) is None


def decide_open_ends(
    ctx: BoxContext, f: sympy.Expr, x: sympy.Symbol, lo: Fraction, hi: Fraction
) -> tuple[Fraction, Fraction, list[dict[str, Any]], list[str]]:
    """Decide the pieces next to the finite ends of ``ctx.interval`` (``lo``, ``hi``) that
    boxes cannot reach; returns the bounded part left, the certificates (each also
    saying whether it excludes zeros) and the reasons of the ends left undecided."""
    iv = ctx.interval
    room = min(Fraction(1), (hi - lo) / 2)
    certificates: list[dict[str, Any]] = []
    failures: list[str] = []
    if room <= 0:
        return lo, hi, certificates, failures
    new_lo, new_hi = lo, hi
    for end, side in ((iv.lo, 1), (iv.hi, -1)):
        if end is None or end != (lo if side > 0 else hi) or not _needs_argument(ctx, end, side, room):
            continue
        found = _end_argument(ctx, f, x, end, side, room)
        width = room * WIDTHS[-1] if found is None else found[0]
        if found is None:
            failures.append(
                f"the end {x} -> {end}{'+' if side > 0 else '-'}: no enclosure of f next to it and no "
                f"tail argument for f({end} {'+' if side > 0 else '-'} 1/t) decides it"
            )
        else:
            certificates.append(found[1])
        if side > 0:
            new_lo = end + width
        else:
            new_hi = end - width
    return new_lo, new_hi, certificates, failures
