"""``tanhproof eval``: values to N digits, correct rounding, one-line errors, exit codes."""

from __future__ import annotations

import json
import subprocess
import sys

import mpmath
import pytest

from tanhproof.cli._main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_digits(capsys):
    code, out, err = run(capsys, "eval", "tanh(x)", "--at", "x=0.5", "--digits", "40")
    assert code == 0 and err == ""
    # tanh(1/2) to 40 digits, from mpmath at 60 digits (independent of arb).
    with mpmath.workdps(60):
        expected = mpmath.nstr(mpmath.tanh(mpmath.mpf(1) / 2), 40)
    assert f"value (40 digits): {expected}" in out
    assert "enclosure:" not in out


def test_default_is_50_digits_and_enclosure_on_request(capsys):
    code, out, _ = run(capsys, "eval", "diff(tanh(x), x)", "--at", "x=0.5", "--enclosure")
    assert code == 0
    assert "value (50 digits): 0.78644773296592741014969" in out  # sech^2(1/2), mpmath
    assert "enclosure: [0.78644773296592741014969" in out and "bits)" in out


def test_round_with_hex_in_and_out(capsys):
    code, out, _ = run(capsys, "eval", "tanh(x)", "--at", "x=0x1p-1", "--round", "binary32")
    assert code == 0
    # tanh(1/2) = 0.462117157260009758...; binary32 neighbours 0x1.d9353cp-2 < v < 0x1.d9353ep-2,
    # nearer the upper one (floor(v * 2**25) = 0xec9a9e, remainder 0.83 ulp).
    assert "binary32, round nearest: 0x1.d9353ep-2 (0.46211717)" in out
    code, out, _ = run(capsys, "eval", "tanh(x)", "--at", "x=0.5", "--round", "binary32", "--mode", "down")
    assert "round down: 0x1.d9353cp-2" in out


def test_json(capsys):
    code, out, _ = run(capsys, "eval", "tanh(x + y)", "--at", "x=1,y=2", "--format", "json", "-d", "20")
    data = json.loads(out)
    assert code == 0 and data["digits"] == 20 and data["point"] == {"x": "1", "y": "2"}
    with mpmath.workdps(40):
        assert data["value"] == mpmath.nstr(mpmath.tanh(3), 20)
    assert "*2^" in data["enclosure"]["lower"]
    code, out, _ = run(
        capsys, "eval", "exp(x)", "--at", "x=-200", "--round", "binary32", "--mode", "up", "--format", "json"
    )
    data = json.loads(out)
    assert data["hex"] == "0x1p-149" and data["format"] == "binary32" and data["mode"] == "up"


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["tanh(x)", "--at", "x=0.5", "--digits", "0"], "expected a positive integer, got 0"),
        (["tanh(x)", "--at", "x=0.5", "--digits", "-3"], "expected a positive integer"),
        (["tanh(x)", "--at", "x=0.5", "--digits", "100001"], "exceeds the limit of 100000"),
        (["coth(x)", "--at", "x=0"], "coth(x) is undefined at x = 0"),
        (["log(x)", "--at", "x=-1"], "log(x) is undefined at x = -1"),
        (["tanh(x)", "--at", "x=inf"], "not finite"),
        (["tanh(x)", "--at", "x=nan"], "not finite"),
        (["tanh(x)"], "variable 'x' has no value; give it with --at x=0.5"),
        (["tanh(x)", "--at", "x=1", "--at", "x=2"], "gives 'x' twice"),
        (["tanh(x)", "--at", "x"], "expects VAR=VALUE"),
        (["tanh(x)", "--at", "x=1", "--round", "binary8"], "unknown format 'binary8'"),
        (["tanh(x)", "--at", "x=1", "--round", "binary32", "--mode", "sideways"], "unknown rounding mode"),
        (["tanh(x)", "--at", "x=1", "--mode", "up"], "--mode needs --round"),
        (["tanh(x)", "--at", "x=1", "--digits", "5", "--round", "binary32"], "not allowed with"),
        (["tanh(x", "--at", "x=1"], "syntax error"),
        (["tanhh(x)", "--at", "x=1"], "tanhh"),
        (["tanh(x)", "--at", "x=1e999999"], "exceeds the limit"),
        (["tanh(x)", "--at", "x=1", "--format", "latex"], "eval writes text or json, not 'latex'"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, argv, words):
    code, out, err = run(capsys, "eval", *argv)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    assert words in err


def test_bad_input_refused_by_the_installed_command():
    # The refusal happens before any Ziv loop or proof; the subprocess timeout only guards
    # against a hang (no timing is asserted: the machines are shared and noisy).
    done = subprocess.run(
        [sys.executable, "-m", "tanhproof", "eval", "coth(x)", "--at", "x=0"],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == "tanhproof: error: coth(x) is undefined at x = 0: needs x != 0\n"


class TestIEEEAnswers:
    """``eval --round`` gives IEEE 754's answer where the value does not exist as a real
    number (issue 10, section 4): -inf at log's pole, NaN outside the domain with the
    reason; a constant outside the domain is still bad input (no point to round at)."""

    def test_log_of_zero_is_minus_infinity(self, capsys):
        code, out, _ = run(capsys, "eval", "log(x)", "--at", "x=0", "--round", "binary32", "--format", "json")
        data = json.loads(out)
        assert (
            code == 0 and data["value"] == "-inf" and data["enclosure"] is None and "pole" in data["method"]
        )

    def test_outside_the_domain_is_nan_with_the_reason(self, capsys):
        code, out, _ = run(
            capsys, "eval", "log(x)", "--at", "x=-1", "--round", "binary16", "--format", "json"
        )
        data = json.loads(out)
        assert code == 0 and data["value"] == "nan" and "needs x > 0" in data["method"]

    def test_text_report_without_an_enclosure(self, capsys):
        code, out, _ = run(capsys, "eval", "coth(x)", "--at", "x=-0", "--round", "binary64")
        assert code == 0 and "-inf" in out and "enclosure" not in out

    def test_a_constant_outside_the_domain_is_still_bad_input(self, capsys):
        code, out, err = run(capsys, "eval", "tanh(atanh(2))", "--round", "binary32")
        assert code == 2 and out == "" and "atanh(2)" in err
