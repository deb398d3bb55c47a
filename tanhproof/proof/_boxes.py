"""The sign of a function of one variable on an interval by rigorous subdivision (arb).

Outside the exp-rational class (``x`` mixed with exponentials, ``erf``, ``sqrt``,
``abs``, ``log``) the claim ``f > 0`` (``f >= 0``) on an interval is decided by
interval arithmetic with python-flint ``arb`` balls:

* **Boxes.** The bounded part is cut into boxes with exact rational ends; ``f`` is
  enclosed on each box (the ball of the whole box is passed to the compiled
  expression, :func:`tanhproof.numeric._arb.compile_arb`). A box whose enclosure is
  positive (non-negative) is decided; otherwise it is bisected, within a budget of
  :data:`MAX_BOXES` boxes and :data:`MAX_PRECISION` bits.
* **Touching points.** Where ``f(a) = 0`` at a box end ``a`` (``x - tanh(x)`` at 0),
  an exact argument decides the box: ``f(a) = f'(a) = ... = f^(k-1)(a) = 0`` proved by
  the exact prover and ``f^(k)`` of one sign on the box (Taylor with Lagrange
  remainder: ``f(x) = f^(k)(xi) (x - a)^k / k!``). The point is reported in ``zeros``.
* **Tails.** ``[A, oo)`` and ``(-oo, -A]`` are decided by an enclosure of ``f`` (or of
  ``f'``, a monotonicity argument: ``f' >= 0`` on ``[A, oo)`` and ``f(A) > 0``) in
  extended interval arithmetic on the closed half-line, where each catalog function
  is bounded through its monotonicity and its limits at the ends (``tanh`` on
  ``[A, oo]`` is ``[tanh A, 1]``), products such as ``x*exp(-x)`` through a decay
  bound ``C x**k exp(c x)``, and exact rewrites remove the usual cancellations
  (``log(1 + exp(x)) - x = log(exp(-x) + 1)``, ``exp(x)/(exp(x) + 1) = 1/(1 + exp(-x))``,
  ``sqrt(x**2 + 1) - abs(x) = 1/(sqrt(x**2 + 1) + abs(x))``), after which a product or sum
  of factors each positive at every point proves a strict claim whose limit is 0.
  ``f'`` may instead be decided by the exact procedure
  (:func:`tanhproof.proof._exactsign.sign_exact`). Where ``f`` decreases towards the
  limit, ``f >= 0`` on the tail, ``f(A) > 0`` and analyticity give ``f > 0``. A tail no
  argument covers leaves the claim undecided with that reason
  (``x*tanh(x) - x + 1/2`` towards +oo).
* **Refutation.** A rational point where the arb enclosure of ``f`` is negative (or a
  point of the interval where ``f = 0`` is proved exactly, for a strict claim) is
  returned as ``witness``.

Budgets are work (boxes, bits, derivative order), never time.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> r = sign_by_boxes(parse("x - tanh(x)"), x, Interval(Fraction(0), Fraction(2), True, True), False)
>>> r.holds, r.zeros
(True, ('x = 0',))
>>> r = sign_by_boxes(parse("x - tanh(x)"), x, Interval(), False)
>>> r.holds, r.witness is not None and r.witness < 0
(False, True)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import flint
import sympy
from flint import arb, fmpq

from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.numeric._arb import arb_dyadic_bounds, compile_arb
from tanhproof.proof._signs import SignResult

__all__ = ["MAX_BOXES", "MAX_PRECISION", "MAX_TAYLOR_ORDER", "TAIL_STARTS", "sign_by_boxes"]

#: Most boxes evaluated for one claim (bounded part and touching arguments together).
MAX_BOXES = 3000
#: Working precision of the first boxes, in bits.
START_PRECISION = 64
#: Most bits of working precision (boxes narrower than about 2**-(MAX_PRECISION - 64)
#: are not split further).
MAX_PRECISION = 320
#: Highest derivative used at a touching point (Taylor with Lagrange remainder).
MAX_TAYLOR_ORDER = 4
#: Where unbounded tails start, tried in turn: ``[A, oo)`` and ``(-oo, -A]``.
TAIL_STARTS = (Fraction(1), Fraction(4), Fraction(16), Fraction(64))

Compiled = Callable[[dict], arb]


class _Undecided(Exception):
    """A budget was exhausted or an argument could not be made."""


#: Largest integer power written out as a product for ball evaluation.
_MAX_EXPANDED_POWER = 64


@functools.lru_cache(maxsize=256)
def _arb_form(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` with integer powers ``u**n`` written as the unevaluated product ``u*...*u``.

    python-flint's ``ball ** n`` is NaN for a ball containing 0 and very loose for an odd
    power of a negative ball (``[-2 +/- 0.1]**3`` gives ``[+/- 9.27]``); a product of
    balls is a rigorous and much tighter enclosure of the same value.
    """
    if not expr.args:
        return expr
    args = [_arb_form(a) for a in expr.args]
    exponent = expr.args[1] if expr.is_Pow else None
    if exponent is not None and exponent.is_Integer and 2 <= abs(int(exponent)) <= _MAX_EXPANDED_POWER:
        n = int(exponent)
        product = sympy.Mul(*([args[0]] * abs(n)), evaluate=False)
        return product if n > 0 else sympy.Pow(product, -1, evaluate=False)
    if args == list(expr.args):
        return expr
    return expr.func(*args, evaluate=False)


