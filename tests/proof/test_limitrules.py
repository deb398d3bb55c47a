"""Limits and asymptotic forms outside the exp-rational class (the limit rules of
tanhproof.proof._limitcalculus, reached through prove_limit and prove_asymptotic).

Every expected value has its source in the table (DLMF section or a hand proof in the
comment); the property test builds expressions whose limit is known by construction and
checks the verdict against an mpmath evaluation of the expected value (50 digits), which
does not use tanhproof.
"""

from __future__ import annotations

import json

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from strategies import known_limits

import tanhproof as tp
from tanhproof.cli._main import main
from tanhproof.proof import prove_asymptotic, prove_limit

#: (expression, to, claimed value, expected verdict, source). ``to`` oo, -oo or a point.
LIMITS = [
    # --- true --------------------------------------------------------------------------------
    ("erf(x)", "oo", "1", True, "DLMF 7.2.1, 7.12.1: erfc x -> 0"),
    ("erf(x)", "-oo", "-1", True, "DLMF 7.4.1: erf is odd"),
    ("log(x)/x", "oo", "0", True, "DLMF 4.4(iii): x^-a log x -> 0 for a > 0"),
    ("log(x)**2/sqrt(x)", "oo", "0", True, "DLMF 4.4(iii) with a = 1/4, squared"),
    ("x**3*exp(-sqrt(x))", "oo", "0", True, "e^sqrt(x) > x^4/8! (a term of its series), so < 8!/x"),
    (
        "x*(sqrt(x**2 + 1) - x)",
        "oo",
        "1/2",
        True,
        "conjugate: x/(sqrt(x^2 + 1) + x) = 1/(sqrt(1 + 1/x^2) + 1)",
    ),
    ("sqrt(x + sqrt(x)) - sqrt(x)", "oo", "1/2", True, "conjugate: sqrt(x)/(sqrt(x + sqrt x) + sqrt x)"),
    ("acosh(x) - log(x)", "oo", "log(2)", True, "DLMF 4.37.20: log((x + sqrt(x^2 - 1))/x) -> log 2"),
    ("asinh(x) - log(x)", "oo", "log(2)", True, "DLMF 4.37.16: log((x + sqrt(x^2 + 1))/x) -> log 2"),
    ("x*log(1 + 1/x)", "oo", "1", True, "log(1 + u)/u -> 1 as u -> 0 (DLMF 4.6.1)"),
    ("x*(exp(1/x) - 1)", "oo", "1", True, "(e^u - 1)/u -> 1 as u -> 0 (DLMF 4.2.19)"),
    ("x**(1/x)", "oo", "1", True, "exp(log(x)/x), log(x)/x -> 0 (DLMF 4.4(iii))"),
    ("(1 + 1/x)**x", "oo", "E", True, "exp(x log(1 + 1/x)) and x log(1 + 1/x) -> 1 (DLMF 4.6.1)"),
    ("tanh(sqrt(x))", "oo", "1", True, "DLMF 4.28: tanh u = (1 - e^-2u)/(1 + e^-2u), u = sqrt x -> oo"),
    ("erf(log(x))", "oo", "1", True, "log x -> oo and DLMF 7.2.1"),
    ("x*exp(x)*log(-x)", "-oo", "0", True, "|x log(-x)| <= x^2 for x <= -1, and x^2 e^x -> 0"),
    ("softplus(x)*exp(-x)", "-oo", "1", True, "log(1 + u)/u -> 1 as u = e^x -> 0 (DLMF 4.6.1)"),
    ("exp(x)*(1 - erf(sqrt(x)))", "oo", "0", True, "DLMF 7.12.1: erfc(sqrt x) ~ e^-x/sqrt(pi x)"),
    ("erf(x)**x", "oo", "1", True, "x log erf x ~ -x erfc x -> 0 (DLMF 7.12.1)"),
    ("abs(x - 2*x**2)/x**2", "oo", "2", True, "|x - 2x^2|/x^2 = 2 - 1/x for x >= 1"),
    ("sinh(x)/x", "0", "1", True, "DLMF 4.33.1: sinh x = x + x^3/6 + ..."),
    ("erf(x)/x", "0", "2/sqrt(pi)", True, "DLMF 7.6.1: erf z = (2/sqrt(pi)) (z - z^3/3 + ...)"),
    ("log(x)/(x - 1)", "1", "1", True, "log(1 + u)/u -> 1 (DLMF 4.6.1), u = x - 1"),
    ("(1 - cosh(x))/x**2", "0", "-1/2", True, "DLMF 4.33.2: cosh x = 1 + x^2/2 + ..."),
    ("x*log(x)", "0", "0", True, "DLMF 4.4(iii): x^a log x -> 0 as x -> 0+ (log needs x > 0)"),
    ("x**x", "0", "1", True, "exp(x log x) and x log x -> 0 as x -> 0+"),
    ("atanh(x)", "1", "oo", True, "DLMF 4.37.24: atanh x = log((1 + x)/(1 - x))/2, x -> 1-"),
    # --- false: the exact limit is proved to be another value ---------------------------------
    ("log(x)/x", "oo", "1", False, "the limit is 0 (DLMF 4.4(iii))"),
    ("x*(sqrt(x**2 + 1) - x)", "oo", "1", False, "the limit is 1/2 (conjugate, above)"),
    ("sqrt(x + sqrt(x)) - sqrt(x)", "oo", "0", False, "the limit is 1/2 (conjugate, above)"),
    ("acosh(x) - log(x)", "oo", "0", False, "the limit is log 2 (DLMF 4.37.20)"),
    ("(1 + 1/x)**x", "oo", "3", False, "the limit is e = 2.718..., not 3"),
    ("x**(1/x)", "oo", "0", False, "the limit is 1"),
    ("tanh(sqrt(x))", "oo", "oo", False, "tanh is bounded by 1 (DLMF 4.28)"),
    ("erf(log(x))", "oo", "0", False, "the limit is 1 (DLMF 7.2.1)"),
    ("erf(x)/x", "0", "1", False, "the limit is 2/sqrt(pi) = 1.128... (DLMF 7.6.1)"),
    ("x*log(x)", "0", "-oo", False, "the limit is 0 (DLMF 4.4(iii))"),
]

