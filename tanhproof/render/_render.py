"""Render proofs and derivations as text, LaTeX, Markdown or JSON.

This module holds no mathematics: it formats what :func:`tanhproof.prove` and
:func:`tanhproof.derive` return. It relies only on the records' documented
attributes (``Proof``: ``lhs``, ``rhs``, ``verdict``, ``method``, ``caveats``,
``counterexample``, ``evidence``, ``reason``, ``seconds``, ``to_dict()``;
``Derivation``: ``steps``, ``result``, ``forms``, ``branches``, ``to_dict()``;
``Step``: ``rule``, ``before``, ``after``, ``justification``, ``proof``,
``substeps``; ``Form``: ``label``, ``expr``, ``proof``, ``checks``; a numeric
check: ``point``, ``lhs``, ``rhs``, ``bound``, ``digits``, ``ok``).

=============  ==================================================================
format         what it gives
=============  ==================================================================
``text``       numbered, readable at a terminal (see :mod:`tanhproof.render._plaintext`)
``latex``      an ``align*`` environment (amsmath) built with :func:`sympy.latex`
``markdown``   a numbered list with ``$$...$$`` display math
``json``       one JSON document of the records' ``to_dict()`` plus a summary
=============  ==================================================================

Numeric checks are always labelled as *numeric evidence*: they are never what a
verdict rests on.

Examples
========

>>> from tanhproof import prove
>>> from tanhproof.render._render import render_proofs
>>> print(render_proofs([prove("1 - tanh(x)**2", "sech(x)**2")], "text", unicode=False))
... # doctest: +ELLIPSIS
1. 1 - tanh(x)**2 = sech(x)**2
   verdict: proved
   method:  exp-rational decision procedure (... ms)
   caveats: none
<BLANKLINE>
Summary: the claim is proved
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

import sympy

from tanhproof import __version__
from tanhproof.render._plaintext import plain
from tanhproof.render._tally import (
    count_verdicts,
    derivation_summary,
    iter_steps,
    overall_verdict,
    summary_line,
)
from tanhproof.render._tally import verdict_word as _word

__all__ = ["FORMATS", "render_derivation", "render_proofs"]

FORMATS = ("text", "latex", "markdown", "json")


# -- small formatting helpers -------------------------------------------------------
def _seconds(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _short(number: str, unicode: bool = True, keep: int = 22) -> str:
    """A long decimal string cut to about ``keep`` characters, marked with an ellipsis
    (the full digits are in the JSON output)."""
    mantissa, e, exponent = number.partition("e")
    if len(mantissa) <= keep:
        return number
    return f"{mantissa[:keep]}{'…' if unicode else '...'}{e}{exponent}"


def _point(point: dict[str, Any]) -> str:
    return ", ".join(f"{k} = {v}" for k, v in point.items())


def _latex_text(text: str) -> str:
    """Escape ``text`` for LaTeX's text mode."""
    special = {
        "\\": r"\textbackslash{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "{": r"\{",
        "}": r"\}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
    return "".join(special.get(ch, ch) for ch in text)


def _latex_number(text: str) -> str:
    """``1e-55`` as ``10^{-55}``, ``2.5e-60`` as ``2.5 \\cdot 10^{-60}``; others unchanged."""
    match = re.fullmatch(r"([-+]?[0-9.]+)[eE]([-+]?[0-9]+)", text.strip())
    if not match:
        return f"\\text{{{_latex_text(text)}}}"
    mantissa, exponent = match.group(1), int(match.group(2))
    power = f"10^{{{exponent}}}"
    return power if mantissa in ("1", "1.0") else f"{mantissa} \\cdot {power}"


def _math(expr: Any, fmt: str, unicode: bool) -> str:
    if fmt == "text":
        return plain(expr, unicode=unicode) if isinstance(expr, sympy.Basic) else str(expr)
    return sympy.latex(expr) if isinstance(expr, sympy.Basic) else _latex_text(str(expr))


def _relation(proof: Any, fmt: str, unicode: bool) -> str:
    word = _word(proof)
    if fmt == "text":
        return {"refuted": "≠" if unicode else "!=", "undecided": "=?"}.get(word, "=")
    return {"refuted": r"\neq", "undecided": r"\overset{?}{=}"}.get(word, "=")


def _verdict_phrase(proof: Any) -> str:
    if proof is None:
        return "undecided (no proof attached)"
    return f"{proof.verdict} ({proof.method})" if proof.method else str(proof.verdict)


def _details(proof: Any, unicode: bool, *, caveats_none: bool = False) -> list[str]:
    """Lines (plain text) for a proof's caveats, counterexample, reason and evidence."""
    if proof is None:
        return []
    lines = []
    if proof.caveats:
        lines.append("caveats: " + "; ".join(proof.caveats))
    elif caveats_none:
        lines.append("caveats: none")
    cx = proof.counterexample
    if cx is not None:
        minus = "−" if unicode else "-"
        inside = "∈" if unicode else "in"
        lines.append(
            f"counterexample: at {_point(cx.point)}, lhs {minus} rhs {inside} {cx.enclosure} "
            f"(certified at {cx.bits} bits)"
        )
    if proof.reason and str(proof.verdict) != "proved":
        lines.append(f"reason: {proof.reason}")
    if proof.evidence:
        lines.append("numeric evidence (not a proof):")
        lines.extend(f"  - {item}" for item in proof.evidence)
    return lines


def _md_items(lines: Sequence[str], indent: str = "") -> list[str]:
    """Detail lines as a Markdown list (evidence items nested), followed by a blank line."""
    if not lines:
        return []
    items = [
        f"{indent}     - {line[4:]}" if line.startswith("  - ") else f"{indent}   - {line}" for line in lines
    ]
    return items + [""]


def _close_align(lines: list[str]) -> str:
    """Join the lines and close the ``align*``, without a line break after the last row."""
    if lines and lines[-1].endswith(" \\\\"):
        lines[-1] = lines[-1][: -len(" \\\\")]
    return "\n".join(lines + [r"\end{align*}"])


def _dumps(document: dict[str, Any]) -> str:
    try:
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    except TypeError:  # keys of mixed types cannot be sorted; keep the records' own order
        return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


# -- proofs -------------------------------------------------------------------------
def render_proofs(
    proofs: Sequence[Any],
    fmt: str = "text",
    *,
    pairs: Sequence[tuple[int, int]] | None = None,
    unicode: bool = True,
) -> str:
    """Render a list of ``Proof`` records.

    ``pairs`` optionally numbers the sides each proof compares (1-based), as the
    command line does for ``prove A B C``; ``unicode=False`` keeps text output ASCII.

    >>> from types import SimpleNamespace as P
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> p = P(lhs=x, rhs=-x, verdict="undecided", method="none", caveats=(), counterexample=None,
    ...       evidence=("agree at 3 points",), reason="outside the class", seconds=0.0)
    >>> print(render_proofs([p], "markdown"))  # doctest: +NORMALIZE_WHITESPACE
    1. **undecided** (none)
    <BLANKLINE>
       $$x \\overset{?}{=} - x$$
    <BLANKLINE>
       - reason: outside the class
       - numeric evidence (not a proof):
         - agree at 3 points
    <BLANKLINE>
    Summary: 0 of 1 claims proved, 0 refuted, 1 undecided.
    """
    _check_format(fmt)
    proofs = list(proofs)
    counts = count_verdicts(proofs)
    if fmt == "json":
        claims = []
        for k, proof in enumerate(proofs):
            claim: dict[str, Any] = {"proof": proof.to_dict()}
            if pairs is not None:
                claim["sides"] = list(pairs[k])
            claims.append(claim)
        return _dumps(
            {
                "tanhproof": __version__,
                "kind": "proofs",
                "claims": claims,
                "summary": {"verdict": overall_verdict(proofs), **counts},
            }
        )
    if counts["proved"] == len(proofs):
        summary = "the claim is proved" if len(proofs) == 1 else f"all {len(proofs)} claims proved"
    else:
        summary = (
            f"{counts['proved']} of {len(proofs)} claims proved, "
            f"{counts['refuted']} refuted, {counts['undecided']} undecided"
        )
    if fmt == "text":
        out = []
        for k, proof in enumerate(proofs, 1):
            label = f"[{pairs[k - 1][0]}] vs [{pairs[k - 1][1]}]: " if pairs is not None else ""
            out.append(
                f"{k}. {label}{_math(proof.lhs, fmt, unicode)} {_relation(proof, fmt, unicode)} "
                f"{_math(proof.rhs, fmt, unicode)}"
            )
            out.append(f"   verdict: {proof.verdict}")
            out.append(f"   method:  {proof.method} ({_seconds(proof.seconds)})")
            out.extend("   " + line for line in _details(proof, unicode, caveats_none=True))
        return "\n".join(out + ["", f"Summary: {summary}"])
    if fmt == "latex":
        lines = [f"% tanhproof {__version__}: {summary}", r"\begin{align*}"]
        for proof in proofs:
            note = _latex_text(_verdict_phrase(proof))
            lines.append(
                f"  {_math(proof.lhs, fmt, unicode)} &{_relation(proof, fmt, unicode)} "
                f"{_math(proof.rhs, fmt, unicode)} && \\text{{{note}}} \\\\"
            )
            lines.extend(f"  \\intertext{{{_latex_text(line)}}}" for line in _details(proof, False))
        return _close_align(lines)
    out = []
    for k, proof in enumerate(proofs, 1):
        label = f"[{pairs[k - 1][0]}] vs [{pairs[k - 1][1]}] " if pairs is not None else ""
        out.append(f"{k}. {label}**{proof.verdict}** ({proof.method})")
        out.append("")
        out.append(
            f"   $${_math(proof.lhs, fmt, unicode)} {_relation(proof, fmt, unicode)} "
            f"{_math(proof.rhs, fmt, unicode)}$$"
        )
        out.append("")
        out.extend(_md_items(_details(proof, False)))
    return "\n".join(out + [f"Summary: {summary}."])


# -- derivations ----------------------------------------------------------------------
def _target(d: Any) -> Any:
    """What the derivation differentiates, for headings: the first step's left side."""
    if d.steps:
        return d.steps[0].before
    function = d.function
    if isinstance(function, sympy.Basic):
        variable = d.variable if isinstance(d.variable, sympy.Basic) else sympy.Symbol(str(d.variable))
        return sympy.Derivative(function, (variable, int(d.order)))
    n = int(d.order)
    return f"d/d{d.variable} {function}" if n == 1 else f"d^{n}/d{d.variable}^{n} {function}"


def _text_steps(steps: Sequence[Any], unicode: bool, prefix: str = "") -> list[str]:
    """Steps as a chained display; substeps as indented one-line entries."""
    out, previous = [], None
    for k, step in enumerate(steps, 1):
        number = f"{prefix}{k}"
        out.append(f"Step {number}  {step.rule}: {_verdict_phrase(step.proof)}")
        pad = " " * (len(number) + 4)
        if previous is None or step.before != previous:
            out.append(f"{pad}  {_math(step.before, 'text', unicode)}")
        out.append(f"{pad}{_relation(step.proof, 'text', unicode)} {_math(step.after, 'text', unicode)}")
        if step.justification:
            out.append(f"{pad}  {step.justification}")
        out.extend(f"{pad}  {line}" for line in _details(step.proof, unicode))
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
            f"{pad}{number}  {step.rule}: {_math(step.before, 'text', unicode)} "
            f"{_relation(step.proof, 'text', unicode)} {_math(step.after, 'text', unicode)} "
            f"({verdict})"
        )
        out.extend(f"{pad}  {line}" for line in _details(step.proof, unicode))
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
            f"{pad}  at {_point(c.point)}: lhs = {_short(c.lhs, unicode)}, rhs = {_short(c.rhs, unicode)}, "
            f"|lhs {minus} rhs| {le} {c.bound}: {'agree' if c.ok else 'DISAGREE'}"
        )
    return out


def _derivation_text(d: Any, unicode: bool) -> str:
    target = _math(_target(d), "text", unicode)
    out = [f"Derivation of {target}", ""]
    out.extend(_text_steps(d.steps, unicode))
    out += ["", f"Result: {target} = {_math(d.result, 'text', unicode)}"]
    for b, branch in enumerate(getattr(d, "branches", ()) or (), 1):
        if not branch:
            continue
        arrow = "→" if unicode else "->"
        out += [
            "",
            f"Branch {b}: {_math(branch[0].before, 'text', unicode)} {arrow} "
            f"{_math(branch[-1].after, 'text', unicode)}",
        ]
        out.extend(_text_steps(branch, unicode, f"B{b}."))
    if d.forms:
        out += ["", f"Equivalent forms of {target}, each proved equal to {_math(d.result, 'text', unicode)}:"]
        for k, form in enumerate(d.forms, 1):
            out.append(f"  {k}. {_math(form.expr, 'text', unicode)}: {_verdict_phrase(form.proof)}")
            out.extend(f"     {line}" for line in _details(form.proof, unicode))
            out.extend(_text_checks(getattr(form, "checks", ()) or (), unicode, "     "))
    out += ["", f"Summary: {summary_line(d)}."]
    return "\n".join(out)


def _latex_steps(steps: Sequence[Any], prefix: str = "") -> list[str]:
    """Rows of a chained ``align*``. Substeps are summarised (in full in the JSON
    output), except that any substep not proved is named in an ``\\intertext``."""
    lines, previous = [], None
    for k, step in enumerate(steps, 1):
        left = "" if previous is not None and step.before == previous else _math(step.before, "latex", True)
        note = _latex_text(f"({prefix}{k}) {step.rule}: {_word(step.proof)}")
        lines.append(
            f"  {left} &{_relation(step.proof, 'latex', True)} {_math(step.after, 'latex', True)} "
            f"&& \\text{{{note}}} \\\\"
        )
        for line in _details(step.proof, False):
            lines.append(f"  \\intertext{{{_latex_text(line)}}}")
        previous = step.after
        subs = list(iter_steps(getattr(step, "substeps", ()) or ()))
        if subs:
            counts = count_verdicts(getattr(sub, "proof", None) for sub in subs)
            lines.append(f"  % step {prefix}{k}: {len(subs)} substeps, {counts['proved']} proved")
            for number, sub in _numbered(step.substeps, f"{prefix}{k}."):
                if _word(sub.proof) != "proved":
                    lines.append(
                        f"  \\intertext{{\\small Substep {number} ({_latex_text(sub.rule)}): "
                        f"{_word(sub.proof)}}}"
                    )
    return lines


def _numbered(steps: Sequence[Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for k, step in enumerate(steps, 1):
        yield f"{prefix}{k}", step
        yield from _numbered(getattr(step, "substeps", ()) or (), f"{prefix}{k}.")


def _derivation_latex(d: Any) -> str:
    result = _math(d.result, "latex", True)
    lines = [f"% tanhproof {__version__}: {summary_line(d)}", r"\begin{align*}"]
    lines.extend(_latex_steps(d.steps))
    for b, branch in enumerate(getattr(d, "branches", ()) or (), 1):
        lines.append(f"  \\intertext{{Branch {b}:}}")
        lines.extend(_latex_steps(branch, f"B{b}."))
    if d.forms:
        lines.append(f"  \\intertext{{Equivalent forms, each proved equal to ${result}$:}}")
        for form in d.forms:
            note = _latex_text(_word(form.proof))
            lines.append(
                f"  {result} &{_relation(form.proof, 'latex', True)} "
                f"{_math(form.expr, 'latex', True)} && \\text{{{note}}} \\\\"
            )
            for line in _details(form.proof, False):
                lines.append(f"  \\intertext{{{_latex_text(line)}}}")
            checks = getattr(form, "checks", ()) or ()
            if checks:
                parts = "; ".join(
                    f"${_latex_text(_point(c.point))}$: $|\\Delta| \\le {_latex_number(str(c.bound))}$"
                    f"{'' if c.ok else ' (disagree)'}"
                    for c in checks
                )
                digits = "/".join(sorted({str(c.digits) for c in checks}))
                lines.append(
                    f"  \\intertext{{\\small Numeric evidence ({digits} digits, not a proof): {parts}}}"
                )
    return _close_align(lines)


def _markdown_steps(steps: Sequence[Any]) -> list[str]:
    out = []
    for k, step in enumerate(steps, 1):
        out.append(f"{k}. **{step.rule}**: {_verdict_phrase(step.proof)}")
        out.append("")
        out.append(
            f"   $${_math(step.before, 'latex', True)} {_relation(step.proof, 'latex', True)} "
            f"{_math(step.after, 'latex', True)}$$"
        )
        out.append("")
        if step.justification:
            out += [f"   {step.justification}", ""]
        out.extend(_md_items(_details(step.proof, False)))
        if getattr(step, "substeps", ()):
            out.extend(_markdown_substeps(step.substeps, f"{k}.", "   "))
            out.append("")
    return out


def _markdown_substeps(steps: Sequence[Any], prefix: str, indent: str) -> list[str]:
    out = []
    for k, step in enumerate(steps, 1):
        out.append(
            f"{indent}- {prefix}{k} **{step.rule}**: ${_math(step.before, 'latex', True)} "
            f"{_relation(step.proof, 'latex', True)} {_math(step.after, 'latex', True)}$ "
            f"({'no proof' if step.proof is None else f'{step.proof.verdict}: {step.proof.method}'})"
        )
        out.extend(f"{indent}  - {line.strip()}" for line in _details(step.proof, False))
        out.extend(_markdown_substeps(getattr(step, "substeps", ()) or (), f"{prefix}{k}.", indent + "  "))
    return out


def _derivation_markdown(d: Any) -> str:
    target, result = _math(_target(d), "latex", True), _math(d.result, "latex", True)
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
                f"{k}. {_verdict_phrase(form.proof)}",
                "",
                f"   $${result} {_relation(form.proof, 'latex', True)} {_math(form.expr, 'latex', True)}$$",
                "",
            ]
            lines = _details(form.proof, False)
            checks = getattr(form, "checks", ()) or ()
            if checks:
                lines.append(
                    "numeric evidence (not a proof): "
                    + "; ".join(
                        f"at {_point(c.point)}, $|\\Delta| \\le {_latex_number(str(c.bound))}$ ({c.digits} digits, "
                        f"{'agree' if c.ok else 'disagree'})"
                        for c in checks
                    )
                )
            out.extend(_md_items(lines))
    out.append(f"Summary: {summary_line(d)}.")
    return "\n".join(out)


def render_derivation(d: Any, fmt: str = "text", *, unicode: bool = True) -> str:
    """Render a ``Derivation``: its steps with rule and verdict, the result, the
    branches, the equivalent forms with their numeric checks, and a summary line.

    >>> from tanhproof import derive
    >>> text = render_derivation(derive("tanh"), "text")
    >>> text.splitlines()[0]
    'Derivation of d/dx [tanh(x)]'
    >>> text.splitlines()[-1].startswith("Summary: all ")
    True
    """
    _check_format(fmt)
    if fmt == "json":
        return _dumps(
            {
                "tanhproof": __version__,
                "kind": "derivation",
                "derivation": d.to_dict(),
                "summary": derivation_summary(d),
            }
        )
    if fmt == "text":
        return _derivation_text(d, unicode)
    if fmt == "latex":
        return _derivation_latex(d)
    return _derivation_markdown(d)
