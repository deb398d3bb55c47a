"""Fetch MathJax 3 from the npm registry into ``docs/_static/mathjax/`` (offline math).

The documentation typesets formulas with MathJax served from its own
``_static/mathjax/`` folder, never from a CDN, so the built site works without
network access. This script downloads the ``mathjax`` package (version
:data:`VERSION`) from the npm registry, checks its SHA-512 integrity against the
registry's metadata, and copies the parts the ``tex-chtml`` component needs:
``es5/tex-chtml.js``, its web fonts, the TeX extensions it may autoload and the
assistive-MathML component (about 1.5 MB; the folder is git-ignored). ``conf.py``
runs it when the folder is missing; run it by hand with::

    python docs/fetch_mathjax.py

Only the npm registry is contacted (CI may reach package registries only).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "3.2.2"
REGISTRY = "https://registry.npmjs.org/mathjax"
TARGET = Path(__file__).parent / "_static" / "mathjax"
KEEP = (
    "es5/tex-chtml.js",
    "es5/output/chtml/fonts/woff-v2/",
    "es5/input/tex/extensions/",
    "es5/a11y/assistive-mml.js",
)


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def fetch(target: Path = TARGET, version: str = VERSION) -> Path:
    """Download, verify and unpack MathJax into ``target``; return ``target/tex-chtml.js``."""
    meta = json.loads(_get(f"{REGISTRY}/{version}"))
    dist = meta["dist"]
    blob = _get(dist["tarball"])
    algorithm, _, expected = dist["integrity"].partition("-")
    if algorithm != "sha512" or base64.b64encode(hashlib.sha512(blob).digest()).decode() != expected:
        raise OSError(
            f"mathjax {version}: tarball does not match the registry's integrity {dist['integrity']}"
        )
    staging = target.with_name(target.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    with tarfile.open(fileobj=io.BytesIO(blob), mode="r:gz") as tar:
        for member in tar.getmembers():
            name = member.name.removeprefix("package/")
            if member.isfile() and name.startswith(KEEP) and ".." not in name:
                dest = staging / name.removeprefix("es5/")
                dest.parent.mkdir(parents=True, exist_ok=True)
                dest.write_bytes(tar.extractfile(member).read())
    (staging / "VERSION").write_text(version + "\n")
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)
    return target / "tex-chtml.js"


if __name__ == "__main__":
    print(fetch())
    sys.exit(0)
