"""Vectorized float64 kernels of log and its relatives, with a proved relative error bound.

The kernels of ``log``, ``log'``, ``softplus``, ``asinh``, ``acosh`` and ``atanh``
for :mod:`tanhproof.numeric._bulk`, with the contract of :mod:`tanhproof.numeric._kernels`
(``f(x) = c + d_true``, ``c`` exact, ``d`` within :data:`~tanhproof.numeric._kernels.BOUND`
relative of ``d_true``). As there, only IEEE 754 binary64 arithmetic is relied on
(``+ - * /`` and ``sqrt`` correctly rounded, relative error at most ``u = 2**-53``;
``frexp``, ``rint``, ``ldexp`` and ``abs`` exact), never the accuracy of a libm ``log``.

Error analysis
==============

**log** (:func:`log_approx`, any positive normal float64 ``x``). ``x = m 2**e`` exactly
(``frexp``), moved to ``m`` in ``[181/256, 362/256)`` (``m`` doubled and ``e`` lowered
when ``m < 181/256``; exact). ``j = rint(128 m)`` in ``90..181`` and ``c_j = j/128``
(8 bits, exact), so ``|m - c_j| <= 1/256`` and ``m - c_j`` is exact (Sterbenz);
``r = (m - c_j) * I_j`` with ``I_j = 128/j`` rounded is ``(m - c_j)/c_j`` within
``2u`` relative (exactly, for ``j = 128``), and ``|r| <= 1/180``. Then
``log x = e ln2 + log(c_j) + log1p(r)``: ``e ln2`` is ``e*L_hi + e*L_lo`` with ``L_hi``
the first 42 bits of ``ln 2`` (``|e| < 2**11``: the product is exact), ``T_j = log(c_j)``
is rounded from arb (``T_128 = 0``), and ``log1p(r) = r + r**2 Q(r)`` with ``Q`` the
Taylor polynomial ``-1/2 + r/3 - ... - r**6/8`` (truncation below ``2**-60``
relative). ``Q`` errs by at most ``1.02u`` (Horner damped by ``|r| < 0.0056``, its
coefficients rounded), so ``r**2 Q`` by ``3.02u``; as ``|r Q| < 0.0029`` the sum with
``r`` errs by ``1.01u``, and the ``2u`` of ``r`` adds ``2.03u``: ``P`` is within
``3.04u`` of ``log1p(r)``. The sum ``S = (e L_hi + T_j) + (P + e L_lo)`` errs by at most
``u(|e ln2| + 2|T_j|) + 4.04u |P| + u|S|`` (plus ``2**-90 |S|`` for ``L_lo``), and
``kappa = (|e ln2| + |T_j| + |P|)/|log x| <= 3.04``: for ``e = 0, j = 128`` it is 1, for
``e = 0`` and ``j != 128`` at most ``(log(128/127) + log(254/253))/log(256/255)`` (j = 127;
the test suite checks every ``j``), for ``e != 0`` at most
``(ln2 + log(362/256) + 0.0112)/(ln2 - log(362/256))``. Total below ``4.04 * 3.04 + 1 =
13.3u``; we use **14u**. ``log(1) = 0`` exactly.

**log1p** (:func:`log1p_approx`, float64 ``w >= 0``). ``w < 2**-5``: ``w + w**2 Q(w)``
with 10 Taylor coefficients (truncation below ``2**-58``): **1.1u**. Otherwise
``y = 1 + w`` rounded and its rounding error ``delta`` exactly (Fast2Sum:
``w - (y - 1)`` when ``w <= 1``, ``1 - (y - w)`` when ``w > 1``), so
``log1p(w) = log(y) + log1p(delta/y)`` with ``|delta/y| <= u``; ``log1p(delta/y)`` is
``delta/y`` within ``u/2`` relative; ``log1p(w) >= 0.0307``, so the result
``log_approx(y) + delta/y`` is within ``14u + u + 2**-47 u`` relative: **15.1u**.

Writing ``L`` for log1p (1.1u below ``2**-5``, else 15.1u): the relative condition
number of ``log1p`` at ``w > 0`` is ``w/((1 + w) log1p w) <= 1``, so a relative error
``eps`` of its argument adds at most ``eps (1 + eps)``. With ``E`` the exp kernel of
:mod:`tanhproof.numeric._kernels` (5u), ``a = |x|``, ``z = a**2`` (exact: ``a`` has at most
24 significant bits):

================  ===========================================  ===========================
function          small ``a`` or ``x - 1``: ``c``, ``d``       otherwise: ``c``, ``d``
================  ===========================================  ===========================
log               ``|x - 1| < 2**-5``: ``x - 1`` (exact:       0, ``log_approx(x)``: 14u
                  Sterbenz), ``r**2 Q(r)`` with ``r = x - 1``
                  and the ``Q`` of log1p: 3.1u
log' = 1/x        ``c``: ``1/x`` rounded to 25 bits; ``d``:
                  ``(1 - x*c)/x`` (``x*c`` has 49 bits and
                  ``1 - x*c`` is exact, Sterbenz): u;
                  ``d = 0`` exactly where ``1/x = c``
softplus          ``x <= 1``: 0, ``max(x, 0) + L(E(-a))``      ``x > 1``: ``x``,
                  (``E(-a) <= 1``; a sum of positive terms):   ``L(E(-a))``: 20.2u
                  21.2u
asinh             ``a < 2**-5``: ``a``, ``a**3 sum s_k z**k``  0, ``L(t)``, ``t = a + z/(1 +
                  (Taylor, 6 terms, alternating, truncation    sqrt(1 + z))`` (positive,
                  below ``2**-60``; ``a**3`` and               4.5u): 19.7u
                  ``s_0 = -1/6`` rounded): 4.1u
acosh             ``x = 1``: 0, 0 (exact)                      0, ``L(t)``, ``t = y + sqrt(y
                                                               (y + 2))``, ``y = x - 1`` (exact
                                                               for ``x < 2**53``, else u):
                                                               3u + 15.1u: 18.2u
atanh             ``a < 2**-5``: ``a``,                        0, ``L(2a/(1 - a))/2``
                  ``a**3 sum z**k/(2k+3)`` (positive, 6        (``1 - a`` exact for ``a >=
                  terms, truncation below ``2**-60``): 4.1u    1/2``): 2u + 15.1u: 17.2u
================  ===========================================  ===========================

(odd functions are computed at ``a``, the sign applied to ``c`` and ``d``). Arguments
are clamped as in :mod:`tanhproof.numeric._kernels`: softplus to ``|x| <= 700``
(beyond, ``softplus(x)`` is below ``2**-1000`` for ``x < -700`` and ``x + d`` with
``0 < d < 2**-1000`` for ``x > 700``, and so is the clamped result).

Examples
========

>>> import numpy as np
>>> c, d = LOG_KERNELS["log"](np.array([1.0, 2.0, 1 + 2.0**-20]))
>>> c.tolist(), d[:2].tolist(), f"{d[2] / 2.0**-41:.9f}"  # near 1: log(1 + r) - r = -r**2/2 + ...
([0.0, 0.0, 9.5367431640625e-07], [-0.0, 0.6931471805599453], '-0.999999364')
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._algkernels import round25
from tanhproof.numeric._kernels import Kernel, as_double, exp_approx, horner, signed, split_sign

__all__ = ["LOG_KERNELS", "log1p_approx", "log_approx"]

_LOW_J, _HIGH_J = 90, 181


def _log_constants() -> tuple[np.ndarray, np.ndarray, float, float]:
    old = ctx.prec
    ctx.prec = 256
    try:
        table = np.zeros(_HIGH_J + 1)
        inverse = np.zeros(_HIGH_J + 1)
        for j in range(_LOW_J, _HIGH_J + 1):
            if j != 128:
                table[j] = as_double((arb(j) / 128).log())
            inverse[j] = 128 / j  # the correctly rounded quotient (IEEE division)
        ln2 = arb(2).log()
        # 42 leading bits of ln 2 (0.693 has exponent -1): floor(ln2 * 2**42) / 2**42.
        top = (ln2 * 2**42).floor().unique_fmpz()
        if top is None:  # cannot happen: ln2 * 2**42 is far from an integer at 256 bits
            raise ArithmeticError("ln 2 not resolved")
        hi = float(Fraction(int(top), 2**42))
        lo = as_double(ln2 - hi)
    finally:
        ctx.prec = old
    return table, inverse, hi, lo


_T, _INV, _LN2_HI, _LN2_LO = _log_constants()
# log1p(r) = r + r**2 Q(r), Q(r) = sum_k (-1)**(k+1) r**k/(k+2).
_LOG1P_Q8 = [float(Fraction((-1) ** (k + 1), k + 2)) for k in range(7)]
_LOG1P_Q11 = [float(Fraction((-1) ** (k + 1), k + 2)) for k in range(10)]
_SMALL = 2.0**-5


def log_approx(x: np.ndarray) -> np.ndarray:
    """``log(x)`` for positive normal float64 ``x``, relative error below ``14 * 2**-53``
    (see the module docstring); exactly 0 at ``x = 1``.

    Examples
    ========

    >>> log_approx(np.array([1.0, 2.0])).tolist()
    [0.0, 0.6931471805599453]
    """
    m, e = np.frexp(x)
    low = m < 181 / 256
    m = np.where(low, 2.0 * m, m)
    e = np.where(low, e - 1, e).astype(np.float64)
    j = np.rint(m * 128.0).astype(np.intp)
    r = (m - j * (1.0 / 128)) * _INV[j]
    p = r + (r * r) * horner(_LOG1P_Q8, r)
    return (e * _LN2_HI + _T[j]) + (p + e * _LN2_LO)


def log1p_approx(w: np.ndarray) -> np.ndarray:
    """``log(1 + w)`` for float64 ``w >= 0`` (finite), relative error below
    ``15.1 * 2**-53`` (see the module docstring).

    Examples
    ========

    >>> log1p_approx(np.array([0.0, 1e-20, 1.0])).tolist()
    [0.0, 1e-20, 0.6931471805599453]
    """
    small = w < _SMALL
    ws = np.where(small, w, 0.0)
    series = ws + (ws * ws) * horner(_LOG1P_Q11, ws)
    y = 1.0 + w
    delta = np.where(w <= 1.0, w - (y - 1.0), 1.0 - (y - w))
    large = log_approx(np.where(small, 2.0, y)) + delta / y
    return np.where(small, series, large)


def _asinh_coefficient(k: int) -> Fraction:
    """s_k in asinh(a) = a + a**3 sum_k s_k a**(2k): (-1)**n (2n)!/(4**n n!**2 (2n+1)), n = k + 1."""
    n = k + 1
    central = Fraction(1)
    for i in range(1, n + 1):
        central = central * (2 * i - 1) / (2 * i)  # (2n)!/(4**n n!**2)
    return (-1) ** n * central / (2 * n + 1)


_ASINH_S = [float(_asinh_coefficient(k)) for k in range(6)]
_ATANH_S = [float(Fraction(1, 2 * k + 3)) for k in range(6)]


def _log(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    near = np.abs(x - 1.0) < _SMALL
    r = np.where(near, x - 1.0, 0.0)
    return r, np.where(near, (r * r) * horner(_LOG1P_Q11, r), log_approx(x))


def _log_prime(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    c = round25(1.0 / x)
    return c, (1.0 - x * c) / x


def _softplus(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    rest = log1p_approx(exp_approx(-np.minimum(np.abs(x), 700.0)))
    big = x > 1.0
    return np.where(big, x, 0.0), np.where(big, rest, np.maximum(x, 0.0) + rest)


def _asinh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, s = split_sign(x, np.inf)
    small = a < _SMALL
    z = a * a
    t = a + z / (1.0 + np.sqrt(1.0 + z))
    sz = np.where(small, z, 0.0)
    series = (sz * a) * horner(_ASINH_S, sz)
    d = np.where(small, series, log1p_approx(np.where(small, 0.0, t)))
    return signed(np.where(small, a, 0.0), d, s)


def _acosh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    y = x - 1.0
    t = y + np.sqrt(y * (y + 2.0))
    return np.zeros_like(x), log1p_approx(t)


def _atanh(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a, s = split_sign(x, np.inf)
    small = a < _SMALL
    sz = np.where(small, a * a, 0.0)
    series = (sz * a) * horner(_ATANH_S, sz)
    q = 2.0 * a / (1.0 - a)
    d = np.where(small, series, 0.5 * log1p_approx(np.where(small, 0.0, q)))
    return signed(np.where(small, a, 0.0), d, s)


#: The kernels of this module by function name (``'`` marks the first derivative).
LOG_KERNELS: dict[str, Kernel] = {
    "acosh": _acosh,
    "asinh": _asinh,
    "atanh": _atanh,
    "log": _log,
    "log'": _log_prime,
    "softplus": _softplus,
}
