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
csch'         ``-coth csch``, even: ``a <= 2**-512``: overflow to ``-inf``;    212
              ``a > 766``: 0 below; ``[2**-42, 40)``: ``-1/(T(a) S(a))``
              (``93 + 95 + 8.1 + 15.5``); ``[40, 620]``: ``-2 E(-a)``
              (dropping ``(1 + w**2)/(1 - w**2)**2``, ``w = e**-a``:
              ``3.01 w**2 < 2**-113``); ``(620, 766]``: scaled ``-2 e**-a``
sech'         ``-sech tanh``, odd: ``x = 0``: ``-x`` exactly; ``a < 2**-42``:   167
              ``-a`` above; ``a > 766``: 0 below; ``[2**-42, 40)``:
              ``-H(a) T(a)`` (``65 + 93 + 8.1``); ``[40, 620]``: ``-2 E(-a)``
              (``(1 - w**2)/(1 + w**2)**2`` dropped: ``3.01 w**2``);
              ``(620, 766]``: scaled ``-2 e**-a``
============  ==========================================================  =======

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

from tanhproof.numeric._ddarith import DD, div_dd, mul_dd
from tanhproof.numeric._ddexp import exp_dd
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


def _minus_inverse_tanh_sinh(a: np.ndarray) -> DD:
    th, tl = tanh_kernel(a)
    sh, sl = sinh_kernel(a)
    ph, pl = mul_dd(th, tl, sh, sl)
    return _inverse((-ph, -pl))


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


def _csch_prime(a: np.ndarray) -> DD:
    return branch(
        a,
        [
            (_TINY, lambda t: _laurent2(t, 1 / 6)),
            (40.0, _minus_inverse_tanh_sinh),
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
