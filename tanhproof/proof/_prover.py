"""The prover: ``lhs == rhs`` decided exactly, refuted with a certificate, or left undecided.

:func:`prove` runs, in order:

1. **syntactic identity** — the two sides are the same expression *as written*
   (the parser keeps the text's structure: no automatic rewriting by SymPy stands in
   for a proof), or, for sides with ``diff``, the same expression after exact
   differentiation ("identical after exact differentiation");
   Sides with a derivative of order above 12 go first through the derivative
   polynomials (:mod:`tanhproof.proof._derivclaims`): proved by induction on
   ``P_(n+1) = g P_n'``, or refuted by a counterexample found without expanding them;
2. **the exp-rational decision procedure** (:mod:`tanhproof.proof._exprational`) — both
   sides become quotients of exact polynomials in ``T_v = exp(v/q_v)``; the
   identity holds wherever both sides are defined iff the numerator of their
   difference is the zero polynomial. This decides every identity of the
   hyperbolic family with rational-linear arguments, in any number of variables;
   with opaque atoms (erf, sqrt, abs, …) a zero numerator is still a proof;
3. **a certified counterexample** (:mod:`tanhproof.proof._certify`) — an exact rational
   point and an ``arb`` enclosure of ``lhs - rhs`` there that excludes 0;
4. otherwise ``undecided``, with numeric evidence labelled as evidence.

``proved`` is never reached from floating-point sampling, and every budget is
counted in work (polynomial degree and terms, precision, points), never in seconds,
so a claim gets the same verdict on any machine.

Constants are checked against their domains exactly (:func:`tanhproof.numeric._conditions.resolve_constants`,
with this prover deciding a constant that lies on a domain boundary): a side such as
``exp(2*atanh(2))`` or ``1/(tanh(1) - tanh(1))`` is undefined at every point and is
refused with a :class:`~tanhproof.DomainError`, never proved.

Examples
========

>>> p = prove("tanh(2*x)", "2*tanh(x)/(1 + tanh(x)**2)")
>>> str(p.verdict), p.method
('proved', 'exp-rational decision procedure')
>>> p = prove("tanh(x)", "tanh(x) + exp(-1000)")
>>> str(p.verdict), p.counterexample.point
('refuted', {'x': Fraction(1, 2)})
>>> prove("coth(x)**2 - csch(x)**2", "1").caveats
('coth(x)**2 - csch(x)**2 is undefined at x = 0',)
>>> p = prove("tanh(-x)", "-tanh(x)")  # as written: not the same expression
>>> str(p.verdict), p.method
('proved', 'exp-rational decision procedure')
>>> prove("exp(2*atanh(2))", "-3")
Traceback (most recent call last):
...
tanhproof.DomainError: atanh(2) is undefined (a constant outside the domain, so at every point): needs |2| < 1
"""

from __future__ import annotations

import time
from typing import Any

import flint
import sympy

from tanhproof.expr._derivatives import expand_derivatives
from tanhproof.expr._domain import Condition, owner_of
from tanhproof.expr._errors import LimitError, ParseError, TanhproofError
from tanhproof.expr._parser import symbol
from tanhproof.expr._sstr import readable, sstr
from tanhproof.numeric._conditions import resolve_constants
from tanhproof.numeric._reading import parse_with_conditions
from tanhproof.proof._caveats import with_math
from tanhproof.proof._certify import common_point, find_counterexample, numeric_evidence
from tanhproof.proof._derivclaims import HIGH_ORDER, decide_high_derivatives, highest_order
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._identitycases import certify_at, has_cases, identity_by_cases
from tanhproof.proof._posroots import RootIsolationError, positive_roots
from tanhproof.proof._records import Proof, Verdict
from tanhproof.proof._sides import (
    always_positive,
    defined,
    evaluated,
    kink_caveats,
    refuse_empty_domains,
    with_parity,
)

__all__ = ["prove"]

