"""The exact sign of an exp-rational function of one variable on an interval.

For ``f`` exp-rational in one variable ``x`` (a rational function of ``T = exp(x/q)``,
:mod:`tanhproof.proof._exprational`), ``f = N(T)/D(T)`` with ``N``, ``D`` exact
polynomials over Q, coprime. Where ``D(T) != 0`` the sign of ``f`` is the sign of
``N(T)*D(T)``, and ``T = exp(x/q)`` maps the interval of ``x`` increasingly onto an
interval of ``T > 0`` with ends ``exp(lo/q)``, ``exp(hi/q)`` (``0`` and ``oo`` for
infinite ends). The positive real roots of ``N`` and ``D`` are isolated exactly:
python-flint factors ``N`` and ``D`` over Z and encloses the complex roots of each
irreducible factor in disjoint certified balls; a real root's ball gives a rational
bracket ``[a, b]`` with a sign change of its factor, checked in exact rational
arithmetic and refined by bisection. An end ``exp(r)`` with rational ``r != 0`` is
transcendental (Lindemann), so it never equals an algebraic root: the two are
separated by refining arb balls. Between consecutive roots the sign of ``N*D`` is
constant and is read at a rational sample in exact arithmetic.

Hence the verdict: positive everywhere; non-negative with zeros (reported as
``x = q*log(root)``: ``"x = 0"`` for the root ``T = 1``); or failing, with an exact
rational ``witness`` inside a gap of the wrong sign (or at ``x = 0`` for a zero at
``T = 1`` of a strict claim). A strict claim whose only failures are zeros at other
roots carries one of them exactly, as ``touching`` (a
:class:`~tanhproof.proof._logpoint.LogPoint`, :mod:`tanhproof.proof._touching`):
``(exp(x) - 3)**2 > 0`` fails at ``x = log(3)``. Poles (roots of ``D``) are excluded points: the claim is
about the points where ``f`` is defined. Budgets count work: degree and refinement
steps, never time.

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> x = parse("x")
>>> r = sign_exact(parse("1 - tanh(x)"), x, Interval(), strict=True)
>>> r.holds, r.method
(True, 'exact real-root isolation (exp-rational)')
>>> sign_exact(parse("sech(x)**2 - 1"), x, Interval(), strict=False).witness
Fraction(-1, 1)
>>> sign_exact(parse("1 - sech(x)**2"), x, Interval(), strict=False).zeros
('x = 0',)
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import flint
import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._limits import LIMITS
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._logpoint import LogPoint
from tanhproof.proof._posroots import PositiveRoot, RootIsolationError, ball_bounds, positive_roots
from tanhproof.proof._sides import evaluated
from tanhproof.proof._signs import SignResult
from tanhproof.proof._touching import touching_result

__all__ = ["METHOD_EXACT_SIGN", "sign_exact"]

METHOD_EXACT_SIGN = "exact real-root isolation (exp-rational)"

#: Bisection/precision refinements allowed to separate two points (work, not time).
_MAX_REFINE = 400


def _q(value: Fraction) -> flint.fmpq:
    return flint.fmpq(value.numerator, value.denominator)


class _Point:
    """A point of ``T > 0`` (or ``0``, ``oo``) known by a rational bracket that can be refined.

    Kinds: ``exact`` (a rational ``T``), ``root`` (an irrational root of an irreducible
    factor ``g``, bracketed with a sign change), ``end`` (``exp(e/q)`` for a rational
    ``e != 0``: transcendental), ``zero`` and ``inf``.
    """

    def __init__(self, kind: str, lo: Fraction | None, hi: Fraction | None, *, g=None, e=None, q=1):
        self.kind, self.lo, self.hi, self.g, self.e, self.q = kind, lo, hi, g, e, q
        self.prec = 64
        self.source: PositiveRoot | None = None  # the root isolated, for exact and root kinds

    def refine(self) -> None:
        if self.kind == "root":
            assert self.lo is not None and self.hi is not None
            mid = (self.lo + self.hi) / 2
            s_lo, s_mid = self.g(_q(self.lo)), self.g(_q(mid))
            if (s_lo > 0) == (s_mid > 0):
                self.lo = mid
            else:
                self.hi = mid
        elif self.kind == "end":
            self.prec *= 2
            flint.ctx.prec, saved = self.prec, flint.ctx.prec
            try:
                self.lo, self.hi = ball_bounds(flint.arb(_q(self.e / self.q)).exp())
            finally:
                flint.ctx.prec = saved

    def x_bounds(self, prec: int) -> tuple[Fraction | None, Fraction | None]:
        """A rational bracket of ``x = q*log(T)`` (``None``: infinite)."""
        if self.kind == "zero":
            return None, None
        if self.kind == "inf":
            return None, None
        if self.kind == "end":
            return self.e, self.e
        assert self.lo is not None and self.hi is not None
        saved = flint.ctx.prec
        flint.ctx.prec = prec
        try:
            lo = ball_bounds(flint.arb(_q(self.lo)).log() * self.q)[0]
            hi = ball_bounds(flint.arb(_q(self.hi)).log() * self.q)[1]
        finally:
            flint.ctx.prec = saved
        return lo, hi


class _Budget(Exception):
    pass


def _end(e: Fraction | None, q: int, low: bool) -> _Point:
    if e is None:
        return _Point("zero", Fraction(0), Fraction(0)) if low else _Point("inf", None, None)
    if e == 0:
        return _Point("exact", Fraction(1), Fraction(1), e=Fraction(0), q=q)
    p = _Point("end", None, None, e=e, q=q)
    p.prec = 32
    p.refine()
    return p


def _less(a: _Point, b: _Point) -> bool | None:
    """``a < b`` (``None``: equal), refining both until their brackets separate."""
    if a.kind == "inf" or b.kind == "zero":
        return False if not (a.kind == b.kind) else None
    if b.kind == "inf" or a.kind == "zero":
        return True
    if a.kind == "end" and b.kind == "end" and a.e == b.e:
        return None
    for _ in range(_MAX_REFINE):
        assert a.lo is not None and a.hi is not None and b.lo is not None and b.hi is not None
        if a.kind == "exact" and b.kind == "exact":
            return None if a.lo == b.lo else a.lo < b.lo
        if a.hi < b.lo:
            return True
        if b.hi < a.lo:
            return False
        a.refine()
        b.refine()
    raise _Budget("could not separate two points within the refinement budget")


def _between(a: Fraction | None, b: Fraction | None) -> Fraction:
    """A simple rational strictly between ``a`` and ``b`` (``None``: infinite)."""
    if a is None and b is None:
        return Fraction(0)
    if a is None:
        assert b is not None
        return Fraction(0) if b > 0 else Fraction(math.floor(b) - 1)
    if b is None:
        return Fraction(0) if a < 0 else Fraction(math.floor(a) + 1)
    if a < 0 < b:
        return Fraction(0)
    for d in range(1, 65):
        n = math.floor(a * d) + 1
        if Fraction(n, d) < b:
            # the candidate nearest 0 at this denominator
            if b <= 0:
                n = math.ceil(b * d) - 1
            return Fraction(n, d)
    return (a + b) / 2


def _gap_sample(a: _Point, b: _Point) -> Fraction:
    """A rational ``T`` strictly between ``a < b`` (brackets already separated)."""
    lo = a.hi if a.kind != "zero" else Fraction(0)
    hi = b.lo if b.kind != "inf" else None
    assert lo is not None
    return _between(lo, hi)


def _witness(a: _Point, b: _Point) -> Fraction:
    """A rational ``x`` with ``exp(x/q)`` strictly between ``a < b``."""
    for k in range(_MAX_REFINE // 8):
        prec = 64 + 32 * k
        ahi = a.x_bounds(prec)[1]
        blo = b.x_bounds(prec)[0]
        if ahi is None or blo is None or ahi < blo:
            return _between(ahi, blo)
        a.refine()
        b.refine()
    raise _Budget("could not place a rational point between two roots within the refinement budget")


def _univariate(poly: flint.fmpq_mpoly, index: int) -> flint.fmpq_poly:
    coefficients = {m[index]: c for m, c in poly.terms()}
    if not coefficients:
        return flint.fmpq_poly([])
    return flint.fmpq_poly([coefficients.get(k, 0) for k in range(max(coefficients) + 1)])


def _text(factor: flint.fmpz_poly) -> str:
    return str(factor).replace("x", "T")


def _roots(p: flint.fmpq_poly, q: int, where: str) -> list[tuple[_Point, int, str, str]]:
    """The positive real roots of ``p``: (point, multiplicity, factor text, where)."""
    out: list[tuple[_Point, int, str, str]] = []
    if p.degree() < 1:
        return out
    try:
        roots = positive_roots(p)
    except RootIsolationError as exc:
        raise _Budget(str(exc)) from None
    for root in roots:
        factor = root.factor
        if root.rational is not None:
            point = _Point("exact", root.rational, root.rational, e=None, q=q)
        else:
            lo, hi = root.bracket
            point = _Point("root", lo, hi, g=flint.fmpq_poly(factor), q=q)
        point.source = root
        out.append((point, root.multiplicity, _text(factor), where))
    return out


def _ball_text(point: _Point) -> str:
    """The root ``T`` as an arb ball (midpoint +/- radius), for people."""
    if point.kind == "exact" or point.lo is None or point.hi is None:
        return str(point.lo)
    mid, rad = (point.lo + point.hi) / 2, (point.hi - point.lo) / 2
    return flint.arb(_q(mid), _q(rad)).str(12, radius=True)


def _describe(point: _Point, q: int, factor: str, name: str = "x") -> str:
    if point.kind == "exact":
        assert point.lo is not None
        value = sympy.Integer(q) * sympy.log(sympy.Rational(point.lo.numerator, point.lo.denominator))
        return f"{name} = {sympy.sstr(value)}"
    if point.source is not None:  # log(2)/2, or log(r) ≈ ..., r ≈ ... the root of ... in (a, b)
        return f"{name} = {LogPoint(Fraction(q), point.source).text()}"
    lo, hi = point.x_bounds(64)
    assert lo is not None and hi is not None
    approx = float((lo + hi) / 2)
    scale = "" if q == 1 else f"{q}*"
    return f"{name} = {scale}log(t) ≈ {approx:.6g}, t = {_ball_text(point)} the root of {factor}"


def sign_exact(f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> SignResult:
    """``f > 0`` (``strict``) or ``f >= 0`` on ``interval``, decided exactly when ``f`` is
    exp-rational in ``x``; ``holds=None`` otherwise (with the reason).

    >>> from tanhproof.numeric._reading import parse
    >>> r = sign_exact(parse("tanh(x)"), parse("x"), Interval(), strict=True)
    >>> r.holds, r.witness
    (False, Fraction(-1, 1))
    >>> sign_exact(parse("tanh(x)"), parse("x"), Interval(Fraction(0), None, True), strict=False).zeros
    ('x = 0',)
    """
    others = f.free_symbols - {x}
    if others:
        names = ", ".join(sorted(str(s) for s in others))
        return SignResult(None, "none", reason=f"the exact sign procedure takes one variable; also: {names}")
    try:
        prepared = prepare(evaluated(f))
        ctx = RationalContext.for_expressions([prepared])
        form = ctx.convert(prepared).reduced()
    except (TanhproofError, KeyError, ValueError, ZeroDivisionError) as exc:
        return SignResult(None, "none", reason=f"not converted to the exp-rational form: {exc}")
    used = {i for poly in (form.num, form.den) for m in poly.monoms() for i, d in enumerate(m) if d}
    if not ctx.complete or len(used) > 1 or any(ctx.exponent_of(i) is None for i in used):
        return SignResult(
            None,
            "none",
            reason="not exp-rational in one variable (a polynomial in x times exponentials, opaque "
            "functions, or constants such as exp(1/2) in exponents)",
        )
    if used:
        (index,) = used
        v, q = ctx.exponent_of(index)  # type: ignore[misc]
        if v != x:
            return SignResult(None, "none", reason=f"exponential of {v}, not of {x}")
    else:
        index, q = 0, 1
    num, den = _univariate(form.num, index), _univariate(form.den, index)
    if max(num.degree(), den.degree()) > LIMITS.max_degree:
        return SignResult(None, "none", reason=f"degree over the limit LIMITS.max_degree={LIMITS.max_degree}")
    certificate: dict[str, Any] = {
        "substitution": {ctx.names[index]: ctx.substitution.get(ctx.names[index], f"exp({x}/{q})")}
        if used
        else {},
        "numerator": ctx.text(form.num),
        "denominator": ctx.text(form.den),
        "interval": str(interval),
        "T_interval": _t_interval(interval, q),
    }
    try:
        return _decide(num, den, q, interval, strict, certificate, str(x))
    except _Budget as exc:
        return SignResult(None, "none", certificate=certificate, reason=f"exact sign procedure: {exc}")


def _t_interval(interval: Interval, q: int) -> str:
    def end(e: Fraction | None, default: str) -> str:
        if e is None:
            return default
        if e == 0:
            return "1"
        return f"exp({e / q})"

    left = "[" if interval.lo_closed else "("
    right = "]" if interval.hi_closed else ")"
    return f"{left}{end(interval.lo, '0')}, {end(interval.hi, 'oo')}{right}"


def _decide(
    num: flint.fmpq_poly,
    den: flint.fmpq_poly,
    q: int,
    interval: Interval,
    strict: bool,
    certificate: dict[str, Any],
    name: str,
) -> SignResult:
    if num.is_zero():
        # f is identically zero where defined
        if strict:
            w = _between(interval.lo, interval.hi) if not interval.contains(Fraction(0)) else Fraction(0)
            if not interval.contains(w):
                w = interval.lo if interval.lo is not None and interval.lo_closed else w
            return SignResult(
                False, METHOD_EXACT_SIGN, witness=w, certificate=certificate, reason="f = 0 identically"
            )
        return SignResult(True, METHOD_EXACT_SIGN, zeros=("everywhere",), certificate=certificate)
    lo_end, hi_end = _end(interval.lo, q, True), _end(interval.hi, q, False)
    critical = _roots(num, q, "numerator") + _roots(den, q, "denominator")
    inside: list[tuple[_Point, int, str, str]] = []
    zeros: list[str] = []
    at_closed_end: list[tuple[_Point, int, str, str]] = []
    for item in critical:
        point = item[0]
        above = _less(lo_end, point)
        below = _less(point, hi_end)
        if above and below:
            inside.append(item)
        elif (above is None and interval.lo_closed) or (below is None and interval.hi_closed):
            at_closed_end.append(item)
    # sort the interior critical points (distinct: coprime squarefree factors)
    ordered: list[tuple[_Point, int, str, str]] = []
    for item in inside:
        k = 0
        while k < len(ordered) and _less(ordered[k][0], item[0]):
            k += 1
        ordered.insert(k, item)
    points = [lo_end] + [item[0] for item in ordered] + [hi_end]
    product = num * den
    pattern: list[str] = []
    witness: Fraction | None = None
    for k in range(len(points) - 1):
        a, b = points[k], points[k + 1]
        _less(a, b)  # separates the brackets
        t = _gap_sample(a, b)
        s = product(_q(t))
        sign = "+" if s > 0 else "-"
        pattern.append(f"{sign} at T = {t}")
        if k < len(ordered):
            item = ordered[k]
            pattern.append(
                f"{'0' if item[3] == 'numerator' else 'pole'} at {_describe(item[0], q, item[2], name)}"
            )
        if s < 0 and witness is None:
            witness = _witness(a, b)
    for item in at_closed_end:
        kind = "0" if item[3] == "numerator" else "pole"
        pattern.append(f"{kind} at the closed end {_describe(item[0], q, item[2], name)}")
    for item in ordered + at_closed_end:
        if item[3] == "numerator":
            zeros.append(_describe(item[0], q, item[2], name))
    poles = [
        _describe(item[0], q, item[2], name) for item in ordered + at_closed_end if item[3] == "denominator"
    ]
    certificate["roots"] = [
        {
            "factor": factor,
            "multiplicity": m,
            "of": where,
            "T": str(p.lo) if p.kind == "exact" else f"[{p.lo}, {p.hi}]",
            "ball": _ball_text(p),
            "x": _describe(p, q, factor, name),
        }
        for p, m, factor, where in critical
    ]
    certificate["sign_pattern"] = pattern
    if poles:
        certificate["excluded_poles"] = poles
    note = f"; poles excluded (f undefined there): {', '.join(poles)}" if poles else ""
    if witness is not None:
        return SignResult(
            False,
            METHOD_EXACT_SIGN,
            witness=witness,
            certificate=certificate,
            reason=f"f = N/D has N*D < 0 between consecutive roots, so f < 0 at {name} = {witness}{note}",
        )
    if strict and zeros:
        rational = [
            item for item in ordered + at_closed_end if item[3] == "numerator" and item[0].kind == "exact"
        ]
        ones = [item for item in rational if item[0].lo == 1]
        if ones:
            return SignResult(
                False,
                METHOD_EXACT_SIGN,
                zeros=tuple(zeros),
                witness=Fraction(0),
                certificate=certificate,
                reason=f"f = 0 at {name} = 0 (T = 1 is a root of the numerator){note}",
            )
        failed = SignResult(
            False,
            METHOD_EXACT_SIGN,
            zeros=tuple(zeros),
            certificate=certificate,
            reason=f"f = 0 at {'; '.join(zeros)}, no rational point: no rational counterexample{note}",
        )
        sources = [item[0].source for item in ordered if item[3] == "numerator"]
        return touching_result(num, den, q, [r for r in sources if r is not None], failed, name)
    return SignResult(True, METHOD_EXACT_SIGN, zeros=tuple(zeros), certificate=certificate, reason=note[2:])