#: (f, g, to, expected verdict of f ~ g, source).
ASYMPTOTICS = [
    ("log(1 + x**2)", "2*log(x)", "oo", True, "log(1 + x^2) = 2 log x + log(1 + x^-2)"),
    ("asinh(x)", "-log(-2*x)", "-oo", True, "asinh is odd and asinh y = log 2y + O(y^-2) (DLMF 4.37.16)"),
    ("erf(x) - 1", "-exp(-x**2)/(sqrt(pi)*x)", "oo", True, "DLMF 7.12.1: erfc z ~ e^-z^2/(z sqrt(pi))"),
    ("log(cosh(x))", "abs(x)", "-oo", True, "log cosh x = |x| - log 2 + log(1 + e^-2|x|)"),
    ("sqrt(x**2 + x)", "x + 1/2", "oo", True, "both ~ x: the ratio sqrt(1 + 1/x)/(1 + 1/(2x)) -> 1"),
    ("log(1 + x**2)", "log(x)", "oo", False, "the ratio tends to 2"),
    ("asinh(x)", "log(-2*x)", "-oo", False, "the ratio tends to -1"),
    ("x**x", "exp(x)", "oo", False, "the ratio exp(x log x - x) -> oo"),
]


def _expected(text: str) -> sympy.Expr:
    return {"oo": sympy.oo, "-oo": -sympy.oo}.get(text) or tp.parse(text)