def _ball(lo: Fraction, hi: Fraction) -> arb:
    """A ball containing every point of ``[lo, hi]``."""
    a = arb(fmpq(lo.numerator, lo.denominator))
    return a if lo == hi else a.union(arb(fmpq(hi.numerator, hi.denominator)))


def _bounds_text(ball: arb) -> list[str]:
    lower, upper = arb_dyadic_bounds(ball)
    return [str(lower), str(upper)]


class _Context:
    """The claim, its derivatives (compiled, cached) and the work counted so far."""

    def __init__(self, f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> None:
        self.x, self.interval, self.strict = x, interval, strict
        self.derivatives: list[sympy.Expr] = [f]
        self.compiled: dict[int, Compiled] = {}
        self.zero_proofs: dict[tuple[int, Fraction], bool] = {}
        self.boxes = 0
        self.zeros: set[Fraction] = set()
        self.records: list[dict[str, Any]] = []

    def derivative(self, k: int) -> sympy.Expr:
        while len(self.derivatives) <= k:
            self.derivatives.append(sympy.diff(self.derivatives[-1], self.x))
        return self.derivatives[k]

    def enclose(self, k: int, lo: Fraction, hi: Fraction, prec: int) -> arb | None:
        """An enclosure of ``f^(k)`` on ``[lo, hi]``; ``None`` where arb cannot give one."""
        if k not in self.compiled:
            self.compiled[k] = compile_arb(_arb_form(self.derivative(k)))
        old = flint.ctx.prec
        flint.ctx.prec = prec
        try:
            value = self.compiled[k]({self.x: _ball(lo, hi)})
        except (DomainError, ZeroDivisionError, ValueError):
            return None
        finally:
            flint.ctx.prec = old
        return value if value.is_finite() else None

    def is_zero(self, k: int, a: Fraction) -> bool:
        """Whether ``f^(k)(a) = 0`` is proved exactly."""
        key = (k, a)
        if key not in self.zero_proofs:
            from tanhproof.proof._prover import prove

            value = self.derivative(k).subs(self.x, sympy.Rational(a.numerator, a.denominator))
            try:
                proved = value == 0 or str(prove(value, sympy.Integer(0)).verdict) == "proved"
            except TanhproofError:
                proved = False
            self.zero_proofs[key] = proved
        return self.zero_proofs[key]

    def count(self) -> None:
        self.boxes += 1
        if self.boxes > MAX_BOXES:
            raise _Undecided(f"box budget exhausted ({MAX_BOXES} boxes)")

    def good(self, ball: arb) -> bool:
        return bool(ball > 0) if self.strict else bool(ball >= 0)


def _touching(ctx: _Context, lo: Fraction, hi: Fraction, end: Fraction, prec: int) -> bool:
    """Decide ``[lo, hi]`` by a Taylor argument at its end ``end`` where ``f(end) = 0``."""
    side = 1 if end == lo else -1
    for k in range(MAX_TAYLOR_ORDER + 1):
        ctx.count()
        ball = ctx.enclose(k, lo, hi, prec)
        if k > 0 and ball is not None and (ball > 0 or ball < 0):
            sign = (1 if ball > 0 else -1) * side**k
            if sign < 0:
                return False
            ctx.records.append(
                {
                    "lo": str(lo),
                    "hi": str(hi),
                    "touch": str(end),
                    "order": k,
                    "derivative": _bounds_text(ball),
                }
            )
            if ctx.interval.contains(end):
                if ctx.strict:
                    raise _Refuted(end, f"f({end}) = 0 exactly (proved), so f > 0 fails there")
                ctx.zeros.add(end)
            return True
        if not ctx.is_zero(k, end):
            return False
    return False


class _Refuted(Exception):
    def __init__(self, witness: Fraction, reason: str) -> None:
        super().__init__(reason)
        self.witness, self.reason = witness, reason


def _point_fails(ctx: _Context, p: Fraction, prec: int) -> bool:
    """Whether the claim certifiably fails at the rational point ``p`` of the interval."""
    if not ctx.interval.contains(p):
        return False
    ball = ctx.enclose(0, p, p, prec)
    return ball is not None and bool(ball < 0)


def _mean_value(ctx: _Context, a: Fraction, b: Fraction, prec: int) -> arb | None:
    """The mean-value enclosure ``f(m) + f'([a, b]) * [-h, h]`` (``m`` the centre, ``h`` the
    half-width): much tighter than the direct one where ``f`` is a small difference."""
    m, h = (a + b) / 2, (b - a) / 2
    centre, slope = ctx.enclose(0, m, m, prec), ctx.enclose(1, a, b, prec)
    if centre is None or slope is None:
        return None
    old = flint.ctx.prec
    flint.ctx.prec = prec
    try:
        return centre + slope * _ball(-h, h)
    finally:
        flint.ctx.prec = old


#: Simple points tried first for a counterexample (small witnesses read better).
SIMPLE_POINTS = tuple(
    Fraction(sign * n, d)
    for n, d in ((0, 1), (1, 1), (1, 2), (2, 1), (3, 1), (1, 4), (4, 1), (8, 1))
    for sign in (-1, 1)
)


def _box_decided(ctx: _Context, a: Fraction, b: Fraction, prec: int) -> bool:
    """Whether the direct or the mean-value enclosure at ``prec`` bits decides ``[a, b]``."""
    ctx.count()
    ball = ctx.enclose(0, a, b, prec)
    if ball is not None and ctx.good(ball):
        ctx.records.append({"lo": str(a), "hi": str(b), "f": _bounds_text(ball)})
        return True
    centred = _mean_value(ctx, a, b, prec)
    if centred is not None and ctx.good(centred):
        ctx.records.append({"lo": str(a), "hi": str(b), "f": _bounds_text(centred), "form": "mean value"})
        return True
    return False


def _simplest(a: Fraction, b: Fraction) -> Fraction:
    """The rational of least denominator in ``[a, b]`` (the simplest one: Stern-Brocot).

    >>> _simplest(Fraction(3, 10), Fraction(2, 5)), _simplest(Fraction(-1, 2), Fraction(1, 2))
    (Fraction(1, 3), Fraction(0, 1))
    """
    if a <= 0 <= b:
        return Fraction(0)
    if b < 0:
        return -_simplest(-b, -a)
    whole = math.floor(a)
    if whole == a or whole + 1 <= b:
        return Fraction(whole) if whole == a else Fraction(whole + 1)
    # a and b share the integer part: simplest of the reciprocals of the fractional parts
    return whole + 1 / _simplest(1 / (b - whole), 1 / (a - whole))


def _decide_bounded(ctx: _Context, lo: Fraction, hi: Fraction) -> None:
    """Decide the claim on ``[lo, hi]`` (ends as in ``ctx.interval`` where they coincide)."""
    stack: list[tuple[Fraction, Fraction, int]] = [(lo, hi, 0)]
    while stack:
        a, b, depth = stack.pop()
        prec = START_PRECISION + depth
        if prec > MAX_PRECISION:
            raise _Undecided(f"precision budget exhausted ({MAX_PRECISION} bits) near x = {a}")
        m = (a + b) / 2
        if _box_decided(ctx, a, b, prec) or _box_decided(ctx, a, b, min(4 * prec, MAX_PRECISION)):
            continue
        ball = ctx.enclose(0, a, b, prec)
        quarter = (b - a) / 4
        simple = _simplest(a + quarter, b - quarter)
        for p in (m, a, b, simple):
            if _point_fails(ctx, p, prec):
                raise _Refuted(p, f"f({p}) < 0 (arb enclosure)")
        if ctx.strict:
            for p in (m, a, b, simple):
                pb = ctx.enclose(0, p, p, prec)
                if ctx.interval.contains(p) and pb is not None and pb.contains(0) and ctx.is_zero(0, p):
                    raise _Refuted(p, f"f({p}) = 0 exactly (proved), so f > 0 fails there")
        if simple.denominator < m.denominator:
            # a zero at a simple rational (x = 1/3) must become a box end for a Taylor argument
            pb = ctx.enclose(0, simple, simple, prec)
            if pb is not None and pb.contains(0) and ctx.is_zero(0, simple):
                stack.append((simple, b, depth + 1))
                stack.append((a, simple, depth + 1))
                continue
        if ball is not None:
            point_balls = {e: ctx.enclose(0, e, e, prec) for e in (a, b)}
            if any(
                pb is not None and pb.contains(0) and _touching(ctx, a, b, e, prec)
                for e, pb in point_balls.items()
            ):
                continue
        stack.append((m, b, depth + 1))
        stack.append((a, m, depth + 1))


# --- Extended interval arithmetic on a closed half-line [A, oo] -------------------------------
# Ends are exact rationals or +-oo (floats); a function's value at an end comes from an arb
# ball, rounded outward to its exact rational bounds.

_INF = math.inf
_End = Fraction | float
_Ext = tuple[_End, _End]


def _frac_ball(v: Fraction) -> arb:
    return arb(fmpq(v.numerator, v.denominator))


def _neg(v: _End) -> _End:
    return -v


def _add(u: _Ext, v: _Ext) -> _Ext:
    def s(p: _End, q: _End) -> _End:
        if isinstance(p, float) or isinstance(q, float):
            infs = {float(t) for t in (p, q) if isinstance(t, float)}
            if len(infs) > 1:
                raise _Undecided("oo - oo in a tail enclosure")
            return infs.pop()
        return p + q

    return s(u[0], v[0]), s(u[1], v[1])


def _mul_end(p: _End, q: _End) -> _End:
    if isinstance(p, float) or isinstance(q, float):
        if p == 0 or q == 0:
            return Fraction(0)
        return -_INF if (p < 0) != (q < 0) else _INF
    return p * q


def _mul(u: _Ext, v: _Ext) -> _Ext:
    products = [_mul_end(p, q) for p in u for q in v]
    return min(products), max(products)


def _recip(u: _Ext) -> _Ext:
    lo, hi = u
    if not (lo > 0 or hi < 0):
        raise _Undecided("division by an enclosure containing 0 in a tail")

    def r(v: _End) -> _End:
        return Fraction(0) if isinstance(v, float) else 1 / v

    return r(hi), r(lo)


def _power(u: _Ext, n: int) -> _Ext:
    lo, hi = u

    def p(v: _End) -> _End:
        if isinstance(v, float):
            return _INF if n % 2 == 0 or v > 0 else -_INF
        return v**n

    if n == 0:
        return Fraction(1), Fraction(1)
    if lo >= 0 or n % 2 == 1:
        return p(lo), p(hi)
    if hi <= 0:
        return p(hi), p(lo)
    return Fraction(0), max(p(lo), p(hi))


def _fn(name: str) -> Callable[[arb], arb]:
    from tanhproof.numeric._evaluators import EVALUATORS, arb_sqrt

    if name == "sqrt":
        return arb_sqrt
    return EVALUATORS[name].arb


#: Increasing catalog functions and their limits at -oo and +oo.
_INCREASING = {
    "exp": (0.0, _INF),
    "tanh": (-1.0, 1.0),
    "sigmoid": (0.0, 1.0),
    "softplus": (0.0, _INF),
    "sinh": (-_INF, _INF),
    "asinh": (-_INF, _INF),
    "erf": (-1.0, 1.0),
    "log": (-_INF, _INF),
    "sqrt": (0.0, _INF),
    "cosh": (_INF, _INF),
}


def _at(name: str, v: _End, limits: tuple[float, float], lower: bool) -> _End:
    """A lower (upper) bound of the function ``name`` at the end ``v``."""
    if isinstance(v, float):
        lim = limits[0] if v < 0 else limits[1]
        return lim if math.isinf(lim) else Fraction(lim)
    ball = _fn(name)(_frac_ball(v))
    if not ball.is_finite():
        raise _Undecided(f"{name} is not finite at a tail end")
    low, high = arb_dyadic_bounds(ball)
    return (low if lower else high).as_fraction()


def _monotone(name: str, u: _Ext, limits: tuple[float, float], increasing: bool = True) -> _Ext:
    if increasing:
        return _at(name, u[0], limits, True), _at(name, u[1], limits, False)
    return _at(name, u[1], limits, True), _at(name, u[0], limits, False)


def _ext_function(name: str, u: _Ext, kinks: list[str]) -> _Ext:
    """An enclosure of ``name(u)``; appends to ``kinks`` where it may not be analytic."""
    lo, hi = u
    if name in ("abs", "sqrt") and lo <= 0 <= hi:
        kinks.append(name)
    if name in ("log",) and not lo > 0:
        raise _Undecided("log of an enclosure reaching 0 in a tail")
    if name == "sqrt" and not lo >= 0:
        raise _Undecided("sqrt of an enclosure reaching below 0 in a tail")
    if name in ("cosh", "abs", "sech"):
        if hi <= 0:
            lo, hi = -hi, -lo
        elif lo < 0:
            lo, hi = Fraction(0), max(-lo, hi)
        if name == "abs":
            return lo, hi
        low, high = _monotone("cosh", (lo, hi), _INCREASING["cosh"])
        return (low, high) if name == "cosh" else _recip((low, high))
    if name in _INCREASING:
        return _monotone(name, u, _INCREASING[name])
    if name in ("coth", "csch"):
        if not (lo > 0 or hi < 0):
            raise _Undecided(f"{name} of an enclosure containing 0 in a tail")
        limits = {"coth": (-1.0, 1.0), "csch": (0.0, 0.0)}[name]
        return _monotone(name, u, limits, increasing=False)
    if name == "sign":
        if lo > 0:
            return Fraction(1), Fraction(1)
        if hi < 0:
            return Fraction(-1), Fraction(-1)
    raise _Undecided(f"no tail enclosure for {name}")


# Exact rewrites that remove a cancellation before enclosing (each is an identity of real
# functions, applied by hand: exp(p)*exp(q) = exp(p + q), log(u) + L = log(u*exp(L))):
# log(1 + exp(x)) - x -> log(exp(-x) + 1), exp(x)/(exp(x) + 1) -> 1/(1 + exp(-x)).

_ExpTerm = tuple[sympy.Expr, sympy.Expr]  # c*exp(lin): (c, lin), c rational, lin linear in y


def _exp_sum(u: sympy.Expr, y: sympy.Symbol) -> list[_ExpTerm] | None:
    """``u`` as a sum of ``c*exp(a*y + b)`` (``c``, ``a``, ``b`` rational), else ``None``."""
    terms: list[_ExpTerm] = []
    for t in sympy.Add.make_args(u):
        c, rest = t.as_coeff_Mul()
        if not c.is_Rational:
            return None
        if rest == 1:
            terms.append((c, sympy.Integer(0)))
        elif isinstance(rest, sympy.exp) and _linear(rest.args[0], y) is not None:
            terms.append((c, rest.args[0]))
        else:
            return None
    return terms


def _shifted(terms: list[_ExpTerm], shift: sympy.Expr) -> sympy.Expr:
    """``sum c*exp(lin - shift)``."""
    return sympy.Add(*(c * sympy.exp(sympy.expand(lin - shift)) for c, lin in terms))


def _merge_log(expr: sympy.Expr, y: sympy.Symbol) -> sympy.Expr | None:
    """``log(u) + L + rest`` -> ``log(sum c_i exp(lin_i + L)) + rest`` for ``L = a*y + b`` the
    linear part (``a != 0``) and ``u = sum c_i exp(lin_i)`` with every ``c_i > 0`` (or
    ``u = 1 + exp(v)`` from ``softplus(v)``): ``log(u) + L = log(u * exp(L))``."""
    logs, linear, rest = [], [], []
    for t in expr.args:
        if isinstance(t, sympy.log) or getattr(t.func, "__name__", "") == "softplus":
            logs.append(t)
        elif _linear(t, y) is not None:
            linear.append(t)
        else:
            rest.append(t)
    if len(logs) != 1 or not linear:
        return None
    line = sympy.Add(*linear)
    if not line.has(y):
        return None
    (log_term,) = logs
    inside = log_term.args[0] if isinstance(log_term, sympy.log) else 1 + sympy.exp(log_term.args[0])
    terms = _exp_sum(inside, y)
    if terms is None or not all(c > 0 for c, _ in terms):
        return None
    return sympy.Add(sympy.log(_shifted(terms, -line)), *rest)


def _conjugate(expr: sympy.Expr, y: sympy.Symbol) -> sympy.Expr | None:
    """``sqrt(P) + R`` -> ``(P - R**2) / (sqrt(P) - R)`` (``sqrt(x**2 + 1) - abs(x)`` ->
    ``1/(sqrt(x**2 + 1) + abs(x))``): equal wherever ``sqrt(P) - R != 0``, which the
    enclosure of the reciprocal checks."""
    roots = [t for t in expr.args if t.is_Pow and t.args[1] == sympy.S.Half]
    if len(roots) != 1:
        return None
    (root,) = roots
    rest = sympy.Add(*(t for t in expr.args if t is not root))
    if not rest.has(y) or rest.has(sympy.Pow(root.args[0], sympy.S.Half)):
        return None
    numerator = sympy.expand(root.args[0] - rest**2)
    return sympy.Mul(numerator, sympy.Pow(root - rest, -1))


def _divide_exp(expr: sympy.Expr, y: sympy.Symbol) -> sympy.Expr | None:
    """``c*exp(L)*S**-1*rest`` -> ``c*rest/sum(c_i exp(lin_i - L))`` for ``S`` a sum of exponentials."""
    factors = list(expr.args)
    exps = [f for f in factors if isinstance(f, sympy.exp) and _linear(f.args[0], y) is not None]
    denominators = [f for f in factors if f.is_Pow and f.args[1] == -1 and _exp_sum(f.args[0], y) is not None]
    if len(exps) != 1 or len(denominators) != 1:
        return None
    (e,), (d,) = exps, denominators
    terms = _exp_sum(d.args[0], y)
    assert terms is not None
    rest = [f for f in factors if f is not e and f is not d]
    return sympy.Mul(*rest) / _shifted(terms, e.args[0])


_Scale = tuple[Fraction, int, Fraction]


def _exp_upper(v: Fraction) -> Fraction:
    return arb_dyadic_bounds(_frac_ball(v).exp())[1].as_fraction()


def _linear(u: sympy.Expr, y: sympy.Symbol) -> tuple[Fraction, Fraction] | None:
    """``(a, b)`` when ``u = a*y + b`` with rational ``a``, ``b``."""
    if not u.is_polynomial(y):
        return None
    poly = sympy.Poly(u, y)
    if poly.degree() > 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    coeffs = [Fraction(int(c.p), int(c.q)) for c in poly.all_coeffs()]
    return (coeffs[0], coeffs[1]) if len(coeffs) == 2 else (Fraction(0), coeffs[0])


def _scale(expr: sympy.Expr, y: sympy.Symbol, start: Fraction, kinks: list[str]) -> _Scale | None:
    """``(C, k, c)`` with ``|expr(y)| <= C * y**k * exp(c*y)`` for every ``y >= start >= 1``."""
    if expr == y:
        return Fraction(1), 1, Fraction(0)
    if expr.is_Rational:
        return abs(Fraction(int(expr.p), int(expr.q))), 0, Fraction(0)
    if expr.is_Mul or expr.is_Add:
        parts = [_scale(a, y, start, kinks) for a in expr.args]
        if any(p is None for p in parts):
            return None
        known = [p for p in parts if p is not None]
        if expr.is_Mul:
            out: _Scale = (Fraction(1), 0, Fraction(0))
            for big_c, k, c in known:
                out = (out[0] * big_c, out[1] + k, out[2] + c)
            return out
        # y**ki * exp(ci*y) <= y**k * exp(c*y) for y >= 1 when ki <= k and ci <= c
        return sum((p[0] for p in known), Fraction(0)), max(p[1] for p in known), max(p[2] for p in known)
    if expr.is_Pow and expr.args[1].is_Integer and int(expr.args[1]) >= 0:
        inner = _scale(expr.args[0], y, start, kinks)
        n = int(expr.args[1])
        return None if inner is None else (inner[0] ** n, inner[1] * n, inner[2] * n)
    name = getattr(expr.func, "__name__", "")
    line = _linear(expr.args[0], y) if len(expr.args) == 1 else None
    if line is not None:
        a, b = line
        # exp(u) = e^b e^(a y); sigmoid(u) <= e^u and softplus(u) = log(1 + e^u) <= e^u;
        # sech(u) = 2/(e^u + e^-u) <= 2 e^-|u| <= 2 e^|b| e^(-|a| y)
        if name == "exp" or (name in ("sigmoid", "softplus") and a < 0):
            return _exp_upper(b), 0, a
        if name == "sech":
            return 2 * _exp_upper(abs(b)), 0, -abs(a)
    try:
        lo, hi = _ext_eval(expr, y, start, kinks)
    except _Undecided:
        return None
    if isinstance(lo, float) or isinstance(hi, float):
        return None
    return max(abs(lo), abs(hi)), 0, Fraction(0)


def _decay_bound(expr: sympy.Expr, y: sympy.Symbol, start: Fraction, kinks: list[str]) -> Fraction | None:
    """A bound of ``|expr|`` on ``[start, oo)`` from its scale ``C y**k e^(c y)`` where that
    is non-increasing there (``k + c*start <= 0``): ``C start**k e^(c start)``."""
    if start < 1:
        return None
    scale = _scale(expr, y, start, kinks)
    if scale is None:
        return None
    big_c, k, c = scale
    if c > 0 or k + c * start > 0:
        return None
    return big_c * start**k * _exp_upper(c * start)


#: Marks a conjugation in an enclosure's notes (not a kink); at most this many per enclosure.
_CONJUGATED = "conjugated"
_MAX_CONJUGATES = 4


def _direct_sum(expr: sympy.Expr, x: sympy.Symbol, start: Fraction, kinks: list[str]) -> _Ext:
    total = _ext_eval(expr.args[0], x, start, kinks)
    for a in expr.args[1:]:
        total = _add(total, _ext_eval(a, x, start, kinks))
    return total


def _ext_eval(expr: sympy.Expr, x: sympy.Symbol, start: Fraction, kinks: list[str]) -> _Ext:
    """An enclosure of ``expr`` for ``x`` in ``[start, oo)`` (extended interval arithmetic)."""
    if expr == x:
        return start, _INF
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q)), Fraction(int(expr.p), int(expr.q))
    if expr in (sympy.pi, sympy.E):
        low, high = arb_dyadic_bounds(compile_arb(expr)({}))
        return low.as_fraction(), high.as_fraction()
    if expr.is_Add:
        merged = _merge_log(expr, x)
        if merged is not None:
            return _ext_eval(merged, x, start, kinks)
        try:
            total = _direct_sum(expr, x, start, kinks)
        except _Undecided:
            total = None
        if (total is None or total[0] == -_INF) and kinks.count(_CONJUGATED) < _MAX_CONJUGATES:
            conjugate = _conjugate(expr, x)  # oo - oo: try the conjugate form
            if conjugate is not None:
                kinks.append(_CONJUGATED)
                better = _ext_eval(conjugate, x, start, kinks)
                if total is None or better[0] != -_INF:
                    return better
        if total is None:
            raise _Undecided(f"oo - oo in a tail enclosure of {sympy.sstr(expr)}")
        return total
    if expr.is_Mul:
        divided = _divide_exp(expr, x)
        if divided is not None:
            return _ext_eval(divided, x, start, kinks)
        total = _ext_eval(expr.args[0], x, start, kinks)
        for a in expr.args[1:]:
            total = _mul(total, _ext_eval(a, x, start, kinks))
        bound = _decay_bound(expr, x, start, kinks)
        if bound is not None:  # e.g. x*sigmoid(-x): [0, oo] from the factors, <= A*exp(-A) here
            total = (max(total[0], -bound), min(total[1], bound))
        return total
    if expr.is_Pow:
        base, e = expr.args
        u = _ext_eval(base, x, start, kinks)
        if e.is_Integer:
            n = int(e)
            return _power(u, n) if n >= 0 else _recip(_power(u, -n))
        if e.is_Rational and e.q == 2:
            root = _ext_function("sqrt", u, kinks)
            p = int(e.p)
            return _power(root, p) if p > 0 else _recip(_power(root, -p))
        raise _Undecided(f"no tail enclosure for the power {sympy.sstr(expr)}")
    if len(expr.args) == 1:
        name = "abs" if isinstance(expr, sympy.Abs) else "sign" if isinstance(expr, sympy.sign) else None
        if name is None:
            from tanhproof.expr._catalog import CATALOG

            name = next((e.name for e in CATALOG.values() if e.func == expr.func), None)
        if name is not None:
            return _ext_function(name, _ext_eval(expr.args[0], x, start, kinks), kinks)
    raise _Undecided(f"no tail enclosure for {sympy.sstr(expr)}")


