"""The ``recorded-activation-audits`` directive: the activations' recorded audits as tables.

``.. recorded-activation-audits:: _recorded/activations.json`` renders what
``python docs/record_audits.py --activations`` wrote: when, where and how it was
recorded, a table per format (a row per target, forward and ``:grad``), the audits that
stopped over the whole range and were run again over [-20, 20], and the plot of the worst
audit. The page is rebuilt when the file changes; nothing is measured at build time.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from tanhproof_docs import _count, _ulp


def _inputs(a: dict[str, Any]) -> str:
    arg = a["inputs_argument"]
    if arg == "exhaustive":
        return "every value"
    if isinstance(arg, int):
        return f"{arg:,} samples"
    if isinstance(arg, list):
        return f"every value in [{arg[0]:g}, {arg[1]:g}]"
    return str(arg)


def _row(a: dict[str, Any], notes: list[str]) -> list[str]:
    mark = ""
    if "whole_range_error" in a:
        notes.append(f"``{a['target']}`` in {a['fmt']}: {a['whole_range_error']}")
        mark = f" [{len(notes)}]"
    if "report" not in a:
        notes.append(f"``{a['target']}`` in {a['fmt']}: not measured: {a['error']}")
        return [
            f"   * - ``{a['target']}``{mark} [{len(notes)}]",
            f"     - {a['function']}{chr(39) if a['gradient'] else ''}",
            f"     - {_inputs(a)}",
            "     - not measured",
            "     - ",
            "     - ",
            "     - ",
        ]
    r = a["report"]
    measured = sum(r["histogram"].values())
    worst = r["worst"]
    at = f" (at {worst['x']:.5g})" if worst else ""
    zero = _count(r["zero_where_nonzero"], measured)
    if r["first_zero_where_nonzero"] is not None:
        zero += f", from {abs(r['first_zero_where_nonzero']):.5g}"
    return [
        f"   * - ``{a['target']}``{mark}",
        f"     - {r['reference']}",
        f"     - {_inputs(a)}",
        f"     - {_ulp(r['max_ulp'])}{at}",
        f"     - {_ulp(r['mean_ulp'])}",
        f"     - {_count(r['not_correctly_rounded'], measured)}",
        f"     - {zero}",
    ]


class RecordedActivationAudits(SphinxDirective):
    """A table per format of the audits in the JSON file, then the notes and the worst plot."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        rel, path = self.env.relfn2path(self.arguments[0])
        self.env.note_dependency(rel)
        data: dict[str, Any] = json.loads(Path(path).read_text(encoding="utf-8"))
        v = data["versions"]
        lines = [
            (
                f"*Recorded, not proved:* run on {data['recorded_at']} by ``{data['command']}`` on "
                f"{v['platform']} (tanhproof {v['tanhproof']}, torch {v['torch']}, numpy {v['numpy']}, "
                f"Python {v['python']}), {data['seconds']:g} s in all, seed {data['seed']}. It is not re-measured "
                "when the documentation is built; another torch build (another CPU, other vector "
                "instructions) may differ."
            ),
            "",
        ]
        notes: list[str] = []
        formats: dict[str, list[dict[str, Any]]] = {}
        for a in data["audits"]:
            formats.setdefault(a["fmt"], []).append(a)
        for fmt, audits in formats.items():
            lines += [
                f".. list-table:: PyTorch in {fmt}, in ULPs of {fmt} against the correctly rounded reference",
                "   :header-rows: 1",
                "   :widths: 34 10 12 16 8 10 14",
                "",
                "   * - target",
                "     - reference",
                "     - inputs",
                "     - max ULP (at x)",
                "     - mean ULP",
                "     - not correctly rounded",
                "     - zero where nonzero (from \\|x\\|)",
            ]
            for a in audits:
                lines += _row(a, notes)
            lines.append("")
        if notes:
            lines += ["Notes:", ""]
            lines += [f"{k}. {n}" for k, n in enumerate(notes, start=1)]
            lines.append("")
        missing = data.get("not_recorded") or []
        if missing:
            lines += [
                f"Not recorded (the recording ran out of its time before them): {', '.join(missing)}.",
                "",
            ]
        described = {}
        for a in data["audits"]:
            if "report" in a:
                described.setdefault((a["fmt"], _inputs(a)), a["report"]["inputs"])
        lines += [f"* {fmt}, {label}: {text}." for (fmt, label), text in described.items()]
        lines.append("")
        plot = data.get("plot")
        if plot:
            lines += [
                f".. figure:: /{plot['file']}",
                f"   :alt: Largest ULP error of {plot['target']} in {plot['fmt']} against x",
                "   :width: 100%",
                "",
                f"   The worst of these audits (largest finite max ULP, then the most zeros where "
                f"nonzero), ``{plot['target']}`` in {plot['fmt']}: the "
                "largest error in ULPs against x (symmetric log scale), drawn by "
                f"``{plot['command']}`` over the same inputs.",
                "",
            ]
        holder = nodes.container()
        self.state.nested_parse(StringList(lines, source=path), 0, holder)
        return list(holder.children)


def setup(app: Any) -> dict[str, Any]:
    app.add_directive("recorded-activation-audits", RecordedActivationAudits)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
