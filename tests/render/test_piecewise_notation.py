"""One notation for definitions by cases and for constants written as decimals.

A rational whose denominator is ``2^a·5^b`` and at least 1000 is printed as its exact
decimal; the expected values come from independent exact readers: :class:`fractions.Fraction`
and :mod:`decimal` (products of literals multiplied exactly at 100 digits), and the
round trip through the project's parser. Definitions by cases print as
``{ A if COND; B otherwise }`` in text and an amsmath ``cases`` environment in LaTeX
and Markdown.
"""

from __future__ import annotations

import decimal
from fractions import Fraction

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof as tp
from tanhproof.expr._decimaltext import MAX_CHARS, MIN_DENOMINATOR, decimal_text
from tanhproof.render import render_derivation
from tanhproof.render._latexmath import latex
from tanhproof.render._plaintext import plain

# PyTorch's literals (torch/nn/functional.py, torch/_refs/nn/functional/__init__.py).
SELU_SCALE = "1.0507009873554804934193349852946"
SELU_ALPHA = "1.6732632423543772848170429916717"
GELU_TANH = "0.044715"


@st.composite
def terminating(draw) -> Fraction:
    """A rational ``n / (2^a·5^b)`` (in lowest terms its denominator is again ``2^a'·5^b'``)."""
    a, b = draw(st.integers(0, 40)), draw(st.integers(0, 40))
    n = draw(st.integers(-(10**40), 10**40))
    return Fraction(n, 2**a * 5**b)


@given(terminating())
@settings(max_examples=200, deadline=None)
def test_decimal_text_is_exact_and_written_only_for_decimal_denominators(value):
    text = decimal_text(value)
    if value.denominator < MIN_DENOMINATOR:
        assert text is None  # 1/2, 3/4, integers: fractions as they are
        return
    # The quotient terminates within 41 + 40 digits, so at 200 digits it is exact (an
    # inexact one would raise: Inexact is trapped).
    exact = decimal.Context(prec=200, traps=[decimal.Inexact])
    expected = format(exact.divide(decimal.Decimal(value.numerator), decimal.Decimal(value.denominator)), "f")
    assert text == (expected if len(expected) <= MAX_CHARS else None)
    if text is not None:
        assert Fraction(text) == value  # exact: Fraction reads a decimal exactly


@given(terminating())
@settings(max_examples=40, deadline=None)
def test_the_parser_reads_a_printed_rational_back(value):
    """Whatever form a rational is printed in (decimal or fraction), ``tp.parse`` reads
    the same rational back."""
    r = sympy.Rational(value.numerator, value.denominator)
    text = plain(r).replace("−", "-")
    assert tp.parse(text) == r
    if decimal_text(value) is not None:
        assert latex(r) == text  # the LaTeX of a decimal is the same decimal


@pytest.mark.parametrize("q", [3, 6, 7, 1001, 3 * 1024, 10**6 + 1])
def test_non_terminating_denominators_stay_fractions(q):
    assert decimal_text(Fraction(1, q)) is None
    r = sympy.Rational(1, q)
    assert plain(r) == f"1/{q}"


def test_small_fractions_stay_fractions():
    x = sympy.Symbol("x")
    assert plain(x / 2 + sympy.Rational(3, 4)) == "x/2 + 3/4"
    assert latex(x / 2) == r"\frac{x}{2}"


def test_pytorch_literals_print_as_written():
    expr = tp.parse(f"x + {GELU_TANH}*x**3")
    assert plain(expr) == f"{GELU_TANH}·x³ + x"
    assert latex(expr) == f"{GELU_TANH} x^{{3}} + x"
    assert plain(tp.parse(f"-{SELU_SCALE}*x")) == f"−{SELU_SCALE}·x"


def test_a_product_of_literals_prints_exactly():
    exact = decimal.Context(prec=100, traps=[decimal.Inexact])  # 64 digits needed; raises if not exact
    product = exact.multiply(decimal.Decimal(SELU_SCALE), decimal.Decimal(SELU_ALPHA))
    assert len(str(product)) == 64
    expr = tp.parse(f"{SELU_SCALE}*{SELU_ALPHA}*exp(x)")
    assert plain(expr) == f"{product}·eˣ"


def test_a_decimal_longer_than_the_limit_stays_a_fraction():
    value = Fraction(3**150, 10**80)  # 80 decimals
    assert decimal_text(value) is None
    assert "/" in plain(sympy.Rational(value.numerator, value.denominator))