@pytest.mark.parametrize(("expr", "to", "value", "holds", "source"), LIMITS)
def test_limits_outside_the_class(expr, to, value, holds, source):
    p = prove_limit(expr, "x", to, value=value)
    assert str(p.verdict) == ("proved" if holds else "refuted"), (p.reason, source)
    assert p.method.startswith("limit rules on the scale")
    json.dumps(p.to_dict())
    if holds:  # without a claimed value the exact limit is the rhs
        found = prove_limit(expr, "x", to)
        assert str(tp.prove(found.rhs, _expected(value)).verdict) == "proved" or found.rhs == _expected(value)
    else:
        assert "exact limit is" in p.method


@pytest.mark.parametrize(("f", "g", "to", "holds", "source"), ASYMPTOTICS)
def test_asymptotic_forms_outside_the_class(f, g, to, holds, source):
    p = prove_asymptotic(f, g, "x", to)
    assert str(p.verdict) == ("proved" if holds else "refuted"), (p.reason, source)
    assert "limit rules" in p.method


def test_the_certificate_lists_each_rule_applied():
    p = prove_limit("log(1 + exp(x)) - x", "x", "oo")
    (steps,) = p.certificate["steps"]
    assert p.certificate["substitutions"] == ["x = t"]
    rules = [s["rule"] for s in steps]
    # softplus(x) - x = log(1 + e^-x): the log's scale is extracted, then log(1 + u) ~ u
    assert "rewrite: log: extract the scale" in rules
    assert steps[-1]["result"] == "~ exp(-t)"
    assert all(set(s) == {"expr", "rule", "result"} for s in steps)


def test_a_point_limit_inside_a_one_sided_domain_says_so():
    p = prove_limit("x*log(x)", "x", "0")
    assert p.claim == "lim_{x -> 0+} x*log(x) = 0"
    assert p.certificate["side"] == "+"
    assert "x > 0 fails" in p.certificate["outside_the_domain"]


@pytest.mark.parametrize(
    ("expr", "to", "why"),
    [
        # SymPy writes exp(log(x)) as x: the domain x > 0 still rules out -oo
        ("exp(log(x))", "-oo", "not defined on the tail"),
        ("sqrt(x)**2", "-oo", "not defined on the tail"),
        ("abs(x)/x", "0", "the limit does not exist"),  # 1 on the right, -1 on the left
        ("1/x", "0", "the limit does not exist"),
        ("log(x)", "-1", "defined on neither side"),
        # log log x/log x -> 0, but log log x is outside the scale: honest undecided
        ("log(log(x))/log(x)", "oo", "0*oo"),
    ],
)
def test_undecided_with_the_reason(expr, to, why):
    p = prove_limit(expr, "x", to, value="1")
    assert str(p.verdict) == "undecided"
    assert why in p.reason


def test_cli_limit_outside_the_class(capsys):
    assert main(["limit", "erf(x)", "x", "oo", "--value", "1"]) == 0
    assert "verdict: proved" in capsys.readouterr().out
    assert main(["limit", "erf(x)", "x", "oo", "--value", "0"]) == 1
    assert "exact limit is 1" in capsys.readouterr().out
    for bad in (["limit", "erf(x", "x", "oo"], ["limit", "erf(x)", "x", "sideways"]):
        assert main(bad) == 2
        err = capsys.readouterr().err
        assert err.startswith("tanhproof: error: ") and err.count("\n") == 1


@settings(max_examples=30, deadline=None)
@given(known_limits())
def test_a_known_limit_is_never_decided_wrongly(case):
    expr, limit = case
    expected = tp.parse(limit)
    reference = mpmath.mpf(sympy.N(expected, 50))
    p = prove_limit(expr, "x", "oo")
    if str(p.verdict) == "proved":
        assert abs(mpmath.mpf(sympy.N(p.rhs, 50)) - reference) < mpmath.mpf(10) ** -40, (expr, p.rhs)
    claimed = prove_limit(expr, "x", "oo", value=limit)
    assert str(claimed.verdict) != "refuted", (expr, claimed.method)