#: Catalog functions positive at every real point of their domain.
_POSITIVE_FUNCTIONS = ("exp", "sigmoid", "softplus", "cosh", "sech")


def _surely_positive(expr: sympy.Expr, y: sympy.Symbol, start: Fraction, depth: int = 0) -> bool:
    """Whether ``expr(y) > 0`` at every point ``y >= start``, pointwise: a product or sum
    of factors each positive there (its tail enclosure is, or it is ``exp``, ``sigmoid``...
    of a defined argument, or the reciprocal or square root of such a factor).

    Enclosures on ``[start, oo]`` may reach 0 only as a limit (``1/(x + 1)``), so they are
    used for the denominators' and roots' arguments only where they exclude 0, and a
    reciprocal of a value finite at every point is positive there.
    """
    enclosure = _tail_enclosure(expr, y, start)
    if enclosure is not None and enclosure[0][0] > 0:
        return True
    if depth >= 4:
        return False
    for rewrite in (_merge_log, _divide_exp, _conjugate):
        again = rewrite(expr, y) if expr.is_Add or expr.is_Mul else None
        if again is not None and again != expr:
            return _surely_positive(again, y, start, depth + 1)
    if enclosure is None:
        return False
    if expr.is_Mul:
        return all(_surely_positive(a, y, start, depth + 1) for a in expr.args)
    if expr.is_Add:
        lowers = [_tail_enclosure(a, y, start) for a in expr.args]
        return all(e is not None and e[0][0] >= 0 for e in lowers) and any(
            _surely_positive(a, y, start, depth + 1) for a in expr.args
        )
    if expr.is_Pow and expr.args[1].is_Rational and expr.args[1] < 0:
        base = _tail_enclosure(expr.args[0], y, start)
        return base is not None and base[0][0] > 0  # finite and positive at each point
    if expr.is_Pow and expr.args[1] == sympy.S.Half:
        return _surely_positive(expr.args[0], y, start, depth + 1)
    return getattr(expr.func, "__name__", "") in _POSITIVE_FUNCTIONS


