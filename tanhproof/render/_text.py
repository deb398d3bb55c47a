"""Text output: numbered, readable at a terminal.

Mathematics is written the way a person writes it on one line
(:mod:`tanhproof.render._plaintext`: ``1 − tanh²(x)``), or as :func:`sympy.sstr`
with ``unicode=False`` (ASCII only). Long decimal strings of numeric evidence are
cut (the full digits are in the JSON output).

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

from collections.abc import Sequence
from typing import Any

from tanhproof.render._pieces import (
    details,
    headline,
    math_of,
    point_text,
    relation,
    target_of,
    verdict_phrase,
)
from tanhproof.render._tally import summary_line

__all__ = ["derivation_text", "proofs_text"]


def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _short(number: str, unicode: bool = True, keep: int = 22) -> str:
    """A long decimal string cut to about ``keep`` characters, marked with an ellipsis
    (the full digits are in the JSON output)."""
    mantissa, e, exponent = number.partition("e")
    if len(mantissa) <= keep:
        return number
    return f"{mantissa[:keep]}{'…' if unicode else '...'}{e}{exponent}"


def proofs_text(
    proofs: Sequence[Any],
    summary: str,
    *,
    pairs: Sequence[tuple[int, int]] | None = None,
    unicode: bool = True,
) -> str:
    """Proofs as numbered text, each with its verdict, method, time and details."""
    fmt = "text"
    out = []
    for k, proof in enumerate(proofs, 1):
        label = f"[{pairs[k - 1][0]}] vs [{pairs[k - 1][1]}]: " if pairs is not None else ""
        out.append(f"{k}. {label}{headline(proof, fmt, unicode)}")
        out.append(f"   verdict: {proof.verdict}")
        out.append(f"   method:  {proof.method} ({_seconds(proof.seconds)})")
        out.extend("   " + line for line in details(proof, unicode, caveats_none=True))
    return "\n".join([*out, "", f"Summary: {summary}"])


def _text_steps(steps: Sequence[Any], unicode: bool, prefix: str = "") -> list[str]:
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
        out.extend(f"{pad}  {line}" for line in details(step.proof, unicode))
        previous = step.after
        if getattr(step, "substeps", ()):
            out.extend(_text_substeps(step.substeps, unicode, f"{number}.", pad + "  "))
            previous = None  # after the substeps, show the next step's left side again
    return out


def _text_substeps(steps: Sequence[Any], unicode: bool, prefix: str, pad: str) -> list[str]:
    out = []
    for k, step in enumerate(steps, 1):
        number = f"{prefix}{k}"
        verdict = "no proof" if step.proof is None else f"{step.proof.verdict}: {step.proof.method}"
        out.append(
            f"{pad}{number}  {step.rule}: {math_of(step.before, 'text', unicode)} "
            f"{relation(step.proof, 'text', unicode)} {math_of(step.after, 'text', unicode)} "
            f"({verdict})"
        )
        out.extend(f"{pad}  {line}" for line in details(step.proof, unicode))
        out.extend(_text_substeps(getattr(step, "substeps", ()) or (), unicode, f"{number}.", pad + "  "))
    return out


def _text_checks(checks: Sequence[Any], unicode: bool, pad: str) -> list[str]:
    if not checks:
        return []
    digits = "/".join(sorted({str(c.digits) for c in checks}))
    le, minus = ("≤", "−") if unicode else ("<=", "-")
    out = [f"{pad}numeric evidence ({digits} digits, not a proof):"]
    for c in checks:
        out.append(
            f"{pad}  at {point_text(c.point)}: lhs = {_short(c.lhs, unicode)}, rhs = {_short(c.rhs, unicode)}, "
            f"|lhs {minus} rhs| {le} {c.bound}: {'agree' if c.ok else 'DISAGREE'}"
        )
    return out


def derivation_text(d: Any, unicode: bool) -> str:
    """A derivation as text: numbered steps, the result, branches, forms, a summary."""
    target = math_of(target_of(d), "text", unicode)
    out = [f"Derivation of {target}", ""]
    out.extend(_text_steps(d.steps, unicode))
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
        out.extend(_text_steps(branch, unicode, f"B{b}."))
    if d.forms:
        out += [
            "",
            f"Equivalent forms of {target}, each proved equal to {math_of(d.result, 'text', unicode)}:",
        ]
        for k, form in enumerate(d.forms, 1):
            out.append(f"  {k}. {math_of(form.expr, 'text', unicode)}: {verdict_phrase(form.proof)}")
            out.extend(f"     {line}" for line in details(form.proof, unicode))
            out.extend(_text_checks(getattr(form, "checks", ()) or (), unicode, "     "))
    out += ["", f"Summary: {summary_line(d)}."]
    return "\n".join(out)
