"""An identity with ``abs``, ``sign`` or a definition by cases decided by cases on the
signs of their switches.

``abs(u)``, ``sign(u)`` and a ``Piecewise`` on ``g > 0`` / ``g <= 0`` (ELU, CELU, SELU
after :func:`~tanhproof.proof._rewriting.prepare`) are opaque to the exp-rational
procedure, so ``diff(x/(1 + abs(x)), x) == 1/(1 + abs(x))**2`` is not formally zero over
them. Split instead:

* **Switches.** Each such node has a switch ``g`` (``u``, or ``lhs - rhs`` of its
  conditions); nodes whose switches differ by a constant factor share it. The innermost
  switch is split first (an outer one is read with the inner ones resolved).
* **Cases.** On ``g > 0`` and on ``g < 0`` each node with that switch is one smooth
  expression (``abs(u) = u``, ``sign(u) = 1``, the branch whose condition holds); the
  claim there is proved by :func:`tanhproof.prove` (an identity of smooth expressions
  that holds everywhere holds on the case). On ``g = 0``: where ``g`` is linear in one
  variable, that variable is set to the root and the claim (with fewer variables) is
  decided in turn; otherwise the set is covered by the closed side whose branches hold
  there (``abs``, ELU's cases), and not decided where ``sign(g)`` is 0 there.
* **Verdict.** Proved when every case is. A case that fails is not a refutation by
  itself (the case may be empty): the caller searches for a certified counterexample on
  the claim as written, at the points returned here (each case's own counterexample,
  and points on each side of a linear switch), where arb decides every case
  rigorously.

>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.proof._prover import prove
>>> r = identity_by_cases(parse("diff(x/(1 + abs(x)), x)").doit(), parse("1/(1 + abs(x))**2"), prove)
>>> r.proved, r.method
(True, 'by cases on the signs of x (3 cases): exp-rational decision procedure; syntactic identity')
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._sstr import sstr

__all__ = ["CaseResult", "case_nodes", "has_cases", "identity_by_cases"]

#: Most cases (leaves of the split) decided for one claim.
MAX_CASES = 27
_RELATIONS = (sympy.StrictGreaterThan, sympy.GreaterThan, sympy.StrictLessThan, sympy.LessThan)


@dataclass
class CaseResult:
    """The outcome of a split: ``proved``, the method, the cases' records, caveats, and
    points where a failing case may hold a counterexample (for the caller to certify)."""

    proved: bool
    method: str
    cases: list[dict[str, Any]] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    points: list[dict[sympy.Symbol, Fraction]] = field(default_factory=list)


def _switch(node: sympy.Expr) -> sympy.Expr | None:
    """The switch of a case node, or None when ``node`` is not one."""
    if isinstance(node, (sympy.Abs, sympy.sign)):
        return node.args[0]
    if isinstance(node, sympy.Piecewise):
        switches = {c.lhs - c.rhs for _, c in node.args if c is not sympy.true and isinstance(c, _RELATIONS)}
        conds_ok = all(c is sympy.true or isinstance(c, _RELATIONS) for _, c in node.args)
        if conds_ok and len({_canonical(g)[0] for g in switches}) == 1:
            return next(iter(switches))
    return None


def _canonical(g: sympy.Expr) -> tuple[sympy.Expr, int]:
    """``g`` up to a positive or negative constant factor, and the sign of that factor."""
    g = sympy.expand(g)
    c = g.as_ordered_terms()[0].as_coeff_Mul()[0]
    return sympy.expand(g / c), (1 if c > 0 else -1)


def case_nodes(expr: sympy.Expr) -> list[sympy.Expr]:
    """The case nodes of ``expr`` whose switch depends on a variable, innermost first."""
    found: list[sympy.Expr] = []
    for node in sympy.postorder_traversal(expr, keys=sympy.default_sort_key):
        g = _switch(node)
        if g is not None and g.free_symbols and node not in found:
            found.append(node)
    return found


def has_cases(*exprs: sympy.Expr) -> bool:
    """Whether any of ``exprs`` has a case node with a variable switch."""
    return any(case_nodes(e) for e in exprs)


def _branch(node: sympy.Expr, s: int) -> sympy.Expr:
    """``node`` where the canonical form of its switch has the sign ``s`` (1, -1 or 0)."""
    if isinstance(node, sympy.Abs):
        return s * _canonical(node.args[0])[1] * node.args[0]
    if isinstance(node, sympy.sign):
        return sympy.Integer(s * _canonical(node.args[0])[1])
    for value, cond in node.args:
        if cond is sympy.true:
            return value
        if bool(cond.func(s * _canonical(cond.lhs - cond.rhs)[1], 0)):
            return value
    raise TanhproofError(f"no case of {sstr(node)} applies")  # pragma: no cover - Piecewise ends in True


def _zero_covered(nodes: list[sympy.Expr]) -> bool:
    """Whether the set where the switch is 0 lies in a closed side: there every node equals
    its branch of one side (``abs`` either; ELU's ``Piecewise`` on ``g > 0`` the side
    ``g < 0``), so that side's case, proved everywhere, covers it. Not for ``sign``."""
    return any(
        all(isinstance(n, sympy.Abs) or _branch(n, 0) == _branch(n, side) for n in nodes) for side in (1, -1)
    )