def _tail_enclosure(g: sympy.Expr, x: sympy.Symbol, start: Fraction) -> tuple[_Ext, bool] | None:
    """An enclosure of ``g`` on ``[start, oo)`` and whether ``g`` is surely real-analytic there."""
    old = flint.ctx.prec
    flint.ctx.prec = START_PRECISION
    kinks: list[str] = []
    try:
        return _ext_eval(g, x, start, kinks), all(k == _CONJUGATED for k in kinks)
    except (_Undecided, DomainError, ValueError, ZeroDivisionError, RecursionError):
        return None
    finally:
        flint.ctx.prec = old


def _text(v: _End) -> str:
    return ("oo" if v > 0 else "-oo") if isinstance(v, float) else str(v)


def _point(g: sympy.Expr, y: sympy.Symbol, p: Fraction) -> arb | None:
    """An enclosure of ``g`` at the rational point ``p`` (``None`` where undefined)."""
    old = flint.ctx.prec
    flint.ctx.prec = 2 * START_PRECISION
    try:
        value = compile_arb(_arb_form(g))({y: _frac_ball(p)})
    except (DomainError, ZeroDivisionError, ValueError):
        return None
    finally:
        flint.ctx.prec = old
    return value if value.is_finite() else None


def _slope_nonnegative(g: sympy.Expr, y: sympy.Symbol, start: Fraction) -> str | None:
    """How ``g' >= 0`` on ``[start, oo)`` is shown (enclosure, else the exact procedure)."""
    dg = sympy.diff(g, y)
    slope = _tail_enclosure(dg, y, start)
    if slope is not None and slope[0][0] >= 0:
        return f"f' >= {_text(slope[0][0])} on the tail (enclosure)"
    from tanhproof.proof._exactsign import sign_exact

    try:
        exact = sign_exact(dg, y, Interval(lo=start, lo_closed=True), strict=False)
    except TanhproofError:
        return None
    return f"f' >= 0 on the tail ({exact.method})" if exact.holds else None


