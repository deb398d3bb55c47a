"""Proofs that ship with the page: each page's certificates, re-checked by the kernel.

The ``tanhproof:identity`` and ``tanhproof:derivation`` directives write the
certificate of every verdict they show (:mod:`tanhproof.proof._certificate`), pass
it through JSON and re-check it with the independent kernel (:mod:`tanhproof._kernel`,
standard library only) while the page is read: a certificate the kernel rejects is
a failed check at the directive's ``file:line``, like a refuted claim. Each
certificate is kept on the environment with its ``"source"`` (``page.rst:LINE``),
and when an HTML build finishes every page's certificates are written to
``_certificates/<page>.json``, a certificate file that ``tanhproof check`` reads.
The page links to it next to each proof (:class:`certificate_link`, resolved per
builder, plain text outside HTML).

Undecided identities carry nothing to check and are not written; inequality,
limit and shape claims are not written either, because the kernel does not check
them yet: their directives say so on the page (:data:`NOT_RECHECKED`).

Examples
========

>>> certificate_path("guide/intro")
'_certificates/guide/intro.json'
>>> link_node("guide/intro").astext()
'certificate'
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.util.osutil import relative_uri

from tanhproof.sphinxext._files import write_atomically

__all__ = [
    "NOT_RECHECKED",
    "certificate_link",
    "certificate_path",
    "kernel_note",
    "link_node",
    "recheck",
    "register",
]

NOT_RECHECKED = (
    "not re-checked by the kernel, which checks identities and derivations only: "
    "this claim is not in the page's certificate file"
)
"""What the inequality, limit and shape directives say about the kernel."""


class certificate_link(nodes.Inline, nodes.TextElement):
    """A link to the page's certificate file, resolved when the page is written."""


def certificate_path(docname: str) -> str:
    """The certificate file of ``docname``, relative to the output folder."""
    return f"_certificates/{docname}.json"


def link_node(docname: str, text: str = "certificate") -> certificate_link:
    """A :class:`certificate_link` to the certificate file of ``docname``."""
    return certificate_link(text, text, docname=docname)


def recheck(directive: Any, items: list[tuple[Any, Any, Any]]) -> list[dict[str, Any]]:
    """The kernel's result for the certificate of each ``(record, lhs, rhs)``.

    Each certificate goes through JSON, is checked by the kernel, and is kept on the
    environment for the page's file with its ``source``; a rejection is a failed
    check at ``directive``'s line, naming the claim and the kernel's reason.
    """
    from tanhproof._kernel import check_document
    from tanhproof.proof import _certificate as writer

    if not items:
        return []
    env, docname = directive.env, directive.env.docname
    line = directive.get_source_info()[1]
    source = f"{Path(env.doc2path(docname, False)).as_posix()}:{line}"
    certs = [writer.certificate(record, lhs, rhs) for record, lhs, rhs in items]
    doc = json.loads(json.dumps(writer.document(certs)))
    results = check_document(doc)
    for cert, result in zip(doc["certificates"], results, strict=True):
        env.get_domain("tanhproof").record_certificate(docname, {**cert, "source": source})
        if not result["accepted"]:
            directive.fail(f"the kernel rejected the certificate of {result['label']}: {result['reason']}")
    return results


def kernel_note(results: list[dict[str, Any]], docname: str, lead: str = "; ") -> list[nodes.Node]:
    """``✔ re-checked by the kernel (certificate)`` or ``✘ rejected by the kernel
    (certificate)``, after ``lead``; nothing when nothing was checked."""
    if not results:
        return []
    ok = all(r["accepted"] for r in results)
    word = "✔ re-checked by the kernel" if ok else "✘ rejected by the kernel"
    span = nodes.inline(
        word, word, classes=["tanhproof-kernel", "tanhproof-proved" if ok else "tanhproof-refuted"]
    )
    return [nodes.Text(lead), span, nodes.Text(" ("), link_node(docname), nodes.Text(")")]


def _resolve(app: Any, doctree: nodes.document, docname: str) -> None:
    """``doctree-resolved``: each :class:`certificate_link` becomes a link (HTML) or text."""
    for node in list(doctree.findall(certificate_link)):
        text = node.astext()
        if app.builder.format == "html":
            uri = relative_uri(app.builder.get_target_uri(docname), certificate_path(node["docname"]))
            node.replace_self(nodes.reference(text, text, refuri=uri, classes=["tanhproof-certificate"]))
        else:
            node.replace_self(nodes.Text(text))


def _write(app: Any, exception: Exception | None) -> None:
    """``build-finished``: every page's certificates into ``_certificates/<page>.json``."""
    from tanhproof.proof._certificate import document

    if exception is not None or app.builder.format != "html":
        return
    for docname, certs in app.env.get_domain("tanhproof").certificates().items():
        data = json.dumps(document(certs), indent=1, ensure_ascii=False) + "\n"
        write_atomically(Path(app.builder.outdir) / certificate_path(docname), data.encode("utf-8"))


def _pass(self: Any, node: nodes.Node) -> None:
    """A link left unresolved is shown as its text."""


def register(app: Any) -> None:
    """Add :class:`certificate_link` and the handlers that resolve it and write the files."""
    formats = ("html", "latex", "text", "man", "texinfo")
    app.add_node(certificate_link, **{fmt: (_pass, _pass) for fmt in formats})
    app.connect("doctree-resolved", _resolve)
    app.connect("build-finished", _write)
