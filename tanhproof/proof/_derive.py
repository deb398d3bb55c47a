r"""derive(): step-by-step differentiation, every step proved.

:func:`derive` differentiates a catalog function or an expression and returns a
:class:`~tanhproof.proof._derivation.Derivation`: the main chain of
:class:`~tanhproof.proof._derivation.Step` records from
``Derivative(f, (x, n))`` to the result, each step carrying its rule, a one-line
justification and the :class:`~tanhproof.proof._records.Proof` of ``before == after`` from
:func:`tanhproof.prove`; alternative branches (for tanh: to ``sech(x)**2``
through ``4/(e^x + e^-x)^2``); and the equivalent
:class:`~tanhproof.proof._derivation.Form` records of the
result, each proved equal to it and checked numerically at 50 digits
(:func:`tanhproof.proof._evidence.check_equal`, evidence only).

Routes:

* a catalog function of the hyperbolic family at the bare variable (``"tanh"``,
  ``"sigmoid(x)"``; :mod:`tanhproof.proof._firstorder`) starts from its exp/log **definition**, differentiates it with
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
* other expressions are differentiated ``n`` times with the traced rules
  (:mod:`tanhproof.proof._higherorder`), within
  :data:`~tanhproof.proof._higherorder.MAX_NODES` nodes and
  :data:`~tanhproof.proof._higherorder.MAX_TRACED_STEPS` proved steps (checked before
  any step is proved).

A step whose left side is a derivative of order at most
:data:`~tanhproof.proof._higherorder.DIRECT_ORDER` is
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
from typing import Any

import sympy
from sympy import Derivative, Mul

from tanhproof.expr import _derivpoly as derivpoly
from tanhproof.expr._catalog import CATALOG, CatalogEntry, entry_for
from tanhproof.expr._derivatives import polynomial_form
from tanhproof.expr._errors import LimitError, ParseError
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._parser import symbol
from tanhproof.numeric._reading import parse
from tanhproof.proof import _induction as induction
from tanhproof.proof._derivation import Derivation, Step
from tanhproof.proof._firstorder import definition_route, entry_at, first_steps, traced_route
from tanhproof.proof._higherorder import DIRECT_ORDER, SHOW_ALL_ORDER, family_route, repeated_route
from tanhproof.proof._stepprover import StepProver

__all__ = ["FORMS_ORDER", "derive"]

#: Up to this order the result's equivalent forms are listed, proved and checked.
FORMS_ORDER = 12


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
    ctx = StepProver(x)
    fam = entry_at(expr, x)
    found = None
    branches: tuple[tuple[Step, ...], ...] = ()
    if n == 1:
        if fam is not None and fam.defined_by is not None and fam.name not in ("exp", "log"):
            steps, branches = definition_route(ctx, fam)
        else:
            steps = traced_route(ctx, expr)
    elif fam is not None and fam.name in derivpoly.GENERATORS:
        steps = induction.polynomial_steps(
            ctx, fam, n, first_steps(ctx, expr, fam), direct_order=DIRECT_ORDER, show_all=SHOW_ALL_ORDER
        )
    elif (found := polynomial_form(expr, x)) is not None:
        steps = family_route(ctx, expr, n, *found)
    else:
        steps = repeated_route(ctx, expr, n)
    result = steps[-1].after
    forms = tuple(ctx.form(result, e) for e in form_exprs(expr, fam, x, n, result, found is not None))
    return Derivation(expr, x, n, steps, result, forms, branches)


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


def form_exprs(expr, fam: CatalogEntry | None, x, n: int, result, family: bool = False) -> list[sympy.Expr]:
    """The equivalent forms of ``result`` to list (the result itself first). For the
    family route, SymPy's own n-th derivative only up to :data:`~tanhproof.proof._higherorder.DIRECT_ORDER` (its
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
