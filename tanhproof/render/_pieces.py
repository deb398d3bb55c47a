r"""The pieces every renderer shares: mathematics, relation signs, verdicts and details.

Each output format (:mod:`tanhproof.render._text`, :mod:`tanhproof.render._latex`,
:mod:`tanhproof.render._markdown`) shows the same things: the two sides of a claim
as mathematics (plain text through :func:`tanhproof.render._plaintext.plain`, or
LaTeX through :func:`sympy.latex`), the relation its verdict allows (``=``, ``≠``,
``=?``), the verdict with its method, and a proof's details (caveats, a certified
counterexample, the reason, numeric evidence labelled as not a proof). They rely
only on the records' documented attributes.

Examples
========

>>> from types import SimpleNamespace as P
>>> import sympy
>>> x = sympy.Symbol("x")
>>> p = P(verdict="refuted", method="certified counterexample", caveats=(), counterexample=None,
...       evidence=(), reason="")
>>> math_of(sympy.tanh(x) ** 2, "text", True), math_of(sympy.tanh(x) ** 2, "latex", True)
('tanh²(x)', '\\tanh^{2}{\\left(x \\right)}')
>>> relation(p, "text", True), relation(p, "text", False), relation(p, "latex", True)
('≠', '!=', '\\neq')
>>> verdict_phrase(p), latex_number("2.5e-60"), latex_text("50%_x")
('refuted (certified counterexample)', '2.5 \\cdot 10^{-60}', '50\\%\\_x')
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sympy

from tanhproof.render._plaintext import plain
from tanhproof.render._tally import count_verdicts, verdict_word

__all__ = [
    "details",
    "headline",
    "is_inequality",
    "latex_number",
    "latex_text",
    "math_of",
    "point_text",
    "proofs_summary",
    "relation",
    "target_of",
    "verdict_phrase",
]


def point_text(point: dict[str, Any], unicode: bool = True) -> str:
    """``x = 1/2, y = 3``; an exact irrational coordinate (``log(r)``, r an algebraic
    root) is written by its own ``text(unicode)``."""
    return ", ".join(f"{k} = {v.text(unicode) if hasattr(v, 'text') else v}" for k, v in point.items())


def latex_text(text: str) -> str:
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


def latex_number(text: str) -> str:
    """``1e-55`` as ``10^{-55}``, ``2.5e-60`` as ``2.5 \\cdot 10^{-60}``; others unchanged."""
    match = re.fullmatch(r"([-+]?[0-9.]+)[eE]([-+]?[0-9]+)", text.strip())
    if not match:
        return f"\\text{{{latex_text(text)}}}"
    mantissa, exponent = match.group(1), int(match.group(2))
    power = f"10^{{{exponent}}}"
    return power if mantissa in ("1", "1.0") else f"{mantissa} \\cdot {power}"


def math_of(expr: Any, fmt: str, unicode: bool) -> str:
    if fmt == "text":
        return plain(expr, unicode=unicode) if isinstance(expr, sympy.Basic) else str(expr)
    return sympy.latex(expr) if isinstance(expr, sympy.Basic) else latex_text(str(expr))


def relation(proof: Any, fmt: str, unicode: bool) -> str:
    word = verdict_word(proof)
    if fmt == "text":
        return {"refuted": "≠" if unicode else "!=", "undecided": "=?"}.get(word, "=")
    return {"refuted": r"\neq", "undecided": r"\overset{?}{=}"}.get(word, "=")


_INEQUALITY_SIGNS = {
    "<": ("<", "<", "<"),
    "<=": ("≤", "<=", r"\le"),
    ">": (">", ">", ">"),
    ">=": ("≥", ">=", r"\ge"),
}


def is_inequality(proof: Any) -> bool:
    """Whether ``proof`` is an inequality claim's (its ``relation`` is ``<``, ``<=``, ``>``, ``>=``)."""
    return getattr(proof, "relation", "=") in _INEQUALITY_SIGNS


def _sign(rel: str, fmt: str, unicode: bool) -> str:
    fancy, ascii_, latex = _INEQUALITY_SIGNS[rel]
    if fmt == "text":
        return fancy if unicode else ascii_
    return latex


