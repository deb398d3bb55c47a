"""One notation (issue 15): caveats, counterexamples and numeric evidence in the notation of the claims.

Each "Today" line of the issue is reproduced here and must not come back:

* ``derive sigmoid`` printed ``caveats: Derivative(1/(1 + exp(-x)), x): needs 1 + exp(-x) != 0``
  (raw SymPy, and a condition that can never fail);
* ``derive atanh`` printed a caveat line of about 450 characters;
* the derivation text used ``u`` without saying what it is;
* ``derive tanh --order 50`` printed ``lhs = 3721770219903324726360…`` for 3.72e47 (no exponent)
  and ``|lhs − rhs| ≤ 2.51e1: agree`` (an absolute bound with no scale).
"""

from __future__ import annotations

import json
import os
import pickle
import re
from decimal import Decimal

import mpmath
import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof as tp
from tanhproof.expr._domain import Condition
from tanhproof.expr._parser import symbol
from tanhproof.proof._caveats import Caveat, holds_everywhere
from tanhproof.render._notation import number_text
from tanhproof.render._render import render_derivation, render_proofs
from tanhproof.render._text import _wrapped

x = symbol("x")


@pytest.fixture(scope="module")
def sigmoid():
    return tp.derive("sigmoid")


@pytest.fixture(scope="module")
def atanh():
    return tp.derive("atanh")


@pytest.fixture(scope="module")
def tanh50():
    return tp.derive("tanh", order=50)


def _all_steps(d):
    for chain in (d.steps, *d.branches):
        for step in chain:
            yield from step.walk()


def _caveat_blocks(text: str) -> list[list[str]]:
    """Each ``caveats:`` line of a text rendering with its continuation lines."""
    lines, blocks = text.splitlines(), []
    for k, line in enumerate(lines):
        if line.lstrip().startswith("caveats:"):
            hang = line.index("caveats:") + len("caveats: ")
            block = [line]
            for more in lines[k + 1 :]:
                if len(more) - len(more.lstrip()) != hang:
                    break
                block.append(more)
            blocks.append(block)
    return blocks


# -- Today: raw SymPy and a condition that can never fail ------------------------------
def test_sigmoid_caveats_are_not_raw_sympy_and_never_a_condition_that_holds_everywhere(sigmoid):
    text = render_derivation(sigmoid, "text")
    assert "Derivative(" not in text
    assert "1 + exp(-x) != 0" not in text and "1 + e⁻ˣ ≠ 0" not in text
    # dropped from the records too (JSON), not only hidden: 1 + e^-x > 0 at every real x
    for step in _all_steps(sigmoid):
        assert not any("1 + exp(-x)" in c for c in step.proof.caveats), step.rule


def test_a_caveat_that_can_fail_is_kept_in_the_claims_notation():
    # log(1 - e^-x) needs 1 - e^-x > 0, false for x <= 0: kept, printed like the claims
    d = tp.derive("log(1 - exp(-x))")
    text = render_derivation(d, "text")
    assert "caveats: d/dx [log(1 − e⁻ˣ)] needs 1 − e⁻ˣ > 0" in text
    assert "Derivative(" not in text and "!=" not in text
    caveat = d.steps[0].proof.caveats[0]
    assert isinstance(caveat, Caveat) and caveat == "Derivative(log(1 - exp(-x)), x): needs 1 - exp(-x) > 0"
    # the record travels to worker processes (audits, Dask) with its mathematics
    again = pickle.loads(pickle.dumps(caveat))
    assert isinstance(again, Caveat) and (again.subject, again.relation) == (caveat.subject, caveat.relation)


def test_inequality_caveats_are_in_the_claims_notation():
    # "x >= 0 (sqrt(x)): on [0, oo)" was printed as it stands: raw SymPy, oo for infinity
    proof = tp.prove("sqrt(x) <= (1 + x)/2")
    text = render_proofs([proof], "text")
    assert "caveats: √x needs x ≥ 0" in text and "oo" not in text and ">=" not in text
    proof = tp.prove("1/(x + 1/x) <= 1/2", where="x > 0")
    text = render_proofs([proof], "text")
    assert "1/x needs x ≠ 0" in text and "!=" not in text
    caveat = proof.caveats[0]
    assert isinstance(caveat, Caveat) and caveat.relation == sympy.Ne(x, 0, evaluate=False)
    assert json.loads(render_proofs([proof], "json"))  # JSON keeps the text


def test_holds_everywhere_is_exact():
    assert holds_everywhere(Condition("nonzero", 1 + sympy.exp(-x)))
    assert holds_everywhere(Condition("open_unit", sympy.tanh(x)))  # 1 - tanh^2 = sech^2 > 0
    # (e^x - 1)^2 >= 0 everywhere but is 0 at x = 0: nonnegative yes, positive no
    square = sympy.exp(2 * x) - 2 * sympy.exp(x) + 1
    assert holds_everywhere(Condition("nonnegative", square))
    assert not holds_everywhere(Condition("positive", square))
    # e^x - 1 + 10^-30 > 0 at every sample a float could see, but fails for x < log(1 - 10^-30)
    assert not holds_everywhere(Condition("positive", sympy.exp(x) - 1 + sympy.Rational(1, 10**30)))
    assert not holds_everywhere(Condition("nonzero", 1 / (x - 1)))  # a pole: never dropped


