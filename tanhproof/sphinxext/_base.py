"""What every ``tanhproof`` directive and role shares: reading its input, reporting failures.

No exception escapes a directive or a role of the extension: bad input (a
:class:`~tanhproof.TanhproofError`) is reported with its one-line message,
and any other exception, a bug in tanhproof or in a library it calls, as an
``internal error`` naming the exception (:func:`internal_error`). Either way it is a
failed check at the directive's ``file:line`` (:func:`tanhproof.sphinxext._report.fail`):
the build goes on, lists every failure at the end and exits with status 1. The
traceback of an internal error is logged at debug level (``sphinx-build -vv``).

Examples
========

>>> verdict_mark("proved"), verdict_mark("undecided")
('✔ proved', '? undecided')
>>> internal_error(ZeroDivisionError("division by zero"))
'internal error (a bug in tanhproof, please report it): ZeroDivisionError: division by zero'
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import DirectiveError
from docutils.utils import SystemMessagePropagation
from sphinx.util.docutils import SphinxDirective, SphinxRole

from tanhproof.expr._errors import TanhproofError
from tanhproof.sphinxext import _report as report

__all__ = [
    "TanhproofDirective",
    "caveats_text",
    "guarded_role",
    "internal_error",
    "math_block",
    "role_line",
    "verdict_mark",
    "verdict_span",
]

_DOCUTILS = (DirectiveError, SystemMessagePropagation)
"""docutils' own ways of reporting a directive's error: passed on, not caught."""


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def internal_error(exc: BaseException) -> str:
    """The one-line message for an exception that is not bad input."""
    detail = _one_line(exc)
    return f"internal error (a bug in tanhproof, please report it): {type(exc).__name__}" + (
        f": {detail}" if detail else ""
    )


_MARKS = {"proved": "✔", "refuted": "✘", "undecided": "?"}


def verdict_mark(word: str) -> str:
    """``'✔ proved'``, ``'✘ refuted'`` or ``'? undecided'``."""
    return f"{_MARKS.get(word, '?')} {word}"


def verdict_span(word: str, detail: str = "") -> nodes.inline:
    """An inline node with the verdict's mark, classed ``tanhproof-<verdict>``."""
    text = verdict_mark(word) + (f" ({detail})" if detail else "")
    return nodes.inline(text, text, classes=["tanhproof-verdict", f"tanhproof-{word}"])


def caveats_text(proof: Any) -> str:
    """``caveats: ...`` in the claims' notation, as the command line prints them
    (:func:`tanhproof.render._notation.caveat_items`), or ``""`` when there are none.

    >>> import tanhproof as tp
    >>> caveats_text(tp.prove("log(x)", "log(x)"))
    'caveats: log(x) needs x > 0'
    """
    from tanhproof.render._notation import caveat_items

    items = caveat_items(proof.caveats, "text", True)
    return "caveats: " + "; ".join(items) if items else ""


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
        report.fail(self.env, self.env.docname, line, f"{self.qualified}: {_one_line(message)}")
        return []

    def undecided(self, message: str) -> None:
        _, line = self.get_source_info()
        report.undecided(self.env, self.env.docname, line, f"{self.qualified}: {message}")

    def record(self, text: str, verdict: str) -> None:
        _, line = self.get_source_info()
        report.record_check(self.env, self.env.docname, line, self.kind, text, verdict)

    def run(self) -> list[nodes.Node]:
        """:meth:`check`, with every exception turned into a failed check at this directive."""
        try:
            return self.check()
        except TanhproofError as exc:
            return self.fail(str(exc))
        except _DOCUTILS:
            raise
        except Exception as exc:  # noqa: BLE001 - one failed directive must not stop the build
            report.debug_traceback(exc, self.env.docname, self.get_source_info()[1])
            return self.fail(internal_error(exc))

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


def role_line(role: SphinxRole) -> int | None:
    """The line of ``role`` in its source file, not just the line its paragraph starts on.

    docutils (and myst-parser, for Markdown) give an inline role the line of its
    paragraph; the role's own line is found by looking for its backquoted text, from
    that line to the end of the paragraph (the first blank line). Two identical roles
    in one paragraph both get the first one's line; a source that cannot be read
    (a docstring, for instance) keeps the paragraph's line.

    Examples
    ========

    >>> class Role:
    ...     rawtext, name = ":tanhproof:value:`tanh(1)`", "tanhproof:value"
    ...     def get_source_info(self):
    ...         return "no such file.rst", 3
    >>> role_line(Role())
    3
    """
    source, line = role.get_source_info()
    needle = "`" + role.rawtext.split("`", 1)[-1].split("\n", 1)[0]
    try:
        lines = Path(source).read_text(encoding="utf-8").splitlines()
    except (OSError, ValueError):
        return line
    if not line or line > len(lines):
        return line
    for k in range(line - 1, min(len(lines), line + 200)):
        if k > line - 1 and not lines[k].strip():
            break
        if needle in lines[k]:
            return k + 1
    return line


def guarded_role(role: type[SphinxRole], name: str) -> type[SphinxRole]:
    """A subclass of ``role`` whose exceptions become failed checks at the role's ``file:line``.

    ``name`` (``tanhproof:value``) starts the message. The role's text is shown as
    ``problematic``, as for the role's own errors.

    Examples
    ========

    >>> from sphinx.util.docutils import SphinxRole
    >>> guarded_role(SphinxRole, "tanhproof:demo").__name__
    'GuardedSphinxRole'
    """

    def run(self: Any) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        try:
            return role.run(self)
        except _DOCUTILS:
            raise
        except Exception as exc:  # noqa: BLE001 - one failed role must not stop the build
            line = role_line(self)
            if isinstance(exc, TanhproofError):
                message = _one_line(exc)
            else:
                report.debug_traceback(exc, self.env.docname, line)
                message = internal_error(exc)
            report.fail(self.env, self.env.docname, line, f"{name}: {message}")
            return [nodes.problematic(self.rawtext, self.rawtext)], []

    return type(f"Guarded{role.__name__}", (role,), {"run": run, "__doc__": role.__doc__})
