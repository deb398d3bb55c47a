"""Tests of tanhproof.render._render, tanhproof.render._plaintext and tanhproof.render._tally.

The derivation records are hand-made fakes that follow the documented contract
(Derivation / Step / Form / NumericCheck), so these tests do not depend on the
internals of tanhproof.proof._derivation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import pytest
import sympy

from tanhproof.expr._functions import sigmoid
from tanhproof.numeric._dyadic import Dyadic
from tanhproof.proof._records import Counterexample, Proof, Verdict
from tanhproof.render._plaintext import plain, superscript
from tanhproof.render._render import FORMATS, render_derivation, render_proofs
from tanhproof.render._tally import count_verdicts, derivation_summary, iter_proofs, overall_verdict

x = sympy.Symbol("x", real=True)
y = sympy.Symbol("y", real=True)
E, tanh = sympy.exp, sympy.tanh


# -- fakes following the contract ------------------------------------------------------
@dataclass(frozen=True)
class FakeCheck:
    point: dict[str, str]
    lhs: str
    rhs: str
    bound: str
    digits: int = 50
    ok: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "point": self.point,
            "lhs": self.lhs,
            "rhs": self.rhs,
            "bound": self.bound,
            "digits": self.digits,
            "ok": self.ok,
        }


@dataclass(frozen=True)
class FakeStep:
    rule: str
    before: Any
    after: Any
    justification: str
    proof: Proof
    substeps: tuple = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "before": sympy.sstr(self.before),
            "after": sympy.sstr(self.after),
            "justification": self.justification,
            "proof": self.proof.to_dict(),
            "substeps": [s.to_dict() for s in self.substeps],
        }


@dataclass(frozen=True)
class FakeForm:
    label: str
    expr: Any
    proof: Proof
    checks: tuple = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "expr": sympy.sstr(self.expr),
            "proof": self.proof.to_dict(),
            "checks": [c.to_dict() for c in self.checks],
        }


@dataclass(frozen=True)
class FakeDerivation:
    function: Any
    variable: Any
    order: int
    steps: tuple
    result: Any
    forms: tuple
    branches: tuple = field(default=())

    @property
    def all_proved(self) -> bool:
        return all(p is not None and p.proved for p in iter_proofs(self))

    def to_dict(self) -> dict[str, Any]:
        return {
            "function": str(self.function),
            "variable": str(self.variable),
            "order": self.order,
            "steps": [s.to_dict() for s in self.steps],
            "result": sympy.sstr(self.result),
            "forms": [f.to_dict() for f in self.forms],
            "branches": [[s.to_dict() for s in b] for b in self.branches],
        }


def proved(lhs, rhs, method="exp-rational decision procedure", caveats=()):
    return Proof(lhs, rhs, Verdict.PROVED, method, caveats=tuple(caveats), seconds=0.001)


def refuted(lhs, rhs):
    lower, upper = Dyadic.from_fraction(Fraction(-3, 4)), Dyadic.from_fraction(Fraction(-1, 2))
    cx = Counterexample({"x": Fraction(1, 2)}, lower, upper, 64, "[-0.6 +/- 0.1]")
    return Proof(
        lhs,
        rhs,
        Verdict.REFUTED,
        "certified counterexample",
        counterexample=cx,
        reason="nonzero difference",
        seconds=0.002,
    )


def undecided(lhs, rhs):
    return Proof(
        lhs,
        rhs,
        Verdict.UNDECIDED,
        "none",
        evidence=("agree at x = 1/2 to 1e-38",),
        reason="outside the decidable class",
        seconds=0.003,
    )


D = sympy.Derivative
DEF = (E(x) - E(-x)) / (E(x) + E(-x))
RESULT = 1 - tanh(x) ** 2
CHECKS = (
    FakeCheck(
        {"x": "0.5"}, "0.78644773296592741014" + "1" * 30, "0.78644773296592741014" + "1" * 30, "1e-60"
    ),
    FakeCheck({"x": "-2"}, "0.070650824853164362" + "2" * 32, "0.070650824853164362" + "2" * 32, "1e-60"),
)


def fake_derivation(step_proof=proved, form_proof=proved) -> FakeDerivation:
    sub = FakeStep(
        "linearity",
        D(E(x) - E(-x), x),
        E(x) + E(-x),
        "d/dx of a difference",
        proved(D(E(x) - E(-x), x), E(x) + E(-x)),
    )
    steps = (
        FakeStep(
            "definition", D(tanh(x), x), D(DEF, x), "tanh written with exp", proved(D(tanh(x), x), D(DEF, x))
        ),
        FakeStep(
            "quotient",
            D(DEF, x),
            4 / (E(x) + E(-x)) ** 2,
            "quotient rule",
            step_proof(D(DEF, x), 4 / (E(x) + E(-x)) ** 2),
            (sub,),
        ),
        FakeStep(
            "recognise",
            4 / (E(x) + E(-x)) ** 2,
            RESULT,
            "1 - tanh^2 = 4/(e^x+e^-x)^2",
            proved(4 / (E(x) + E(-x)) ** 2, RESULT, caveats=("none really",)),
        ),
    )
    branch = (
        FakeStep(
            "hyperbolic",
            RESULT,
            sympy.sech(x) ** 2,
            "1 - tanh^2 = sech^2",
            proved(RESULT, sympy.sech(x) ** 2),
        ),
    )
    forms = (
        FakeForm("1 - tanh(x)**2", RESULT, proved(RESULT, RESULT, "syntactic identity"), CHECKS),
        FakeForm("sech(x)**2", sympy.sech(x) ** 2, form_proof(RESULT, sympy.sech(x) ** 2), CHECKS),
        FakeForm(
            "4*exp(2*x)/(exp(2*x) + 1)**2",
            4 * E(2 * x) / (E(2 * x) + 1) ** 2,
            proved(RESULT, 4 * E(2 * x) / (E(2 * x) + 1) ** 2),
            CHECKS,
        ),
    )
    return FakeDerivation(tanh(x), x, 1, steps, RESULT, forms, (branch,))


# -- plaintext --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "expr, text",
    [
        (1 - tanh(x) ** 2, "1 − tanh²(x)"),
        (sympy.sech(x) ** 2, "sech²(x)"),
        (1 / sympy.cosh(x) ** 2, "1/cosh²(x)"),
        (4 / (E(x) + E(-x)) ** 2, "4/(eˣ + e⁻ˣ)²"),
        (sympy.Mul(1 - tanh(x), 1 + tanh(x), evaluate=False), "(1 − tanh(x))·(tanh(x) + 1)"),
        (4 * E(2 * x) / (E(2 * x) + 1) ** 2, "4e²ˣ/(e²ˣ + 1)²"),
        (D(tanh(x), x), "d/dx [tanh(x)]"),
        (D(tanh(x), (x, 3)), "d³/dx³ [tanh(x)]"),
        (D(tanh(x * y), x, y), "∂²/∂x∂y [tanh(x·y)]"),
        (sigmoid(x) * (1 - sigmoid(x)), "(1 − σ(x))·σ(x)"),
        (E(x / 2), "e^(x/2)"),
        (sympy.sqrt(x + 1), "√(x + 1)"),
        (sympy.Abs(x), "|x|"),
        (tanh(x) ** -3, "1/tanh³(x)"),  # never tanh⁻³, which reads as an inverse
        (x ** sympy.Rational(3, 2), "x^(3/2)"),
        (2 * (x + 1), "2x + 2"),
        (3 * tanh(x) ** 2, "3·tanh²(x)"),
        (2 * x * y, "2x·y"),
        (2 * D(tanh(x), x), "2·d/dx [tanh(x)]"),
        (D(tanh(x), x) ** 2, "(d/dx [tanh(x)])²"),
        (sympy.pi * x, "π·x"),
    ],
)
def test_plain(expr, text):
    assert plain(expr) == text


def test_plain_variable_named_e_keeps_exp_unambiguous():
    e = sympy.Symbol("e")
    assert plain(E(e) + sympy.E) == "exp(e) + E"


def test_plain_ascii_is_sstr():
    assert plain(1 - tanh(x) ** 2, unicode=False) == "1 - tanh(x)**2"


def test_superscript():
    assert superscript("12") == "¹²"
    assert superscript("-x") == "⁻ˣ"
    assert superscript("xy") is None and superscript("") is None and superscript("-") is None


# -- verdict helpers -----------------------------------------------------------------
def test_count_and_overall():
    ps = [proved(x, x), undecided(x, x)]
    assert count_verdicts(ps) == {"proved": 1, "refuted": 0, "undecided": 1}
    assert overall_verdict(ps) == "undecided"
    assert overall_verdict([*ps, refuted(x, x)]) == "refuted"
    assert overall_verdict([proved(x, x)]) == "proved"


# -- proofs -----------------------------------------------------------------------------
def test_render_proofs_text_all_verdicts():
    ps = [
        proved(RESULT, sympy.sech(x) ** 2, caveats=("x real",)),
        refuted(tanh(x), sympy.sinh(x)),
        undecided(sympy.Abs(tanh(x)), tanh(sympy.Abs(x))),
    ]
    text = render_proofs(ps, "text", pairs=[(1, 2), (1, 3), (2, 3)])
    lines = text.splitlines()
    assert lines[0] == "1. [1] vs [2]: 1 − tanh²(x) = sech²(x)"
    assert "   verdict: proved" in lines and "   caveats: x real" in lines
    assert "2. [1] vs [3]: tanh(x) ≠ sinh(x)" in lines
    assert "   counterexample: at x = 1/2, lhs − rhs ∈ [-0.6 +/- 0.1] (certified at 64 bits)" in lines
    assert "3. [2] vs [3]: |tanh(x)| =? tanh(|x|)" in lines
    assert "   reason: outside the decidable class" in lines
    assert "   numeric evidence (not a proof):" in lines
    assert lines[-1] == "Summary: 1 of 3 claims proved, 1 refuted, 1 undecided"


def test_render_proofs_ascii():
    text = render_proofs([refuted(tanh(x), sympy.sinh(x))], "text", unicode=False)
    assert text.isascii()
    assert "tanh(x) != sinh(x)" in text and "lhs - rhs in [-0.6 +/- 0.1]" in text


def test_render_proofs_json_document():
    ps = [proved(RESULT, sympy.sech(x) ** 2), refuted(tanh(x), sympy.sinh(x))]
    doc = json.loads(render_proofs(ps, "json", pairs=[(1, 2), (1, 3)]))
    assert doc["kind"] == "proofs"
    assert doc["summary"] == {"verdict": "refuted", "proved": 1, "refuted": 1, "undecided": 0}
    assert [c["sides"] for c in doc["claims"]] == [[1, 2], [1, 3]]
    assert doc["claims"][1]["proof"]["counterexample"]["point"] == {"x": "1/2"}
    # stable: the same records give the same text
    assert render_proofs(ps, "json") == render_proofs(ps, "json")


def test_render_proofs_latex_and_markdown():
    ps = [proved(RESULT, sympy.sech(x) ** 2), refuted(tanh(x), sympy.sinh(x)), undecided(x, -x)]
    latex = render_proofs(ps, "latex")
    assert latex.splitlines()[1] == r"\begin{align*}" and latex.endswith(r"\end{align*}")
    assert r"\operatorname{sech}^{2}" in latex and r"&\neq" in latex and r"\overset{?}{=}" in latex
    assert r"\intertext{counterexample: at $x = \frac{1}{2}$" in latex  # the point typeset
    md = render_proofs(ps, "markdown")
    assert md.startswith("1. **proved** (exp-rational decision procedure)")
    assert md.count("$$") == 6 and "3. **undecided**" in md


def test_unknown_format():
    with pytest.raises(ValueError, match="unknown format"):
        render_proofs([], "html")


# -- derivations -------------------------------------------------------------------------
def test_render_derivation_text():
    text = render_derivation(fake_derivation(), "text")
    lines = text.splitlines()
    assert lines[0] == "Derivation of d/dx [tanh(x)]"
    assert "Step 1  definition: proved (exp-rational decision procedure)" in lines
    assert any(line.strip() == "= d/dx [(eˣ − e⁻ˣ)/(eˣ + e⁻ˣ)]" for line in lines)
    assert (
        "       2.1  linearity: d/dx [eˣ − e⁻ˣ] = eˣ + e⁻ˣ (proved: exp-rational decision procedure)" in lines
    )
    assert "Result: d/dx [tanh(x)] = 1 − tanh²(x)" in lines
    assert "Branch 1: 1 − tanh²(x) → sech²(x)" in lines
    assert any(line.strip() == "= sech²(x)" for line in lines)
    assert "  2. sech²(x): proved (exp-rational decision procedure)" in lines
    assert "  3. 4e²ˣ/(e²ˣ + 1)²: proved (exp-rational decision procedure)" in lines
    assert "     numeric evidence (50 digits, not a proof):" in lines
    assert any(
        "at x = 0.5: lhs = 0.78644773296592741014" in line and "≤ 1e-60: agree" in line for line in lines
    )
    assert lines[-1] == (
        "Summary: all 5 steps and all 3 forms proved; numeric checks at 50 digits agree (6 of 6)."
    )
    # the chained display omits a left side equal to the previous right side
    assert sum(line.strip() == "d/dx [tanh(x)]" for line in lines) == 1


def test_render_derivation_text_ascii():
    assert render_derivation(fake_derivation(), "text", unicode=False).isascii()


def test_render_derivation_not_all_proved():
    d = fake_derivation(step_proof=undecided, form_proof=refuted)
    text = render_derivation(d, "text")
    assert "Step 2  quotient: undecided (none)" in text
    assert "counterexample: at x = 1/2" in text
    assert text.splitlines()[-1].startswith(
        "Summary: proved: 4 of 5 steps (1 undecided); 2 of 3 forms (1 refuted)"
    )
    assert overall_verdict(iter_proofs(d)) == "refuted"
    summary = derivation_summary(d)
    assert summary["steps"] == {"proved": 4, "refuted": 0, "undecided": 1}
    assert summary["forms"] == {"proved": 2, "refuted": 1, "undecided": 0}


def test_render_derivation_failed_numeric_check_is_shown():
    d = fake_derivation()
    bad = FakeCheck({"x": "1"}, "0.41997", "0.5", "1e-60", ok=False)
    d = FakeDerivation(
        d.function, d.variable, 1, d.steps, d.result, (FakeForm("f", RESULT, proved(x, x), (bad,)),)
    )
    text = render_derivation(d, "text")
    assert "DISAGREE" in text and "numeric checks at 50 digits: 0 of 1 agree" in text


def test_render_derivation_json():
    d = fake_derivation()
    doc = json.loads(render_derivation(d, "json"))
    assert doc["kind"] == "derivation"
    assert doc["derivation"] == json.loads(json.dumps(d.to_dict()))
    assert doc["summary"]["verdict"] == "proved"
    assert doc["summary"]["numeric_checks"] == {"total": 6, "agree": 6, "digits": [50]}


def test_render_derivation_latex():
    latex = render_derivation(fake_derivation(), "latex")
    lines = latex.splitlines()
    assert lines[1] == r"\begin{align*}" and lines[-1] == r"\end{align*}"
    assert lines[2].startswith(r"  \frac{d}{d x} \tanh{\left(x \right)} &= \frac{d}{d x}")
    assert r"\text{(1) definition: proved}" in lines[2]
    assert lines[3].startswith("   &= ")  # chained: left side omitted
    assert lines[4] == "  % step 2: 1 substeps, 1 proved"  # substeps summarised, in full in JSON
    assert lines[5].startswith("   &= 1 - \\tanh^{2}")
    assert not lines[-2].endswith("\\\\")  # no line break after the last row
    assert r"\intertext{Branch 1:}" in latex
    assert r"Numeric evidence (50 digits, not a proof)" in latex and r"10^{-60}" in latex


def test_latex_names_a_substep_that_is_not_proved():
    d = fake_derivation()
    step = d.steps[1]
    sub = FakeStep("linearity", x, x, "", undecided(x, x))
    bad = FakeStep(step.rule, step.before, step.after, step.justification, step.proof, (sub,))
    d = FakeDerivation(d.function, d.variable, 1, (d.steps[0], bad, d.steps[2]), d.result, d.forms)
    latex = render_derivation(d, "latex")
    assert r"\intertext{\small Substep 2.1 (linearity): undecided}" in latex
    assert "  % step 2: 1 substeps, 0 proved" in latex


def test_render_derivation_markdown():
    md = render_derivation(fake_derivation(), "markdown")
    assert md.startswith(r"## Derivation of $\frac{d}{d x} \tanh{\left(x \right)}$")
    assert "1. **definition**: proved (exp-rational decision procedure)" in md
    assert "### Branch 1" in md and "### Equivalent forms" in md
    assert (
        "   - 2.1 **linearity**: $\\frac{d}{d x} \\left(e^{x} - e^{- x}\\right) = e^{x} + e^{- x}$ "
        "(proved: exp-rational decision procedure)"
    ) in md.splitlines()
    assert md.splitlines()[-1].startswith("Summary: all 5 steps")


def test_derivation_without_branches_attribute():
    d = fake_derivation()

    class NoBranches:
        function, variable, order = d.function, d.variable, d.order
        steps, result, forms = d.steps, d.result, d.forms

        def to_dict(self):
            return {}

    for fmt in FORMATS:
        assert render_derivation(NoBranches(), fmt)


def test_empty_derivation_renders():
    d = FakeDerivation("tanh", "x", 2, (), RESULT, ())
    text = render_derivation(d, "text")
    assert text.splitlines()[0] == "Derivation of d^2/dx^2 tanh"  # the record gave only names
    assert text.splitlines()[-1] == "Summary: no steps and no forms proved."
    d = FakeDerivation(tanh(x), x, 2, (), RESULT, ())
    assert render_derivation(d, "text").splitlines()[0] == "Derivation of d²/dx² [tanh(x)]"
    for fmt in FORMATS:
        assert render_derivation(d, fmt)
