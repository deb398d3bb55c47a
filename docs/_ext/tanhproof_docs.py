"""Directives used only by tanhproof's own documentation.

``.. cli-reference::``
    the ``tanhproof`` command's usage, arguments and options, read from the real
    parser (``tanhproof.cli.build_parser()``) when the docs build, so the page never
    drifts from the code.
``.. recorded-audits:: _recorded/audits.json``
    the audits recorded by ``docs/record_audits.py`` (each report's ``to_dict()``) as
    a table, with when, where and how they were recorded; the page is rebuilt when
    the file changes.
"""

from __future__ import annotations

import argparse
import inspect
import json
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective


def _parser_rst(parser: argparse.ArgumentParser, title: str) -> list[str]:
    lines = [title, "~" * len(title), "", ".. code-block:: text", ""]
    lines += ["   " + line for line in parser.format_usage().strip().splitlines()]
    lines += ["", parser.description or "", ""]
    for action in parser._actions:  # argparse has no public iterator over its arguments
        if isinstance(action, argparse._SubParsersAction) or action.help == argparse.SUPPRESS:
            continue
        shown = " ".join(action.metavar) if isinstance(action.metavar, tuple) else action.metavar
        names = ", ".join(action.option_strings) or shown or action.dest
        metavar = "" if action.nargs == 0 or not action.option_strings else f" {shown or action.dest.upper()}"
        choices = f" (one of: {', '.join(map(str, action.choices))})" if action.choices else ""
        lines += [f"``{names}{metavar}``", f"   {action.help or ''}{choices}", ""]
    if parser.epilog:
        lines += [parser.epilog, ""]
    return lines


