"""Counterexamples at exact irrational points (x = log(3), log(r) for an algebraic r) in
every format and at the command line (issue 12)."""

from __future__ import annotations

import json

import pytest

import tanhproof
from tanhproof.cli._main import main
from tanhproof.render import render_proofs

# T^2 - T - 1 = 0 at the golden ratio, in (1, 2); exp(2x) = 2 at x = log(2)/2
GOLDEN = "(exp(x)**2 - exp(x) - 1)**2 > 0"
ROOT_TWO = "(exp(2*x) - 2)**2 > 0"


@pytest.mark.parametrize(
    ("fmt", "unicode"), [("text", True), ("text", False), ("latex", True), ("markdown", True)]
)
def test_every_format_names_the_exact_point(fmt, unicode):
    out = render_proofs([tanhproof.prove(GOLDEN), tanhproof.prove(ROOT_TWO)], fmt, unicode=unicode)
    assert "the root of r^2 - r - 1 in (1, 2)" in out.replace("\\textasciicircum{}", "^")
    assert "x = log(2)/2" in out
    if fmt == "text" and not unicode:
        assert out.isascii()


def test_json_carries_the_exact_description():
    doc = json.loads(render_proofs([tanhproof.prove(GOLDEN)], "json"))
    cx = doc["claims"][0]["proof"]["counterexample"]
    exact = cx["exact_point"]["x"]
    assert exact["log_of_root_of"] == ["-1", "-1", "1"] and exact["isolating_interval"] == ["1", "2"]
    assert cx["lower"] == cx["upper"] == "0"
    assert exact["approximately"].startswith("0.481211825059603")  # log((1 + sqrt 5)/2), mpmath


def test_command_line_refutes_with_exit_code_one(capsys):
    assert main(["prove", ROOT_TWO]) == 1
    assert "counterexample: at x = log(2)/2" in capsys.readouterr().out
    assert main(["prove", "--format", "json", GOLDEN]) == 1
    assert "exact_point" in capsys.readouterr().out