@settings(max_examples=30, deadline=None)
@given(c=st.fractions(min_value=-5, max_value=5, max_denominator=50), k=st.integers(1, 3))
def test_nonzero_exponential_is_decided_like_the_equation(c, k):
    # e^(k x) = c has a real solution exactly when c > 0 (the condition then fails there)
    g = sympy.exp(k * x) - sympy.Rational(c.numerator, c.denominator)
    assert holds_everywhere(Condition("nonzero", g)) is (c <= 0)


# -- prove's caveats: the same notation as derive's ------------------------------------------
def test_prove_caveats_are_mathematics_in_every_format():
    p = tp.prove("atanh(x)", "log((1 + x)/(1 - x))/2")
    assert p.caveats and all(isinstance(c, Caveat) for c in p.caveats)
    text = render_proofs([p], "text")
    assert "caveats: atanh(x) needs |x| < 1; log((x + 1)/(1 − x))/2 needs " in text
    assert "!=" not in text and ": needs" not in text
    latex = render_proofs([p], "latex")
    assert r"needs $\left|{x}\right| < 1$" in latex
    # the caveat's text (JSON, certificates) is unchanged: the side as the user wrote it
    assert "atanh(x): needs |x| < 1" in p.caveats


@pytest.mark.parametrize(
    ("lhs", "rhs", "why"),
    [
        # (x + 1)^2 >= 0 at every real x (exact: no real root of odd multiplicity)
        ("sqrt(x**2 + 2*x + 1)", "abs(x + 1)", "x**2 + 2*x + 1 >= 0"),
        # |tanh(x)| < 1 at every real x (1 - tanh^2 = sech^2 > 0, exp-rational sign procedure)
        ("atanh(tanh(x))", "x", "|tanh(x)| < 1"),
        # x^2 + 1 has no real zero: the pole it names is never met
        ("1/(x**2 + 1)", "1/(1 + x**2)", "x**2 + 1 = 0"),
    ],
)
def test_prove_drops_conditions_that_cannot_fail(lhs, rhs, why):
    p = tp.prove(lhs, rhs)
    assert p.caveats == (), (why, p.caveats)
    assert "caveats: none" in render_proofs([p], "text")


def test_prove_keeps_a_condition_that_can_fail():
    # log(x) needs x > 0, false at x = -1; coth has a pole at 0: both kept, as mathematics
    assert [str(c.relation) for c in tp.prove("log(x)", "log(x)").caveats] == ["x > 0"]
    assert {str(c.relation) for c in tp.prove("coth(x)", "1/tanh(x)").caveats} == {"Ne(x, 0)"}


@settings(max_examples=40, deadline=None)
@given(
    a=st.integers(-4, 4),
    b=st.integers(-4, 4),
    c=st.integers(-4, 4).filter(bool),
    strict=st.booleans(),
)
def test_quadratic_conditions_are_decided_like_the_discriminant(a, b, c, strict):
    # c*x^2 + b*x + a >= 0 (> 0) everywhere exactly when c > 0 and b^2 - 4ac <= 0 (< 0)
    g = c * x**2 + b * x + a
    disc = b * b - 4 * a * c
    expected = c > 0 and (disc < 0 if strict else disc <= 0)
    assert holds_everywhere(Condition("positive" if strict else "nonnegative", g)) is expected


# -- Today: a caveat line of about 450 characters -----------------------------------------
@pytest.mark.parametrize("columns", [80, 100])
def test_atanh_caveat_lines_wrap_at_the_terminal_width(atanh, monkeypatch, columns):
    monkeypatch.setenv("COLUMNS", str(columns))
    blocks = _caveat_blocks(render_derivation(atanh, "text"))
    assert blocks and any(len(b) > 1 for b in blocks)  # something was long enough to wrap
    for block in blocks:
        assert all(len(line) <= columns for line in block), block
    joined = " ".join(" ".join(line.split()) for line in blocks[0])
    assert joined == (
        "caveats: d/dx [atanh(x)] needs x ≠ 1, x ≠ −1, |x| < 1; "
        "d/dx [log((x + 1)/(1 − x))/2] needs x ≠ 1, x ≠ −1, (x + 1)/(1 − x) > 0"
    )


def test_width_is_100_when_not_a_terminal(atanh, monkeypatch):
    monkeypatch.delenv("COLUMNS", raising=False)

    def not_a_terminal(*args):
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", not_a_terminal)
    blocks = _caveat_blocks(render_derivation(atanh, "text"))
    assert max(len(line) for block in blocks for line in block) <= 100
    assert max(len(line) for block in blocks for line in block) > 80  # 100, not 80: the lines are used


