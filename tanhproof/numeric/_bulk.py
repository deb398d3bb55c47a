"""Correctly rounded references for whole numpy arrays, fast.

:func:`reference` returns ``f(x)`` correctly rounded to an IEEE format, for every
element of an array of that format's values: the reference an accuracy audit of a
float library (numpy, torch, a kernel of one's own) is measured against.

Explanation
===========

**Fast path** (formats of at most 32 bits, the names of :data:`FAST_FUNCTIONS`): the
kernels of :mod:`tanhproof.numeric._kerneltable` give ``f(x) = c + d`` with ``c`` exact and ``d``
within the proved relative bound :data:`~tanhproof.numeric._kernels.BOUND` (``2**-45``; the
analyses of the kernel modules give at most ``21.2 * 2**-53``). From them an enclosure
``[lo, hi]`` of ``f(x)`` is formed in float64 (``d*(1 -+ BOUND)``, the sum with ``c``
widened by one float64 ulp outward); where ``f(x)`` lies strictly on one side of
``c`` the enclosure's end on that side is moved to the float64 neighbour of ``c``,
which rounds like every real strictly between ``c`` and it (no format value or
midpoint lies there). Both ends are rounded with :func:`~tanhproof.numeric._arrayrounding.round_array`;
rounding is monotone, so where they agree that is the correctly rounded ``f(x)``.

**Binary64 fast path** (the names of :data:`~tanhproof.numeric._ddkernels.KERNELS64`):
double-double kernels within a proved ``2**-98`` and proved constant ranges
(saturation, tiny arguments, overflow), decided by :func:`tanhproof.numeric._ddfast.fast64`.

**Activations that are a catalog kernel** at an exactly transformed input
(``logsigmoid(x) = -softplus(-x)``, ``logsigmoid'(x) = sigmoid(-x)``, ``elu'(x) =
celu'(x) = exp(min(x, 0))``) are that function's reference, with the rounding
direction mirrored where negated (:mod:`tanhproof.numeric._activationroutes`).

**Catalog functions without a kernel** (in no format: the activations ``mish``,
``gelu``, ...) and **expressions** instead of names are references of an expression
(the function, or its catalog derivative): a float64 error bound per operation, the
Ziv loop of :func:`tanhproof.round_to` for the rest
(:func:`tanhproof.numeric._exprref.expression_reference`). For the activation names,
proved tail rules decide first where the value is only a sign (below every format) or
lies beside ``x``, ``x -+ 1``, ``x/2`` or a constant
(:mod:`tanhproof.numeric._activationtails`).

**Slow path** (the undecided points, every point of other functions): per point, the one Ziv
loop of :mod:`tanhproof.numeric._ziv`, the loop :func:`tanhproof.round_to` uses too, on the
value as ``c + d`` (:func:`tanhproof.numeric._splitting.split_call`: the catalog's arb
evaluator, with near-limit splits such as ``tanh(x) = +-1 -+ 2/(e^{2|x|} + 1)`` and
exponent bounds far out; for a derivative ``name'`` a small table of direct formulas
below, or the catalog's derivative expression through
:func:`tanhproof.numeric._splitexpr.split_eval`), from 64 bits, doubling the precision until
both ends round alike. A ball of radius 0 is the exact value, so exact cases
(``tanh(0)``, ``sigmoid(0) = 1/2``) end at once.

**16-bit formats** (binary16, bfloat16): a call with at least 16,384 inputs of a named
function reads them from the function's values at all 65,536 bit patterns, computed
once per process by the paths above (:mod:`tanhproof.numeric._table16`).

**Special inputs** (IEEE 754, as MPFR): NaN gives NaN; ``+-inf`` the limits of
``LIMITS_AT_INFINITY``; an exact zero result at a zero input keeps the sign the
odd functions and ``sqrt`` give it (``tanh(-0.0) = -0.0``); a pole gives its infinity
(``POLES``: ``log(+-0) = -inf``, ``coth(+-0) = +-inf``, ``atanh(+-1) = +-inf``);
points outside the domain (``DOMAINS``: ``log(-1)``, ``acosh'(1)``) give NaN, are
counted in :attr:`BulkResult.undefined`, and ``domain_reason`` says why; these tables
are in :mod:`tanhproof.numeric._specials`.

Examples
========

>>> import numpy as np
>>> r = reference("tanh", np.array([0.5, -0.0, np.inf], dtype=np.float32))
>>> r.values.tolist(), r.points, r.fallback
([0.46211716532707214, -0.0, 1.0], 3, 0)
>>> reference("exp", np.array([89.0], dtype=np.float32)).values.tolist()
[inf]
>>> r = reference("log", np.array([-1.0, 1.0, 0.0, -0.0], dtype=np.float32))
>>> r.values.tolist(), r.undefined, r.fallback
([nan, 0.0, -inf, -inf], 1, 0)
"""