def _decide_tail(
    ctx: _Context, g: sympy.Expr, y: sympy.Symbol, start: Fraction, label: str
) -> dict[str, Any] | None:
    """Decide ``g(y) > 0`` (``>= 0``) for ``y`` in ``[start, oo)``: a certificate or ``None``.

    Three arguments, tried in turn: (1) the enclosure of ``g`` on the closed half-line
    ``[start, oo]`` is positive (non-negative); (2) ``g' >= 0`` there and ``g(start) > 0``
    (``>= 0``): ``g(y) >= g(start)``; (4) the same one derivative higher (up to
    :data:`MAX_TAYLOR_ORDER`); (3) strict claims only: the enclosure of ``g`` is
    ``>= 0``, ``g(start) > 0``, ``-g' >= 0`` and ``g`` is real-analytic on the tail: were
    ``g(y0) = 0``, ``g`` would vanish on ``[y0, oo)``, hence everywhere.
    """
    enclosure = _tail_enclosure(g, y, start)
    if enclosure is not None and (enclosure[0][0] > 0 or (not ctx.strict and enclosure[0][0] >= 0)):
        return {"tail": label, "argument": "enclosure of f on the tail", "f_lower": _text(enclosure[0][0])}
    at_start = _point(g, y, start)
    if at_start is None or not (at_start > 0 or (not ctx.strict and at_start >= 0)):
        return None
    rising = _slope_nonnegative(g, y, start)
    if rising is not None:
        return {
            "tail": label,
            "argument": f"{rising} and f at its start",
            "f_at_start": _bounds_text(at_start),
        }
    if enclosure is not None and enclosure[0][0] >= 0 and enclosure[1]:
        falling = _slope_nonnegative(-g, y, start)
        if falling is not None:
            return {
                "tail": label,
                "argument": f"f >= 0 on the tail (enclosure), f at its start > 0, -{falling}, f analytic",
                "f_at_start": _bounds_text(at_start),
            }
    # (5) strict: positive at each point of the tail (not only as an enclosure, which may
    # reach 0 as a limit): 1/(sqrt(x**2 + 1) + x) is positive wherever it is finite.
    if ctx.strict and _surely_positive(g, y, start):
        return {"tail": label, "argument": "f > 0 at each point of the tail (positive factors)"}
    # (4) f^(j)(start) > 0 for 1 <= j < k and f^(k) >= 0 on the tail: each f^(j) increases.
    derivative = g
    for k in range(1, MAX_TAYLOR_ORDER + 1):
        derivative = sympy.diff(derivative, y)
        if k >= 2:
            top = _tail_enclosure(derivative, y, start)
            if top is not None and top[0][0] >= 0:
                return {
                    "tail": label,
                    "argument": f"f^({k}) >= {_text(top[0][0])} on the tail (enclosure), "
                    f"f^(j)({start}) > 0 for 1 <= j < {k} and f at its start",
                    "f_at_start": _bounds_text(at_start),
                }
        value = _point(derivative, y, start)
        if value is None or not value > 0:
            return None
    return None


