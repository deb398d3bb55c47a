"""Tests of tanhproof.proof._derivation: derive(), its records and its routes.

Independent sources of expected values:

* ``sympy.diff`` — every result is compared with SymPy's own derivative, numerically
  with SymPy/mpmath ``evalf`` at 30 digits (an evaluator independent of the
  python-flint one the numeric checks use);
* the catalog (``entry(f).derivative`` and ``entry(f).forms``) for the form a
  family function's derivative must end in;
* OEIS A008293 (D^n tan x in powers of tan x; with tanh(x) = -i tan(ix) the signs
  alternate) for the derivative polynomials of tanh.
"""

from __future__ import annotations

import dataclasses
import itertools
import json

import pytest
import sympy
from oeis import A008293
from sympy import Derivative

from tanhproof import LimitError, ParseError
from tanhproof.expr._catalog import CATALOG, FAMILY, entry
from tanhproof.expr._functions import sigmoid
from tanhproof.expr._parser import symbol
from tanhproof.numeric._reading import parse
from tanhproof.proof._derivation import RULES, Derivation, Form, Step
from tanhproof.proof._derive import derive
from tanhproof.proof._records import Proof, Verdict

x = symbol("x")
POINTS = ("-3/2", "-1/3", "1/2", "2", "5/4")


def _value(expr: sympy.Expr, var: sympy.Symbol, point: str, dps: int = 30):
    """``expr`` at ``var = point`` by SymPy's evalf (mpmath), or None where undefined."""
    value = expr.doit().subs(var, parse(point)).evalf(dps)
    if not value.is_number or value.has(sympy.zoo, sympy.nan) or not value.is_real:
        return None
    return value


def assert_same_function(a: sympy.Expr, b: sympy.Expr, var: sympy.Symbol = x, points=POINTS) -> None:
    compared = 0
    for p in points:
        va, vb = _value(a, var, p), _value(b, var, p)
        if va is None or vb is None:
            continue
        assert abs(va - vb) <= sympy.Float("1e-25") * max(1, abs(va)), (p, va, vb)
        compared += 1
    assert compared >= 1


def assert_chain(steps, start=None, end=None) -> None:
    if start is not None:
        assert steps[0].before == start
    for a, b in itertools.pairwise(steps):
        assert a.after == b.before
    if end is not None:
        assert steps[-1].after == end


def all_steps(d: Derivation):
    for chain in (d.steps, *d.branches):
        for step in chain:
            yield from step.walk()


def unproved(d: Derivation):
    return [(s.rule, sympy.sstr(s.before), sympy.sstr(s.after)) for s in all_steps(d) if not s.proof.proved]


# ----------------------------------------------------------------------------- tanh


@pytest.fixture(scope="module")
def tanh_derivation() -> Derivation:
    return derive("tanh")


def test_tanh_main_chain_in_order(tanh_derivation):
    d = tanh_derivation
    assert [s.rule for s in d.steps] == ["definition", "quotient", "algebra", "recognise"]
    assert_chain(d.steps, Derivative(sympy.tanh(x), x), d.result)
    assert d.result == 1 - sympy.tanh(x) ** 2
    assert d.function == sympy.tanh(x) and d.variable == x and d.order == 1


def test_tanh_definition_step_uses_exp(tanh_derivation):
    first = tanh_derivation.steps[0]
    assert first.after == Derivative((sympy.exp(x) - sympy.exp(-x)) / (sympy.exp(x) + sympy.exp(-x)), x)


def test_tanh_quotient_step_has_the_derivatives_of_numerator_and_denominator(tanh_derivation):
    quotient = tanh_derivation.steps[1]
    num, den = quotient.substeps
    assert num.before == Derivative(sympy.exp(x) - sympy.exp(-x), x)
    assert den.before == Derivative(sympy.exp(x) + sympy.exp(-x), x)
    assert num.after == sympy.exp(x) + sympy.exp(-x)
    assert den.after == sympy.exp(x) - sympy.exp(-x)
    rules = [s.rule for s in quotient.walk()]
    assert {"linearity", "exp", "chain"} <= set(rules)
    # the quotient rule comes before the chain rule (which is one of its substeps)
    assert rules.index("quotient") < rules.index("chain")


def test_tanh_difference_of_squares_then_recognise(tanh_derivation):
    algebra, recognise = tanh_derivation.steps[2:]
    assert "difference of squares" in algebra.justification
    a, b = sympy.exp(x) + sympy.exp(-x), sympy.exp(x) - sympy.exp(-x)
    assert sympy.simplify(algebra.before - (a**2 - b**2) / a**2) == 0
    assert recognise.after == 1 - sympy.tanh(x) ** 2


