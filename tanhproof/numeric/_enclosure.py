"""Rigorous enclosures: intervals guaranteed to contain the true value.

:func:`enclose` evaluates an expression at an exact point with python-flint ``arb``
ball arithmetic and returns an :class:`Enclosure`, whose bounds are exact dyadic
rationals. Each operation of ball arithmetic widens the ball by at least its own
rounding error (Johansson, "Arb: efficient arbitrary-precision midpoint-radius
interval arithmetic", IEEE Trans. Computers 66, 2017), so the true value lies in
``[lower, upper]``; nothing here is a floating-point estimate.

:func:`ziv_enclosures` runs the one Ziv loop (:mod:`tanhproof.numeric._ziv`, which
:func:`tanhproof.round_to` and the bulk references use too) over enclosures at
doubling precision, for :func:`tanhproof.evaluate` and the decimal digits.

Examples
========

>>> from tanhproof import enclose
>>> e = enclose("tanh(x)", bits=64, x="0.5")
>>> e.contains(Fraction(46211715726000975850, 10**20))  # tanh(1/2), DLMF 4.35 / mpmath at 30 digits
True
>>> e.width < Fraction(1, 2**50)
True
>>> e.lower < e.upper, e.bits
(True, 64)
>>> enclose("coth(x)", x=0)
Traceback (most recent call last):
...
tanhproof.DomainError: coth(x) is undefined at x = 0: needs x != 0
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any, TypeVar

import flint
import sympy

from tanhproof._notebook import Block, Math, RichDisplay, Table, Text, short_repr
from tanhproof.expr._domain import Condition, owner_of
from tanhproof.expr._errors import DomainError, LimitError, ParseError, TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._points import format_value, resolve_point
from tanhproof.numeric._arb import arb_dyadic_bounds, arb_eval
from tanhproof.numeric._conditions import certainly_fails, certified
from tanhproof.numeric._dyadic import Dyadic

T = TypeVar("T")

__all__ = [
    "Enclosure",
    "ExactCheck",
    "Problem",
    "condition_holds",
    "condition_verdict",
    "enclose",
    "parsed_expression",
    "parsed_with_conditions",
    "prepare",
    "ziv_enclosures",
]


#: ``exact(problem, value)``: whether the value of ``problem`` at its point is proved to
#: equal the rational ``value``. The numeric room cannot prove identities; its callers
#: pass one in (tanhproof's public functions pass the exact prover,
#: :func:`tanhproof.proof._exact.proved_equal`).
ExactCheck = Callable[["Problem", Fraction], bool]


@dataclass(frozen=True)
class Problem:
    """An expression ready for numeric evaluation at an exact point.

    ``exact`` is the caller's exact check (:data:`ExactCheck`), asked when a value sits
    exactly on a rounding boundary that ball arithmetic cannot show; ``None`` means
    only what the balls themselves show counts.
    """

    expr: sympy.Expr
    conditions: tuple[Condition, ...]
    point: dict[sympy.Symbol, Fraction]
    exact: ExactCheck | None = field(default=None, compare=False, repr=False)

    def equals(self, value: Fraction | int) -> bool:
        """Whether the value at the point is proved to be ``value`` exactly (by the
        caller's exact check; ``False`` without one, or when it is not proved)."""
        return self.exact is not None and self.exact(self, Fraction(value))

    def describe_point(self) -> str:
        """``x = 1/2, y = 3`` (or ``no variables``)."""
        return ", ".join(f"{s} = {format_value(v)}" for s, v in self.point.items()) or "no variables"

    def constant(self) -> sympy.Expr:
        """The expression with the point substituted: an exact constant."""
        from tanhproof.expr._derivatives import expand_derivatives

        return expand_derivatives(self.expr).subs(
            {s: sympy.Rational(v.numerator, v.denominator) for s, v in self.point.items()}
        )


@functools.lru_cache(maxsize=256, typed=True)
def parsed_with_conditions(expr: Any) -> tuple[sympy.Expr, tuple[Condition, ...], frozenset]:
    """The parsed expression, its domain conditions and its variables, cached per
    ``expr`` and its type (``typed``: ``2`` and ``sympy.Integer(2)`` are read apart)."""
    from tanhproof.numeric._reading import parse_with_conditions

    parsed, conditions = parse_with_conditions(expr)
    return parsed, conditions, frozenset(parsed.free_symbols)


def prepare(expr: Any, point: Mapping[str, Any], exact: ExactCheck | None = None) -> Problem:
    """Parse ``expr``, take the point's values exactly and check the domain there.

    ``exact`` is kept with the problem (see :class:`Problem`).

    Raises :class:`~tanhproof.DomainError` naming the condition (a pole, a
    logarithm of a non-positive number, ...) that fails at the point, and
    :class:`~tanhproof.LimitError` when a condition is neither certified nor refuted
    (:func:`condition_verdict`): a value is never called undefined because balls could
    not show that it exists (``sqrt(x - 1/3)`` at ``x = 1/3`` is 0, on its domain's edge).
    """
    if not isinstance(expr, (str, sympy.Basic, int, Fraction)) or isinstance(expr, bool):
        raise ParseError(f"expected an expression as text, got {type(expr).__name__}: {expr!r:.60}")
    parsed, conditions, symbols = parsed_with_conditions(expr)
    values = resolve_point(symbols, point)
    problem = Problem(parsed, conditions, values, exact)
    edges: dict[sympy.Expr, sympy.Expr] = {}
    for condition in conditions:
        if condition_holds(condition, values):
            continue
        verdict = condition_verdict(condition, values, exact)
        if verdict:
            edge = _on_edge(condition, values, exact)
            if edge is not None:
                edges[condition.expr] = edge
        if verdict is None:
            raise LimitError(
                f"could not decide whether {owner_of(parsed, condition)} is defined at "
                f"{problem.describe_point()}: {condition} is neither certified nor refuted by ball "
                f"arithmetic at {_DOMAIN_BITS[-1]} bits, nor proved to sit on its boundary"
            )
        if not verdict:
            raise DomainError(
                f"{owner_of(parsed, condition)} is undefined at {problem.describe_point()}: needs {condition}"
            )
    if edges and not parsed.has(sympy.Derivative):
        # An argument proved to sit exactly on its domain's edge at this point is that
        # edge's value there (sqrt(x - 1/3) at x = 1/3 is sqrt(0)): balls around it would
        # straddle the edge at every precision. Equal values at the point, so the same
        # problem; never inside a derivative, whose value depends on the neighbourhood.
        problem = Problem(parsed.xreplace(edges), conditions, values, exact)
    return problem


def _on_edge(
    condition: Condition, values: Mapping[sympy.Symbol, Fraction], exact: ExactCheck | None
) -> sympy.Expr | None:
    """The boundary value the condition's expression is proved to equal at the point, if any."""
    for b in condition.boundaries:
        if condition.holds_at_boundary(b) and _equals(condition.expr, values, exact, b):
            return sympy.Integer(b)
    return None


def parsed_expression(expr: Any) -> sympy.Expr:
    """The parsed expression (cached with its domain conditions), as :func:`prepare` sees it."""
    if not isinstance(expr, (str, sympy.Basic, int, Fraction)) or isinstance(expr, bool):
        raise ParseError(f"expected an expression as text, got {type(expr).__name__}: {expr!r:.60}")
    return parsed_with_conditions(expr)[0]


#: Precisions at which a domain condition is tried before it counts as failing.
_DOMAIN_BITS = (256, 1024, 4096)


def condition_holds(condition: Condition, values: Mapping[sympy.Symbol, Fraction]) -> bool:
    """Whether ``condition`` is certified at the point: by ``arb`` at growing precision,
    then by exponent bounds (``1 + exp(-x) != 0`` at ``x = -1e300``, where ``exp(1e300)``
    is beyond any ball of moderate precision but certainly positive)."""
    from tanhproof.numeric._splitexpr import split_eval
    from tanhproof.numeric._ziv import Huge, Tiny

    for bits in _DOMAIN_BITS:
        if certified([condition], values, bits=bits):
            return True
        try:
            c, d = split_eval(condition.expr, values, bits)
        except (TanhproofError, ZeroDivisionError):
            continue
        if isinstance(d, (Tiny, Huge)) and c == 0:
            kind = condition.kind
            if kind == "nonzero" or (kind in ("positive", "nonnegative") and d.sign > 0):
                return True
            if kind == "open_unit" and isinstance(d, Tiny):
                return True
            if kind == "at_least_one" and isinstance(d, Huge) and d.sign > 0:
                return True
    return False


def condition_verdict(
    condition: Condition, values: Mapping[sympy.Symbol, Fraction], exact: ExactCheck | None
) -> bool | None:
    """Whether a condition that :func:`condition_holds` could not certify holds at the
    point: ``False`` where a ball certainly violates it, the boundary's verdict where
    the condition's expression equals a boundary exactly (``x - 1/3 >= 0`` at ``x =
    1/3``: holds; ``x - 1/3 != 0``: fails) -- by exact rational arithmetic for a rational
    function of the variables, otherwise by the caller's exact check -- else ``None``
    (undecided).

    >>> from tanhproof.expr._parser import read, symbol
    >>> cond = read("sqrt(x - 1/3)").conditions[0]
    >>> at = {symbol("x"): Fraction(1, 3)}
    >>> condition_holds(cond, at), condition_verdict(cond, at, None)  # x - 1/3 is exactly 0
    (False, True)
    >>> condition_verdict(cond, {symbol("x"): Fraction(0)}, None)
    False
    >>> cond = read("sqrt(sinh(x) - sinh(x))").conditions[0]
    >>> at = {symbol("x"): Fraction(1)}
    >>> condition_verdict(cond, at, None) is None  # transcendental: needs the exact check
    True
    >>> condition_verdict(cond, at, lambda problem, value: problem.constant() == value)
    True
    """
    for bits in _DOMAIN_BITS:
        try:
            v = arb_eval(condition.expr, values, bits)
        except TanhproofError:
            continue
        if certainly_fails(condition.kind, v):
            return False
    for b in condition.boundaries:
        if _equals(condition.expr, values, exact, b):
            return condition.holds_at_boundary(b)
    return None


def _rational_value(expr: sympy.Expr, values: Mapping[sympy.Symbol, Fraction]) -> sympy.Rational | None:
    """The exact value of a rational function of the variables at the point (``x - 1/3``
    at ``x = 1/3`` is 0), or ``None`` for anything else (or a pole)."""
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if not symbols or not expr.is_rational_function(*symbols):
        return None
    value = expr.xreplace({s: sympy.Rational(v.numerator, v.denominator) for s, v in values.items()})
    return value if isinstance(value, sympy.Rational) else None


def _equals(
    expr: sympy.Expr, values: Mapping[sympy.Symbol, Fraction], exact: ExactCheck | None, b: int
) -> bool:
    """Whether ``expr`` at the point is proved to be ``b``: exactly for a rational
    function of the variables, else by the caller's exact check (``False`` without one)."""
    value = _rational_value(expr, values)
    if value is not None:
        return bool(value == b)
    return Problem(expr, (), dict(values), exact).equals(b)


@dataclass(frozen=True, repr=False)
class Enclosure(RichDisplay):
    """An interval ``[lower, upper]`` guaranteed to contain the true value.

    ``ball`` is the python-flint ``arb`` midpoint-radius ball; ``bits`` the working
    precision it was computed at. The bounds, width and midpoint are exact
    rationals; :attr:`lower_dyadic` and :attr:`upper_dyadic` give the same bounds as
    compact ``m*2^e`` dyadics.
    """

    ball: flint.arb
    bits: int

    @functools.cached_property
    def _dyadic_bounds(self) -> tuple[Dyadic, Dyadic]:
        return arb_dyadic_bounds(self.ball)

    @property
    def lower_dyadic(self) -> Dyadic:
        """The lower bound as an exact dyadic ``m*2^e``."""
        return self._dyadic_bounds[0]

    @property
    def upper_dyadic(self) -> Dyadic:
        """The upper bound as an exact dyadic ``m*2^e``."""
        return self._dyadic_bounds[1]

    @property
    def lower(self) -> Fraction:
        """The exact lower bound."""
        return self.lower_dyadic.as_fraction()

    @property
    def upper(self) -> Fraction:
        """The exact upper bound."""
        return self.upper_dyadic.as_fraction()

    @property
    def width(self) -> Fraction:
        """``upper - lower``, exactly."""
        return self.upper - self.lower

    @property
    def midpoint(self) -> Fraction:
        """``(lower + upper) / 2``, exactly."""
        return (self.lower + self.upper) / 2

    @property
    def is_exact(self) -> bool:
        """Whether the interval is a single point (the value is known exactly)."""
        return bool(self.ball.rad() == 0)

    def contains(self, value: Fraction | int) -> bool:
        """Whether ``value`` lies in the closed interval."""
        return self.lower <= value <= self.upper

    def __str__(self) -> str:
        return self.ball.str(radius=True)

    def to_dict(self) -> dict[str, Any]:
        """Plain data: exact dyadic bounds as ``"m*2^e"`` text plus readable decimals
        (an unbounded enclosure, from an exponent bound beyond every format, gives
        ``"-inf"``/``"inf"`` ends)."""
        if not self.ball.is_finite():
            ends = (
                ("-inf", "inf")
                if self.ball.contains(0) or self.ball.is_nan()
                else (("inf", "inf") if self.ball > 0 else ("-inf", "-inf"))
            )
            return {
                "lower": ends[0],
                "upper": ends[1],
                "lower_decimal": ends[0],
                "upper_decimal": ends[1],
                "width_log2": None,
                "bits": self.bits,
            }
        return {
            "lower": str(self.lower_dyadic),
            "upper": str(self.upper_dyadic),
            "lower_decimal": _decimal(self.ball.lower, self.bits),
            "upper_decimal": _decimal(self.ball.upper, self.bits),
            "width_log2": _log2_width(self.width),
            "bits": self.bits,
        }

    def __repr__(self) -> str:
        d = self.to_dict()
        return short_repr("Enclosure", f"[{d['lower_decimal']}, {d['upper_decimal']}] at {self.bits} bits")

    def _blocks(self) -> list[Block]:
        """The enclosure for a notebook: the interval typeset, its bounds exactly and in
        decimal, its width."""
        d = self.to_dict()
        width = "unbounded" if d["width_log2"] is None else f"2^{d['width_log2']:.1f}"
        if self.is_exact:
            width = "0 (exact)"
        return [
            Text(
                f"Enclosure at {self.bits} bits (arb ball arithmetic): contains the true value", strong=True
            ),
            Math(rf"\left[{_tex_number(d['lower_decimal'])},\ {_tex_number(d['upper_decimal'])}\right]"),
            Table(
                ("bound", "decimal (30 digits, rounded outward)", "exact dyadic m*2^e"),
                [("lower", d["lower_decimal"], d["lower"]), ("upper", d["upper_decimal"], d["upper"])],
                units=f"width {width}, in the units of the value; precision in bits",
            ),
        ]


def _tex_number(text: str) -> str:
    """A decimal (``1.5e-7``, ``inf``) as LaTeX."""
    if text in ("inf", "-inf"):
        return text.replace("inf", r"\infty")
    mantissa, _, exponent = text.partition("e")
    return mantissa + (rf" \cdot 10^{{{int(exponent)}}}" if exponent else "")


def _decimal(bound, bits: int) -> str:
    """30 digits of a ball's bound, computed at the ball's own precision
    (``arb.lower()`` rounds outward at the *current* context precision)."""
    old = flint.ctx.prec
    flint.ctx.prec = max(bits, 64) + 16
    try:
        return bound().str(30, radius=False)
    finally:
        flint.ctx.prec = old


def _log2_width(width: Fraction) -> float | None:
    if width == 0:
        return None
    return round(width.numerator.bit_length() - width.denominator.bit_length() + 0.0, 1)


def _check_bits(bits: int) -> int:
    if isinstance(bits, bool) or not isinstance(bits, int):
        raise TanhproofError(f"bits must be an integer, got {bits!r}")
    if bits < 2:
        raise TanhproofError(f"bits must be at least 2, got {bits}")
    if bits > LIMITS.max_evaluation_bits:
        raise LimitError(f"bits={bits} exceeds the limit of {LIMITS.max_evaluation_bits}")
    return bits


def _enclose(problem: Problem, bits: int) -> Enclosure:
    ball = arb_eval(problem.expr, problem.point, bits)
    return Enclosure(ball, bits)


def enclose(expr: Any, bits: int = 128, **point: Any) -> Enclosure:
    """Enclose the value of ``expr`` at ``point`` with ``bits`` of working precision.

    Explanation
    ===========

    ``expr`` is text (parsed by the whitelisting parser) or a SymPy expression;
    each variable's value is a keyword argument, taken exactly (see
    :func:`tanhproof.expr.exact_value`). The result is guaranteed to contain the true value;
    its width depends on ``bits`` and on the conditioning of the expression at the
    point (raise ``bits`` for a narrower one, or use :func:`tanhproof.evaluate` to
    ask for digits instead).

    Examples
    ========

    >>> from tanhproof import enclose
    >>> e = enclose("sech(x)**2", bits=100, x="0x1p-1")
    >>> float(e.midpoint)  # sech(1/2)^2 = 0.78644773296592741... (mpmath at 30 digits)
    0.7864477329659274
    >>> enclose("tanh(x)", x=0).is_exact
    True
    """
    problem = prepare(expr, point)
    return _enclose(problem, _check_bits(bits))


def ziv_enclosures(
    problem: Problem,
    decide: Callable[[Enclosure], T | None],
    *,
    start_bits: int,
    max_bits: int,
    give_up: Callable[[int, Exception | None], Exception],
    boundary: Callable[[Enclosure], T | None] | None = None,
) -> T:
    """The one Ziv loop (:func:`tanhproof.numeric._ziv.ziv_loop`) over enclosures of ``problem``:
    ``decide(enclosure)`` at ``start_bits``, doubling up to ``max_bits``, until it returns
    a result; ``boundary(enclosure)`` is the exact check asked once on the way (the
    caller passes the prover in: this layer does not import it)."""
    from tanhproof.numeric._ziv import ziv_loop

    return ziv_loop(
        lambda bits: (Fraction(0), arb_eval(problem.expr, problem.point, bits)),
        lambda _c, ball, bits: decide(Enclosure(ball, bits)),
        start_bits=start_bits,
        max_bits=max_bits,
        boundary=None if boundary is None else (lambda _c, ball, bits: boundary(Enclosure(ball, bits))),
        give_up=give_up,
    )
