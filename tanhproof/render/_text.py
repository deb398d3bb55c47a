"""Text output: numbered, readable at a terminal.

Mathematics is written the way a person writes it on one line
(:mod:`tanhproof.render._plaintext`: ``1 − tanh²(x)``), or as :func:`sympy.sstr`
with ``unicode=False`` (ASCII only); caveats too
(:mod:`tanhproof.render._notation`). Numbers of numeric evidence are shown to about 20
significant digits, in scientific notation when large or small, and agreement
relative to the value (the full digits are in the JSON output). Caveat and reason
lines wrap at the terminal's width (100 columns when the output is not a terminal)
with a hanging indent; a chain rule's outer substep says what its new variable
stands for (``where u = −x``).

Examples
========

>>> from types import SimpleNamespace as P
>>> import sympy
>>> x = sympy.Symbol("x")
>>> p = P(lhs=sympy.tanh(x), rhs=sympy.tanh(x), verdict="proved", method="syntactic identity",
...       caveats=(), counterexample=None, evidence=(), reason="", seconds=0.0005)
>>> print(proofs_text([p], "the claim is proved"))
1. tanh(x) = tanh(x)
   verdict: proved
   method:  syntactic identity (0.5 ms)
   caveats: none
<BLANKLINE>
Summary: the claim is proved
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence
from typing import Any

from tanhproof.render._notation import agreement_text, number_text
from tanhproof.render._pieces import (
    details,
    headline,
    math_of,
    new_variables,
    point_text,
    relation,
    target_of,
    verdict_phrase,
)
from tanhproof.render._tally import summary_line

__all__ = ["derivation_text", "proofs_text"]


def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _width(width: int | None) -> int:
    """The width to wrap at: ``width``, else the terminal's (100 when not a terminal)."""
    return width if width is not None else shutil.get_terminal_size((100, 24)).columns


def _wrapped(pad: str, line: str, width: int) -> list[str]:
    """A labelled detail line (``caveats: a; b``, ``reason: ...``) at most ``width``
    characters wide where it can be: broken between its ``"; "`` items first, inside an
    item (at spaces) only when the item alone is too long, continued with a hanging
    indent under the text after the label. Other lines are left as they are."""
    label, colon, rest = line.partition(": ")
    if len(pad) + len(line) <= width or not colon or not label.isalpha():
        return [pad + line]
    first = f"{pad}{label}{colon}"
    room = max(width - len(first), 20)
    items = rest.split("; ")
    items = [item + ";" for item in items[:-1]] + items[-1:]
    rows: list[str] = []
    current = ""
    for item in items:
        candidate = f"{current} {item}" if current else item
        if len(candidate) <= room:
            current = candidate
            continue
        if current:
            rows.append(current)
        if len(item) <= room:
            current = item
            continue
        pieces = textwrap.wrap(item, width=room, break_long_words=False, break_on_hyphens=False)
        rows.extend(pieces[:-1])
        current = pieces[-1]
    if current:
        rows.append(current)
    hang = " " * len(first)
    return [(first if k == 0 else hang) + row for k, row in enumerate(rows)]


def _details(proof: Any, unicode: bool, pad: str, width: int, **kw: Any) -> list[str]:
    """A proof's detail lines, each after ``pad``, labelled ones wrapped at ``width``."""
    return [row for line in details(proof, unicode, **kw) for row in _wrapped(pad, line, width)]


def proofs_text(
    proofs: Sequence[Any],
    summary: str,
    *,
    pairs: Sequence[tuple[int, int]] | None = None,
    unicode: bool = True,
    width: int | None = None,
) -> str:
    """Proofs as numbered text, each with its verdict, method, time and details
    (labelled details wrapped at ``width``, by default the terminal's)."""
    fmt, columns = "text", _width(width)
    out = []
    for k, proof in enumerate(proofs, 1):
        label = f"[{pairs[k - 1][0]}] vs [{pairs[k - 1][1]}]: " if pairs is not None else ""
        out.append(f"{k}. {label}{headline(proof, fmt, unicode)}")
        out.append(f"   verdict: {proof.verdict}")
        out.append(f"   method:  {proof.method} ({_seconds(proof.seconds)})")
        out.extend(_details(proof, unicode, "   ", columns, caveats_none=True))
    return "\n".join([*out, "", f"Summary: {summary}"])