def test_tanh_every_step_proved(tanh_derivation):
    assert unproved(tanh_derivation) == []
    assert tanh_derivation.all_proved
    for s in all_steps(tanh_derivation):
        assert s.proof.lhs == s.before and s.proof.rhs == s.after
        assert s.rule in RULES and s.justification


def test_tanh_sech_branch(tanh_derivation):
    (branch,) = tanh_derivation.branches
    mains = [s.after for s in tanh_derivation.steps]
    assert branch[0].before in mains
    assert_chain(branch)
    assert [s.after for s in branch] == [4 / (sympy.exp(x) + sympy.exp(-x)) ** 2, sympy.sech(x) ** 2]
    assert "difference of squares" in branch[0].justification
    assert all(s.proved for s in branch)


def test_tanh_forms_are_the_catalog_forms_proved_and_checked(tanh_derivation):
    forms = tanh_derivation.forms
    assert [f.label for f in forms] == [label for label, _ in entry("tanh").forms]
    for form in forms:
        assert form.proof.proved, form.label
        assert form.proof.lhs == tanh_derivation.result
        assert len(form.checks) >= 3
        assert all(c.ok and c.digits == 50 for c in form.checks)
        assert_same_function(form.expr, tanh_derivation.result)


def test_tanh_to_dict_is_json(tanh_derivation):
    data = json.loads(json.dumps(tanh_derivation.to_dict()))
    assert data["result"] == "1 - tanh(x)**2"
    assert [s["rule"] for s in data["steps"]] == ["definition", "quotient", "algebra", "recognise"]
    assert data["steps"][1]["substeps"][0]["before"] == "Derivative(exp(x) - exp(-x), x)"
    assert data["branches"][0][-1]["after"] == "sech(x)**2"
    assert data["all_proved"] is True
    assert data["forms"][0]["checks"][0]["kind"] == "evidence"
    assert "\\tanh" in data["result_latex"]


# ----------------------------------------------------------------------- the family


@pytest.mark.parametrize("name", FAMILY)
def test_family_every_step_proved(name):
    d = derive(name)
    assert unproved(d) == []
    assert d.all_proved


@pytest.mark.parametrize("name", FAMILY)
def test_family_ends_in_the_catalog_form_and_agrees_with_sympy_diff(name):
    d = derive(name)
    fx = CATALOG[name].func(x)
    assert_chain(d.steps, Derivative(fx, x), d.result)
    assert d.result == entry(name).derivative(x)
    assert_same_function(d.result, sympy.diff(fx, x))
    if name in ("exp", "log"):  # their definition is themselves
        assert [s.rule for s in d.steps] == [name]
    else:
        assert d.steps[0].rule == "definition"
        assert d.steps[0].after == Derivative(entry(name).definition(x), x)


@pytest.mark.parametrize("name", ["sqrt", "abs", "sign", "erf"])
def test_functions_outside_the_family_are_differentiated_directly(name):
    d = derive(name)
    assert d.result == entry(name).derivative(x)
    assert d.all_proved
    assert_same_function(d.result, sympy.diff(d.function, x))


@pytest.mark.parametrize("text", ["sigmoid", "sigmoid(x)"])
def test_sigmoid_keeps_the_product_form(text):
    d = derive(text)
    expected = sympy.Mul(sigmoid(x), 1 - sigmoid(x), evaluate=False)
    assert d.result == expected
    assert sympy.sstr(d.result) == "(1 - sigmoid(x))*sigmoid(x)"
    assert [s.rule for s in d.steps] == ["definition", "quotient", "algebra", "recognise"]
    assert d.all_proved


def test_coth_branch_to_minus_csch_squared():
    (branch,) = derive("coth").branches
    assert branch[-1].after == -(sympy.csch(x) ** 2)
    assert all(s.proved for s in branch)


# ---------------------------------------------------------------------- compositions


@pytest.mark.parametrize(
    "text, top, rules",
    [
        ("x*tanh(softplus(x))", "product", {"power", "chain", "hyperbolic"}),
        ("tanh(2*x)", "chain", {"hyperbolic", "linearity", "power"}),
        ("sinh(x)*cosh(x)", "product", {"hyperbolic"}),
        ("log(cosh(x))", "chain", {"log", "hyperbolic"}),
        ("exp(x)/(1 + x**2)", "quotient", {"exp", "power", "linearity", "constant"}),
        ("2**x + x**x", "linearity", {"exp", "algebra"}),
    ],
)
def test_compositions(text, top, rules):
    d = derive(text)
    f = parse(text)
    assert d.function == f
    assert d.steps[0].rule == top
    assert rules <= {s.rule for s in all_steps(d)}
    assert_chain(d.steps, Derivative(f, x), d.result)
    assert unproved(d) == []
    assert_same_function(d.result, sympy.diff(f, x), points=("1/2", "2", "5/4"))
    assert all(f.proof.proved for f in d.forms)


