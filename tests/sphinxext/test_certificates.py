"""Proofs that ship with the page (issue 17): each page's certificates, re-checked by the kernel.

The identity and derivation directives write their certificates to
``_certificates/<page>.json``, linked from the page next to each proof, and the
build re-checks every one with the independent kernel: a certificate it rejects
fails the build at the directive's ``file:line``. Inequalities, limits and shapes
are not re-checked (the kernel does not check them yet) and the page says so.
"""

from __future__ import annotations

import json
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest

pytest.importorskip("sphinx")

ROOT = Path(__file__).parent / "roots" / "test-certificates"


@pytest.fixture
def build(tmp_path):
    """build(builder="html"): a fresh copy of the test root, built in-process."""
    from sphinx.testing.util import SphinxTestApp

    apps = []

    def run(builder="html"):
        src = tmp_path / f"src-{len(apps)}"
        shutil.copytree(ROOT, src)
        app = SphinxTestApp(builder, srcdir=src, status=StringIO(), warning=StringIO())
        apps.append(app)
        app.build()
        return app, app._warning.getvalue(), Path(app.outdir)

    yield run
    for app in apps:
        app.cleanup()


def test_each_page_ships_its_certificates_and_links_them(build, capsys):
    from tanhproof.cli._main import main

    app, warnings, out = build()
    assert app.statuscode == 0, warnings
    path = out / "_certificates" / "index.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    kinds = [(c["kind"], c.get("verdict"), c["source"]) for c in doc["certificates"]]
    assert kinds == [
        ("derivation", None, "index.rst:4"),
        ("identity", "proved", "index.rst:6"),  # two pairs: two certificates
        ("identity", "proved", "index.rst:6"),
        ("identity", "proved", "index.rst:8"),  # the positive square root, with its hint
        ("identity", "refuted", "index.rst:10"),  # the counterexample, re-checked
    ]  # the inequality is not there
    assert doc["certificates"][3]["square_roots"]
    html = (out / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<a class="tanhproof-certificate[^"]*" href="([^"]+)">certificate</a>', html)
    assert links == ["_certificates/index.json"] * 4  # one per directive that wrote certificates
    assert html.count("✔ re-checked by the kernel") == 4
    assert "not re-checked by the kernel, which checks identities and derivations only" in html
    # a page in a folder links upwards
    page = (out / "guide" / "page.html").read_text(encoding="utf-8")
    assert 'href="../_certificates/guide/page.json"' in page
    assert (out / "_certificates" / "guide" / "page.json").is_file()
    # and tanhproof check, the command anyone can run, accepts both files
    for file in (path, out / "_certificates" / "guide" / "page.json"):
        assert main(["check", str(file)]) == 0
        assert "certificates accepted by the kernel" in capsys.readouterr().out


def test_a_tampered_certificate_fails_the_build_at_its_line(build, monkeypatch):
    """The certificate writer corrupts one coefficient (2*tanh -> 3*tanh: tanh(2x) is not
    3 tanh(x)/(1 + tanh(x)**2), e.g. at x = 1/2) and one step of the derivation: the
    kernel rejects both, and the build fails naming file:line."""
    from tanhproof.proof import _certificate as writer

    real = writer.certificate

    def tampered(record, lhs=None, rhs=None):
        cert = real(record, lhs, rhs)
        if cert.get("rhs") == "2*tanh(x)/(1 + tanh(x)**2)":
            cert["rhs"] = "3*tanh(x)/(1 + tanh(x)**2)"
        if cert["kind"] == "derivation":
            first = cert["steps"][0]["certificate"]
            cert["steps"][0]["certificate"] = {**first, "rhs": first["rhs"] + " + 1"}
        return cert

    monkeypatch.setattr(writer, "certificate", tampered)
    app, warnings, out = build()
    assert app.statuscode == 1
    assert re.search(
        r"index\.rst:6: ERROR: tanhproof:identity: the kernel rejected the certificate of "
        r"tanh\(2\*x\) = 3\*tanh\(x\)/\(1 \+ tanh\(x\)\*\*2\): rejected: the numerator of lhs - rhs "
        r"is not the zero polynomial",
        warnings,
    ), warnings
    assert re.search(r"index\.rst:4: ERROR: tanhproof:derivation: the kernel rejected", warnings), warnings
    html = (out / "index.html").read_text(encoding="utf-8")
    assert html.count("✘ rejected by the kernel") == 2
    # the file ships what was checked: tanhproof check rejects it too
    from tanhproof.cli._main import main

    assert main(["check", str(out / "_certificates" / "index.json")]) == 1


def test_other_builders_show_the_link_as_text(build):
    app, warnings, out = build("text")
    assert app.statuscode == 0, warnings
    text = " ".join((out / "index.txt").read_text(encoding="utf-8").split())  # lines are wrapped
    assert text.count("re-checked by the kernel (certificate)") == 4
    assert not (out / "_certificates").exists()  # only HTML builds ship the files