def _text_steps(steps: Sequence[Any], unicode: bool, width: int, prefix: str = "") -> list[str]:
    """Steps as a chained display; substeps as indented one-line entries."""
    out, previous = [], None
    for k, step in enumerate(steps, 1):
        number = f"{prefix}{k}"
        out.append(f"Step {number}  {step.rule}: {verdict_phrase(step.proof)}")
        pad = " " * (len(number) + 4)
        if previous is None or step.before != previous:
            out.append(f"{pad}  {math_of(step.before, 'text', unicode)}")
        out.append(f"{pad}{relation(step.proof, 'text', unicode)} {math_of(step.after, 'text', unicode)}")
        if step.justification:
            out.append(f"{pad}  {step.justification}")
        out.extend(_details(step.proof, unicode, pad + "  ", width))
        previous = step.after
        if getattr(step, "substeps", ()):
            out.extend(_text_substeps(step, unicode, width, f"{number}.", pad + "  "))
            previous = None  # after the substeps, show the next step's left side again
    return out


def _text_substeps(parent: Any, unicode: bool, width: int, prefix: str, pad: str) -> list[str]:
    out = []
    names = new_variables(parent)
    for k, step in enumerate(parent.substeps, 1):
        number = f"{prefix}{k}"
        verdict = "no proof" if step.proof is None else f"{step.proof.verdict}: {step.proof.method}"
        where = names.get(id(step))
        note = f", where {math_of(where, 'text', unicode)}" if where is not None else ""
        out.append(
            f"{pad}{number}  {step.rule}: {math_of(step.before, 'text', unicode)} "
            f"{relation(step.proof, 'text', unicode)} {math_of(step.after, 'text', unicode)}{note} "
            f"({verdict})"
        )
        out.extend(_details(step.proof, unicode, pad + "  ", width))
        if getattr(step, "substeps", ()):
            out.extend(_text_substeps(step, unicode, width, f"{number}.", pad + "  "))
    return out


def _text_checks(checks: Sequence[Any], unicode: bool, pad: str) -> list[str]:
    if not checks:
        return []
    digits = "/".join(sorted({str(c.digits) for c in checks}))
    out = [f"{pad}numeric evidence ({digits} digits, not a proof):"]
    for c in checks:
        out.append(
            f"{pad}  at {point_text(c.point)}: lhs = {number_text(c.lhs, unicode)}, "
            f"rhs = {number_text(c.rhs, unicode)}, {agreement_text(c, 'text', unicode)}: "
            f"{'agree' if c.ok else 'DISAGREE'}"
        )
    return out


def derivation_text(d: Any, unicode: bool, width: int | None = None) -> str:
    """A derivation as text: numbered steps, the result, branches, forms, a summary
    (labelled details wrapped at ``width``, by default the terminal's)."""
    columns = _width(width)
    target = math_of(target_of(d), "text", unicode)
    out = [f"Derivation of {target}", ""]
    out.extend(_text_steps(d.steps, unicode, columns))
    out += ["", f"Result: {target} = {math_of(d.result, 'text', unicode)}"]
    for b, branch in enumerate(getattr(d, "branches", ()) or (), 1):
        if not branch:
            continue
        arrow = "→" if unicode else "->"
        out += [
            "",
            f"Branch {b}: {math_of(branch[0].before, 'text', unicode)} {arrow} "
            f"{math_of(branch[-1].after, 'text', unicode)}",
        ]
        out.extend(_text_steps(branch, unicode, columns, f"B{b}."))
    if d.forms:
        out += [
            "",
            f"Equivalent forms of {target}, each proved equal to {math_of(d.result, 'text', unicode)}:",
        ]
        for k, form in enumerate(d.forms, 1):
            out.append(f"  {k}. {math_of(form.expr, 'text', unicode)}: {verdict_phrase(form.proof)}")
            out.extend(_details(form.proof, unicode, "     ", columns))
            out.extend(_text_checks(getattr(form, "checks", ()) or (), unicode, "     "))
    out += ["", f"Summary: {summary_line(d)}."]
    return "\n".join(out)
