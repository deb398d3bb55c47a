"""The kernel's interval arithmetic: a tree's value at an exact point, enclosed.

Standard library only. An interval is a pair ``(lo, hi)`` of :class:`~fractions.Fraction`
with ``lo <= value <= hi``; every operation rounds ``lo`` down and ``hi`` up to
``prec`` significant bits, so the enclosure is rigorous. ``exp`` is a Taylor series
at ``y = r/2**k`` (``|y| <= 2**-10``) with the remainder bound ``2|y|**N/N!``, then
``k`` squarings; ``log`` is ``e log 2 + 2 atanh(z)`` with ``|z| <= 1/3`` and the
remainder bound ``|z|**(2N+1)/((2N+1)(1 - z**2))``; ``pi`` is Machin's formula
(alternating series: the first omitted term bounds the rest); ``erf`` its Taylor
series, alternating once the terms decrease; ``sqrt`` by :func:`math.isqrt`. A
divisor, a ``log`` or ``sqrt`` argument, an ``atanh`` or ``acosh`` argument whose
interval is not certified inside the domain is an error (:class:`KernelError`):
the point is then not certified to be in the domain.

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

import math
from fractions import Fraction

from tanhproof._kernel._kparse import KernelError, derivative, number

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
    if k < 0:
        return _inv(_pow(a, -k, prec), prec)
    result, base = (Fraction(1), Fraction(1)), a
    while k:
        if k & 1:
            result = _mul(result, base, prec)
        k >>= 1
        if k:  # a square is never negative
            lo, hi = _mul(base, base, prec)
            base = (max(lo, Fraction(0)) if base[0] <= 0 <= base[1] else lo, hi)
    return result


def _scalar(c: Fraction) -> Interval:
    return (c, c)


def _exp_point(r: Fraction, prec: int) -> Interval:
    """exp(r): Taylor series at y = r/2**k, then k squarings."""
    k = max(0, abs(r.numerator).bit_length() - r.denominator.bit_length() + math.isqrt(prec))
    w = prec + k + 20
    y = _out(r / 2**k, r / 2**k, w)
    total, term, n = (Fraction(1), Fraction(1)), (Fraction(1), Fraction(1)), 0
    bound = max(abs(y[0]), abs(y[1]))
    while True:
        n += 1
        term = _mul(term, _mul(y, _scalar(Fraction(1, n)), w), w)
        total = _add(total, term, w)
        tail = 2 * bound ** (n + 1) / math.factorial(n + 1)
        if tail < Fraction(1, 2 ** (w + 4)):
            break
    value = _out(total[0] - tail, total[1] + tail, w)
    for _ in range(k):
        value = _mul(value, value, w)
    return _out(*value, prec)


def _monotone(f, a: Interval, prec: int) -> Interval:
    """An increasing function ``f`` (point -> interval) on the interval ``a``."""
    lo = f(a[0], prec)
    return (lo[0], lo[1] if a[1] == a[0] else f(a[1], prec)[1])


def _exp(a: Interval, prec: int) -> Interval:
    if max(abs(a[0]), abs(a[1])) > 10**6:
        raise KernelError("exp of an argument over 10**6 is over the kernel's limit")
    return _monotone(_exp_point, a, prec)


def _atanh_series(z: Fraction, w: int) -> Interval:
    """atanh(z) for |z| <= 1/3 as an interval (the series and its remainder)."""
    z2 = _out(z * z, z * z, w)
    total, power, n = _out(z, z, w), _out(z, z, w), 0
    while True:
        n += 1
        power = _mul(power, z2, w)
        total = _add(total, _mul(power, _scalar(Fraction(1, 2 * n + 1)), w), w)
        tail = abs(z) ** (2 * n + 3) * Fraction(9, 8) / (2 * n + 3)
        if tail < Fraction(1, 2 ** (w + 4)):
            return _out(total[0] - tail, total[1] + tail, w)


def _log_point(a: Fraction, prec: int) -> Interval:
    """log(a) = e log 2 + 2 atanh((m - 1)/(m + 1)) for a = m 2**e, m in (1/2, 2)."""
    e = a.numerator.bit_length() - a.denominator.bit_length()
    m = a / Fraction(2) ** e
    w = prec + abs(e).bit_length() + 20
    log2 = _mul(_scalar(Fraction(2)), _atanh_series(Fraction(1, 3), w), w)
    part = _mul(_scalar(Fraction(2)), _atanh_series((m - 1) / (m + 1), w), w)
    return _out(*_add(_mul(_scalar(Fraction(e)), log2, w), part, w), prec)


def _log(a: Interval, prec: int) -> Interval:
    if a[0] <= 0:
        raise KernelError("log of an interval not certified positive (outside the domain)")
    return _monotone(_log_point, a, prec)


def _sqrt(a: Interval, prec: int) -> Interval:
    if a[0] < 0:
        raise KernelError("sqrt of an interval not certified nonnegative (outside the domain)")
    w = prec + max(0, a[0].denominator.bit_length() - a[0].numerator.bit_length() if a[0] else prec)
    lo = Fraction(math.isqrt(math.floor(a[0] * 4**w)), 2**w)
    hi = Fraction(math.isqrt(math.ceil(a[1] * 4**w)) + 1, 2**w)
    return _out(lo, hi, prec)


def _pi(prec: int) -> Interval:
    """16 atan(1/5) - 4 atan(1/239), each an alternating series."""
    w = prec + 10
    total = (Fraction(0), Fraction(0))
    for weight, n in ((16, 5), (-4, 239)):
        s, j = (Fraction(0), Fraction(0)), 0
        while Fraction(1, (2 * j + 1) * n ** (2 * j + 1)) >= Fraction(1, 2 ** (w + 4)):
            term = _round(Fraction((-1) ** j, (2 * j + 1) * n ** (2 * j + 1)), w, False)
            term_hi = _round(Fraction((-1) ** j, (2 * j + 1) * n ** (2 * j + 1)), w, True)
            s, j = _out(s[0] + term, s[1] + term_hi, w), j + 1
        tail = Fraction(1, 2 ** (w + 4))
        s = (s[0] - tail, s[1] + tail)
        total = _add(total, _mul(_scalar(Fraction(weight)), s, w), w)
    return total


def _erf_point(y: Fraction, prec: int) -> Interval:
    if abs(y) > 8:
        raise KernelError("erf of an argument over 8 in size is over the kernel's limit")
    w = prec + 200
    total, n = (Fraction(0), Fraction(0)), 0
    while True:
        t = Fraction((-1) ** n) * y ** (2 * n + 1) / (math.factorial(n) * (2 * n + 1))
        if n > y * y and abs(t) < Fraction(1, 2 ** (w + 4)):
            break  # alternating and decreasing from here: |rest| <= |t|
        total, n = _out(total[0] + t, total[1] + t, w), n + 1
    total = (total[0] - abs(t), total[1] + abs(t))
    value = _mul(total, _inv(_sqrt(_pi(w), w), w), w)
    return _out(2 * value[0], 2 * value[1], prec)


def enclose(t: tuple, point: dict[str, Fraction | Interval], prec: int) -> Interval:
    """An interval containing the value of tree ``t`` at ``point`` (exact values, or
    intervals for values given as intervals)."""
    kind = t[0]
    if kind == "n":
        return _scalar(t[1])
    if kind == "v":
        if t[1] not in point:
            raise KernelError(f"the point gives no value for {t[1]}")
        v = point[t[1]]
        return v if isinstance(v, tuple) else _scalar(v)
    if kind == "c":
        return _exp((Fraction(1), Fraction(1)), prec) if t[1] == "E" else _pi(prec)
    if kind == "d":
        return enclose(derivative(t[1], t[2], t[3]), point, prec)
    if kind in ("+", "*"):
        total = enclose(t[1][0], point, prec)
        for a in t[1][1:]:
            total = (_add if kind == "+" else _mul)(total, enclose(a, point, prec), prec)
        return total
    if kind == "^":
        base = enclose(t[1], point, prec)
        e = number(t[2])
        if e is not None and e.denominator == 1:
            return _pow(base, int(e), prec)
        if e is not None and e > 0 and base == (0, 0):
            return base
        return _exp(_mul(enclose(t[2], point, prec), _log(base, prec), prec), prec)
    name, a = t[1], enclose(t[2], point, prec)
    return _FUNCTIONS[name](a, prec)


def _sinh_cosh(a: Interval, prec: int, sign: int) -> Interval:
    e = _exp(a, prec)
    return _mul(
        _add(e, _mul(_scalar(Fraction(sign)), _inv(e, prec), prec), prec), _scalar(Fraction(1, 2)), prec
    )


def _tanh(a: Interval, prec: int) -> Interval:  # 1 - 2/(exp(2a) + 1), increasing
    lo, hi = _exp((2 * a[0], 2 * a[1]), prec)
    return _out(1 - 2 / (lo + 1), 1 - 2 / (hi + 1), prec)


def _sigmoid(a: Interval, prec: int) -> Interval:  # 1/(1 + exp(-a)), increasing
    return _inv(_add(_scalar(Fraction(1)), _exp((-a[1], -a[0]), prec), prec), prec)


def _atanh(a: Interval, prec: int) -> Interval:
    if not -1 < a[0] <= a[1] < 1:
        raise KernelError("atanh of an interval not certified inside (-1, 1) (outside the domain)")
    ratio = _mul(_add(_scalar(Fraction(1)), a, prec), _inv((1 - a[1], 1 - a[0]), prec), prec)
    return _mul(_log(ratio, prec), _scalar(Fraction(1, 2)), prec)


def _acosh(a: Interval, prec: int) -> Interval:
    if a[0] < 1:
        raise KernelError("acosh of an interval not certified >= 1 (outside the domain)")
    root = _mul(
        _sqrt(_add(a, _scalar(Fraction(-1)), prec), prec),
        _sqrt(_add(a, _scalar(Fraction(1)), prec), prec),
        prec,
    )
    return _log(_add(a, root, prec), prec)


def _sign(a: Interval, prec: int) -> Interval:
    if a[0] > 0 or a[1] < 0 or a == (0, 0):
        s = Fraction((a[0] > 0) - (a[1] < 0))
        return s, s
    raise KernelError("sign of an interval containing 0")


def _abs(a: Interval, prec: int) -> Interval:
    return (Fraction(0) if a[0] <= 0 <= a[1] else min(abs(a[0]), abs(a[1]))), max(abs(a[0]), abs(a[1]))


_FUNCTIONS = {
    "exp": _exp,
    "log": _log,
    "sqrt": _sqrt,
    "sinh": lambda a, p: _sinh_cosh(a, p, -1),
    "cosh": lambda a, p: _sinh_cosh(a, p, 1),
    "sech": lambda a, p: _inv(_sinh_cosh(a, p, 1), p),
    "csch": lambda a, p: _inv(_sinh_cosh(a, p, -1), p),
    "tanh": _tanh,
    "coth": lambda a, p: _inv(_tanh(a, p), p),
    "sigmoid": _sigmoid,
    "softplus": lambda a, p: _log(_add(_scalar(Fraction(1)), _exp(a, p), p), p),
    "atanh": _atanh,
    "asinh": lambda a, p: _log(_add(a, _sqrt(_add(_pow(a, 2, p), _scalar(Fraction(1)), p), p), p), p),
    "acosh": _acosh,
    "erf": lambda a, p: _monotone(_erf_point, a, p),
    "abs": _abs,
    "sign": _sign,
}
