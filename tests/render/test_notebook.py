"""Records in notebooks (issue 15): short ``repr()``s, HTML/Markdown/LaTeX views, and the docs'
example notebook executed (nbclient + ipykernel) and rendered with its math typeset."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import tanhproof as tp
from tanhproof._notebook import MAX_REPR, short_repr
from tanhproof.audits._forms import rank_forms

DOCS = Path(__file__).resolve().parents[2] / "docs"
NOTEBOOK = DOCS / "notebook.ipynb"


@pytest.fixture(scope="module")
def records():
    x = np.array([0.5, 2.0, 4.75], dtype=np.float16)
    return {
        "derivation": tp.derive("tanh"),
        "second": tp.derive("sigmoid", order=2),
        "proved": tp.prove("tanh(x)**2 + sech(x)**2", "1"),
        "refuted": tp.prove("tanh(x)", "sinh(x)"),
        "enclosure": tp.enclose("tanh(x)", bits=64, x="1/2"),
        "huge": tp.enclose("exp(x)", x=10**6),
        "report": tp.audit("numpy.tanh", "tanh", "binary16", inputs=(0, 1), max_ulp=1, processes=0),
        "forms": rank_forms("tanh", "binary16", x, processes=0),
    }


def test_reprs_are_short(records):
    # Today repr(tp.derive("tanh")) is about 10,000 characters (every step, proof and certificate).
    for name, record in records.items():
        text = repr(record)
        assert len(text) <= MAX_REPR and "\n" not in text, (name, len(text))
        assert text.startswith("<") and text.endswith(">")
    assert (
        repr(records["derivation"])
        == "<Derivation d/dx tanh(x) = 1 - tanh(x)**2: 4 steps, 6 forms, all proved>"
    )
    assert repr(records["proved"]).startswith("<Proof proved: tanh(x)**2 + sech(x)**2 = 1 (")


@given(st.text(max_size=600))
def test_short_repr_is_at_most_200_characters_on_one_line(text):
    out = short_repr("Proof", text)
    assert len(out) <= MAX_REPR and "\n" not in out and out.startswith("<Proof ") and out.endswith(">")


def _balanced(tex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\[{}]|[{}]", tex):
        if m.group() in ("{", "}"):
            depth += 1 if m.group() == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def test_every_record_shows_html_markdown_and_latex(records):
    for name, record in records.items():
        html, md, latex = record._repr_html_(), record._repr_markdown_(), record._repr_latex_()
        assert html.startswith('<div class="tanhproof">') and md and latex.startswith("$$"), name
        assert _balanced(latex), name
        assert latex.count(r"\begin{array}") == latex.count(r"\end{array}"), name


def test_a_derivation_is_typeset_step_by_step(records):
    import sympy

    d = records["derivation"]
    html, latex = d._repr_html_(), d._repr_latex_()
    for chain in (d.steps, *d.branches):
        for step in chain:
            after = sympy.latex(step.after)
            assert after in latex and step.rule in html, step.rule
            assert f"\\({'= ' if chain is d.steps else ''}" in html
    # math goes in elements of class "math" (what MathJax typesets on a Sphinx page)
    assert html.count('class="math notranslate nohighlight"') >= len(d.steps) + 1
    for f in d.forms:
        assert sympy.latex(f.expr) in latex


def test_reports_are_tables_with_units_and_the_plot(records):
    for name in ("report", "forms", "enclosure"):
        html = records[name]._repr_html_()
        captions = re.findall(r"<table><caption>([^<]*)</caption>", html)
        assert captions and all(captions), name  # every table says its units
        assert len(captions) == html.count("<table>"), name
    report = records["report"]._repr_html_()
    assert "ULPs of binary16" in report and "<th>error (ULP)</th>" in report
    pytest.importorskip("matplotlib")
    assert '<img src="data:image/png;base64,' in report


def test_the_refuted_claim_is_not_shown_as_a_fact(records):
    md = records["refuted"]._repr_markdown_()
    assert (
        md.startswith("**refuted (") and r"\text{claim: }" in md and "certified counterexample at x = " in md
    )


def _execute(path: Path):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(DOCS)}}
    )
    client.execute()
    return nb


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
def test_the_docs_notebook_runs_and_shows_every_record():
    nb = _execute(NOTEBOOK)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(o.output_type != "error" for c in code for o in c.outputs)
    rich = [o["data"] for c in code for o in c.outputs if o.output_type == "execute_result"]
    assert len(rich) == 6
    for data in rich:
        assert {"text/html", "text/markdown", "text/latex", "text/plain"} <= set(data)
        assert len(data["text/plain"]) <= MAX_REPR
    html = "\n".join(d["text/html"] for d in rich)
    for title in (
        "Derivation of d/dx tanh(x)",
        "proved (",
        "refuted (",
        "Enclosure at 64 bits",
        "Forms of tanh'",
    ):
        assert title in html
    pytest.importorskip("matplotlib")
    assert "data:image/png;base64," in html


@pytest.fixture(scope="module")
def notebook_page(tmp_path_factory):
    """docs/notebook.ipynb built into HTML by a Sphinx project with the docs' settings (myst-nb runs it)."""
    pytest.importorskip("myst_nb")
    pytest.importorskip("ipykernel")
    mathjax = DOCS / "_static" / "mathjax"
    if not (mathjax / "tex-chtml.js").exists():
        pytest.skip("MathJax not fetched (docs/fetch_mathjax.py): no offline math to render with")
    src = tmp_path_factory.mktemp("nbdocs")
    shutil.copy(NOTEBOOK, src / "notebook.ipynb")
    (src / "_static").mkdir()
    shutil.copytree(mathjax, src / "_static" / "mathjax")
    (src / "conf.py").write_text(
        'extensions = ["sphinx.ext.mathjax", "myst_nb"]\n'
        'html_static_path = ["_static"]\n'
        'mathjax_path = "mathjax/tex-chtml.js"\n'
        'nb_execution_mode = "force"\n'
        "nb_execution_raise_on_error = True\n"
        'myst_enable_extensions = ["dollarmath"]\n'
        'root_doc = "notebook"\n'
    )
    out = src / "_build"
    import sys

    run = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    return out / "notebook.html"


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
def test_the_notebook_page_renders_its_outputs(notebook_page):
    page = notebook_page.read_text()
    assert "mathjax/tex-chtml.js" in page  # the page loads MathJax (it holds $...$ math)
    assert "Derivation of d/dx tanh(x)" in page and "<table>" in page
    assert r'<span class="math notranslate nohighlight">\(= 1 - \tanh^{2}{\left(x \right)}\)</span>' in page
    pytest.importorskip("matplotlib")
    assert "data:image/png;base64," in page


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
def test_the_notebook_page_typesets_its_math_in_chromium(notebook_page, tmp_path):
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        pytest.skip(
            "chromium is not installed (Debian package 'chromium'): no headless check that the "
            "notebook page's formulas are typeset; the HTML checks passed"
        )
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=15000"]
    run = subprocess.run(
        [*flags, "--dump-dom", notebook_page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    dom = run.stdout
    # MathJax replaces each \(...\) by an mjx-container once typeset, in the outputs' tables too
    assert dom.count("<mjx-container") >= 20, run.stderr[-2000:]
    assert r"\(= 1 - \tanh" not in dom  # no formula left as TeX source
    shot = tmp_path / "notebook.png"
    subprocess.run(
        [*flags, f"--screenshot={shot}", "--window-size=1200,2400", notebook_page.as_uri()],
        timeout=120,
        check=False,
    )
    assert shot.exists() and shot.stat().st_size > 10_000
