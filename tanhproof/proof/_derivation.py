r"""Derivations: step-by-step differentiation, every step proved.

:func:`derive` differentiates a catalog function or an expression and returns a
:class:`Derivation`: the main chain of :class:`Step` records from
``Derivative(f, (x, n))`` to the result, each step carrying its rule, a one-line
justification and the :class:`~tanhproof.proof._records.Proof` of ``before == after`` from
:func:`tanhproof.prove`; alternative branches (for tanh: to ``sech(x)**2``
through ``4/(e^x + e^-x)^2``); and the equivalent :class:`Form` records of the
result, each proved equal to it and checked numerically at 50 digits
(:func:`tanhproof.proof._evidence.check_equal`, evidence only).

Routes:

* a catalog function of the hyperbolic family at the bare variable (``"tanh"``,
  ``"sigmoid(x)"``) starts from its exp/log **definition**, differentiates it with
  the traced rules of :mod:`tanhproof.proof._diffsteps`, rearranges (``algebra``) and
  folds the result back (``recognise``) to the catalog's primary derivative form;
* anything else is differentiated directly with the traced rules, using the
  catalog's derivatives of the family functions (rule ``hyperbolic``);
* ``order=n > 1`` for tanh, coth, the sigmoid and exp goes through the derivative
  polynomials of :mod:`tanhproof.expr._derivpoly` (rule ``polynomial``);
* ``order=n > 1`` for a polynomial in ``x`` and one family of
  :mod:`tanhproof.expr._derivatives` (``x*tanh(x)``, ``sech(x)``, ``cosh(2*x)``): the first
  derivative traced, then the family's polynomial chain rule (rule ``polynomial``),
  any order up to ``LIMITS.max_derive_order`` without swell;
* other expressions are differentiated ``n`` times with the traced rules, within
  :data:`MAX_NODES` nodes and :data:`MAX_TRACED_STEPS` proved steps (checked before
  any step is proved).

A step whose left side is a derivative of order at most :data:`DIRECT_ORDER` is
proved by :func:`tanhproof.prove` directly; a higher-order step is proved from a
proved first-order identity (by induction on the derivative-polynomial recurrence,
or by differentiating a proved identity further), and its ``Proof.method`` says so.

Examples
========

>>> d = derive("tanh")
>>> [s.rule for s in d.steps]
['definition', 'quotient', 'algebra', 'recognise']
>>> d.result, d.all_proved
(1 - tanh(x)**2, True)
>>> [s.after for s in d.branches[0]]
[4/(exp(x) + exp(-x))**2, sech(x)**2]
>>> derive("tanh", order=3).result  # P_3(u) = -2 + 8u^2 - 6u^4 (OEIS A008293)
-6*tanh(x)**4 + 8*tanh(x)**2 - 2
"""

from __future__ import annotations

import operator
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sympy
from sympy import Derivative, Mul, Pow, exp, sqrt

from tanhproof.expr._catalog import CATALOG, CatalogEntry, entry_for
from tanhproof.expr._derivatives import polynomial_form
from tanhproof.expr._errors import LimitError, ParseError
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._parser import parse, symbol
from tanhproof.expr import _derivpoly as derivpoly
from tanhproof.proof import _induction as induction
from tanhproof.proof._diffsteps import DiffRule, diff_steps
from tanhproof.proof._evidence import NumericCheck, check_equal
from tanhproof.proof._records import Proof, Verdict

__all__ = ["DIRECT_ORDER", "MAX_TRACED_STEPS", "RULES", "Derivation", "Form", "Step", "derive"]

RULES = (
    "definition",
    "linearity",
    "constant",
    "power",
    "product",
    "quotient",
    "chain",
    "exp",
    "log",
    "hyperbolic",
    "algebra",
    "recognise",
    "polynomial",
)

