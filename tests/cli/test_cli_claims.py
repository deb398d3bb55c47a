"""The ``limit`` and ``shape`` subcommands: verdicts as exit codes, every format."""

from __future__ import annotations

import json

import pytest

from tanhproof.cli._main import main


@pytest.mark.parametrize(
    ("argv", "code", "shown"),
    [
        # 1 - tanh^2 = sech^2 -> 0 (DLMF 4.28 definitions: 4/(e^x + e^-x)^2)
        (["limit", "1 - tanh(x)**2", "x", "oo"], 0, "lim_{x -> oo} 1 - tanh(x)**2 = 0"),
        (["limit", "tanh(x)", "x", "-oo"], 0, "= -1"),
        (["limit", "tanh(x)", "x", "+oo", "--value", "1"], 0, "verdict: proved"),
        # sigmoid -> 1 at oo, not 1/2
        (["limit", "sigmoid(x)", "x", "oo", "--value", "1/2"], 1, "exact limit is 1"),
        # erf(x) -> 1 (DLMF 7.2.1 with 7.12.1): proved outside the exp-rational class
        (["limit", "erf(x)", "x", "oo", "--value", "1"], 0, "verdict: proved"),
        # |x|/x is -1 on the left of 0 and 1 on the right: no limit
        (["limit", "abs(x)/x", "x", "0"], 3, "does not exist"),
        (["shape", "tanh(x)", "increasing"], 0, "tanh(x) is increasing on (-oo, oo)"),
        (["shape", "tanh(x)", "concave", "--where", "x >= 0"], 0, "where:   [0, oo)"),
        (["shape", "tanh(x)", "increasing", "--where", "-1 < x < 1"], 0, "on (-1, 1)"),
        (["shape", "sech(x)**2", "maximum", "--at", "0"], 0, "maximum 1 at x = 0 (unique)"),
        (["shape", "sech(x)**2", "maximum", "--at", "0", "--value", "2"], 1, "verdict: refuted"),
        (["shape", "tanh(x)", "decreasing"], 1, "counterexample: at x ="),
        # (x + 1/2)^2 - 1/4 has its minimum -1/4 at -1/2
        (["shape", "x**2 + x", "minimum", "--at", "-1/2", "--value", "-1/4"], 0, "verdict: proved"),
    ],
)
def test_verdicts_and_exit_codes(capsys, argv, code, shown):
    assert main(argv) == code
    assert shown in capsys.readouterr().out


@pytest.mark.parametrize(
    "argv",
    [
        ["limit", "tanh(x", "x", "oo"],
        ["limit", "tanh(x)", "x", "up"],
        ["limit", "tanh(x)", "x"],
        ["shape", "tanh(x)", "wobbly"],
        ["shape", "sech(x)**2", "maximum"],
        ["shape", "tanh(x)", "increasing", "--where", "x**2 < 1"],
    ],
)
def test_bad_input_exits_2_with_one_line(capsys, argv):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("tanhproof: error: ") and err.count("\n") == 1


@pytest.mark.parametrize("fmt", ["json", "markdown", "latex"])
def test_formats(capsys, fmt):
    assert main(["shape", "tanh(x)", "inflection", "--at", "0", "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "json":
        proof = json.loads(out)["claims"][0]["proof"]
        assert proof["relation"] == "shape" and len(proof["parts"]) == 4
    else:
        assert "tanh(x) has an inflection point at x = 0" in out
    assert main(["limit", "tanh(x)", "x", "oo", "--format", fmt]) == 0
    assert "proved" in capsys.readouterr().out
