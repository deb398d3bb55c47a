"""Markdown output: a numbered list with ``$$...$$`` display math (LaTeX inside).

Details and numeric evidence are nested list items; a derivation gets a ``##``
heading, ``###`` sections for its branches and forms, and a summary line.

Examples
========

>>> from types import SimpleNamespace as P
>>> import sympy
>>> x = sympy.Symbol("x")
>>> p = P(lhs=x, rhs=x, verdict="proved", method="syntactic identity",
...       caveats=(), counterexample=None, evidence=(), reason="", seconds=0.0)
>>> print(proofs_markdown([p], "the claim is proved"))
1. **proved** (syntactic identity)
<BLANKLINE>
   $$x = x$$
<BLANKLINE>
Summary: the claim is proved.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tanhproof.render._notation import agreement_text
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

__all__ = ["derivation_markdown", "proofs_markdown"]


def _md_items(lines: Sequence[str], indent: str = "") -> list[str]:
    """Detail lines as a Markdown list (evidence items nested), followed by a blank line."""
    if not lines:
        return []
    items = [
        f"{indent}     - {line[4:]}" if line.startswith("  - ") else f"{indent}   - {line}" for line in lines
    ]
    return [*items, ""]


def proofs_markdown(
    proofs: Sequence[Any], summary: str, *, pairs: Sequence[tuple[int, int]] | None = None
) -> str:
    """Proofs as a numbered Markdown list, each with its verdict and details."""
    fmt, unicode = "markdown", True
    out = []
    for k, proof in enumerate(proofs, 1):
        label = f"[{pairs[k - 1][0]}] vs [{pairs[k - 1][1]}] " if pairs is not None else ""
        out.append(f"{k}. {label}**{proof.verdict}** ({proof.method})")
        out.append("")
        out.append(f"   $${headline(proof, fmt, unicode)}$$")
        out.append("")
        out.extend(_md_items(details(proof, False, fmt="markdown")))
    return "\n".join([*out, f"Summary: {summary}."])


def _markdown_steps(steps: Sequence[Any]) -> list[str]:
    out = []
    for k, step in enumerate(steps, 1):
        out.append(f"{k}. **{step.rule}**: {verdict_phrase(step.proof)}")
        out.append("")
        out.append(
            f"   $${math_of(step.before, 'latex', True)} {relation(step.proof, 'latex', True)} "
            f"{math_of(step.after, 'latex', True)}$$"
        )
        out.append("")
        if step.justification:
            out += [f"   {step.justification}", ""]
        out.extend(_md_items(details(step.proof, False, fmt="markdown")))
        if getattr(step, "substeps", ()):
            out.extend(_markdown_substeps(step, f"{k}.", "   "))
            out.append("")
    return out


def _markdown_substeps(parent: Any, prefix: str, indent: str) -> list[str]:
    out = []
    names = new_variables(parent)
    for k, step in enumerate(parent.substeps, 1):
        where = names.get(id(step))
        note = f", where ${math_of(where, 'latex', True)}$" if where is not None else ""
        out.append(
            f"{indent}- {prefix}{k} **{step.rule}**: ${math_of(step.before, 'latex', True)} "
            f"{relation(step.proof, 'latex', True)} {math_of(step.after, 'latex', True)}${note} "
            f"({'no proof' if step.proof is None else f'{step.proof.verdict}: {step.proof.method}'})"
        )
        out.extend(f"{indent}  - {line.strip()}" for line in details(step.proof, False, fmt="markdown"))
        if getattr(step, "substeps", ()):
            out.extend(_markdown_substeps(step, f"{prefix}{k}.", indent + "  "))
    return out


def derivation_markdown(d: Any) -> str:
    """A derivation as Markdown: a heading, numbered steps, branches, forms, a summary."""
    target, result = math_of(target_of(d), "latex", True), math_of(d.result, "latex", True)
    out = [f"## Derivation of ${target}$", ""]
    out.extend(_markdown_steps(d.steps))
    out += [f"**Result:** $${target} = {result}$$", ""]
    for b, branch in enumerate(getattr(d, "branches", ()) or (), 1):
        out += [f"### Branch {b}", ""]
        out.extend(_markdown_steps(branch))
    if d.forms:
        out += [f"### Equivalent forms, each proved equal to ${result}$", ""]
        for k, form in enumerate(d.forms, 1):
            out += [
                f"{k}. {verdict_phrase(form.proof)}",
                "",
                f"   $${result} {relation(form.proof, 'latex', True)} {math_of(form.expr, 'latex', True)}$$",
                "",
            ]
            lines = details(form.proof, False, fmt="markdown")
            checks = getattr(form, "checks", ()) or ()
            if checks:
                lines.append(
                    "numeric evidence (not a proof): "
                    + "; ".join(
                        f"at {point_text(c.point)}, ${agreement_text(c, 'latex', True)}$ ({c.digits} digits, "
                        f"{'agree' if c.ok else 'disagree'})"
                        for c in checks
                    )
                )
            out.extend(_md_items(lines))
    out.append(f"Summary: {summary_line(d)}.")
    return "\n".join(out)
