"""Binary64 kernels of coth, csch and the derivatives of coth, csch and sech.

Double-double values within a proved relative bound, and proved constant ranges, in
the form of :mod:`tanhproof.numeric._ddspec`, built on the exp-family kernels of
:mod:`tanhproof.numeric._ddexpkernels` (``T`` = tanh 93, ``S`` = sinh 95, ``H`` = sech
65 ``u**2``), :func:`~tanhproof.numeric._ddexp.exp_dd` (``E``, 21.3) and
:func:`~tanhproof.numeric._ddlog.recip_dd` (``R``, 1.01); ``div_dd`` 15.5, ``mul_dd``
8.1 (:mod:`tanhproof.numeric._ddarith`); ``a = |x|``. The poles at 0 never reach here
(:mod:`tanhproof.numeric._specials`).

Explanation
===========

**Tiny arguments** (``a < 2**-42``, Laurent series, the next term below ``2**-168`` of
the value): ``coth a = 1/a + a/3``, ``csch a = 1/a - a/6``, ``coth' a = -(1/a**2 - 1/3)``,
``csch' a = -(1/a**2 + 1/6)``: ``R(a)`` (squared by ``mul_dd``: ``8.1 + 2.02``) and the
constant term added to the low part (one rounding, ``u (u + 2**-83)`` of the value):
at most **11.2**. Where ``a = 2**k`` the leading term is a float64 ``c`` and the rest is
below ``2**-30`` of the gap beside it (``a**2/3 < 2**-84``; ``1/3 < 2**-30 * 2**-53 /
a**2``): ``coth`` is ``1/a`` above, ``csch`` ``1/a`` below, ``coth'`` ``-1/a**2`` above,
``csch'`` ``-1/a**2`` below (as for the constant ranges of
:mod:`tanhproof.numeric._ddexpkernels`). ``sech' a = -a + 5a**3/6 ..``: ``-a`` above (``5a**2/6 < 2**-84``,
the gap toward zero at least ``2**-53 a``).

============  ==========================================================  =======
function      method and constant ranges (odd functions carry the sign)     bound
============  ==========================================================  =======
coth          ``a <= 2**-1024``: overflow; ``a >= 30``: 1 above (``coth a    109
              - 1 < 2.01 e**-60 < 2**-84``); ``1/T(a)`` (``93 + 15.5``)
csch          ``a <= 2**-1024``: overflow; ``a > 766``: 0 above (``csch a <   111
              2.01 e**-a``); ``[2**-42, 80)``: ``1/S(a)`` (``95 + 15.5``);
              ``[80, 620]``: ``2 E(-a)`` (dropping ``1/(1 - e**-2a)``:
              ``2**-230``); ``(620, 766]``: scaled ``2 e**-a``
coth'         ``-csch**2``, even: ``a <= 2**-512``: overflow to ``-inf``       214
              (``1/a**2 >= 2**1024``); ``a > 384``: 0 below (``4.01
              e**-2a < 2**-1105``); ``[2**-42, 40)``: ``-1/S(a)**2``
              (``2*95 + 8.1 + 15.5``); ``[40, 310]``: ``-4 E(-2a)``
              (``(1 - e**-2a)**-2`` dropped: ``2.01 e**-80 < 2**-113``);
              ``(310, 384]``: scaled ``-4 e**-2a``
csch'         ``-coth csch``, even: ``a <= 2**-512``: overflow to ``-inf``;    174
              ``a > 766``: 0 below; ``[2**-42, 0.75)``: ``-2p (p**2 + 1)/(m
              q)**2``, ``m = M(a)``, ``p = 1 + m``, ``q = 2 + m`` (below: 174);
              ``[0.75, 40)``: ``-2w(1 + s)/(1 - s)**2``, ``w = E(-a)``,
              ``s = w**2 <= e**-1.5 < 0.2232`` (below: 100); ``[40, 620]``:
              ``-2 E(-a)``
              (dropping ``(1 + w**2)/(1 - w**2)**2``, ``w = e**-a``:
              ``3.01 w**2 < 2**-113``); ``(620, 766]``: scaled ``-2 e**-a``
sech'         ``-sech tanh``, odd: ``x = 0``: ``-x`` exactly; ``a < 2**-42``:   167
              ``-a`` above; ``a > 766``: 0 below; ``[2**-42, 40)``:
              ``-H(a) T(a)`` (``65 + 93 + 8.1``); ``[40, 620]``: ``-2 E(-a)``
              (``(1 - w**2)/(1 + w**2)**2`` dropped: ``3.01 w**2``);
              ``(620, 766]``: scaled ``-2 e**-a``
============  ==========================================================  =======

**csch' from one expm1** (``[2**-42, 0.75)``): with ``p = e**a = 1 + m``, ``cosh a =
(p**2 + 1)/(2p)`` and ``sinh a = m q/(2p)``, so ``-csch' a = 2p (p**2 + 1)/(m q)**2``.
``m = M(a)`` (``expm1_dd``, 54) in ``(0, e**0.75 - 1 < 1.118)`` enters with the factor
``|d log f / d log m| = 2 - m/(1 + m) - 2m(1 + m)/(1 + (1 + m)**2) + 2m/(2 + m) <= 2``
(the three terms sum to a value in ``(0, 4)``): 108. ``p`` and ``q`` by ``add_dd_d``
(one sign, 2.01 each); ``p**2`` by ``mul_dd``: ``8.1 + 2 * 2.01 = 12.2``; ``p**2 + 1``:
``2.01 + 12.2 * p**2/(p**2 + 1)`` (at most ``0.818``): 12.0; ``p (p**2 + 1)``:
``8.1 + 2.01 + 12.0 = 22.1``; ``m q``: ``8.1 + 2.01``; squared: ``8.1 + 2 * 10.1 =
28.3``; the quotient: ``22.1 + 28.3 + 15.5 = 65.9``; in all **174**, one expm1 instead
of the two kernels' three.

**csch' from one exp** (``[0.75, 40)``): ``-csch' a = cosh a / sinh(a)**2 = 2w (1 +
w**2) / (1 - w**2)**2`` with ``w = e**-a``. ``w``'s relative error (21.3) enters with
the factor ``1 + 2s/(1 + s) + 4s/(1 - s) <= 2.514``: 53.6; ``s = mul_dd(w, w)`` (8.1)
enters ``1 + s`` and ``1 - s`` scaled by ``s/(1 + s) <= 0.183`` and ``s/(1 - s) <=
0.288``; ``1 + s`` by ``add_dd_d`` (one sign, 2.01): 3.49; ``1 - s`` by ``add_dd``
(3.01): 5.34, squared by ``mul_dd``: ``2 * 5.34 + 8.1 = 18.8``; ``w (1 + s)`` by
``mul_dd``: ``8.1 + 3.49 = 11.6``; the quotient by ``div_dd``: ``11.6 + 18.8 + 15.5``;
in all at most **99.5** (``O(u**3)`` terms aside), one exp instead of the two kernels.

Open (left to the arb loop): ``a`` in ``(2**-1024, 2**-1023)`` for coth and csch and
``(2**-512, 2**-511.5)`` for coth' and csch' (results next to the overflow threshold).

Examples
========

>>> import numpy as np
>>> h, lo = HYP_KERNELS64["coth"].evaluate(np.array([1.0]))
>>> float(h[0])
1.3130352854993312
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from tanhproof.numeric._ddarith import DD, add_dd, add_dd_d, div_dd, mul_dd
from tanhproof.numeric._ddexp import exp_dd, expm1_dd
from tanhproof.numeric._ddexpkernels import sech_kernel, sinh_kernel, tanh_kernel
from tanhproof.numeric._ddlog import recip_dd
from tanhproof.numeric._ddspec import KIND_BESIDE, KIND_OVERFLOW, Spec, above, below, branch, is_zero

__all__ = ["HYP_KERNELS64"]

_TINY = 2.0**-42
_B, _O = KIND_BESIDE, KIND_OVERFLOW


def _laurent(a: np.ndarray, constant: float) -> DD:
    """``1/a + constant a`` (the coth and csch of tiny ``a``)."""
    h, lo = recip_dd(a)
    return h, lo + constant * a


def _laurent2(a: np.ndarray, constant: float) -> DD:
    """``-(1/a**2 + constant)`` (the coth' and csch' of tiny ``a``)."""
    h, lo = recip_dd(a)
    sh, sl = mul_dd(h, lo, h, lo)
    return -sh, -(sl + constant)


def _inverse(v: DD) -> DD:
    one = np.ones_like(v[0])
    return div_dd(one, np.zeros_like(one), v[0], v[1])


def _exp_times(factor: float, scale: float) -> Callable[[np.ndarray], DD]:
    def evaluate(a: np.ndarray) -> DD:
        wh, wl = exp_dd(scale * a)
        return factor * wh, factor * wl

    return evaluate


def _coth(a: np.ndarray) -> DD:
    return branch(a, [(_TINY, lambda t: _laurent(t, 1 / 3)), (np.inf, lambda t: _inverse(tanh_kernel(t)))])


def _csch(a: np.ndarray) -> DD:
    return branch(
        a,
        [
            (_TINY, lambda t: _laurent(t, -1 / 6)),
            (80.0, lambda t: _inverse(sinh_kernel(t))),
            (np.inf, _exp_times(2.0, -1.0)),
        ],
    )


def _minus_inverse_sinh2(a: np.ndarray) -> DD:
    sh, sl = sinh_kernel(a)
    ph, pl = mul_dd(sh, sl, sh, sl)
    return _inverse((-ph, -pl))


def _minus_cosh_over_sinh2_near(a: np.ndarray) -> DD:
    """``-2p (p**2 + 1)/(m q)**2``, ``m = e**a - 1``, ``p = 1 + m``, ``q = 2 + m``, for
    ``a`` in ``[2**-42, 0.75)``."""
    mh, ml = expm1_dd(a)
    ph, pl = add_dd_d(mh, ml, 1.0)
    qh, ql = add_dd_d(mh, ml, 2.0)
    sh, sl = mul_dd(ph, pl, ph, pl)
    sh, sl = add_dd_d(sh, sl, 1.0)
    nh, nl = mul_dd(ph, pl, sh, sl)
    dh, dl = mul_dd(mh, ml, qh, ql)
    dh, dl = mul_dd(dh, dl, dh, dl)
    rh, rl = div_dd(nh, nl, dh, dl)
    return -2.0 * rh, -2.0 * rl


def _minus_sech_tanh(a: np.ndarray) -> DD:
    th, tl = tanh_kernel(a)
    sh, sl = sech_kernel(a)
    ph, pl = mul_dd(th, tl, sh, sl)
    return -ph, -pl


def _coth_prime(a: np.ndarray) -> DD:
    return branch(
        a,
        [
            (_TINY, lambda t: _laurent2(t, -1 / 3)),
            (40.0, _minus_inverse_sinh2),
            (np.inf, _exp_times(-4.0, -2.0)),
        ],
    )


def _minus_cosh_over_sinh2(a: np.ndarray) -> DD:
    """``-2w (1 + w**2)/(1 - w**2)**2``, ``w = e**-a``, for ``a`` in ``[0.75, 40)``."""
    wh, wl = exp_dd(-a)
    sh, sl = mul_dd(wh, wl, wh, wl)
    nh, nl = add_dd_d(sh, sl, 1.0)
    dh, dl = add_dd(1.0, 0.0, -sh, -sl)
    qh, ql = mul_dd(dh, dl, dh, dl)
    ph, pl = mul_dd(wh, wl, nh, nl)
    rh, rl = div_dd(ph, pl, qh, ql)
    return -2.0 * rh, -2.0 * rl


def _csch_prime(a: np.ndarray) -> DD:
    return branch(
        a,
        [
            (_TINY, lambda t: _laurent2(t, 1 / 6)),
            (0.75, _minus_cosh_over_sinh2_near),
            (40.0, _minus_cosh_over_sinh2),
            (np.inf, _exp_times(-2.0, -1.0)),
        ],
    )


def _sech_prime(a: np.ndarray) -> DD:
    return branch(a, [(40.0, _minus_sech_tanh), (np.inf, _exp_times(-2.0, -1.0))])


def _tiny_power(t: np.ndarray) -> np.ndarray:
    return (t < _TINY) & (np.frexp(t)[0] == 0.5)


def _reciprocal(t: np.ndarray) -> np.ndarray:
    return 1.0 / t  # exact for t = 2**k, 2**-1023 <= t


def _minus_reciprocal_square(t: np.ndarray) -> np.ndarray:
    return -1.0 / (t * t)  # exact for t = 2**k, 2**-511 <= t


def _negate(t: np.ndarray) -> np.ndarray:
    return -t


def _overflow(limit: float) -> Callable[[np.ndarray], np.ndarray]:
    return lambda t: t <= limit


_SMALLEST_SQUARE = 2.0**-511.5

#: The kernels by name.
HYP_KERNELS64: dict[str, Spec] = {
    "coth": Spec(
        1,
        (
            (_overflow(2.0**-1024), None, 1, _O),
            (_tiny_power, _reciprocal, 1, _B),
            (lambda t: t >= 30, 1.0, 1, _B),
        ),
        2.0**-1023,
        30.0,
        _coth,
    ),
    "csch": Spec(
        1,
        (
            (_overflow(2.0**-1024), None, 1, _O),
            (_tiny_power, _reciprocal, -1, _B),
            (above(766.0), 0.0, 1, _B),
        ),
        2.0**-1023,
        620.0,
        _csch,
        (620.0, 766.0, 2.0, -1.0),
    ),
    "coth'": Spec(
        0,
        (
            (_overflow(2.0**-512), None, -1, _O),
            (_tiny_power, _minus_reciprocal_square, 1, _B),
            (above(384.0), 0.0, -1, _B),
        ),
        _SMALLEST_SQUARE,
        310.0,
        _coth_prime,
        (310.0, 384.0, -4.0, -2.0),
    ),
    "csch'": Spec(
        0,
        (
            (_overflow(2.0**-512), None, -1, _O),
            (_tiny_power, _minus_reciprocal_square, -1, _B),
            (above(766.0), 0.0, -1, _B),
        ),
        _SMALLEST_SQUARE,
        620.0,
        _csch_prime,
        (620.0, 766.0, -2.0, -1.0),
    ),
    "sech'": Spec(
        1,
        ((is_zero, _negate, 0, _B), (below(_TINY), _negate, 1, _B), (above(766.0), 0.0, -1, _B)),
        _TINY,
        620.0,
        _sech_prime,
        (620.0, 766.0, -2.0, -1.0),
    ),
}