METHOD_SYNTACTIC = "syntactic identity"
METHOD_DIFFERENTIATED = "identical after exact differentiation"
METHOD_EXP_RATIONAL = "exp-rational decision procedure"
METHOD_ATOMS = "formal identity over opaque atoms"
METHOD_COUNTEREXAMPLE = "certified counterexample (arb enclosure excludes 0)"
METHOD_NONE = "none: neither proved nor refuted"

_MAX_CERTIFICATE_CHARS = 4000


def prove(lhs: str | sympy.Expr, rhs: str | sympy.Expr) -> Proof:
    """Decide whether ``lhs == rhs`` wherever both sides are defined.

    (Inequality claims go through :func:`tanhproof.proof._claimprover.prove`, which is
    :func:`tanhproof.prove`.)

    Parameters
    ==========

    lhs, rhs : str or sympy.Expr
        Text is read by :func:`tanhproof.parse` (never ``sympify``), as written.

    Returns
    =======

    Proof
        With ``verdict``, ``method``, ``caveats``, ``certificate`` (and
        ``counterexample`` or ``evidence``).

    Raises
    ======

    ParseError, LimitError
        Bad input text, or SymPy input whose symbols carry assumptions other than real.
    DomainError, TanhproofError
        A side that is undefined everywhere: a constant outside its domain
        (``atanh(2)``, ``coth(0)``), or division by an expression that is
        identically zero.

    Examples
    ========

    >>> str(prove("cosh(u + v)", "cosh(u)*cosh(v) + sinh(u)*sinh(v)").verdict)
    'proved'
    >>> p = prove("cosh(x)**2 + sinh(x)**2", "1")
    >>> str(p.verdict), p.counterexample.point
    ('refuted', {'x': Fraction(1, 2)})
    """
    start = time.monotonic()
    (left, lconds), (right, rconds) = _side(lhs), _side(rhs)
    lname, rname = _name(lhs, left), _name(rhs, right)
    conditions = tuple(dict.fromkeys(lconds + rconds))
    refuse_empty_domains(conditions)

    def done(verdict: Verdict, method: str, caveats=(), **kw: Any) -> Proof:
        caveats = _unique([*caveats, *kink_caveats(left, lname), *kink_caveats(right, rname)])
        # A proof holds "wherever both sides are defined": it is only claimed with a
        # point where they are (certified), so a claim undefined everywhere is never
        # proved. Where the only conditions are nonzero divisors, the sides fail only
        # at poles (a thin set): no search is needed.
        open_sets = [c for c in conditions if c.kind != "nonzero"]
        if verdict is Verdict.PROVED and open_sets and common_point(left, right, conditions) is None:
            proof = Proof(
                left,
                right,
                Verdict.UNDECIDED,
                METHOD_NONE,
                caveats=caveats,
                reason=f"{method} shows the two sides equal wherever both are defined, but no point "
                "where both are defined was found: the claim may hold only vacuously, so it is "
                "not called proved",
                seconds=time.monotonic() - start,
            )
        else:
            proof = Proof(
                left, right, verdict, method, caveats=caveats, seconds=time.monotonic() - start, **kw
            )
        # caveats in the claims' notation; conditions proved to hold everywhere dropped
        return with_math(proof, names=(lname, rname))

    if left == right:  # the same expression as written
        return done(
            Verdict.PROVED,
            METHOD_SYNTACTIC,
            caveats=_condition_caveats(lname, lconds, None) + _condition_caveats(rname, rconds, None),
            certificate={"difference": "0: the two sides are the same expression as written"},
        )
    if highest_order(left, right) > HIGH_ORDER:  # through the derivative polynomials, unexpanded
        decided = decide_high_derivatives(left, right, conditions, prove)
        if decided is not None:
            side_caveats = _condition_caveats(lname, lconds, None) + _condition_caveats(rname, rconds, None)
            return done(decided.verdict, decided.method, side_caveats, **decided.fields)
    parity_used: dict[str, None] = {}
    a = prepare(with_parity(defined(evaluated(left), lname), parity_used))
    b = prepare(with_parity(defined(evaluated(right), rname), parity_used))

    if a == b and (left.has(sympy.Derivative) or right.has(sympy.Derivative)):
        return done(
            Verdict.PROVED,
            METHOD_DIFFERENTIATED,
            caveats=_condition_caveats(lname, lconds, None) + _condition_caveats(rname, rconds, None),
            certificate={"difference": "0: the same expression after exact differentiation"},
        )

    reason = ""
    try:
        ctx = RationalContext.for_expressions([a, b])
        fa, fb = ctx.convert(a), ctx.convert(b)
        diff = fa - fb
        caveats = []
        for side, name, form, conds in ((left, lname, fa, lconds), (right, rname, fb, rconds)):
            poles = _caveats(side, name, form, ctx)
            if poles:  # the poles already say where those divisors vanish that did not cancel
                conds = tuple(c for c in conds if not _said_by_poles(c, form, ctx))
            caveats += poles + _condition_caveats(name, conds, ctx)
        if not diff.num.is_zero() and ctx.roots:
            diff.num = ctx.reduce_roots(diff.num)
        if diff.num.is_zero():
            method = METHOD_EXP_RATIONAL if ctx.complete else METHOD_ATOMS
            certificate = _certificate(ctx, fa, fb, diff)
            if parity_used:
                method += ", with the parity rules " + "; ".join(parity_used)
                certificate["parity_rules"] = list(parity_used)
            return done(Verdict.PROVED, method, caveats=caveats, certificate=certificate)
        complete = ctx.complete
        reason = (
            "the difference is a nonzero rational function of the exponentials"
            if complete
            else "the difference is not formally zero over the opaque atoms " + _atoms_text(ctx.opaque)
        )
    except LimitError as exc:
        caveats = _condition_caveats(lname, lconds, None) + _condition_caveats(rname, rconds, None)
        complete = False
        reason = f"exact procedure stopped: {exc}"

    case_points: list = []
    if has_cases(a, b):  # abs, sign, definitions by cases: split on the signs of their switches
        split = identity_by_cases(expand_derivatives(a), expand_derivatives(b), prove)
        if split.proved:
            return done(
                Verdict.PROVED,
                split.method,
                caveats=caveats + split.caveats,
                certificate={"cases": split.cases},
            )
        case_points = split.points
    cex = find_counterexample(a, b, conditions=conditions) or certify_at(a, b, case_points, conditions)
    if cex is not None:
        return done(
            Verdict.REFUTED,
            METHOD_COUNTEREXAMPLE,
            caveats=caveats,
            counterexample=cex,
            certificate={"counterexample": cex.to_dict()},
            reason=reason,
        )
    if complete:
        reason += "; no certified counterexample was found within the limits"
    else:
        reason = reason or "outside the decidable class"
    return done(
        Verdict.UNDECIDED,
        METHOD_NONE,
        caveats=caveats,
        evidence=numeric_evidence(a, b),
        reason=reason,
    )


