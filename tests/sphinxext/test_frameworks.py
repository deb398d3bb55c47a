"""docs/frameworks.rst: PyTorch's and JAX's backward formulas, proved while the page builds.

The page is built on its own (copied into a fresh source tree as its index), so the
test exercises the real directives, verdicts and kernel re-checks on the real page
without building the whole documentation; a mistyped formula in a test root must fail
the build at its ``file:line``.
"""

from __future__ import annotations

import re
import shutil
from io import StringIO
from pathlib import Path

import pytest

pytest.importorskip("sphinx")

ROOTS = Path(__file__).parent / "roots"
PAGE = Path(__file__).parents[2] / "docs" / "frameworks.rst"
DIRECTIVE = re.compile(r"^\.\. tanhproof:(identity|inequality)::")


def _build(src: Path):
    from sphinx.testing.util import SphinxTestApp

    warning = StringIO()
    app = SphinxTestApp("html", srcdir=src, status=StringIO(), warning=warning)
    try:
        app.build()
        return app.statuscode, warning.getvalue(), (Path(app.outdir) / "index.html").read_text()
    finally:
        app.cleanup()


def _directive_lines(text: str) -> list[int]:
    """1-based line numbers of the identity and inequality directives in ``text``."""
    return [n for n, line in enumerate(text.splitlines(), 1) if DIRECTIVE.match(line)]


def test_mistyped_formula_fails_the_build_at_its_file_and_line(tmp_path):
    src = tmp_path / "typo"
    shutil.copytree(ROOTS / "test-frameworks-typo", src)
    status, warnings, _ = _build(src)
    assert status == 1
    right, sign_typo, constant_typo = _directive_lines((src / "index.rst").read_text())
    for line in (sign_typo, constant_typo):
        assert re.search(rf"index\.rst:{line}: ERROR: tanhproof:identity: refuted: diff\(", warnings), (
            warnings
        )
    # the counterexample is named: an exact point
    assert re.search(rf"index\.rst:{sign_typo}: ERROR: .* at x = ", warnings), warnings
    # the formula as the code has it is not blamed
    assert f"index.rst:{right}:" not in warnings


def test_every_claim_on_the_frameworks_page_is_decided_as_stated(tmp_path):
    src = tmp_path / "frameworks"
    src.mkdir()
    shutil.copy(PAGE, src / "index.rst")
    (src / "conf.py").write_text(
        'extensions = ["tanhproof.sphinxext"]\ntanhproof_undecided_is_error = True\n', encoding="utf-8"
    )
    status, warnings, html = _build(src)
    assert status == 0, warnings
    assert not warnings.strip(), warnings  # what -W would turn into errors: nothing
    text = PAGE.read_text(encoding="utf-8")
    claims = len(_directive_lines(text))
    refuted = text.count(":expect: refuted")
    # the softplus threshold switch and GELU's tanh form, shown false with a counterexample
    assert refuted == 2
    assert html.count("✘ refuted") == refuted
    assert html.count("counterexample at x = ") == refuted
    assert html.count("✔ proved") >= claims - refuted