_word = st.text(alphabet="abcxyz+−()²", min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(
    items=st.lists(st.lists(_word, min_size=1, max_size=8).map(" ".join), min_size=1, max_size=6),
    width=st.integers(40, 120),
)
def test_wrapping_keeps_every_word_and_fits(items, width):
    line = "caveats: " + "; ".join(items)
    rows = _wrapped("    ", line, width)
    assert all(len(r) <= width for r in rows)  # words are at most 12 characters: always fits
    assert " ".join(" ".join(r.split()) for r in rows) == " ".join(line.split())
    assert all(r.startswith(" " * len("    caveats: ")) for r in rows[1:])  # hanging indent


# -- Today: u without saying what it is ----------------------------------------------------
def test_u_is_said_where_the_chain_rule_introduces_it(sigmoid, atanh):
    assert "2.2.2.1  exp: d/du [eᵘ] = eᵘ, where u = −x (" in render_derivation(sigmoid, "text")
    text = render_derivation(tp.derive("log(1 + exp(-x))"), "text")
    assert "1.1  log: d/du [log(u)] = 1/u, where u = 1 + e⁻ˣ (" in text
    for d in (sigmoid, atanh):
        for line in render_derivation(d, "text").splitlines():
            if " d/du [" in line and "caveats:" not in line:
                assert "where u = " in line, line
    md = render_derivation(sigmoid, "markdown")
    assert r"$\frac{d}{d u} e^{u} = e^{u}$, where $u = - x$" in md


# -- Today: numbers without their magnitude, agreement without a scale ----------------------
def test_order_50_numbers_keep_their_magnitude_and_agree_relatively(tanh50):
    text = render_derivation(tanh50, "text")
    lines = [line for line in text.splitlines() if line.strip().startswith("at x = ")]
    assert len(lines) == 4
    # tanh^(50)(-3/2) = 3.72177021990332472636050...e47 (mpmath.diff at 30 digits, an independent route)
    with mpmath.workdps(30):
        expected = mpmath.diff(mpmath.tanh, mpmath.mpf(-3) / 2, 50)
    assert mpmath.nstr(expected, 15) == "3.72177021990332e+47"
    assert "at x = -3/2: lhs = 3.7217702199033247263…e47," in lines[0]
    for line, check in zip(lines, tanh50.forms[0].checks, strict=True):
        shown = re.search(r"lhs = (-?\d\.\d+)…e(\d+),", line)
        assert shown is not None, line
        assert int(shown.group(2)) == Decimal(check.lhs).adjusted()  # the magnitude of the full value
        assert "·|lhs|: agree" in line
        assert not re.search(r"≤ [0-9.e+-]+: agree", line)  # never an absolute bound with no scale
        # the relative bound bounds the same arb bound as the absolute one: |lhs - rhs| <= relative * |lhs|
        # (both are rounded up to 3 digits, so they agree within 1%)
        assert Decimal(check.bound) <= Decimal(check.relative) * abs(Decimal(check.lhs)) * Decimal("1.01")
    doc = json.loads(render_derivation(tanh50, "json"))
    full = doc["derivation"]["forms"][0]["checks"][0]
    assert len(full["lhs"].replace("-", "").replace(".", "")) >= 48  # the full digits stay in JSON
    assert full["relative_bound"] == tanh50.forms[0].checks[0].relative


@settings(max_examples=100, deadline=None)
@given(
    digits=st.text(alphabet="0123456789", min_size=1, max_size=50).filter(lambda s: s.strip("0")),
    exponent=st.integers(-80, 80),
    negative=st.booleans(),
)
def test_number_text_keeps_magnitude_and_leading_digits(digits, exponent, negative):
    value = Decimal(f"{'-' if negative else ''}{digits}e{exponent}")
    shown = number_text(str(value))
    core = shown.replace("…", "")
    assert Decimal(core).adjusted() == value.adjusted()  # the magnitude is kept
    # the digits shown are the leading digits of the value (cut, marked with an ellipsis)
    lead = "".join(str(d) for d in Decimal(core).as_tuple().digits).rstrip("0")
    assert "".join(str(d) for d in value.as_tuple().digits).lstrip("0").startswith(lead)
    assert ("…" in shown) == (Decimal(core) != value)  # an ellipsis exactly where nonzero digits were cut


# -- LaTeX and Markdown: caveats typeset -----------------------------------------------------
def test_latex_and_markdown_caveats_are_typeset(atanh):
    latex = render_derivation(atanh, "latex")
    caveats = [line for line in latex.splitlines() if r"\intertext{caveats:" in line]
    assert caveats and all("Derivative(" not in line and "!=" not in line for line in caveats)
    assert r"needs $x \neq 1$, $x \neq -1$, $\left|{x}\right| < 1$" in caveats[0]
    md = render_derivation(tp.derive("log(1 - exp(-x))"), "markdown")
    assert r"- caveats: $\frac{d}{d x} \log{\left(1 - e^{- x} \right)}$ needs $1 - e^{- x} > 0$" in md