def test_log_cosh_is_recognised_as_tanh():
    d = derive("log(cosh(x))")
    assert [s.rule for s in d.steps] == ["chain", "recognise"]
    assert d.result == sympy.tanh(x)


def test_tanh_of_2x():
    assert derive("tanh(2*x)").result == 2 - 2 * sympy.tanh(2 * x) ** 2


def test_a_sympy_expression_and_other_variables():
    t = symbol("t")
    assert derive(sympy.tanh(x)).steps[0].rule == "definition"
    assert derive(sympy.tanh).result == 1 - sympy.tanh(x) ** 2
    d = derive("tanh", variable="t")
    assert d.variable == t and d.result == 1 - sympy.tanh(t) ** 2
    assert "e^t" in d.steps[2].justification
    assert derive("tanh(t)").result == 1 - sympy.tanh(t) ** 2
    assert derive("a*x**2", variable="x").result == 2 * symbol("a") * x
    assert derive("2").result == 0
    with pytest.raises(ParseError, match="give the variable"):
        derive("a*b")
    with pytest.raises(ParseError):
        derive("tanh", variable="2*x")


def test_text_goes_through_the_safe_parser():
    with pytest.raises(ParseError):
        derive("__import__('os').system('true')")
    with pytest.raises(ParseError):
        derive("nosuchfunction(x)")


# ------------------------------------------------------------------- higher orders

# OEIS A008293 (tests/oeis.py): rows n = 0..8.


