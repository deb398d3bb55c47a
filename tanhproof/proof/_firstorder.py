"""First derivatives, step by step: the definition route and the traced route.

A catalog function of the hyperbolic family at the bare variable (``tanh(x)``,
``sigmoid(x)``) is differentiated through its exp/log **definition**
(:func:`definition_route`): the definition, its traced differentiation
(:mod:`tanhproof.proof._diffsteps`), the algebra that rearranges the result
(:func:`algebra_plans`, one plan per function) and the step that folds it back
(``recognise``) to the catalog's primary derivative form, plus alternative
branches (for tanh: through ``4/(e^x + e^-x)^2`` to ``sech(x)**2``). Anything else
is differentiated with the traced rules directly (:func:`traced_route`), with
``sinh(a)**k/cosh(a)**k`` folded to ``tanh(a)**k``.

Examples
========

>>> import sympy
>>> from tanhproof.expr._parser import symbol
>>> from tanhproof.proof._stepprover import StepProver
>>> x = symbol("x")
>>> main, branches = definition_route(StepProver(x), entry_at(sympy.tanh(x), x))
>>> [s.rule for s in main], [s.after for s in branches[0]]
(['definition', 'quotient', 'algebra', 'recognise'], [4/(exp(x) + exp(-x))**2, sech(x)**2])
>>> [s.rule for s in traced_route(StepProver(x), x * sympy.tanh(x))]
['product']
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Derivative, Mul, Pow, exp, sqrt

from tanhproof.expr._catalog import CATALOG, CatalogEntry, entry_for
from tanhproof.expr._sstr import readable
from tanhproof.proof._activationplans import activation_plan
from tanhproof.proof._derivation import Step
from tanhproof.proof._diffsteps import diff_steps
from tanhproof.proof._stepprover import StepProver

__all__ = ["algebra_plans", "definition_route", "entry_at", "first_steps", "traced_route"]


def entry_at(expr: sympy.Expr, x: sympy.Symbol) -> CatalogEntry | None:
    """The catalog entry ``f`` when ``expr`` is exactly ``f(x)``, else None."""
    if expr == sympy.sqrt(x):
        return CATALOG["sqrt"]
    if isinstance(expr, sympy.Function) and expr.args == (x,):
        return entry_for(expr)
    return None


# For each family member: the algebra after the traced differentiation of its definition
# (rule, expression, justification; "@" stands for the variable), the justification of the
# final "recognise" step, and branches from the differentiated definition.


def algebra_plans(name: str, x: sympy.Symbol):
    """``(main, why, branches)`` for the family member ``name``: the algebra after the
    traced differentiation of its definition, the justification of the final
    ``recognise`` step, and the plans of the branches."""
    activation = activation_plan(name, x)
    if activation is not None:
        return (*activation, [])
    A, B, D = exp(x) + exp(-x), exp(x) - exp(-x), 1 + exp(-x)
    E, F = "e^@ + e^-@", "e^@ - e^-@"
    if name in ("tanh", "coth"):
        (P, Q, p, q) = (A, B, E, F) if name == "tanh" else (B, A, F, E)
        main = [
            (
                "algebra",
                1 - Pow(Q / P, 2, evaluate=False),
                f"difference of squares over a square: (({p})^2 - ({q})^2)/({p})^2 = 1 - (({q})/({p}))^2",
            )
        ]
        four, fold = (4 / A**2, sympy.sech(x) ** 2) if name == "tanh" else (-4 / B**2, -(sympy.csch(x) ** 2))
        branch = [
            (
                "algebra",
                four,
                (
                    f"difference of squares: ({p})^2 - ({q})^2 = (({p}) - ({q}))*(({p}) + ({q}))"
                    f" = {'(2e^-@)*(2e^@) = 4' if name == 'tanh' else '(-2e^-@)*(2e^@) = -4'}"
                ),
            ),
            (
                "recognise",
                fold,
                "recognise 2/(e^@ + e^-@) = sech(@): 4/(e^@ + e^-@)^2 = sech(@)^2"
                if name == "tanh"
                else "recognise 2/(e^@ - e^-@) = csch(@): -4/(e^@ - e^-@)^2 = -csch(@)^2",
            ),
        ]
        return main, f"recognise ({q})/({p}) = {name}(@), the definition of {name}", [branch]
    table = {
        "sinh": ([], f"recognise ({E})/2 = cosh(@), the definition of cosh"),
        "cosh": ([], f"recognise ({F})/2 = sinh(@), the definition of sinh"),
        "sech": (
            [
                (
                    "algebra",
                    Mul(-1, 2 / A, B / A, evaluate=False),
                    f"factor: -2({F})/({E})^2 = -(2/({E}))*(({F})/({E}))",
                )
            ],
            f"recognise 2/({E}) = sech(@) and ({F})/({E}) = tanh(@)",
        ),
        "csch": (
            [
                (
                    "algebra",
                    Mul(-1, 2 / B, A / B, evaluate=False),
                    f"factor: -2({E})/({F})^2 = -(2/({F}))*(({E})/({F}))",
                )
            ],
            f"recognise 2/({F}) = csch(@) and ({E})/({F}) = coth(@)",
        ),
        "sigmoid": (
            [
                (
                    "algebra",
                    Mul(1 / D, 1 - 1 / D, evaluate=False),
                    "write e^-@ = (1 + e^-@) - 1: e^-@/(1 + e^-@)^2 = 1/(1 + e^-@) * (1 - 1/(1 + e^-@))",
                )
            ],
            "recognise 1/(1 + e^-@) = sigmoid(@), the definition of the sigmoid",
        ),
        "softplus": (
            [("algebra", 1 / D, "divide numerator and denominator by e^@: e^@/(e^@ + 1) = 1/(1 + e^-@)")],
            "recognise 1/(1 + e^-@) = sigmoid(@), the definition of the sigmoid",
        ),
        "asinh": (
            [
                (
                    "algebra",
                    1 / sqrt(x**2 + 1),
                    "1 + @/s = (s + @)/s with s = sqrt(@^2 + 1), and the factor @ + s cancels",
                )
            ],
            "",
        ),
        "acosh": (
            [
                (
                    "algebra",
                    1 / (sqrt(x - 1) * sqrt(x + 1)),
                    "with s = sqrt(@ - 1)*sqrt(@ + 1), s^2 = @^2 - 1: 1 + @/s = (s + @)/s, and the factor "
                    "@ + s cancels",
                )
            ],
            "",
        ),
        "atanh": ([("algebra", 1 / (1 - x**2), "difference of squares: (1 - @)*(1 + @) = 1 - @^2")], ""),
    }
    main, why = table.get(name, ([], ""))
    return main, why, []


_THROUGH = {"gelu": "through erf", "softsign": "through abs", "elu": "by cases", "celu": "by cases"}
_THROUGH["selu"] = "by cases"


def definition_route(
    ctx: StepProver, fam: CatalogEntry
) -> tuple[tuple[Step, ...], tuple[tuple[Step, ...], ...]]:
    x = ctx.x
    definition = fam.defined_by
    assert definition is not None  # callers take this route for functions with a definition only
    fx, dfn = fam.func(x), definition(x)
    first = ctx.step(
        "definition",
        Derivative(fx, x),
        Derivative(dfn, x),
        f"definition of {fam.name} {_THROUGH.get(fam.name, 'through exp/log')}: "
        f"{fam.name}({x}) = {readable(dfn)}",
    )
    traced = ctx.from_rule(diff_steps(dfn, x))
    target = fam.derivative(x)
    main, why, branch_plans = algebra_plans(fam.name, x)
    algebra = ctx.chain(traced.after, main)
    last = algebra[-1].after if algebra else traced.after
    if last != target:
        why = why or f"recognise the catalog's derivative of {fam.name}"
        algebra += ctx.chain(last, [("recognise", target, why)])
    branches = tuple(tuple(ctx.chain(traced.after, plan)) for plan in branch_plans)
    return (first, traced, *algebra), tuple(b for b in branches if b)


def first_steps(ctx: StepProver, expr: sympy.Expr, fam: CatalogEntry | None) -> tuple[Step, ...]:
    if fam is not None and fam.defined_by is not None and fam.name not in ("exp", "log"):
        return definition_route(ctx, fam)[0]
    return traced_route(ctx, expr)


def traced_route(ctx: StepProver, expr: sympy.Expr) -> tuple[Step, ...]:
    """Traced differentiation, then ``sinh(a)**k/cosh(a)**k`` folded to ``tanh(a)**k``."""
    traced = ctx.from_rule(diff_steps(expr, ctx.x))
    folded = _fold_tanh(traced.after)
    why = "recognise sinh(a)/cosh(a) = tanh(a) and cosh(a)/sinh(a) = coth(a)"
    return (traced, *ctx.chain(traced.after, [("recognise", folded, why)]))


def _fold_tanh(expr: sympy.Expr) -> sympy.Expr:
    def fold(m: sympy.Mul) -> sympy.Expr:
        powers: dict[tuple[Any, sympy.Expr], sympy.Expr] = {}
        for factor in m.args:
            base, e = factor.as_base_exp()
            if base.func in (sympy.sinh, sympy.cosh) and e.is_Integer:
                powers[(base.func, base.args[0])] = e
        out = m
        for (func, a), e in powers.items():
            if func is sympy.sinh and powers.get((sympy.cosh, a)) == -e:
                new = sympy.tanh(a) ** e if e > 0 else sympy.coth(a) ** -e
                out = out * new / (sympy.sinh(a) ** e * sympy.cosh(a) ** -e)
        return out

    return expr.replace(lambda e: e.is_Mul, fold)