def _inside(expr: sympy.Expr, root: tuple[sympy.Symbol, sympy.Rational], s: int) -> sympy.Expr:
    """``expr`` on the case ``s*(v - r) > 0``: written in ``v = r + s*p`` with ``p``
    positive, so that SymPy resolves the nodes whose sign that fixes (``abs(v/(v + 1))``
    for ``v > 0``), then back in ``v``."""
    v, r = root
    p = sympy.Dummy("p", positive=True)
    return expr.xreplace({v: r + s * p}).xreplace({p: s * (v - r)})


def _root(g: sympy.Expr) -> tuple[sympy.Symbol, sympy.Rational] | None:
    """``(v, r)`` when ``g`` is ``a*v + b`` with rational ``a != 0, b``: ``g = 0`` at ``v = r``."""
    if len(g.free_symbols) != 1:
        return None
    (v,) = g.free_symbols
    poly = sympy.Poly(g, v) if g.is_polynomial(v) else None
    if poly is None or poly.degree() != 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    a, b = poly.all_coeffs()
    return v, -b / a


def identity_by_cases(
    lhs: sympy.Expr, rhs: sympy.Expr, prove: Callable[..., Any], budget: list[int] | None = None
) -> CaseResult:
    """Decide ``lhs == rhs`` (derivatives already expanded) by cases on the signs of the
    switches of its ``abs``, ``sign`` and ``Piecewise`` nodes; ``prove`` decides each
    smooth case (:func:`tanhproof.proof._prover.prove`). See the module docstring."""
    budget = [MAX_CASES] if budget is None else budget
    nodes = case_nodes(lhs) + case_nodes(rhs)
    if not nodes:
        budget[0] -= 1
        if budget[0] < 0:
            return CaseResult(False, f"more than {MAX_CASES} cases")
        p = prove(lhs, rhs)
        points = [] if p.counterexample is None else [_point(p.counterexample.point, lhs, rhs)]
        return CaseResult(p.proved, p.method, caveats=list(p.caveats), points=[q for q in points if q])
    # a switch linear in one variable first (its cases resolve the nodes whose sign they
    # fix, abs(tanh(x)) for x > 0), else an innermost one
    linear = [n for n in nodes if _root(_canonical(_switch(n))[0]) is not None]
    inner = (
        linear[0] if linear else next(n for n in nodes if not any(m != n and n.args[0].has(m) for m in nodes))
    )
    g, _ = _canonical(_switch(inner))
    same = [n for n in dict.fromkeys(nodes) if _canonical(_switch(n))[0] == g]
    out = CaseResult(True, "")
    methods: list[str] = []
    root = _root(g)
    for s, name in ((1, f"{sstr(g)} > 0"), (-1, f"{sstr(g)} < 0"), (0, f"{sstr(g)} = 0")):
        mapping = {n: _branch(n, s) for n in same}
        left, right = lhs.xreplace(mapping), rhs.xreplace(mapping)
        if s != 0 and root is not None:
            left, right = _inside(left, root, s), _inside(right, root, s)
        if s == 0:
            if root is None and _zero_covered(same):
                continue
            if root is None:  # sign(g) = 0 on a set the sides were not checked on
                out.proved = False
                out.cases.append({"case": name, "method": "not decided: no point of the set is known"})
                methods.append(f"not decided where {sstr(g)} = 0")
                continue
            v, r = root
            try:
                left, right = left.subs(v, r), right.subs(v, r)
            except (TypeError, ValueError):  # pragma: no cover - SymPy refusing a substitution
                out.caveats.append(f"not checked where {sstr(g)} = 0")
                continue
            if left.has(sympy.zoo, sympy.nan) or right.has(sympy.zoo, sympy.nan):
                out.cases.append({"case": name, "method": "both sides undefined there", **_where(g, s, root)})
                continue
        try:
            sub = identity_by_cases(left, right, prove, budget)
        except TanhproofError as exc:  # a side undefined on the whole case (a constant outside its domain)
            sub = CaseResult(False, f"not decided: {exc}")
        out.cases.append(
            {
                "case": name,
                "method": sub.method,
                "proved": sub.proved,
                "cases": sub.cases,
                **_where(g, s, root),
            }
        )
        out.caveats += [c for c in sub.caveats if c.startswith("not checked") and c not in out.caveats]
        out.points += sub.points
        if root is not None and not sub.proved and s == 0:
            out.points.append({root[0]: Fraction(int(root[1].p), int(root[1].q))})
        methods.append(sub.method)
        out.proved = out.proved and sub.proved
        if root is not None and not sub.proved and s != 0:
            v, r = root
            out.points += [{v: Fraction(int((r + s * d).p), int((r + s * d).q))} for d in _OFFSETS]
    unique = sorted(set(methods))
    out.method = f"by cases on the signs of {sstr(g)} ({len(out.cases)} cases): " + "; ".join(unique)
    return out


