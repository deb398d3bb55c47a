"""Rounding decisions for binary64 from double-double enclosures and from proved constant ranges.

:func:`decide64` rounds a value known as a double-double ``h + l`` within a relative
error bound to binary64, in every rounding mode, where the bound allows it;
:func:`beside64` rounds a value known only to lie strictly on one side of a float64
``c`` and very close to it; :func:`overflow64` rounds a value beyond the binary64
range. They are the decision steps of the binary64 fast path of
:func:`tanhproof.numeric._bulk.reference`.

Explanation
===========

**decide64.** With ``|f - (h + l)| <= B |f|`` we have ``|f - (h + l)| <= E`` for
``E = fl(|h| B (1 + 2**-40))`` (which covers ``B |h + l| / (1 - B)``).
``(H, L) = two_sum(h, l)`` is exact, so ``f`` lies in ``[H + L - E, H + L + E]``. Let
``gu``, ``gd`` be the distances from ``H`` to its float64 neighbours above and below
(exact differences). Rounding to nearest is monotone, so ``fl(L + E) < g`` for a
float64 ``g`` implies ``L + E < g`` (and likewise for ``>``): the tests below are
exact despite being computed in floating point.

- nearest: ``L + E < gu/2`` and ``L - E > -gd/2`` put ``f`` strictly inside the
  rounding interval of ``H``;
- directed: ``L - E > 0`` and ``L + E < gu`` put ``f`` strictly between ``H`` and its
  upper neighbour (``L + E < 0``, ``L - E > -gd``: between the lower one and ``H``), so
  each directed mode picks one of the two; ``L = E = 0`` is an exact ``H``.

Only ``2**-900 <= |H| < 2**1023`` is decided (the kernels' range; below it the
double-double's low part may be subnormal, above it ``H``'s upper neighbour may be
infinite); a tie (a value exactly on a midpoint) is never decided.

**decide64_scaled** (values below ``2**-900``, given as ``2**e (h + l)`` with ``h``
near 1): the quantum ``2**Q`` of the binary64 values there (``Q = max(b - 52,
-1074)``, ``b`` the binade of ``2**e h``) scales the value to ``n = (h + l) 2**(e - Q)``
exactly (a power of two), ``|n| <= 2**53.1``; the candidate ``R = rint(n_h)``, moved by
``rint(L)`` below when ``n_h`` is a half-integer, is an integer (the gap below it 1/2 where ``R = 2**52`` and ``Q > -1074``, above it 2
where ``R = 2**53``), ``L = (n_h - R) + n_l`` has one rounding (``|n_h - R| <= 1/2`` is exact), covered
by adding ``2**-52`` to ``E``; the tests are those of ``decide64`` with gaps 1, and the
value is ``R 2**Q`` (exact, by ``ldexp``).

**beside64.** If ``f = c + s t`` with ``s = +-1`` and ``0 < t`` below a quarter of
the gap between ``c`` and its neighbour on side ``s`` (so no rounding boundary lies in
between), ``f`` rounds like any real strictly between ``c`` and that neighbour:
nearest gives ``c`` (a zero keeps the sign of ``s``), a directed mode ``c`` or the
neighbour. ``s = 0`` is the exact ``c``.

**overflow64.** ``|f| > 2**1024`` (above ``max + ulp/2``): nearest gives an infinity;
toward zero the largest finite value; up and down one of the two by the sign.

Examples
========

>>> import numpy as np
>>> one = np.array([1.0])
>>> beside64(one, np.array([-1]), "down").tolist(), beside64(one, np.array([-1]), "nearest").tolist()
([0.9999999999999999], [1.0])
>>> third = np.array([1 / 3]), np.array([1.850371707708594e-17])  # 1/3 = h + l to 2**-108
>>> v, ok = decide64(*third, 2.0**-98, "up")
>>> bool(ok[0]), bool(v[0] == np.nextafter(1 / 3, 1))
(True, True)
"""

from __future__ import annotations

import numpy as np

from tanhproof.numeric._ddarith import two_sum

__all__ = ["beside64", "decide64", "decide64_scaled", "decide_tiny", "overflow64"]

_MAX = float(np.finfo(np.float64).max)
_LOWEST = 2.0**-900
_HIGHEST = 2.0**1023


