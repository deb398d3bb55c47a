"""Rich display in notebooks: a record as HTML, Markdown and LaTeX from one description.

Jupyter shows an object through its ``_repr_html_``, ``_repr_markdown_`` and
``_repr_latex_`` methods (IPython's display protocol). Each record of tanhproof
(:class:`~tanhproof.proof.Proof`, :class:`~tanhproof.proof.Derivation`,
:class:`~tanhproof.Enclosure`, :class:`~tanhproof.AccuracyReport`, the forms
ranking) describes itself once, as a list of blocks -- :class:`Text`, :class:`Math`,
:class:`Table`, :class:`Image` -- in its own module, and :class:`RichDisplay` writes
those blocks in the three formats. Math is LaTeX (what ``sympy.latex`` writes):
typeset by MathJax in the notebook, and in Sphinx pages, whose MathJax typesets the
elements of class ``math``.

The module holds no mathematics and imports only the standard library, so every
room may use it (it sits outside the layers, like :mod:`tanhproof._lazy`).

Examples
========

>>> class Point(RichDisplay):
...     def _blocks(self):
...         return [Text("A point", strong=True), Math(r"x = \\frac{1}{2}"),
...                 Table(("x", "error (ULP)"), [("0.5", "0.25")], units="errors in ULPs of binary32")]
>>> print(Point()._repr_markdown_())
**A point**
<BLANKLINE>
$$x = \\frac{1}{2}$$
<BLANKLINE>
| x | error (ULP) |
|---|---|
| 0.5 | 0.25 |
<BLANKLINE>
*errors in ULPs of binary32*
>>> print(Point()._repr_latex_())
$$\\begin{array}{l}
\\textbf{A point} \\\\
x = \\frac{1}{2} \\\\
\\begin{array}{ll}
\\text{x} & \\text{error (ULP)} \\\\ \\hline
\\text{0.5} & \\text{0.25}
\\end{array} \\\\
\\text{errors in ULPs of binary32}
\\end{array}$$
>>> short_repr("Proof", "proved: " + "x" * 300)[-5:], len(short_repr("Proof", "x" * 300))
('...>', 200)
"""

from __future__ import annotations

import base64
import functools
import html
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_REPR", "Image", "Math", "RichDisplay", "Table", "Text", "short_repr"]

#: The longest ``repr()`` of a record, in characters.
MAX_REPR = 200


def short_repr(kind: str, text: str) -> str:
    """``<kind text>``, cut to :data:`MAX_REPR` characters with ``...`` where cut; one line."""
    text = " ".join(text.split())
    out = f"<{kind} {text}>"
    if len(out) <= MAX_REPR:
        return out
    return out[: MAX_REPR - 4] + "...>"


