"""Directives used only by tanhproof's own documentation.

``.. cli-reference::``
    the ``tanhproof`` command's usage, arguments and options, read from the real
    parser (``tanhproof.cli.build_parser()``) when the docs build, so the page never
    drifts from the code.
``.. recorded-gradient:: _recorded/gradient.json``
    the table recorded by ``docs/measure_gradient.py``, with when, where and how it
    was recorded; the page is rebuilt when the file changes.
"""

from __future__ import annotations

import argparse
import json
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
        names = ", ".join(action.option_strings) or action.metavar or action.dest
        metavar = "" if action.nargs == 0 or not action.option_strings else f" {action.metavar or action.dest.upper()}"
        choices = f" (one of: {', '.join(map(str, action.choices))})" if action.choices else ""
        lines += [f"``{names}{metavar}``", f"   {action.help or ''}{choices}", ""]
    if parser.epilog:
        lines += [parser.epilog, ""]
    return lines


class CliReference(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        from tanhproof import cli

        parser = cli.build_parser()
        lines = _parser_rst(parser, parser.prog)
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    lines += _parser_rst(sub, f"{parser.prog} {name}")
        holder = nodes.section()
        holder.document = self.state.document
        self.state.nested_parse(StringList(lines, source="tanhproof.cli.build_parser()"), 0, holder,
                                match_titles=True)
        self.env.note_dependency(cli.__file__)
        return list(holder.children)


def _num(value: float) -> str:
    return f"{value:.3g}"


class RecordedGradient(SphinxDirective):
    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        rel, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel)
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        v = data["versions"]
        lines = [
            (f"Recorded {data['recorded_at']} by ``{data['command']}`` (tanhproof {v['tanhproof']}, "
             f"numpy {v['numpy']}, Python {v['python']}, {v['platform']}). Inputs: {data['inputs']}. "
             f"Reference: {data['reference']}."),
            "",
            ".. list-table:: Error of the binary32 gradient against correctly rounded sech²(x)",
            "   :header-rows: 1",
            "",
            "   * - \\|x\\| in",
            "     - 1 − y·y: max relative error",
            "     - 1 − y·y: max ULPs",
            "     - 1 − y·y: fraction exactly 0",
            "     - 1/cosh²(x): max ULPs",
        ]
        for b in data["bins"]:
            g, h = b["one_minus_y2"], b["inv_cosh2"]
            lines += [f"   * - [{b['from']:g}, {b['to']:g})", f"     - {_num(g['max_rel_error'])}",
                      f"     - {g['max_ulps']:.0f}", f"     - {g['zero_fraction']:.0%}".replace("%", "\\%"),
                      f"     - {h['max_ulps']:.0f}"]
        lines += ["", (f"The relative error of ``1 - y*y`` first reaches 1/2 at \\|x\\| = "
                       f"{data['first_total_loss']:.6g}; from \\|x\\| = {data['first_zero']:.6g} on it is "
                       "exactly 0 (relative error 1: nothing left).")]
        holder = nodes.container()
        self.state.nested_parse(StringList(lines, source=path), 0, holder)
        return list(holder.children)


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("cli-reference", CliReference)
    app.add_directive("recorded-gradient", RecordedGradient)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
