"""The sides of a claim, made ready for the exact procedure, and their signs.

After the prover has judged a claim as written (its syntactic identity, its domain
conditions, its display), each side is rebuilt in SymPy's normal form
(:func:`evaluated`), checked for a division by something identically zero
(:func:`defined`) and given the parity rules that SymPy no longer applies silently
(:func:`with_parity`). The signs of exp-rational forms decide which domain
conditions hold everywhere (:func:`always_positive`: no caveat) and which hold
nowhere (:func:`refuse_empty_domains`: the side is undefined at every point).

Examples
========

>>> from tanhproof.numeric._reading import parse, parse_with_conditions
>>> evaluated(parse("log(exp(x))"))
x
>>> used = {}
>>> with_parity(parse("erf(-x)"), used), list(used)
(-erf(x), ['erf(-u) = -erf(u) (DLMF 7.4.1)'])
>>> refuse_empty_domains(parse_with_conditions("log(-exp(x))")[1])
Traceback (most recent call last):
...
tanhproof.DomainError: log(-exp(x)) is undefined at every real point: it needs -exp(x) > 0, which holds nowhere (proved with the exp-rational form)
"""

from __future__ import annotations

from typing import Any

import flint
import sympy

from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.expr._sstr import sstr
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._posroots import RootIsolationError, positive_roots

__all__ = [
    "always_positive",
    "defined",
    "evaluated",
    "kink_caveats",
    "nonnegative_everywhere",
    "refuse_empty_domains",
    "with_parity",
]


#: Parities that the prover applies as named rules to functions whose definitions are
#: outside the exp-rational class (SymPy's automatic evaluation no longer applies
#: them silently): each rule with its source.
_PARITY_RULES = {
    sympy.erf: (-1, "erf(-u) = -erf(u) (DLMF 7.4.1)"),
    sympy.asinh: (-1, "asinh(-u) = -asinh(u) (DLMF 4.37.16 ff.: (sqrt(u**2+1) - u)(sqrt(u**2+1) + u) = 1)"),
    sympy.Abs: (1, "abs(-u) = abs(u) (definition)"),
    sympy.sign: (-1, "sign(-u) = -sign(u) (definition)"),
}


def evaluated(expr: sympy.Expr) -> sympy.Expr:
    """``expr`` rebuilt with SymPy's arithmetic normalisation, for the exact procedure.

    The claim was judged as written before this point: its syntactic identity, its
    domain conditions (constants decided exactly) and its display. What follows is
    the exp-rational procedure, which may work on any equal form of the sides;
    SymPy's evaluation rules are identities over the reals (``log(exp(x)) = x`` for
    real ``x``), and every proof still names the procedure that decided it.
    ``diff`` stays unevaluated here (exact differentiation is :func:`prepare`'s).
    """
    if not expr.args:
        return expr
    if isinstance(expr, sympy.Derivative):
        return sympy.Derivative(evaluated(expr.expr), *expr.variable_count)
    return expr.func(*(evaluated(a) for a in expr.args))


def defined(expr: sympy.Expr, name: str) -> sympy.Expr:
    """``expr``, unless normalising it met a division by an identically zero
    expression (``x/(x - x)``): then the side is undefined at every point."""
    if expr.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
        raise DomainError(
            f"{name} is undefined at every point: it divides by an expression that is identically zero"
        )
    return expr


def with_parity(expr: sympy.Expr, used: dict[str, None]) -> sympy.Expr:
    """``expr`` with each ``f(-u)`` of :data:`_PARITY_RULES` written ``±f(u)``; the
    rules applied are added to ``used``."""

    def negated_argument(e) -> bool:
        return e.func in _PARITY_RULES and len(e.args) == 1 and bool(e.args[0].could_extract_minus_sign())

    def flip(e):
        sign, rule = _PARITY_RULES[e.func]
        used[rule] = None
        return sign * e.func(-e.args[0])

    return expr.replace(negated_argument, flip) if expr.has(*_PARITY_RULES) else expr


