"""Tests of tanhproof.proof._prover: the decision procedure, certified counterexamples, guards.

Expected verdicts come from the corpus (tests/corpus.py), whose truth values are
checked independently with mpmath at high precision in tests/test_corpus.py.
Counterexample enclosures are re-checked here with mpmath, an evaluator independent
of python-flint.
"""

from __future__ import annotations

from fractions import Fraction

import mpmath
import pytest
import sympy
from corpus import CORPUS
from hypothesis import HealthCheck, given, settings
from strategies import expressions, rationals

from tanhproof import LimitError, ParseError, Proof, Verdict, parse, prove
from tanhproof.expr._parser import symbol


def _mp_value(expr: sympy.Expr, point: dict[str, Fraction], dps: int) -> mpmath.mpf:
    """lhs - rhs at ``point`` by mpmath, with SymPy's own evalf at ``dps`` digits:
    an evaluator independent of python-flint."""
    subs = {symbol(k): sympy.Rational(v.numerator, v.denominator) for k, v in point.items()}
    value = expr.doit().subs(subs).evalf(dps, maxn=4 * dps)
    return mpmath.mpf(sympy.re(value)._to_mpmath(int(dps * 3.33) + 20))


@pytest.mark.parametrize("identity", CORPUS, ids=lambda i: f"{i.lhs} == {i.rhs}"[:80])
def test_corpus_verdict(identity):
    proof = prove(identity.lhs, identity.rhs)
    assert str(proof.verdict) == identity.expected, (proof.method, proof.reason, proof.evidence)
    if proof.verdict is Verdict.REFUTED:
        assert proof.counterexample is not None and proof.counterexample.excludes_zero


def test_corpus_size():
    true = sum(i.expected == "proved" for i in CORPUS)
    false = sum(i.expected == "refuted" for i in CORPUS)
    assert true >= 60 and false >= 30


def test_proved_carries_method_and_certificate():
    p = prove("1 - tanh(x)**2", "sech(x)**2")
    assert p.verdict is Verdict.PROVED and str(p.verdict) == "proved" and p
    assert p.method == "exp-rational decision procedure"
    assert p.certificate["substitution"] == {"T_x": "exp(x)"}
    assert p.certificate["difference_numerator"] == "0"
    assert p.to_dict()["verdict"] == "proved"


def test_certificate_normal_form_rechecked_independently():
    """The certificate's normal form of the lhs, evaluated with mpmath after
    substituting T = exp(x/2), equals the lhs: an independent re-check."""
    p = prove("tanh(x/2)", "sinh(x/2)/cosh(x/2)")
    cert = p.certificate
    assert cert["substitution"] == {"T_x": "exp(x/2)"}
    mpmath.mp.dps = 40
    x = mpmath.mpf(3) / 7
    env = {"T_x": mpmath.exp(x / 2)}
    num = _poly_eval(cert["lhs"]["numerator"], env)
    den = _poly_eval(cert["lhs"]["denominator"], env)
    assert abs(num / den - mpmath.tanh(x / 2)) < mpmath.mpf(10) ** -35


def _poly_eval(text: str, env: dict) -> mpmath.mpf:
    # The certificate's polynomials are sums of c*T^k terms in flint's notation.
    expr = parse(text.replace("^", "**"))
    return expr.evalf(50, subs={symbol(k): v for k, v in env.items()})


