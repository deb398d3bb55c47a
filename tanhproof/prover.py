"""The prover: ``lhs == rhs`` decided exactly, refuted with a certificate, or left undecided.

:func:`prove` runs, in order:

1. **syntactic identity** — the two sides are the same expression (after exact
   differentiation of any ``diff``: "identical after exact differentiation");
2. **the exp-rational decision procedure** (:mod:`tanhproof.exprational`) — both
   sides become quotients of exact polynomials in ``T_v = exp(v/q_v)``; the
   identity holds wherever both sides are defined iff the numerator of their
   difference is the zero polynomial. This decides every identity of the
   hyperbolic family with rational-linear arguments, in any number of variables;
   with opaque atoms (erf, sqrt, abs, …) a zero numerator is still a proof;
3. **a certified counterexample** (:mod:`tanhproof.certify`) — an exact rational
   point and an ``arb`` enclosure of ``lhs - rhs`` there that excludes 0;
4. otherwise ``undecided``, with numeric evidence labelled as evidence.

``proved`` is never reached from floating-point sampling.

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
"""

from __future__ import annotations

import time
from typing import Any

import flint
import sympy

from .certify import find_counterexample, numeric_evidence
from .errors import LimitError
from .exprational import RationalContext, prepare
from .limits import LIMITS
from .parser import parse
from .proof import Proof, Verdict

__all__ = ["prove"]

METHOD_SYNTACTIC = "syntactic identity"
METHOD_DIFFERENTIATED = "identical after exact differentiation"
METHOD_EXP_RATIONAL = "exp-rational decision procedure"
METHOD_ATOMS = "formal identity over opaque atoms"
METHOD_COUNTEREXAMPLE = "certified counterexample (arb enclosure excludes 0)"
METHOD_NONE = "none: neither proved nor refuted"

_MAX_CERTIFICATE_CHARS = 4000


def prove(lhs: str | sympy.Expr, rhs: str | sympy.Expr, *, timeout: float | None = None) -> Proof:
    """Decide whether ``lhs == rhs`` wherever both sides are defined.

    Parameters
    ==========

    lhs, rhs : str or sympy.Expr
        Text is read by :func:`tanhproof.parse` (never ``sympify``).
    timeout : float, optional
        Wall-clock budget in seconds (default ``LIMITS.prove_seconds``).

    Returns
    =======

    Proof
        With ``verdict``, ``method``, ``caveats``, ``certificate`` (and
        ``counterexample`` or ``evidence``).

    Raises
    ======

    ParseError, LimitError
        Bad input text.

    Examples
    ========

    >>> str(prove("cosh(u + v)", "cosh(u)*cosh(v) + sinh(u)*sinh(v)").verdict)
    'proved'
    >>> p = prove("cosh(x)**2 + sinh(x)**2", "1")
    >>> str(p.verdict), p.counterexample.point
    ('refuted', {'x': Fraction(1, 2)})
    """
    start = time.monotonic()
    budget = LIMITS.prove_seconds if timeout is None else float(timeout)
    deadline = start + budget
    left, right = _realify(parse(lhs)), _realify(parse(rhs))
    a, b = prepare(left), prepare(right)

    def done(verdict: Verdict, method: str, **kw: Any) -> Proof:
        return Proof(left, right, verdict, method, seconds=time.monotonic() - start, **kw)

    if a == b:
        differentiated = left.has(sympy.Derivative) or right.has(sympy.Derivative)
        return done(
            Verdict.PROVED,
            METHOD_DIFFERENTIATED if differentiated else METHOD_SYNTACTIC,
            certificate={"difference": "0: the same expression after SymPy's exact differentiation and "
                         "automatic evaluation"},
        )

    reason = ""
    try:
        ctx = RationalContext.for_expressions([a, b], timeout=budget)
        fa, fb = ctx.convert(a), ctx.convert(b)
        diff = fa - fb
        caveats = _caveats(left, fa, ctx) + _caveats(right, fb, ctx)
        if not diff.num.is_zero() and ctx.roots:
            diff.num = ctx.reduce_roots(diff.num)
        if diff.num.is_zero():
            method = METHOD_EXP_RATIONAL if ctx.complete else METHOD_ATOMS
            return done(
                Verdict.PROVED,
                method,
                caveats=_unique(caveats),
                certificate=_certificate(ctx, fa, fb, diff),
            )
        complete = ctx.complete
        reason = (
            "the difference is a nonzero rational function of the exponentials"
            if complete
            else "the difference is not formally zero over the opaque atoms "
            + ", ".join(sympy.sstr(e) for e in ctx.opaque)
        )
    except LimitError as exc:
        caveats, complete = [], False
        reason = f"exact procedure stopped: {exc}"

    remaining = deadline - time.monotonic()
    cex = None
    if remaining > 0:
        cex = find_counterexample(a, b, deadline=deadline)
    if cex is not None:
        return done(
            Verdict.REFUTED,
            METHOD_COUNTEREXAMPLE,
            caveats=_unique(caveats),
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
        caveats=_unique(caveats),
        evidence=numeric_evidence(a, b),
        reason=reason,
    )


