"""Inequalities in several variables: decided exactly where the factors allow.

Expected verdicts come from hand proofs written next to each claim (textbook
identities, DLMF 4.28/4.35), never from tanhproof; every proved claim is also
sampled with mpmath as a sanity check (evidence, not the proof), and every
counterexample is re-evaluated with mpmath at 50 digits.
"""

from __future__ import annotations

import random
from fractions import Fraction

import mpmath
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import expressions, nonnegative_sums

import tanhproof as tp
from tanhproof.numeric._reading import parse
from tanhproof.proof._records import Verdict
from tanhproof.proof._twovars import signs_two

# claim, where-condition, the equality text expected; each with its hand proof
PROVED = [
    # (a^2+1)(b^2+1) - 4ab = (ab-1)^2 + (a-b)^2 >= 0 in a = e^x, b = e^y; = 0 iff a = b = 1
    ("cosh(x)*cosh(y) >= 1", "", "equality only at x = 0, y = 0"),
    # cosh(x+y) = cosh x cosh y + sinh x sinh y (DLMF 4.35.6): the margin is 0
    ("cosh(x+y) <= cosh(x)*cosh(y) + sinh(x)*sinh(y)", "", "equality everywhere"),
    # cosh x - 1 = 2 sinh^2(x/2) >= 0 in each variable; = 0 iff x = y = 0
    ("cosh(x) + cosh(y) >= 2", "", "equality only at x = 0, y = 0"),
    # e^x + e^y - 2e^((x+y)/2) = (e^(x/2) - e^(y/2))^2: AM-GM, = 0 iff x = y
    ("exp(x) + exp(y) >= 2*exp((x+y)/2)", "", "equality only where x = y"),
    # sech = 1/cosh and cosh x cosh y >= 1
    ("sech(x)*sech(y) <= 1", "", "equality only at x = 0, y = 0"),
    # cosh(x - y) - 1 = 2 sinh^2((x-y)/2)
    ("cosh(x-y) >= 1", "", "equality only where x = y"),
    # e^x + e^(2y) - 2e^(x/2 + y) = (e^(x/2) - e^y)^2, zero iff x = 2y
    ("exp(x) + exp(2*y) >= 2*exp(x/2 + y)", "", "equality only where x = 2*y"),
    # tanh x >= 0 for x >= 0 (zero at x = 0) times sinh^2 y >= 0 (zero at y = 0)
    ("tanh(x)*sinh(y)**2 >= 0", "x >= 0", "equality only where x = 0 or y = 0"),
    # (cosh x - 1)(cosh y cosh z - 1) >= 0: both factors >= 0 (three variables, two components)
    ("(cosh(x) - 1)*(cosh(y)*cosh(z) - 1) >= 0", "", "equality only where (y = 0, z = 0) or x = 0"),
    # cosh x cosh y - 1 >= 0 with x >= 0: the same zero (0, 0) lies on the closed end
    ("cosh(x)*cosh(y) >= 1", "x >= 0", "equality only at x = 0, y = 0"),
    # 1 + sinh^2 x sinh^2 y > 0 trivially; strict, with a non-termwise form
    ("cosh(x)**2*cosh(y)**2 - cosh(x)**2 - cosh(y)**2 + 2 > 0", "", ""),
]

# claims false at some point, with why
REFUTED = [
    ("cosh(x)*cosh(y) >= 2", ""),  # x = y = 0: 1 < 2
    ("tanh(x) + tanh(y) < 1", ""),  # x = y = 1: 2 tanh 1 = 1.52 > 1
    ("tanh(x)*tanh(y) >= 0", ""),  # x = -1, y = 1
    ("tanh(x)*tanh(y) >= 0", "x >= 0"),  # x = 1, y = -1
    ("cosh(x)*cosh(y) > 1", ""),  # x = y = 0: equality
    ("cosh(x-y) > 1", ""),  # x = y: equality
    ("exp(x) + exp(y) > 2*exp((x+y)/2)", ""),  # x = y: equality
    ("cosh(x+y) < cosh(x)*cosh(y) + sinh(x)*sinh(y)", ""),  # an identity: never strict
]


def _margin(claim: str):
    """The margin (>= 0 where the claim holds) and whether it must be > 0."""
    for rel in ("<=", ">=", "<", ">"):
        if rel in claim:
            left, right = claim.split(rel)
            lhs, rhs = parse(left), parse(right)
            return (rhs - lhs if rel[0] == "<" else lhs - rhs), len(rel) == 1
    raise AssertionError(claim)


def _sampled_violation(claim: str, where: str, count: int = 200) -> tuple | None:
    """An mpmath sample where the claim fails by more than rounding (evidence only)."""
    margin, _strict = _margin(claim)
    symbols = sorted(margin.free_symbols, key=str)
    fn = sympy.lambdify(symbols, margin, modules="mpmath")
    rng = random.Random(12)
    mpmath.mp.dps = 30
    for _ in range(count):
        point = [mpmath.mpf(rng.uniform(-3, 3)) for _ in symbols]
        if where == "x >= 0":
            point[0] = abs(point[0])
        if fn(*point) < -(mpmath.mpf(10) ** -20):
            return tuple(point)
    return None