def _tails(
    ctx: _Context, f: sympy.Expr, x: sympy.Symbol
) -> tuple[Fraction, Fraction, list[dict[str, Any]], list[str]]:
    """Choose where the tails start and decide them.

    Returns the bounded part left ``(lo, hi)``, the tail certificates and the reasons
    of the tails that could not be decided (their bounded part then reaches the last
    start tried, where a counterexample is still looked for).
    """
    iv = ctx.interval
    tails: list[dict[str, Any]] = []
    failures: list[str] = []
    lo, hi = iv.lo, iv.hi
    if hi is None:
        for a in TAIL_STARTS:
            start = a if lo is None else max(a, Fraction(math.floor(lo)) + a)
            cert = _decide_tail(ctx, f, x, start, f"[{start}, oo)")
            if cert is not None:
                tails.append(cert)
                break
        else:
            failures.append(f"the tail [{start}, oo): neither the enclosure of f nor a sign of f' decides it")
        hi = start
    if lo is None:
        mirrored = f.subs(x, -x)
        for a in TAIL_STARTS:
            start = a if iv.hi is None else max(a, Fraction(-math.ceil(iv.hi)) + a)
            cert = _decide_tail(ctx, mirrored, x, start, f"(-oo, {-start}]")
            if cert is not None:
                tails.append(cert)
                break
        else:
            failures.append(
                f"the tail (-oo, {-start}]: neither the enclosure of f nor a sign of f' decides it"
            )
        lo = -start
    return lo, hi, tails, failures


