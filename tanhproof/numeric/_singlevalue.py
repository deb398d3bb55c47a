"""Cheap single values: one cached plan per expression, the first Ziv step as one arb call.

:func:`tanhproof.evaluate` and :func:`tanhproof.round_to` on an expression seen before
should cost little more than the ball arithmetic itself. :func:`plan` caches, per
expression (the text, or the SymPy expression, and its type), everything that does not
depend on the point: the parsed expression, its domain conditions, its variables and
the expression compiled into a closure over arb operations
(:func:`tanhproof.numeric._arb.compile_arb`). Point values given as text are read once
per text (:func:`point_value`). Then the first step of the Ziv loop is a direct call of
the compiled closure at the loop's starting precision:

* :func:`first_value` (for ``evaluate``) accepts the ball exactly when the loop's own
  first step would (:func:`tanhproof.numeric._evaluate.evaluated`: exact, or relative
  accuracy of ``bits + 2`` bits, a rigorous bound from arb's radius), and rounds its
  midpoint the same way, so the value is the one the loop returns, bit for bit;
* :func:`first_rounding` (for ``round_to``; :func:`first_scalar` gives the numpy scalar)
  accepts the ball when both its ends round to the same value of the format (the loop's
  decision, :mod:`tanhproof.numeric._ziv`): rounding is monotone, so that is the
  correctly rounded value, which is unique, and the full loop returns it too. The ends
  may be rounded outward first (to 53 bits, so that they are doubles and round in float
  arithmetic, :mod:`tanhproof.numeric._presetrounding`): a wider interval can only send
  a value to the full path, never change it.

What each call still pays is kept small: the plan's fast form (:func:`_prepare`) holds
the closure with its variables keyed by name
(:func:`tanhproof.numeric._arb.compile_arb_by_name`: the same ball operations, so the
same balls, without hashing SymPy symbols), found by the expression's text alone; a
point value given as text is read once, and a dyadic's exact ball made once
(:func:`_text_value`); the domain conditions are certified once per point
(:func:`_certified`); and the working precision is set through python-flint's
``ctx._prec`` field where that works (:data:`FAST_PRECISION`).

Anything else -- a domain condition not certified at the point, a ball that is exact
(signed zeros), too wide or not finite, an error of any kind, a point with missing or
extra variables -- returns ``None`` and the caller runs the full path, which decides or
reports the error exactly as before. So the caches change how fast a value comes, never
what it is, and no result depends on what was evaluated before: a plan is a function
of its key alone (the limits of :data:`~tanhproof.expr._limits.LIMITS` are frozen), and
an exception is never cached.

Cache sizes: :data:`PLAN_CACHE_SIZE` plans (and their fast forms) and
:data:`POINT_CACHE_SIZE` point texts and certified points, least recently used evicted
first.

Examples
========

>>> import mpmath
>>> mpmath.nstr(first_value("sech(x)**2", 54, {"x": "0.5"}), 15)  # sech(1/2)^2 = 0.786447732965927 (mpmath)
'0.786447732965927'
>>> first_value("coth(x)", 54, {"x": 0}) is None  # outside the domain: the full path reports it
True
>>> first_rounding("tanh(x)", "binary32", "nearest", {"x": "0.5"})  # tanh(1/2) = 0.46211715726... (mpmath)
0.46211716532707214
>>> plan("tanh(x)") is plan("tanh(x)")
True
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import flint
import mpmath
import sympy
from flint import arb, fmpq
from mpmath.libmp import from_man_exp

from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._points import exact_value
from tanhproof.numeric._arb import Compiled, compile_arb, compile_arb_by_name
from tanhproof.numeric._enclosure import condition_holds, parsed_with_conditions
from tanhproof.numeric._formats import Format
from tanhproof.numeric._presetrounding import Preset, preset

__all__ = [
    "PLAN_CACHE_SIZE",
    "POINT_CACHE_SIZE",
    "Plan",
    "first_rounding",
    "first_scalar",
    "first_value",
    "plan",
    "point_value",
]

#: Plans kept (least recently used evicted first).
PLAN_CACHE_SIZE = 512
#: Point values given as text kept, read exactly (least recently used evicted first).
POINT_CACHE_SIZE = 4096


@dataclass(frozen=True)
class Plan:
    """What evaluating ``expr`` needs whatever the point: the parsed expression, its
    domain conditions, its variables by name (sorted) and the compiled arb closure
    (``None`` when the expression cannot be compiled: the full path reports why)."""

    expr: sympy.Expr
    conditions: tuple[Condition, ...]
    symbols: dict[str, sympy.Symbol]
    function: Compiled | None


@functools.lru_cache(maxsize=PLAN_CACHE_SIZE, typed=True)
def plan(expr: Any) -> Plan:
    """The cached :class:`Plan` of ``expr`` (text or a SymPy expression). Raises what
    the parser raises (errors are not cached)."""
    parsed, conditions, symbols = parsed_with_conditions(expr)
    try:
        function: Compiled | None = compile_arb(parsed)
    except TanhproofError:
        function = None
    return Plan(parsed, conditions, {s.name: s for s in sorted(symbols, key=lambda s: s.name)}, function)


def _prepare(expr: Any) -> tuple[Compiled, tuple[Condition, ...], Any, dict[str, sympy.Symbol]] | None:
    """What the fast step needs of :func:`plan`: the closure with its variables keyed by
    name (:func:`~tanhproof.numeric._arb.compile_arb_by_name`, the same ball operations as
    the plan's), the domain conditions, the variables' names (a set, to compare with a
    point's names at once) and the symbols by name; ``None`` when the expression cannot
    be compiled (the full path reports why)."""
    p = plan(expr)
    if p.function is None:
        return None
    return compile_arb_by_name(p.expr), p.conditions, p.symbols.keys(), p.symbols


#: :func:`_prepare` for an expression given as text: a cache keyed by the text alone
#: (text equals only text, so no key of another type can share an entry, and a
#: one-string key is the cheapest an ``lru_cache`` looks up).
_prepared_text = functools.lru_cache(maxsize=PLAN_CACHE_SIZE)(_prepare)
#: :func:`_prepare` for a SymPy expression or a number, keyed by value and type.
_prepared = functools.lru_cache(maxsize=PLAN_CACHE_SIZE, typed=True)(_prepare)


@functools.lru_cache(maxsize=POINT_CACHE_SIZE)
def _text_value(text: str) -> tuple[Fraction, fmpq, arb | None, int]:
    """The exact value of a point given as text, as a Fraction and an ``fmpq``, and, for a
    dyadic, that value as an exact ball with the number of bits from which ``arb(q)`` is
    exact (so at those precisions the ball is ``arb(q)`` itself, made once)."""
    q = exact_value(text)
    fq = fmpq(q.numerator, q.denominator)
    d = q.denominator
    if d & (d - 1) or not q.numerator:
        return q, fq, None, 0
    m = abs(q.numerator)
    bits = (m >> ((m & -m).bit_length() - 1)).bit_length()  # the odd part's length
    old = flint.ctx.prec
    flint.ctx.prec = max(bits, 2)
    try:
        return q, fq, arb(fq), bits
    finally:
        flint.ctx.prec = old


def point_value(value: Any) -> Fraction:
    """The exact value of a point value (:func:`tanhproof.expr._points.exact_value`),
    text read once per text.

    >>> point_value("0.1"), point_value(0.5)
    (Fraction(1, 10), Fraction(1, 2))
    """
    if type(value) is str:
        return _text_value(value)[0]
    return exact_value(value)


def _ball_of(value: Any, bits: int) -> arb:
    """``arb(q)`` at the context precision ``bits`` for the exact value ``q`` of a point
    value, as the full path makes it (texts read once; a dyadic text's exact ball reused)."""
    kind = type(value)
    if kind is str:
        _, q, exact, needs = _text_value(value)
        if exact is not None and needs <= bits:
            return exact
        return arb(q)
    if kind is Fraction:
        return arb(fmpq(value.numerator, value.denominator))
    if kind is int:
        return arb(fmpq(value))
    exact_q = exact_value(value)
    return arb(fmpq(exact_q.numerator, exact_q.denominator))


_new = object.__new__
_MPF = mpmath.mp.mpf  # the class mpmath.mp.make_mpf instantiates
_copysign = math.copysign
_create = from_man_exp


_CTX: Any = flint.ctx  # its private fields are used below (typed stubs omit them)
_ERRORS = (TanhproofError, KeyError, TypeError, ValueError, ZeroDivisionError, RecursionError)


def _precision_field_works() -> bool:
    """Whether python-flint keeps the working precision in a writable ``ctx._prec`` that
    ``ctx.prec`` and arb's operations read (python-flint 0.7 to 0.9 do). Setting that field
    costs a tenth of setting ``ctx.prec``, which also recomputes ``ctx.dps``; the hot path
    sets it and restores it (``ctx._dps`` is never written there). Checked once here: a
    ball of 1/3 made with the field set must be as narrow as the field says, else the
    public setter is used."""
    ctx = _CTX
    try:
        old, dps = ctx._prec, ctx._dps
    except AttributeError:
        return False
    try:
        ctx._prec = 300
        return bool(ctx.prec == 300 and arb(fmpq(1, 3)).rad() < arb(fmpq(1, 2**290)))
    except (AttributeError, TypeError, ValueError):
        return False
    finally:
        ctx.prec = old
        ctx._dps = dps


#: Whether the hot path may set ``flint.ctx._prec`` (see :func:`_precision_field_works`).
FAST_PRECISION = _precision_field_works()


@functools.lru_cache(maxsize=POINT_CACHE_SIZE, typed=True)
def _certified(expr: Any, names: tuple[str, ...], values: tuple) -> bool:
    """Whether every domain condition of ``expr`` is certified at the point (``names`` and
    their values: the texts, or the exact values), as
    :func:`tanhproof.numeric._enclosure.prepare` checks them: once per point, since the
    check (arb at fixed precisions, then exponent bounds) depends on nothing else."""
    prepared = _prepare(expr)
    if prepared is None:
        return False
    _, conditions, _, symbols = prepared
    rationals = {symbols[name]: point_value(v) for name, v in zip(names, values, strict=True)}
    return all(condition_holds(condition, rationals) for condition in conditions)


@functools.lru_cache(maxsize=POINT_CACHE_SIZE)
def _text_balls(name: str, text: str, bits: int) -> dict[str, arb]:
    """The values :func:`_ball` passes to the compiled closure for the point ``{name:
    text}`` at ``bits`` (the ball of :func:`_text_value`, made at ``bits``), made once: the
    closure only reads them."""
    _, q, exact, needs = _text_value(text)
    if exact is not None and needs <= bits:
        return {name: exact}
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        return {name: arb(q)}
    finally:
        flint.ctx.prec = old


@functools.lru_cache(maxsize=POINT_CACHE_SIZE)
def _text_point(expr: str, name: str, text: str, bits: int) -> tuple[Compiled, dict[str, arb]] | None:
    """For the common call, an expression and its one variable's value given as text:
    the compiled closure and the values :func:`_ball` passes it (:func:`_text_balls`) when
    ``name`` is the expression's only variable and every domain condition is certified at
    the point; else ``None``. One cache lookup instead of three: it is what
    :func:`_ball`'s general path finds for ``{name: text}``, found once."""
    prepared = _prepared_text(expr)
    if prepared is None:
        return None
    function, conditions, names, _ = prepared
    if len(names) != 1 or name not in names:
        return None
    if conditions and not _certified(expr, (name,), (text,)):
        return None
    return function, _text_balls(name, text, bits)


def _general(expr: Any, point: Mapping[str, Any], bits: int) -> tuple[Compiled, dict[str, arb]] | None:
    """:func:`_text_point` for any other call: the compiled closure and the values made at
    ``bits`` (:func:`_ball_of`), or ``None`` where the names are not exactly the
    expression's variables, a domain condition is not certified at the point, or the
    expression is not compiled."""
    if type(expr) is str:
        prepared = _prepared_text(expr)
    elif isinstance(expr, (sympy.Basic, int, Fraction)) and not isinstance(expr, bool):
        prepared = _prepared(expr)
    else:
        return None
    if prepared is None:
        return None
    function, conditions, names, _ = prepared
    if point.keys() != names:
        return None
    if conditions:
        given = tuple(point.values())
        if not all(type(v) is str for v in given):  # text equals only text; else exact values
            given = tuple(point_value(v) for v in given)
        if not _certified(expr, tuple(point), given):
            return None
    old = flint.ctx.prec
    flint.ctx.prec = bits
    try:
        return function, {name: _ball_of(value, bits) for name, value in point.items()}
    finally:
        flint.ctx.prec = old


def _ball(expr: Any, point: Mapping[str, Any], bits: int, ends: int = 0, mid: int = 0) -> Any:
    """The compiled closure's ball at ``bits`` (finite or not), where every domain
    condition is certified (as :func:`tanhproof.numeric._enclosure.prepare` checks them);
    ``None`` otherwise, and for a point whose names are not exactly the expression's
    variables.

    With ``ends``, a precision, the triple of a finite ball and its ``lower()`` and
    ``upper()`` (its ends rounded outward to ``ends`` bits). With ``mid``, a precision,
    :func:`first_value`'s reading of the ball: its midpoint rounded to nearest at ``mid``
    bits (:func:`mid_man_exp`), an :class:`mpmath.mpf`, when the ball is exact or
    accurate to ``mid + 2`` bits, else ``None`` (also for a ball that is not finite,
    unless its radius is 0).
    Either reading is done before the working precision is restored, so that it is set
    and restored once. Any error of :data:`_ERRORS` gives ``None``."""
    try:
        found = None
        if type(expr) is str and len(point) == 1:  # the common call: one cache lookup
            ((name, text),) = point.items()
            if type(text) is str:
                found = _text_point(expr, name, text, bits)
                if found is None:
                    return None
        if found is None:
            found = _general(expr, point, bits)
            if found is None:
                return None
        function, values = found
        ctx, fast = _CTX, FAST_PRECISION
        if fast:  # only the field is written, so only it is restored (ctx._dps is untouched)
            old = ctx._prec
            ctx._prec = bits
        else:
            old = ctx.prec
            ctx.prec = bits
        try:
            ball = function(values)
            if mid:
                if ball.rel_accuracy_bits() < mid + 2 and not ball.is_exact():
                    return None
                man, exp = _cut_man_exp(ball, mid)
                value = _new(_MPF)  # what mpmath.mp.make_mpf does, one call less
                value._mpf_ = _create(man, exp, mid, "n")
                return value
            if ends:
                if not ball.is_finite():
                    return None
                if fast:
                    ctx._prec = ends
                else:
                    ctx.prec = ends
                return ball, ball.lower(), ball.upper()
            return ball
        finally:
            if fast:
                ctx._prec = old
            else:
                ctx.prec = old
    except _ERRORS:
        return None


#: Bits of the truncated midpoint :func:`mid_man_exp` reads: a mantissa of at most 62
#: bits is a small fmpz, whose conversion to a Python int is 4x cheaper than a larger one's.
_SHORT = 62


def mid_man_exp(ball: arb, bits: int) -> tuple[int, int]:
    """Integers ``(man, exp)`` such that ``man * 2**exp`` rounds to nearest at ``bits``
    bits (``from_man_exp(man, exp, bits, "n")``) as the midpoint of ``ball`` does; raises
    ``ValueError`` for a midpoint that is not finite.

    For ``bits <= 60`` the midpoint is first cut to :data:`_SHORT` bits (``+ball`` at that
    precision: arb rounds a midpoint toward 0), which rounds alike: the cut value ``t``
    and the midpoint ``v`` differ by less than one unit of the 62nd bit, and lie on the
    same side of every halfway point between ``bits``-bit numbers (those are multiples of
    that unit) unless ``t`` is one itself. ``t`` has an odd mantissa (arb normalizes), so
    that happens only when it has exactly ``bits + 1`` bits; then the full midpoint is read.

    Examples
    ========

    >>> import flint
    >>> b = flint.arb((2**70 + 2**16 + 1, -70))  # 1 + 2**-54 + 2**-70, exactly: cut, a tie at 54 bits
    >>> man, exp = mid_man_exp(b, 54)
    >>> from_man_exp(man, exp, 54, "n") == from_man_exp(2**70 + 2**16 + 1, -70, 54, "n")  # rounds up, not to even
    True
    """
    ctx = _CTX
    if FAST_PRECISION:
        old = ctx._prec
        try:
            return _cut_man_exp(ball, bits)
        finally:
            ctx._prec = old
    old = ctx.prec
    try:
        return _cut_man_exp(ball, bits)
    finally:
        ctx.prec = old


def _cut_man_exp(ball: arb, bits: int) -> tuple[int, int]:
    """:func:`mid_man_exp`, leaving the working precision at :data:`_SHORT` bits (the
    caller restores it)."""
    if bits <= _SHORT - 2:
        if FAST_PRECISION:
            _CTX._prec = _SHORT
        else:
            _CTX.prec = _SHORT
        man, exp = (+ball).mid().man_exp()
        m = int(man)
        if m.bit_length() != bits + 1:  # t is not halfway: it rounds as the midpoint does
            return m, int(exp)
    man, exp = ball.mid().man_exp()
    return int(man), int(exp)


def first_value(expr: Any, bits: int, point: Mapping[str, Any]) -> mpmath.mpf | None:
    """``evaluate(expr, digits, **point)`` from the Ziv loop's first step alone, or
    ``None`` when that step does not decide it (see the module docstring); ``bits`` is
    the loop's target, :func:`tanhproof.numeric._evaluate.target_bits` of the digits."""
    return _ball(expr, point, bits + 32, 0, bits)  # the loop's start_bits; its midpoint read at bits


#: Doubles in ``[2**-1021, 2**1023)`` in magnitude: normal, so exact dyadics that
#: :meth:`~tanhproof.numeric._presetrounding.Preset.round_float` rounds.
_NORMAL = (2.0**-1021, 2.0**1023)


def _first_rounded(expr: Any, r: Preset, point: Mapping[str, Any]) -> float | None:
    """The rounding of both ends of the ball at ``p + 32`` bits (ziv_round's default
    start), when they agree. For formats of at most 51 bits the ends are rounded outward
    to 53 bits, so they are doubles (``float`` of them is exact in the normal range) and
    are rounded in float arithmetic; the ends are wider by at most 2**-53 relatively, which
    can only send a value to the full path, never change it (the correctly rounded value
    is unique)."""
    p = r.precision
    doubles = p <= 51
    found = _ball(expr, point, p + 32, ends=53 if doubles else p + 32)
    if found is None:
        return None
    ball, lower, upper = found
    if ball.is_exact():
        return None
    if doubles:
        lo, hi = float(lower), float(upper)
        low, high = _NORMAL
        if low <= abs(lo) < high and low <= abs(hi) < high:
            return r.round_pair(lo, hi)
    (lm, le), (um, ue) = lower.man_exp(), upper.man_exp()
    a = r.round(int(lm), int(le))
    b = r.round(int(um), int(ue))
    return a if a == b and (a != 0 or _copysign(1.0, a) == _copysign(1.0, b)) else None


def first_rounding(expr: Any, fmt: str | Format, mode: str, point: Mapping[str, Any]) -> float | None:
    """The correctly rounded value (a Python float) from one ball at the loop's first
    precision, when both its ends round alike; ``None`` otherwise, and for an exact ball
    (whose zero's sign the full path decides)."""
    return _first_rounded(expr, preset(fmt, mode), point)


def first_scalar(expr: Any, fmt: str | Format, mode: str, point: Mapping[str, Any]) -> Any:
    """:func:`first_rounding` as the format's numpy scalar
    (:func:`~tanhproof.numeric._formats.as_scalar`), what :func:`tanhproof.round_to` returns;
    ``None`` where the full path decides.

    >>> first_scalar("tanh(x)", "binary32", "nearest", {"x": "0.5"})  # tanh(1/2) = 0.46211715726... (mpmath)
    np.float32(0.46211717)
    """
    r = preset(fmt, mode)
    value = _first_rounded(expr, r, point)
    return None if value is None else r.scalar(value)
