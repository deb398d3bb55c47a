r"""n-th derivatives and Taylor coefficients of tanh and its family, rigorous and exact.

:func:`derivative_ball` encloses :math:`f^{(n)}` on an ``arb`` ball (``n`` up to
``LIMITS.max_derive_order`` = 1000); :func:`nth_derivative` turns that into a value
correct to a requested number of digits at an exact point by a Ziv loop;
:func:`taylor_coefficients` gives the exact rational Maclaurin coefficients and
:func:`tangent_numbers` the tangent numbers (OEIS A000182), since
:math:`\tanh^{(2k-1)}(0) = (-1)^{k-1} T_k`.

Method: Taylor arithmetic in arb
--------------------------------

For ``n >= 1`` the function is expanded at ``y = x + h`` as a truncated power series
in ``h`` with ``n + 1`` terms (``flint.arb_series``: ``exp``, ``inv``, ``rsqrt``);
the coefficient of ``h^n`` times ``n!`` is the derivative. Each series operation is
an interval extension of the map from the input coefficients to the output ones,
so the result contains :math:`f^{(n)}(t)` for every real ``t`` in the ball ``x``.
The forms are chosen to avoid cancellation: with :math:`q = e^{-2y}` and ``x >= 0``,
``tanh = 2/(1 + q) - 1``, ``sech = 2 e^{-y}/(1 + q)``, ``coth = -2/expm1(-2y) - 1``,
``csch = -2 e^{-y}/expm1(-2y)`` (the constant term of ``expm1`` is computed by
``arb.expm1``); a ball with negative midpoint is reflected (these functions are
odd or even). ``sigmoid^(n)(x) = tanh^(n)(x/2)/2^(n+1)`` and
``softplus^(n) = sigmoid^(n-1)`` for ``n >= 1``; ``asinh``, ``acosh`` and ``erf``
go through the series of their derivatives ``(1 + y^2)^(-1/2)``,
``(y^2 - 1)^(-1/2)``, ``2/sqrt(pi) exp(-y^2)``; ``exp``, ``sinh``, ``cosh``,
``log`` and ``atanh`` have closed forms.

Why not the derivative polynomials :math:`\tanh^{(n)} = P_n(\tanh x)`
(:mod:`tanhproof.derivpoly`) with arb Horner? Measured on this machine (tanh at
``x = 1/2``, one core; "lost" = working bits minus relative accuracy bits):

==========  =====  ====================  =========================================
digits      n      series (this module)  P_n Horner (``arb_poly``)
==========  =====  ====================  =========================================
50          10     0.01 ms, 14 lost      0.003 ms, 10 lost
50          100    0.2 ms, 26 lost       0.012 ms, 58 lost
50          1000   12 ms, 38 lost        0.13 ms, *all* 186 lost (needs ~540 more)
1000        10     0.12 ms               0.03 ms
1000        100    2.8 ms                0.07 ms
1000        1000   67 ms, 38 lost        1.2 ms, 538 lost
==========  =====  ====================  =========================================

Horner is faster per call, but building ``P_1000`` exactly takes 0.15-0.6 s (and
about 250 MB through :func:`~tanhproof.derivpoly.derivative_polynomials`), and its
alternating coefficients of size ~``n!`` cancel: at ``x = 10`` it loses over 200
bits already at ``n = 100``, at ``x = 50`` about 8600 bits at ``n = 1000``, so a Ziv
loop would need many times the target precision. The series route lost at most
~45 bits in every case measured (``n <= 1000``, ``|x| <= 50``), so it is the one
used. It runs with ``guard_bits(n) = 16 + 4 * n.bit_length()`` extra bits
(56 at ``n = 1000``) and then rounds back, so the ball returned at ``prec`` bits
normally has about ``prec`` bits of relative accuracy and a caller's Ziv loop ends
on its first or second step. Close to a pole (``coth``, ``csch`` at small ``x``,
``log`` and ``atanh`` near their singularities) another ~``log2(1/distance)`` bits
can be lost; near a zero of the derivative the relative accuracy is necessarily
poorer (any method).

Exact zeros. :func:`nth_derivative` does not loop on a value that is exactly 0:
at ``x = 0`` it reads the exact Maclaurin coefficient; at rational ``x != 0`` the
exp-family derivatives are never 0 (the derivative is a nonzero polynomial in
``tanh x``, ``coth x`` or ``sigmoid(x)``, times ``sech x`` or ``csch x`` for those
two, and these values are transcendental by the Lindemann-Weierstrass theorem;
``sinh``, ``cosh``, ``exp``, ``softplus`` are plainly nonzero); for ``log``,
``atanh``, ``asinh``, ``acosh``, ``erf`` the question is settled by exact rational
arithmetic (a rational value, or a rational series coefficient times a nonzero
factor).

Examples
========

>>> taylor_coefficients("tanh", 8)
[Fraction(0, 1), Fraction(1, 1), Fraction(0, 1), Fraction(-1, 3), Fraction(0, 1), Fraction(2, 15), Fraction(0, 1), Fraction(-17, 315)]
>>> tangent_numbers(5)
[1, 2, 16, 272, 7936]
>>> print(mpmath.nstr(nth_derivative("tanh", 3, "0.5", digits=20), 20))  # mpmath.diff agrees
-0.56520928825977036087
>>> nth_derivative("tanh", 2, 0)
mpf('0.0')
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from fractions import Fraction

import flint
import mpmath
from flint import arb, arb_series, fmpq, fmpq_series

from .errors import DomainError, LimitError, TanhproofError
from .evaluators import (
    arb_acosh,
    arb_atanh,
    arb_coth,
    arb_csch,
    arb_log,
    arb_sigmoid,
    arb_softplus,
)
from .limits import LIMITS

__all__ = [
    "DERIVATIVE_FUNCTIONS",
    "RATIONAL_TAYLOR_FUNCTIONS",
    "derivative_ball",
    "guard_bits",
    "nth_derivative",
    "tangent_numbers",
    "taylor_coefficients",
]

#: Functions :func:`derivative_ball` and :func:`nth_derivative` accept.
DERIVATIVE_FUNCTIONS = (
    "acosh", "asinh", "atanh", "cosh", "coth", "csch", "erf", "exp", "log", "sech",
    "sigmoid", "sinh", "softplus", "tanh",
)

#: Functions whose Maclaurin coefficients are rational (:func:`taylor_coefficients`).
RATIONAL_TAYLOR_FUNCTIONS = ("asinh", "atanh", "cosh", "exp", "sech", "sigmoid", "sinh", "tanh")

_ODD = {"tanh", "coth", "csch", "sinh", "asinh", "atanh", "erf"}


@contextmanager
def _context(prec: int, cap: int) -> Iterator[None]:
    """Set ``flint.ctx.prec`` and the series length ``flint.ctx.cap``, restoring both."""
    old = flint.ctx.prec, flint.ctx.cap
    flint.ctx.prec, flint.ctx.cap = prec, cap
    try:
        yield
    finally:
        flint.ctx.prec, flint.ctx.cap = old


def guard_bits(n: int) -> int:
    """Extra working bits :func:`derivative_ball` uses for the ``n``-th derivative.

    >>> guard_bits(1000)
    56
    """
    return 16 + 4 * int(n).bit_length()


def _check_name(name: str, allowed: tuple[str, ...], what: str) -> None:
    if name not in allowed:
        raise TanhproofError(f"{what} not available for {name!r}; choose one of {', '.join(allowed)}")


def _check_order(n) -> int:
    if isinstance(n, bool) or not isinstance(n, int):
        raise TanhproofError(f"the derivative order must be an integer, got {n!r}")
    if n < 0:
        raise TanhproofError(f"the derivative order must be non-negative, got {n}")
    if n > LIMITS.max_derive_order:
        raise LimitError(f"derivative order {n} exceeds the limit of {LIMITS.max_derive_order}")
    return n


def _coeff(series: arb_series, k: int) -> arb:
    coeffs = series.coeffs()
    return coeffs[k] if k < len(coeffs) else arb(0)  # trailing exact zeros are dropped


def _exp_series(c: int, x: arb, n: int, minus_one: bool = False) -> arb_series:
    """``exp(c*(x + h))`` (or ``expm1``, constant term by ``arb.expm1``) to ``h^n``."""
    s = arb_series.exp(arb_series([0, c], prec=n + 1))
    coeffs = [v * (c * x).exp() for v in s.coeffs()]
    coeffs += [arb(0)] * (n + 1 - len(coeffs))
    if minus_one:
        coeffs[0] = (c * x).expm1()
    return arb_series(coeffs, prec=n + 1)


def _hyperbolic(name: str, n: int, x: arb) -> arb:
    """Coefficient ``n`` of tanh, sech, coth or csch at ``x + h`` for a ball with mid >= 0."""
    if name == "tanh":
        s = 2 / (1 + _exp_series(-2, x, n))
    elif name == "sech":
        s = 2 * _exp_series(-1, x, n) / (1 + _exp_series(-2, x, n))
    elif name == "coth":
        s = -2 / _exp_series(-2, x, n, minus_one=True)
    else:  # csch
        s = -2 * _exp_series(-1, x, n) / _exp_series(-2, x, n, minus_one=True)
    return _coeff(s, n)


def _poly_series(coeffs: list[arb], n: int) -> arb_series:
    return arb_series(coeffs + [arb(0)] * max(0, n + 1 - len(coeffs)), prec=n + 1)


def _core(name: str, n: int, x: arb) -> arb:
    """The n-th derivative at the working precision (already raised)."""
    if n == 0:
        direct = {
            "tanh": arb.tanh, "sech": arb.sech, "sinh": arb.sinh, "cosh": arb.cosh, "exp": arb.exp,
            "coth": arb_coth, "csch": arb_csch, "sigmoid": arb_sigmoid, "softplus": arb_softplus,
            "log": arb_log, "atanh": arb_atanh, "asinh": arb.asinh, "acosh": arb_acosh, "erf": arb.erf,
        }
        return direct[name](x)
    if name == "exp":
        return x.exp()
    if name in ("sinh", "cosh"):
        return x.sinh() if (name == "sinh") == (n % 2 == 0) else x.cosh()
    if name == "sigmoid":
        return _core("tanh", n, x / 2) / arb(2) ** (n + 1)
    if name == "softplus":
        return _core("sigmoid", n - 1, x)
    fac = arb.fac_ui(n - 1)
    if name == "log":
        if not x > 0:
            raise DomainError(f"log needs a positive argument, got {x}")
        return (-1) ** (n - 1) * fac / x**n
    if name == "atanh":
        if not abs(x) < 1:
            raise DomainError(f"atanh needs |x| < 1, got {x}")
        return fac / 2 * (1 / (1 - x) ** n + (-1) ** (n - 1) / (1 + x) ** n)
    if name == "asinh":
        base = _poly_series([1 + x * x, 2 * x, arb(1)], n - 1)
        return _coeff(arb_series.rsqrt(base), n - 1) * fac
    if name == "acosh":
        if not x > 1:
            raise DomainError(f"the derivatives of acosh need x > 1, got {x}")
        base = _poly_series([(x - 1) * (x + 1), 2 * x, arb(1)], n - 1)
        return _coeff(arb_series.rsqrt(base), n - 1) * fac
    if name == "erf":
        gauss = arb_series.exp(_poly_series([arb(0), -2 * x, arb(-1)], n - 1)) * (-x * x).exp()
        return _coeff(gauss, n - 1) * fac * 2 / arb.pi().sqrt()
    if name in ("coth", "csch") and x.contains(0):
        raise DomainError(f"{name} has a pole at 0 and the point {x} encloses it")
    reflect = x.mid() < 0
    value = _hyperbolic(name, n, -x if reflect else x) * arb.fac_ui(n)
    if reflect:
        odd = name in _ODD
        value = -value if (n + odd) % 2 else value
    return value


def derivative_ball(name: str, n: int, x: arb) -> arb:
    """A ball containing the ``n``-th derivative of ``name`` at every point of ``x``.

    Explanation
    ===========

    ``name`` is one of :data:`DERIVATIVE_FUNCTIONS`; ``0 <= n <=
    LIMITS.max_derive_order``. The series are computed at ``flint.ctx.prec +
    guard_bits(n)`` bits and the ball is rounded back to ``flint.ctx.prec`` (see the
    module docstring for the method, the measurements and the accuracy to expect).
    A ball touching a pole or leaving the domain (``coth``/``csch`` at 0, ``log``
    at ``x <= 0``, ``atanh`` outside ``(-1, 1)``, ``acosh`` at ``x <= 1`` for
    ``n >= 1``) raises :class:`~tanhproof.errors.DomainError`, and so does a result
    that is not finite.

    Examples
    ========

    >>> import flint
    >>> old = flint.ctx.prec; flint.ctx.prec = 64
    >>> b = derivative_ball("tanh", 1, flint.arb(0))   # sech(0)^2 = 1
    >>> b.contains(1), b.rad() < 1e-18
    (True, True)
    >>> derivative_ball("coth", 1, flint.arb(0))
    Traceback (most recent call last):
    ...
    tanhproof.errors.DomainError: coth has a pole at 0 and the point 0 encloses it
    >>> flint.ctx.prec = old
    """
    _check_name(name, DERIVATIVE_FUNCTIONS, "n-th derivatives are")
    _check_order(n)
    prec = flint.ctx.prec
    with _context(prec + guard_bits(n), max(n + 1, 2)):
        value = _core(name, n, arb(x))
    if not value.is_finite():
        raise DomainError(f"the {n}-th derivative of {name} is not certifiably finite on {x}")
    return +value  # rounded to the caller's precision


def _point(x) -> Fraction:
    """``x`` as an exact rational (int, Fraction, Decimal, finite float, decimal or p/q string)."""
    if isinstance(x, bool):
        raise TanhproofError(f"the point must be a number, got {x!r}")
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    if isinstance(x, float | Decimal):
        if not math.isfinite(x):
            raise TanhproofError(f"the point must be finite, got {x!r}")
        return Fraction(x)
    if isinstance(x, str) and len(x) <= LIMITS.max_literal_digits + 20:
        try:
            return Fraction(x.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise TanhproofError(f"the point must be an exact number such as 0.5 or 1/3, got {x!r}")


def _rational_coefficient(quadratic: Fraction, linear: Fraction, k: int, op: str) -> Fraction:
    """Coefficient ``k`` of ``rsqrt(1 + a h + b h^2)`` or ``exp(a h + b h^2)``, exactly."""
    with _context(flint.ctx.prec, k + 1):
        u = fmpq_series([0, fmpq(linear.numerator, linear.denominator),
                         fmpq(quadratic.numerator, quadratic.denominator)], prec=k + 1)
        s = fmpq_series.rsqrt(1 + u) if op == "rsqrt" else fmpq_series.exp(u)
        c = s.coeffs()
    return Fraction(int(c[k].p), int(c[k].q)) if k < len(c) else Fraction(0)


def _exact_zero(name: str, n: int, x: Fraction) -> bool:
    """Whether the n-th derivative of ``name`` at the rational ``x`` is exactly 0
    (a decision, not a numerical test: see the module docstring)."""
    if name == "log":
        return n == 0 and x == 1
    if name == "acosh":  # only reached for x > 1 when n >= 1 (derivative_ball checks)
        d = x * x - 1
        return x == 1 if n == 0 else _rational_coefficient(1 / d, 2 * x / d, n - 1, "rsqrt") == 0
    if name == "atanh" and n >= 1:
        return Fraction(1) / (1 - x) ** n + (-1) ** (n - 1) / (1 + x) ** n == 0
    if name in ("asinh", "atanh", "erf") and n == 0:
        return x == 0
    if name == "asinh":
        d = 1 + x * x
        return _rational_coefficient(1 / d, 2 * x / d, n - 1, "rsqrt") == 0
    if name == "erf":
        return _rational_coefficient(Fraction(-1), -2 * x, n - 1, "exp") == 0
    if x != 0:
        return False  # exp family at a rational x != 0: transcendental, never 0
    if name == "softplus":
        return n >= 1 and taylor_coefficients("sigmoid", n)[n - 1] == 0
    return taylor_coefficients(name, n + 1)[n] == 0


def nth_derivative(name: str, n: int, x, digits: int = 50) -> mpmath.mpf:
    """The ``n``-th derivative of ``name`` at the exact point ``x``, to ``digits`` digits.

    Explanation
    ===========

    ``x`` is an ``int``, ``Fraction``, ``Decimal``, a finite ``float`` (taken
    exactly) or a string such as ``"0.5"``, ``"-3/7"``, ``"1e-3"``. A Ziv loop
    raises the precision until the ball from :func:`derivative_ball` has relative
    radius at most ``10**-(digits + 2)``; its midpoint is returned, so the relative
    error is below ``10**-digits``. An exactly zero derivative (``tanh''(0)``) is
    recognised exactly and returned as ``mpf(0)``. Bad ``name``, ``n``, ``x`` or
    ``digits`` raise :class:`~tanhproof.errors.TanhproofError` (``LimitError`` past
    ``LIMITS``) and points outside the domain ``DomainError``.

    Examples
    ========

    >>> print(mpmath.nstr(nth_derivative("sech", 2, 1, digits=30), 30))
    0.103721939839593110378649611504
    >>> with mpmath.workdps(60):  # tanh^(999)(0) = (-1)^499 T_500
    ...     abs(nth_derivative("tanh", 999, 0) / tangent_numbers(500)[-1] + 1) < mpmath.mpf(10)**-50
    True
    >>> nth_derivative("tanh", -1, 0)
    Traceback (most recent call last):
    ...
    tanhproof.errors.TanhproofError: the derivative order must be non-negative, got -1
    """
    _check_name(name, DERIVATIVE_FUNCTIONS, "n-th derivatives are")
    _check_order(n)
    if isinstance(digits, bool) or not isinstance(digits, int) or digits <= 0:
        raise TanhproofError(f"digits must be a positive integer, got {digits!r}")
    if digits > LIMITS.max_digits:
        raise LimitError(f"digits {digits} exceeds the limit of {LIMITS.max_digits}")
    point = _point(x)
    target = math.ceil((digits + 2) * math.log2(10))
    prec, zero_known = target + 8, False
    while True:
        if prec > LIMITS.max_evaluation_bits:
            raise LimitError(f"the {n}-th derivative of {name} at {x} needs more than "
                             f"{LIMITS.max_evaluation_bits} bits")
        with _context(prec, flint.ctx.cap):
            ball = derivative_ball(name, n, arb(fmpq(point.numerator, point.denominator)))
        if ball.rad() == 0 and ball.mid() == 0 or ball.rel_accuracy_bits() >= target:
            break
        if ball.contains(0) and not zero_known:
            if _exact_zero(name, n, point):
                return mpmath.mpf(0)
            zero_known = True
        accuracy = ball.rel_accuracy_bits()
        prec += max(64, target - accuracy + 32) if accuracy > 0 else prec
    man, exp = (int(v) for v in ball.mid().man_exp())
    with mpmath.workprec(max(53, man.bit_length())):
        return mpmath.mpf((man, exp))


def taylor_coefficients(name: str, terms: int) -> list[Fraction]:
    """The exact Maclaurin coefficients ``c_0, ..., c_(terms-1)`` of ``name``.

    Explanation
    ===========

    Computed with exact rational power series (``flint.fmpq_series``) from the
    definitions: ``tanh``, ``sinh``, ``cosh``, ``exp``, ``atanh``, ``asinh`` by their
    series functions, ``sech = 1/cosh`` and ``sigmoid = 1/(1 + exp(-x))``. Only
    functions with rational coefficients are accepted (:data:`RATIONAL_TAYLOR_FUNCTIONS`);
    ``coth`` and ``csch`` have a pole at 0, ``log`` a singularity, and ``softplus``,
    ``erf``, ``acosh`` irrational or no coefficients.

    Examples
    ========

    >>> [str(c) for c in taylor_coefficients("sech", 7)]
    ['1', '0', '-1/2', '0', '5/24', '0', '-61/720']
    >>> taylor_coefficients("coth", 3)
    Traceback (most recent call last):
    ...
    tanhproof.errors.TanhproofError: coth has a pole at 0: no Maclaurin series; rational coefficients for asinh, atanh, cosh, exp, sech, sigmoid, sinh, tanh
    """
    allowed = ", ".join(RATIONAL_TAYLOR_FUNCTIONS)
    if name in ("coth", "csch"):
        raise TanhproofError(f"{name} has a pole at 0: no Maclaurin series; rational coefficients for {allowed}")
    _check_name(name, RATIONAL_TAYLOR_FUNCTIONS, "rational Maclaurin coefficients are")
    if isinstance(terms, bool) or not isinstance(terms, int) or terms < 0:
        raise TanhproofError(f"terms must be a non-negative integer, got {terms!r}")
    if terms > LIMITS.max_derive_order + 1:
        raise LimitError(f"terms {terms} exceeds the limit of {LIMITS.max_derive_order + 1}")
    if terms == 0:
        return []
    with _context(flint.ctx.prec, terms):
        h = fmpq_series([0, 1], prec=terms)
        if name == "sech":
            s = 1 / fmpq_series.cosh(h)
        elif name == "sigmoid":
            s = 1 / (1 + fmpq_series.exp(-h))
        else:
            s = getattr(fmpq_series, name)(h)
        coeffs = s.coeffs()
    out = [Fraction(int(c.p), int(c.q)) for c in coeffs]
    return out + [Fraction(0)] * (terms - len(out))


def tangent_numbers(count: int) -> list[int]:
    """The first ``count`` tangent numbers ``T_1, T_2, ...`` (OEIS A000182).

    Explanation
    ===========

    ``tan x = sum T_k x^(2k-1)/(2k-1)!``, so ``tanh^(2k-1)(0) = (-1)^(k-1) T_k``.
    Computed with integers only by the boustrophedon recurrence of Knuth and
    Buckholtz (Math. Comp. 21 (1967) 663-688), ``O(count^2)`` additions.

    Examples
    ========

    >>> tangent_numbers(6)
    [1, 2, 16, 272, 7936, 353792]
    """
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise TanhproofError(f"count must be a non-negative integer, got {count!r}")
    if count > LIMITS.max_derive_order:
        raise LimitError(f"count {count} exceeds the limit of {LIMITS.max_derive_order}")
    if count == 0:
        return []
    t = [0] * (count + 1)
    t[1] = 1
    for k in range(2, count + 1):
        t[k] = (k - 1) * t[k - 1]
    for k in range(2, count + 1):
        for j in range(k, count + 1):
            t[j] = (j - k) * t[j - 1] + (j - k + 2) * t[j]
    return t[1:]
