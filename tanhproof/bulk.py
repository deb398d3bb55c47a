"""Correctly rounded references for whole numpy arrays, fast.

:func:`reference` returns ``f(x)`` correctly rounded to an IEEE format, for every
element of an array of that format's values: the reference an accuracy audit of a
float library (numpy, torch, a kernel of one's own) is measured against.

Explanation
===========

**Fast path** (formats of at most 32 bits, the names of :data:`FAST_FUNCTIONS`): the
kernels of :mod:`tanhproof.kernels` give ``f(x) = c + d`` with ``c`` exact and ``d``
within the proved relative bound :data:`~tanhproof.kernels.BOUND` (``2**-45``; the
analysis in that module gives ``19 * 2**-53``). From them an enclosure
``[lo, hi]`` of ``f(x)`` is formed in float64 (``d*(1 -+ BOUND)``, the sum with ``c``
widened by one float64 ulp outward); where ``f(x)`` lies strictly on one side of
``c`` the enclosure's end on that side is moved to the float64 neighbour of ``c``,
which rounds like every real strictly between ``c`` and it (no format value or
midpoint lies there). Both ends are rounded with :func:`~tanhproof.formats.round_array`;
rounding is monotone, so where they agree that is the correctly rounded ``f(x)``.

**Slow path** (the undecided points, every point of other functions and of
binary64 targets, where float64 arithmetic cannot decide): per point, a Ziv loop with
python-flint ``arb``: evaluate the catalog's arb evaluator (``entry(name).arb``; for a
derivative ``name'`` a small table below, or the catalog's derivative expression
through :func:`~tanhproof.arbeval.arb_eval`) at 64 bits, doubling the precision until
both ends of the ball round alike. A ball of radius 0 is the exact value, so exact
cases (``tanh(0)``, ``sigmoid(0) = 1/2``) end at once.

**Special inputs**: NaN gives NaN; ``+-inf`` the limits of :data:`LIMITS_AT_INFINITY`;
an exact zero result at a zero input keeps the sign the odd functions give it
(``tanh(-0.0) = -0.0``); points outside the domain (``coth(0)``, ``log(-1)``) give NaN
and are counted in :attr:`BulkResult.undefined`.

Examples
========

>>> import numpy as np
>>> r = reference("tanh", np.array([0.5, -0.0, np.inf], dtype=np.float32))
>>> r.values.tolist(), r.points, r.fallback
([0.46211716532707214, -0.0, 1.0], 3, 0)
>>> reference("exp", np.array([89.0], dtype=np.float32)).values.tolist()
[inf]
>>> r = reference("log", np.array([-1.0, 1.0], dtype=np.float32))
>>> r.values.tolist(), r.undefined, r.fallback
([nan, 0.0], 1, 2)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import numpy as np
from flint import arb, ctx

from .errors import DomainError, TanhproofError
from .formats import (
    Format,
    FormatError,
    check_mode,
    format_values,
    get_format,
    round_array,
    round_dyadic,
    ulp,
    ulp_array,
)
from .kernels import BOUND, KERNELS
from .limits import LIMITS

__all__ = ["FAST_FUNCTIONS", "LIMITS_AT_INFINITY", "BulkResult", "reference", "slow_reference"]

#: Names with a fast vectorized kernel (formats of at most 32 bits).
FAST_FUNCTIONS: tuple[str, ...] = tuple(sorted(KERNELS))

_INF = math.inf
_NAN = math.nan

#: ``(f(-inf), f(+inf))`` for every catalog function and its first derivative.
LIMITS_AT_INFINITY: dict[str, tuple[float, float]] = {
    "abs": (_INF, _INF), "abs'": (-1.0, 1.0),
    "acosh": (_NAN, _INF), "acosh'": (_NAN, 0.0),
    "asinh": (-_INF, _INF), "asinh'": (0.0, 0.0),
    "atanh": (_NAN, _NAN), "atanh'": (_NAN, _NAN),
    "cosh": (_INF, _INF), "cosh'": (-_INF, _INF),
    "coth": (-1.0, 1.0), "coth'": (-0.0, -0.0),
    "csch": (-0.0, 0.0), "csch'": (-0.0, -0.0),
    "erf": (-1.0, 1.0), "erf'": (0.0, 0.0),
    "exp": (0.0, _INF), "exp'": (0.0, _INF),
    "log": (_NAN, _INF), "log'": (_NAN, 0.0),
    "sech": (0.0, 0.0), "sech'": (0.0, -0.0),
    "sigmoid": (0.0, 1.0), "sigmoid'": (0.0, 0.0),
    "sign": (-1.0, 1.0), "sign'": (0.0, 0.0),
    "sinh": (-_INF, _INF), "sinh'": (_INF, _INF),
    "softplus": (0.0, _INF), "softplus'": (0.0, 1.0),
    "sqrt": (_NAN, _INF), "sqrt'": (_NAN, 0.0),
    "tanh": (-1.0, 1.0), "tanh'": (0.0, 0.0),
}

# Sign of an exact zero result at a zero input: +1 = the input's sign (odd functions),
# -1 = the opposite one; other functions give +0.
_ZERO_SIGN: dict[str, int] = {
    "asinh": 1, "atanh": 1, "cosh'": 1, "erf": 1, "sinh": 1, "sqrt": 1, "tanh": 1, "sech'": -1,
}

# arb evaluators of the derivatives (ball -> ball) where a direct formula is simple;
# the other derivatives go through the catalog's derivative expression.
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
    from .evaluators import arb_csch

    return arb_csch(b)


def _sigmoid(b: Any) -> Any:
    from .evaluators import arb_sigmoid

    return arb_sigmoid(b)

# Where f(x) tends to a value c of every format (tanh -> +-1 ...), f(x) - c is far smaller
# than any precision can resolve next to c (tanh(1e9) - 1 ~ 2**-2.9e9): a ball around
# f(x) would contain c at every precision and a directed rounding would never be decided.
# These give (c, a ball around f(x) - c), with a relative accuracy that does not degrade.
def _split_tanh(b: Any, x: float) -> tuple[float, Any]:
    s = 1.0 if x > 0 else -1.0
    return s, -s * 2 / ((2 * abs(b)).exp() + 1)


def _split_coth(b: Any, x: float) -> tuple[float, Any]:
    s = 1.0 if x > 0 else -1.0
    return s, s * 2 / ((2 * abs(b)).expm1())


def _split_sigmoid(b: Any, x: float) -> tuple[float, Any]:
    return 1.0, -1 / (1 + b.exp())


def _split_erf(b: Any, x: float) -> tuple[float, Any]:
    s = 1.0 if x > 0 else -1.0
    return s, -s * abs(b).erfc()


def _split_softplus(b: Any, x: float) -> tuple[float, Any]:
    return x, (-b).exp().log1p()


_SPLITS: dict[str, tuple[Callable[[float], bool], Callable[[Any, float], tuple[float, Any]]]] = {
    "coth": (lambda x: abs(x) >= 1, _split_coth),
    "erf": (lambda x: abs(x) >= 1, _split_erf),
    "sigmoid": (lambda x: x >= 1, _split_sigmoid),
    "softplus": (lambda x: x >= 1, _split_softplus),
    "softplus'": (lambda x: x >= 1, _split_sigmoid),
    "tanh": (lambda x: abs(x) >= 1, _split_tanh),
}

_START_BITS = 64


@dataclass(frozen=True)
class BulkResult:
    """The correctly rounded values and how they were obtained.

    ``values`` is in the format's dtype (float32 for bfloat16); ``fallback`` counts
    the finite inputs that went to the arb Ziv loop (all of them for functions
    without a fast kernel and for binary64); ``undefined`` the inputs outside the
    function's domain (their values are NaN).

    ``residual`` (only with ``reference(..., residual=True)``) is
    ``(f(x) - values) / ulp(values)`` as float64: the exact value's distance from its
    rounding in ULPs of the rounded value's binade (:func:`~tanhproof.formats.ulp_array`),
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