def _probe_tails(ctx: _Context, lo: Fraction, hi: Fraction) -> None:
    """Look for a counterexample beyond the bounded part: at ``+-2**k``."""
    for k in range(7, 31):
        for p in (Fraction(2**k), Fraction(-(2**k))):
            if (p > hi or p < lo) and _point_fails(ctx, p, 2 * START_PRECISION + k):
                raise _Refuted(p, f"f({p}) < 0 (arb enclosure)")


def _decide_bounded_or_point(ctx: _Context, lo: Fraction, hi: Fraction) -> None:
    if lo < hi:
        _decide_bounded(ctx, lo, hi)
        return
    if not ctx.interval.contains(lo):
        return
    ctx.count()
    ball = ctx.enclose(0, lo, lo, 2 * START_PRECISION)
    if ball is not None and ctx.good(ball):
        ctx.records.append({"lo": str(lo), "hi": str(lo), "f": _bounds_text(ball)})
        return
    if _point_fails(ctx, lo, 2 * START_PRECISION):
        raise _Refuted(lo, f"f({lo}) < 0 (arb enclosure)")
    if not ctx.is_zero(0, lo):
        raise _Undecided(f"the sign of f({lo}) is not decided")
    if ctx.strict:
        raise _Refuted(lo, f"f({lo}) = 0 exactly (proved)")
    ctx.zeros.add(lo)


