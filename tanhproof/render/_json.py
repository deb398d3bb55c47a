"""JSON output: one document of the records' ``to_dict()`` plus a summary.

The document names the tanhproof version and its kind (``"proofs"`` or
``"derivation"``); keys are sorted where they can be (the records' own order is
kept otherwise), and values JSON cannot hold are written as strings.

Examples
========

>>> import json
>>> from types import SimpleNamespace as P
>>> p = P(verdict="proved", to_dict=lambda: {"verdict": "proved"})
>>> doc = json.loads(proofs_json([p], pairs=[(1, 2)]))
>>> doc["kind"], doc["claims"], doc["summary"]["verdict"]
('proofs', [{'proof': {'verdict': 'proved'}, 'sides': [1, 2]}], 'proved')
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from tanhproof import __version__
from tanhproof.render._tally import count_verdicts, derivation_summary, overall_verdict

__all__ = ["derivation_json", "proofs_json"]


def _dumps(document: dict[str, Any]) -> str:
    try:
        return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False, default=str)
    except TypeError:  # keys of mixed types cannot be sorted; keep the records' own order
        return json.dumps(document, indent=2, ensure_ascii=False, default=str)


def proofs_json(proofs: Sequence[Any], *, pairs: Sequence[tuple[int, int]] | None = None) -> str:
    """Proofs as one JSON document: each claim's proof (and sides), and the tally."""
    counts = count_verdicts(proofs)
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


def derivation_json(d: Any) -> str:
    """A derivation as one JSON document: its ``to_dict()`` and its summary."""
    return _dumps(
        {
            "tanhproof": __version__,
            "kind": "derivation",
            "derivation": d.to_dict(),
            "summary": derivation_summary(d),
        }
    )
