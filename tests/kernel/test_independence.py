"""The kernel is independent: the standard library only, and small enough to read.

It is run in a subprocess where importing SymPy, python-flint, mpmath, numpy or any
other room of tanhproof fails, and it must still check certificates there; its
sources import nothing else (read with :mod:`ast`); its size, in lines, is the one
docs/certificates.rst states.
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import tanhproof as tp
from tanhproof.proof._certificate import certificate, document

KERNEL = Path(tp.__file__).resolve().parent / "_kernel"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "certificates.rst"
BLOCKED = ("sympy", "flint", "mpmath", "numpy", "tanhproof.expr", "tanhproof.numeric", "tanhproof.proof",
           "tanhproof.audits", "tanhproof.render", "tanhproof._api", "tanhproof._lazy", "tanhproof.cli")  # fmt: skip

_RUN = """
import json, sys
class Block:
    def find_spec(self, name, path=None, target=None):
        if any(name == b or name.startswith(b + ".") for b in {blocked!r}):
            raise ImportError("blocked: " + name)
sys.meta_path.insert(0, Block())
from tanhproof._kernel import check_document
results = check_document(json.loads(sys.stdin.read()))
print(json.dumps([r["accepted"] for r in results]))
print(sorted(m for m in sys.modules if m.split(".")[0] in ("sympy", "flint", "mpmath", "numpy")))
"""


def test_the_kernel_runs_with_the_heavy_libraries_blocked():
    certs = [
        certificate(tp.prove("tanh(2*x)", "2*tanh(x)/(1 + tanh(x)**2)")),
        certificate(tp.prove("cosh(x)**2 + sinh(x)**2", "1")),
        certificate(tp.derive("sigmoid")),
    ]
    done = subprocess.run(
        [sys.executable, "-c", _RUN.format(blocked=BLOCKED)],
        input=json.dumps(document(certs)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    accepted, loaded = done.stdout.splitlines()
    assert json.loads(accepted) == [True, True, True]
    assert loaded == "[]"


def test_the_kernel_imports_only_the_standard_library():
    for path in sorted(KERNEL.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or name.startswith("tanhproof._kernel"), (
                    path.name,
                    name,
                )


def test_the_docs_state_the_kernel_size():
    lines = sum(len(p.read_text(encoding="utf-8").splitlines()) for p in KERNEL.glob("*.py"))
    # 1040 lines before proofs by cases (about 265: _kcases.py, Piecewise) and roots of constants (10)
    assert lines <= 1320, f"the kernel has grown to {lines} lines: keep it readable in an hour"
    assert f"{lines} lines" in DOCS.read_text(encoding="utf-8"), (
        f"docs/certificates.rst must say {lines} lines"
    )
