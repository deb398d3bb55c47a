r"""n-th derivatives of tanh and its family, rigorous: Taylor arithmetic in arb.

:func:`derivative_ball` encloses :math:`f^{(n)}` on an ``arb`` ball (``n`` up to
``LIMITS.max_derive_order`` = 1000); :func:`nth_derivative` turns that into a value
correct to a requested number of digits at an exact point by a Ziv loop. The exact
rational Maclaurin coefficients and the tangent numbers are in
:mod:`tanhproof.numeric._maclaurin`.

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
``softplus^(n) = sigmoid^(n-1)`` for ``n >= 1``; ``asinh`` and ``acosh`` go through
the series of their derivatives ``(1 + y^2)^(-1/2)`` and ``(y^2 - 1)^(-1/2)``;
``erf^(n) = (-1)^(n-1) 2/sqrt(pi) H_(n-1)(x) exp(-x^2)`` with the Hermite
recurrence in arb; ``exp``, ``sinh``, ``cosh``, ``log`` and ``atanh`` have closed
forms. ``n = 0`` is the catalog's ball function.

Why not the derivative polynomials :math:`\tanh^{(n)} = P_n(\tanh x)`
(:mod:`tanhproof.expr._derivpoly`) with arb Horner? Measured on this machine (tanh at
``x = 1/2``, one core, a shared machine; "bits" = relative accuracy of the ball at a
working precision of ``3.33 digits + 20`` bits, i.e. 186 and 3350):

======  =====  ================================  ================================
digits  n      series (this module, with guard)  P_n Horner (``arb_poly``)
======  =====  ================================  ================================
50      10     0.018 ms, 184 bits                0.002 ms, 176 bits
50      100    0.25 ms, 184 bits                 0.006 ms, 128 bits
50      1000   14 ms, 184 bits                   0.055 ms, none (needs ~540 more)
1000    10     0.13 ms, 3348 bits                0.03 ms, 3339 bits
1000    100    3.0 ms, 3348 bits                 0.056 ms, 3291 bits
1000    1000   77 ms, 3348 bits                  1.0 ms, 2812 bits
======  =====  ================================  ================================

Horner is much faster per call, but building ``P_1000`` exactly takes about 0.25 s
and 180 MB (:func:`~tanhproof.expr._derivpoly.derivative_polynomial` keeps every
``P_k``), and its alternating coefficients of size ~``n!`` cancel: ~540 bits lost at
``x = 1/2``, over 200 bits at ``x = 10`` already for ``n = 100`` and about 8600 bits
at ``x = 50``, ``n = 1000``, so a Ziv loop would have to raise the precision many
times over. Without guard bits the series lost at most 46 bits for tanh, sech,
coth, csch and sigmoid in every case measured (``n <= 1000``, ``|x| <= 50``), up to
~100 bits for asinh/acosh at ``n = 1000``, and for erf the Hermite recurrence loses
what the cancellation between its terms costs (~130 bits at ``x = 3``, ~440 at
``x = 10``, ``n = 1000``). So the series is used, with ``guard_bits(n) = 16 + 4 *
n.bit_length()`` extra bits (56 at ``n = 1000``); when the input ball is at least as
precise as the working precision and the result still falls more than 4 bits short
of it (and does not contain 0), it is recomputed, at most twice, with the deficit
added. The ball returned at ``prec`` bits therefore has about ``prec`` bits of
relative accuracy whenever ``x`` is exact, and a caller's Ziv loop ends at its first
step: :func:`nth_derivative` did so for all 14 functions at 13 points in
``[-50, 50]``, ``n`` in 0, 1, 2, 10, 100, 1000, at 50 and 1000 digits, except erf
at ``x = -50``, ``n = 1000``, 50 digits (two steps); the slowest took 0.23 s
(``n = 1000``, 1000 digits). A rounded input
(``arb(1/3)`` at ``prec`` bits) costs about ``log2(n |x|)`` bits more through its own
radius: build ``x`` with ~``guard_bits(n) + 64`` extra bits, as
:func:`nth_derivative` does. Near a zero of the derivative the relative accuracy
is necessarily poorer (any method).

Exact zeros. :func:`nth_derivative` does not loop on a value that is exactly 0:
at ``x = 0`` it reads the exact Maclaurin coefficient
(:func:`~tanhproof.numeric._maclaurin.taylor_coefficients`); at rational ``x != 0`` the
exp-family derivatives are never 0 (the derivative is a nonzero polynomial in
``tanh x``, ``coth x`` or ``sigmoid(x)``, times ``sech x`` or ``csch x`` for those
two, and these values are transcendental for rational ``x != 0`` by the
Lindemann-Weierstrass theorem; ``sinh``, ``cosh``, ``exp``, ``softplus`` (positive)
are plainly nonzero and ``softplus^(n) = sigmoid^(n-1)``); for ``log``, ``atanh``,
``asinh``, ``acosh``, ``erf`` it is settled by exact rational arithmetic (a rational
value, an exact rational series coefficient, or ``H_(n-1)(x)``, times a nonzero
factor).

Examples
========

>>> print(mpmath.nstr(nth_derivative("tanh", 3, "0.5", digits=20), 20))  # mpmath.diff agrees
-0.56520928825977036087
>>> nth_derivative("tanh", 2, 0)
mpf('0.0')
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import flint
import mpmath
from flint import arb, arb_series, fmpq, fmpq_series

from tanhproof.expr._catalog import CATALOG
from tanhproof.expr._errors import DomainError, LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.numeric._evaluators import (
    arb_acosh,
    arb_atanh,
    arb_coth,
    arb_csch,
    arb_log,
    arb_sigmoid,
    arb_softplus,
)
from tanhproof.numeric._maclaurin import check_name, series_context, taylor_coefficients

__all__ = [
    "DERIVATIVE_FUNCTIONS",
    "derivative_ball",
    "guard_bits",
    "nth_derivative",
]

#: Functions :func:`derivative_ball` and :func:`nth_derivative` accept.
DERIVATIVE_FUNCTIONS = (
    "acosh",
    "asinh",
    "atanh",
    "cosh",
    "coth",
    "csch",
    "erf",
    "exp",
    "log",
    "sech",
    "sigmoid",
    "sinh",
    "softplus",
    "tanh",
)

_ODD = {e.name for e in CATALOG.values() if e.parity == "odd"}


def guard_bits(n: int) -> int:
    """Extra working bits :func:`derivative_ball` uses for the ``n``-th derivative.

    >>> guard_bits(1000)
    56
    """
    return 16 + 4 * int(n).bit_length()


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
    scale = (c * x).exp()
    coeffs = [v * scale for v in s.coeffs()]
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


def _hermite(m: int, x):
    """The physicists' Hermite polynomial ``H_m(x)`` by its three-term recurrence
    (``x`` an ``arb`` ball or an exact ``fmpq``)."""
    h0, h1 = x * 0 + 1, 2 * x
    if m == 0:
        return h0
    for k in range(1, m):
        h0, h1 = h1, 2 * x * h1 - 2 * k * h0
    return h1


def _core(name: str, n: int, x: arb) -> arb:
    """The n-th derivative at the working precision (already raised)."""
    if n == 0:
        direct = {
            "tanh": arb.tanh,
            "sech": arb.sech,
            "sinh": arb.sinh,
            "cosh": arb.cosh,
            "exp": arb.exp,
            "coth": arb_coth,
            "csch": arb_csch,
            "sigmoid": arb_sigmoid,
            "softplus": arb_softplus,
            "log": arb_log,
            "atanh": arb_atanh,
            "asinh": arb.asinh,
            "acosh": arb_acosh,
            "erf": arb.erf,
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
    if name == "erf":  # erf^(n) = (-1)^(n-1) 2/sqrt(pi) H_(n-1)(x) exp(-x^2)
        sign = -1 if n % 2 == 0 else 1
        return sign * _hermite(n - 1, x) * (-x * x).exp() * 2 / arb.pi().sqrt()
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
    ``n >= 1``) raises :class:`~tanhproof.DomainError`, and so does a result
    that is not certifiably finite (a ball so wide that a series divisor may vanish).
    A wide ball gives a correct but loose enclosure, since every series operation
    sees the whole ball (``[+/- 2.6e4]`` for the third derivative of tanh on
    ``[-1, 1]``, whose true range is within ``[-2, 0.7]``); split it if that matters.

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
    tanhproof.DomainError: coth has a pole at 0 and the point 0 encloses it
    >>> flint.ctx.prec = old
    """
    check_name(name, DERIVATIVE_FUNCTIONS, "n-th derivatives are")
    _check_order(n)
    prec, guard = flint.ctx.prec, guard_bits(n)
    sharp = x.rad() == 0 or x.rel_accuracy_bits() >= prec + 8
    for _ in range(3):
        with series_context(prec + guard, max(n + 1, 2)):
            try:
                value = _core(name, n, arb(x))
            except (ValueError, ZeroDivisionError) as error:  # a series divisor not certifiably nonzero
                if isinstance(error, DomainError):
                    raise
                raise DomainError(
                    f"the derivative of order {n} of {name} is not certifiably finite on {x}"
                ) from None
        if not value.is_finite():
            raise DomainError(f"the derivative of order {n} of {name} is not certifiably finite on {x}")
        accuracy = value.rel_accuracy_bits()
        if accuracy >= prec - 4 or value.contains(0) or not sharp:
            break
        guard += prec - accuracy + 16
    return +value  # rounded to the caller's precision