@pytest.mark.parametrize(("claim", "where", "equality"), PROVED)
def test_proved_exactly(claim, where, equality):
    p = tp.prove(claim, where=where or None)
    assert p.verdict is Verdict.PROVED, p.reason
    assert "several variables" in p.method and "sampl" not in p.method
    assert p.equality == equality
    assert _sampled_violation(claim, where) is None  # sanity: no sampled violation


@pytest.mark.parametrize(("claim", "where"), REFUTED)
def test_refuted_with_certified_point(claim, where):
    p = tp.prove(claim, where=where or None)
    assert p.verdict is Verdict.REFUTED, p.reason
    point = p.counterexample.point
    if where == "x >= 0":
        assert point["x"] >= 0
    margin, strict = _margin(claim)
    mpmath.mp.dps = 50
    value = sympy.lambdify(sorted(margin.free_symbols, key=str), margin, modules="mpmath")(
        *(
            mpmath.mpf(point[str(s)].numerator) / point[str(s)].denominator
            for s in sorted(margin.free_symbols, key=str)
        )
    )
    assert value <= mpmath.mpf(10) ** -40 if strict else value < 0


def test_certificate_is_recheckable():
    p = tp.prove("cosh(x)*cosh(y) >= 1")
    c = p.certificate
    assert c["substitution"] == {"T_x": "exp(x)", "T_y": "exp(y)"}
    assert c["zeros"] == ["x = 0, y = 0"] and c["unsettled"] == []
    (component,) = [k for k in c["components"] if len(k["variables"]) == 2]
    assert component["signs"] == "+"
    # the fibres sample a = 1/2 and a = 2 around the one critical value a = 1 (the
    # discriminant in b of a^2 b^2 - 4ab + a^2 + b^2 + 1 is -4 (a^2 - 1)^2), and at each the
    # quadratic in b has a negative discriminant 16 a^2 - 4 (a^2+1)^2 < 0
    assert component["critical_a"] == ["1"]
    assert [f["a"] for f in component["fibres"]] == ["1/2", "2"]
    assert all(f["signs"] == "+" and not f["roots"] for f in component["fibres"])


def test_two_variable_signs_of_a_saddle():
    import flint

    ring = flint.fmpq_mpoly_ctx.get(("a", "b"), "degrevlex")
    a, b = ring.gens()
    signs, _ = signs_two((a - 1) * (b - 1), None, None)  # + where both > 1, - where a < 1 < b
    assert sorted(signs) == [-1, 1]
    a_s, b_s = signs[-1]
    assert (a_s - 1) * (b_s - 1) < 0  # an exact point with the sign claimed


def test_undecided_says_why():
    # x, y, z coupled in one irreducible factor: outside the two-variable procedure
    p = tp.prove("cosh(x)*cosh(y)*cosh(z) >= 1")
    assert p.verdict is Verdict.UNDECIDED
    assert "three or more variables" in p.reason and "several variables" in p.reason
    # x**2 is not exp-rational: the exact procedure says so; the claim is true
    # (cosh x cosh y >= cosh x >= 1 + x^2/2), so it is never refuted
    p = tp.prove("cosh(x)*cosh(y) >= 1 + x**2/100")
    assert p.verdict is not Verdict.REFUTED


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(nonnegative_sums())
def test_nonnegative_by_construction_is_never_refuted(text):
    p = tp.prove(f"{text} >= 0")
    assert p.verdict is not Verdict.REFUTED, (text, p.reason)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None)
@given(
    expressions(variables=("x", "y"), functions=("cosh", "tanh", "exp", "sech"), max_depth=2, max_leaves=3),
    st.sampled_from(["<", "<=", ">", ">="]),
    st.sampled_from(["0", "1", "2", "-1"]),
)
def test_random_claims_are_never_wrongly_proved(text, rel, bound):
    claim = f"{text} {rel} {bound}"
    try:
        p = tp.prove(claim)
    except tp.TanhproofError:
        return  # bad input (a side undefined everywhere): refused, not judged
    if p.verdict is Verdict.PROVED:
        assert _sampled_violation(claim, "") is None, claim
    if p.verdict is Verdict.REFUTED:
        point = p.counterexample.point
        assert set(point) <= {"x", "y"} and all(isinstance(v, Fraction) for v in point.values())


def test_an_unsettled_zero_is_never_called_nowhere():
    # the margin (T^2 - T - 1)^2 + (U - 2)^2 with T = e^x, U = e^y is >= 0 and is 0 exactly at
    # T = golden ratio, U = 2 (hand computation); arb cannot exclude 0 there, so the text must
    # not claim "equality nowhere"
    p = tp.prove("(exp(x)**2 - exp(x) - 1)**2 + (exp(y) - 2)**2 >= 0")
    assert p.proved and "nowhere" not in p.equality and "not settled" in p.equality