#: Highest derivative order in a step's left side that is handed to ``prove`` as it is.
DIRECT_ORDER = 6
#: Up to this order every derivative polynomial is shown as its own step.
SHOW_ALL_ORDER = 12
#: Up to this order the result's equivalent forms are listed, proved and checked.
FORMS_ORDER = 12
#: Largest expression (in tree nodes) repeated traced differentiation may build.
MAX_NODES = 20_000
#: Most rule records (each a proved step) repeated traced differentiation may make:
#: the work bound of the general higher-order route (``tanh(x)*sigmoid(x)`` swells to
#: 3,480 steps by order 8).
MAX_TRACED_STEPS = LIMITS.max_traced_steps


def _tex(expr: sympy.Expr) -> str:
    return sympy.latex(expr)


@dataclass(frozen=True)
class Step:
    """One step ``before == after`` of a derivation, with its rule and proof.

    ``rule`` is one of :data:`RULES`; ``justification`` is one line of plain
    English; ``proof`` proves ``before == after``; ``substeps`` are the steps the
    rule needed (the derivatives of a quotient's numerator and denominator, ...).
    """

    rule: str
    before: sympy.Expr
    after: sympy.Expr
    justification: str
    proof: Proof
    substeps: tuple[Step, ...] = ()

    def __post_init__(self):
        if self.rule not in RULES:
            raise ValueError(f"unknown rule {self.rule!r}; rules: {', '.join(RULES)}")

    @property
    def proved(self) -> bool:
        """This step and all its substeps, recursively, are proved."""
        return self.proof.proved and all(s.proved for s in self.substeps)

    def walk(self):
        """This step and every step below it, depth first."""
        yield self
        for s in self.substeps:
            yield from s.walk()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict (``sympy.sstr`` and LaTeX strings), recursive."""
        return {
            "rule": self.rule,
            "before": sympy.sstr(self.before),
            "after": sympy.sstr(self.after),
            "before_latex": _tex(self.before),
            "after_latex": _tex(self.after),
            "justification": self.justification,
            "proof": self.proof.to_dict(),
            "substeps": [s.to_dict() for s in self.substeps],
        }


@dataclass(frozen=True)
class Form:
    """An equivalent form ``expr`` of a derivation's result, its proof of equality
    with the result, and numeric checks (evidence) of that equality."""

    label: str
    expr: sympy.Expr
    proof: Proof
    checks: tuple[NumericCheck, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "expr": sympy.sstr(self.expr),
            "latex": _tex(self.expr),
            "proof": self.proof.to_dict(),
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class Derivation:
    """A derivation of ``d^order/d variable^order function``.

    ``steps`` is the main chain: ``steps[0].before`` is
    ``Derivative(function, (variable, order))``, each step's ``before`` is the
    previous step's ``after`` and ``steps[-1].after`` is ``result``. Each chain in
    ``branches`` starts from the ``after`` of some main step and reaches another
    form of the result (for tanh: ``sech(x)**2``). ``forms`` are the result's
    equivalent forms, each proved equal to it.
    """

    function: sympy.Expr
    variable: sympy.Symbol
    order: int
    steps: tuple[Step, ...]
    result: sympy.Expr
    forms: tuple[Form, ...]
    branches: tuple[tuple[Step, ...], ...] = ()

    @property
    def all_proved(self) -> bool:
        """Every step (substeps included), every branch step and every form is proved."""
        chains = (self.steps,) + self.branches
        return all(s.proved for chain in chains for s in chain) and all(f.proof.proved for f in self.forms)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of the whole derivation."""
        return {
            "function": sympy.sstr(self.function),
            "function_latex": _tex(self.function),
            "variable": self.variable.name,
            "order": self.order,
            "steps": [s.to_dict() for s in self.steps],
            "result": sympy.sstr(self.result),
            "result_latex": _tex(self.result),
            "branches": [[s.to_dict() for s in b] for b in self.branches],
            "forms": [f.to_dict() for f in self.forms],
            "all_proved": self.all_proved,
        }