def _split_name(function: str) -> tuple[str, bool]:
    from .catalog import CATALOG

    base, prime = (function[:-1], True) if function.endswith("'") else (function, False)
    if base not in CATALOG:
        raise FormatError(
            f"unknown function {function!r}; choose a catalog name ({', '.join(sorted(CATALOG))}),"
            " optionally followed by ' for its derivative"
        )
    return base, prime


def _evaluator(function: str) -> Callable[[float, int], tuple[float, Any]]:
    """``(x, bits) -> (c, ball)`` with ``f(x)`` in ``c + ball``; raises DomainError
    outside the domain. The function carries ``base``, the catalog name of ``f``."""
    evaluate = _make_evaluator(function)
    evaluate.base = _split_name(function)[0]  # type: ignore[attr-defined]
    return evaluate


def _make_evaluator(function: str) -> Callable[[float, int], tuple[float, Any]]:
    from .catalog import CATALOG

    base, prime = _split_name(function)
    if not prime or function in _ARB_DERIVATIVES:
        method = CATALOG[base].arb if not prime else _ARB_DERIVATIVES[function]
        split = _SPLITS.get(function)
        if split is None:
            return lambda x, bits: (0.0, _at_precision(method, x, bits))
        applies, parts = split

        def evaluate(x: float, bits: int) -> tuple[float, Any]:
            if applies(x):
                return _at_precision(lambda b: parts(b, x), x, bits)
            return 0.0, _at_precision(method, x, bits)

        return evaluate
    import sympy

    from .arbeval import arb_eval

    u = sympy.Symbol("x", real=True)
    expr = CATALOG[base].derivative(u)
    method = CATALOG[base].arb

    def derivative(x: float, bits: int) -> tuple[float, Any]:
        _at_precision(method, x, 32)  # f' is undefined where f is (log' at -1): DomainError
        return 0.0, arb_eval(expr, {u: Fraction(x)}, bits)

    return derivative