def headline(proof: Any, fmt: str, unicode: bool, *, align: bool = False) -> str:
    """The claim as one line of mathematics: ``lhs = rhs`` (the relation its verdict
    allows), or an inequality as claimed, a chain with every link (``-1 < tanh(x) < 1``).
    ``align``: LaTeX with ``&`` before the first relation.

    >>> from types import SimpleNamespace as P
    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> p = P(lhs=sympy.tanh(x), rhs=sympy.Integer(1), relation="<=", parts=(), verdict="proved")
    >>> headline(p, "text", True), headline(p, "text", False)
    ('tanh(x) ≤ 1', 'tanh(x) <= 1')
    >>> print(headline(p, "latex", True, align=True))
    \\tanh{\\left(x \\right)} &\\le 1
    """
    amp = "&" if align else ""
    if not is_inequality(proof):
        return f"{math_of(proof.lhs, fmt, unicode)} {amp}{relation(proof, fmt, unicode)} {math_of(proof.rhs, fmt, unicode)}"
    links = [p for p in getattr(proof, "parts", ()) or () if is_inequality(p)] or [proof]
    out = [math_of(links[0].lhs, fmt, unicode)]
    for k, link in enumerate(links):
        out.append(
            f"{amp if k == 0 else ''}{_sign(link.relation, fmt, unicode)} {math_of(link.rhs, fmt, unicode)}"
        )
    return " ".join(out)


def verdict_phrase(proof: Any) -> str:
    if proof is None:
        return "undecided (no proof attached)"
    return f"{proof.verdict} ({proof.method})" if proof.method else str(proof.verdict)


def outcome_lines(proof: Any, unicode: bool, difference: str) -> list[str]:
    """Lines (plain text) for a proof's certified counterexample (``difference`` names the
    quantity enclosed, e.g. ``"lhs - rhs"``), its reason when not proved and its
    numeric evidence."""
    lines = []
    cx = proof.counterexample
    if cx is not None:
        inside = "∈" if unicode else "in"
        lines.append(
            f"counterexample: at {point_text(cx.point, unicode)}, {difference} {inside} {cx.enclosure} "
            f"(certified at {cx.bits} bits)"
        )
    if proof.reason and str(proof.verdict) != "proved":
        lines.append(f"reason: {proof.reason}")
    if proof.evidence:
        lines.append("numeric evidence (not a proof):")
        lines.extend(f"  - {item}" for item in proof.evidence)
    return lines


def details(proof: Any, unicode: bool, *, caveats_none: bool = False) -> list[str]:
    """Lines (plain text) for a proof's caveats, counterexample, reason and evidence."""
    if proof is None:
        return []
    lines = []
    inequality = is_inequality(proof)
    if inequality:
        if getattr(proof, "where", ""):
            lines.append(f"where: {proof.where}")
        if getattr(proof, "equality", ""):
            lines.append(proof.equality)
    if proof.caveats:
        lines.append("caveats: " + "; ".join(proof.caveats))
    elif caveats_none:
        lines.append("caveats: none")
    minus = "−" if unicode else "-"
    difference = f"rhs {minus} lhs" if inequality else f"lhs {minus} rhs"
    lines.extend(outcome_lines(proof, unicode, difference))
    parts = getattr(proof, "parts", ()) or ()
    if inequality and parts:
        lines.append("links:")
        for part in parts:
            lines.append(f"  - {headline(part, 'text', unicode)}: {verdict_phrase(part)}")
            lines.extend(
                f"    {line}"
                for line in details(part, unicode)
                if not line.startswith(("where:", "caveats:"))
            )
    return lines


def target_of(d: Any) -> Any:
    """What the derivation differentiates, for headings: the first step's left side."""
    if d.steps:
        return d.steps[0].before
    function = d.function
    if isinstance(function, sympy.Basic):
        variable = d.variable if isinstance(d.variable, sympy.Basic) else sympy.Symbol(str(d.variable))
        return sympy.Derivative(function, (variable, int(d.order)))
    n = int(d.order)
    return f"d/d{d.variable} {function}" if n == 1 else f"d^{n}/d{d.variable}^{n} {function}"


def proofs_summary(proofs: Sequence[Any]) -> str:
    """The summary of a list of proofs, as its last line says it: "the claim is proved",
    "all 3 claims proved" or "1 of 2 claims proved, 1 refuted, 0 undecided"."""
    counts = count_verdicts(proofs)
    if counts["proved"] == len(proofs):
        return "the claim is proved" if len(proofs) == 1 else f"all {len(proofs)} claims proved"
    return (
        f"{counts['proved']} of {len(proofs)} claims proved, "
        f"{counts['refuted']} refuted, {counts['undecided']} undecided"
    )