# ----------------------------------------------------------------------------- derive


def derive(f: Any = "tanh", order: int = 1, variable: str | sympy.Symbol | None = None) -> Derivation:
    """Differentiate ``f`` ``order`` times, step by step, every step proved.

    Parameters
    ==========

    f : str or sympy.Expr
        A catalog name (``"tanh"``), an expression as text (read by
        :func:`tanhproof.parse`, never ``sympify``) or a SymPy expression.
    order : int
        ``1 <= order <= LIMITS.max_derive_order``.
    variable : str or sympy.Symbol, optional
        The variable of differentiation. By default ``x``, or the expression's
        only variable when it has one other than ``x``.

    Raises
    ======

    ParseError
        Bad text, an order below 1 or not an integer, an ambiguous variable.
    LimitError
        ``order`` above ``LIMITS.max_derive_order``, or an expression that grows
        past :data:`MAX_NODES` nodes or :data:`MAX_TRACED_STEPS` traced steps under
        repeated differentiation (polynomials in ``x`` and one family, such as
        ``x*tanh(x)``, take a polynomial route at any order instead).

    Examples
    ========

    >>> d = derive("sigmoid")
    >>> d.result
    (1 - sigmoid(x))*sigmoid(x)
    >>> [s.rule for s in d.steps]
    ['definition', 'quotient', 'algebra', 'recognise']
    >>> d = derive("tanh(2*x)")
    >>> [s.rule for s in d.steps], d.result
    (['chain'], 2 - 2*tanh(2*x)**2)
    >>> derive("tanh", order=0)
    Traceback (most recent call last):
    ...
    tanhproof.ParseError: derivative order must be at least 1, got 0
    """
    n = _order(order)
    expr, x = _resolve(f, variable)
    ctx = _Context(x)
    fam = _entry_at(expr, x)
    found = None
    branches: tuple[tuple[Step, ...], ...] = ()
    if n == 1:
        if fam is not None and fam.in_family and fam.name not in ("exp", "log"):
            steps, branches = _definition_route(ctx, fam)
        else:
            steps = _traced_route(ctx, expr)
    elif fam is not None and fam.name in derivpoly.GENERATORS:
        steps = induction.polynomial_steps(
            ctx, fam, n, _first_steps(ctx, expr, fam), direct_order=DIRECT_ORDER, show_all=SHOW_ALL_ORDER
        )
    elif (found := polynomial_form(expr, x)) is not None:
        steps = _family_route(ctx, expr, n, *found)
    else:
        steps = _repeated_route(ctx, expr, n)
    result = steps[-1].after
    forms = tuple(ctx.form(result, e) for e in _form_exprs(expr, fam, x, n, result, found is not None))
    return Derivation(expr, x, n, steps, result, forms, branches)


def _entry_at(expr: sympy.Expr, x: sympy.Symbol) -> CatalogEntry | None:
    """The catalog entry ``f`` when ``expr`` is exactly ``f(x)``, else None."""
    if expr == sympy.sqrt(x):
        return CATALOG["sqrt"]
    if isinstance(expr, sympy.Function) and expr.args == (x,):
        return entry_for(expr)
    return None


def _order(order: Any) -> int:
    if isinstance(order, bool) or not hasattr(order, "__index__"):
        raise ParseError(f"derivative order must be an integer, got {order!r}")
    n = operator.index(order)
    if n < 1:
        raise ParseError(f"derivative order must be at least 1, got {n}")
    if n > LIMITS.max_derive_order:
        raise LimitError(
            f"derivative order {n} exceeds the limit of {LIMITS.max_derive_order} (max_derive_order)"
        )
    return n