def _side(side: str | sympy.Expr) -> tuple[sympy.Expr, tuple[Condition, ...]]:
    """One side parsed as written, with its constant domain conditions decided."""
    expr, conditions = _realify(*parse_with_conditions(side))
    return expr, resolve_constants(conditions, equals=_equals_exactly, owner=lambda c: owner_of(expr, c))


def _equals_exactly(constant: sympy.Expr, value: int) -> bool | None:
    """Whether the constant equals ``value``: True (proved), False (refuted) or None."""
    verdict = prove(constant, sympy.Integer(value)).verdict
    return {Verdict.PROVED: True, Verdict.REFUTED: False}.get(verdict)


def _name(side: Any, expr: sympy.Expr) -> str:
    """The side as the user wrote it: the text itself, else SymPy's printing."""
    return " ".join(side.split()) if isinstance(side, str) else sstr(expr)


def _realify(expr: sympy.Expr, conditions: tuple) -> tuple[sympy.Expr, tuple]:
    """Variables are real: SymPy input built with plain symbols gets the parser's
    real symbols of the same names. Symbols with other assumptions (positive, ...)
    are refused: SymPy has already simplified with them, and two symbols of one
    name would silently become two variables."""
    mapping = {}
    for s in expr.free_symbols:
        if not s.is_Symbol:
            continue
        real = symbol(s.name)
        if s == real:
            continue
        if s != sympy.Symbol(s.name):
            raise ParseError(
                f"variable {s.name!r} carries SymPy assumptions ({', '.join(_extra_assumptions(s))}); "
                f"tanhproof's variables are real: use sympy.Symbol({s.name!r}, real=True)"
            )
        mapping[s] = real
    if not mapping:
        return expr, conditions
    return expr.xreplace(mapping), tuple(type(c)(c.kind, c.expr.xreplace(mapping)) for c in conditions)


