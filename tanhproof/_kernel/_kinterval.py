"""The kernel's interval arithmetic: a tree's value at an exact point, enclosed.

Standard library only. An interval is a pair ``(lo, hi)`` of :class:`~fractions.Fraction`
with ``lo <= value <= hi``; every operation rounds ``lo`` down and ``hi`` up to
``prec`` significant bits, so the enclosure is rigorous. ``exp`` is a Taylor series
at ``y = r/2**k`` (``|y| <= 2**-10``) with the remainder bound ``2|y|**N/N!``, then
``k`` squarings; ``log`` is ``e log 2 + 2 atanh(z)`` with ``|z| <= 1/3`` and the
remainder bound ``|z|**(2N+1)/((2N+1)(1 - z**2))``; ``pi`` is Machin's formula
(alternating series: the first omitted term bounds the rest); ``erf`` its Taylor
series, alternating once the terms decrease; ``sqrt`` by :func:`math.isqrt`; the
catalog functions by their definitions (:data:`~tanhproof._kernel._kparse.DEFINITIONS`).
A divisor, a ``log`` or ``sqrt`` argument whose interval is not certified inside the
domain is an error (:class:`KernelError`): the point is then not certified to be in
the domain (``atanh(u)`` is ``log((1 + u)/(1 - u))/2``, so ``|u| < 1`` is certified).

Examples
========

>>> from tanhproof._kernel._kparse import read
>>> lo, hi = enclose(read("exp(1)"), {}, 60)
>>> float(lo) <= 2.718281828459045 <= float(hi), float(hi - lo) < 2**-55
(True, True)
>>> enclose(read("coth(x)"), {"x": Fraction(0)}, 60)
Traceback (most recent call last):
...
tanhproof._kernel._kparse.KernelError: division by an interval containing 0 (not certified defined)
"""

from __future__ import annotations

import functools
import math
from fractions import Fraction

from tanhproof._kernel._kcases import HOLDS
from tanhproof._kernel._kparse import DEFINITIONS, KernelError, U, define, number

__all__ = ["enclose"]

Interval = tuple[Fraction, Fraction]