def _resolve(f: Any, variable: Any) -> tuple[sympy.Expr, sympy.Symbol]:
    x = None
    if isinstance(variable, sympy.Symbol):
        x = variable
    elif variable is not None:
        x = parse(variable) if isinstance(variable, str) else None
        if not isinstance(x, sympy.Symbol):
            raise ParseError(f"the variable must be a name such as 'x', got {variable!r}")
    if isinstance(f, str) and f.strip() in CATALOG:
        x = x if x is not None else symbol("x")
        return CATALOG[f.strip()].func(x), x
    if isinstance(f, str) and f.strip().isidentifier():
        # A bare name is meant as a function: "derive nope" is a typo, not d/dnope nope.
        raise ParseError(
            f"unknown function {f.strip()!r}; known functions: {', '.join(sorted(CATALOG))} "
            "(or give an expression such as 'x*tanh(x)')"
        )
    if isinstance(f, type) and issubclass(f, sympy.Function):
        found = entry_for(f(sympy.Dummy()))
        if found is not None:
            x = x if x is not None else symbol("x")
            return found.func(x), x
    expr = parse(f)
    if not isinstance(expr, sympy.Expr):
        raise ParseError(f"cannot differentiate {f!r}: not an expression")
    if expr.has(Derivative):
        from tanhproof.expr._derivatives import expand_derivatives

        expr = expand_derivatives(expr)
    names = {s.name: s for s in expr.free_symbols}
    if x is not None:
        return expr, names.get(x.name, x)
    if "x" in names:
        return expr, names["x"]
    if len(names) == 1:
        return expr, next(iter(names.values()))
    if not names:
        return expr, symbol("x")
    raise ParseError(f"give the variable: {sympy.sstr(expr)} has variables {', '.join(sorted(names))}")


class _Context:
    """Per-call helpers: the variable, and proofs cached by (before, after)."""

    def __init__(self, x: sympy.Symbol):
        self.x = x
        self.proofs: dict[tuple[sympy.Expr, sympy.Expr], Proof] = {}

    def prove(self, lhs: sympy.Expr, rhs: sympy.Expr) -> Proof:
        key = (lhs, rhs)
        if key not in self.proofs:
            from tanhproof.proof._prover import prove

            self.proofs[key] = prove(lhs, rhs)
        return self.proofs[key]

    def step(self, rule, before, after, justification, substeps=(), proof=None) -> Step:
        proof = self.prove(before, after) if proof is None else proof
        return Step(rule, before, after, justification, proof, tuple(substeps))

    def from_rule(self, r: DiffRule) -> Step:
        subs = tuple(self.from_rule(s) for s in r.substeps)
        return self.step(r.rule, r.before, r.after, r.justification, subs)

    def chain(self, start: sympy.Expr, plan: Iterable[tuple[str, sympy.Expr, str]]) -> list[Step]:
        out, before = [], start
        for rule, after, why in plan:
            if after != before:
                out.append(self.step(rule, before, after, why.replace("@", self.x.name)))
                before = after
        return out

    def form(self, result: sympy.Expr, expr: sympy.Expr) -> Form:
        return Form(sympy.sstr(expr), expr, self.prove(result, expr), check_equal(result, expr))


# --------------------------------------------------------------------- definition route

# For each family member: the algebra after the traced differentiation of its definition
# (rule, expression, justification; "@" stands for the variable), the justification of the
# final "recognise" step, and branches from the differentiated definition.


def _plans(name: str, x: sympy.Symbol):
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


def _definition_route(
    ctx: _Context, fam: CatalogEntry
) -> tuple[tuple[Step, ...], tuple[tuple[Step, ...], ...]]:
    x = ctx.x
    fx, dfn = fam.func(x), fam.definition(x)
    first = ctx.step(
        "definition",
        Derivative(fx, x),
        Derivative(dfn, x),
        f"definition of {fam.name} through exp/log: {fam.name}({x}) = {sympy.sstr(dfn)}",
    )
    traced = ctx.from_rule(diff_steps(dfn, x))
    target = fam.derivative(x)
    main, why, branch_plans = _plans(fam.name, x)
    algebra = ctx.chain(traced.after, main)
    last = algebra[-1].after if algebra else traced.after
    if last != target:
        why = why or f"recognise the catalog's derivative of {fam.name}"
        algebra += ctx.chain(last, [("recognise", target, why)])
    branches = tuple(tuple(ctx.chain(traced.after, plan)) for plan in branch_plans)
    return (first, traced, *algebra), tuple(b for b in branches if b)