def _shown(value) -> str:
    """``repr(value)``, shortened for an error message."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _point(x) -> Fraction:
    """``x`` as an exact rational (int, Fraction, Decimal, finite float, decimal or p/q string)."""
    if isinstance(x, bool):
        raise TanhproofError(f"the point must be a number, got {_shown(x)}")
    if isinstance(x, (int, Fraction)):
        return Fraction(x)
    if isinstance(x, float | Decimal):
        if not math.isfinite(x):
            raise TanhproofError(f"the point must be finite, got {_shown(x)}")
        return Fraction(x)
    if isinstance(x, str) and len(x) <= LIMITS.max_literal_digits + 20:
        try:
            return Fraction(x.strip())
        except (ValueError, ZeroDivisionError):
            pass
    raise TanhproofError(f"the point must be an exact number such as 0.5 or 1/3, got {_shown(x)}")


def _rsqrt_coefficient(quadratic: Fraction, linear: Fraction, k: int) -> Fraction:
    """Coefficient ``k`` of ``(1 + linear*h + quadratic*h^2)^(-1/2)``, exactly."""
    with series_context(flint.ctx.prec, k + 1):
        u = fmpq_series(
            [0, fmpq(linear.numerator, linear.denominator), fmpq(quadratic.numerator, quadratic.denominator)],
            prec=k + 1,
        )
        c = fmpq_series.rsqrt(1 + u).coeffs()
    return Fraction(int(c[k].p), int(c[k].q)) if k < len(c) else Fraction(0)


def _exact_zero(name: str, n: int, x: Fraction) -> bool:
    """Whether the n-th derivative of ``name`` at the rational ``x`` is exactly 0
    (a decision, not a numerical test: see the module docstring)."""
    if name == "log":
        return n == 0 and x == 1
    if name == "acosh":  # only reached for x > 1 when n >= 1 (derivative_ball checks)
        d = x * x - 1
        return x == 1 if n == 0 else _rsqrt_coefficient(1 / d, 2 * x / d, n - 1) == 0
    if name == "atanh" and n >= 1:
        return Fraction(1) / (1 - x) ** n + (-1) ** (n - 1) / (1 + x) ** n == 0
    if name in ("asinh", "atanh", "erf") and n == 0:
        return x == 0
    if name == "asinh":
        d = 1 + x * x
        return _rsqrt_coefficient(1 / d, 2 * x / d, n - 1) == 0
    if name == "erf":
        return _hermite(n - 1, fmpq(x.numerator, x.denominator)) == 0
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
    ``digits`` raise :class:`~tanhproof.TanhproofError` (``LimitError`` past
    ``LIMITS``) and points outside the domain ``DomainError``.

    Examples
    ========

    >>> print(mpmath.nstr(nth_derivative("sech", 2, 1, digits=30), 30))
    0.103721939839593110378649611504
    >>> from tanhproof.numeric._maclaurin import tangent_numbers
    >>> with mpmath.workdps(60):  # tanh^(999)(0) = (-1)^499 T_500
    ...     abs(nth_derivative("tanh", 999, 0) / tangent_numbers(500)[-1] + 1) < mpmath.mpf(10)**-50
    True
    >>> nth_derivative("tanh", -1, 0)
    Traceback (most recent call last):
    ...
    tanhproof.TanhproofError: the derivative order must be non-negative, got -1
    """
    check_name(name, DERIVATIVE_FUNCTIONS, "n-th derivatives are")
    _check_order(n)
    if isinstance(digits, bool) or not isinstance(digits, int) or digits <= 0:
        raise TanhproofError(f"digits must be a positive integer, got {_shown(digits)}")
    if digits > LIMITS.max_digits:
        raise LimitError(f"digits {digits} exceeds the limit of {LIMITS.max_digits}")
    point = _point(x)
    target = math.ceil((digits + 2) * math.log2(10))
    prec, zero_known = target + 8, False
    while True:
        if prec > LIMITS.max_evaluation_bits:
            raise LimitError(
                f"the derivative of order {n} of {name} at {_shown(x)} needs more than "
                f"{LIMITS.max_evaluation_bits} bits"
            )
        with series_context(prec + guard_bits(n) + 64, flint.ctx.cap):  # a sharp ball for x
            ball_x = arb(fmpq(point.numerator, point.denominator))
        with series_context(prec, flint.ctx.cap):
            ball = derivative_ball(name, n, ball_x)
        if (ball.rad() == 0 and ball.mid() == 0) or ball.rel_accuracy_bits() >= target:
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
