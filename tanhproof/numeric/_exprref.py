"""Correctly rounded references of any expression of one variable, for whole arrays.

:func:`expression_reference` is :func:`tanhproof.numeric._bulk.reference` for an
expression (``"x*sigmoid(x)"``, ``"diff(x*tanh(softplus(x)), x)"``, a parsed one): what
a user audits their own activation against.

Explanation
===========

**Fast path.** The expression is compiled once (:func:`~tanhproof.numeric._exprcompile.compile_bounded`)
into vectorised float64 carrying, per element, a value ``v`` and a rigorous bound ``e``
on its distance from the exact value (each operation's bound is derived in
:mod:`tanhproof.numeric._exprerror`). :func:`decide` encloses the exact value in
``[v - e, v + e]`` (each end moved outward by one float64 rounding; in formats of at
most 32 bits an end beyond 0 is moved to ``+-2**-1074`` where the value's sign is known,
as ``x*sigmoid(x)`` far left is negative), rounds both ends
to the format (:func:`~tanhproof.numeric._arrayrounding.round_array`, monotone) and
keeps the elements where they agree, away from zero (so the sign of a zero result is
never guessed). With ``residual=True`` it also asks that ``e`` be below ``2**-20`` of an
ulp, so the residual is as accurate as the bulk reference promises (about ``2**-20``).

**Slow path.** Every other finite point (undecided, outside a kernel's range, or all
points when the expression has a node without a bounded kernel, such as ``erf``) goes
to the Ziv loop that :func:`tanhproof.round_to` runs (:func:`slow_point`): the
expression's domain checked at the point (NaN outside it, the infinity of a pole), the
value as ``c + d`` from :func:`~tanhproof.numeric._splitexpr.split_eval`, an exact zero
signed as :func:`~tanhproof.numeric._rounding.negative_zero_result` says.

**Infinite inputs** give the limit (:func:`limit_at`, SymPy's exact limit; NaN when it
does not exist as a real number or SymPy cannot tell), a zero limit signed by the
expression's value at ``+-2**1000``.

**Binary64.** A float64 value with an error bound cannot round to binary64 with
certainty, so there the expression is first compiled into double-doubles with a
rigorous bound (:func:`~tanhproof.numeric._exprcompiledd.compile_dd`, each operation's
bound derived in :mod:`tanhproof.numeric._exprdd` and :mod:`tanhproof.numeric._exprddfunc`)
and decided by :func:`~tanhproof.numeric._exprdd.decide_dd`, in every mode; the points
it leaves go through the float64 path (which still decides exact values, ``e = 0``), then
to the Ziv loop (in the narrower formats the double-double path runs after the float64
one, its values rounded to float64, for its rewritings: GELU's ``1 + erf`` as ``erfc``).
What the double-doubles leave: results below ``2**-900`` (subnormal or
underflowing), zeros, values within about ``2**-100`` of a float64 whose side a kernel
cannot tell, and cancellations no rewriting removes.

Examples
========

>>> import numpy as np
>>> values, points, fallback, undefined, _ = expression_reference(
...     "x*sigmoid(x)", np.array([1.0, 0.0, -np.inf], dtype=np.float32))
>>> values.tolist(), fallback  # 1*sigmoid(1) = 0.731058578630004879 (mpmath)
([0.7310585975646973, 0.0, -0.0], 1)
"""

from __future__ import annotations

import functools
import itertools
import math
import re
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from tanhproof.numeric._arrayrounding import format_values, round_array
from tanhproof.numeric._exprcompile import Unsupported, compile_bounded
from tanhproof.numeric._exprcompiledd import compile_dd
from tanhproof.numeric._exprdd import DDBounded, as_bounded, decide_dd, float_bounds
from tanhproof.numeric._exprerror import Bounded
from tanhproof.numeric._formats import Format, check_mode, get_format
from tanhproof.numeric._ulps import ulp_array

_ZERO = Fraction(0)
_LEAST = 2.0**-1074

__all__ = [
    "catalog_expression",
    "decide",
    "expression_reference",
    "fast_expression",
    "is_name",
    "limit_at",
    "parsed_reference",
    "slow_point",
]


_NAME = re.compile(r"[A-Za-z_][A-Za-z_0-9]*'?")


def is_name(reference: Any) -> bool:
    """Whether a reference is written as a name (``"tanh"``, ``"tanh'"``) rather than an
    expression (``"x*sigmoid(x)"``, a SymPy expression); ``"x"`` is the expression.

    >>> is_name("tanh'"), is_name("x*tanh(x)"), is_name("x")
    (True, False, False)
    """
    return (
        isinstance(reference, str)
        and _NAME.fullmatch(reference.strip()) is not None
        and reference.strip() != "x"
    )


