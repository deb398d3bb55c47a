"""Expressions as split values: the evaluator :func:`tanhproof.round_to` hands to the Ziv loop.

:func:`split_eval` walks an expression tree and returns its value at an exact point as
``(c, d)`` (see :mod:`tanhproof.numeric._ziv`): exact constants are carried in ``c``, catalog
calls go through :func:`tanhproof.numeric._splitting.split_call` (near-limit splits), and
overflow and underflow are decided from exponent bounds
(:class:`~tanhproof.numeric._ziv.Huge`, :class:`~tanhproof.numeric._ziv.Tiny`) -- ``1/(1 + exp(-x))`` at
``x = -1e300`` is a positive number below ``2**-4096`` -- not from a ball too wide to
tell. Sums carry exact parts exactly (``tanh(x) - 1`` far out is a Tiny of sign -1),
products and powers combine the bounds, and first and second derivatives are walked
through a cancellation-free closed form (``tanh' = sech**2``).

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> split_eval(parse("1/(1 + exp(-x))"), {x: Fraction(-10**300)}, 64)[1].sign
1
>>> split_eval(parse("tanh(x) - 1"), {x: Fraction(10**9)}, 64)
(Fraction(0, 1), Tiny(sign=-1, bound=-2885199997))
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy
from flint import arb, ctx, fmpq

from tanhproof.expr._errors import DomainError
from tanhproof.numeric._evaluators import refuse
from tanhproof.numeric._splitting import (
    _ZERO,
    _ball,
    _call_huge,
    _call_huge_log,
    _call_one_plus_tiny,
    _call_tiny,
    _const,
    _exact,
    _log2_ceil,
    _log2_floor,
    _log_plus,
    _scale,
    _sign,
    split_call,
)
from tanhproof.numeric._ziv import EXTREME_BITS, Huge, Tiny

__all__ = ["split_eval"]


def _log2_bounds(c: Fraction, d: Any) -> tuple[int, float, float]:
    """``(sign, lo, hi)`` with ``2**lo <= |c + d| <= 2**hi``; DomainError if the sign is unknown."""
    if isinstance(d, Huge):
        return d.sign, d.bound, math.inf
    if isinstance(d, Tiny):
        if c == 0:
            return d.sign, -math.inf, d.bound
        e = math.log2(abs(c)) if abs(c) < 2**1000 else c.numerator.bit_length() - c.denominator.bit_length()
        return (1 if c > 0 else -1), math.floor(e) - 1, math.ceil(e) + 1
    b = _const(c) + d if c else d
    if not (b > 0 or b < 0):
        raise DomainError(f"the sign of {b} is not certified")
    lo, hi = b.abs_lower(), b.abs_upper()
    return _sign(b), _log2_floor(lo), _log2_ceil(hi)


def _from_bounds(sign: int, lo: float, hi: float) -> tuple[Fraction, Any]:
    if hi < -EXTREME_BITS:
        return _ZERO, Tiny(sign, int(hi))
    if lo > EXTREME_BITS:
        return _ZERO, Huge(sign, int(lo))
    if math.isinf(lo) or math.isinf(hi):
        raise DomainError("an exponent bound too loose to decide the value")
    low, high = arb(2) ** int(lo), arb(2) ** int(hi)
    return _ZERO, sign * ((low + high) / 2 + arb(0, (high - low) / 2))


def _stable_derivatives() -> dict:
    """First derivatives written without cancellation far out (``1 - tanh(u)**2`` is 0
    minus 0 there, ``sech(u)**2`` is a tiny positive number)."""
    from tanhproof.expr._functions import sigmoid

    return {
        sympy.tanh: lambda u: sympy.sech(u) ** 2,
        sympy.coth: lambda u: -(sympy.csch(u) ** 2),
        sympy.sech: lambda u: -sympy.sech(u) * sympy.tanh(u),
        sympy.csch: lambda u: -sympy.csch(u) * sympy.coth(u),
        sigmoid: lambda u: sympy.sech(u / 2) ** 2 / 4,
    }


@functools.lru_cache(maxsize=256)
def _closed_form(e: sympy.Derivative) -> sympy.Expr | None:
    from tanhproof.expr._derivatives import derivative_order, expand_derivatives

    order = derivative_order(e)
    if order > 2:
        return None
    stable = _stable_derivatives().get(e.expr.func)
    if order == 1 and stable is not None and len(e.expr.args) == 1 and len(e.variables) == 1:
        u = e.expr.args[0]
        return stable(u) * sympy.diff(u, e.variables[0])
    try:
        return expand_derivatives(e)
    except Exception:  # noqa: BLE001 - no closed form: Taylor arithmetic instead
        return None


class _Walker:
    """Evaluates an expression tree as ``(c, d)`` at the context precision."""

    def __init__(self, point: Mapping[sympy.Symbol, Fraction]):
        self.point = point
        self.values = {s: arb(fmpq(v.numerator, v.denominator)) for s, v in point.items()}

    def walk(self, e: sympy.Expr) -> tuple[Fraction, Any]:
        if e.is_Symbol:
            v = self.point.get(e)
            if v is None:
                raise DomainError(f"no value given for variable {e}")
            return Fraction(v), arb(0)
        if e.is_Rational:
            return Fraction(int(e.p), int(e.q)), arb(0)
        if e.is_Add:
            return self.add([self.walk(a) for a in e.args])
        if e.is_Mul:
            return self.mul([self.walk(a) for a in e.args])
        if e.is_Pow:
            return self.power(e)
        activation = _activation(self, e)
        if activation is not None:
            return activation
        from tanhproof.expr._catalog import entry_for

        entry = entry_for(e)
        if entry is not None and len(e.args) == 1 and entry.name != "sqrt":
            return self.call(entry.name, self.walk(e.args[0]))
        if isinstance(e, sympy.Derivative):
            return self.derivative(e)
        from tanhproof.numeric._arb import compile_arb

        return _ZERO, compile_arb(e)(self.values)

    def derivative(self, e: sympy.Derivative) -> tuple[Fraction, Any]:
        """A first or second derivative through its closed form (near-limit splits and
        exponent bounds apply: ``softplus'(1e10)`` is ``1 - tiny``); higher orders by
        Taylor arithmetic (:func:`tanhproof.numeric._arb.compile_arb`)."""
        from tanhproof.numeric._arb import compile_arb

        prime = _activation_prime(self, e)
        if prime is not None:
            return prime
        closed = _closed_form(e)
        if closed is not None:
            return self.walk(closed)
        return _ZERO, compile_arb(e)(self.values)

    def call(self, name: str, arg: tuple[Fraction, Any]) -> tuple[Fraction, Any]:
        c, d = arg
        out = None
        if isinstance(d, Huge):
            out = _call_huge_log(name, d) if d.log is not None else None
            if out is None:
                out = _call_huge(name, d.sign, d.bound)
        elif isinstance(d, Tiny) and c == 0:
            out = _call_tiny(name, d.sign, d.bound)
        elif isinstance(d, Tiny) and c == 1:
            out = _call_one_plus_tiny(name, d.sign, d.bound)
        if out is not None:
            return out
        if isinstance(d, Huge):
            raise DomainError(f"{name} of a number beyond 2^{d.bound} is not bounded here")
        return split_call(name, _ball(c, d))

    def add(self, terms: list[tuple[Fraction, Any]]) -> tuple[Fraction, Any]:
        c = _ZERO
        balls: list[arb] = []
        tinies: list[Tiny] = []
        huges: list[Huge] = []
        for tc, td in terms:
            c += tc
            if isinstance(td, Huge):
                huges.append(td)
            elif isinstance(td, Tiny):
                tinies.append(td)
            else:
                exact = _exact(td)
                if exact is not None:
                    c += exact
                else:
                    balls.append(td)
        if huges:
            signs = {h.sign for h in huges}
            bound = min(h.bound for h in huges)
            rest = abs(_const(c) + sum(balls, arb(0))) if balls or c else arb(0)
            r = _log2_ceil(rest.abs_upper())
            if len(signs) == 1 and rest.is_finite() and r < bound - 1:
                log = None
                if len(huges) == 1 and huges[0].log is not None:
                    # |rest/v| < 2**(r - bound) <= 1/2: ln|v + rest| = ln|v| + ln(1 + rest/v),
                    # of the sign of rest/v and below 2**(r - bound + 1) in magnitude
                    extra: Any = arb(0, arb(2) ** int(r - bound + 1))
                    total = _const(c) + sum(balls, arb(0))
                    if total > 0 or total < 0:
                        extra = Tiny((1 if total > 0 else -1) * huges[0].sign, int(r - bound + 1))
                    elif total.is_zero():
                        extra = arb(0)
                    log = _log_plus(huges[0].log, extra)
                return _ZERO, Huge(signs.pop(), bound - 1, log=log)
            raise DomainError("a sum of numbers beyond every format whose sign is not certain")
        if tinies and not balls and len({t.sign for t in tinies}) == 1:
            return c, Tiny(tinies[0].sign, max(t.bound for t in tinies) + len(tinies))
        total = sum(balls, arb(0))
        for t in tinies:
            total += arb(0, arb(2) ** t.bound)
        return c, total

    def mul(self, factors: list[tuple[Fraction, Any]]) -> tuple[Fraction, Any]:
        k = Fraction(1)
        rest: list[tuple[Fraction, Any]] = []
        for fc, fd in factors:
            exact = _exact(fd) if isinstance(fd, arb) else None
            if exact is not None:
                k *= fc + exact
            else:
                rest.append((fc, fd))
        if k == 0 or not rest:
            return (_ZERO, arb(0)) if k == 0 else (k, arb(0))
        if len(rest) == 1:
            return _scale(k, *rest[0])
        if any(isinstance(d, (Tiny, Huge)) for _, d in rest):
            sign, lo, hi = (1 if k > 0 else -1), 0.0, 0.0
            kb = abs(_const(k))
            lo, hi = _log2_floor(kb), _log2_ceil(kb)
            for fc, fd in rest:
                s, a, b = _log2_bounds(fc, fd)
                sign, lo, hi = sign * s, lo + a, hi + b
            return _from_bounds(sign, lo, hi)
        total = _const(k)
        for fc, fd in rest:
            total = total * (_const(fc) + fd if fc else fd)
        return _ZERO, total

    def power(self, e: sympy.Pow) -> tuple[Fraction, Any]:
        base, n = e.args
        c, d = self.walk(base)
        if n.is_Integer:
            return _integer_power(c, d, int(n))
        if n.is_Rational and n.q == 2:  # u**(p/2) = sqrt(u)**p, exact where the root is
            return _integer_power(*_sqrt(c, d), int(n.p))
        from tanhproof.numeric._arb import compile_arb

        return _ZERO, compile_arb(e)(self.values)


def _integer_power(c: Fraction, d: Any, n: int) -> tuple[Fraction, Any]:
    if n == 0:
        return Fraction(1), arb(0)
    if isinstance(d, Huge):
        s = d.sign ** abs(n)
        log = _scale(Fraction(n), *d.log) if d.log is not None else None
        return (_ZERO, Huge(s, n * d.bound, log=log)) if n > 0 else (_ZERO, Tiny(s, n * d.bound))
    if isinstance(d, Tiny):
        if c == 0:
            s = d.sign ** abs(n)
            return (_ZERO, Tiny(s, n * d.bound)) if n > 0 else (_ZERO, Huge(s, n * d.bound))
        slope = n * c ** (n - 1)  # (c + t)**n = c**n + n c**(n-1) t (1 + O(t/c))
        s = (1 if slope > 0 else -1) * d.sign
        return c**n, Tiny(s, d.bound + int(_log2_ceil(abs(_const(slope)))) + 2)
    if d.is_zero() and (c != 0 or n > 0):
        return c**n, arb(0)  # an exact rational stays exact
    b = _const(c) + d if c else d
    if n > 0:
        from tanhproof.numeric._arb import integer_power  # not b**n: NaN for a ball centred on 0

        return _ZERO, integer_power(b, n)
    if b.contains(0):
        raise refuse(b, f"division has a pole here (divisor encloses 0: {b})")
    return _ZERO, 1 / b ** (-n)


def _sqrt(c: Fraction, d: Any) -> tuple[Fraction, Any]:
    if isinstance(d, Huge) and d.sign > 0:
        return _ZERO, Huge(1, d.bound // 2, log=_scale(Fraction(1, 2), *d.log) if d.log is not None else None)
    if isinstance(d, Tiny) and c == 0 and d.sign > 0:
        return _ZERO, Tiny(1, (d.bound + 1) // 2 + 1)
    if isinstance(d, Tiny) and c == 1:
        return _call_one_plus_tiny("sqrt", d.sign, d.bound)  # type: ignore[return-value]
    from tanhproof.numeric._evaluators import arb_sqrt

    return _ZERO, arb_sqrt(_ball(c, d))


def _activation(walker: _Walker, e: sympy.Expr) -> tuple[Fraction, Any] | None:
    """An activation call: a smooth one through its form in the family's functions
    (near-limit splits apply: ``silu(1e308)`` is ``x`` minus a Tiny), ELU, CELU, SELU by
    the case their argument's sign certainly picks (a DomainError where it does not yet)."""
    from tanhproof.expr._activations import SMOOTHNESS, STABLE_FORMS

    if type(e) in STABLE_FORMS:
        return walker.walk(STABLE_FORMS[type(e)](e.args[0]))
    if type(e) not in SMOOTHNESS:
        return None
    (u,) = e.args
    c, d = walker.walk(u)
    sign = _certain_sign(c, d)
    scale, alpha = e.scale, e.alpha
    if sign > 0:
        return walker.mul([(Fraction(int(scale.p), int(scale.q)), arb(0)), (c, d)])
    return walker.walk(scale * alpha * (sympy.exp(u) - 1))


def _activation_prime(walker: _Walker, e: sympy.Derivative) -> tuple[Fraction, Any] | None:
    """``f'(x)`` for an activation ``f`` at the bare variable: the split of
    :mod:`tanhproof.numeric._activationsplits` (limit and cancellation-free remainder)."""
    from tanhproof.expr._activations import ACTIVATIONS
    from tanhproof.numeric._activationsplits import split_prime

    f = e.expr
    if type(f) not in ACTIVATIONS.values() or e.variable_count != ((f.args[0], 1),):
        return None
    if not f.args[0].is_Symbol:
        return None
    c, d = walker.walk(f.args[0])
    return split_prime(type(f).__name__, _ball(c, d))


def _certain_sign(c: Fraction, d: Any) -> int:
    """The sign of ``c + d`` where it is certain (0 for an exact zero)."""
    if isinstance(d, Huge):
        return d.sign
    if isinstance(d, Tiny):
        if c == 0:
            return d.sign
        # |c| >= 2**(bits(p) - bits(q) - 1) > 2**bound > |d|: c's sign decides
        if abs(c.numerator).bit_length() - c.denominator.bit_length() - 1 > d.bound:
            return 1 if c > 0 else -1
        raise DomainError("the sign of the argument of a definition by cases is not certain here")
    ball = _ball(c, d)
    if ball > 0:
        return 1
    if ball < 0:
        return -1
    if ball.is_zero():
        return 0
    raise DomainError(f"the sign of the argument of a definition by cases is not certain here: {ball}")


def split_eval(expr: sympy.Expr, point: Mapping[sympy.Symbol, Fraction], bits: int) -> tuple[Fraction, Any]:
    """``expr`` at the exact ``point`` as ``(c, d)`` with ``bits`` of working precision.

    Examples
    ========

    >>> from tanhproof.numeric._reading import parse
    >>> from tanhproof.expr._parser import symbol
    >>> x = symbol("x")
    >>> split_eval(parse("1/(1 + exp(-x))"), {x: Fraction(-10**300)}, 64)[1].sign
    1
    >>> split_eval(parse("tanh(x) - 1"), {x: Fraction(10**9)}, 64)
    (Fraction(0, 1), Tiny(sign=-1, bound=-2885199997))
    """
    old = ctx.prec
    ctx.prec = int(bits)
    try:
        walker = _Walker(point)
        prime = _catalog_prime(expr)  # an activation's catalog derivative, as written there
        if prime is not None:
            from tanhproof.numeric._activationsplits import split_prime

            return split_prime(prime[0], _ball(*walker.walk(prime[1])))
        return walker.walk(expr)
    finally:
        ctx.prec = old


@functools.lru_cache(maxsize=256)
def _catalog_prime(expr: sympy.Expr) -> tuple[str, sympy.Symbol] | None:
    """``(name, x)`` when ``expr`` is the catalog's derivative of the activation ``name``
    at the variable ``x`` (an expression reference of ``silu'``): the same function,
    evaluated by its split (limit and cancellation-free remainder)."""
    if len(expr.free_symbols) != 1:
        return None
    from tanhproof.expr._activations import ACTIVATIONS
    from tanhproof.expr._catalog import CATALOG

    (x,) = expr.free_symbols
    for name in ACTIVATIONS:
        if expr == CATALOG[name].derivative(x):
            return name, x
    return None
