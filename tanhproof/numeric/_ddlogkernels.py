"""Binary64 kernels of the log family: log, softplus, sqrt and their derivatives.

Double-double values within a proved relative bound, and proved constant ranges, in
the form of :mod:`tanhproof.numeric._ddspec` (sorted by
:func:`tanhproof.numeric._ddkernels.split64`). The cores are :mod:`tanhproof.numeric._ddlog`
(``L`` = :func:`~tanhproof.numeric._ddlog.log_dd` 80, ``P`` =
:func:`~tanhproof.numeric._ddlog.log1p_dd` 80 plus ``e_d`` for an input of relative
error ``e_d > 0``, ``Q`` = :func:`~tanhproof.numeric._ddlog.sqrt_dd` 2.6, ``R`` =
:func:`~tanhproof.numeric._ddlog.recip_dd` 1.01) and :func:`~tanhproof.numeric._ddexp.exp_dd`
(``E``, 21.3); units ``u**2 = 2**-106``. Inputs outside the domain (``log`` and
``sqrt`` of negative numbers, the poles at 0) never reach here: the specials of
:mod:`tanhproof.numeric._specials` take them first.

Explanation
===========

============  ==========================================================  =======
function      method and constant ranges                                    bound
============  ==========================================================  =======
log           ``x = 1``: 0 exactly; else ``L(x)`` (every positive float;       80
              a failed guard leaves the point open)
log'          ``1/x``, odd: ``a <= 2**-1024``: overflow (``1/a >= 2**1024``);  1.01
              ``a = 2**k``: ``1/a`` exactly; ``R(a)`` for ``a`` in
              ``(2**-1024, 2**900]``; above, scaled
              ``2**e (h + l)`` (:func:`~tanhproof.numeric._ddlog.recip_scaled`)
softplus      ``x >= 60``: ``x`` above (``log1p(e**-x) < e**-60 < 2**-86``,    104
              the gap above ``x`` at least ``2**-47``); ``x < -766``: 0 above
              (``softplus x < e**x``); ``[-766, -620)``: scaled ``e**x``
              (``softplus x = e**x (1 - e**x/2 ..)``); ``x <= 0``:
              ``P(E(x))`` (``80 + 21.3``); ``0 < x < 60``:
              ``x + P(E(-x))`` (a sum of positives: ``101.3 + 2.01``)
sqrt          ``x = +-0``: ``x`` exactly; ``Q(x)`` (every positive float)       2.6
sqrt'         ``x = 4**k``: ``2**(-k-1)`` exactly; else ``1/(2 Q(x))`` by        18.1
              ``div_dd``: ``15.5 + 2.6``
============  ==========================================================  =======

(``softplus'`` is ``sigmoid``, in :mod:`tanhproof.numeric._ddexpkernels`.) The kernels
of ``log'`` and ``sqrt`` are *rounded* (:class:`~tanhproof.numeric._ddspec.Spec`): their
``h`` is the IEEE quotient or square root, ``f`` rounded to nearest, and ``l`` is the
exact remainder divided once (:mod:`tanhproof.numeric._ddlog`), so its sign is that of
``f - h`` and it is 0 only where ``f = h``: ``f`` rounds like a real strictly beside
``h`` on that side (:func:`~tanhproof.numeric._dddecide.beside64`; a quotient or square
root is never a midpoint), in every mode, with no bound needed. Every
value lies in ``[2**-900, 2**1023)`` or is decided on the scaled path, so the rounding
decisions of :mod:`tanhproof.numeric._dddecide` apply.

Examples
========

>>> import numpy as np
>>> h, lo = LOG_KERNELS64["softplus"].evaluate(np.array([0.0]))
>>> float(h[0])
0.6931471805599453
"""

from __future__ import annotations

import numpy as np

from tanhproof.numeric._ddarith import DD, add_dd_d, div_dd
from tanhproof.numeric._ddexp import exp_dd
from tanhproof.numeric._ddlog import log1p_dd, log_dd, recip_dd, recip_scaled, sqrt_dd
from tanhproof.numeric._ddspec import KIND_BESIDE, KIND_OVERFLOW, Spec, below, is_zero

__all__ = ["LOG_KERNELS64"]

_MAX = float(np.finfo(np.float64).max)
_B, _O = KIND_BESIDE, KIND_OVERFLOW


def _guarded(h: np.ndarray, lo: np.ndarray, ok: np.ndarray) -> DD:
    """NaN where the guard failed: such a value is never decided."""
    return np.where(ok, h, np.nan), lo


def _log(x: np.ndarray) -> DD:
    return _guarded(*log_dd(x))


def _softplus(x: np.ndarray) -> DD:
    wh, wl = exp_dd(-np.abs(x))
    h, lo = _guarded(*log1p_dd(wh, wl))
    positive = x > 0
    sh, sl = add_dd_d(h, lo, np.where(positive, x, 0.0))
    return np.where(positive, sh, h), np.where(positive, sl, lo)


def _sqrt_prime(x: np.ndarray) -> DD:
    sh, sl = sqrt_dd(x)
    half = np.full_like(sh, 0.5)
    return div_dd(half, np.zeros_like(sh), sh, sl)


def _power_of_two(t: np.ndarray) -> np.ndarray:
    return np.frexp(t)[0] == 0.5


def _reciprocal(t: np.ndarray) -> np.ndarray:
    return 1.0 / t  # exact for t = 2**k > 2**-1024


def _power_of_four(t: np.ndarray) -> np.ndarray:
    m, e = np.frexp(t)
    return (m == 0.5) & (e % 2 == 1)


def _half_root(t: np.ndarray) -> np.ndarray:
    return 0.5 / np.sqrt(t)  # exact for t = 4**k


_EVERY = (2.0**-1074, _MAX)

#: The log-family kernels by name.
LOG_KERNELS64: dict[str, Spec] = {
    "log": Spec(-1, ((lambda t: t == 1, 0.0, 0, _B),), *_EVERY, _log),
    "log'": Spec(
        1,
        ((lambda t: t <= 2.0**-1024, None, 1, _O), (_power_of_two, _reciprocal, 0, _B)),
        2.0**-1074,
        2.0**900,
        recip_dd,
        scaled=(2.0**900, _MAX, recip_scaled),
        rounded=True,
    ),
    "softplus": Spec(
        -1,
        ((lambda t: t >= 60, None, 1, _B), (below(-766.0), 0.0, 1, _B)),
        -620.0,
        np.nextafter(60.0, 0.0),
        _softplus,
        (-766.0, -620.0, 1.0, 1.0),
    ),
    "sqrt": Spec(-1, ((is_zero, None, 0, _B),), *_EVERY, sqrt_dd, rounded=True),
    "sqrt'": Spec(-1, ((_power_of_four, _half_root, 0, _B),), *_EVERY, _sqrt_prime),
}
