"""Render proofs and derivations as text, LaTeX, Markdown or JSON: one entry point per record.

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
``text``       numbered, readable at a terminal (:mod:`tanhproof.render._text`)
``latex``      an ``align*`` environment (amsmath) built with :func:`sympy.latex`
               (:mod:`tanhproof.render._latex`)
``markdown``   a numbered list with ``$$...$$`` display math
               (:mod:`tanhproof.render._markdown`)
``json``       one JSON document of the records' ``to_dict()`` plus a summary
               (:mod:`tanhproof.render._json`)
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

from collections.abc import Sequence
from typing import Any

from tanhproof.render._json import derivation_json, proofs_json
from tanhproof.render._latex import derivation_latex, proofs_latex
from tanhproof.render._markdown import derivation_markdown, proofs_markdown
from tanhproof.render._pieces import proofs_summary
from tanhproof.render._text import derivation_text, proofs_text

__all__ = ["FORMATS", "render_derivation", "render_proofs"]

FORMATS = ("text", "latex", "markdown", "json")


def _check_format(fmt: str) -> None:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


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
    if fmt == "json":
        return proofs_json(proofs, pairs=pairs)
    summary = proofs_summary(proofs)
    if fmt == "text":
        return proofs_text(proofs, summary, pairs=pairs, unicode=unicode)
    if fmt == "latex":
        return proofs_latex(proofs, summary)
    return proofs_markdown(proofs, summary, pairs=pairs)


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
        return derivation_json(d)
    if fmt == "text":
        return derivation_text(d, unicode)
    if fmt == "latex":
        return derivation_latex(d)
    return derivation_markdown(d)
