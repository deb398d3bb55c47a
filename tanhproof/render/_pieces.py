r"""The pieces every renderer shares: mathematics, relation signs, verdicts and details.

Each output format (:mod:`tanhproof.render._text`, :mod:`tanhproof.render._latex`,
:mod:`tanhproof.render._markdown`) shows the same things: the two sides of a claim
as mathematics (plain text through :func:`tanhproof.render._plaintext.plain`, or
LaTeX through :func:`tanhproof.render._latexmath.latex`), the relation its verdict allows (``=``, ``≠``,
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

from collections.abc import Sequence
from typing import Any

import sympy

from tanhproof.expr._decimaltext import decimal_text
from tanhproof.render._latexmath import latex
from tanhproof.render._notation import caveat_items, latex_number, latex_text
from tanhproof.render._plaintext import plain
from tanhproof.render._tally import count_verdicts, verdict_word

__all__ = [
    "caveats_line",
    "details",
    "headline",
    "is_inequality",
    "latex_number",
    "latex_text",
    "math_of",
    "new_variables",
    "point_text",
    "proofs_summary",
    "relation",
    "target_of",
    "verdict_phrase",
]


def _coordinate(v: Any, unicode: bool) -> str:
    if hasattr(v, "text"):
        return str(v.text(unicode))
    shown = decimal_text(v) if hasattr(v, "numerator") and hasattr(v, "denominator") else None
    return shown if shown is not None else str(v)


def point_text(point: dict[str, Any], unicode: bool = True) -> str:
    """``x = 1/2, y = 3``, ``x = 0.044715`` (a decimal denominator, as in the claims);
    an exact irrational coordinate (``log(r)``, r an algebraic root) is written by its
    own ``text(unicode)``.

    >>> from fractions import Fraction
    >>> point_text({"x": Fraction(-3, 2), "y": Fraction(8943, 200000)})
    'x = -3/2, y = 0.044715'
    """
    return ", ".join(f"{k} = {_coordinate(v, unicode)}" for k, v in point.items())


def math_of(expr: Any, fmt: str, unicode: bool) -> str:
    if fmt == "text":
        return plain(expr, unicode=unicode) if isinstance(expr, sympy.Basic) else str(expr)
    return latex(expr) if isinstance(expr, sympy.Basic) else latex_text(str(expr))


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


def _prose(text: str, fmt: str) -> str:
    """Running text in ``fmt``: escaped for LaTeX's text mode, else as it is."""
    return latex_text(text) if fmt == "latex" else text


def _point_math(point: dict[str, Any], fmt: str, unicode: bool) -> str:
    """A point in the notation of ``fmt``: ``x = 1/2`` in text, ``$x = \\frac{1}{2}$`` otherwise."""
    if fmt == "text":
        return point_text(point, unicode)
    parts = []
    for k, v in point.items():
        value = (
            latex(sympy.Rational(v.numerator, v.denominator))
            if hasattr(v, "numerator") and hasattr(v, "denominator")
            else f"\\text{{{latex_text(v.text(True) if hasattr(v, 'text') else str(v))}}}"
        )
        parts.append(f"{sympy.latex(sympy.Symbol(k))} = {value}")
    return f"${', '.join(parts)}$"


def outcome_lines(proof: Any, unicode: bool, difference: str, fmt: str = "text") -> list[str]:
    """Lines for a proof's certified counterexample (``difference`` names the
    quantity enclosed, e.g. ``"lhs - rhs"``), its reason when not proved and its
    numeric evidence; in ``fmt`` (``text``; ``latex``: text mode with ``$...$`` math;
    ``markdown``)."""
    lines = []
    cx = proof.counterexample
    if cx is not None:
        inside = "∈" if unicode else "in"
        where = _point_math(cx.point, fmt, unicode)
        enclosure = _prose(f"{difference} {inside} {cx.enclosure}", fmt)
        lines.append(f"counterexample: at {where}, {enclosure} (certified at {cx.bits} bits)")
    if proof.reason and str(proof.verdict) != "proved":
        lines.append(f"reason: {_prose(proof.reason, fmt)}")
    if proof.evidence:
        lines.append("numeric evidence (not a proof):")
        lines.extend(f"  - {_prose(str(item), fmt)}" for item in proof.evidence)
    return lines


def caveats_line(proof: Any, fmt: str, unicode: bool) -> str:
    """``caveats: ...`` in the claims' notation (:func:`~tanhproof.render._notation.caveat_items`),
    items separated by ``"; "``; empty when there are none."""
    items = caveat_items(proof.caveats, fmt, unicode)
    return "caveats: " + "; ".join(items) if items else ""


def details(proof: Any, unicode: bool, *, caveats_none: bool = False, fmt: str = "text") -> list[str]:
    """Lines for a proof's caveats, counterexample, reason and evidence, in ``fmt``
    (``text``: plain mathematics; ``latex``: LaTeX text mode with ``$...$`` math, ready
    for ``\\intertext``; ``markdown``: ``$...$`` math)."""
    if proof is None:
        return []
    lines = []
    inequality = is_inequality(proof)
    if inequality:
        if getattr(proof, "where", ""):
            lines.append(f"where: {_prose(proof.where, fmt)}")
        if getattr(proof, "equality", ""):
            lines.append(_prose(proof.equality, fmt))
    caveats = caveats_line(proof, fmt, unicode)
    if caveats:
        lines.append(caveats)
    elif caveats_none:
        lines.append("caveats: none")
    minus = "−" if unicode else "-"
    difference = f"rhs {minus} lhs" if inequality else f"lhs {minus} rhs"
    lines.extend(outcome_lines(proof, unicode, difference, fmt))
    parts = getattr(proof, "parts", ()) or ()
    if inequality and parts:
        lines.append("links:")
        for part in parts:
            link = headline(part, "text" if fmt == "text" else "latex", unicode)
            link = link if fmt == "text" else f"${link}$"
            lines.append(f"  - {link}: {_prose(verdict_phrase(part), fmt)}")
            lines.extend(
                f"    {line}"
                for line in details(part, unicode, fmt=fmt)
                if not line.startswith(("where:", "caveats:"))
            )
    return lines


def new_variables(parent: Any) -> dict[int, Any]:
    """For a chain-rule step, its outer substep (by ``id``) and what the variable it
    differentiates by stands for: ``u = g(x)``, ``g`` the inner function (the
    expression the inner substep differentiates). Empty for other steps.

    >>> from types import SimpleNamespace as S
    >>> import sympy
    >>> x, u = sympy.symbols("x u")
    >>> outer = S(before=sympy.Derivative(sympy.exp(u), u), substeps=())
    >>> inner = S(before=sympy.Derivative(-x, x), substeps=())
    >>> chain = S(rule="chain", before=sympy.Derivative(sympy.exp(-x), x), substeps=(outer, inner))
    >>> new_variables(chain)[id(outer)]
    Eq(u, -x)
    """
    substeps: tuple[Any, ...] = tuple(getattr(parent, "substeps", ()) or ())
    if getattr(parent, "rule", "") != "chain" or len(substeps) != 2:
        return {}
    outer, inner = substeps[0], substeps[1]
    ob, ib, pb = outer.before, inner.before, parent.before
    if not all(isinstance(e, sympy.Derivative) for e in (ob, ib, pb)) or len(ob.variables) != 1:
        return {}
    (u,) = ob.variables
    if u in pb.variables:
        return {}
    return {id(outer): sympy.Eq(u, ib.expr, evaluate=False)}


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