# --------------------------------------------------------------------- higher orders


def _lifted(before, after, base: Proof, extra: int) -> Proof:
    """``before == after`` from a proof of ``d/dx F == G``, differentiated ``extra`` more times."""
    if extra == 0:
        return base
    return Proof(
        before,
        after,
        base.verdict if base.proved else Verdict.UNDECIDED,
        f"{base.method}, then both sides differentiated {extra} more times",
        caveats=base.caveats,
        certificate={
            "base": base.to_dict(),
            "differentiated": extra,
            "argument": "if d/dx F = G wherever both are defined, their further derivatives agree there",
        },
        reason=base.reason,
    )


def _first_steps(ctx: _Context, expr: sympy.Expr, fam: CatalogEntry | None) -> tuple[Step, ...]:
    if fam is not None and fam.in_family and fam.name not in ("exp", "log"):
        return _definition_route(ctx, fam)[0]
    return _traced_route(ctx, expr)


def _traced_route(ctx: _Context, expr: sympy.Expr) -> tuple[Step, ...]:
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


def _short(expr: sympy.Expr) -> str:
    text = sympy.sstr(expr)
    return text if len(text) <= 60 else text[:57] + "..."


def _family_route(ctx: _Context, expr: sympy.Expr, n: int, form, q) -> tuple[Step, ...]:
    """``d^n/dx^n expr`` for a polynomial in ``x`` and one family of
    :mod:`tanhproof.expr._derivatives` (``x*tanh(x)``, ``sech(x)**2``, ``cosh(2*x)``): the
    first derivative traced rule by rule, then each further one by the family's
    polynomial chain rule (rule ``polynomial``), so nothing swells. Above
    :data:`SHOW_ALL_ORDER` one step jumps from the first derivative to the result.
    Each polynomial step is proved by :func:`tanhproof.prove`, which differentiates
    both sides exactly to the same polynomial."""
    x = ctx.x
    subs = _first_steps(ctx, expr, _entry_at(expr, x))
    first = subs[-1].after
    base = ctx.prove(Derivative(expr, x), first)
    before, after = induction.derivative_of(expr, x, n), induction.derivative_of(first, x, n - 1)
    proof = ctx.prove(before, after) if n <= DIRECT_ORDER else _lifted(before, after, base, n - 1)
    why = f"first derivative: d/d{x} {sympy.sstr(expr)} = {sympy.sstr(first)}"
    steps = [
        ctx.step(subs[0].rule, before, after, why if len(why) <= 160 else why[:157] + "...", subs, proof)
    ]
    refound = polynomial_form(first, x)
    if refound is None:  # the traced derivative left the family: differentiate the original instead
        current = form.step(q)
        left = form.to_sympy(current)
    else:
        form, current, left = refound[0], refound[1], first
    rule = form.rule_text()
    shown = range(2, n + 1) if n <= SHOW_ALL_ORDER else [n]
    prev = 1
    for k in shown:
        current = form.step(current, k - prev)
        right = form.to_sympy(current)
        before, after = induction.derivative_of(left, x, n - prev), induction.derivative_of(right, x, n - k)
        if k == prev + 1:
            why = f"differentiate the polynomial term by term by the chain rule ({rule})"
        else:
            why = f"differentiate the polynomial {k - prev} more times by the chain rule ({rule})"
        steps.append(ctx.step("polynomial", before, after, why))
        prev, left = k, right
    return tuple(steps)