@functools.lru_cache(maxsize=64)
def _parsed(text: str) -> sympy.Expr:
    from tanhproof.expr._errors import ParseError
    from tanhproof.numeric._reading import parse

    expr = parse(text)
    expr = expr.doit() if expr.has(sympy.Derivative) else expr
    if len(expr.free_symbols) > 1:
        names = ", ".join(sorted(s.name for s in expr.free_symbols))
        raise ParseError(f"a reference expression has one variable, {text!r} has {names}")
    return expr


def parsed_reference(expr: Any) -> sympy.Expr:
    """The parsed expression of a reference (text through the whitelisting parser,
    never ``sympify``; a SymPy expression as it is), derivatives taken exactly.

    >>> parsed_reference("diff(x*sigmoid(x), x)")
    x*(1 - sigmoid(x))*sigmoid(x) + sigmoid(x)
    """
    if isinstance(expr, sympy.Basic):  # built in Python, not text: taken as it is
        expr = expr.doit() if expr.has(sympy.Derivative) else expr
        if len(expr.free_symbols) > 1:
            from tanhproof.expr._errors import ParseError

            raise ParseError(f"a reference expression has one variable, {expr} has more")
        return expr
    if not isinstance(expr, str):
        from tanhproof.expr._errors import ParseError

        raise ParseError(f"expected a reference expression as text, got {type(expr).__name__}: {expr!r:.60}")
    return _parsed(expr.strip())


@functools.lru_cache(maxsize=64)
def catalog_expression(function: str) -> sympy.Expr:
    """A catalog name as an expression: ``f(x)``, or for ``f'`` the catalog's derivative.

    >>> catalog_expression("tanh'")
    1 - tanh(x)**2
    """
    from tanhproof.expr._catalog import CATALOG
    from tanhproof.expr._parser import symbol

    base = function.rstrip("'")
    x = symbol("x")
    return CATALOG[base].derivative(x) if function.endswith("'") else CATALOG[base](x)


@functools.lru_cache(maxsize=64)
def _compiled_dd(expr: sympy.Expr) -> Callable[[np.ndarray], DDBounded] | None:
    try:
        return compile_dd(expr)
    except Unsupported:
        return None


@functools.lru_cache(maxsize=64)
def _compiled(expr: sympy.Expr) -> Callable[[np.ndarray], Bounded] | None:
    try:
        return compile_bounded(expr)
    except Unsupported:
        return None