from __future__ import annotations

import dataclasses
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from flint import arb, ctx

from tanhproof.numeric._activationroutes import routed
from tanhproof.numeric._activationtails import tail_reference
from tanhproof.numeric._arrayrounding import format_values, round_array
from tanhproof.numeric._ddfast import fast64
from tanhproof.numeric._ddkernels import KERNELS64
from tanhproof.numeric._evaluators import Undefined
from tanhproof.numeric._exprref import catalog_expression, expression_reference, is_name, slow_point
from tanhproof.numeric._formats import Format, check_mode, get_format
from tanhproof.numeric._kerneltable import BOUND, KERNELS
from tanhproof.numeric._specials import (
    DOMAINS,
    LIMITS_AT_INFINITY,
    limits_at_infinity,
    special_values,
    split_name,
    zero_is_negative,
)
from tanhproof.numeric._splitexpr import split_eval
from tanhproof.numeric._splitting import split_call
from tanhproof.numeric._table16 import lookup
from tanhproof.numeric._ulps import ulp_array
from tanhproof.numeric._ziv import EXTREME_BITS, ZivResult, ziv_round

__all__ = ["FAST_FUNCTIONS", "BulkResult", "reference", "slow_reference"]

#: Names with a fast vectorized kernel (formats of at most 32 bits).
FAST_FUNCTIONS: tuple[str, ...] = tuple(sorted(KERNELS))

_INF = math.inf
_NAN = math.nan

# arb evaluators of the derivatives (ball -> ball) where a direct formula is simple and
# fast; the other derivatives, and every derivative far out (|x| >= 4096), go through
# the catalog's derivative expression and :func:`tanhproof.numeric._splitexpr.split_eval`.
_ARB_DERIVATIVES: dict[str, Callable[[Any], Any]] = {
    "cosh'": lambda b: b.sinh(),
    "exp'": lambda b: b.exp(),
    "sech'": lambda b: -(b.sech() * b.tanh()),
    "sigmoid'": lambda b: (b / 2).sech() ** 2 / 4,
    "sinh'": lambda b: b.cosh(),
    "tanh'": lambda b: b.sech() ** 2,
    # coth' = 1 - coth^2 cancels for large |x|; -csch^2 does not.
    "coth'": lambda b: -(_nonzero_csch(b) ** 2),
    # softplus' is the sigmoid (catalog: softplus'(u) = sigmoid(u)).
    "softplus'": lambda b: _sigmoid(b),
}


def _nonzero_csch(b: Any) -> Any:
    from tanhproof.numeric._evaluators import arb_csch

    return arb_csch(b)


def _sigmoid(b: Any) -> Any:
    from tanhproof.numeric._evaluators import arb_sigmoid

    return arb_sigmoid(b)


@dataclass(frozen=True)
class BulkResult:
    """The correctly rounded values and how they were obtained.

    ``values`` is in the format's dtype (float32 for bfloat16); ``fallback`` counts
    the finite inputs that went to the arb Ziv loop (all of them for functions
    without a fast kernel); ``undefined`` the inputs outside the
    function's domain (their values are NaN).

    ``residual`` (only with ``reference(..., residual=True)``) is
    ``(f(x) - values) / ulp(values)`` as float64: the exact value's distance from its
    rounding in ULPs of the rounded value's binade (as :func:`~tanhproof.numeric.ulp_error` measures one point),
    so at most 1/2 in magnitude, accurate to about ``2**-20`` (the fast kernels' bound
    ``2**-45`` relative; the Ziv loop computes it from a ball at least 64 bits tighter
    than the format, and in ULPs, so subnormal binary64 results keep it too). It is 0
    where the value is exact, and NaN at infinite and undefined inputs and where the
    value overflowed to infinity. An accuracy audit measures ``|got - f(x)|`` in ULPs
    from it without another evaluation.
    """

    values: np.ndarray
    points: int
    fallback: int
    undefined: int = 0
    residual: np.ndarray | None = None


Evaluator = Callable[[int], tuple[Fraction, Any]]
_ZERO = Fraction(0)
_START_BITS = 64


