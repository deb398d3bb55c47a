"""The extension's stylesheet: verdict colours and step layout (HTML only).

Examples
========

>>> "tanhproof-proved" in CSS
True
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tanhproof.sphinxext._files import write_atomically

__all__ = ["CSS", "register"]

CSS = """\
.tanhproof-verdict { font-weight: bold; white-space: nowrap; }
.tanhproof-proved { color: #1a7f37; }
.tanhproof-refuted { color: #cf222e; }
.tanhproof-undecided { color: #9a6700; }
.tanhproof-steps > li > div.math { margin: 0.2em 0; }
.tanhproof { border-left: 3px solid #d0d7de; padding-left: 0.8em; margin: 1em 0; }
figure.tanhproof-plot img { max-width: 100%; }
"""


def _write(app: Any, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_atomically(Path(app.builder.outdir) / "_static" / "tanhproof.css", CSS.encode("utf-8"))


def register(app: Any) -> None:
    """Link ``_static/tanhproof.css`` from every page and write it after the build."""
    app.add_css_file("tanhproof.css")
    app.connect("build-finished", _write)
