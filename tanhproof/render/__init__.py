"""What a person sees: text, LaTeX, Markdown and JSON renderings of proofs and
derivations, plain-text mathematics and verdict tallies.

The room holds no mathematics: it formats the records that :func:`tanhproof.prove`
and :func:`tanhproof.derive` return, and labels numeric checks as evidence. It may
import every room below it (expr, numeric, proof, audits); the front ends (the
command line, the pytest plugin, the Sphinx extension) sit above it.

Public names: :func:`render_proofs` (a list of ``Proof`` records) and
:func:`render_derivation` (a ``Derivation``), each in the format ``"text"``,
``"latex"``, ``"markdown"`` or ``"json"``. The modules whose names start with ``_``
are internal. Names are imported lazily, on first use.

Examples
========

>>> import tanhproof
>>> from tanhproof.render import render_derivation, render_proofs
>>> render_derivation(tanhproof.derive("tanh"), "text").splitlines()[0]
'Derivation of d/dx [tanh(x)]'
>>> print(render_proofs([tanhproof.prove("tanh(x)", "sinh(x)")], "markdown").splitlines()[0])
1. **refuted** (certified counterexample (arb enclosure excludes 0))
"""

import typing as _typing

from tanhproof._lazy import lazy_names as _lazy_names

__all__ = ["render_derivation", "render_proofs"]

_WHERE = {
    "render_derivation": "_render",
    "render_proofs": "_render",
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.render._render import render_derivation, render_proofs

__getattr__, __dir__ = _lazy_names(__name__, _WHERE, __all__)
