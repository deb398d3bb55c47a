"""Shape claims about a function of one variable, each proved through the derivative it names.

=================  ===================================================================
kind               what is proved
=================  ===================================================================
``increasing``     ``f' >= 0`` on the interval with isolated zeros (strictly increasing)
``decreasing``     ``f' <= 0`` likewise
``convex``         ``f'' >= 0`` on the interval
``concave``        ``f'' <= 0`` on the interval
``maximum``        ``f(a) = M`` (the prover) and ``M - f >= 0`` with equality only at ``a``
``minimum``        ``f(a) = M`` and ``f - M >= 0`` with equality only at ``a``
``inflection``     ``f''(a) = 0`` (the prover) and ``f''`` of opposite strict signs on the
                   two sides of ``a``
=================  ===================================================================

The derivative is computed by SymPy and its identity ``diff(f, x) = f'`` is itself proved
by the exact prover (:func:`tanhproof.proof._prover.prove`); the sign is decided by
:func:`tanhproof.proof._inequality.decide_sign` (exact for the exp-rational family,
rigorous arb subdivision otherwise). The :class:`~tanhproof.proof._records.Proof` has
``relation="shape"``, ``claim`` in words, ``parts`` = the proofs it rests on (the
derivative identity, the sign, the value at ``a``), and ``where`` the interval.

A claim is ``refuted`` only with a certified point: where the derivative has the
wrong sign (an exact rational point and an arb enclosure of the derivative there that
excludes 0), or where ``f`` passes the claimed extreme value; ``undecided`` otherwise.

Examples
========

>>> p = prove_shape("tanh(x)", "increasing")
>>> p.claim, p.relation
('tanh(x) is increasing on (-oo, oo)', 'shape')
>>> [str(part.verdict) for part in p.parts][:1]
['proved']
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._claims import read_where
from tanhproof.expr._derivatives import at_point
from tanhproof.expr._errors import ParseError, TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._parser import symbol
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._arb import arb_dyadic_bounds, arb_eval
from tanhproof.proof._asymptotics import read_target
from tanhproof.proof._inequality import decide_sign
from tanhproof.proof._prover import _side, prove
from tanhproof.proof._records import Counterexample, Proof, Verdict
from tanhproof.proof._signs import SignResult

__all__ = ["KINDS", "prove_shape"]

KINDS = ("increasing", "decreasing", "convex", "concave", "maximum", "minimum", "inflection")
METHOD_NONE = "none: neither proved nor refuted"
_BITS = (64, 256, 1024, 4096)


def prove_shape(
    expr: str | sympy.Expr,
    kind: str,
    *,
    where: str | Interval | None = None,
    at: Any = None,
    value: Any = None,
    var: str | None = None,
) -> Proof:
    """Prove that ``expr`` has the shape ``kind``, through the derivative it names.

    ``kind`` is ``"increasing"`` or ``"decreasing"`` (``f' >= 0``, resp. ``<= 0``, with
    isolated zeros: strictly monotone), ``"convex"`` or ``"concave"`` (``f'' >= 0``,
    resp. ``<= 0``), ``"maximum"`` or ``"minimum"`` (``f(a) = M`` proved, and ``f <= M``,
    resp. ``>= M``, with equality only at ``a``) or ``"inflection"`` (``f''(a) = 0``
    proved and ``f''`` of opposite strict signs on the two sides of ``a``). The
    derivative's identity ``diff(f, x) = f'`` is proved by :func:`tanhproof.prove` and
    is the first of the proof's ``parts``; the sign proofs follow. ``refuted`` only
    with a certified point (the derivative's sign, or the value, fails there).

    ``where`` restricts the claim to an interval of the variable (text such as
    ``"x >= 0"``, ``"-1 < x < 1"``: one comparison of the variable with rational
    constants, or a chain around it; or an interval record); ``at`` is the point ``a`` of a
    maximum, minimum or inflection (an exact rational); ``value`` the claimed
    extreme value ``M`` (default: ``f(a)``). ``var`` names the variable when ``expr``
    has none or several.

    Raises :class:`~tanhproof.ParseError` for an unknown kind, a missing ``at``, or bad
    text.

    Examples
    ========

    >>> str(prove_shape("tanh(x)", "decreasing").verdict)
    'refuted'
    >>> prove_shape("sech(x)**2", "maximum", at=0).claim
    'sech(x)**2 has its maximum 1 at x = 0 (unique) on (-oo, oo)'
    >>> str(prove_shape("sech(x)**2", "maximum", at=0, value=2).verdict)
    'refuted'
    """
    start = time.monotonic()
    if kind not in KINDS:
        raise ParseError(f"unknown shape {kind!r}; choose from {', '.join(KINDS)}")
    f, _conditions = _side(expr)
    names = sorted(s.name for s in f.free_symbols if isinstance(s, sympy.Symbol))
    if var is None and len(names) > 1:
        return Proof(
            f,
            sympy.Integer(0),
            Verdict.UNDECIDED,
            METHOD_NONE,
            relation="shape",
            claim=f"{sstr(f)} is {kind}",
            reason=f"a shape claim is decided in one variable; {sstr(f)} has {', '.join(names)}",
            seconds=time.monotonic() - start,
        )
    x = symbol(var if var is not None else names[0] if names else "x")
    interval = (
        where
        if isinstance(where, Interval)
        else Interval()
        if where is None or not str(where).strip()
        else read_where(str(where), x)
    )
    point: sympy.Expr | None = None
    if kind in ("maximum", "minimum", "inflection"):
        article = "an" if kind[0] in "aeiou" else "a"
        if at is None:
            raise ParseError(f"{article} {kind} claim needs the point: at=a (--at A)")
        try:
            point = read_target(at)
        except ParseError:
            raise ParseError(f"the point of {article} {kind} is a rational number, not {at!r}") from None
        if not point.is_Rational:
            raise ParseError(f"the point of {article} {kind} is a rational number, not {sstr(point)}")
        if not interval.contains(Fraction(int(point.p), int(point.q))):
            raise ParseError(f"the point {x} = {sstr(point)} is not in the interval {interval}")
    shape = _Shape(f, x, kind, interval, point, value, start)
    return shape.run()


class _Shape:
    """One shape claim being proved: the parts gathered, then the verdict."""

    def __init__(self, f, x, kind, interval, point, value, start):
        self.f, self.x, self.kind, self.interval = f, x, kind, interval
        self.point, self.value, self.start = point, value, start
        self.parts: list[Proof] = []

    def claim(self, extreme: sympy.Expr | None = None) -> str:
        fx, on = sstr(self.f), f"on {self.interval}"
        if self.kind in ("maximum", "minimum"):
            m = "?" if extreme is None else sstr(extreme)
            return f"{fx} has its {self.kind} {m} at {self.x} = {sstr(self.point)} (unique) {on}"
        if self.kind == "inflection":
            return f"{fx} has an inflection point at {self.x} = {sstr(self.point)}"
        return f"{fx} is {self.kind} {on}"

    def done(self, verdict: Verdict, method: str, *, extreme=None, **kw: Any) -> Proof:
        return Proof(
            self.f,
            sympy.Integer(0) if extreme is None else extreme,
            verdict,
            method,
            relation="shape",
            claim=self.claim(extreme),
            where=str(self.interval),
            parts=tuple(self.parts),
            seconds=time.monotonic() - self.start,
            **kw,
        )

    def undecided(self, reason: str, **kw: Any) -> Proof:
        return self.done(Verdict.UNDECIDED, METHOD_NONE, reason=reason, **kw)

    def derivative(self, order: int) -> tuple[sympy.Expr | None, Proof]:
        """``f^(order)`` in closed form, with the proof of ``diff(f, x, order) = it``."""
        closed = sympy.diff(self.f, self.x, order)
        identity = prove(sympy.Derivative(self.f, (self.x, order)), closed)
        self.parts.append(identity)
        if closed.has(sympy.Derivative) or identity.verdict is not Verdict.PROVED:
            return None, identity
        return closed, identity

    def run(self) -> Proof:
        try:
            if self.kind in ("increasing", "decreasing"):
                return self.monotone()
            if self.kind in ("convex", "concave"):
                return self.curvature()
            if self.kind in ("maximum", "minimum"):
                return self.extreme()
            return self.inflection()
        except TanhproofError as exc:
            return self.undecided(str(exc))

    def monotone(self) -> Proof:
        d, identity = self.derivative(1)
        if d is None:
            return self.undecided(f"the derivative's identity was not proved: {identity.reason}")
        up = self.kind == "increasing"
        g = d if up else -d
        shown = "f'" if up else "-f'"
        constant = prove(d, sympy.Integer(0))
        if constant.verdict is Verdict.PROVED:
            self.parts.append(constant)
            return self.done(
                Verdict.REFUTED,
                "exact: f' = 0 identically (proved), so f is constant",
                reason=f"the derivative of {sstr(self.f)} is identically 0",
            )
        sign = self.sign(g, strict=False, name=f"{shown} = {sstr(g)}")
        return self.conclude(
            sign,
            f"derivative identity ({self.parts[0].method}) and the sign of {shown} ({sign.method})",
            isolated=True,
        )

    def curvature(self) -> Proof:
        d2, identity = self.derivative(2)
        if d2 is None:
            return self.undecided(f"the second derivative's identity was not proved: {identity.reason}")
        convex = self.kind == "convex"
        g = d2 if convex else -d2
        shown = "f''" if convex else "-f''"
        sign = self.sign(g, strict=False, name=f"{shown} = {sstr(g)}")
        return self.conclude(
            sign,
            f"second-derivative identity ({self.parts[0].method}) and the sign of {shown} ({sign.method})",
        )

    def sign(self, g: sympy.Expr, strict: bool, name: str, interval: Interval | None = None) -> Proof:
        """``g > 0`` (``strict``) or ``g >= 0`` on the interval, as a Proof (one of the parts)."""
        interval = self.interval if interval is None else interval
        result = decide_sign(g, self.x, interval, strict)
        proof = _sign_proof(g, self.x, interval, strict, result, name)
        self.parts.append(proof)
        return proof

    def conclude(self, sign: Proof, method: str, isolated: bool = False, **kw: Any) -> Proof:
        if sign.verdict is Verdict.PROVED:
            zeros = sign.certificate.get("zeros", [])
            what = sign.claim.split(" = ")[0].split(" >")[0]
            eq = "" if not zeros else f"{what} = 0 only at " + ", ".join(zeros)
            return self.done(Verdict.PROVED, method, equality=eq, certificate=_certificate(self.parts), **kw)
        if sign.verdict is Verdict.REFUTED:
            return self.done(
                Verdict.REFUTED,
                f"{sign.claim} fails at a certified point ({sign.method})",
                counterexample=sign.counterexample,
                certificate=_certificate(self.parts),
                reason=sign.reason,
                **kw,
            )
        return self.undecided(f"the sign was not decided: {sign.reason}", **kw)

    def extreme(self) -> Proof:
        assert self.point is not None
        with sympy.evaluate(False):
            fa = at_point(self.f, self.x, self.point)
        if self.value is None:
            m = at_point(self.f, self.x, self.point)
        else:
            m, _c = _side(self.value)
            if m.free_symbols:
                raise ParseError(f"the claimed {self.kind} value has no variables: {self.value!r}")
        value_proof = prove(fa, m)
        self.parts.append(value_proof)
        if value_proof.verdict is Verdict.REFUTED:
            cex = value_proof.counterexample
            return self.done(
                Verdict.REFUTED,
                f"the value at {self.x} = {sstr(self.point)} differs ({value_proof.method})",
                extreme=m,
                counterexample=None
                if cex is None
                else Counterexample(
                    {str(self.x): _fraction(self.point)}, cex.lower, cex.upper, cex.bits, cex.enclosure
                ),
                reason=f"{sstr(self.f)} at {self.x} = {sstr(self.point)} is not {sstr(m)}",
            )
        if value_proof.verdict is not Verdict.PROVED:
            return self.undecided(
                f"f({sstr(self.point)}) = {sstr(m)} was not decided: {value_proof.reason}", extreme=m
            )
        g = m - self.f if self.kind == "maximum" else self.f - m
        sign = self.sign(g, strict=False, name=f"{sstr(g)}")
        method = f"value at the point ({value_proof.method}) and the sign of {sstr(g)} ({sign.method})"
        if sign.verdict is Verdict.PROVED:
            zeros = sign.certificate.get("zeros", [])
            if len(zeros) > 1:
                return self.done(
                    Verdict.REFUTED,
                    f"{method}: the value is attained at {', '.join(zeros)}, not only at {self.x} = {sstr(self.point)}",
                    extreme=m,
                    certificate=_certificate(self.parts),
                    reason="not unique",
                )
        return self.conclude(sign, method, extreme=m)

    def inflection(self) -> Proof:
        assert self.point is not None
        d2, identity = self.derivative(2)
        if d2 is None:
            return self.undecided(f"the second derivative's identity was not proved: {identity.reason}")
        with sympy.evaluate(False):
            d2a = at_point(d2, self.x, self.point)
        zero_there = prove(d2a, sympy.Integer(0))
        self.parts.append(zero_there)
        if zero_there.verdict is Verdict.REFUTED:
            cex = zero_there.counterexample
            return self.done(
                Verdict.REFUTED,
                f"f''({sstr(self.point)}) is not 0 ({zero_there.method})",
                counterexample=None
                if cex is None
                else Counterexample(
                    {str(self.x): _fraction(self.point)}, cex.lower, cex.upper, cex.bits, cex.enclosure
                ),
                reason=f"f''({sstr(self.point)}) != 0",
            )
        if zero_there.verdict is not Verdict.PROVED:
            return self.undecided(f"f''({sstr(self.point)}) = 0 was not decided: {zero_there.reason}")
        a = _fraction(self.point)
        iv = self.interval
        left = Interval(iv.lo, a, iv.lo_closed, False) if iv.lo is None or iv.lo < a else None
        right = Interval(a, iv.hi, False, iv.hi_closed) if iv.hi is None or iv.hi > a else None
        if left is None or right is None:
            return self.undecided(f"{self.x} = {sstr(self.point)} is an end of the interval {iv}")
        # The two whole sides first; then neighbourhoods (a - h, a) and (a, a + h): an
        # inflection is a local change of concavity, and f'' may have other zeros
        # further out (the fourth derivative of the sigmoid vanishes at 0 and near +-2.29).
        sides = [(left, right, "")]
        for h in _NEIGHBOURHOODS:
            lo, hi = a - h, a + h
            near_left = Interval(lo, a) if iv.contains(lo) else left
            near_right = Interval(a, hi) if iv.contains(hi) else right
            if (near_left, near_right) != (left, right):
                sides.append((near_left, near_right, f" on {near_left} and {near_right}"))
        tried: list[str] = []
        for side_left, side_right, where in sides:
            for s in (1, -1):
                mark = len(self.parts)
                lp = self.sign(s * d2, True, "f''" if s > 0 else "-f''", side_left)
                rp = self.sign(-s * d2, True, "-f''" if s > 0 else "f''", side_right)
                if lp.verdict is Verdict.PROVED and rp.verdict is Verdict.PROVED:
                    turn = "convex to concave" if s > 0 else "concave to convex"
                    return self.done(
                        Verdict.PROVED,
                        f"f''({sstr(self.point)}) = 0 ({zero_there.method}) and f'' changes sign "
                        f"({turn}{where}; {lp.method})",
                        certificate=_certificate(self.parts),
                    )
                tried.append(f"{lp.reason or lp.verdict}; {rp.reason or rp.verdict}")
                del self.parts[mark:]
        return self.undecided(
            "f'' = 0 there, but a change of sign was not proved on the two sides: " + " | ".join(tried[:2])
        )


#: Half-widths of the neighbourhoods in which an inflection's change of sign is sought
#: when it is not shown on the two whole sides (work, not time: at most eight more sign
#: decisions).
_NEIGHBOURHOODS = (Fraction(1), Fraction(1, 4), Fraction(1, 16), Fraction(1, 64))


def _fraction(r: sympy.Expr) -> Fraction:
    return Fraction(int(r.p), int(r.q))


def _certificate(parts: list[Proof]) -> dict[str, Any]:
    return {
        "parts": [
            {"claim": p.claim or f"{sstr(p.lhs)} = {sstr(p.rhs)}", "verdict": str(p.verdict)} for p in parts
        ]
    }


def _sign_proof(
    g: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool, result: SignResult, name: str
) -> Proof:
    """A :class:`SignResult` as a Proof of ``g > 0`` / ``g >= 0`` on ``interval``; a
    refutation only with an arb enclosure at the witness that certifies the failure."""
    relation = ">" if strict else ">="
    claim = f"{name} {relation} 0 on {interval}"
    certificate = dict(result.certificate, zeros=list(result.zeros))
    common: dict[str, Any] = {
        "relation": relation,
        "claim": claim,
        "where": str(interval),
        "certificate": certificate,
    }
    if result.holds is True:
        eq = (
            ""
            if strict
            else ("equality nowhere" if not result.zeros else "equality only at " + ", ".join(result.zeros))
        )
        return Proof(g, sympy.Integer(0), Verdict.PROVED, result.method, equality=eq, **common)
    if result.holds is False and result.witness is not None:
        cex = _certify_at(g, x, result.witness, strict)
        if cex is not None:
            return Proof(
                g,
                sympy.Integer(0),
                Verdict.REFUTED,
                f"certified counterexample (found by {result.method})",
                counterexample=cex,
                reason=f"{name} {'<=' if strict else '<'} 0 at {x} = {result.witness}",
                **common,
            )
    return Proof(
        g,
        sympy.Integer(0),
        Verdict.UNDECIDED,
        METHOD_NONE,
        reason=result.reason or "the failing point could not be certified",
        **common,
    )


def _certify_at(g: sympy.Expr, x: sympy.Symbol, w: Fraction, strict: bool) -> Counterexample | None:
    """An arb enclosure of ``g(w)`` that is ``< 0`` (``>= 0`` fails) or, for a strict claim,
    ``<= 0`` shown as ``< 0`` or an exact zero (``g(w) = 0`` proved by the prover)."""
    for bits in _BITS:
        try:
            v = arb_eval(g, {x: w}, bits)
        except TanhproofError:
            return None
        if v.is_finite() and v < 0:
            lower, upper = arb_dyadic_bounds(v)
            return Counterexample({str(x): w}, lower, upper, bits, v.str(10, radius=True))
    return None