@pytest.mark.parametrize(
    "lhs, rhs",
    [
        ("sech(x)**2", "1 - tanh(x)**2 + 10**-30"),
        ("tanh(x)", "tanh(x) + exp(-1000)"),
        ("tanh(x)", "tanh(x)*(1 + 10**-40)"),
        ("cosh(x)**2 + sinh(x)**2", "1"),
        ("tanh(u + v)", "(tanh(u) + tanh(v))/(1 - tanh(u)*tanh(v))"),
    ],
)
def test_counterexample_enclosure_contains_true_difference(lhs, rhs):
    p = prove(lhs, rhs)
    assert p.verdict is Verdict.REFUTED
    cex = p.counterexample
    assert all(isinstance(v, Fraction) for v in cex.point.values())
    assert cex.excludes_zero
    # mpmath at far more digits than the certificate used: the true value lies inside.
    dps = max(60, cex.bits // 3 + 50)
    truth = _mp_value(parse(lhs) - parse(rhs), cex.point, dps)
    mpmath.mp.dps = dps
    assert mpmath.ldexp(cex.lower.mantissa, cex.lower.exponent) <= truth
    assert truth <= mpmath.ldexp(cex.upper.mantissa, cex.upper.exponent)
    assert truth != 0


def test_near_miss_exp_minus_1000_needs_high_precision():
    p = prove("tanh(x)", "tanh(x) + exp(-1000)")
    assert p.verdict is Verdict.REFUTED
    assert p.counterexample.bits > 1443  # exp(-1000) < 2**-1442
    assert p.counterexample.upper < 0


def test_multivariate_addition_formula():
    p = prove("tanh(u + v)", "(tanh(u) + tanh(v))/(1 + tanh(u)*tanh(v))")
    assert p.verdict is Verdict.PROVED
    assert set(p.certificate["substitution"]) == {"T_u", "T_v"}


def test_poles_are_reported_as_caveats():
    p = prove("coth(x)", "cosh(x)/sinh(x)")
    assert p.verdict is Verdict.PROVED
    assert "coth(x) is undefined at x = 0" in p.caveats
    assert prove("tanh(x)", "sinh(x)/cosh(x)").caveats == ()


def test_diff_inside_either_side():
    assert prove("diff(tanh(x), x)", "1 - tanh(x)**2").verdict is Verdict.PROVED
    assert prove("sech(x)**2", "diff(tanh(x), x)").verdict is Verdict.PROVED
    assert prove("diff(tanh(x), x, 2)", "-2*tanh(x)*sech(x)**2").verdict is Verdict.PROVED
    assert prove("diff(tanh(x), x)", "1 + tanh(x)**2").verdict is Verdict.REFUTED


def test_logarithms_split_over_factors():
    assert prove("softplus(x) - softplus(-x)", "x").verdict is Verdict.PROVED
    assert prove("log(cosh(x))", "log(exp(x) + exp(-x)) - log(2)").verdict is Verdict.PROVED
    assert prove("log(4)", "2*log(2)").verdict is Verdict.PROVED
    assert prove("log(2)", "log(3)").verdict is Verdict.REFUTED


def test_outside_class_is_never_claimed_complete():
    p = prove("erf(x)**2 + tanh(x)", "erf(x)*erf(x) + sinh(x)/cosh(x)")
    assert p.verdict is Verdict.PROVED  # formally equal over the atom erf(x)
    assert p.method == "formal identity over opaque atoms"
    p = prove("sqrt(x)", "x")
    assert p.verdict is Verdict.REFUTED  # at x = 1/2 both sides are defined and differ


def test_undecided_carries_labelled_evidence():
    # True for every real x, but sqrt(...) and abs(...) are different opaque atoms
    # and no counterexample exists: the only honest verdict is undecided.
    p = prove("sqrt(x**2 + 2*x + 1)", "abs(x + 1)")
    assert p.verdict is Verdict.UNDECIDED
    assert p.evidence and all(line.startswith("evidence") for line in p.evidence)
    assert "opaque atoms" in p.reason


def test_degree_guard_tanh_of_huge_multiple():
    # Cannot become a polynomial of degree 2e9: the exact procedure stops at once,
    # and the verdict comes from a certified counterexample.
    p = prove("tanh(10**9*x)", "tanh(x)")
    assert p.verdict is Verdict.REFUTED
    assert "max_degree" in p.reason
    p = prove("tanh(10**9*x)", "tanh(10**9*x)")
    assert p.verdict is Verdict.PROVED


def test_huge_counterexample_stays_compact():
    # exp(10**9 * x) at x = 1/2 is about 2**721347520: the enclosure's endpoints are
    # kept as m*2^e, never expanded into 700-million-bit integers.
    p = prove("exp(10**9*x)", "1")
    assert p.verdict is Verdict.REFUTED
    assert p.counterexample.lower.exponent > 700_000_000
    assert len(p.to_dict()["counterexample"]["lower"]) < 100


def test_term_guard_power_of_many_variables():
    p = prove("(tanh(x) + tanh(y) + tanh(z) + tanh(w) + tanh(u))**200", "1")
    assert p.verdict is Verdict.REFUTED and "max_terms" in p.reason


def test_true_identity_beyond_guards_is_undecided_not_proved():
    p = prove("tanh(10**9*x)**2", "1 - sech(10**9*x)**2")
    assert p.verdict is Verdict.UNDECIDED
    assert "max_degree" in p.reason and p.evidence


def test_bad_input_raises_parse_errors():
    with pytest.raises(ParseError):
        prove("tanh(x", "1")
    with pytest.raises(LimitError):
        prove("x**(10**9)", "1")


def test_proof_record_is_json_ready():
    import json

    for lhs, rhs in [("tanh(x)", "x"), ("tanh(x)", "sinh(x)/cosh(x)"), ("tanh(x)", "tanh(x) + exp(-1000)")]:
        d = prove(lhs, rhs).to_dict()
        json.dumps(d)
        assert set(d) >= {"lhs", "rhs", "verdict", "method", "caveats", "certificate"}


def test_proof_is_immutable():
    p = prove("x", "x")
    assert isinstance(p, Proof)
    with pytest.raises(AttributeError):
        p.verdict = Verdict.REFUTED  # type: ignore[misc]


_settings = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_settings
@given(expressions(variables=("x", "y")))
def test_property_reflexive(text):
    assert prove(text, text).verdict is Verdict.PROVED


@_settings
@given(expressions(variables=("x",)), rationals())
def test_property_shift_by_nonzero_constant_is_refuted(text, c):
    p = prove(text, f"({text}) + ({c})")
    assert p.verdict is Verdict.REFUTED
    cex = p.counterexample
    assert cex.excludes_zero
    # lhs - rhs is exactly -c wherever defined: the enclosure must contain it.
    assert cex.lower <= -Fraction(c.strip("()")) <= cex.upper


def test_positive_square_roots_are_taken_exactly():
    # 1 + sinh(x)**2 = ((T**2 + 1)/(2T))**2 with a positive root: sqrt gives cosh(x) exactly.
    assert prove("sqrt(1 + sinh(x)**2)", "cosh(x)").verdict is Verdict.PROVED
    assert prove("1/sqrt(1 + sinh(x)**2)", "sech(x)").verdict is Verdict.PROVED
    # tanh(x) changes sign: sqrt(tanh(x)**2) = |tanh(x)| is not tanh(x) at x < 0.
    assert prove("sqrt(tanh(x)**2)", "tanh(x)").verdict is Verdict.REFUTED
    assert prove("sqrt(cosh(x)**2 - 1)", "sinh(x)").verdict is Verdict.REFUTED


def test_root_atoms_reduced_by_their_defining_relation():
    lhs = "(x/sqrt(x**2 + 1) + 1)/(x + sqrt(x**2 + 1))"  # from d/dx asinh via its log form
    assert prove(lhs, "1/sqrt(x**2 + 1)").verdict is Verdict.PROVED
    assert prove("diff(acosh(x), x)", "1/(sqrt(x - 1)*sqrt(x + 1))").verdict is Verdict.PROVED


def test_symbolic_exponents_go_through_exp_and_log():
    assert prove("x**x", "exp(x*log(x))").verdict is Verdict.PROVED
    assert prove("2**x", "exp(x*log(2))").verdict is Verdict.PROVED
    assert prove("2**x * 2**y", "2**(x + y)").verdict is Verdict.PROVED
    assert prove("2**x", "3**x").verdict is Verdict.REFUTED


def test_exponentials_of_monomials_are_generators_not_complete():
    p = prove("4**x * 2**y", "2**(2*x + y)")  # log 4 = 2 log 2: generators exp(x*log(2)), exp(y*log(2))
    assert p.verdict is Verdict.PROVED and p.method == "formal identity over opaque atoms"
    assert prove("4**x", "2**(2*x)").verdict is Verdict.PROVED
    p = prove("exp(x**2)", "exp(x)")
    assert p.verdict is Verdict.REFUTED and "exp(x**2)" in p.reason


# Regressions from review: a counterexample must lie where both sides, *as written*,
# are defined, even when SymPy's simplification or exact differentiation widened them.
@pytest.mark.parametrize(
    "lhs, rhs",
    [
        ("diff(log(x), x)", "1/sqrt(x**2)"),  # true for x > 0; x = -1/3 is outside log's domain
        ("sqrt(x)**2", "abs(x)"),  # parsed as x, but sqrt(x) needs x >= 0
        ("exp(log(x))", "abs(x)"),
        ("log(x) - log(x) + x", "abs(x)"),
        ("0*log(x) + 1", "sign(x)"),
        ("acosh(x)**0", "sign(x)"),
        ("diff(atanh(x), x)", "1/(1-x**2) + abs(x) - 1 + abs(abs(x)-1)"),
    ],
)
def test_no_refutation_outside_the_written_domain(lhs, rhs):
    p = prove(lhs, rhs)
    assert p.verdict is not Verdict.REFUTED, p.counterexample
    assert any("needs" in c for c in p.caveats)


def test_symbols_with_other_assumptions_are_refused():
    xp = sympy.Symbol("x", positive=True)
    with pytest.raises(ParseError, match="positive"):
        prove(xp, "x")
    # plain SymPy symbols are made real, and meet the parser's x
    assert prove(sympy.Symbol("x"), "x").verdict is Verdict.PROVED


@pytest.mark.parametrize(
    "lhs, rhs", [("log(-x)", "log(x)"), ("x**y", "(-x)**y"), ("log(1-exp(x))", "log(exp(x)-1)")]
)
def test_vacuous_claims_are_not_proved(lhs, rhs):
    # The two sides have no common point of definition (x > 0 and -x > 0; 1 - e^x > 0 and
    # e^x - 1 > 0): "equal wherever both are defined" would hold only vacuously, and a
    # proof is only claimed with a certified point where both sides are defined.
    p = prove(lhs, rhs)
    assert p.verdict is Verdict.UNDECIDED
    assert "vacuously" in p.reason


def test_cancelled_poles_are_still_caveats():
    assert prove("tanh(x)*coth(x)", "1").caveats == ("tanh(x)*coth(x): needs x != 0",)
    assert prove("tanh(x)", "sinh(x)/cosh(x)").caveats == ()
    assert prove("log(cosh(x))", "log(exp(x) + exp(-x)) - log(2)").caveats == ()
