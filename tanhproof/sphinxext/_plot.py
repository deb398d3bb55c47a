"""The ``tanhproof:plot`` directive: curves sampled by the library, drawn by matplotlib.

``.. tanhproof:plot:: tanh(x), diff(tanh(x), x)``
    one curve per expression (separated by top-level commas), with a legend.
    Options: ``:range: -4, 4`` (default ``-4, 4``), ``:points: N`` (default
    ``tanhproof_plot_points``), ``:width:``/``:height:`` in inches (6 and 3.5),
    ``:caption:`` text, ``:labels:`` legend labels separated by ``;``.

The values come from :func:`tanhproof.numeric._sampling.sample` when the document is read
(undefined points are gaps). The SVG is drawn then too, so that a figure
matplotlib cannot draw (a label its mathtext cannot read) is a failed check at the
directive's ``file:line`` like any other; it is written when the HTML is written, in
one step (:func:`tanhproof.sphinxext._files.write_atomically`), into the output's
``_images`` folder under a name that hashes its data. Other builders show the
caption only. Needs matplotlib (the ``plot`` extra).

Examples
========

>>> split_top_level("tanh(x), diff(tanh(x), x)")
['tanh(x)', 'diff(tanh(x), x)']
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any, ClassVar

import sympy
from docutils import nodes
from docutils.parsers.rst import directives

from tanhproof.expr._errors import ParseError, TanhproofError
from tanhproof.sphinxext._base import TanhproofDirective
from tanhproof.sphinxext._files import write_atomically

__all__ = ["PlotDirective", "plot_node", "register", "split_top_level"]


def split_top_level(text: str) -> list[str]:
    """Split ``text`` at the commas outside parentheses."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return parts


def _inches(argument: str) -> float:
    value = float(argument)
    if not 0 < value <= 40:
        raise ValueError(f"size {argument!r} out of range; inches between 0 and 40")
    return value


class plot_node(nodes.General, nodes.Element):
    """A figure to draw: ``curves`` (label, xs, ys), ``size``, ``caption``."""


class PlotDirective(TanhproofDirective):
    """``.. tanhproof:plot:: EXPR[, EXPR ...]``: a figure with a legend."""

    kind = "plot"
    required_arguments = 1
    final_argument_whitespace = True
    option_spec: ClassVar[dict[str, Any]] = {
        "range": directives.unchanged,
        "points": directives.positive_int,
        "width": _inches,
        "height": _inches,
        "caption": directives.unchanged,
        "labels": directives.unchanged,
    }

    def check(self) -> list[nodes.Node]:
        from tanhproof import parse
        from tanhproof.numeric._sampling import sample
        from tanhproof.proof._exact import proved_equal

        texts = [t for t in split_top_level(" ".join(self.arguments[0].split())) if t]
        if not texts:
            raise ParseError(f"no expression to plot in {self.arguments[0]!r}")
        bounds = [b.strip() for b in self.options.get("range", "-4, 4").split(",")]
        if len(bounds) != 2:
            raise ParseError(f"range {self.options['range']!r} is not 'START, STOP'")
        labels = [s.strip() for s in self.options.get("labels", "").split(";") if s.strip()]
        if labels and len(labels) != len(texts):
            raise ParseError(f"{len(labels)} labels for {len(texts)} expressions")
        points = self.options.get("points", self.config.tanhproof_plot_points)
        curves = []
        for k, text in enumerate(texts):
            s = sample(parse(text), bounds[0], bounds[1], points=points, exact=proved_equal)
            label = labels[k] if labels else f"${sympy.latex(parse(text))}$"
            curves.append((label, list(s.xs), list(s.ys)))
        node = plot_node()
        node["curves"] = curves
        node["size"] = (self.options.get("width", 6), self.options.get("height", 3.5))
        node["caption"] = self.options.get("caption", "")
        node["alt"] = "plot of " + ", ".join(texts)
        try:  # drawn now, so that a figure that cannot be drawn fails at this directive
            node["svg"] = _svg(node).decode("utf-8")
        except ValueError as exc:  # e.g. a label that matplotlib's mathtext cannot read
            raise TanhproofError(
                f"matplotlib cannot draw this figure: {' '.join(str(exc).split())}"
            ) from None
        self.set_source_info(node)
        self.record("plot " + ", ".join(texts), "sampled")
        return [node]


def _svg(node: plot_node) -> bytes:
    try:
        import matplotlib
        from matplotlib.figure import Figure
    except ImportError:
        raise TanhproofError("tanhproof:plot needs matplotlib: pip install 'tanhproof[plot]'") from None

    with matplotlib.rc_context({"svg.hashsalt": "tanhproof"}):  # reproducible SVG ids
        return _draw(Figure(figsize=node["size"]), node)


def _draw(fig: Any, node: plot_node) -> bytes:
    import io

    ax = fig.add_subplot()
    for label, xs, ys in node["curves"]:
        ax.plot(xs, [float("nan") if y is None else y for y in ys], label=label)
    ax.axhline(0, color="0.6", linewidth=0.6)
    ax.axvline(0, color="0.6", linewidth=0.6)
    ax.grid(True, linewidth=0.3)
    ax.set_xlabel("$x$")
    ax.legend()
    fig.tight_layout()
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def visit_html(self: Any, node: plot_node) -> None:
    key = json.dumps([node["curves"], node["size"]], sort_keys=True).encode()
    name = f"tanhproof-plot-{hashlib.sha256(key).hexdigest()[:16]}.svg"
    target = Path(self.builder.outdir) / self.builder.imagedir / name
    if not target.exists():
        write_atomically(target, node["svg"].encode("utf-8") if "svg" in node else _svg(node))
    src = f"{self.builder.imgpath}/{name}"
    alt = self.encode(node["alt"])
    self.body.append(f'<figure class="tanhproof-plot"><img src="{src}" alt="{alt}" />')
    if node["caption"]:
        self.body.append(f"<figcaption>{self.encode(node['caption'])}</figcaption>")
    self.body.append("</figure>\n")
    raise nodes.SkipNode


def visit_other(self: Any, node: plot_node) -> None:
    """Builders other than HTML leave the figure out."""
    raise nodes.SkipNode


def register(app: Any) -> None:
    """Add :class:`plot_node` with its HTML and fallback visitors."""
    others = {fmt: (visit_other, None) for fmt in ("latex", "text", "man", "texinfo")}
    app.add_node(plot_node, html=(visit_html, None), **others)
