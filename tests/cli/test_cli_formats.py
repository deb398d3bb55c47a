"""One output option, one meaning (issue 15): ``--format``/``-f`` and ``--json`` on every subcommand.

Every subcommand (and the bare command) takes ``-f FORMAT``, ``--format FORMAT`` and
``--json``; the three spellings of JSON give the same document; a format a subcommand
cannot render is exit code 2 with one line naming the formats it can. The usage hints
fit the mistake: "put '--' before expressions" only for an expression that starts
with ``-``, an option of another subcommand named as such, a missing point answered
with the option that gives it (``--at x=0.5``).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanhproof.cli import build_parser
from tanhproof.cli._main import main
from tanhproof.cli._output import OUTPUT_FORMATS, format_of

ALL = ("text", "json", "latex", "markdown")

#: A fast command line for each subcommand (None: the bare command), without its output option.
COMMANDS: dict[str | None, list[str]] = {
    None: [],
    "derive": ["derive", "sinh"],
    "prove": ["prove", "sinh(2*x)", "2*sinh(x)*cosh(x)"],
    "limit": ["limit", "tanh(x)", "x", "oo"],
    "shape": ["shape", "tanh(x)", "increasing"],
    "eval": ["eval", "tanh(x)", "--at", "x=1/2", "--digits", "10"],
    "audit": ["audit", "numpy.tanh", "--fmt", "binary16", "--range", "1", "1.01", "--in-process"],
    "forms": ["forms", "tanh", "--fmt", "binary16", "--range", "1", "1.01", "--processes", "1"],
    "check": ["check", "CERTIFICATE"],
}
NAMES = list(COMMANDS)
IDS = [name or "bare" for name in NAMES]
VOLATILE = {"seconds", "elapsed"}  # wall-clock times, different on each run


@pytest.fixture(scope="module")
def certificate(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("cert") / "proofs.json"
    assert main(["prove", "x", "x", "--certificate", str(path)]) == 0
    return str(path)


def argv_of(command: str | None, certificate: str, *extra: str) -> list[str]:
    return [certificate if a == "CERTIFICATE" else a for a in COMMANDS[command]] + list(extra)


def run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def steady(data: Any) -> Any:
    """``data`` without its wall-clock times."""
    if isinstance(data, dict):
        return {k: steady(v) for k, v in data.items() if k not in VOLATILE}
    if isinstance(data, list):
        return [steady(v) for v in data]
    return data


def test_every_subcommand_has_a_row():
    parser = build_parser()
    subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    assert set(OUTPUT_FORMATS) == {None, *subs.choices} == set(COMMANDS)


@pytest.mark.parametrize("command", NAMES, ids=IDS)
def test_one_grammar_in_every_usage(command):
    """The help (and so the generated CLI reference) shows the same option everywhere."""
    parser = build_parser()
    if command is not None:
        subs = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        parser = subs.choices[command]
    assert "[--format FORMAT | --json]" in " ".join(parser.format_usage().split())
    options = {name: action for action in parser._actions for name in action.option_strings}
    assert options["-f"] is options["--format"]
    assert options["--json"].dest == options["--format"].dest
    assert ", ".join(OUTPUT_FORMATS[command]) in (options["--format"].help or "")


@pytest.mark.parametrize("command", NAMES, ids=IDS)
def test_json_spellings_give_the_same_document(capsys, certificate, command):
    documents = []
    for option in (["-f", "json"], ["--format", "json"], ["--json"], ["-f", "JSON"]):
        code, out, err = run(capsys, argv_of(command, certificate, *option))
        assert code == 0, err
        documents.append(steady(json.loads(out)))
    assert all(doc == documents[0] for doc in documents)


@pytest.mark.parametrize("command", NAMES, ids=IDS)
def test_text_is_the_default(capsys, certificate, command):
    code, out, err = run(capsys, argv_of(command, certificate, "-f", "text"))
    assert code == 0, err
    assert out.strip() and not out.lstrip().startswith("{")
    code, default, _ = run(capsys, argv_of(command, certificate))
    assert code == 0
    assert default.splitlines()[0] == out.splitlines()[0]


@pytest.mark.parametrize(
    "command, fmt",
    [(c, f) for c in NAMES for f in ("html", *(f for f in ALL if f not in OUTPUT_FORMATS[c]))],
    ids=lambda v: v or "bare",
)
def test_a_format_it_cannot_render_is_one_line_exit_2(capsys, certificate, command, fmt):
    code, out, err = run(capsys, argv_of(command, certificate, "--format", fmt))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "Traceback" not in err
    formats = OUTPUT_FORMATS[command]
    listed = f"{', '.join(formats[:-1])} or {formats[-1]}"
    assert f"{command or 'tanhproof'} writes {listed}, not '{fmt}'" in err


def test_a_format_before_the_subcommand_is_checked_too(capsys):
    code, out, err = run(capsys, ["-f", "latex", *COMMANDS["audit"]])
    assert code == 2 and out == "" and "audit writes text or json, not 'latex'" in err
    code, out, _ = run(capsys, ["--json", *COMMANDS["audit"]])
    assert code == 0 and json.loads(out)["fmt"] == "binary16"


def test_json_and_format_together_are_refused(capsys):
    code, out, err = run(capsys, ["prove", "x", "x", "--json", "-f", "text"])
    assert code == 2 and out == "" and "not allowed with" in err


def test_audit_format_json_works(capsys):
    """Today's failure: ``audit numpy.tanh --format json`` was refused with the '--' hint."""
    code, out, err = run(capsys, [*COMMANDS["audit"], "--format", "json"])
    assert code == 0, err
    data = json.loads(out)
    assert data["target"] == "numpy.tanh" and data["fmt"] == "binary16"
    assert data["points"] == 11  # binary16 has 2**10 values per binade: 1, 1 + 2**-10, ..., 1 + 10*2**-10


