"""The public API: ``tanhproof.__all__`` is sorted, complete and cheap to import."""

from __future__ import annotations

import inspect
import subprocess
import sys
from importlib.metadata import version

import pytest

import tanhproof

# The names the design documents as public (DESIGN.md, "Public API"), plus the version,
# the error classes and the result records those functions return.
PUBLIC = {
    "AccuracyReport",
    "CATALOG",
    "Counterexample",
    "Derivation",
    "DomainError",
    "Enclosure",
    "LIMITS",
    "LimitError",
    "ParseError",
    "Proof",
    "Step",
    "TanhproofError",
    "Verdict",
    "__version__",
    "audit",
    "derive",
    "enclose",
    "evaluate",
    "parse",
    "prove",
    "round_to",
}


def test_all_is_sorted():
    assert tanhproof.__all__ == sorted(tanhproof.__all__)


def test_all_is_exactly_the_public_names():
    assert len(tanhproof.__all__) == len(set(tanhproof.__all__))
    assert set(tanhproof.__all__) == PUBLIC


@pytest.mark.parametrize("name", sorted(PUBLIC))
def test_every_name_resolves(name):
    value = getattr(tanhproof, name)
    assert value is not None
    if inspect.isclass(value) or inspect.isfunction(value):
        assert value.__module__.startswith("tanhproof.")


def test_namespace_has_no_other_public_names():
    for name in tanhproof.__all__:
        getattr(tanhproof, name)
    public = {
        name
        for name, value in vars(tanhproof).items()
        if not name.startswith("_") and not inspect.ismodule(value)
    }
    assert public == PUBLIC - {"__version__"}
    assert set(dir(tanhproof)) >= PUBLIC


def test_unknown_attribute():
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        tanhproof.nope  # noqa: B018


def test_version_matches_metadata():
    assert tanhproof.__version__ == version("tanhproof")


@pytest.mark.parametrize(
    "code",
    [
        "import tanhproof",
        "import tanhproof.cli._main",
        "from tanhproof.cli._main import main; main(['--version'])",
    ],
)
def test_import_does_not_import_sympy(code):
    check = f"import sys\n{code}\nprint('sympy' in sys.modules, 'mpmath' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False False"
