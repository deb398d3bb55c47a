"""Inequalities: ``lhs < rhs`` (``<=``, ``>``, ``>=``, chains) on an interval of one variable.

A link ``lhs < rhs`` is the claim that ``f = rhs - lhs`` is positive at every point
of the interval where both sides are defined (``<=``: non-negative; ``>``/``>=``:
``f = lhs - rhs``). :func:`decide_sign` decides it, exactly for the exp-rational
family (:func:`~tanhproof.proof._exactsign.sign_exact`) and else by rigorous arb
subdivision (:func:`~tanhproof.proof._boxes.sign_by_boxes`). A refutation is only
claimed with a certified counterexample: an exact rational point and an arb
enclosure of ``rhs - lhs`` there that excludes the side the claim allows, or, for a
strict claim that fails only where the margin touches 0 at ``x = q*log(r)`` (``r``
algebraic), that exact point (:mod:`tanhproof.proof._touching`). A chain
``a < b <= c`` is proved when every link is, refuted when one link is.

The interval is the ``where`` condition (``"x >= 0"``) intersected with the simple
domain conditions of the sides (``log(x)``: ``x > 0``); any other condition stays a
caveat.

Examples
========

>>> p = prove_inequality("tanh(x) < 1")
>>> str(p.verdict), p.relation, p.method
('proved', '<', 'exact real-root isolation (exp-rational)')
>>> prove_inequality("sech(x)**2 <= 1").equality
'equality only at x = 0'
>>> p = prove_inequality("tanh(x) > 0")
>>> str(p.verdict), p.counterexample.point
('refuted', {'x': Fraction(-1, 1)})
>>> p = prove_inequality("-1 < tanh(x) < 1")
>>> str(p.verdict), [str(q.verdict) for q in p.parts]
('proved', ['proved', 'proved'])
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._claims import ClaimReading, read_where
from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import ParseError, TanhproofError
from tanhproof.expr._intervals import Interval
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._parser import Reading
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._arb import arb_eval
from tanhproof.numeric._reading import parse_claim, parse_with_conditions
from tanhproof.proof._boxes import sign_by_boxes
from tanhproof.proof._cases import sign_by_cases
from tanhproof.proof._caveats import condition_caveat
from tanhproof.proof._certify import METHOD_RELATION_COUNTEREXAMPLE as METHOD_COUNTEREXAMPLE
from tanhproof.proof._certify import certify_failure
from tanhproof.proof._exactsign import sign_exact
from tanhproof.proof._records import Proof, Verdict
from tanhproof.proof._severalvars import check_where, several_variables_link
from tanhproof.proof._sides import defined, evaluated, refuse_empty_domains
from tanhproof.proof._signs import SignResult
from tanhproof.proof._touching import METHOD_EXACT_ZERO, certify_touching

__all__ = ["decide_sign", "prove_inequality"]

METHOD_NONE = "none: neither proved nor refuted"
METHOD_CONSTANT = "arb enclosure of a constant"
_STRICT = {"<": True, "<=": False, ">": True, ">=": False}


def decide_sign(f: sympy.Expr, x: sympy.Symbol, interval: Interval, strict: bool) -> SignResult:
    """Decide ``f > 0`` (``strict``) or ``f >= 0`` on ``interval``: exactly when ``f`` is
    exp-rational in ``x``, else by cases on the signs of the arguments of ``abs``
    (:func:`~tanhproof.proof._cases.sign_by_cases`) or by arb subdivision; undecided
    when none can."""
    exact = sign_exact(f, x, interval, strict)
    if exact.holds is not None:
        return exact
    cases = sign_by_cases(f, x, interval, strict, decide_sign)  # abs(u): u >= 0 and u <= 0 apart
    if cases is not None and (cases.holds is not None or cases.certificate.get("final")):
        return cases if cases.holds is not None else SignResult(None, "none", reason=cases.reason)
    boxes = sign_by_boxes(f, x, interval, strict)
    if boxes.holds is not None:
        return boxes
    reasons = (exact.reason, cases.reason if cases is not None else "", boxes.reason)
    return SignResult(None, "none", reason="; ".join(r for r in reasons if r))


def _intersect(a: Interval, b: Interval) -> Interval | None:
    """The intersection of two intervals (``None``: empty)."""
    lo, lo_closed = a.lo, a.lo_closed
    if b.lo is not None and (lo is None or b.lo > lo or (b.lo == lo and not b.lo_closed)):
        lo, lo_closed = b.lo, b.lo_closed
    hi, hi_closed = a.hi, a.hi_closed
    if b.hi is not None and (hi is None or b.hi < hi or (b.hi == hi and not b.hi_closed)):
        hi, hi_closed = b.hi, b.hi_closed
    try:
        return Interval(lo, hi, lo_closed, hi_closed)
    except ValueError:
        return None


def _linear(expr: sympy.Expr, x: sympy.Symbol) -> tuple[Fraction, Fraction] | None:
    """``(a, b)`` with ``expr = a*x + b``, ``a != 0`` rational; else ``None``."""
    try:
        poly = sympy.Poly(expr, x)
    except sympy.PolynomialError:
        return None
    if poly.degree() != 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    a, b = (Fraction(int(c.p), int(c.q)) for c in poly.all_coeffs())
    return a, b


def _condition_interval(c: Condition, x: sympy.Symbol) -> Interval | None:
    """The interval where a simple condition (linear in ``x``) holds; ``None`` if not simple."""
    lin = _linear(c.expr, x)
    if lin is None or c.kind not in ("positive", "nonnegative", "open_unit", "at_least_one"):
        return None
    a, b = lin

    def above(value: Fraction, closed: bool) -> Interval:  # a*x + b > value (>=)
        r = (value - b) / a
        return Interval(r, None, closed, False) if a > 0 else Interval(None, r, False, closed)

    def below(value: Fraction, closed: bool) -> Interval:  # a*x + b < value (<=)
        r = (value - b) / a
        return Interval(None, r, False, closed) if a > 0 else Interval(r, None, closed, False)

    if c.kind == "positive":
        return above(Fraction(0), False)
    if c.kind == "nonnegative":
        return above(Fraction(0), True)
    if c.kind == "at_least_one":
        return above(Fraction(1), True)
    return _intersect(above(Fraction(-1), False), below(Fraction(1), False))


def _margin(lhs: sympy.Expr, rel: str, rhs: sympy.Expr) -> sympy.Expr:
    """The function that must be positive (non-negative): ``rhs - lhs`` or ``lhs - rhs``."""
    return sympy.Add(rhs, -lhs) if rel in ("<", "<=") else sympy.Add(lhs, -rhs)


def _constant_sign(f: sympy.Expr, strict: bool) -> SignResult:
    """The sign of a constant: exact for a rational, else an arb ball that excludes 0."""
    if f.is_Rational:
        ok = f > 0 if strict else f >= 0
        return SignResult(bool(ok), "exact rational arithmetic", zeros=("everywhere",) if f == 0 else ())
    bits = 64
    while bits <= LIMITS.max_precision_bits:
        try:
            v = arb_eval(f, {}, bits)
        except TanhproofError as exc:
            return SignResult(None, "none", reason=f"the constant is not evaluated: {exc}")
        if v > 0 or v < 0:
            return SignResult(bool(v > 0), METHOD_CONSTANT, certificate={"enclosure": v.str(10, radius=True)})
        bits *= 4
    return SignResult(
        None, "none", reason="an arb enclosure of the constant does not exclude 0 (it may be 0)"
    )


def _equality(rel: str, zeros: tuple[str, ...]) -> str:
    if _STRICT[rel]:
        return ""
    if not zeros:
        return "equality nowhere"
    if zeros == ("everywhere",):
        return "equality everywhere"
    return "equality only at " + ", ".join(z for z in zeros)


def _link(
    left: Reading,
    rel: str,
    right: Reading,
    where: str,
    where_interval: Interval | None,
    variables: list[sympy.Symbol],
    claim_text: str,
) -> Proof:
    start = time.monotonic()
    lhs, rhs = left.expr, right.expr
    conditions = tuple(dict.fromkeys(left.conditions + right.conditions))
    strict = _STRICT[rel]
    f = _margin(lhs, rel, rhs)

    def done(verdict: Verdict, method: str, **kw: Any) -> Proof:
        return Proof(
            lhs,
            rhs,
            verdict,
            method,
            seconds=time.monotonic() - start,
            relation=rel,
            claim=claim_text,
            where=where,
            **kw,
        )

    if len(variables) > 1:
        return several_variables_link(f, strict, lhs, rhs, rel, where, variables, conditions, done)
    caveats: list[str] = []
    if not variables:
        result = _constant_sign(f, strict)
        x = None
        interval = Interval()
    else:
        (x,) = variables
        interval = where_interval or Interval()
        for c in conditions:
            simple = _condition_interval(c, x)
            if simple is None:
                if c.kind == "nonzero":
                    text = f"points where {c.where or sstr(c.expr)} is undefined ({c} fails) are excluded"
                    caveats.append(condition_caveat(text, c))
                else:
                    caveats.append(
                        condition_caveat(f"only where {c.where or sstr(c.expr)} is defined: {c}", c)
                    )
                continue
            narrowed = _intersect(interval, simple)
            if narrowed is None:
                return done(
                    Verdict.UNDECIDED,
                    METHOD_NONE,
                    reason=f"no point of {interval} satisfies {c} ({c.where}): the claim is vacuous",
                )
            if narrowed != interval:
                caveats.append(condition_caveat(f"{c} ({c.where}): on {narrowed}", c))
            interval = narrowed
        if interval.lo is not None and interval.lo == interval.hi:  # a single point: its value
            value = f.subs(x, sympy.Rational(interval.lo.numerator, interval.lo.denominator))
            result = _constant_sign(value, strict)
            if result.holds is False:
                result = SignResult(
                    False, result.method, witness=interval.lo, reason=f"f({interval.lo}) fails"
                )
            elif result.zeros:
                result = SignResult(result.holds, result.method, zeros=(f"{x} = {interval.lo}",))
        else:
            result = decide_sign(f, x, interval, strict)
    certificate = dict(result.certificate)
    certificate["margin"] = sstr(f)
    certificate["interval"] = str(interval)
    if result.holds:
        if result.reason:
            caveats.append(result.reason)
        return done(
            Verdict.PROVED,
            result.method,
            caveats=tuple(caveats),
            certificate=certificate,
            equality=_equality(rel, result.zeros),
        )
    if result.holds is False:
        witness: dict[sympy.Symbol, Fraction] | None = (
            {} if x is None else ({x: result.witness} if result.witness is not None else None)
        )
        if witness is not None:
            point = witness
            exact_zero = result.witness == 0 and "T = 1" in result.reason
            cex = certify_failure(
                lhs, rhs, rel, point, conditions, exact_zero or result.zeros == ("everywhere",)
            )
            if cex is not None:
                certificate["decided_by"] = result.method
                return done(
                    Verdict.REFUTED,
                    METHOD_COUNTEREXAMPLE,
                    caveats=tuple(caveats),
                    certificate=certificate,
                    counterexample=cex,
                    reason=result.reason,
                )
        touching = getattr(result, "touching", None)  # an exact irrational point where f = 0
        cex = (
            None
            if touching is None or x is None
            else certify_touching(lhs, rhs, rel, x, touching, conditions)
        )
        if cex is not None:
            certificate["decided_by"] = result.method
            return done(
                Verdict.REFUTED,
                METHOD_EXACT_ZERO,
                caveats=tuple(caveats),
                certificate=certificate,
                counterexample=cex,
                reason=result.reason,
            )
        return done(
            Verdict.UNDECIDED,
            METHOD_NONE,
            caveats=tuple(caveats),
            certificate=certificate,
            reason=f"{result.method} finds the claim false ({result.reason}) but no certified "
            "counterexample at a rational point was found"
            + (
                ", and the sides were not certified defined at the exact point (a domain condition "
                "may fail exactly there, excluding it)"
                if touching is not None
                else ""
            ),
        )
    return done(
        Verdict.UNDECIDED, METHOD_NONE, caveats=tuple(caveats), certificate=certificate, reason=result.reason
    )


def prove_inequality(claim: str | ClaimReading | sympy.Basic, where: str | None = None) -> Proof:
    """Prove, refute or leave undecided an inequality claim (a chain of ``<``, ``<=``,
    ``>``, ``>=``) on the interval ``where`` of its one variable.

    Parameters
    ==========

    claim : str, ClaimReading or a SymPy relation
        ``"tanh(x) < 1"``, ``"-1 < tanh(x) < 1"``; text is read by the parser (never
        ``sympify``); a SymPy relation such as ``sympy.Lt(sympy.tanh(x), 1)`` is taken as is.
    where : str, optional
        A condition on the variable: ``"x >= 0"``, ``"-1 < x < 1"``.

    Returns
    =======

    Proof
        ``relation`` set, ``claim`` the text, ``where`` the condition, ``equality``
        for a proved non-strict link; a chain's links in ``parts``.

    Raises
    ======

    ParseError, LimitError
        Bad claim or where-condition text (``==``, mixed directions, a condition that
        is not an interval of the variable).
    DomainError
        A side undefined at every point (``log(-exp(x))``, ``1/(x - x)``).

    Examples
    ========

    >>> p = prove_inequality("tanh(x) >= 0", where="x >= 0")
    >>> str(p.verdict), p.equality, p.where
    ('proved', 'equality only at x = 0', 'x >= 0')
    >>> str(prove_inequality("sigmoid(x) > 0").verdict)
    'proved'
    """
    start = time.monotonic()
    reading = claim if isinstance(claim, ClaimReading) else _reading(claim)
    for side in reading.sides:  # a side undefined at every point is refused, as for identities
        defined(evaluated(side.expr), sstr(side.expr))
        refuse_empty_domains(side.conditions)
    found: set[sympy.Symbol] = set()
    for side in reading.sides:
        found |= side.expr.free_symbols
        for c in side.conditions:
            found |= c.expr.free_symbols
    variables = sorted(found, key=str)
    where_text = (where or "").strip()
    interval: Interval | None = None
    if where_text:
        if len(variables) == 1:
            interval = read_where(where_text, variables[0])
        elif not variables:
            read_where(where_text, _where_variable(where_text))  # still checked: bad input is refused
        else:
            check_where(where_text, variables)
    links = reading.links
    parts = tuple(
        _link(
            a,
            rel,
            b,
            where_text,
            interval,
            variables,
            reading.text if len(links) == 1 else f"{sstr(a.expr)} {rel} {sstr(b.expr)}",
        )
        for a, rel, b in links
    )
    if len(parts) == 1:
        return parts[0]
    verdicts = [p.verdict for p in parts]
    if all(v is Verdict.PROVED for v in verdicts):
        verdict, method = Verdict.PROVED, "every link proved"
    elif Verdict.REFUTED in verdicts:
        verdict, method = Verdict.REFUTED, "a link refuted"
    else:
        verdict, method = Verdict.UNDECIDED, METHOD_NONE
    relations = reading.relations
    strict = any(_STRICT[r] for r in relations)
    relation = relations[0][0] + ("" if strict else "=")
    failing = (
        next((p for p in parts if p.verdict is verdict), None) if verdict is not Verdict.PROVED else None
    )
    return Proof(
        reading.sides[0].expr,
        reading.sides[-1].expr,
        verdict,
        method,
        caveats=tuple(dict.fromkeys(c for p in parts for c in p.caveats)),
        counterexample=failing.counterexample if failing is not None else None,
        reason="" if failing is None else f"{failing.claim}: {failing.reason}",
        seconds=time.monotonic() - start,
        relation=relation,
        claim=reading.text,
        where=where_text,
        parts=parts,
    )


def _reading(claim: Any) -> ClaimReading:
    """A claim as text, or as a SymPy relation (``sympy.Lt(tanh(x), 1)``), read completely."""
    if isinstance(claim, sympy.core.relational.Relational):
        rel = claim.rel_op
        if rel not in _STRICT:
            raise ParseError(f"{rel!r} is not a claim's relation; a claim compares with <, <=, > or >=")
        sides = []
        for expr in (claim.lhs, claim.rhs):
            value, conditions = parse_with_conditions(expr)
            sides.append(Reading(value, conditions))
        return ClaimReading(tuple(sides), (rel,), sstr(claim))
    return parse_claim(claim)


def _where_variable(text: str) -> str:
    """The variable a where-condition names (for a claim without variables)."""
    from tanhproof.expr._claims import read_claim

    names = {str(s) for side in read_claim(text).sides for s in side.expr.free_symbols}
    return names.pop() if len(names) == 1 else "x"