def _extra_assumptions(s: sympy.Symbol) -> list[str]:
    implied = {"commutative", "complex", "real", "finite", "hermitian", "infinite", "imaginary"}
    return sorted(
        k for k, v in s.assumptions0.items() if v and k not in implied and not k.startswith("extended_")
    )


def _condition_caveats(name: str, conditions, ctx: RationalContext | None) -> list[str]:
    """The side's domain conditions as caveats (``name``: the side as written), leaving
    out those that hold for every real value (a sum of positive terms in exponentials)."""
    out = []
    for c in conditions:
        if (
            ctx is not None
            and c.kind in ("positive", "nonzero", "nonnegative")
            and always_positive(ctx, c.expr)
        ):
            continue
        if ctx is not None and c.kind == "nonnegative" and always_positive(ctx, c.expr, even=True):
            continue
        out.append(f"{name}: needs {c}")
    return out


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _poly_text(ctx: RationalContext, poly) -> str:
    """``poly`` with the user's variable names, or its size when it is long (the size is
    checked before any text is built)."""
    if len(poly) > _MAX_CERTIFICATE_CHARS // 4:
        return f"<{len(poly)} terms, omitted>"
    text = ctx.text(poly)
    return text if len(text) <= _MAX_CERTIFICATE_CHARS else f"<{len(poly)} terms, omitted>"


#: Opaque atoms named in a reason line: the first few, each cut short.
_ATOMS_SHOWN, _ATOM_CHARS = 4, 200


def _atoms_text(atoms) -> str:
    # expressions only: a definition by cases is one atom, not its pieces, conditions and True
    atoms = [e for e in atoms if isinstance(e, sympy.Expr)] or list(atoms)
    shown = []
    for e in atoms[:_ATOMS_SHOWN]:
        text = (
            readable(e)
            if sympy.count_ops(e, visual=False) < 400
            else f"<{type(e).__name__} of a large argument>"
        )
        shown.append(text if len(text) <= _ATOM_CHARS else text[: _ATOM_CHARS - 3] + "...")
    more = len(atoms) - len(shown)
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")


def _certificate(ctx: RationalContext, fa, fb, diff) -> dict[str, Any]:
    """What an independent checker needs: the substitution and both normal forms."""
    ra, rb = fa.reduced(), fb.reduced()
    return {
        "substitution": ctx.substitution,
        "variables": [n for n in ctx.names],
        "lhs": {"numerator": _poly_text(ctx, ra.num), "denominator": _poly_text(ctx, ra.den)},
        "rhs": {"numerator": _poly_text(ctx, rb.num), "denominator": _poly_text(ctx, rb.den)},
        "difference_numerator": _poly_text(ctx, diff.num),
        "complete": ctx.complete,
    }


