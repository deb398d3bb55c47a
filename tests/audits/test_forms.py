"""Tests of tanhproof.audits._forms: forms of a derivative proved equal, then ranked by accuracy."""

import json

import numpy as np
import pytest
import sympy

import tanhproof.proof._prover
from tanhproof.audits._forms import FORMS, Form, FormsReport, prove_form, rank_forms
from tanhproof.expr._errors import TanhproofError
from tanhproof.proof._records import Proof, Verdict

REQUIRED = {
    "tanh": [
        "1 - tanh(x)**2",
        "(1 - tanh(x))*(1 + tanh(x))",
        "sech(x)**2",
        "1/cosh(x)**2",
        "4*exp(-2*abs(x))/(1 + exp(-2*abs(x)))**2",
        "4*sigmoid(2*x)*sigmoid(-2*x)",
        "4/(exp(x) + exp(-x))**2",
    ],
    "sigmoid": [
        "sigmoid(x)*(1 - sigmoid(x))",
        "sigmoid(x)*sigmoid(-x)",
        "exp(-x)/(1 + exp(-x))**2",
        "exp(-abs(x))/(1 + exp(-abs(x)))**2",
        "sech(x/2)**2/4",
        "(1 - tanh(x/2)**2)/4",
    ],
    "softplus": [
        "sigmoid(x)",
        "1/(1 + exp(-x))",
        "exp(x)/(1 + exp(x))",
        "(1 + tanh(x/2))/2",
        "1 - sigmoid(-x)",
    ],
}


def test_forms_table_holds_the_required_forms():
    assert set(FORMS) == set(REQUIRED)
    for function, texts in REQUIRED.items():
        assert [f.text for f in FORMS[function]] == texts
    assert FORMS["tanh"][0] == Form("1 - y^2", "1 - tanh(x)**2")


@pytest.mark.parametrize(
    ("function", "form"),
    [(f, form) for f, forms in FORMS.items() for form in forms],
    ids=lambda v: getattr(v, "text", v),
)
def test_every_form_is_proved(function, form):
    p = prove_form(function, form)
    assert p.verdict is Verdict.PROVED, (p.method, p.reason)
    assert p.proofs[0].lhs.has(sympy.Derivative)


def test_abs_forms_are_proved_by_cases():
    p = prove_form("sigmoid", "exp(-abs(x))/(1 + exp(-abs(x)))**2")
    assert p.proved
    # the prover splits on the sign of x itself (before, prove_form's halves did)
    assert p.method.startswith("by cases on the signs of x") and "exp-rational decision procedure" in p.method
    assert [q.proved for q in p.proofs] == [True]


def test_wrong_on_one_half_line_is_not_blurred():
    # Equal to sech^2 for x >= 0 only: must not come out proved.
    p = prove_form("tanh", "sech(x)**2 + abs(x) - x")
    assert not p.proved
    assert p.verdict in (Verdict.REFUTED, Verdict.UNDECIDED)


def test_failed_case_leaves_the_form_undecided(monkeypatch):
    # A prover that cannot decide anything with abs: the form below equals tanh' for x >= 0 only,
    # and the whole-line refutation of its x <= 0 case is no refutation of the form itself.
    real = tanhproof.proof._prover.prove

    def prove(lhs, rhs, **kw):
        expr = tanhproof.parse(rhs) if isinstance(rhs, str) else rhs
        if expr.has(sympy.Abs):
            return Proof(tanhproof.parse(lhs), expr, Verdict.UNDECIDED, "none", reason="stub")
        return real(lhs, rhs, **kw)

    monkeypatch.setattr(tanhproof.proof._prover, "prove", prove)
    p = prove_form("tanh", "sech(abs(x))**2 + abs(x) - x")
    assert p.verdict is Verdict.UNDECIDED
    assert [str(q.verdict) for q in p.proofs] == ["undecided", "proved", "refuted"]
    assert p.reason == "stub; proof by cases failed (x <= 0 refuted)"
    r = rank_forms(
        "tanh", "binary16", np.array([1.0], dtype=np.float16), forms=["sech(abs(x))**2 + abs(x) - x"]
    )
    assert r.recommended is None and r.rows[0].report is None and r.rows[0].rank is None
    assert r.to_text().splitlines()[-1] == "recommended: none (no form was proved)"


def test_wrong_form_is_refuted_and_not_measured():
    x = np.array([0.5, 2.0, 5.0], dtype=np.float16)
    r = rank_forms("tanh", "binary16", x, forms=["sech(x)**2", Form("wrong", "1 + tanh(x)**2")])
    ranked, wrong = r.rows
    assert ranked.rank == 1 and ranked.measured and ranked.form.text == "sech(x)**2"
    assert wrong.rank is None and wrong.report is None and not wrong.measured
    assert wrong.proof.verdict is Verdict.REFUTED
    assert r.recommended.text == "sech(x)**2"
    text = r.to_text()
    row = next(ln for ln in text.splitlines() if ln.lstrip("- ").startswith("wrong"))
    assert row.split()[0] == "-" and "refuted [" in row  # no rank: not measured
    note = next(ln for ln in text.splitlines() if ln.startswith("wrong: "))
    assert note.startswith("wrong: refuted, not measured: ")
    d = r.to_dict()
    assert d["forms"][1]["measured"] is False and d["forms"][1]["proof"]["verdict"] == "refuted"


