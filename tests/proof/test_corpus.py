"""The corpus' truth, checked independently of tanhproof and of SymPy.

Every identity of :mod:`corpus` is evaluated with mpmath at 1100+ significant digits at
several random real points of its domain, by a small evaluator written here on top of
Python's :mod:`ast` (it shares no code with :mod:`tanhproof.expr._parser`, the catalog or
SymPy; ``diff`` is mpmath's numerical differentiation at that precision). An entry
marked ``proved`` must vanish to within the working precision at every point; an
entry marked ``refuted`` must differ clearly somewhere. The precision is high enough
to see the near misses: ``exp(-1000)`` is about 5e-435.

A second, cheaper check evaluates what :func:`tanhproof.parse` builds (through
SymPy) at a point and compares it with this evaluator, so the corpus text means to the
parser what it means here.
"""

from __future__ import annotations

import ast
import random
import re
from collections import Counter
from fractions import Fraction

import mpmath
import pytest
import sympy
from corpus import (
    CORPUS,
    FALSE,
    KINDS,
    OUTSIDE,
    TRUE,
    Identity,
    acceptable_verdicts,
    by_kind,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mpmath import mp
from strategies import equal_pairs

from tanhproof.numeric._reading import parse

#: Working precision (decimal digits) of the truth check.
DIGITS = 1100
#: A ``proved`` entry must vanish to this many digits relative to the size of its sides.
ZERO_DIGITS = DIGITS - 60
#: A ``refuted`` entry must differ by more than 10**-SEPARATED_DIGITS somewhere.
SEPARATED_DIGITS = 600
#: Points per identity.
POINTS = 4


class OutOfDomain(Exception):
    """The expression is not defined (as a real number) at this point."""


def _real(value):
    if isinstance(value, mpmath.mpc):
        if value.imag != 0 and abs(value.imag) > mpmath.mpf(10) ** (-(mp.dps - 20)) * (1 + abs(value.real)):
            raise OutOfDomain("complex value")
        value = value.real
    if not mpmath.isfinite(value):
        raise OutOfDomain("infinite value")
    return value


def _sigmoid(u):
    return 1 / (1 + mpmath.exp(-u))


def _softplus(u):
    return mpmath.log1p(mpmath.exp(u))


def _acosh(u):
    if u < 1:
        raise OutOfDomain("acosh below 1")
    return mpmath.acosh(u)


def _atanh(u):
    if not -1 < u < 1:
        raise OutOfDomain("atanh outside (-1, 1)")
    return mpmath.atanh(u)


def _log(u):
    if u <= 0:
        raise OutOfDomain("log of a non-positive number")
    return mpmath.log(u)


def _sqrt(u):
    if u < 0:
        raise OutOfDomain("sqrt of a negative number")
    return mpmath.sqrt(u)


_FUNCTIONS = {
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "tanh": mpmath.tanh,
    "sech": mpmath.sech,
    "csch": mpmath.csch,
    "coth": mpmath.coth,
    "exp": mpmath.exp,
    "log": _log,
    "sigmoid": _sigmoid,
    "softplus": _softplus,
    "asinh": mpmath.asinh,
    "acosh": _acosh,
    "atanh": _atanh,
    "sqrt": _sqrt,
    "abs": abs,
    "erf": mpmath.erf,
}


class MpEvaluator:
    """Evaluate an expression of the corpus grammar with mpmath at the current precision."""

    def __init__(self, text: str):
        self.text = text
        self.tree = ast.parse(text, mode="eval").body

    def __call__(self, env: dict[str, mpmath.mpf]):
        try:
            return _real(self._eval(self.tree, env))
        except (ZeroDivisionError, OverflowError) as exc:
            raise OutOfDomain(str(exc)) from None

    def _eval(self, node, env):
        if isinstance(node, ast.Constant):
            frac = Fraction(ast.get_source_segment(self.text, node).replace("_", ""))
            return mpmath.mpf(frac.numerator) / frac.denominator
        if isinstance(node, ast.Name):
            if node.id == "pi":
                return +mpmath.pi
            if node.id == "E":
                return mpmath.e()
            return env[node.id]
        if isinstance(node, ast.UnaryOp):
            value = self._eval(node.operand, env)
            return -value if isinstance(node.op, ast.USub) else value
        if isinstance(node, ast.BinOp):
            a = self._eval(node.left, env)
            b = self._eval(node.right, env)
            op = type(node.op)
            if op is ast.Add:
                return a + b
            if op is ast.Sub:
                return a - b
            if op is ast.Mult:
                return a * b
            if op is ast.Div:
                if b == 0:
                    raise OutOfDomain("division by zero")
                return a / b
            if op is ast.Pow:
                if b == int(b):
                    if a == 0 and b < 0:
                        raise OutOfDomain("division by zero")
                    return a ** int(b)
                if a < 0:
                    raise OutOfDomain("non-integer power of a negative number")
                return mpmath.power(a, b)
            raise AssertionError(f"operator {op.__name__} in {self.text!r}")
        if isinstance(node, ast.Call):
            name = node.func.id
            if name == "diff":
                return self._diff(node, env)
            (arg,) = node.args
            return _real(_FUNCTIONS[name](_real(self._eval(arg, env))))
        raise AssertionError(f"unexpected {type(node).__name__} in {self.text!r}")

    def _diff(self, node, env):
        body, var = node.args[0], node.args[1].id
        order = node.args[2].value if len(node.args) == 3 else 1

        def f(t):
            return _real(self._eval(body, {**env, var: t}))

        return mpmath.diff(f, env[var], order)


def _variables(identity: Identity) -> list[str]:
    names = set()
    for text in (identity.lhs, identity.rhs):
        for node in ast.walk(ast.parse(text, mode="eval")):
            if (
                isinstance(node, ast.Name)
                and node.id not in _FUNCTIONS
                and node.id not in ("diff", "pi", "E")
            ):
                names.add(node.id)
    return sorted(names)


def _points(identity: Identity, count: int):
    """``count`` random points (dicts of rationals) where both sides are real and finite.

    Coordinates are multiples of 1/1000 in [-3, 3]; points where a side is undefined
    are skipped, so each identity is sampled on its own real domain (|x| < 1 for atanh,
    x >= 1 for acosh, x > 0 for log(x), ...).
    """
    rng = random.Random(f"{identity.lhs} == {identity.rhs}")
    names = _variables(identity)
    lhs, rhs = MpEvaluator(identity.lhs), MpEvaluator(identity.rhs)
    found = []
    with mp.workdps(30):
        for _ in range(2000):
            point = {n: Fraction(rng.randint(-3000, 3000), 1000) for n in names}
            env = {n: mpmath.mpf(v.numerator) / v.denominator for n, v in point.items()}
            try:
                lhs(env)
                rhs(env)
            except OutOfDomain:
                continue
            found.append(point)
            if len(found) == count:
                return found
    raise AssertionError(f"found only {len(found)} points in the domain of {identity.text}")


def _residuals(identity: Identity, digits: int = DIGITS, count: int = POINTS):
    """``(point, |lhs - rhs|, scale)`` at ``count`` points, at ``digits`` digits."""
    lhs, rhs = MpEvaluator(identity.lhs), MpEvaluator(identity.rhs)
    out = []
    for point in _points(identity, count):
        with mp.workdps(digits):
            env = {n: mpmath.mpf(v.numerator) / v.denominator for n, v in point.items()}
            a, b = lhs(env), rhs(env)
            out.append((point, abs(a - b), 1 + abs(a) + abs(b)))
    return out


def _truth(identity: Identity) -> str:
    residuals = _residuals(identity)
    zero = mpmath.mpf(10) ** -ZERO_DIGITS
    separated = mpmath.mpf(10) ** -SEPARATED_DIGITS
    if all(r <= zero * s for _, r, s in residuals):
        return "proved"
    if any(r > separated * s for _, r, s in residuals):
        return "refuted"
    worst = max(residuals, key=lambda t: t[1] / t[2])
    raise AssertionError(
        f"{identity.text}: inconclusive, |lhs - rhs| = {mpmath.nstr(worst[1], 5)} at {worst[0]}"
    )


def _truth_value(identity: Identity) -> str:
    return identity.expected if identity.expected in ("proved", "refuted") else "?"


# --------------------------------------------------------------------------- the truth


@pytest.mark.parametrize("identity", CORPUS + OUTSIDE, ids=lambda i: i.text)
def test_truth_matches_expected(identity: Identity):
    assert _truth(identity) == _truth_value(identity), identity.source


def test_near_misses_are_invisible_at_double_precision_but_not_at_high_precision():
    """The near misses are the point of the exercise: 16 digits cannot tell them apart."""
    hidden = 0
    for identity in by_kind("near-miss"):
        residuals = _residuals(identity, digits=16, count=2)
        if all(r <= mpmath.mpf(10) ** -14 * s for _, r, s in residuals):
            hidden += 1
    assert hidden == len(by_kind("near-miss"))


def test_evaluator_sanity():
    """The independent evaluator itself: a few values known in closed form."""
    with mp.workdps(50):
        env = {"x": mpmath.mpf(1) / 2}
        assert MpEvaluator("tanh(x)")(env) == mpmath.tanh(mpmath.mpf(1) / 2)
        assert MpEvaluator("0.1")(env) == mpmath.mpf(1) / 10
        assert abs(MpEvaluator("diff(tanh(x), x)")(env) - mpmath.sech(env["x"]) ** 2) < mpmath.mpf(10) ** -45
        assert abs(MpEvaluator("diff(sinh(x), x, 3)")(env) - mpmath.cosh(env["x"])) < mpmath.mpf(10) ** -45
        assert MpEvaluator("sigmoid(x)")({"x": mpmath.mpf(0)}) == mpmath.mpf(1) / 2
        with pytest.raises(OutOfDomain):
            MpEvaluator("atanh(x)")({"x": mpmath.mpf(2)})
        with pytest.raises(OutOfDomain):
            MpEvaluator("coth(x)")({"x": mpmath.mpf(0)})
        with pytest.raises(OutOfDomain):
            MpEvaluator("log(x)")({"x": mpmath.mpf(-1)})


def test_false_entries_are_not_mistaken_for_true_by_the_check():
    """A deliberately perturbed true entry is seen as refuted (the check has teeth)."""
    base = TRUE[0]
    for delta in ("10**-500", "exp(-1000)"):
        perturbed = Identity(base.lhs, f"{base.rhs} + {delta}", "refuted", "test", base.kind)
        assert _truth(perturbed) == "refuted"


# --------------------------------------------------------------------- shape of the corpus


def test_counts():
    assert len(TRUE) >= 70
    assert len(FALSE) >= 35
    assert all(i.expected == "proved" for i in TRUE)
    assert all(i.expected == "refuted" for i in FALSE)
    assert len(by_kind("near-miss")) >= 4


def test_no_duplicates():
    seen = Counter((i.lhs.replace(" ", ""), i.rhs.replace(" ", "")) for i in CORPUS + OUTSIDE)
    assert [k for k, n in seen.items() if n > 1] == []


@pytest.mark.parametrize("identity", CORPUS + OUTSIDE, ids=lambda i: i.text)
def test_fields(identity: Identity):
    assert identity.expected in ("proved", "refuted")
    assert identity.kind in KINDS
    assert identity.source.strip()
    assert (identity.kind == "outside") == (identity in OUTSIDE)
    assert identity.expected in acceptable_verdicts(identity)
    if identity.kind == "outside":
        assert "undecided" in acceptable_verdicts(identity)
    else:
        assert acceptable_verdicts(identity) == {identity.expected}


_DLMF = re.compile(r"DLMF \d+\.\d+\.\d+")


def test_dlmf_citations_are_well_formed():
    cited = [i for i in CORPUS if "DLMF" in i.source]
    assert len(cited) >= 60
    for identity in cited:
        assert _DLMF.search(identity.source), identity.source


@pytest.mark.parametrize("identity", CORPUS, ids=lambda i: i.text)
def test_corpus_stays_inside_the_exp_rational_class(identity: Identity):
    """No sqrt/abs/erf in the core; log and softplus only under diff or inside exp-like
    compositions that become rational (those are kind 'inverse')."""
    for text in (identity.lhs, identity.rhs):
        assert not re.search(r"\b(sqrt|abs|erf|asinh|acosh)\(", text), text
        if re.search(r"\b(log|softplus)\(", text) and identity.kind != "inverse":
            assert text.startswith("diff("), text


@pytest.mark.parametrize("identity", CORPUS + OUTSIDE, ids=lambda i: i.text)
def test_both_sides_parse(identity: Identity):
    for text in (identity.lhs, identity.rhs):
        assert isinstance(parse(text), sympy.Expr)


def _sympy_value(expr: sympy.Expr, point: dict[str, Fraction], digits: int):
    subs = {sympy.Symbol(n, real=True): sympy.Rational(v.numerator, v.denominator) for n, v in point.items()}
    expr = expr.doit()  # Derivative -> sympy.diff
    return sympy.N(expr.subs(subs), digits, chop=False)


@pytest.mark.parametrize("identity", CORPUS + OUTSIDE, ids=lambda i: i.text)
def test_parser_reads_the_text_as_the_evaluator_does(identity: Identity):
    """What the parser builds agrees with the independent evaluator (each side, 40 digits)."""
    (point,) = _points(identity, 1)
    for text in (identity.lhs, identity.rhs):
        theirs = _sympy_value(parse(text), point, 50)
        assert theirs.is_real is not False, (text, theirs)
        with mp.workdps(60):
            env = {n: mpmath.mpf(v.numerator) / v.denominator for n, v in point.items()}
            ours = MpEvaluator(text)(env)
            assert abs(mpmath.mpf(str(sympy.re(theirs))) - ours) <= mpmath.mpf(10) ** -40 * (1 + abs(ours)), (
                text,
                point,
            )


# ------------------------------------------------- the shared strategies' true identities


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(equal_pairs(variables=("x", "y")), st.randoms(use_true_random=False))
def test_equal_pairs_strategy_yields_true_identities(pair, rnd):
    """tests/strategies.py's equal_pairs parse and are identities, by the independent evaluator."""
    assert isinstance(parse(pair[0]), sympy.Expr) and isinstance(parse(pair[1]), sympy.Expr)
    lhs, rhs = MpEvaluator(pair[0]), MpEvaluator(pair[1])
    checked = 0
    with mp.workdps(50):
        for _ in range(20):
            env = {n: mpmath.mpf(rnd.randint(-2000, 2000)) / 1000 for n in ("x", "y")}
            try:
                a, b = lhs(env), rhs(env)
            except OutOfDomain:
                continue
            assert abs(a - b) <= mpmath.mpf(10) ** -35 * (1 + abs(a) + abs(b)), (pair, env)
            checked += 1
    assert checked > 0