class CliReference(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from tanhproof.cli import build_parser

        parser = build_parser()
        lines = _parser_rst(parser, parser.prog)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    lines += _parser_rst(sub, f"{parser.prog} {name}")
        holder = nodes.section()
        holder.document = self.state.document
        self.state.nested_parse(
            StringList(lines, source="tanhproof.cli.build_parser()"), 0, holder, match_titles=True
        )
        self.env.note_dependency(inspect.getfile(build_parser))  # the module that builds the parser
        return list(holder.children)


def _ulp(value: float | str) -> str:
    """An error in ULPs for the table: three digits below 100, whole ULPs with
    thousands separators above (``"inf"`` stays ``inf``)."""
    if isinstance(value, str):
        return value
    return f"{value:.3g}" if value < 100 else f"{value:,.0f}"


def _count(n: int, measured: int) -> str:
    """A count and its share of the measured inputs."""
    if not n or not measured:
        return f"{n:,}"
    share = 100 * n / measured
    return f"{n:,} ({share:.3g}\\%)" if share >= 0.01 else f"{n:,} (<0.01\\%)"


def _audit_table(caption: str, audits: list[dict[str, Any]]) -> list[str]:
    lines = [
        "",
        f".. list-table:: {caption}",
        "   :header-rows: 1",
        "   :widths: 34 20 10 16 20",
        "",
        "   * - target (reference)",
        "     - max ULP (at x)",
        "     - mean ULP",
        "     - not correctly rounded",
        "     - zero where nonzero (from \\|x\\|)",
    ]
    for a in audits:
        r = a["report"]
        measured = sum(r["histogram"].values())  # the normal inputs behind the headline numbers
        worst = r["worst"]
        at = f" (at {worst['x']:.7g})" if worst else ""
        zero = _count(r["zero_where_nonzero"], measured)
        if r["first_zero_where_nonzero"] is not None:
            zero += f", from {abs(r['first_zero_where_nonzero']):.7g}"
        lines += [
            f"   * - ``{r['target']}`` ({r['reference']})",
            f"     - {_ulp(r['max_ulp'])}{at}",
            f"     - {_ulp(r['mean_ulp'])}",
            f"     - {_count(r['not_correctly_rounded'], measured)}",
            f"     - {zero}",
        ]
    return lines


def _inputs_label(argument: Any) -> str:
    if isinstance(argument, list):
        return f"every value in [{argument[0]:g}, {argument[1]:g}]"
    if isinstance(argument, int):
        return f"{argument:,} samples"
    return str(argument)


class RecordedAudits(SphinxDirective):
    """The audits recorded by ``docs/record_audits.py``: a table per input set, a row per target."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        rel, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel)
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        v = data["versions"]
        torch = f", torch {v['torch']}" if v.get("torch") else ", torch not installed"
        audits = data["audits"]
        lines = [
            (
                f"*Recorded, not proved:* run on {data['recorded_at']} by ``{data['command']}`` on "
                f"{v['platform']} (tanhproof {v['tanhproof']}, numpy {v['numpy']}{torch}, Python {v['python']}), "
                f"{data['seconds']:g} s in all. It is a recorded run, not re-measured when the documentation is "
                "built; another libm or another torch build may differ in the last bit of tanh, which is all "
                "that 1 − y·y has left for large \\|x\\|."
            ),
            "",
        ]
        groups: dict[str, list[dict[str, Any]]] = {}
        for a in audits:
            groups.setdefault(_inputs_label(a["inputs_argument"]), []).append(a)
        for label, rows in groups.items():
            lines += _audit_table(
                f"Audits in {data['fmt']} over {label}, in ULPs against the correctly rounded value", rows
            )
        described: dict[str, str] = {}
        for a in audits:
            described.setdefault(_inputs_label(a["inputs_argument"]), a["report"]["inputs"])
        slow = sum(a["report"]["slow_path"] for a in audits)
        form = data.get("recommended_form")
        lines += [""]
        lines += [
            f"* {label}: {text}" + (f", seed {data['seed']}." if "samples" in label else ".")
            for label, text in described.items()
        ]
        first = audits[0]["report"]
        lines += [
            (
                f"* Method, as each report states it (here for {first['reference']}): {first['method']}; "
                f"{slow:,} inputs took the slow path in all."
            ),
            (
                "* The statistics and the percentages are over the normal inputs; subnormal, zero, "
                "infinite and NaN inputs are reported apart in the record. The \\|x\\| from which a row "
                "has zeros is the smallest \\|x\\| with a zero among that table's inputs."
            ),
        ]
        if form:
            ranking = "; ".join(f"{r['rank']}. {r['label']} ({_ulp(r['max_ulp'])})" for r in form["ranking"])
            lines += [
                (
                    f"* The recommended form ``{form['text']}`` is the first of "
                    f'``tanhproof.audits.rank_forms("{form["function"]}", "{form["fmt"]}", '
                    f"{form['inputs_argument']})`` over "
                    f"{form['inputs']}, by max ULP: {ranking}."
                )
            ]
        holder = nodes.container()
        self.state.nested_parse(StringList(lines, source=path), 0, holder)
        return list(holder.children)


# |x| written as plain text in a docstring (an absolute value, as help() shows it): a
# short run between two bars, not touching a word, a backquote or another bar.
_ABS = re.compile(r"(?<![\\\w`|])\|([^|`\s](?:[^|`\n]{0,30}[^|`\s])?)\|(?![\w`|])")


def escape_absolute_values(lines: list[str]) -> None:
    """Escape ``|x|`` in prose so that reST does not read it as a substitution.

    Doctest lines, literal blocks (the indented lines after a paragraph ending in
    ``::``), grid-table lines and line blocks are left alone.
    """
    literal_indent: int | None = None
    expect_literal, base_indent = False, 0
    for i, line in enumerate(lines):
        stripped = line.strip()
        indent = len(line) - len(line.lstrip())
        if literal_indent is not None:
            if not stripped or indent > literal_indent:
                continue
            literal_indent = None
        if expect_literal and stripped:
            expect_literal = False
            if indent > base_indent:
                literal_indent = base_indent
                continue
        if stripped.endswith("::"):
            expect_literal, base_indent = True, indent
        table = (stripped[:1] in "+|" and stripped[-1:] == stripped[:1]) or stripped.startswith("| ")
        if not stripped or table or stripped.startswith((">>>", "...")):
            continue
        lines[i] = _ABS.sub(r"\\|\1\\|", line)


def _process_docstring(app: Any, what: str, name: str, obj: Any, options: Any, lines: list[str]) -> None:
    escape_absolute_values(lines)


def setup(app: Any) -> dict[str, Any]:
    app.connect("autodoc-process-docstring", _process_docstring)
    app.add_directive("cli-reference", CliReference)
    app.add_directive("recorded-audits", RecordedAudits)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