def test_cases_in_text_and_latex():
    x = sympy.Symbol("x")
    expr = sympy.Piecewise((x, x > 0), (sympy.exp(x) - 1, True))
    assert plain(expr) == "{ x if x > 0; eˣ − 1 otherwise }"
    assert latex(expr) == r"\begin{cases} x & x > 0 \\ e^{x} - 1 & \text{otherwise} \end{cases}"
    inner = sympy.Piecewise((x, sympy.And(x > -1, x < 1)), (0, True))
    assert plain(inner) == "{ x if x > −1 and x < 1; 0 otherwise }"


def test_derive_selu_reads_as_cases_with_its_constants():
    d = tp.derive("selu")
    for fmt in ("text", "latex", "markdown"):
        assert SELU_SCALE in render_derivation(d, fmt)
    for step in d.steps:
        for side in (step.before, step.after):
            for shown in (plain(side), latex(side)):
                assert "Piecewise" not in shown
                assert "5253504936777402467096674926473" not in shown  # SELU_SCALE as a fraction
    assert plain(d.result) == (
        f"{{ {SELU_SCALE} if x > 0; 1.75809934084737685994021752081231934206024580891220830977098282·eˣ otherwise }}"
    )
    assert latex(d.result).startswith(rf"\begin{{cases}} {SELU_SCALE} & x > 0 \\ ")


def test_derive_gelu_tanh_shows_pytorchs_constant():
    d = tp.derive("gelu_tanh")
    assert f"{GELU_TANH}·x³" in render_derivation(d, "text")
    assert f"{GELU_TANH} x^{{3}}" in render_derivation(d, "markdown")
    assert "8943" not in plain(d.result) and "8943" not in latex(d.result)


@given(terminating())
@settings(max_examples=30, deadline=None)
def test_ascii_output_reads_back_through_the_parser(value):
    """The ASCII printer keeps text the parser reads: a product with a decimal coefficient
    comes back as the same expression."""
    x = tp.parse("x")
    expr = sympy.Rational(value.numerator, value.denominator) * x**3 / sympy.pi - x
    text = plain(expr, unicode=False)
    assert sympy.expand(tp.parse(text) - expr) == 0


def test_ascii_cases_and_relations():
    x = sympy.Symbol("x")
    expr = sympy.Piecewise((sympy.Rational(8943, 200000) * x, sympy.Ne(x, 1)), (sympy.exp(x) - 1, True))
    assert plain(expr, unicode=False) == "{ 0.044715*x if x != 1; exp(x) - 1 otherwise }"
    assert plain(sympy.Ne(x, 1), unicode=False) == "x != 1"


def test_a_subtracted_decimal_term_keeps_its_decimal():
    """``x - 0.044715*x**3`` as the parser builds it (``-1`` times the product)."""
    expr = tp.parse(f"x - {GELU_TANH}*x**3")
    assert plain(expr) == f"−{GELU_TANH}·x³ + x"
    assert plain(expr, unicode=False) == f"-{GELU_TANH}*x**3 + x"
    assert latex(expr) == f"- {GELU_TANH} x^{{3}} + x"
    assert latex(tp.parse(f"-({GELU_TANH}*x)")) == f"- {GELU_TANH} x"


def test_rule_lines_of_derivations_show_cases_and_decimals():
    # the derivations' rule explanations are text built in proof/: they said
    # "selu(x) = Piecewise((5253504936777402467096674926473*x/5000000000000000000000000000000, x > 0), ...)"
    # and "8943*x**3/200000" for PyTorch's 0.044715
    import tanhproof as tp
    from tanhproof.render._render import render_derivation

    selu = render_derivation(tp.derive("selu"), "text")
    assert "Piecewise(" not in selu and "5000000000000000000000000000000" not in selu
    assert "selu(x) = { 1.0507009873554804934193349852946*x if x > 0;" in selu
    gelu = render_derivation(tp.derive("gelu_tanh"), "text")
    assert "8943" not in gelu and "0.044715*x**3" in gelu


def test_a_refutation_reason_names_a_definition_by_cases_as_one_atom():
    # "opaque atoms x > 0, (5253504936777402467096674926473*x/5000..., x > 0), True, ..."
    import tanhproof as tp

    proof = tp.prove("selu(x)", "1.0507*x")
    assert proof.verdict == "refuted"
    assert "True" not in proof.reason and "Piecewise" not in proof.reason
    assert "{ 1.0507009873554804934193349852946*x if x > 0;" in proof.reason
