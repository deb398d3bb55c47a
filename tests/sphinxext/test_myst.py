"""Issue 15: the Sphinx extension in MyST Markdown pages (myst-parser).

The directives are fences (```` ```{tanhproof:identity} A == B ```` with ``:option:`` lines),
the value role is ``{tanhproof:value}`...```. A Markdown root proves, refutes (the build fails
naming ``index.md:LINE``) and plots; the line numbers below are those of the roots' sources.
Skipped without Sphinx, myst-parser or matplotlib (the ``docs`` extra).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from io import StringIO
from pathlib import Path

import pytest

pytest.importorskip("sphinx")
pytest.importorskip("myst_parser")
pytest.importorskip("matplotlib")

ROOTS = Path(__file__).parent / "roots"
MATHJAX = Path(__file__).parents[2] / "docs" / "_static" / "mathjax" / "tex-chtml.js"


@pytest.fixture
def build(tmp_path):
    """build(root, **overrides): copy roots/test-<root> and build it as HTML with sphinx.testing."""
    from sphinx.testing.util import SphinxTestApp

    apps = []

    def run(root, **overrides):
        src = tmp_path / root
        shutil.copytree(ROOTS / f"test-{root}", src)
        app = SphinxTestApp(
            "html", srcdir=src, confoverrides=overrides, status=StringIO(), warning=StringIO()
        )
        apps.append(app)
        app.build()
        return app

    yield run
    for app in apps:
        app.cleanup()


def test_markdown_page_proves_refutes_as_expected_and_plots(build):
    import mpmath

    app = build("myst")
    warnings = app._warning.getvalue()
    assert app.statuscode == 0, warnings
    assert "tanhproof" not in warnings
    html = (Path(app.outdir) / "index.html").read_text()
    # the identity, its Markdown body (with dollar math) and its verdict
    assert r"\tanh{\left(- x \right)} = - \tanh{\left(x \right)}" in html
    assert "tanh is <strong>odd</strong>" in html and r"\(\tanh(0) = 0\)" in html
    # 1 identity + 4 derivation steps + 1 inequality proved; the :expect: refuted identity shown false
    assert html.count("✔ proved") >= 6 and "✘ refuted" in html
    assert "Derivation of " in html and "<strong>quotient</strong>" in html
    # the role's digits, checked against mpmath at 50 digits (an independent evaluation)
    mpmath.mp.dps = 50
    expected = mpmath.nstr(mpmath.tanh(mpmath.mpf(1) / 2), 20, strip_zeros=False)
    assert f'<span class="pre">{expected}</span>' in html
    # the plot: a figure with its caption, its SVG written into _images
    figure = re.search(r'<figure class="tanhproof-plot"><img src="(_images/[^"]+\.svg)"', html)
    assert figure and "<figcaption>tanh and its derivative</figcaption>" in html
    assert (Path(app.outdir) / figure.group(1)).stat().st_size > 10_000
    # every check is recorded at the line of its fence (or of the role) in index.md
    checks = {(line, kind) for _, line, kind, _, _ in app.env.get_domain("tanhproof").checks()}
    assert checks == {
        (4, "value"),
        (6, "identity"),
        (10, "derivation"),
        (15, "inequality"),
        (19, "identity"),
        (23, "plot"),
        (28, "identity"),
    }
    # the certificates name the Markdown source and line
    sources = {c["source"] for c in app.env.get_domain("tanhproof").certificates()["index"]}
    assert sources == {"index.md:6", "index.md:10", "index.md:19", "index.md:28"}
    # caveats in the claims' notation, as the command line writes them (not the prover's text)
    assert "caveats: atanh(x) needs |x| &lt; 1; log((x + 1)/(1 − x))/2 needs " in html
    assert ": needs" not in html and "!=" not in html


def test_markdown_failures_name_the_md_file_and_line(build):
    app = build("myst-refuted")
    warnings = app._warning.getvalue()
    assert app.statuscode == 1
    assert re.search(
        r"index\.md:5: ERROR: tanhproof:identity: refuted: diff\(tanh\(x\), x\) == 1 - tanh\(x\) at x = ",
        warnings,
    )
    # a role is reported at its own line, not at the line its paragraph starts on (8), in both syntaxes
    assert re.search(r"index\.md:9: ERROR: tanhproof:value: unknown function 'tanhh'", warnings)
    assert re.search(r"page\.rst:5: ERROR: tanhproof:value: unknown function 'tanhh'", warnings)
    assert re.search(r"index\.md:11: ERROR: tanhproof:plot: empty range", warnings)
    summary = warnings[warnings.index("4 tanhproof checks failed:") :]
    assert [re.search(r"\w+\.(md|rst):\d+", line).group() for line in summary.splitlines()[1:5]] == [
        "index.md:5",
        "index.md:9",
        "index.md:11",
        "page.rst:5",
    ]


def test_sphinx_build_exits_1_on_a_refuted_markdown_claim(tmp_path):
    from sphinx.cmd.build import build_main

    status = build_main(["-q", "-b", "html", str(ROOTS / "test-myst-refuted"), str(tmp_path / "out")])
    assert status == 1


def test_markdown_page_typesets_its_math_in_chromium(build, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip(
            "chromium is not installed (Debian package 'chromium'): no headless check that the "
            "MyST page's formulas are typeset; the HTML checks passed"
        )
    if not MATHJAX.exists():
        pytest.skip("MathJax not fetched (docs/fetch_mathjax.py): nothing offline to typeset with")
    app = build("myst", mathjax_path=MATHJAX.as_uri())
    assert app.statuscode == 0, app._warning.getvalue()
    page = Path(app.outdir) / "index.html"
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=15000"]
    run = subprocess.run(
        [*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120, check=False
    )
    dom = run.stdout
    # MathJax replaces each \(...\) and \[...\] by an mjx-container once typeset
    math = len(re.findall(r'<span class="math notranslate nohighlight">|<div class="math', page.read_text()))
    assert math >= 8 and dom.count("<mjx-container") >= math, run.stderr[-2000:]
    assert r"\tanh{\left(- x \right)}" not in dom  # no formula left as TeX source
    shot = tmp_path / "myst.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1200,2400", page.as_uri()], timeout=120, check=False
    )
    assert shot.exists() and shot.stat().st_size > 10_000