def _caveats(side: sympy.Expr, name: str, form, ctx: RationalContext) -> list[str]:
    """Where ``side`` (written ``name``) is undefined over the reals: real zeros of its
    denominators, and the domains of log, atanh, acosh and real roots."""
    out: list[str] = []
    if side.has(sympy.Derivative):
        for delta in expand_derivatives(side).atoms(sympy.DiracDelta):
            out.append(f"{name}: not differentiable where {sstr(delta.args[0])} = 0")

    den = form.den
    if den.is_constant():
        return out
    content = den.term_content()
    den = den / content  # monomials in exp(...) never vanish; a plain variable's can
    for i, d in enumerate(content.degrees()):
        if d and not ctx.is_exponential(i):
            den = den * ctx.gens[i] ** d
    if den.is_constant():
        return out
    used = [i for i, d in enumerate(den.degrees()) if d]
    if ctx.positive_everywhere(den):
        return out  # a sum of positive terms in positive exponentials
    exponent = ctx.exponent_of(used[0]) if len(used) == 1 else None
    if exponent is not None and exponent[0].is_Symbol and den.total_degree() <= 400:
        var, q = exponent
        try:
            zeros = _positive_real_zeros(den, used[0])
        except RootIsolationError:
            out.append(f"{name} is undefined where its denominator vanishes")
            zeros = []
        for z in zeros:
            out.append(f"{name} is undefined at {var} = {_log_text(z, q)}")
    elif den.total_degree() <= 60:
        for factor, _mult in den.factor()[1]:
            if ctx.positive_everywhere(factor):
                continue
            out.append(f"{name} is undefined where {sstr(ctx.to_sympy(factor))} = 0")
    else:
        out.append(f"{name} is undefined where its denominator vanishes")
    return out


def _said_by_poles(condition: Condition, form, ctx: RationalContext) -> bool:
    """Whether a ``nonzero`` condition is already said by the pole caveats of ``form``.

    A divisor can cancel when the side is brought to one fraction (``1/(x + 1/x)`` is
    ``x/(x**2 + 1)``, whose denominator never vanishes), so its condition is dropped
    only when every factor of it that can vanish divides the combined denominator.
    Anything that cannot be told exactly keeps the condition: a redundant caveat is
    harmless, a lost one claims a value that does not exist.
    """
    if condition.kind != "nonzero":
        return False
    try:
        num = ctx.convert(prepare(condition.expr)).num
        den = form.den
        if num.is_constant():
            return True
        for factor, _mult in num.factor()[1]:
            if factor.is_constant() or ctx.positive_everywhere(factor):
                continue
            if not (den % factor).is_zero():
                return False
        return True
    except (TanhproofError, ArithmeticError, LookupError, TypeError, ValueError):
        # another ring, an atom outside the context: keep the condition
        return False


def _positive_real_zeros(den, index: int) -> list[flint.fmpq | flint.arb]:
    """Positive real zeros of a univariate polynomial in generator ``index``: exact
    rationals where a factor is linear, else isolated ``arb`` balls
    (:func:`~tanhproof.proof._posroots.positive_roots`)."""
    coeffs: dict[int, flint.fmpq] = {}
    for monom, c in den.terms():
        coeffs[monom[index]] = c
    poly = flint.fmpq_poly([coeffs.get(k, 0) for k in range(max(coeffs) + 1)])
    zeros: list[flint.fmpq | flint.arb] = []
    for root in positive_roots(poly):
        rational = root.rational
        zeros.append(root.ball if rational is None else flint.fmpq(rational.numerator, rational.denominator))
    return zeros


def _log_text(z, q: int) -> str:
    if isinstance(z, flint.fmpq):
        if z == 1:
            return "0"
        value = sympy.log(sympy.Rational(int(z.p), int(z.q)))
        return sstr(value if q == 1 else q * value)
    return f"{q} * log({z.str(15)})" if q != 1 else f"log({z.str(15)})"
