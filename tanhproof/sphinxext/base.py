"""What every ``tanhproof`` directive shares: reading its input, reporting failures.

Examples
========

>>> verdict_mark("proved"), verdict_mark("undecided")
('✔ proved', '? undecided')
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..errors import TanhproofError
from . import report

__all__ = ["TanhproofDirective", "math_block", "verdict_mark", "verdict_span"]

_MARKS = {"proved": "✔", "refuted": "✘", "undecided": "?"}


def verdict_mark(word: str) -> str:
    """``'✔ proved'``, ``'✘ refuted'`` or ``'? undecided'``."""
    return f"{_MARKS.get(word, '?')} {word}"


def verdict_span(word: str, detail: str = "") -> nodes.inline:
    """An inline node with the verdict's mark, classed ``tanhproof-<verdict>``."""
    text = verdict_mark(word) + (f" ({detail})" if detail else "")
    return nodes.inline(text, text, classes=["tanhproof-verdict", f"tanhproof-{word}"])


def math_block(latex: str, docname: str) -> nodes.math_block:
    """A display-math node (unnumbered) holding ``latex``."""
    node = nodes.math_block(latex, latex, nowrap=False, number=None, label=None)
    node["docname"] = docname
    return node


class TanhproofDirective(SphinxDirective):
    """Base class: ``self.name`` is ``tanhproof:<kind>``; errors name it, on one line."""

    kind = ""

    @property
    def qualified(self) -> str:
        return f"tanhproof:{self.kind}"

    def fail(self, message: str) -> list[nodes.Node]:
        """Report ``message`` as a failed check at this directive and return no nodes."""
        _, line = self.get_source_info()
        report.fail(self.env, self.env.docname, line, f"{self.qualified}: {' '.join(message.split())}")
        return []

    def undecided(self, message: str) -> None:
        _, line = self.get_source_info()
        report.undecided(self.env, self.env.docname, line, f"{self.qualified}: {message}")

    def record(self, text: str, verdict: str) -> None:
        _, line = self.get_source_info()
        self.env.get_domain("tanhproof").record_check(self.env.docname, line, self.kind, text, verdict)

    def run(self) -> list[nodes.Node]:
        try:
            return self.check()
        except TanhproofError as exc:
            return self.fail(str(exc))

    def check(self) -> list[nodes.Node]:  # pragma: no cover - abstract
        raise NotImplementedError

    def body(self) -> list[nodes.Node]:
        """The directive's content, parsed as reStructuredText."""
        if not self.content:
            return []
        holder = nodes.Element()
        self.state.nested_parse(self.content, self.content_offset, holder)
        return list(holder.children)

    def container(self, *children: Any) -> nodes.container:
        box = nodes.container(classes=["tanhproof", f"tanhproof-{self.kind}"])
        box.extend(children)
        self.set_source_info(box)
        return box
