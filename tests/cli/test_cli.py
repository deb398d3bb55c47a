"""Tests of the command line: exit codes, formats, one-line errors, the main job."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any

import pytest
import sympy

import tanhproof
from tanhproof import __version__
from tanhproof.cli._main import main
from tanhproof.proof._records import Proof, Verdict

x = sympy.Symbol("x", real=True)
UNDECIDED_PAIR = ("sqrt(x**2 + 2*x + 1)", "abs(x + 1)")  # true, but outside the decidable class


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, out: str, err: str, expected_code: int = 2) -> str:
    assert code == expected_code
    assert out == ""  # nothing half-written
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert "Traceback" not in err
    return err


def fake_proof(verdict: str) -> Proof:
    return Proof(x, -x, Verdict(verdict), "fake method", reason="fake reason", seconds=0.0)


# -- prove: exit codes -------------------------------------------------------------------
def test_prove_proved_exit_0(capsys):
    code, out, err = run(capsys, "prove", "1 - tanh(x)**2", "sech(x)**2")
    assert code == 0 and err == ""
    assert "1 − tanh²(x) = sech²(x)" in out
    assert "verdict: proved" in out and "method:  exp-rational decision procedure" in out
    assert out.rstrip().endswith("Summary: the claim is proved")


def test_prove_refuted_exit_1_with_counterexample(capsys):
    code, out, _ = run(capsys, "prove", "tanh(x)", "sinh(x)")
    assert code == 1
    assert "verdict: refuted" in out
    assert "counterexample: at x = " in out and "certified at" in out


def test_prove_undecided_exit_3(capsys):
    code, out, _ = run(capsys, "prove", *UNDECIDED_PAIR)
    assert code == 3
    assert "verdict: undecided" in out and "reason: " in out
    assert "numeric evidence (not a proof):" in out


@pytest.mark.parametrize(
    "verdicts, expected",
    [
        (["proved", "proved", "proved"], 0),
        (["proved", "undecided", "proved"], 3),
        (["undecided", "refuted", "proved"], 1),
    ],
)
def test_prove_exit_code_aggregates_pairs(capsys, monkeypatch, verdicts, expected):
    calls = []

    def fake_prove(lhs, rhs):
        calls.append((lhs, rhs))
        return fake_proof(verdicts[len(calls) - 1])

    monkeypatch.setitem(vars(tanhproof), "prove", fake_prove)
    code, out, _ = run(capsys, "prove", "a", "b", "c")
    assert code == expected
    assert [tuple(map(str, c)) for c in calls] == [("a", "b"), ("a", "c"), ("b", "c")]  # every i < j
    assert "1. [1] vs [2]:" in out and "3. [2] vs [3]:" in out


def test_prove_pairwise_real(capsys):
    code, out, _ = run(capsys, "prove", "1 - tanh(x)**2", "sech(x)**2", "1/cosh(x)**2")
    assert code == 0
    assert out.count("verdict: proved") == 3
    assert "Summary: all 3 claims proved" in out


def test_prove_json_shape(capsys):
    code, out, _ = run(capsys, "prove", "1 - tanh(x)**2", "sech(x)**2", "tanh(x)", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["kind"] == "proofs" and doc["tanhproof"] == __version__
    assert doc["summary"] == {"verdict": "refuted", "proved": 1, "refuted": 2, "undecided": 0}
    assert [c["sides"] for c in doc["claims"]] == [[1, 2], [1, 3], [2, 3]]
    first = doc["claims"][0]["proof"]
    assert {
        "lhs",
        "rhs",
        "verdict",
        "method",
        "caveats",
        "certificate",
        "counterexample",
        "evidence",
        "reason",
        "seconds",
    } <= set(first)
    assert first["verdict"] == "proved"
    cx = doc["claims"][1]["proof"]["counterexample"]
    assert set(cx) >= {"point", "enclosure", "lower", "upper", "bits"}


@pytest.mark.parametrize(
    "fmt, marker", [("latex", r"\begin{align*}"), ("markdown", "$$"), ("text", "verdict:")]
)
def test_prove_formats(capsys, fmt, marker):
    code, out, _ = run(capsys, "prove", "tanh(2*x)", "2*tanh(x)/(1 + tanh(x)**2)", "--format", fmt)
    assert code == 0 and marker in out


# -- errors: one line, exit 2, no traceback ----------------------------------------------
@pytest.mark.parametrize(
    "argv, fragment",
    [
        (["prove", "tanh(x", "x"], "syntax error"),
        (["prove", "foo(x)", "x"], "unknown function 'foo'"),
        (["prove", "__import__('os')", "x"], "names starting with '_' are not allowed"),
        (["prove", "x**100000", "x"], "exceeds the limit"),
        (["prove", "x"], "at least two sides"),
        (["prove"], "required"),
        (["prove", "-tanh(x)", "x"], "put '--' before"),
        (["derive", "tanh", "--order", "0"], "positive integer"),
        (["derive", "tanh", "--order", "two"], "positive integer"),
        (["derive", "foo(x)"], "unknown function 'foo'"),
        (["frob"], "invalid choice: 'frob'"),
        (["--format", "html"], "tanhproof writes text, json, latex or markdown, not 'html'"),
        (["--frobnicate"], "unrecognized arguments"),
    ],
)
def test_errors_are_one_line(capsys, argv, fragment):
    err = assert_one_line_error(*run(capsys, *argv))
    assert err.startswith("tanhproof: error: ")
    assert fragment in err


def test_huge_coefficient_is_guarded(capsys):
    """tanh(10**9*x) must not become a polynomial of degree 10⁹: an honest answer, not a crash."""
    code, out, err = run(capsys, "prove", "tanh(10**9*x)", "2*tanh(5*10**8*x)/(1 + tanh(5*10**8*x)**2)")
    assert code in (0, 2, 3), err
    assert "Traceback" not in err and "internal error" not in err
    if code == 3:
        assert "reason: " in out


def test_dash_dash_allows_leading_minus(capsys):
    code, out, _ = run(capsys, "prove", "--", "-tanh(x)", "tanh(-x)")
    assert code == 0 and "verdict: proved" in out


def test_bad_side_checked_before_any_work(capsys, monkeypatch):
    def never(lhs, rhs):  # pragma: no cover - must not be reached
        raise AssertionError("prove called before all sides were parsed")

    monkeypatch.setitem(vars(tanhproof), "prove", never)
    assert_one_line_error(*run(capsys, "prove", "x", "x", "tanh(("))


def test_internal_error_exit_4(capsys, monkeypatch):
    def broken(lhs, rhs):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setitem(vars(tanhproof), "prove", broken)
    monkeypatch.delenv("TANHPROOF_DEBUG", raising=False)
    err = assert_one_line_error(*run(capsys, "prove", "x", "x"), expected_code=4)
    assert err.startswith("tanhproof: internal error: RuntimeError: boom second line")


def test_internal_error_traceback_with_debug(capsys, monkeypatch):
    def broken(lhs, rhs):
        raise RuntimeError("boom")

    monkeypatch.setitem(vars(tanhproof), "prove", broken)
    monkeypatch.setenv("TANHPROOF_DEBUG", "1")
    code, out, err = run(capsys, "prove", "x", "x")
    assert code == 4 and out == ""
    assert "Traceback" in err and err.rstrip().splitlines()[-1].startswith("tanhproof: internal error:")


def test_keyboard_interrupt_exit_130(capsys, monkeypatch):
    def interrupted(lhs, rhs):
        raise KeyboardInterrupt

    monkeypatch.setitem(vars(tanhproof), "prove", interrupted)
    assert_one_line_error(*run(capsys, "prove", "x", "x"), expected_code=130)


def test_error_after_partial_work_writes_nothing(capsys, monkeypatch):
    calls = []

    def second_fails(lhs, rhs):
        calls.append(1)
        if len(calls) == 2:
            raise tanhproof.LimitError("time budget exceeded")
        return fake_proof("proved")

    monkeypatch.setitem(vars(tanhproof), "prove", second_fails)
    err = assert_one_line_error(*run(capsys, "prove", "a", "b", "c"))
    assert err == "tanhproof: error: time budget exceeded\n"


# -- derive (with fakes, so the exit-code logic does not depend on the derivation) ---------
@dataclass
class _Step:
    rule: str
    before: Any
    after: Any
    justification: str
    proof: Proof
    substeps: tuple = ()


@dataclass
class _Derivation:
    steps: tuple
    forms: tuple = ()
    function: Any = "tanh"
    variable: Any = "x"
    order: int = 1
    result: Any = x

    def to_dict(self) -> dict[str, Any]:
        return {"steps": [s.proof.to_dict() for s in self.steps]}


@pytest.mark.parametrize(
    "verdicts, expected, overall",
    [
        (["proved", "proved"], 0, "proved"),
        (["proved", "undecided"], 3, "undecided"),
        (["refuted", "undecided"], 1, "refuted"),
    ],
)
def test_derive_exit_codes(capsys, monkeypatch, verdicts, expected, overall):
    seen = {}

    def fake_derive(f="tanh", order=1):
        seen.update(f=f, order=order)
        steps = tuple(_Step(f"rule{k}", x, x, "", fake_proof(v)) for k, v in enumerate(verdicts))
        return _Derivation(steps)

    monkeypatch.setitem(vars(tanhproof), "derive", fake_derive)
    code, out, _ = run(capsys, "derive", "sinh(2*x)", "--order", "3", "--format", "json")
    assert code == expected
    assert seen == {"f": "sinh(2*x)", "order": 3}
    assert json.loads(out)["summary"]["verdict"] == overall


def test_bare_form_runs_derive_tanh(capsys, monkeypatch):
    seen = {}

    def fake_derive(f="tanh", order=1):
        seen.update(f=f, order=order)
        return _Derivation((_Step("definition", x, x, "", fake_proof("proved")),))

    monkeypatch.setitem(vars(tanhproof), "derive", fake_derive)
    code, out, _ = run(capsys, "--format", "markdown")
    assert code == 0 and seen == {"f": "tanh", "order": 1}
    assert out.startswith("## Derivation of ")


# -- the real main job ---------------------------------------------------------------------
def test_derive_tanh_real(capsys):
    code, out, err = run(capsys, "derive", "tanh", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["kind"] == "derivation" and doc["summary"]["verdict"] == "proved"
    assert doc["derivation"]["result"] == "1 - tanh(x)**2"


def test_main_job_subprocess():
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("TANHPROOF_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-m", "tanhproof"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    out = done.stdout
    lines = out.splitlines()
    assert lines[0] == "Derivation of d/dx [tanh(x)]"
    assert "definition: proved" in out
    assert "Result: d/dx [tanh(x)] = 1 − tanh²(x)" in lines
    for form in ["sech²(x)", "1/cosh²(x)", "4/(eˣ + e⁻ˣ)²", "(1 − tanh(x))·(tanh(x) + 1)", "4e²ˣ/(e²ˣ + 1)²"]:
        assert any(f". {form}: proved" in line for line in lines), form
    assert "numeric evidence (50 digits, not a proof):" in out
    assert "refuted" not in out and "undecided" not in out and "DISAGREE" not in out
    assert lines[-1].startswith("Summary: all ") and "forms proved" in lines[-1]
    assert "numeric checks at 50 digits agree" in lines[-1]


# -- version, help, entry points -------------------------------------------------------------
def test_version(capsys):
    code, out, _ = run(capsys, "--version")
    assert code == 0 and out == f"tanhproof {__version__}\n"


def test_help(capsys):
    code, out, _ = run(capsys, "--help")
    assert code == 0 and "derive" in out and "prove" in out and "Exit codes" in out


def test_console_script_entry_point():
    (script,) = entry_points(group="console_scripts", name="tanhproof")
    assert script.load() is main


def test_subprocess_error_is_one_line():
    done = subprocess.run(
        [sys.executable, "-m", "tanhproof", "prove", "__import__('os')", "x"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr


def test_format_before_the_subcommand(capsys):
    code, out, _ = run(capsys, "--format", "json", "prove", "sinh(2*x)", "2*sinh(x)*cosh(x)")
    assert code == 0 and json.loads(out)["summary"]["verdict"] == "proved"
    code, out, _ = run(capsys, "-f", "json", "prove", "x", "x", "--format", "latex")
    assert code == 0 and out.startswith("% tanhproof")  # the subcommand's own option wins
