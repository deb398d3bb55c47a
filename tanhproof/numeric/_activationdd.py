"""Activations as double-doubles at exact inputs: one kernel each, with a derived bound.

The expression path evaluates an activation as its catalog definition:
``mish(x) = x tanh(softplus(x))`` takes softplus at ``x``, then tanh at an inexact
argument, whose error needs tanh' as well (four kernels per point). Each function of
:data:`ACTIVATION_DD` is instead a formula equal to the activation in which every
catalog kernel is applied to an **exact** float64 (``x`` or ``-|x|``), at most one
kernel per point, and the rest is arithmetic: the values are
:class:`~tanhproof.numeric._exprdd.DDBounded`, built by the operations of
:mod:`tanhproof.numeric._exprdd` (``add_parts``, ``mul_parts``, ``div_parts``), each of
which carries a rigorous error bound, from the kernel values of
:func:`~tanhproof.numeric._exprddfunc.kernel_dd` (within their proved bounds). So no
analysis here is needed for the bounds; only the identities, which are exact (with ``z =
e**-|x|``, ``w = e**x``, ``sigma`` the logistic function):

* ``silu = x sigma(x)``; ``silu' = sigma(x) (1 + x (1 - sigma(x)))`` (product rule,
  ``sigma' = sigma (1 - sigma)``);
* ``mish = x tanh(softplus(x))`` with ``tanh(log(1 + w)) = ((1 + w)**2 - 1)/((1 + w)**2
  + 1) = n/d``, ``n = w (w + 2)``, ``d = n + 2``; for ``x >= 0`` divided through by
  ``w**2``: ``N/D``, ``N = 1 + 2z``, ``D = N + 2z**2``. ``mish' = tanh(sp) + x sigma(x)
  sech(sp)**2`` with ``sech(sp)**2 = (d**2 - n**2)/d**2 = 4 (w + 1)**2/d**2`` and
  ``sigma(x) = w/(1 + w)``: ``mish' = (n d + 4x w (w + 1))/d**2``, and for ``x >= 0``
  ``(N D + 4x z**2 (1 + z))/D**2``. Every sum but the last has positive terms; the last
  cancels near mish's minimum (``x ~ -1.19``), where the absolute bound tells;
* ``softsign = x/(1 + |x|)``, ``softsign' = 1/(1 + |x|)**2`` (``1 + |x|`` is an exact
  double-double by ``two_sum``);
* ``tanhshrink' = tanh(x)**2``; ``tanhshrink = x - tanh x``, near 0 (``|x| <= 2**-8``)
  the Maclaurin polynomial of :func:`~tanhproof.numeric._exprddforms.tanhshrink`, and
  nearer (``|x| <= 2**-27``) its first two terms, each with Lagrange's remainder bounded
  by arb;
* ``elu = celu = x`` for ``x > 0`` (exact), ``expm1(x)`` otherwise; ``selu = lambda x``,
  ``lambda alpha expm1(x)``; ``selu' = lambda``, ``lambda alpha e**x`` (``lambda``,
  ``lambda alpha`` the exact rationals of the catalog as double-doubles within their
  distance).

:func:`activation_values` decides the rounding from these values where the bound allows
(:func:`~tanhproof.numeric._exprdd.decide_dd` in binary64; the float64 ends of
:func:`~tanhproof.numeric._exprdd.float_bounds` in the narrower formats); the caller
sends the rest to the expression path, then to the Ziv loop. In binary64, the left tail
``-800 <= x < -620`` of :data:`LEFT_TAIL` (values below ``2**-880``, where the
double-doubles stop) is :func:`left_tail`'s: ``e**x`` scaled, times a factor. With the
``fast`` extra the formulas run, and are decided, in the compiled loop of
:mod:`tanhproof.numeric._activationjit`, with the same bits.

Examples
========

>>> import numpy as np
>>> b = ACTIVATION_DD["mish"](np.array([1.0, -2.0]))
>>> b.h.tolist()  # mish(1), mish(-2): 0.86509838826731034612, -0.25250148269570886364 (mpmath)
[0.8650983882673103, -0.2525014826957089]
>>> bool(np.all(b.e < 2.0**-95))
True
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from tanhproof.expr._activations import SELU_ALPHA, SELU_SCALE
from tanhproof.numeric import _activationjit
from tanhproof.numeric._activationgelu import GELU_DD, GELU_TAIL, gelu_tail
from tanhproof.numeric._ddarith import mul_dd, two_sum
from tanhproof.numeric._dddecide import decide_tiny
from tanhproof.numeric._ddexp import exp_scaled
from tanhproof.numeric._ddjit import MODES, cached_constants
from tanhproof.numeric._ddkernels import BOUND64
from tanhproof.numeric._ddvalue import (
    V,
    add,
    div,
    end,
    exact,
    kernel,
    mul,
    neg,
    outside,
    pick,
    rational,
    twice,
)
from tanhproof.numeric._exprdd import (
    DDBounded,
    as_bounded,
    dd_of_fraction,
    decide_dd,
    float_bounds,
)
from tanhproof.numeric._exprddforms import (
    SHORT_ORDER,
    SHORT_RADIUS,
    SHRINK_ORDER,
    SHRINK_RADIUS,
    power7,
    power17,
    shrink_series,
)
from tanhproof.numeric._exprerror import up
from tanhproof.numeric._exprref import EXPRESSION_BLOCK, decide
from tanhproof.numeric._formats import Format

__all__ = ["ACTIVATION_DD", "LEFT_TAIL", "activation_values", "applies", "left_tail"]


def _one_plus_abs(x: np.ndarray) -> V:
    """``1 + |x|`` exactly (``two_sum``)."""
    h, lo = two_sum(np.ones(x.shape), np.abs(x))
    return V(h, lo, np.zeros(x.shape), outside(h, lo))


def _silu(x: np.ndarray) -> DDBounded:
    return end(mul(exact(x), kernel("sigmoid", x)))


def _silu_prime(x: np.ndarray) -> DDBounded:
    s = kernel("sigmoid", x)
    one = rational(1, x.shape)
    return end(mul(s, add(one, mul(exact(x), add(one, neg(s))))))


def _tanh_softplus(x: np.ndarray) -> tuple[V, V, V, V, np.ndarray]:
    """``(num, den, z, z**2, left)``: ``tanh(softplus(x)) = num/den`` (module docstring),
    ``z = e**-|x|``, ``left`` where ``x < 0``."""
    z = kernel("exp", -np.abs(x))
    left = x < 0
    square = mul(z, z)
    num = add(pick(left, square, rational(1, x.shape)), twice(z))
    den = add(num, pick(left, rational(2, x.shape), twice(square)))
    return num, den, z, square, left


def _mish(x: np.ndarray) -> DDBounded:
    num, den, *_ = _tanh_softplus(x)
    return end(mul(exact(x), div(num, den)))


def _mish_prime(x: np.ndarray) -> DDBounded:
    num, den, z, square, left = _tanh_softplus(x)
    g = mul(pick(left, z, square), add(rational(1, x.shape), z))  # w(w+1) or z**2(1+z)
    top = add(mul(num, den), mul(exact(4.0 * x), g))  # one division: (num den + 4x g)/den**2
    return end(div(top, mul(den, den)))


def _softsign(x: np.ndarray) -> DDBounded:
    return end(div(exact(x), _one_plus_abs(x)))


def _softsign_prime(x: np.ndarray) -> DDBounded:
    a = _one_plus_abs(x)
    return end(div(rational(1, x.shape), mul(a, a)))


def _series(t: np.ndarray, order: int, radius: float, power: Callable[[np.ndarray], np.ndarray]) -> V:
    """``t - tanh t`` for exact ``|t| <= radius`` by the Maclaurin polynomial of
    :func:`~tanhproof.numeric._exprddforms.shrink_series` (exact rational coefficients as
    double-doubles, Horner's rule) plus Lagrange's remainder ``B |t|**order`` from arb."""
    coefficients, bound = shrink_series(order, radius)
    square = mul(exact(t), exact(t))
    poly = rational(-coefficients[-1], t.shape)
    for c in reversed(coefficients[:-1]):
        poly = add(mul(poly, square), rational(-c, t.shape))
    small = mul(mul(poly, square), exact(t))
    with np.errstate(under="ignore"):
        rest = up(bound * power(np.abs(t)))
    return small._replace(e=up(small.e + rest))


def _tanhshrink(x: np.ndarray) -> DDBounded:
    """``x - tanh x``; near 0 (``|x| <= SHRINK_RADIUS``) the Maclaurin polynomial of
    :func:`~tanhproof.numeric._exprddforms.tanhshrink`, and nearer (``|x| <=
    SHORT_RADIUS``) its first two terms, each on its own inputs only."""
    out = add(exact(x.copy()), neg(kernel("tanh", x)))
    a = np.abs(x)
    for where, order, radius, power in (
        (np.flatnonzero((a <= SHRINK_RADIUS) & (a > SHORT_RADIUS)), SHRINK_ORDER, SHRINK_RADIUS, power17),
        (np.flatnonzero(a <= SHORT_RADIUS), SHORT_ORDER, SHORT_RADIUS, power7),
    ):
        if len(where):
            part = _series(x[where], order, radius, power)
            for whole, piece in zip(out, part, strict=True):
                whole[where] = piece
    return end(out)


def _tanhshrink_prime(x: np.ndarray) -> DDBounded:
    t = kernel("tanh", x)
    return end(mul(t, t))


def _left(x: np.ndarray, right: V, left: Callable[[np.ndarray], V]) -> DDBounded:
    """``right`` for ``x > 0``, ``left(x)`` computed at the other inputs only."""
    inner = np.flatnonzero(~(x > 0))
    if len(inner):
        part = left(x[inner])
        for whole, piece in zip(right, part, strict=True):
            whole[inner] = piece
    return end(right)


_SCALE = Fraction(str(SELU_SCALE))
_PRODUCT = Fraction(str(SELU_SCALE * SELU_ALPHA))


def _elu(x: np.ndarray) -> DDBounded:
    return _left(x, exact(x.copy()), lambda t: kernel("expm1", t))


def _selu(x: np.ndarray) -> DDBounded:
    right = mul(rational(_SCALE, x.shape), exact(x))
    return _left(x, right, lambda t: mul(rational(_PRODUCT, t.shape), kernel("expm1", t)))


def _selu_prime(x: np.ndarray) -> DDBounded:
    right = rational(_SCALE, x.shape)
    return _left(x, right, lambda t: mul(rational(_PRODUCT, t.shape), kernel("exp", t)))


#: The activations (and derivatives) with a formula of one kernel at an exact input.
ACTIVATION_DD: dict[str, Callable[[np.ndarray], DDBounded]] = {
    "celu": _elu,
    "elu": _elu,
    "mish": _mish,
    "mish'": _mish_prime,
    "selu": _selu,
    "selu'": _selu_prime,
    "silu": _silu,
    "silu'": _silu_prime,
    "softsign": _softsign,
    "softsign'": _softsign_prime,
    "tanhshrink": _tanhshrink,
    "tanhshrink'": _tanhshrink_prime,
    **GELU_DD,
}


#: Names whose float64 expression path decides the formats of at most 32 bits faster
#: than the numpy double-doubles (measured back to back: tanh's kernel_dd and the series
#: cost more than the float64 bounds need there); not than the compiled ones.
_FLOAT64_FIRST = frozenset({"tanhshrink", "tanhshrink'"})


def applies(function_: str, f: Format, size: int = 0) -> bool:
    """Whether the references of ``function_`` in ``f`` for ``size`` inputs start with
    :func:`activation_values` (always in binary64; in the narrower formats unless the
    float64 path is faster there and the compiled loop is not at hand)."""
    if function_ not in ACTIVATION_DD:
        return False
    if f.name == "binary64" or function_ not in _FLOAT64_FIRST:
        return True
    return function_ in _activationjit.NAMES and _activationjit.loop(size) is not None


#: binary64's left tail ``-800 <= x < -620`` (module docstring): ``f = s e**x |p(x)| (1 +
#: d)``, ``|d| <= 3 e**x``, with ``p`` one of ``x``, ``1 + x`` or the constant
#: ``lambda alpha``, and the sign ``s``.
LEFT_TAIL: dict[str, tuple[str, int]] = {
    "mish": ("x", -1),
    "mish'": ("1+x", -1),
    "selu'": ("c", 1),
    "silu": ("x", -1),
    "silu'": ("1+x", -1),
}
_TAIL_RANGE = (-800.0, -620.0)


def left_tail(
    function_: str, x: np.ndarray, mode: str, residual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)`` in binary64 of a name of :data:`LEFT_TAIL` at
    float64 ``-800 <= x < -620``, where its value lies below ``2**-880`` (module
    docstring): ``e**x`` as ``2**k (h + l)`` by :func:`~tanhproof.numeric._ddexp.exp_scaled`
    (relative ``21.3 u**2``) times ``|p(x)|`` (``mul_dd``, ``8.1 u**2``; ``|1 + x| = -1 - x``
    exact, ``lambda alpha`` a double-double within ``u**2``), within :data:`BOUND64`
    (``256 u**2``) with the ``3 e**x < 2**-890`` of the identity; decided by
    :func:`~tanhproof.numeric._dddecide.decide_tiny`."""
    kind, sign = LEFT_TAIL[function_]
    h, lo, k = exp_scaled(x)
    if kind == "x":
        h, lo = mul_dd(h, lo, -x, np.zeros(x.shape))
    elif kind == "1+x":
        a, b = two_sum(np.full(x.shape, -1.0), -x)
        h, lo = mul_dd(h, lo, a, b)
    else:
        ch, cl, _ = dd_of_fraction(_PRODUCT)
        h, lo = mul_dd(h, lo, np.full(x.shape, ch), np.full(x.shape, cl))
    return decide_tiny(h, lo, k, BOUND64, sign, mode, residual)


#: binary64's left tails: the inputs and the function that decides them.
_TAILS: dict[
    str, tuple[tuple[float, float], Callable[..., tuple[np.ndarray, np.ndarray, np.ndarray | None]]]
] = {
    **{name: (_TAIL_RANGE, left_tail) for name in LEFT_TAIL},
    **{name: (bounds, gelu_tail) for name, bounds in GELU_TAIL.items()},
}


def _compiled(
    run: Callable[..., None], function_: str, x: np.ndarray, f: Format, mode: str, residual: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """:func:`activation_values` by the compiled twins of
    :mod:`tanhproof.numeric._activationjit` (the same bits), the inputs they leave (a
    kernel outside its value range: the left tail, far out) by the numpy path."""
    x = np.ascontiguousarray(x, dtype=np.float64)
    gelu = function_ in _activationjit.GELU_NAMES
    values, res = np.empty_like(x), np.empty_like(x)
    decided, handled = np.empty(x.shape, dtype=bool), np.empty(x.shape, dtype=bool)
    run(
        _activationjit.NAMES[function_],
        MODES[mode],
        x,
        cached_constants(gelu),  # erf's tables for GELU's erfc and erf'
        _activationjit.cached_constants(gelu),
        values,
        decided,
        res,
        handled,
        residual,
        res,
        _activationjit.format_parameters(f),
    )
    rest = np.flatnonzero(~handled)
    if len(rest):
        v, ok, r = activation_values(function_, x[rest], f, mode, residual, compiled=False)
        values[rest], decided[rest] = v, ok
        if residual and r is not None:
            res[rest] = r
    if not residual:
        return values, decided, None
    res[~decided] = np.nan
    return values, decided, res


def _decide(
    block: DDBounded, f: Format, mode: str, residual: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The rounding of ``block`` to ``f`` where its bound decides it."""
    if f.name == "binary64":
        return decide_dd(block, mode, residual)
    # the float64 ends of the double-double, or the exact float64 (elu's x)
    low, high = float_bounds(block)
    exact_ = (block.e == 0) & (block.l == 0) & ~block.bad
    bounds = (np.where(exact_, block.h, low), np.where(exact_, block.h, high))
    return decide(as_bounded(block), f, mode, residual, bounds)


def activation_values(
    function_: str, x: np.ndarray, f: Format, mode: str, residual: bool = False, compiled: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)`` of ``function_`` (a name of
    :data:`ACTIVATION_DD`) at the finite float64 ``x``, rounded to ``f`` under ``mode``
    where the bound decides it, in blocks of
    :data:`~tanhproof.numeric._exprref.EXPRESSION_BLOCK` (every step is elementwise).
    With ``compiled`` and a name of :data:`tanhproof.numeric._activationjit.NAMES`, the
    compiled twins compute it where :func:`tanhproof.numeric._activationjit.loop` gives a
    loop (the same bits, in every format)."""
    if compiled and function_ in _activationjit.NAMES:
        run = _activationjit.loop(len(x))
        if run is not None:
            return _compiled(run, function_, x, f, mode, residual)
    evaluate = ACTIVATION_DD[function_]
    tail = _TAILS.get(function_) if f.name == "binary64" else None
    if tail is not None:
        (low, high), decide_tail = tail
        far = (x >= low) & (x < high)
        if far.any():
            i, j = np.flatnonzero(far), np.flatnonzero(~far)
            values, decided = np.full(x.shape, np.nan), np.zeros(x.shape, dtype=bool)
            res = np.full(x.shape, np.nan) if residual else None
            for idx, (v, ok, r) in (
                (i, decide_tail(function_, x[i], mode, residual)),
                (j, activation_values(function_, x[j], f, mode, residual, compiled)),
            ):
                values[idx], decided[idx] = v, ok
                if res is not None and r is not None:
                    res[idx] = r
            return values, decided, res
    values = np.full(x.shape, np.nan)
    decided = np.zeros(x.shape, dtype=bool)
    res = np.full(x.shape, np.nan) if residual else None
    blocks = max(1, len(x) // EXPRESSION_BLOCK)
    ends = np.linspace(0, len(x), blocks + 1).astype(np.int64).tolist()
    for a, b in itertools.pairwise(ends):
        with np.errstate(all="ignore"):
            block = evaluate(x[a:b])
        got, ok, r = _decide(block, f, mode, residual)
        values[a:b] = got
        decided[a:b] = ok
        if res is not None and r is not None:
            res[a:b] = r
    return values, decided, res