def decide(
    b: Bounded,
    f: Format,
    mode: str,
    residual: bool = False,
    bounds: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """``(values, decided, residuals)`` from values with error bounds (module docstring);
    ``bounds``: float64 ends ``lo <= exact <= hi`` known directly (from double-doubles,
    :func:`~tanhproof.numeric._exprdd.float_bounds`) instead of ``v -+ e`` moved outward."""
    with np.errstate(over="ignore", invalid="ignore"):
        lo = b.v - b.e
        hi = b.v + b.e
        lo = lo - (np.abs(lo) * 2.0**-52 + 2.0**-1074)
        hi = hi + (np.abs(hi) * 2.0**-52 + 2.0**-1074)
        if bounds is not None:
            lo, hi = bounds
        exact = (b.e == 0) & ~b.bad
        lo = np.where(exact, b.v, lo)
        hi = np.where(exact, b.v, hi)
        if f.width <= 32:
            # A value known positive (negative) but maybe below 2**-1074 in magnitude rounds,
            # in every mode, like 2**-1074 (-2**-1074): the format's least subnormal and its
            # midpoint with 0 (2**-149, 2**-150 at most) are far above.
            lo = np.where((b.sign > 0) & (lo < _LEAST), _LEAST, lo)
            hi = np.where((b.sign < 0) & (hi > -_LEAST), -_LEAST, hi)
        ok = ~b.bad & np.isfinite(lo) & np.isfinite(hi) & ((lo > 0) | (hi < 0))
        lo = np.where(ok, lo, 1.0)
        hi = np.where(ok, hi, 1.0)
    r_lo = round_array(lo, f, mode)
    r_hi = round_array(hi, f, mode)
    decided = ok & (r_lo == r_hi)
    res = None
    if residual:
        with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
            ulp = ulp_array(r_lo, f)
            res = (b.v - r_lo.astype(np.float64)) / ulp
            decided &= np.isfinite(r_lo) & (b.e <= ulp * 2.0**-20)
        res[~decided] = np.nan
    return r_lo.astype(np.float64), decided, res


#: Inputs per block of :func:`fast_expression`: every step is elementwise, and blocks
#: keep its many temporaries in the cache.
EXPRESSION_BLOCK = 1 << 14


def fast_expression(
    expr: sympy.Expr, x: np.ndarray, f: Format, mode: str, residual: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """:func:`decide` on the compiled expression at finite float64 ``x`` (nothing decided
    when the expression does not compile); the points it leaves are tried again with the
    expression's common factors pulled out (``sympy.factor_terms``: SiLU's gradient
    ``x*(1 - sigmoid(x))*sigmoid(x) + sigmoid(x)`` as ``(x*(1 - sigmoid(x)) + 1)*sigmoid(x)``,
    whose sign is known far left where the two terms are below the float64 range). Every
    form is exact, so a point decided by either is decided correctly. Every step is
    elementwise: the inputs go through in equal blocks of at least
    :data:`EXPRESSION_BLOCK` (fewer are one block)."""
    x = np.asarray(x, dtype=np.float64)
    blocks = len(x) // EXPRESSION_BLOCK  # each at least EXPRESSION_BLOCK long
    if blocks <= 1:
        return _fast_block(expr, x, f, mode, residual)
    ends = np.linspace(0, len(x), blocks + 1).astype(np.int64).tolist()
    parts = [_fast_block(expr, x[a:b], f, mode, residual) for a, b in itertools.pairwise(ends)]
    values = np.concatenate([p[0] for p in parts])
    decided = np.concatenate([p[1] for p in parts])
    res = np.concatenate([p[2] for p in parts if p[2] is not None]) if residual else None
    return values, decided, res


def _fast_block(
    expr: sympy.Expr, x: np.ndarray, f: Format, mode: str, residual: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """:func:`fast_expression` on one block."""
    values = np.full(x.shape, np.nan)
    decided = np.zeros(x.shape, dtype=bool)
    res = np.full(x.shape, np.nan) if residual else None
    todo = np.arange(len(x))
    steps: list[tuple[Callable[[np.ndarray], Any] | None, Callable[..., Any]]] = []
    if f.name == "binary64":  # double-double values first (decide_dd), then exact float64 ones
        steps += [(_compiled_dd(form), lambda b: decide_dd(b, mode, residual)) for form in _forms(expr)]
    steps += [(_compiled(form), lambda b: decide(b, f, mode, residual)) for form in _forms(expr)]
    if f.name != "binary64":  # then the double-doubles (their rewritings: erfc for 1 + erf)
        steps += [
            (_compiled_dd(form), lambda b: _decide_narrow(b, f, mode, residual)) for form in _forms(expr)
        ]
    for run, decider in steps:
        if run is None or not len(todo):
            continue
        with np.errstate(all="ignore"):
            b = run(x[todo])
        v, ok, r = decider(b)
        values[todo[ok]] = v[ok]
        decided[todo[ok]] = True
        if res is not None and r is not None:
            res[todo[ok]] = r[ok]
        todo = todo[~ok]
    return values, decided, res


def _decide_narrow(
    b: DDBounded, f: Format, mode: str, residual: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """:func:`decide` in a format narrower than binary64 from double-doubles: the ends from
    :func:`~tanhproof.numeric._exprdd.float_bounds` (a value just below a float keeps it as
    its upper end, so directed modes decide GELU's ``x - tiny``)."""
    return decide(as_bounded(b), f, mode, residual, float_bounds(b))


@functools.lru_cache(maxsize=64)
def _forms(expr: sympy.Expr) -> tuple[sympy.Expr, ...]:
    """The expression, and with its common factors pulled out where that differs and keeps
    every function application and every power that is not a positive integer one (a form
    where ``-log(x) + log(x)`` cancelled would forget the domain ``x > 0``)."""
    factored = sympy.factor_terms(expr)
    if factored == expr or _domain_atoms(factored) != _domain_atoms(expr):
        return (expr,)
    return (expr, factored)


def _domain_atoms(expr: sympy.Expr) -> set[sympy.Basic]:
    powers = {p for p in expr.atoms(sympy.Pow) if not (p.exp.is_Integer and p.exp > 0)}
    return set(expr.atoms(sympy.Function)) | powers


def slow_point(
    expr: sympy.Expr, x: float, f: Format, mode: str, residual: bool = False, *, source: str | None = None
) -> tuple[float, float | None, bool]:
    """``(value, residual, undefined)`` at one finite ``x`` by the Ziv loop of
    :func:`tanhproof.round_to` (see the module docstring); ``source``, the text ``expr``
    was read from, supplies the domain conditions its simplification dropped."""
    from tanhproof.expr._errors import DomainError, LimitError
    from tanhproof.numeric._arb import arb_eval
    from tanhproof.numeric._enclosure import prepare
    from tanhproof.numeric._evaluators import Undefined
    from tanhproof.numeric._rounding import _pole, negative_zero_result
    from tanhproof.numeric._splitexpr import split_eval
    from tanhproof.numeric._ziv import ziv_round

    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    point = {symbols[0].name: x} if symbols else {}
    try:
        problem = prepare(source if source is not None else expr, point, None)
    except DomainError:
        pole = _pole(expr, point)
        return (pole[0], None, False) if pole is not None else (math.nan, None, True)

    def loop(evaluate: Callable[[int], Any]) -> Any:
        return ziv_round(
            evaluate,
            f,
            mode,
            negative_zero=negative_zero_result(problem, point),
            boundary=problem.equals,
            start_bits=max(64, f.precision + 64) if residual else 64,
            residual=residual,
            describe=lambda: f"{sympy.sstr(expr)} at x = {x!r}",
        )

    try:
        try:
            found = loop(lambda bits: split_eval(problem.expr, problem.point, bits))
        except LimitError:
            # split_eval's exponent bounds cannot order two tiny terms of opposite signs
            # (mish' far left: x e**x and e**x); plain balls (arb's exponents are unbounded) can.
            found = loop(lambda bits: (_ZERO, arb_eval(problem.expr, problem.point, bits)))
    except Undefined:
        return math.nan, None, True
    return found.value, found.residual, False


def domain_conditions(expr: Any) -> tuple[Any, ...]:
    """The domain conditions of a reference, read from its text (or from the SymPy
    expression given): a simplification on the way (``-log(x)/log(x)`` to ``-1``) never
    widens the domain the fast path trusts.

    >>> [str(c) for c in domain_conditions("-1 + (-log(x))/log(x)")]
    ['x > 0', 'log(x) != 0']
    >>> domain_conditions("x*sigmoid(x)")
    ()
    """
    from tanhproof.numeric._enclosure import parsed_with_conditions  # cached, as the loop reads it

    return parsed_with_conditions(expr.strip() if isinstance(expr, str) else expr)[1]


def _certain(kind: str, b: Bounded) -> np.ndarray:
    """Where the bounded value certainly satisfies a condition of this kind."""
    lo, hi = b.v - b.e, b.v + b.e  # fl() of these is monotone: a strict test on them is sound
    with np.errstate(invalid="ignore"):
        test = {
            "positive": lo > 0,
            "nonnegative": lo >= 0,
            "nonzero": (lo > 0) | (hi < 0),
            "open_unit": (lo > -1) & (hi < 1),
            "at_least_one": lo >= 1,
        }[kind]
    return ~b.bad & test


def conditions_hold(conditions: tuple[Any, ...], x: np.ndarray) -> np.ndarray:
    """Where every condition certainly holds at the float64 points ``x`` (from the
    conditions' own float64 values with bounds; a condition that does not compile holds
    nowhere, so its points go to the loop).

    >>> import numpy as np
    >>> conditions_hold(domain_conditions("-log(x)/log(x)"), np.array([-1.0, 0.5, 1.0, 2.0])).tolist()
    [False, True, False, True]
    """
    inside = np.ones(x.shape, dtype=bool)
    for c in conditions:
        run = _compiled(c.expr)
        if run is None:
            return np.zeros(x.shape, dtype=bool)
        with np.errstate(all="ignore"):
            inside &= _certain(c.kind, run(x))
    return inside


def _holds_far_out(conditions: tuple[Any, ...], sign: int) -> bool:
    """Whether every condition holds for all large ``x`` of this sign (by the limits of
    the conditions' expressions; a condition whose limit does not settle it fails)."""
    for c in conditions:
        limit = limit_at(c.expr, sign)
        ok = {
            "positive": limit > 0,
            "nonnegative": limit > 0,
            "nonzero": limit != 0 and not math.isnan(limit),
            "open_unit": -1 < limit < 1,
            "at_least_one": limit > 1,
        }[c.kind]
        if not ok:
            return False
    return True


def _definitions(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with each catalog function written by its exp/log definition (SymPy
    knows the limits of those, not of ``sigmoid``)."""
    from tanhproof.expr._catalog import CATALOG

    for entry in CATALOG.values():
        build = entry.definition
        if build is not None and expr.has(entry.func):
            expr = expr.replace(entry.func, lambda arg, build=build: build(arg))
    return expr


@functools.lru_cache(maxsize=128)
def limit_at(expr: sympy.Expr, sign: int) -> float:
    """``expr`` at ``x = sign * inf`` as IEEE 754 reads it: the limit (NaN when there
    is none as a real number, SymPy cannot tell, or the expression is undefined at
    ``sign * 2**64``), a zero limit signed by the value at ``sign * 2**1000``.

    >>> from tanhproof.numeric._reading import parse
    >>> limit_at(parse("x*tanh(softplus(x))"), -1), limit_at(parse("x*sigmoid(x)"), 1)
    (-0.0, inf)
    """
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if not symbols:
        return math.nan
    x = symbols[0]
    try:
        found = sympy.limit(_definitions(expr), x, sign * sympy.oo)
    except (NotImplementedError, ValueError, TypeError, RecursionError):
        return math.nan
    from tanhproof.expr._errors import TanhproofError
    from tanhproof.numeric._enclosure import prepare

    b64 = get_format("binary64")
    try:
        prepare(expr, {x.name: sign * 2.0**64}, None)
    except TanhproofError:  # outside the domain far out (log(x) on the left): no limit
        return math.nan
    if found == sympy.oo:
        return math.inf
    if found == -sympy.oo:
        return -math.inf
    if not (found.is_real and found.is_finite and not found.free_symbols):
        return math.nan
    if found == 0:
        for far in (2.0**1000, 2.0**64, 2.0**20):
            try:
                value, _, undefined = slow_point(expr, sign * far, b64, "nearest")
            except TanhproofError:
                continue
            return math.copysign(0.0, value) if not undefined else 0.0
        return 0.0
    try:
        return slow_point(found, 0.0, b64, "nearest")[0]
    except TanhproofError:
        return math.nan


def expression_reference(
    expr: Any, x: Any, fmt: str | Format = "binary32", mode: str = "nearest", *, residual: bool = False
) -> tuple[np.ndarray, int, int, int, np.ndarray | None]:
    """``expr(x)`` correctly rounded to ``fmt`` under ``mode`` for every element of
    ``x`` (the module docstring says how), as the fields of a
    :class:`~tanhproof.numeric._bulk.BulkResult`: ``(values, points, fallback,
    undefined, residual)``. ``expr`` is text or a SymPy expression of one variable."""
    f = get_format(fmt)
    check_mode(mode)
    parsed = parsed_reference(expr)
    lost = domain_conditions(expr)
    source = expr.strip() if isinstance(expr, str) else None  # the loop reads the text's conditions
    xs = format_values(x, f).ravel().astype(np.float64)
    out = np.full(xs.shape, np.nan)
    res = np.full(xs.shape, np.nan) if residual else None
    undefined = 0
    for sign in (1, -1):
        where = np.flatnonzero(np.isinf(xs) & (np.sign(xs) == sign))
        if len(where):
            limit = limit_at(parsed, sign) if _holds_far_out(lost, sign) else math.nan
            rounded = float(round_array(np.array([limit]), f, mode)[0])
            out[where] = rounded
            undefined += len(where) if math.isnan(limit) else 0
    todo = np.flatnonzero(np.isfinite(xs))
    if len(todo) and lost:
        # The fast path computes values, not domains: it runs only where every domain
        # condition of the text certainly holds (a rewriting that cancels log(x)/log(x)
        # to 1 is then harmless); the other points go to the loop, which checks them.
        inside = conditions_hold(lost, xs[todo])
        todo_fast, todo = todo[inside], todo[~inside]
    else:
        todo_fast, todo = todo, todo[:0]
    if len(todo_fast):
        values, decided, fast_res = fast_expression(parsed, xs[todo_fast], f, mode, residual)
        out[todo_fast[decided]] = values[decided]
        if res is not None and fast_res is not None:
            res[todo_fast[decided]] = fast_res[decided]
        todo = np.sort(np.concatenate([todo, todo_fast[~decided]]))
    fallback = len(todo)
    for i in todo.tolist():
        value, r, bad = slow_point(parsed, float(xs[i]), f, mode, residual, source=source)
        out[i] = value
        undefined += bad
        if res is not None:
            res[i] = np.nan if r is None else r
    values = out.astype(f.dtype).reshape(np.shape(x))
    return values, int(xs.size), fallback, undefined, None if res is None else res.reshape(np.shape(x))
