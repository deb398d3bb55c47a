"""``tanhproof prove CLAIM [--where COND]``: inequality claims at the command line."""

from __future__ import annotations

import json

import pytest

from tanhproof.cli._main import main


@pytest.mark.parametrize(
    ("argv", "code", "shown"),
    [
        # 1 - tanh = 2/(exp(2x) + 1) > 0
        (["prove", "tanh(x) < 1"], 0, "verdict: proved"),
        # |tanh x| < 1 (DLMF 4.28)
        (["prove", "--", "-1 < tanh(x) < 1"], 0, "links:"),
        # 1 - sech^2 = tanh^2 >= 0, zero only at 0
        (["prove", "sech(x)**2 <= 1"], 0, "equality only at x = 0"),
        (["prove", "tanh(x) >= 0", "--where", "x >= 0"], 0, "where: x >= 0"),
        # tanh(-1) < 0
        (["prove", "tanh(x) > 0"], 1, "counterexample: at x = -1"),
        # cosh x cosh y >= 1, each factor >= 1 with equality only at 0 (DLMF 4.28)
        (["prove", "cosh(x)*cosh(y) >= 1"], 0, "equality only at x = 0, y = 0"),
        (["prove", "cosh(x)*cosh(y)*cosh(z) >= 1"], 3, "several variables"),
        # tanh(x) < 1 + y fails where y <= -2
        (["prove", "tanh(x) < 1 + y"], 1, "counterexample: at x = "),
    ],
)
def test_verdicts_and_exit_codes(capsys, argv, code, shown):
    assert main(argv) == code
    assert shown in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["prove", "tanh(x) == 1"],
        ["prove", "tanh(x) < 1", "1"],
        ["prove", "tanh(x)", "1", "--where", "x > 0"],
        ["prove", "tanh(x) < 1", "--where", "x**2 < 1"],
        ["prove", "0 < tanh(x) > 1"],
        ["prove", "tanh(x"],
    ],
)
def test_bad_input_exit_2_with_one_line(capsys, argv):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1 and captured.err.startswith("tanhproof: error: ")


def test_json_carries_the_claim(capsys):
    assert main(["prove", "sech(x)**2 <= 1", "--format", "json"]) == 0
    proof = json.loads(capsys.readouterr().out)["claims"][0]["proof"]
    assert proof["relation"] == "<=" and proof["claim"] == "sech(x)**2 <= 1"
    assert proof["equality"] == "equality only at x = 0"
    assert proof["certificate"]["substitution"] == {"T_x": "exp(x)"}


def test_identities_unchanged(capsys):
    assert main(["prove", "sinh(2*x)", "2*sinh(x)*cosh(x)"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("1. sinh(") and " = " in out.splitlines()[0]
    assert "where:" not in out and "equality" not in out
