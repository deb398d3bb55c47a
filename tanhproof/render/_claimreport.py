"""Claims that are not ``lhs = rhs``: limits, asymptotic forms and shape claims, rendered.

A limit's, an asymptotic form's or a shape claim's :class:`~tanhproof.Proof` says what
was claimed in ``claim`` and what it rests on in ``parts`` (the derivative identity,
the sign of the derivative, the value at a point, the limit of a ratio). The text
shows the claim as written, the verdict and method, the interval, the equality cases,
the certified point of a refutation and each part with its own verdict; JSON is the
records' ``to_dict()`` (as for every proof); Markdown and LaTeX show the claim in
words with its verdict.

Examples
========

>>> from tanhproof.proof import prove_limit
>>> print(render_claims([prove_limit("1 - tanh(x)**2", "x", "oo")], "text"))  # doctest: +ELLIPSIS
1. lim_{x -> oo} 1 - tanh(x)**2 = 0
   verdict: proved
   method:  exp-rational leading terms (T = exp(x) -> oo)
<BLANKLINE>
Summary: the claim is proved
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tanhproof.expr._sstr import sstr
from tanhproof.render._json import proofs_json
from tanhproof.render._pieces import latex_text, outcome_lines, proofs_summary

__all__ = ["render_claims"]


def _claim(proof: Any) -> str:
    return proof.claim or f"{sstr(proof.lhs)} {proof.relation} {sstr(proof.rhs)}"


def _lines(proof: Any, unicode: bool) -> list[str]:
    """The detail lines of one claim (plain text)."""
    lines = [f"verdict: {proof.verdict}", f"method:  {proof.method}"]
    if proof.where and proof.where != "(-oo, oo)" and proof.relation == "shape":
        lines.append(f"where:   {proof.where}")
    if proof.equality:
        lines.append(f"equality: {proof.equality}")
    if proof.caveats:
        lines.append("caveats: " + "; ".join(proof.caveats))
    lines.extend(outcome_lines(proof, unicode, "the failing quantity"))
    if proof.parts:
        lines.append("rests on:")
        lines.extend(f"  - {_claim(part)}: {part.verdict} ({part.method})" for part in proof.parts)
    return lines


def render_claims(proofs: Sequence[Any], fmt: str = "text", *, unicode: bool = True) -> str:
    """Render limit, asymptotic and shape proofs in ``fmt`` (``text``, ``json``,
    ``markdown`` or ``latex``), numbered, with a summary line."""
    proofs = list(proofs)
    if fmt == "json":
        return proofs_json(proofs)
    summary = proofs_summary(proofs)
    out: list[str] = []
    if fmt == "text":
        for k, proof in enumerate(proofs, 1):
            out.append(f"{k}. {_claim(proof)}")
            out.extend("   " + line for line in _lines(proof, unicode))
        return "\n".join([*out, "", f"Summary: {summary}"])
    if fmt == "markdown":
        for k, proof in enumerate(proofs, 1):
            out.append(f"{k}. **{proof.verdict}** ({proof.method})")
            out.append("")
            out.append(f"   `{_claim(proof)}`")
            out.append("")
            out.extend(
                f"     {line[2:]}" if line.startswith("  ") else f"   - {line}"
                for line in _lines(proof, unicode)[2:]
            )
        return "\n".join([*out, "", f"Summary: {summary}."])
    if fmt == "latex":
        out.append(f"% tanhproof: {summary}")
        out.append(r"\begin{enumerate}")
        for proof in proofs:
            out.append(
                rf"  \item \texttt{{{latex_text(_claim(proof))}}}: {latex_text(str(proof.verdict))} "
                rf"({latex_text(proof.method)})"
            )
        out.append(r"\end{enumerate}")
        return "\n".join(out)
    raise ValueError(f"unknown format {fmt!r}; choose from text, latex, markdown, json")