def _round(x: Fraction, prec: int, up: bool) -> Fraction:
    """``x`` rounded down (or up) to ``prec`` significant bits."""
    if x == 0:
        return x
    shift = prec - (abs(x.numerator).bit_length() - x.denominator.bit_length())
    n, d = (x.numerator << shift, x.denominator) if shift >= 0 else (x.numerator, x.denominator << -shift)
    q = -((-n) // d) if up else n // d
    return Fraction(q, 1 << shift) if shift >= 0 else Fraction(q << -shift)


def _out(lo: Fraction, hi: Fraction, prec: int) -> Interval:
    return _round(lo, prec, False), _round(hi, prec, True)


def _add(a: Interval, b: Interval, prec: int) -> Interval:
    return _out(a[0] + b[0], a[1] + b[1], prec)


def _mul(a: Interval, b: Interval, prec: int) -> Interval:
    products = [a[0] * b[0], a[0] * b[1], a[1] * b[0], a[1] * b[1]]
    return _out(min(products), max(products), prec)


def _inv(a: Interval, prec: int) -> Interval:
    if a[0] <= 0 <= a[1]:
        raise KernelError("division by an interval containing 0 (not certified defined)")
    return _out(1 / a[1], 1 / a[0], prec)


def _pow(a: Interval, k: int, prec: int) -> Interval:
    """``a**k``: monotone on each side of 0, and an even power is never negative."""
    if k < 0:
        return _inv(_pow(a, -k, prec), prec)
    lo, hi = sorted((a[0] ** k, a[1] ** k))
    return _out(Fraction(0) if k % 2 == 0 and a[0] < 0 < a[1] else lo, hi, prec)


@functools.lru_cache(maxsize=256)  # a definition may use exp(2*u) twice
def _exp_point(r: Fraction, prec: int) -> Interval:
    """exp(r): Taylor series at y = r/2**k, then k squarings."""
    k = max(0, abs(r.numerator).bit_length() - r.denominator.bit_length() + math.isqrt(prec))
    w = prec + k + 20
    y = _out(r / 2**k, r / 2**k, w)
    total = term = (Fraction(1), Fraction(1))
    bound, n, tail = max(abs(y[0]), abs(y[1])), 0, Fraction(1)
    while tail >= Fraction(1, 2 ** (w + 4)):
        n += 1
        term = _mul(term, _mul(y, (Fraction(1, n), Fraction(1, n)), w), w)
        total = _add(total, term, w)
        tail = 2 * bound ** (n + 1) / math.factorial(n + 1)
    value = _out(total[0] - tail, total[1] + tail, w)
    for _ in range(k):
        value = _mul(value, value, w)
    return _out(*value, prec)


def _monotone(f, a: Interval, prec: int) -> Interval:
    """An increasing function ``f`` (point -> interval) on the interval ``a``."""
    lo = f(a[0], prec)
    return lo if a[0] == a[1] else (lo[0], f(a[1], prec)[1])


def _atanh_series(z: Fraction, w: int) -> Interval:
    """atanh(z) for |z| <= 1/3 as an interval (the series and its remainder)."""
    z2, power = _out(z * z, z * z, w), _out(z, z, w)
    total, n, tail = power, 0, Fraction(1)
    while tail >= Fraction(1, 2 ** (w + 4)):
        n += 1
        power = _mul(power, z2, w)
        c = Fraction(1, 2 * n + 1)
        total = _add(total, _mul(power, (c, c), w), w)
        tail = abs(z) ** (2 * n + 3) * Fraction(9, 8) / (2 * n + 3)
    return _out(total[0] - tail, total[1] + tail, w)


def _log_point(a: Fraction, prec: int) -> Interval:
    """log(a) = e log 2 + 2 atanh((m - 1)/(m + 1)) for a = m 2**e, m in (1/2, 2)."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    m, w = a / Fraction(2) ** e, prec + abs(e).bit_length() + 20
    log2, part = _atanh_series(Fraction(1, 3), w), _atanh_series((m - 1) / (m + 1), w)
    lo, hi = sorted((e * log2[0], e * log2[1]))
    return _out(2 * (lo + part[0]), 2 * (hi + part[1]), prec)


def _sqrt(a: Interval, prec: int) -> Interval:
    if a[0] < 0:
        raise KernelError("sqrt of an interval not certified nonnegative (outside the domain)")
    w = prec + max(0, a[0].denominator.bit_length() - a[0].numerator.bit_length() if a[0] else prec)
    lo = Fraction(math.isqrt(math.floor(a[0] * 4**w)), 2**w)
    return _out(lo, Fraction(math.isqrt(math.ceil(a[1] * 4**w)) + 1, 2**w), prec)


def _pi(prec: int) -> Interval:
    """Machin's 16 atan(1/5) - 4 atan(1/239) in integers scaled by 2**w: each term is
    rounded down (an error under 1) and the first omitted term (under 1) bounds the rest."""
    w, total, slack = prec + 20, 0, 0
    for weight, n in ((16, 5), (-4, 239)):
        j = 0
        while term := (1 << w) // ((2 * j + 1) * n ** (2 * j + 1)):
            total, j = total + weight * (-1) ** j * term, j + 1
        slack += abs(weight) * (j + 1)
    return _out(Fraction(total - slack, 1 << w), Fraction(total + slack, 1 << w), prec)


def _erf_point(y: Fraction, prec: int) -> Interval:
    if abs(y) > 8:
        raise KernelError("erf of an argument over 8 in size is over the kernel's limit")
    w, total, n = prec + 200, (Fraction(0), Fraction(0)), 0
    while True:
        t = Fraction((-1) ** n) * y ** (2 * n + 1) / (math.factorial(n) * (2 * n + 1))
        if n > y * y and abs(t) < Fraction(1, 2 ** (w + 4)):
            break  # alternating and decreasing from here: |rest| <= |t|
        total, n = _out(total[0] + t, total[1] + t, w), n + 1
    value = _mul((total[0] - abs(t), total[1] + abs(t)), _inv(_sqrt(_pi(w), w), w), w)
    return _out(2 * value[0], 2 * value[1], prec)


def _log(a: Interval, prec: int) -> Interval:
    if a[0] <= 0:
        raise KernelError("log of an interval not certified positive (outside the domain)")
    return _monotone(_log_point, a, prec)


def _exp(a: Interval, prec: int) -> Interval:
    if max(abs(a[0]), abs(a[1])) > 10**6:
        raise KernelError("exp of an argument over 10**6 is over the kernel's limit")
    return _monotone(_exp_point, a, prec)


def _sign(a: Interval, prec: int) -> Interval:
    if a[0] > 0 or a[1] < 0 or a == (0, 0):
        s = Fraction((a[0] > 0) - (a[1] < 0))
        return s, s
    raise KernelError("sign of an interval containing 0")


_FUNCTIONS = {
    "exp": _exp,
    "log": _log,
    "sqrt": _sqrt,
    "erf": lambda a, p: _monotone(_erf_point, a, p),
    "abs": lambda a, p: (Fraction(0) if a[0] <= 0 <= a[1] else min(map(abs, a)), max(map(abs, a))),
    "sign": _sign,
}


def enclose(t: tuple, point: dict[str, Fraction | Interval], prec: int) -> Interval:
    """An interval containing the value of tree ``t`` at ``point`` (exact values, or
    intervals for values given as intervals)."""
    kind = t[0]
    if kind == "n":
        return (t[1], t[1])
    if kind == "v":
        if t[1] not in point:
            raise KernelError(f"the point gives no value for {t[1]}")
        v = point[t[1]]
        return v if isinstance(v, tuple) else (v, v)
    if kind == "c":
        return _exp((Fraction(1), Fraction(1)), prec) if t[1] == "E" else _pi(prec)
    if kind in ("+", "*"):
        total = enclose(t[1][0], point, prec)
        for a in t[1][1:]:
            total = (_add if kind == "+" else _mul)(total, enclose(a, point, prec), prec)
        return total
    if kind == "^":
        base, e = enclose(t[1], point, prec), number(t[2])
        if e is not None and e.denominator == 1:
            return _pow(base, int(e), prec)
        if e is not None and e > 0 and base == (0, 0):
            return base
        return _exp(_mul(enclose(t[2], point, prec), _log(base, prec), prec), prec)
    if kind == "p":  # the first piece whose condition holds on the whole enclosure, the ones before failing
        for value, op, g in t[1]:
            ends = {True} if op == "T" else {HOLDS[op](end) for end in enclose(g, point, prec)}
            if len(ends) > 1:
                raise KernelError("a condition of Piecewise is not decided at the point")
            if ends == {True}:
                return enclose(value, point, prec)
        raise KernelError("no case of a Piecewise holds at the point")
    a = enclose(t[2], point, prec)
    if t[1] in DEFINITIONS:  # by its definition, at u = the argument's interval
        return enclose(define(t[1], U), {"u": a}, prec)
    return _FUNCTIONS[t[1]](a, prec)