def _bad(report) -> bool:
    """Zeros where the derivative is not 0, or inf/NaN results (the histogram's "inf" bin)."""
    return report.zero_where_nonzero > 0 or report.histogram.get("inf", 0) > 0


@pytest.fixture(scope="module")
def tanh16() -> FormsReport:
    return rank_forms("tanh", "binary16", processes=1)


def test_tanh_binary16_exhaustive_ranking(tanh16):
    r = tanh16
    assert r.function == "tanh" and r.fmt == "binary16" and "exhaustive" in r.inputs
    assert all(row.measured for row in r.rows) and [row.rank for row in r.rows] == list(range(1, 8))
    keys = [(_bad(row.report), row.report.max_ulp, row.report.mean_ulp) for row in r.rows]
    assert keys == sorted(keys)
    best = r.rows[0]
    assert r.recommended == best.form
    # Every binary16 value: the 2^16 bit patterns less the 2 * 1023 NaN encodings (at most a few NaNs tested).
    assert best.report.points >= (1 << 16) - 2046
    assert best.report.max_ulp < 4
    framework = next(row for row in r.rows if row.form.label == "1 - y^2")
    assert framework.rank > best.rank
    # In binary16 tanh(x) rounds to 1 once tanh(x) > 1 - 2^-12, i.e. for |x| > atanh(1 - 2^-12) =
    # ln(2^13 - 1)/2 = 4.5052 (first binary16 value above: 4.5078125), while sech^2(x) is ~5e-4 there.
    assert framework.report.zero_where_nonzero > 0
    assert abs(framework.report.first_zero_where_nonzero) == 4.5078125
    assert framework.report.max_ulp > 1000
    sech = next(row for row in r.rows if row.form.text == "sech(x)**2")
    assert sech.report.zero_where_nonzero == 0
    # The audit names each target by the form's text.
    assert all(row.report.target == row.form.text for row in r.rows)


def test_text_and_json(tanh16):
    text = tanh16.to_text()
    lines = text.splitlines()
    assert lines[0] == "forms of tanh' in binary16" and lines[1].startswith("inputs: exhaustive")
    header = lines[3].split()
    assert header[:2] == ["rank", "form"] and "ULP" in header and header[-1] == "proof"
    for row in tanh16.rows:
        assert row.form.label in text
    assert lines[-1] == f"recommended: {tanh16.recommended.label}  ({tanh16.recommended.text})"
    assert "by cases on the signs of x" in text
    d = json.loads(tanh16.to_json())
    assert d["function"] == "tanh" and d["derivative"] == "tanh'" and d["fmt"] == "binary16"
    assert d["recommended"] == {"label": tanh16.recommended.label, "text": tanh16.recommended.text}
    first = d["forms"][0]
    assert first["rank"] == 1 and first["proof"]["verdict"] == "proved" and first["measured"] is True
    for key in ("points", "max_ulp", "mean_ulp", "not_correctly_rounded", "zero_where_nonzero"):
        assert key in first["report"]
    assert str(tanh16) == text


def test_sigmoid_and_softplus_bfloat16():
    for function in ("sigmoid", "softplus"):
        r = rank_forms(function, "bfloat16", processes=1)
        assert r.recommended is not None and r.rows[0].report.max_ulp < 4
        assert len(r.rows) == len(FORMS[function])


def test_binary32_default_is_a_million_samples():
    r = rank_forms("softplus", "binary32", forms=["sigmoid(x)"], processes=1)
    assert r.rows[0].report.points >= 1_000_000


def test_unknown_function():
    with pytest.raises(TanhproofError) as info:
        rank_forms("relu", "binary16")
    from tanhproof.audits._formlist import form_functions

    assert str(info.value) == f"no forms for function 'relu'; choose one of {', '.join(form_functions())}"
    assert {"sigmoid", "softplus", "tanh"} <= set(form_functions()) and "relu" not in form_functions()
    with pytest.raises(TanhproofError, match="unknown function 'nope'"):
        prove_form("nope", "x")


def test_an_interrupted_audit_stops_the_ranking(monkeypatch):
    # A partial report (Ctrl-C inside audit) must not be ranked against complete ones.
    import dataclasses

    import tanhproof.audits._run as auditing

    real = auditing.audit

    def interrupted(*args, **kwargs):
        return dataclasses.replace(real(*args, **kwargs), partial=True)

    monkeypatch.setattr(auditing, "audit", interrupted)
    with pytest.raises(KeyboardInterrupt):
        rank_forms("tanh", "binary16", np.array([0.5], dtype=np.float16))