def _realify(expr: sympy.Expr) -> sympy.Expr:
    """Variables are real: give a SymPy expression built with plain symbols the
    parser's real symbols of the same names."""
    plain = {s: sympy.Symbol(s.name, real=True) for s in expr.free_symbols if s.is_Symbol and not s.is_real}
    return expr.xreplace(plain) if plain else expr


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


def _poly_text(poly) -> str:
    text = str(poly)
    return text if len(text) <= _MAX_CERTIFICATE_CHARS else f"<{len(poly)} terms, omitted>"


def _certificate(ctx: RationalContext, fa, fb, diff) -> dict[str, Any]:
    """What an independent checker needs: the substitution and both normal forms."""
    ra, rb = fa.reduced(), fb.reduced()
    return {
        "substitution": ctx.substitution,
        "variables": [n for n in ctx.names],
        "lhs": {"numerator": _poly_text(ra.num), "denominator": _poly_text(ra.den)},
        "rhs": {"numerator": _poly_text(rb.num), "denominator": _poly_text(rb.den)},
        "difference_numerator": str(diff.num),
        "complete": ctx.complete,
    }


def _caveats(side: sympy.Expr, form, ctx: RationalContext) -> list[str]:
    """Where ``side`` is undefined over the reals: real zeros of its denominators,
    and the domains of log, atanh, acosh and real roots."""
    out: list[str] = []
    name = sympy.sstr(side)
    if side.has(sympy.Derivative):
        for delta in side.doit().atoms(sympy.DiracDelta):
            out.append(f"{name}: not differentiable where {sympy.sstr(delta.args[0])} = 0")
    for func, condition in (
        (sympy.log, "{} > 0"),
        (sympy.atanh, "|{}| < 1"),
        (sympy.acosh, "{} >= 1"),
    ):
        for node in sorted(side.atoms(func), key=sympy.default_sort_key):
            if node.args[0].free_symbols:
                arg = sympy.sstr(node.args[0])
                out.append(f"{name}: {func.__name__} needs {condition.format(arg)}")
    for node in side.atoms(sympy.Pow):
        if node.exp.is_Rational and not node.exp.is_Integer and node.base.free_symbols:
            out.append(f"{name}: needs {sympy.sstr(node.base)} >= 0")
    den = form.den
    if den.is_constant():
        return out
    content = den.term_content()
    den = den / content  # monomials in exp(...) never vanish
    if den.is_constant():
        return out
    used = [i for i, d in enumerate(den.degrees()) if d]
    positive = ctx.positive
    if set(used) <= positive and all(c > 0 for c in den.coeffs()):
        return out  # a sum of positive terms in positive exponentials
    exponent = ctx.exponent_of(used[0]) if len(used) == 1 else None
    if exponent is not None and exponent[0].is_Symbol and den.total_degree() <= 400:
        var, q = exponent
        for z in _positive_real_zeros(den, used[0]):
            out.append(f"{name} is undefined at {var} = {_log_text(z, q)}")
    elif den.total_degree() <= 60:
        for factor, _mult in den.factor()[1]:
            fused = [i for i, d in enumerate(factor.degrees()) if d]
            if set(fused) <= positive and all(c > 0 for c in factor.coeffs()):
                continue
            out.append(f"{name} is undefined where {sympy.sstr(ctx.to_sympy(factor))} = 0")
    else:
        out.append(f"{name} is undefined where its denominator vanishes")
    return out


def _positive_real_zeros(den, index: int) -> list:
    """Positive real zeros of a univariate polynomial in generator ``index``: exact
    rationals where a factor is linear, else isolated ``arb`` balls."""
    coeffs: dict[int, flint.fmpq] = {}
    for monom, c in den.terms():
        coeffs[monom[index]] = c
    poly = flint.fmpq_poly([coeffs.get(k, 0) for k in range(max(coeffs) + 1)])
    zeros = []
    for factor, _m in poly.factor()[1]:
        if factor.degree() == 1:
            c0, c1 = factor[0], factor[1]
            root = -c0 / c1
            if root > 0:
                zeros.append(root)
        else:
            num = flint.fmpz_poly([int(c * factor.denom()) for c in factor.coeffs()])
            for root, _mult in num.complex_roots():
                if root.imag.contains(0) and root.real > 0:
                    zeros.append(root.real)
    return zeros


def _log_text(z, q: int) -> str:
    if isinstance(z, flint.fmpq):
        if z == 1:
            return "0"
        value = sympy.log(sympy.Rational(int(z.p), int(z.q)))
        return sympy.sstr(value if q == 1 else q * value)
    return f"{q} * log({z.str(15)})" if q != 1 else f"log({z.str(15)})"