def _pick(mode: str, H: np.ndarray, above: np.ndarray, lower: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """The directed rounding of a value strictly between ``lower`` and ``upper`` (or
    equal to ``H`` where they coincide)."""
    if mode == "up":
        return upper
    if mode == "down":
        return lower
    # toward zero: the smaller magnitude of the two (a positive value goes down)
    positive = (H > 0) | ((H == 0) & above)
    return np.where(positive, lower, upper)


def decide64(
    h: np.ndarray, lo: np.ndarray, bound: float | np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray]:
    """``(values, decided)``: the binary64 rounding of ``f`` under ``mode`` where
    ``|f - (h + l)| <= bound |f|`` decides it (see the module docstring); ``values`` is
    meaningful only where ``decided``."""
    H, L = two_sum(h, lo)
    E = np.abs(h) * (bound * (1 + 2.0**-40))
    with np.errstate(invalid="ignore", over="ignore"):
        up = np.nextafter(H, np.inf)
        dn = np.nextafter(H, -np.inf)
        gu = up - H
        gd = H - dn
        top = L + E
        bottom = L - E
        magnitude = np.abs(H)
        ok = (magnitude >= _LOWEST) & (magnitude < _HIGHEST)
        if mode == "nearest":
            decided = ok & (top < 0.5 * gu) & (bottom > -0.5 * gd)
            return H, decided
        above = (bottom > 0) & (top < gu)
        below = (top < 0) & (bottom > -gd)
        exact = (L == 0) & (E == 0)
    decided = ok & (above | below | exact)
    lower = np.where(below, dn, H)
    upper = np.where(above, up, H)
    return _pick(mode, H, above, lower, upper), decided


def decide64_scaled(
    h: np.ndarray, lo: np.ndarray, e: np.ndarray, bound: float | np.ndarray, mode: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """``(values, decided, units, quantum)`` for the positive value ``f`` with
    ``|f - 2**e (h + l)| <= bound f`` (``h`` positive, ``2**e h < 2**-899``):
    as :func:`decide64`, and ``f - value`` is about ``units * quantum``."""
    _, b = np.frexp(h)
    q = np.maximum(e + b - 53, -1074)
    shift = (e - q).astype(np.int32)
    nh = np.ldexp(h, shift)
    nl = np.ldexp(lo, shift)
    r = np.rint(nh)
    L = (nh - r) + nl
    carry = np.rint(L)  # n_h may be a half-integer: n_l then decides the side
    r += carry
    L -= carry  # exact: |L| <= 1 + 2**-50
    E = np.abs(nh) * (bound * (1 + 2.0**-40)) + 2.0**-52
    top = L + E
    bottom = L - E
    # the gap below R is 1/2 at the bottom of a normal binade (2**52 quanta)
    gd = np.where((r == 2.0**52) & (q > -1074), 0.5, 1.0)
    if mode == "nearest":
        decided = (top < 0.5) & (bottom > -0.5 * gd)
        n = r
    else:
        above = (bottom > 0) & (top < 1)
        below = (top < 0) & (bottom > -gd)
        decided = above | below
        # positive values: up takes the upper neighbour, down and zero the lower one
        gu = np.where(r == 2.0**53, 2.0, 1.0)  # the next binade's quantum is 2
        n = np.where(below, r - gd, r) if mode != "up" else np.where(above, r + gu, r)
    quantum = np.ldexp(1.0, q.astype(np.int32))
    values = np.ldexp(n, q.astype(np.int32))
    return values, decided, L - (n - r), quantum


_MIRROR = {"up": "down", "down": "up", "nearest": "nearest", "zero": "zero"}


def decide_tiny(
    h: np.ndarray,
    lo: np.ndarray,
    k: np.ndarray,
    bound: float | np.ndarray,
    sign: int,
    mode: str,
    residual: bool = False,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)`` in binary64 of ``f = sign 2**k (h + l)`` (``h >
    0``, ``|f - sign 2**k (h + l)| <= bound |f|``, ``bound`` a float or one per element)
    for values below the double-doubles' range: renormalised (``h`` in ``[1/2, 1)``,
    exactly), decided by :func:`decide64_scaled` below ``2**-900`` and by
    :func:`decide64` of the exactly scaled double-double above (its low part, a float64
    above ``2**-1022`` or 0 times ``2**k``, loses at most ``2**-1075`` there, ``2**-175``
    of the value, so ``2**-170`` is added to the bound); a negative value is decided
    positive in the mirrored mode. The residual is ``(f - value)/ulp(value)``."""
    from tanhproof.numeric._ulps import ulp_array

    mode = mode if sign > 0 else _MIRROR[mode]
    bound = np.broadcast_to(np.asarray(bound, dtype=np.float64), h.shape)
    mantissa, b = np.frexp(h)  # renormalised: h in [1/2, 1), exactly
    h, lo, k = mantissa, np.ldexp(lo, -b), k + b
    values = np.full(h.shape, np.nan)
    decided = np.zeros(h.shape, dtype=bool)
    res = np.full(h.shape, np.nan) if residual else None
    low = k <= -900  # the value is below 2**k <= 2**-900
    i = np.flatnonzero(low)
    if len(i):
        v, ok, units, quantum = decide64_scaled(h[i], lo[i], k[i], bound[i], mode)
        values[i], decided[i] = v, ok
        if res is not None:
            res[i] = units * (quantum / ulp_array(v, "binary64"))
    i = np.flatnonzero(~low)
    if len(i):
        with np.errstate(under="ignore"):
            H, L = np.ldexp(h[i], k[i]), np.ldexp(lo[i], k[i])
        v, ok = decide64(H, L, bound[i] + 2.0**-170, mode)
        values[i], decided[i] = v, ok
        if res is not None:
            res[i] = ((H - v) + L) / ulp_array(v, "binary64")
    if sign < 0:
        values = -values
        res = None if res is None else -res
    if res is not None:
        res[~decided] = np.nan
    return values, decided, res


def beside64(c: np.ndarray, side: np.ndarray, mode: str) -> np.ndarray:
    """The rounding of ``c + side * t`` for a positive ``t`` too small to matter (see the
    module docstring); ``side`` is -1, 0 or 1."""
    c = np.asarray(c, dtype=np.float64)
    above = side > 0
    below = side < 0
    signed_zero = np.where(below, -0.0, 0.0)
    base = np.where(c == 0, np.where(side != 0, signed_zero, c), c)
    if mode == "nearest":
        return base
    with np.errstate(over="ignore"):  # the neighbour of the largest finite value is inf
        lower = np.where(below, np.nextafter(c, -np.inf), base)
        upper = np.where(above, np.nextafter(c, np.inf), base)
    return _pick(mode, c, above, lower, upper)


def overflow64(sign: np.ndarray, mode: str) -> np.ndarray:
    """The rounding of a value of sign ``sign`` (+-1) and magnitude above ``2**1024``."""
    positive = sign > 0
    if mode == "nearest":
        magnitude = np.full(sign.shape, np.inf)
    elif mode == "zero":
        magnitude = np.full(sign.shape, _MAX)
    elif mode == "up":
        magnitude = np.where(positive, np.inf, _MAX)
    else:
        magnitude = np.where(positive, _MAX, np.inf)
    return np.where(positive, magnitude, -magnitude)