@functools.lru_cache(maxsize=64)
def _make_evaluator(function: str) -> Callable[[float], Evaluator]:
    """``x -> (bits -> (c, d))``: the value ``f(x) = c + d`` for :func:`~tanhproof.numeric._ziv.ziv_round`
    (a near-limit split or an exponent bound where one applies)."""
    from tanhproof.expr._catalog import CATALOG

    base, prime = split_name(function)
    if not prime:

        def at(x: float) -> Evaluator:
            def evaluate(bits: int) -> tuple[Fraction, Any]:
                old = ctx.prec
                ctx.prec = bits
                try:
                    return split_call(base, arb(x))
                finally:
                    ctx.prec = old

            return evaluate

        return at
    import sympy

    u = sympy.Symbol("x", real=True)
    expr = CATALOG[base].derivative(u)
    direct = _ARB_DERIVATIVES.get(function)

    def at_prime(x: float) -> Evaluator:
        if direct is not None and abs(x) < EXTREME_BITS:
            return lambda bits: (_ZERO, _at_precision(direct, x, bits))
        point = {u: Fraction(x)}
        return lambda bits: split_eval(expr, point, bits)

    return at_prime


def _at_precision(method: Callable[[Any], Any], x: float, bits: int) -> Any:
    old = ctx.prec
    ctx.prec = bits
    try:
        return method(arb(x))
    finally:
        ctx.prec = old


def _slow(
    at: Callable[[float], Evaluator], function: str, x: float, f: Format, mode: str, residual: bool = False
) -> ZivResult:
    """The one Ziv loop (:func:`tanhproof.numeric._ziv.ziv_round`) at a point inside the domain."""
    start = max(_START_BITS, f.precision + 64) if residual else _START_BITS
    return ziv_round(
        at(x),
        f,
        mode,
        negative_zero=zero_is_negative(function, x),
        start_bits=start,
        residual=residual,
        describe=lambda: f"{function}({x!r})",
    )


def slow_reference(function: str, x: float, fmt: str | Format = "binary32", mode: str = "nearest") -> float:
    """The correctly rounded ``function(x)`` for one ``x`` by the arb Ziv loop, with the
    IEEE 754 special values (NaN outside the domain, infinities at poles and as
    limits). :func:`reference` uses the same loop for every undecided point.

    Examples
    ========

    >>> slow_reference("tanh'", 0.0), slow_reference("sigmoid", 0.0), slow_reference("log", -1.0)
    (1.0, 0.5, nan)
    >>> slow_reference("tanh", 1.0, "binary16", "up"), slow_reference("coth", -0.0)
    (0.76171875, -inf)
    """
    f = get_format(fmt)
    check_mode(mode)
    split_name(function)
    x = float(x)
    if not math.isfinite(x):
        low, high = limits_at_infinity(function, f, mode)
        return math.nan if math.isnan(x) else (high if x > 0 else low)
    special = special_values(function, np.array([x]))
    if special is not None and (special[1][0] or not math.isnan(special[0][0])):
        return float(special[0][0])
    if function not in FAST_FUNCTIONS and function not in KERNELS64:
        # no kernel (the activations): round_to's per-point loop on the catalog expression,
        # which splits far-out values into a limit and a remainder (celu(-50176) = -1 + tiny)
        return slow_point(catalog_expression(function), x, f, mode)[0]
    return _slow(_make_evaluator(function), function, x, f, mode).value


def _with_limits(function: str, x: np.ndarray, f: Format, mode: str, result: BulkResult) -> BulkResult:
    """``result`` (an expression reference of a catalog function) with the function's own
    limits at +-inf: the expression's operations cannot take them (inf*0 in silu')."""
    xs = np.asarray(x, dtype=np.float64).ravel()
    infinite = np.isinf(xs)
    if not infinite.any() or function not in LIMITS_AT_INFINITY:
        return result
    low, high = limits_at_infinity(function, f, mode)
    values = result.values.copy()
    flat = values.reshape(-1)
    before = np.isnan(flat[infinite].astype(np.float64))
    exact = np.where(xs[infinite] > 0, high, low)
    flat[infinite] = exact
    undefined = result.undefined - int(before.sum()) + int(np.isnan(exact).sum())
    return dataclasses.replace(result, values=values, undefined=undefined)


