"""Correct rounding to IEEE formats by a Ziv loop on rigorous enclosures.

:func:`round_to` encloses the value (:mod:`tanhproof.enclosure`) and rounds both
ends of the enclosure (:func:`tanhproof.formats.round_dyadic`). Rounding is
monotone, so when the two ends round to the same float every real in between does,
the true value included: that float is the correctly rounded result. Otherwise the
precision doubles and the loop repeats (Ziv, "Fast evaluation of elementary
mathematical functions with correctly rounded last bit", ACM TOMS 17, 1991).

The loop cannot end by narrowing when the true value *is* a rounding boundary: a
representable number under a directed mode (``exp(0) = 1``), a midpoint under
``nearest``. Ball arithmetic often sees such values exactly (a ball of radius 0);
when it does not (``sech(x)**2 + tanh(x)**2`` is 1 at every x), the loop asks the
exact prover whether the value at the point equals the boundary, and rounds that
exact value. A value that is neither decided nor proved exact by the precision cap
raises an error instead of a guess.

Signed zero: an exact zero result is ``+0.0``, except that an odd function (or the
identity) applied directly to a variable given as ``-0.0`` returns ``-0.0``, as
IEEE 754 specifies for tanh, sinh, asinh, atanh and erf. A nonzero value that
underflows keeps its sign.

Examples
========

>>> from tanhproof import round_to
>>> round_to("tanh(x)", "binary32", x="0.5")  # tanh(1/2) = 0.46211715726000975850... (mpmath)
np.float32(0.46211717)
>>> float(round_to("tanh(x)", "binary32", mode="down", x="0.5")).hex()  # floor(tanh(1/2)*2**25) = 0xec9a9e
'0x1.d9353c0000000p-2'
>>> round_to("exp(x)", "binary16", mode="up", x=0)  # exactly 1: not looped on
np.float16(1.0)
>>> round_to("sech(x)**2 + tanh(x)**2", "binary32", mode="down", x="0.5")  # exactly 1, proved
np.float32(1.0)
>>> round_to("tanh(x)", "binary64", x=-0.0)
np.float64(-0.0)
>>> round_to("exp(x)", "binary32", x=89)  # overflow, IEEE 754 round-to-nearest
np.float32(inf)
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import sympy

from .catalog import CATALOG
from .dyadic import Dyadic
from .enclosure import Enclosure, Problem, prepare, refine
from .errors import LimitError, TanhproofError
from .formats import (
    Format,
    as_scalar,
    check_mode,
    get_format,
    round_dyadic,
    round_exact,
)

__all__ = ["negative_zero_result", "round_to", "rounded"]

#: Working precision at which a Ziv loop gives up (far above the ~3p bits that the
#: hardest known cases of the elementary functions need, Lefèvre & Muller 2001).
MAX_ROUNDING_BITS = 1 << 14

_ODD = tuple(e.func for e in CATALOG.values() if e.parity == "odd")


def _is_negative_zero(value: Any) -> bool:
    if isinstance(value, str):
        from .points import exact_value

        try:
            return value.strip().startswith("-") and exact_value(value) == 0
        except TanhproofError:
            return False
    try:
        return value == 0 and math.copysign(1.0, float(value)) < 0
    except (TypeError, ValueError, OverflowError):
        return False


def negative_zero_result(problem: Problem, point: dict[str, Any]) -> bool:
    """Whether an exact zero result is ``-0.0``: odd functions (or none) applied to a
    variable given as a negative zero (``-0.0``, ``"-0"``, ``"-0x0p+0"``)."""
    expr = problem.expr
    while expr.func in _ODD:
        expr = expr.args[0]
    return expr.is_Symbol and _is_negative_zero(point.get(expr.name))


def _round(d: Dyadic, f: Format, mode: str, negative_zero: bool = False) -> float:
    return round_dyadic(d.mantissa, d.exponent, f, mode, negative_zero=negative_zero)


def _boundary(lower: Dyadic, upper: Dyadic, f: Format, mode: str) -> Fraction | None:
    """The rounding boundary inside the enclosure, if there is exactly one."""
    lo, hi = _round(lower, f, mode), _round(upper, f, mode)
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return None
    if mode == "nearest":
        return (Fraction(lo) + Fraction(hi)) / 2
    if mode == "down" or (mode == "zero" and lower >= 0):
        return Fraction(hi)
    return Fraction(lo)


def _proved_equal(problem: Problem, value: Fraction) -> bool:
    from .proof import Verdict
    from .prover import prove

    try:
        return prove(problem.constant(), sympy.Rational(value.numerator, value.denominator)).verdict is Verdict.PROVED
    except TanhproofError:
        return False


#: How :func:`rounded` decided, for reports.
HOW_EXACT = "the enclosure is a single point: the value is exact"
HOW_NARROWED = "Ziv loop on arb enclosures: both ends round to the same {fmt} value"
HOW_PROVED = "the value is exactly {value}, a rounding boundary, proved by the exact prover"


def rounded(
    problem: Problem, fmt: str | Format, mode: str = "nearest", *, negative_zero: bool = False
) -> tuple[float, Enclosure, str]:
    """The Ziv loop: the correctly rounded value of a prepared problem, as a Python
    float, the enclosure that decided it, and how it was decided.

    The ends of the enclosure are rounded as dyadics (:func:`~tanhproof.formats.round_dyadic`),
    so ``exp(-1e20)`` costs nothing of size ``2**1e20``.
    """
    f = get_format(fmt)
    mode = check_mode(mode)
    start = f.precision + 32
    tried_exact = False
    for enclosure in refine(problem, start, MAX_ROUNDING_BITS):
        lower, upper = enclosure.lower_dyadic, enclosure.upper_dyadic
        if enclosure.is_exact:
            return _round(lower, f, mode, negative_zero), enclosure, HOW_EXACT
        a, b = _round(lower, f, mode), _round(upper, f, mode)
        if a == b and math.copysign(1.0, a) == math.copysign(1.0, b):
            return a, enclosure, HOW_NARROWED.format(fmt=f.name)
        if enclosure.bits >= 4 * start and not tried_exact:
            tried_exact = True
            candidate = Fraction(0) if lower <= 0 <= upper else _boundary(lower, upper, f, mode)
            if candidate is not None and lower <= candidate <= upper and _proved_equal(problem, candidate):
                exact = round_exact(candidate, f, mode, negative_zero=negative_zero)
                return exact, enclosure, HOW_PROVED.format(value=candidate)
    raise LimitError(
        f"could not round {sympy.sstr(problem.expr)} at {problem.describe_point()} to {f.name} "
        f"within {MAX_ROUNDING_BITS} bits: the value is within 2^-{MAX_ROUNDING_BITS} (relative) of a "
        "rounding boundary, or exactly on one and the prover could not confirm it"
    )


def round_to(expr: Any, fmt: str | Format, mode: str = "nearest", **point: Any):
    """The correctly rounded value of ``expr`` at ``point`` in an IEEE format.

    Explanation
    ===========

    ``fmt`` is ``"binary16"``, ``"bfloat16"``, ``"binary32"`` or ``"binary64"``;
    ``mode`` is ``"nearest"`` (ties to even), ``"up"``, ``"down"`` or ``"zero"``.
    Point values are keyword arguments, taken exactly (see :mod:`tanhproof.points`).
    The result is the format's numpy scalar (``np.float16``, ``np.float32``,
    ``np.float64``), or a Python float for bfloat16, which numpy lacks.

    Overflow gives ``inf`` or the largest finite value as IEEE 754 says for the
    mode; results below the normal range are subnormal or a signed zero.

    Examples
    ========

    >>> from tanhproof import round_to
    >>> round_to("diff(tanh(x), x)", "binary32", x=10)  # sech^2(10) = 8.24461445576739737e-9 (mpmath)
    np.float32(8.244615e-09)
    >>> round_to("tanh(x)", "bfloat16", x=1)  # tanh(1) = 0.76159415595576... (mpmath)
    0.76171875
    >>> round_to("tanh(x)", "binary8", x=1)
    Traceback (most recent call last):
    ...
    tanhproof.formats.FormatError: unknown format 'binary8'; choose one of binary16, bfloat16, binary32, binary64
    """
    f = get_format(fmt)
    check_mode(mode)
    problem = prepare(expr, point)
    value, _, _ = rounded(problem, f, mode, negative_zero=negative_zero_result(problem, point))
    return as_scalar(value, f)