def _repeated_route(ctx: _Context, expr: sympy.Expr, n: int) -> tuple[Step, ...]:
    """Differentiate ``n`` times with the traced rules. All the tracing (cheap,
    symbolic) is done first, within :data:`MAX_NODES` and :data:`MAX_TRACED_STEPS`,
    so that a derivation too large to prove stops at once with a
    :class:`~tanhproof.LimitError`, before any step is proved."""
    x = ctx.x
    subs = _first_steps(ctx, expr, _entry_at(expr, x))
    first = subs[-1].after
    _check_nodes(first, 1)
    traced, current, work = [], first, 0
    for k in range(2, n + 1):
        record = diff_steps(current, x)
        work += sum(1 for _ in record.walk())
        if work > MAX_TRACED_STEPS:
            raise LimitError(
                f"derivative of order {n} of {_short(expr)}: differentiating it {k} times takes over "
                f"{MAX_TRACED_STEPS} traced steps, each to be proved (LIMITS.max_traced_steps); high orders go through "
                "polynomials in x and one of tanh/sech, coth/csch, sinh/cosh, exp, sigmoid"
            )
        _check_nodes(record.result, k)
        traced.append(record)
        current = record.result
    steps, current = [], expr
    for k in range(1, n + 1):
        if k == 1:
            nxt, rule = first, subs[0].rule
            why = f"first derivative: d/d{x} {sympy.sstr(expr)} = {sympy.sstr(nxt)}"
            base = ctx.prove(Derivative(expr, x), nxt)
            shown = subs
        else:
            sub = ctx.from_rule(traced[k - 2])
            shown, nxt, rule, base = (sub,), sub.after, sub.rule, sub.proof
            why = f"differentiate once more ({sub.justification})"
        before, after = induction.derivative_of(current, x, n - k + 1), induction.derivative_of(nxt, x, n - k)
        proof = ctx.prove(before, after) if n - k + 1 <= DIRECT_ORDER else _lifted(before, after, base, n - k)
        why = why if len(why) <= 160 else why[:157] + "..."
        steps.append(ctx.step(rule, before, after, why, shown, proof))
        current = nxt
    return tuple(steps)


def _check_nodes(expr: sympy.Expr, k: int) -> None:
    if sum(1 for _ in sympy.preorder_traversal(expr)) > MAX_NODES:
        raise LimitError(f"the derivative of order {k} has over {MAX_NODES} nodes (MAX_NODES)")


# ----------------------------------------------------------------------------- forms


def _form_exprs(expr, fam: CatalogEntry | None, x, n: int, result, family: bool = False) -> list[sympy.Expr]:
    """The equivalent forms of ``result`` to list (the result itself first). For the
    family route, SymPy's own n-th derivative only up to :data:`DIRECT_ORDER` (its
    chain rule swells: seconds at order 12 for ``x*tanh(x)``)."""
    out = [result]
    if n == 1 and fam is not None:
        out += [b(x) for _, b in fam.forms]
    elif n == 1:
        out.append(sympy.diff(expr, x))
    elif n <= FORMS_ORDER and fam is not None and fam.name in derivpoly.GENERATORS:
        fx, u = fam.func(x), sympy.Symbol("u")
        polys = derivpoly.derivative_polynomials(fam.name, n)
        out.append(sympy.factor(derivpoly.to_sympy(polys[n], u)).xreplace({u: fx}))
        dp = derivpoly.to_sympy(polys[n - 1].derivative(), fx)
        for _, b in fam.forms[:2]:
            out.append(b(x) if dp == 1 else Mul(b(x), dp, evaluate=False))
    elif n <= (DIRECT_ORDER if family else FORMS_ORDER):
        out.append(sympy.diff(expr, (x, n)))
    unique: list[sympy.Expr] = []
    for e in out:
        if e not in unique:
            unique.append(e)
    return unique