def sign_by_boxes(f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> SignResult:
    """``f > 0`` (``strict``) or ``f >= 0`` on ``interval`` by arb subdivision.

    Returns a :class:`SignResult`: ``holds=True`` with the boxes and tail arguments in
    ``certificate``; ``False`` with an exact rational ``witness`` where ``f`` fails;
    ``None`` with the reason (budget exhausted, an enclosure arb cannot give, a tail
    no argument covers).

    >>> from fractions import Fraction
    >>> from tanhproof.numeric._reading import parse
    >>> from tanhproof.expr._parser import symbol
    >>> x = symbol("x")
    >>> sign_by_boxes(parse("x*sigmoid(x) + 28/100"), x, Interval(), True).holds
    True
    """
    if f.free_symbols - {x}:
        return SignResult(None, "none", reason="interval subdivision handles one variable only")
    ctx = _Context(f, x, interval, strict)
    try:
        compile_arb(f)
    except TanhproofError as error:
        return SignResult(None, "none", reason=f"no rigorous enclosure: {error}")
    try:
        for p in SIMPLE_POINTS:
            if _point_fails(ctx, p, 2 * START_PRECISION):
                raise _Refuted(p, f"f({p}) < 0 (arb enclosure)")
        lo, hi, tails, failures = _tails(ctx, f, x)
        try:
            _decide_bounded_or_point(ctx, lo, hi)
        except _Undecided as undecided:
            failures.append(str(undecided))
        if failures:
            _probe_tails(ctx, lo, hi)
            raise _Undecided("; ".join(failures))
    except _Refuted as refuted:
        return SignResult(
            False,
            "interval subdivision with arb",
            witness=refuted.witness,
            reason=refuted.reason,
            certificate={"boxes_evaluated": ctx.boxes},
        )
    except _Undecided as undecided:
        return SignResult(None, "none", reason=f"interval subdivision: {undecided}")
    except TanhproofError as error:
        return SignResult(None, "none", reason=f"interval subdivision: {error}")
    method = f"interval subdivision with arb ({len(ctx.records)} boxes)"
    if tails:
        method += " and tail enclosures (f, or a derivative sign)"
    if ctx.zeros:
        method += " and exact Taylor arguments at touching points"
    zeros = tuple(f"{x} = {z}" for z in sorted(ctx.zeros))
    certificate = {
        "variable": str(x),
        "interval": str(interval),
        "strict": strict,
        "bounded_part": [str(lo), str(hi)],
        "boxes": ctx.records,
        "tails": tails,
        "budget": {"max_boxes": MAX_BOXES, "max_precision": MAX_PRECISION, "boxes_evaluated": ctx.boxes},
    }
    return SignResult(True, method, zeros=zeros, certificate=certificate)