def _fast(
    function: str, x: np.ndarray, f: Format, mode: str, residual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Rounded values, the mask of the points the fast path decided and (if asked)
    the residuals ``(c - value) + d``."""
    c, d = KERNELS[function](x)
    w = np.abs(d) * BOUND
    with np.errstate(over="ignore"):
        lo = c + (d - w)
        hi = c + (d + w)
        # One rounding error of the sum (at most half an ulp) is covered by moving each end
        # by |s| * 2**-52, which is at least one ulp of s: the rounded result lies strictly
        # beyond the float neighbour of s, hence beyond the exact sum.
        lo -= np.abs(lo) * 2.0**-52
        hi += np.abs(hi) * 2.0**-52
    # f(x) lies strictly above c where d > 0. c is 0 or has at most 25 significant bits
    # (the kernels' contract), and eps = |c| 2**-40 + 2**-1000 is positive, below 2**-26 |c|
    # (the least distance from c to another number of at most 25 bits: every value and
    # midpoint of the format is one, p <= 24) and below 2**-151 when c = 0: no value or
    # midpoint of the format lies in (c, c + eps], so every real there rounds like c + eps
    # and lo may be raised to it. Likewise hi may be lowered to c - eps where d < 0.
    eps = np.abs(c) * 2.0**-40 + 2.0**-1000
    c_up = c + eps
    fix = np.flatnonzero((d > 0) & (lo < c_up))
    lo[fix] = c_up[fix]
    c_down = c - eps
    fix = np.flatnonzero((d < 0) & (hi > c_down))
    hi[fix] = c_down[fix]
    exact = d == 0
    if exact.any():
        lo = np.where(exact, c, lo)  # the kernels give c the sign of an exact zero
        hi = np.where(exact, c, hi)
    r_lo = round_array(lo, f, mode)
    r_hi = round_array(hi, f, mode)
    decided = (r_lo == r_hi) & (np.signbit(r_lo) == np.signbit(r_hi))
    res = None
    if residual:
        with np.errstate(invalid="ignore", over="ignore"):
            # c and the rounded value are close (or c = 0), so c - value is exact.
            res = ((c - r_lo) + d) / ulp_array(r_lo, f)
        res[~np.isfinite(r_lo)] = np.nan
    return r_lo, decided, res


def _whole_block(
    function: str, xs: np.ndarray, f: Format, mode: str, residual: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None] | None:
    """The kernel's ``(values, decided, residuals)`` for a block of finite inputs of a
    function defined everywhere (binary64: the double-double kernels of
    :func:`~tanhproof.numeric._ddfast.fast64`); ``None`` when some input is not finite."""
    if not (np.isfinite(xs.min()) and np.isfinite(xs.max())):  # an infinity or a NaN
        return None
    if f.name == "binary64":
        return fast64(function, xs, mode, residual)
    return _fast(function, xs, f, mode, residual)


def _shaped(res: np.ndarray | None, x: Any) -> np.ndarray | None:
    return None if res is None else res.reshape(np.shape(x))


def reference(
    function: Any, x: Any, fmt: str | Format = "binary32", mode: str = "nearest", *, residual: bool = False
) -> BulkResult:
    """``function(x)`` correctly rounded to ``fmt`` under ``mode``, for every element of ``x``.

    ``function`` is a catalog name, or one followed by ``'`` for its first derivative
    (``"tanh'"`` is sech^2, the gradient of tanh), or an expression of one variable
    (text such as ``"x*sigmoid(x)"`` or ``"diff(x*tanh(softplus(x)), x)"``, or a SymPy
    expression: float64 values with a rigorous error bound per operation, the arb Ziv
    loop of :func:`tanhproof.round_to` for the points they cannot decide; see
    :doc:`numerics`). ``x`` holds values of ``fmt``
    (float16 arrays for binary16, float32 for binary32 and bfloat16, float64 for
    binary64); other arrays are accepted only if every element is such a value. See
    the module docstring for the method. With ``residual=True`` the result also
    carries :attr:`BulkResult.residual`, ``f(x) - values``.

    Examples
    ========

    >>> import numpy as np
    >>> x = np.array([1.0, 2.0], dtype=np.float16)
    >>> reference("tanh'", x, "binary16").values.tolist()
    [0.419921875, 0.0706787109375]
    >>> reference("1 - tanh(x)**2", x, "binary16").values.tolist()
    [0.419921875, 0.0706787109375]
    """
    f = get_format(fmt)
    check_mode(mode)
    route = routed(function, x, f, mode)  # an activation that is a catalog kernel
    if route is not None:
        return route.finish(reference(route.route.target, route.argument, f, route.mode, residual=residual))
    if f.width == 16 and is_name(function):  # the whole table of a 16-bit format, past a size
        split_name(function)
        found = lookup(_computed, function, x, f, mode, residual)
        if found is not None:
            return BulkResult(found[0], int(found[0].size), found[1], found[2], found[3])
    return _computed(function, x, f, mode, residual)


def _computed(function: Any, x: Any, f: Format, mode: str, residual: bool) -> BulkResult:
    """:func:`reference` without the tables of :mod:`tanhproof.numeric._table16`."""
    if not is_name(function):  # an expression: tanhproof.numeric._exprref
        return BulkResult(*expression_reference(function, x, f, mode, residual=residual))
    split_name(function)
    if function not in FAST_FUNCTIONS and function not in KERNELS64:  # no kernel: as an expression
        # far-out tails first (proved rules: a sign, or a constant beside the value)
        result = BulkResult(*tail_reference(function, x, f, mode, residual=residual))
        return _with_limits(function, x, f, mode, result)
    xs = format_values(x, f).ravel()
    kernel = function in KERNELS64 if f.name == "binary64" else function in KERNELS and f.width <= 32
    if kernel and xs.size and function not in DOMAINS:
        # The common block (an audit's): every input finite and inside the domain. One
        # kernel call, no index gathering; the few points it leaves go straight to the
        # Ziv loop. A block with an infinity or a NaN takes the general path below, which
        # gives the same values.
        whole = _whole_block(function, xs, f, mode, residual)
        if whole is not None:
            values, decided, res = whole
            if decided.all():
                return BulkResult(
                    values.astype(f.dtype).reshape(np.shape(x)), int(xs.size), 0, 0, _shaped(res, x)
                )
            # the few undecided points go to the Ziv loop; the others keep the kernel's values
            if res is None and residual:
                res = np.full(xs.shape, np.nan)
            return _finish(
                function, x, xs, values.astype(np.float64), np.flatnonzero(~decided), res, 0, f, mode
            )
    out = np.empty(xs.shape, dtype=np.float64)
    finite = np.isfinite(xs)
    undefined = 0
    nan_input = np.isnan(xs)
    out[nan_input] = np.nan
    infinite = np.isinf(xs)
    if infinite.any():
        low, high = limits_at_infinity(function, f, mode)
        exact = np.where(xs[infinite] > 0, high, low)
        out[infinite] = exact
        undefined += int(np.isnan(exact).sum())
    res = np.full(xs.shape, np.nan) if residual else None
    todo = np.flatnonzero(finite)
    special = special_values(function, xs[todo]) if len(todo) else None
    if special is not None:
        outside = ~np.isnan(special[0]) | special[1]
        out[todo[outside]] = special[0][outside]
        undefined += int(special[1].sum())
        todo = todo[~outside]
    if function in KERNELS and f.width <= 32 and len(todo):
        values, decided, fast_res = _fast(function, xs[todo], f, mode, residual)
        out[todo[decided]] = values[decided]
        if res is not None and fast_res is not None:
            res[todo[decided]] = fast_res[decided]
        todo = todo[~decided]
    if function in KERNELS64 and f.name == "binary64" and len(todo):
        values, decided, fast_res = fast64(function, xs[todo], mode, residual)
        out[todo[decided]] = values[decided]
        if res is not None and fast_res is not None:
            res[todo[decided]] = fast_res[decided]
        todo = todo[~decided]
    return _finish(function, x, xs, out, todo, res, undefined, f, mode)


def _finish(
    function: str,
    x: Any,
    xs: np.ndarray,
    out: np.ndarray,
    todo: np.ndarray,
    res: np.ndarray | None,
    undefined: int,
    f: Format,
    mode: str,
) -> BulkResult:
    """:func:`reference`'s last step: the arb Ziv loop for the points ``todo`` that no
    kernel decided, then the result in the format's dtype and ``x``'s shape."""
    fallback = len(todo)
    if fallback:
        at = _make_evaluator(function)
        for i in todo.tolist():
            try:
                found = _slow(at, function, float(xs[i]), f, mode, res is not None)
            except Undefined:  # the value does not exist at the point itself
                out[i] = _NAN
                undefined += 1
                continue
            out[i] = found.value
            if res is not None:
                res[i] = found.residual
    values = out.astype(f.dtype).reshape(np.shape(x))  # exact: every entry is a format value
    if res is not None:
        res = res.reshape(np.shape(x))
    return BulkResult(values, int(xs.size), fallback, undefined, res)