def _at_precision(method: Callable[[Any], Any], x: float, bits: int) -> Any:
    old = ctx.prec
    ctx.prec = bits
    try:
        return method(arb(x))
    finally:
        ctx.prec = old


def _round_sum(c: float, lo: tuple[int, int], hi: tuple[int, int], fmt: Format, mode: str) -> float | None:
    """The common rounding of ``c + [lo, hi]`` (dyadic ends ``(m, e)``), or None."""
    if c == 0:
        a, b = round_dyadic(*lo, fmt, mode), round_dyadic(*hi, fmt, mode)
    else:
        if (lo[0] > 0) != (hi[0] > 0) or lo[0] == 0 or hi[0] == 0:
            return None  # the side of c is not known yet
        cm, ce = _dyadic(c)
        top = ce + abs(cm).bit_length() - 64  # 2**-63 of c's binade: below every format's spacing
        if max(lo[1] + abs(lo[0]).bit_length(), hi[1] + abs(hi[0]).bit_length()) < top:
            # 0 < |d| < 2**top: c + d rounds like c + sign(d) 2**top (no format value or
            # midpoint lies strictly between them).
            sign = 1 if hi[0] > 0 else -1
            return round_dyadic((cm << (ce - top)) + sign, top, fmt, mode)
        ends = []
        for m, e in (lo, hi):
            low = min(ce, e)
            ends.append(round_dyadic((cm << (ce - low)) + (m << (e - low)), low, fmt, mode))
        a, b = ends
    if a == b and math.copysign(1.0, a) == math.copysign(1.0, b):
        return a
    return None


def _dyadic(value: float) -> tuple[int, int]:
    """``(m, e)`` with ``value == m * 2**e`` exactly."""
    mantissa, exponent = math.frexp(value)
    return int(mantissa * 2**53), exponent - 53


def _ziv(evaluate: Callable[[float, int], tuple[float, Any]], x: float, fmt: Format, mode: str,
         zero_negative: bool, residual: list[float] | None = None) -> float | None:
    """The correctly rounded value at ``x``, or ``None`` outside the domain.

    With a list ``residual``, ``f(x) - value`` (float64) is appended to it; the loop
    then starts 64 bits above the format's precision so that the ball that decides
    the rounding also gives the residual to far below the format's spacing."""
    bits = _START_BITS if residual is None else max(_START_BITS, fmt.precision + 64)
    domain_retries = 0
    while True:
        try:
            c, ball = evaluate(x, bits)
        except (DomainError, ZeroDivisionError):
            # A genuine domain violation at an exact input is refused at every precision;
            # a spurious one (a wide intermediate ball) vanishes after a few doublings.
            domain_retries += 1
            if domain_retries >= 3:
                if _defined(evaluate, x):
                    raise TanhproofError(
                        f"cannot enclose the value at x = {x!r}: an intermediate result is too large "
                        "for ball arithmetic, though the point is in the domain"
                    ) from None
                return None
            bits *= 2
            continue
        if ball.is_finite():
            old = ctx.prec
            ctx.prec = bits  # lower()/upper() round outward to the context precision
            try:
                lo = tuple(int(v) for v in ball.lower().man_exp())
                hi = tuple(int(v) for v in ball.upper().man_exp())
            finally:
                ctx.prec = old
            if c == 0 and lo[0] == 0 and hi[0] == 0:
                if residual is not None:
                    residual.append(0.0)
                return -0.0 if zero_negative else 0.0
            value = _round_sum(c, lo, hi, fmt, mode)
            if value is not None:
                if residual is not None:
                    residual.append(_residual(c, ball, value, bits, fmt))
                return value
        if bits >= LIMITS.max_precision_bits:
            raise TanhproofError(f"could not round the value at x = {x!r} within {bits} bits")
        bits *= 2


