"""Higher derivatives, step by step: the family route and the repeated route.

For ``order=n > 1`` (tanh, coth, the sigmoid and exp at the bare variable go through
the derivative polynomials instead, :func:`tanhproof.proof._induction.polynomial_steps`):

* a polynomial in ``x`` and one family of :mod:`tanhproof.expr._derivatives`
  (``x*tanh(x)``, ``sech(x)``, ``cosh(2*x)``) takes :func:`family_route`: the first
  derivative traced, then the family's polynomial chain rule (rule ``polynomial``),
  any order up to ``LIMITS.max_derive_order`` without swell;
* other expressions take :func:`repeated_route`: differentiated ``n`` times with the
  traced rules, within :data:`MAX_NODES` nodes and :data:`MAX_TRACED_STEPS` proved
  steps (checked before any step is proved).

A step whose left side is a derivative of order at most :data:`DIRECT_ORDER` is
proved by :func:`tanhproof.prove` directly; a higher-order step is proved from a
proved first-order identity by differentiating it further (:func:`lifted`), and its
``Proof.method`` says so.

Examples
========

>>> import sympy
>>> from tanhproof.expr._parser import symbol
>>> from tanhproof.proof._stepprover import StepProver
>>> x = symbol("x")
>>> steps = repeated_route(StepProver(x), x * sympy.exp(x), 2)
>>> steps[-1].after, all(s.proved for s in steps)
(x*exp(x) + 2*exp(x), True)
"""

from __future__ import annotations

import sympy
from sympy import Derivative

from tanhproof.expr._derivatives import polynomial_form
from tanhproof.expr._errors import LimitError
from tanhproof.expr._limits import LIMITS
from tanhproof.proof import _induction as induction
from tanhproof.proof._derivation import Step
from tanhproof.proof._diffsteps import diff_steps
from tanhproof.proof._firstorder import entry_at, first_steps
from tanhproof.proof._records import Proof, Verdict
from tanhproof.proof._stepprover import StepProver

__all__ = [
    "DIRECT_ORDER",
    "MAX_NODES",
    "MAX_TRACED_STEPS",
    "SHOW_ALL_ORDER",
    "family_route",
    "lifted",
    "repeated_route",
]

#: Highest derivative order in a step's left side that is handed to ``prove`` as it is.
DIRECT_ORDER = 6
#: Up to this order every derivative polynomial is shown as its own step.
SHOW_ALL_ORDER = 12
#: Largest expression (in tree nodes) repeated traced differentiation may build.
MAX_NODES = 20_000
#: Most rule records (each a proved step) repeated traced differentiation may make:
#: the work bound of the general higher-order route (``tanh(x)*sigmoid(x)`` swells to
#: 3,480 steps by order 8).
MAX_TRACED_STEPS = LIMITS.max_traced_steps


def lifted(before, after, base: Proof, extra: int) -> Proof:
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


def _short(expr: sympy.Expr) -> str:
    text = sympy.sstr(expr)
    return text if len(text) <= 60 else text[:57] + "..."


def family_route(ctx: StepProver, expr: sympy.Expr, n: int, form, q) -> tuple[Step, ...]:
    """``d^n/dx^n expr`` for a polynomial in ``x`` and one family of
    :mod:`tanhproof.expr._derivatives` (``x*tanh(x)``, ``sech(x)**2``, ``cosh(2*x)``): the
    first derivative traced rule by rule, then each further one by the family's
    polynomial chain rule (rule ``polynomial``), so nothing swells. Above
    :data:`SHOW_ALL_ORDER` one step jumps from the first derivative to the result.
    Each polynomial step is proved by :func:`tanhproof.prove`, which differentiates
    both sides exactly to the same polynomial."""
    x = ctx.x
    subs = first_steps(ctx, expr, entry_at(expr, x))
    first = subs[-1].after
    base = ctx.prove(Derivative(expr, x), first)
    before, after = induction.derivative_of(expr, x, n), induction.derivative_of(first, x, n - 1)
    proof = ctx.prove(before, after) if n <= DIRECT_ORDER else lifted(before, after, base, n - 1)
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


def repeated_route(ctx: StepProver, expr: sympy.Expr, n: int) -> tuple[Step, ...]:
    """Differentiate ``n`` times with the traced rules. All the tracing (cheap,
    symbolic) is done first, within :data:`MAX_NODES` and :data:`MAX_TRACED_STEPS`,
    so that a derivation too large to prove stops at once with a
    :class:`~tanhproof.LimitError`, before any step is proved."""
    x = ctx.x
    subs = first_steps(ctx, expr, entry_at(expr, x))
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
        proof = ctx.prove(before, after) if n - k + 1 <= DIRECT_ORDER else lifted(before, after, base, n - k)
        why = why if len(why) <= 160 else why[:157] + "..."
        steps.append(ctx.step(rule, before, after, why, shown, proof))
        current = nxt
    return tuple(steps)


def _check_nodes(expr: sympy.Expr, k: int) -> None:
    if sum(1 for _ in sympy.preorder_traversal(expr)) > MAX_NODES:
        raise LimitError(f"the derivative of order {k} has over {MAX_NODES} nodes (MAX_NODES)")