def test_float_format_keeps_its_own_name(capsys):
    """``--fmt`` (and its long name ``--float-format``) is the float format, never the output's."""
    code, out, _ = run(
        capsys, ["audit", "numpy.tanh", "--float-format", "binary16", "--range", "1", "1.01", "--json"]
    )
    assert code == 0 and json.loads(out)["fmt"] == "binary16"


@given(st.sampled_from(NAMES), st.text(max_size=12))
def test_format_type_accepts_exactly_the_listed_formats(command, text):
    check = format_of(command)
    formats = OUTPUT_FORMATS[command]
    if text.strip().lower() in formats:
        assert check(text) == text.strip().lower()
    else:
        with pytest.raises(argparse.ArgumentTypeError) as refused:
            check(text)
        assert all(f in str(refused.value) for f in formats)


# -- hints that fit the mistake -------------------------------------------------------------
@pytest.mark.parametrize(
    "argv, hint",
    [
        (["prove", "-tanh(x)", "x"], "put '--' before expressions that start with '-'"),
        (["derive", "-tanh(x)"], "put '--' before expressions that start with '-'"),
        (["forms", "tanh", "--max-ulp", "3"], "--max-ulp is an option of audit, not forms"),
        (["derive", "tanh", "--seed", "3"], "--seed is an option of audit and forms, not derive"),
        (["audit", "numpy.tanh", "--reference", "-tanh"], "goes after '=': --reference=-tanh"),
        (["eval", "tanh(x)"], "variable 'x' has no value; give it with --at x=0.5"),
        (
            ["eval", "tanh(x + y)"],
            "variables 'x' and 'y' have no value; give them with --at x=0.5 --at y=0.5",
        ),
    ],
)
def test_hints_fit_the_mistake(capsys, argv, hint):
    code, out, err = run(capsys, argv)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert hint in err


@pytest.mark.parametrize(
    "argv",
    [
        ["--frobnicate"],
        ["prove", "x", "x", "--frobnicate"],
        ["eval", "tanh(x)", "--at", "x=1", "--digits"],
        ["derive", "tanh", "--order", "0"],
    ],
)
def test_no_dash_hint_where_no_expression_starts_with_dash(capsys, argv):
    code, out, err = run(capsys, argv)
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "put '--'" not in err


def test_the_cli_page_table_matches_the_formats():
    """docs/cli.rst's table of formats says what OUTPUT_FORMATS says (the options below it are generated)."""
    import re
    from pathlib import Path

    page = (Path(__file__).resolve().parents[2] / "docs" / "cli.rst").read_text(encoding="utf-8")
    table = page[page.index("formats it writes") : page.index("A format that a command cannot render")]
    rows = re.findall(r"\* - (.+)\n\s+- (.+)\n", table)
    said = {}
    for commands, formats in rows:
        for command in re.findall(r"``(\w+)``", commands):
            said[None if command == "tanhproof" else command] = tuple(re.findall(r"``(\w+)``", formats))
    assert said == OUTPUT_FORMATS