@dataclass(frozen=True)
class Text:
    """A paragraph of plain text (``strong``: a heading line)."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Math:
    """Displayed math, as LaTeX, with an optional plain-text note after it."""

    tex: str
    note: str = ""


@dataclass(frozen=True)
class Table:
    """A table of text cells. ``header`` names the columns (with their units where they
    have one: ``"max error (ULP)"``); ``units`` says the units of the table's numbers in
    words and is shown under it; ``math_columns`` are columns whose cells are LaTeX."""

    header: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]
    units: str = ""
    math_columns: tuple[int, ...] = ()


@dataclass(frozen=True)
class Image:
    """A PNG image (its bytes) with a text alternative."""

    png: bytes
    alt: str


Block = Text | Math | Table | Image


# Characters that \text{} cannot hold as they are, written in math mode between two
# \text{} pieces (so the result is right in LaTeX and in MathJax, which has no text-mode macros).
_TEX_SPECIAL = {
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "\\": r"\backslash",
    "^": r"{}^{\wedge}",
    "~": r"\sim",
}


def _tex_text(text: str, macro: str = "text") -> str:
    r"""Plain text as LaTeX math: ``\text{...}`` pieces, special characters in math mode.

    >>> print(_tex_text("2^e, 50%"))
    \text{2}{}^{\wedge}\text{e, 50}\%
    """
    out = []
    piece = ""
    for ch in text.replace("\n", " "):
        if ch in _TEX_SPECIAL:
            if piece:
                out.append(rf"\{macro}{{{piece}}}")
                piece = ""
            out.append(_TEX_SPECIAL[ch])
        else:
            piece += ch
    if piece or not out:
        out.append(rf"\{macro}{{{piece}}}")
    return "".join(out)


def _md(text: str) -> str:
    """Plain text in Markdown: the characters that would start emphasis, code, math,
    HTML or a table cell escaped; one line."""
    out = "".join("\\" + ch if ch in "\\`*_$|<>[]" else ch for ch in text)
    return out.replace("\n", " ")


_esc = functools.partial(html.escape, quote=False)  # text, not attribute values: ' and " stay


def to_html(blocks: Sequence[Block]) -> str:
    """The blocks as an HTML fragment (math in elements of class ``math``)."""
    out = ['<div class="tanhproof">']
    for b in blocks:
        if isinstance(b, Text):
            text = _esc(b.text)
            out.append(f"<p><strong>{text}</strong></p>" if b.strong else f"<p>{text}</p>")
        elif isinstance(b, Math):
            note = f" {_esc(b.note)}" if b.note else ""
            out.append(f'<div class="math notranslate nohighlight">\\[{_esc(b.tex)}\\]</div>{note}')
        elif isinstance(b, Table):
            head = "".join(f"<th>{_esc(h)}</th>" for h in b.header)
            rows = []
            for row in b.rows:
                cells = []
                for i, cell in enumerate(row):
                    if i in b.math_columns:
                        cells.append(
                            f'<td><span class="math notranslate nohighlight">\\({_esc(cell)}\\)</span></td>'
                        )
                    else:
                        cells.append(f"<td>{_esc(cell)}</td>")
                rows.append("<tr>" + "".join(cells) + "</tr>")
            caption = f"<caption>{_esc(b.units)}</caption>" if b.units else ""
            out.append(
                f"<table>{caption}<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            )
        else:
            data = base64.b64encode(b.png).decode("ascii")
            out.append(f'<img src="data:image/png;base64,{data}" alt="{html.escape(b.alt)}"/>')
    out.append("</div>")
    return "\n".join(out)


def to_markdown(blocks: Sequence[Block]) -> str:
    """The blocks as Markdown (math between ``$$``, tables in pipes)."""
    out = []
    for b in blocks:
        if isinstance(b, Text):
            out.append(f"**{_md(b.text)}**" if b.strong else _md(b.text))
        elif isinstance(b, Math):
            out.append(f"$${b.tex}$$" + (f"\n\n{_md(b.note)}" if b.note else ""))
        elif isinstance(b, Table):
            lines = ["| " + " | ".join(_md(h) for h in b.header) + " |"]
            lines.append("|" + "---|" * len(b.header))
            for row in b.rows:
                # a | inside math (\left|x\right|) would end the cell: \vert is the same bar
                cells = [
                    f"${c.replace('|', chr(92) + 'vert ')}$" if i in b.math_columns else _md(c)
                    for i, c in enumerate(row)
                ]
                lines.append("| " + " | ".join(cells) + " |")
            if b.units:
                lines += ["", f"*{_md(b.units)}*"]
            out.append("\n".join(lines))
        else:
            data = base64.b64encode(b.png).decode("ascii")
            out.append(f"![{_md(b.alt)}](data:image/png;base64,{data})")
    return "\n\n".join(out)


def to_latex(blocks: Sequence[Block]) -> str:
    """The blocks as one displayed LaTeX formula (what MathJax and ``$$`` accept):
    text in ``\\text{}``, tables as arrays; images are left out (LaTeX has no inline PNG)."""
    rows = []
    for b in blocks:
        if isinstance(b, Text):
            rows.append(_tex_text(b.text, "textbf" if b.strong else "text"))
        elif isinstance(b, Math):
            rows.append(b.tex + (rf" \quad {_tex_text(b.note)}" if b.note else ""))
        elif isinstance(b, Table):
            cols = "l" * len(b.header)
            lines = [rf"\begin{{array}}{{{cols}}}"]

            def cell(i: int, c: str, t: Table = b) -> str:
                return c if i in t.math_columns else _tex_text(c)

            lines.append(" & ".join(_tex_text(h) for h in b.header) + r" \\ \hline")
            body = [" & ".join(cell(i, c) for i, c in enumerate(row)) for row in b.rows]
            lines.append(" \\\\\n".join(body))
            lines.append(r"\end{array}")
            rows.append("\n".join(lines))
            if b.units:
                rows.append(_tex_text(b.units))
    return "$$\\begin{array}{l}\n" + " \\\\\n".join(rows) + "\n\\end{array}$$"


class RichDisplay:
    """Mixin: ``_repr_html_``, ``_repr_markdown_`` and ``_repr_latex_`` from the
    blocks that the class's ``_blocks()`` returns."""

    __slots__ = ()

    def _blocks(self) -> list[Block]:  # pragma: no cover - every user defines it
        raise NotImplementedError

    def _repr_html_(self) -> str:
        return to_html(self._blocks())

    def _repr_markdown_(self) -> str:
        return to_markdown(self._blocks())

    def _repr_latex_(self) -> str:
        return to_latex(self._blocks())
