"""Code quality gates, run by the test suite: ruff (lint and format), mypy and import-linter.

Each tool runs as a subprocess of this interpreter with the configuration in
pyproject.toml, on this checkout, and must exit 0; on failure the test shows what the
tool printed. A tool that is not installed is skipped, saying how to install it (the
``test`` extra brings all three). The layer contract is also shown to bite: a copy of
the package with one wrong import (a lower room importing a higher one) fails it.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
PACKAGE = REPO / "tanhproof"

LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
)


def require(module: str, project: str) -> None:
    if importlib.util.find_spec(module) is None:
        pytest.skip(f"{project} is not installed (pip install '.[test]' brings it)")


def run(args: list[str], cwd: Path = REPO, pythonpath: Path = REPO, timeout: float = 900) -> tuple[int, str]:
    """Run ``python <args>`` in ``cwd`` with ``pythonpath`` first on the path (so that
    the tools analyse that tree, not an installed copy); the exit code and the output."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(pythonpath), env.get("PYTHONPATH")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    return done.returncode, f"$ python {' '.join(args)}\n{done.stdout}{done.stderr}"


def test_ruff_check():
    require("ruff", "ruff")
    code, output = run(["-m", "ruff", "check", "--no-cache", "."])
    assert code == 0, output


def test_ruff_format():
    require("ruff", "ruff")
    code, output = run(["-m", "ruff", "format", "--check", "--no-cache", "."])
    assert code == 0, output


@pytest.mark.slow
def test_mypy():
    require("mypy", "mypy")
    code, output = run(["-m", "mypy", "tanhproof"])
    assert code == 0, output


def lint_imports(cwd: Path) -> tuple[int, str]:
    return run(["-c", LINT_IMPORTS, "pyproject.toml", "--no-cache"], cwd=cwd, pythonpath=cwd)


def test_import_contracts_are_kept():
    """The rooms are layers (expr < numeric < proof < audits < render < front ends) and
    there are no import circles inside a room (the contracts in pyproject.toml)."""
    require("importlinter", "import-linter")
    code, output = lint_imports(REPO)
    assert code == 0, output


def test_a_wrong_import_breaks_the_layer_contract(tmp_path):
    """A copy of the package where a module of the lowest room imports the audits room
    fails ``lint-imports``, and the report names both modules."""
    require("importlinter", "import-linter")
    shutil.copytree(PACKAGE, tmp_path / "tanhproof", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy(REPO / "pyproject.toml", tmp_path / "pyproject.toml")
    victim = next(
        p for p in sorted((tmp_path / "tanhproof" / "expr").glob("_*.py")) if p.name != "__init__.py"
    )
    victim.write_text(
        victim.read_text(encoding="utf-8") + "\nfrom tanhproof.audits import _run  # deliberately wrong\n",
        encoding="utf-8",
    )
    code, output = lint_imports(tmp_path)
    assert code != 0, output
    assert "BROKEN" in output, output
    assert f"tanhproof.expr.{victim.stem} -> tanhproof.audits._run" in output, output
