"""Correct rounding to IEEE formats: :func:`round_to` and the loop it shares.

:func:`round_to` parses the expression, takes the point exactly, checks the domain
there, and hands an evaluator of the value to the one Ziv loop of
:mod:`tanhproof.numeric._ziv` (the loop :func:`tanhproof.numeric._bulk.reference` and the audits use
too). The evaluator (:func:`tanhproof.numeric._splitexpr.split_eval`) gives the value as
``c + d`` with near-limit splits (``tanh(x) = +-1 -+ 2/(e^{2|x|} + 1)``) and exponent
bounds, so directed roundings next to a limit and overflow far beyond a format are
decided, not refused. Rounding is monotone: when both ends of the enclosure round to
the same float, that float is the correctly rounded result; otherwise the precision
doubles.

The loop cannot end by narrowing when the true value *is* a rounding boundary: a
representable number under a directed mode (``exp(0) = 1``), a midpoint under
``nearest``. Ball arithmetic often sees such values exactly (a ball of radius 0);
when it does not (``sech(x)**2 + tanh(x)**2`` is 1 at every x), the loop asks the
caller's exact check (the exact prover, which :func:`tanhproof.round_to` passes in),
as the loop's boundary check, whether the value at the point equals the boundary, and rounds that exact value. A value that is neither decided
nor proved exact by the precision cap raises an error instead of a guess.

IEEE 754 special cases: outside the domain the result is NaN (``log(-1)``, ``sqrt(-1)``,
``diff(sign(x), x)`` at 0; :func:`rounding_of` gives the reason); an expression that
is a catalog function's call at its pole gives the IEEE infinity (``log(+-0) = -inf``,
``atanh(+-1) = +-inf``, ``coth(+-0) = csch(+-0) = +-inf``, as MPFR; a pole inside a
larger expression, ``1 + log(x)`` at 0, gives NaN); overflow gives ``inf`` or the
largest finite value as the mode says. Signed zero: an exact zero result is ``+0.0``,
except that an odd function, ``sqrt`` (or the identity) applied directly to a
variable given as ``-0.0`` returns ``-0.0``, as IEEE 754 specifies for tanh, sinh,
asinh, atanh, erf and sqrt, and that an expression of one variable given as a signed
zero takes the sign its values approach from (see :func:`negative_zero_result`). A
nonzero value that underflows keeps its sign.

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
>>> float(round_to("tanh(x)", "binary32", "up", x=-60582.566)).hex()  # -1 < tanh(x): the next value up
'-0x1.fffffe0000000p-1'
>>> round_to("log(x)", "binary32", x=0), round_to("log(x)", "binary32", x=-1)
(np.float32(-inf), np.float32(nan))
>>> rounding_of("log(x)", "binary32", x=-1).reason
'log(x) is undefined at x = -1: needs x > 0'
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._catalog import CATALOG
from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.numeric._enclosure import Enclosure, ExactCheck, Problem, prepare
from tanhproof.numeric._evaluators import Undefined
from tanhproof.numeric._formats import Format, as_scalar, check_mode, get_format
from tanhproof.numeric._splitexpr import split_eval
from tanhproof.numeric._ziv import MAX_BITS, ziv_round

__all__ = ["Rounded", "negative_zero_result", "round_to", "rounded", "rounding_of"]

#: Working precision at which the Ziv loop gives up (far above the ~3p bits that the
#: hardest known cases of the elementary functions need, Lefèvre & Muller 2001): the
#: one cap of :mod:`tanhproof.numeric._ziv`, shared with the bulk references.
MAX_ROUNDING_BITS = MAX_BITS

_ODD = tuple(e.func for e in CATALOG.values() if e.parity == "odd")

#: Poles of catalog functions where IEEE 754 (and MPFR) give an infinity:
#: ``name: (point, rule)`` with rule ``"-inf"`` or ``"signed"`` (the sign of the
#: argument: of the zero for coth/csch, of +-1 for atanh).
POLES: dict[str, tuple[tuple[int, ...], str]] = {
    "log": ((0,), "-inf"),
    "coth": ((0,), "signed"),
    "csch": ((0,), "signed"),
    "atanh": ((-1, 1), "signed"),
}

#: How a value outside the domain or at a pole was decided, for reports.
HOW_POLE = "IEEE 754: {name} has a pole at {point}; the result is the infinity IEEE 754 and MPFR give"
HOW_UNDEFINED = "IEEE 754 invalid operation: the point is outside the domain, the result is NaN"


def _is_negative_zero(value: Any) -> bool:
    if isinstance(value, str):
        from tanhproof.expr._points import exact_value

        try:
            return value.strip().startswith("-") and exact_value(value) == 0
        except TanhproofError:
            return False
    try:
        return value == 0 and math.copysign(1.0, float(value)) < 0
    except (TypeError, ValueError, OverflowError):
        return False


def _odd_chain(expr: sympy.Expr) -> sympy.Expr:
    """The argument below a chain of odd functions (and square roots, which keep a
    zero's sign in IEEE 754); ``sign`` keeps +0 as numpy does."""
    while (
        (expr.func in _ODD and expr.func is not sympy.sign)
        or (expr.is_Pow and expr.exp == sympy.S.Half)
        or (expr.is_Mul and len(expr.args) == 2 and expr.args[0] == 1)
    ):
        expr = expr.args[0] if not expr.is_Mul else expr.args[1]
    return expr


def _zero_sign(value: Any) -> int:
    """-1 for a negative zero, 1 for a positive zero, 0 for anything else."""
    if _is_negative_zero(value):
        return -1
    from tanhproof.expr._points import exact_value

    try:
        return 1 if value is not None and exact_value(value) == 0 else 0
    except (TanhproofError, TypeError, ValueError):
        return 0


def negative_zero_result(problem: Problem | sympy.Expr, point: dict[str, Any]) -> bool:
    """Whether an exact zero result is ``-0.0``.

    A variable given as a signed zero (``-0.0``, ``"-0"``, ``"-0x0p+0"``, or ``+0``) is
    the limit from that side, as IEEE 754 reads it: odd functions or ``sqrt`` (or none)
    applied to a negative zero give ``-0.0``, and an expression of that one variable
    whose derivative there is certifiably nonzero gives the zero of the side its values
    approach from (``exp(x) - 1`` and ``log(1 + x)`` at ``-0`` are ``-0.0``, as MPFR's
    expm1 and log1p; ``-tanh(x)`` and ``sech'(x)`` at ``+0`` are ``-0.0``; ``cosh(x) - 1``
    is ``+0.0``).
    """
    whole = problem.expr if isinstance(problem, Problem) else problem
    expr = _odd_chain(whole)
    if expr.is_Symbol and _is_negative_zero(point.get(expr.name)):
        return True
    symbols = whole.free_symbols
    if len(symbols) != 1:
        return False
    (x,) = symbols
    side = _zero_sign(point.get(x.name))
    if side == 0:
        return False
    from tanhproof.numeric._arb import arb_eval

    try:
        slope = arb_eval(sympy.diff(whole, x), {x: Fraction(0)}, 128)
    except (TanhproofError, ValueError, TypeError):
        return False
    return bool(slope * side < 0)


def rounded(
    problem: Problem, fmt: str | Format, mode: str = "nearest", *, negative_zero: bool = False
) -> tuple[float, Enclosure, str]:
    """The correctly rounded value of a prepared problem, as a Python float, the
    enclosure that decided it, and how it was decided (the Ziv loop of
    :func:`tanhproof.numeric._ziv.ziv_round` on :func:`tanhproof.numeric._splitexpr.split_eval`, with the
    problem's exact check as its boundary check).

    The ends of the enclosure are rounded as dyadics, so ``exp(-1e20)`` costs nothing
    of size ``2**1e20``.
    """
    f = get_format(fmt)
    mode = check_mode(mode)
    result = ziv_round(
        lambda bits: split_eval(problem.expr, problem.point, bits),
        f,
        mode,
        negative_zero=negative_zero,
        boundary=problem.equals,
        describe=lambda: f"{sympy.sstr(problem.expr)} at {problem.describe_point()}",
    )
    return result.value, Enclosure(result.ball(), result.bits), result.how


@dataclass(frozen=True)
class Rounded:
    """A correctly rounded value with its evidence: ``value`` (the format's scalar, as
    :func:`round_to` returns it), ``method`` (how it was decided), ``reason`` (why the
    point is outside the domain, when ``value`` is NaN there) and ``enclosure`` (the
    one that decided a finite rounding; None for NaN and pole values)."""

    value: Any
    method: str
    reason: str | None = None
    enclosure: Enclosure | None = None


def _pole(expr: Any, point: dict[str, Any]) -> tuple[float, str] | None:
    """The IEEE infinity when ``expr`` is ``f(u)`` for a catalog function with a pole
    exactly at ``u``'s value (every other condition holding), else None."""
    from tanhproof.expr._domain import conditions_of
    from tanhproof.expr._points import resolve_point
    from tanhproof.numeric._arb import arb_eval
    from tanhproof.numeric._conditions import certified
    from tanhproof.numeric._enclosure import parsed_expression

    try:
        parsed = parsed_expression(expr)
        values = resolve_point(frozenset(parsed.free_symbols), point)
    except TanhproofError:
        return None
    entry = next((e for e in CATALOG.values() if e.func == parsed.func and e.name in POLES), None)
    if entry is None or len(parsed.args) != 1:
        return None
    u = parsed.args[0]
    if not certified(conditions_of(u), values, bits=256):
        return None
    try:
        ball = arb_eval(u, values, 128)
    except TanhproofError:
        return None
    points, rule = POLES[entry.name]
    for p in points:
        if ball.rad() == 0 and ball == p:
            if rule == "-inf":
                return -math.inf, HOW_POLE.format(name=entry.name, point=p)
            negative = p < 0 or (p == 0 and negative_zero_result(u, point))
            return (-math.inf if negative else math.inf), HOW_POLE.format(name=entry.name, point=p)
    return None


def rounding_of(
    expr: Any, fmt: str | Format, mode: str = "nearest", *, exact: ExactCheck | None = None, **point: Any
) -> Rounded:
    """:func:`round_to` with its evidence: a :class:`Rounded`.

    Examples
    ========

    >>> r = rounding_of("sqrt(x)", "binary16", x=-4)
    >>> r.value, r.reason
    (np.float16(nan), 'sqrt(x) is undefined at x = -4: needs x >= 0')
    >>> rounding_of("coth(x)", "binary64", x="-0").value
    np.float64(-inf)
    """
    f = get_format(fmt)
    check_mode(mode)
    try:
        problem = prepare(expr, point, exact)
    except DomainError as exc:
        pole = _pole(expr, point)
        if pole is not None:
            return Rounded(as_scalar(pole[0], f), pole[1])
        return Rounded(as_scalar(math.nan, f), HOW_UNDEFINED, str(exc))
    try:
        value, enclosure, how = rounded(problem, f, mode, negative_zero=negative_zero_result(problem, point))
    except Undefined as exc:
        return Rounded(
            as_scalar(math.nan, f),
            HOW_UNDEFINED,
            f"{sympy.sstr(problem.expr)} at {problem.describe_point()}: {exc}",
        )
    return Rounded(as_scalar(value, f), how, None, enclosure)


def round_to(
    expr: Any, fmt: str | Format, mode: str = "nearest", *, exact: ExactCheck | None = None, **point: Any
):
    """The correctly rounded value of ``expr`` at ``point`` in an IEEE format.

    Explanation
    ===========

    ``fmt`` is ``"binary16"``, ``"bfloat16"``, ``"binary32"`` or ``"binary64"``;
    ``mode`` is ``"nearest"`` (ties to even), ``"up"``, ``"down"`` or ``"zero"``.
    Point values are keyword arguments, taken exactly (see :mod:`tanhproof.expr._points`).
    The result is the format's numpy scalar (``np.float16``, ``np.float32``,
    ``np.float64``), or a Python float for bfloat16, which numpy lacks.

    IEEE 754 special cases: overflow gives ``inf`` or the largest finite value as the
    mode says; results below the normal range are subnormal or a signed zero; a point
    outside the domain gives NaN (:func:`rounding_of` says why) and a pole of a
    catalog function its infinity (``log(0) = -inf``). ``exact`` decides a value that
    sits exactly on a rounding boundary (see :class:`~tanhproof.numeric._enclosure.Problem`);
    :func:`tanhproof.round_to` is this function with the exact prover passed in.

    Examples
    ========

    >>> from tanhproof import round_to
    >>> round_to("diff(tanh(x), x)", "binary32", x=10)  # sech^2(10) = 8.24461445576739737e-9 (mpmath)
    np.float32(8.244615e-09)
    >>> round_to("tanh(x)", "bfloat16", x=1)  # tanh(1) = 0.76159415595576... (mpmath)
    0.76171875
    >>> round_to("exp(x)", "binary64", "zero", x="1.5e51")  # overflow toward zero: the largest finite
    np.float64(1.7976931348623157e+308)
    >>> round_to("tanh(x)", "binary8", x=1)
    Traceback (most recent call last):
    ...
    tanhproof.numeric.FormatError: unknown format 'binary8'; choose one of binary16, bfloat16, binary32, binary64
    """
    return rounding_of(expr, fmt, mode, exact=exact, **point).value