def _where(g: sympy.Expr, s: int, root: tuple | None) -> dict[str, Any]:
    """What the kernel re-checks of a case: the switch, the sign of the case, and at a
    linear switch's root, the point (``{"x": "1/2"}``)."""
    where: dict[str, Any] = {"switch": sstr(g), "sign": s}
    if s == 0 and root is not None:
        where["point"] = {root[0].name: str(Fraction(int(root[1].p), int(root[1].q)))}
    return where


_OFFSETS = (sympy.Rational(1, 3), sympy.Integer(1), sympy.Rational(5, 2), sympy.Integer(7))


def _point(point: dict, lhs: sympy.Expr, rhs: sympy.Expr) -> dict[sympy.Symbol, Fraction]:
    """A counterexample's point keyed by the claim's symbols (rational coordinates only)."""
    symbols = {s.name: s for s in (lhs.free_symbols | rhs.free_symbols)}
    return {symbols[k]: v for k, v in point.items() if k in symbols and isinstance(v, Fraction)}


def certify_at(lhs: sympy.Expr, rhs: sympy.Expr, points: list, conditions: tuple = ()) -> Any:
    """A certified counterexample to ``lhs == rhs`` at one of ``points`` (arb decides every
    case of the claim as written there), or None."""
    from tanhproof.expr._derivatives import expand_derivatives
    from tanhproof.numeric._arb import arb_dyadic_bounds, arb_eval
    from tanhproof.numeric._conditions import certified
    from tanhproof.proof._records import Counterexample

    lhs, rhs = expand_derivatives(lhs), expand_derivatives(rhs)
    symbols = lhs.free_symbols | rhs.free_symbols
    for point in points:
        if set(point) != symbols or not certified(conditions, point):
            continue
        for bits in (64, 256):
            try:
                diff = arb_eval(lhs, point, bits) - arb_eval(rhs, point, bits)
            except TanhproofError:
                break
            if diff.is_finite() and (diff > 0 or diff < 0):
                lower, upper = arb_dyadic_bounds(diff)
                return Counterexample(
                    point={str(k): v for k, v in point.items()},
                    lower=lower,
                    upper=upper,
                    bits=bits,
                    enclosure=diff.str(10, radius=True),
                )
    return None
