"""The ``tanhproof`` Sphinx domain: its directives, its role and the data it keeps.

The domain's data on the environment, per document:

* ``failures``: ``(line, message)`` for each check that failed there;
* ``checks``: one ``(line, kind, text, verdict)`` record per check, for summaries;
* ``certificates``: the certificates re-checked by the kernel, each with its
  ``source`` (:mod:`tanhproof.sphinxext._certificates`);
* ``inputs``: the fingerprint (:func:`library_fingerprint`) of the library that
  checked the document.

:meth:`TanhproofDomain.clear_doc` purges a document's data before it is read
again and :meth:`TanhproofDomain.merge_domaindata` merges what parallel readers
collected. :func:`outdated_documents` (``env-get-outdated``) names the documents
checked by a different version of the library, so they are read and checked
again: a page rebuilds when the inputs of its derivations change, not only its
source.

Examples
========

>>> len(library_fingerprint()) == 64
True
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path
from typing import Any, ClassVar

from sphinx.domains import Domain

from tanhproof import __version__
from tanhproof.sphinxext._base import guarded_role
from tanhproof.sphinxext._claims import InequalityDirective, LimitDirective, ShapeDirective
from tanhproof.sphinxext._directives import DerivationDirective, IdentityDirective
from tanhproof.sphinxext._plot import PlotDirective
from tanhproof.sphinxext._value import ValueRole

__all__ = ["TanhproofDomain", "library_fingerprint", "outdated_documents", "sources_fingerprint"]


def sources_fingerprint(root: Path, exclude: Path) -> str:
    """SHA-256 of the version and every ``*.py`` under ``root`` (subpackages included)
    outside ``exclude``, each with its path relative to ``root``."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*.py")):
        if exclude not in path.parents:
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@functools.lru_cache(maxsize=1)
def library_fingerprint() -> str:
    """:func:`sources_fingerprint` of the library, without this extension."""
    here = Path(__file__).resolve().parent
    return sources_fingerprint(here.parent, here)


_KEYS = ("failures", "checks", "certificates", "inputs")


class TanhproofDomain(Domain):
    """Machine-checked mathematics: ``derivation``, ``identity``, ``inequality``, ``limit``,
    ``shape``, ``plot``, ``value``."""

    name = "tanhproof"
    label = "tanhproof"
    directives: ClassVar[dict[str, Any]] = {
        "derivation": DerivationDirective,
        "identity": IdentityDirective,
        "inequality": InequalityDirective,
        "limit": LimitDirective,
        "shape": ShapeDirective,
        "plot": PlotDirective,
    }
    roles: ClassVar[dict[str, Any]] = {"value": guarded_role(ValueRole, "tanhproof:value")()}
    initial_data: ClassVar[dict[str, Any]] = {"failures": {}, "checks": {}, "certificates": {}, "inputs": {}}
    data_version = 2

    def _bucket(self, key: str, docname: str) -> list:
        self.data["inputs"][docname] = library_fingerprint()
        return self.data[key].setdefault(docname, [])

    def record_failure(self, docname: str, line: int | None, message: str) -> None:
        """Remember that a check in ``docname`` at ``line`` failed."""
        self._bucket("failures", docname).append((line, message))

    def record_check(self, docname: str, line: int | None, kind: str, text: str, verdict: str) -> None:
        """Remember one check made in ``docname`` (for summaries and rebuilds)."""
        self._bucket("checks", docname).append((line, kind, text, verdict))

    def record_certificate(self, docname: str, certificate: dict[str, Any]) -> None:
        """Remember a certificate of ``docname`` for the page's certificate file."""
        self._bucket("certificates", docname).append(certificate)

    def certificates(self) -> dict[str, list[dict[str, Any]]]:
        """The certificates of each document that has any, in document order."""
        return {doc: certs for doc, certs in sorted(self.data["certificates"].items()) if certs}

    def failures(self) -> list[tuple[str, int | None, str]]:
        """Every recorded failure as ``(docname, line, message)``, in document order."""
        return [
            (doc, line, msg)
            for doc in sorted(self.data["failures"])
            for line, msg in self.data["failures"][doc]
        ]

    def checks(self) -> list[tuple[str, int | None, str, str, str]]:
        """Every recorded check as ``(docname, line, kind, text, verdict)``."""
        return [(doc, *rec) for doc in sorted(self.data["checks"]) for rec in self.data["checks"][doc]]

    def clear_doc(self, docname: str) -> None:
        for key in _KEYS:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Any, otherdata: dict[str, Any]) -> None:
        for key in _KEYS:
            for docname, value in otherdata.get(key, {}).items():
                if docname in docnames:
                    self.data[key][docname] = value

    def resolve_any_xref(self, env, fromdocname, builder, target, node, contnode):
        return []


def outdated_documents(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    """``env-get-outdated``: documents checked by another version of the library."""
    inputs = env.get_domain("tanhproof").data["inputs"]
    current = library_fingerprint()
    return sorted(doc for doc, fp in inputs.items() if fp != current and doc not in removed)