def tanh_derivative_polynomial(n: int, u: sympy.Expr) -> sympy.Expr:
    """P_n(u) from A008293: tanh(x) = -i tan(ix) gives the sign (-1)**((n + k - 1)/2)."""
    total = sympy.S.Zero
    for j, a in enumerate(A008293[n]):
        k = (n + 1) % 2 + 2 * j
        total += (-1) ** ((n + k - 1) // 2) * a * u**k
    return total


@pytest.mark.parametrize("n", range(2, 9))
def test_tanh_order_n_matches_oeis_and_sympy(n):
    d = derive("tanh", order=n)
    assert d.order == n
    assert sympy.expand(d.result - tanh_derivative_polynomial(n, sympy.tanh(x))) == 0
    assert sympy.expand(d.result - sympy.diff(sympy.tanh(x), (x, n))) == 0
    assert {s.rule for s in d.steps} == {"polynomial"}
    assert len(d.steps) == n
    assert_chain(d.steps, Derivative(sympy.tanh(x), (x, n)), d.result)
    assert unproved(d) == []
    assert all(f.proof.proved and all(c.ok for c in f.checks) for f in d.forms)
    # the first step carries the whole first-order derivation
    assert [s.rule for s in d.steps[0].substeps] == ["definition", "quotient", "algebra", "recognise"]


def test_order_2_and_3_explicitly():
    assert derive("tanh", order=2).result == 2 * sympy.tanh(x) ** 3 - 2 * sympy.tanh(x)
    assert derive("tanh", order=3).result == -2 + 8 * sympy.tanh(x) ** 2 - 6 * sympy.tanh(x) ** 4


def test_small_orders_are_proved_directly_larger_by_induction():
    d = derive("tanh", order=8)
    methods = [s.proof.method for s in d.steps]
    induction = "induction on the derivative-polynomial recurrence (P_{n+1} = (1 - u^2) P_n')"
    assert methods[0] == methods[1] == induction  # left sides of order 8 and 7
    assert induction not in methods[2:]  # order 6 and below: the prover, directly
    base = d.steps[0].proof.certificate["base"]
    assert base["verdict"] == "proved" and base["lhs"] == "Derivative(tanh(x), x)"


def _a008293_row(n: int) -> dict[int, int]:
    """Row n of A008293 by its OEIS formula T(n, k) = (k-1) T(n-1, k-1) + (k+1) T(n-1, k+1)."""
    row = {1: 1}
    for _ in range(n):
        nxt: dict[int, int] = {}
        for j, t in row.items():  # T(n-1, j) adds j*T(n-1, j) to T(n, j+1) and to T(n, j-1)
            nxt[j + 1] = nxt.get(j + 1, 0) + j * t
            if j >= 1:
                nxt[j - 1] = nxt.get(j - 1, 0) + j * t
        row = {k: t for k, t in nxt.items() if t}
    return row


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
def test_large_order_jumps_with_an_induction_proof():
    d = derive("tanh", order=40)
    assert len(d.steps) == 2
    assert all(s.proof.proved and s.proof.method.startswith("induction") for s in d.steps)
    poly = sympy.Poly(d.result, sympy.tanh(x))
    expected = {k: (-1) ** ((40 + k - 1) // 2) * t for k, t in _a008293_row(40).items()}
    assert {m[0]: int(c) for m, c in poly.terms()} == expected
    assert_same_function(derive("tanh", order=13).result, sympy.diff(sympy.tanh(x), (x, 13)))


@pytest.mark.parametrize(
    "name, n", [("sigmoid", 2), ("sigmoid", 5), ("coth", 3), ("exp", 4), ("exp", 15), ("coth", 14)]
)
def test_other_polynomial_functions(name, n):
    d = derive(name, order=n)
    fx = CATALOG[name].func(x)
    assert_same_function(d.result, sympy.diff(fx, (x, n)))
    assert {s.rule for s in d.steps} == {"polynomial"}
    assert_chain(d.steps, Derivative(fx, (x, n)), d.result)
    assert d.all_proved


@pytest.mark.parametrize("text, n", [("sinh(x)*cosh(x)", 3), ("x**3", 4), ("log(cosh(x))", 2), ("sech", 2)])
def test_repeated_differentiation(text, n):
    d = derive(text, order=n)
    f = parse(text) if text != "sech" else sympy.sech(x)
    assert_chain(d.steps, Derivative(f, (x, n)), d.result)
    assert len(d.steps) == n
    assert d.all_proved
    assert_same_function(d.result, sympy.diff(f, (x, n)), points=("-1/3", "1/2", "2"))


def test_repeated_differentiation_above_the_direct_order_lifts_the_proof():
    d = derive("sinh(x)*cosh(x)", order=9)
    assert d.all_proved
    assert "differentiated 8 more times" in d.steps[0].proof.method
    assert sympy.simplify(d.result - sympy.diff(sympy.sinh(x) * sympy.cosh(x), (x, 9))) == 0


@pytest.mark.parametrize("order", [0, -1])
def test_order_below_one(order):
    with pytest.raises(ParseError, match="at least 1"):
        derive("tanh", order=order)


@pytest.mark.parametrize("order", [1.5, "2", True, None])
def test_order_not_an_integer(order):
    with pytest.raises(ParseError, match="integer"):
        derive("tanh", order=order)


def test_order_above_the_limit():
    from tanhproof.expr._limits import LIMITS

    with pytest.raises(LimitError, match=str(LIMITS.max_derive_order)):
        derive("tanh", order=LIMITS.max_derive_order + 1)
    assert issubclass(LimitError, ParseError) and issubclass(ParseError, ValueError)


# ---------------------------------------------------------------------------- records


def _dummy_proof(lhs, rhs, verdict=Verdict.PROVED) -> Proof:
    return Proof(lhs, rhs, verdict, "test")


def test_step_rejects_unknown_rules_and_is_frozen():
    with pytest.raises(ValueError, match="unknown rule"):
        Step("magic", x, x, "because", _dummy_proof(x, x))
    step = Step("algebra", x, x, "nothing", _dummy_proof(x, x))
    with pytest.raises(dataclasses.FrozenInstanceError):
        step.rule = "power"


def test_all_proved_is_false_when_any_step_or_form_is_not():
    good = Step("algebra", x, x, "same", _dummy_proof(x, x))
    bad_sub = Step("algebra", x, 2 * x, "wrong", _dummy_proof(x, 2 * x, Verdict.REFUTED))
    nested = Step("linearity", x, x, "outer", _dummy_proof(x, x), (bad_sub,))
    form = Form("x", x, _dummy_proof(x, x), ())
    assert Derivation(x, x, 1, (good,), x, (form,)).all_proved
    assert not Derivation(x, x, 1, (nested,), x, (form,)).all_proved
    assert not Derivation(x, x, 1, (good,), x, (form,), branches=((bad_sub,),)).all_proved
    bad_form = Form("2*x", 2 * x, _dummy_proof(x, 2 * x, Verdict.UNDECIDED), ())
    assert not Derivation(x, x, 1, (good,), x, (bad_form,)).all_proved


def test_a_wrong_step_is_not_proved_by_the_prover():
    from tanhproof.proof._prover import prove

    proof = prove(Derivative(sympy.tanh(x), x), 1 + sympy.tanh(x) ** 2)
    assert proof.verdict is Verdict.REFUTED


def test_every_derivation_serialises(tanh_derivation):
    for d in (derive("sigmoid", order=3), derive("x*tanh(softplus(x))"), derive("tanh", order=20)):
        json.dumps(d.to_dict())


def test_bare_unknown_name_is_an_unknown_function():
    with pytest.raises(ParseError, match="unknown function 'nope'"):
        derive("nope")