def _residual(c: float, ball: Any, value: float, bits: int, fmt: Format) -> float:
    """``(c + ball - value) / ulp(value)`` as a float64 (the ball's midpoint; NaN if
    value is infinite). The ulp is a power of two, so the scaling is exact."""
    if not math.isfinite(value):
        return math.nan
    q = ulp(value, fmt)
    scale = q.numerator.bit_length() - 1 if q >= 1 else 1 - q.denominator.bit_length()  # q = 2**scale
    old = ctx.prec
    ctx.prec = bits + 64
    try:
        return float(((arb(c) - arb(value) + ball) * arb(2) ** (-scale)).mid())
    finally:
        ctx.prec = old


def _defined(evaluate: Any, x: float) -> bool:
    """Whether ``x`` satisfies the domain conditions of the evaluator's function (as the
    parser records them for ``f(x)``), certified exactly at the point: only then is a
    DomainError a failure of the arithmetic rather than a point outside the domain."""
    import sympy

    from .catalog import CATALOG
    from .domain import certified, conditions_for

    base = getattr(evaluate, "base", None)
    if base is None:
        return False
    u = sympy.Symbol("x", real=True)
    return certified(conditions_for(CATALOG[base].func, (u,)), {u: Fraction(x)}, bits=128)


def slow_reference(function: str, x: float, fmt: str | Format = "binary32", mode: str = "nearest") -> float:
    """The correctly rounded ``function(x)`` for one finite ``x`` by the arb Ziv loop
    (NaN outside the domain). :func:`reference` uses it for every undecided point.

    Examples
    ========

    >>> slow_reference("tanh'", 0.0), slow_reference("sigmoid", 0.0), slow_reference("coth", 0.0)
    (1.0, 0.5, nan)
    >>> slow_reference("tanh", 1.0, "binary16", "up")
    0.76171875
    """
    f = get_format(fmt)
    check_mode(mode)
    value = _ziv(_evaluator(function), float(x), f, mode, _zero_negative(function, float(x)))
    return math.nan if value is None else value


def _zero_negative(function: str, x: float) -> bool:
    rule = _ZERO_SIGN.get(function, 0)
    return x == 0 and rule != 0 and (math.copysign(1.0, x) < 0) == (rule > 0)


def _fast(function: str, x: np.ndarray, f: Format, mode: str,
          residual: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
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
    # f(x) lies strictly above c where d > 0. c is 0 or a value of the format, and
    # eps = |c| 2**-40 + 2**-1000 is positive and below a quarter of the format's spacing
    # next to c (at least |c| 2**-25, p <= 24) and below 2**-151 when c = 0: no value or
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


def reference(function: str, x: Any, fmt: str | Format = "binary32", mode: str = "nearest", *,
              residual: bool = False) -> BulkResult:
    """``function(x)`` correctly rounded to ``fmt`` under ``mode``, for every element of ``x``.

    ``function`` is a catalog name, or one followed by ``'`` for its first derivative
    (``"tanh'"`` is sech^2, the gradient of tanh). ``x`` holds values of ``fmt``
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
    """
    f = get_format(fmt)
    check_mode(mode)
    _split_name(function)
    xs = format_values(x, f).ravel()
    out = np.empty(xs.shape, dtype=np.float64)
    finite = np.isfinite(xs)
    undefined = 0
    nan_input = np.isnan(xs)
    out[nan_input] = np.nan
    infinite = np.isinf(xs)
    if infinite.any():
        low, high = LIMITS_AT_INFINITY.get(function, (_NAN, _NAN))
        exact = np.where(xs[infinite] > 0, high, low)
        out[infinite] = exact
        undefined += int(np.isnan(exact).sum())
    res = np.full(xs.shape, np.nan) if residual else None
    todo = np.flatnonzero(finite)
    if function in KERNELS and f.width <= 32 and len(todo):
        values, decided, fast_res = _fast(function, xs[todo], f, mode, residual)
        out[todo[decided]] = values[decided]
        if res is not None:
            res[todo[decided]] = fast_res[decided]
        todo = todo[~decided]
    fallback = len(todo)
    if fallback:
        evaluate = _evaluator(function)
        slot: list[float] | None = [] if residual else None
        for i in todo.tolist():
            xi = float(xs[i])
            value = _ziv(evaluate, xi, f, mode, _zero_negative(function, xi), slot)
            if value is None:
                undefined += 1
                value = math.nan
            elif res is not None:
                res[i] = slot.pop()
            out[i] = value
    values = out.astype(f.dtype).reshape(np.shape(x))  # exact: every entry is a format value
    if res is not None:
        res = res.reshape(np.shape(x))
    return BulkResult(values, int(xs.size), fallback, undefined, res)