def refuse_empty_domains(conditions: tuple[Condition, ...]) -> None:
    """Raise :class:`DomainError` when a condition can hold at no real point.

    A condition ``g > 0`` (``>= 0``, ``|g| < 1``, ``g >= 1``) fails everywhere when the
    opposite inequality holds everywhere; with ``g = N/D`` in the exp-rational form,
    that is a sign of ``N*D`` everywhere, shown exactly when every coefficient of the
    polynomial is positive in positive generators (a sum of exponentials). Conditions
    this cannot settle are left to the caveats.
    """
    for c in conditions:
        if c.kind == "nonzero" or not c.expr.free_symbols:
            continue
        g = c.expr
        # the opposite of the condition, as "h >= 0 everywhere" (weak) or "h > 0" (strict)
        h, weak = {
            "positive": (-g, True),
            "nonnegative": (-g, False),
            "open_unit": (g**2 - 1, True),
            "at_least_one": (1 - g, False),
        }[c.kind]
        try:
            h = prepare(evaluated(h))
            ctx = RationalContext.for_expressions([h])
            form = ctx.convert(h)
            never = nonnegative_everywhere(ctx, form.num * form.den, strict=not weak)
        except (TanhproofError, KeyError, ValueError):
            continue
        if never:
            raise DomainError(
                f"{c.where or sstr(g)} is undefined at every real point: it needs {c}, which holds "
                "nowhere (proved with the exp-rational form)"
            )


def nonnegative_everywhere(ctx: RationalContext, p, *, strict: bool) -> bool:
    """True when ``p >= 0`` (``strict``: ``p > 0``) is shown for every real point.

    Every term non-negative (positive coefficients in exponentials and even powers)
    shows it, strictly when one term has no other factor than exponentials. A
    polynomial in one exponential ``T > 0`` is decided exactly by its positive real
    roots (:func:`~tanhproof.proof._posroots.positive_roots`): ``p`` keeps one sign on
    ``T > 0`` when no positive root has odd multiplicity (``strict``: no positive root
    at all).
    """
    if ctx.positive_everywhere(p, even=True) and (
        not strict or any(all(not d or i in ctx.positive for i, d in enumerate(m)) for m in p.monoms())
    ):
        return True
    used = {i for m in p.monoms() for i, d in enumerate(m) if d}
    if len(used) != 1 or not used <= ctx.positive:
        return False
    (index,) = used
    coefficients: dict[int, Any] = {m[index]: c for m, c in p.terms()}
    low = min(coefficients)  # T**low > 0: divide it out
    poly = flint.fmpq_poly([coefficients.get(k, 0) for k in range(low, max(coefficients) + 1)])
    try:
        roots = positive_roots(poly)
    except RootIsolationError:
        return False  # a root's sign is not certified: not shown
    if any(strict or root.multiplicity % 2 for root in roots):
        return False
    sample = next(v for v in (poly(flint.fmpq(k, 7)) for k in range(1, 64)) if v != 0)
    return sample > 0


def always_positive(ctx: RationalContext, expr: sympy.Expr, even: bool = False) -> bool:
    """True when ``expr`` is positive (with ``even``: non-negative) for every real value."""
    try:
        prepared = prepare(evaluated(expr))
        try:
            form = ctx.convert(prepared)
        except (
            TanhproofError,
            KeyError,
        ):  # the sides' context lacks its generators (exp(x) in log(exp(x)) = x)
            ctx = RationalContext.for_expressions([prepared])
            form = ctx.convert(prepared)
    except (TanhproofError, KeyError, ValueError):
        return False
    return ctx.positive_everywhere(form.num, even=even) and ctx.positive_everywhere(form.den, even=even)


def kink_caveats(side: sympy.Expr, name: str) -> list[str]:
    """Where a derivative in ``side`` does not exist: at the switch of ELU, CELU (order 2
    and up) and SELU (any order), whose one-sided derivatives differ there; the
    derivative is stated away from it."""
    from tanhproof.expr._activations import SMOOTHNESS

    out = []
    for d in side.atoms(sympy.Derivative):
        order = sum(int(n) for _, n in d.variable_count)
        for kink in d.expr.atoms(*SMOOTHNESS):
            if order > SMOOTHNESS[type(kink)]:
                out.append(f"{name}: not differentiable where {sstr(kink.args[0])} = 0")
    return out
