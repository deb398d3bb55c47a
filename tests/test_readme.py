"""The README stays true: its two commands are exactly there and its Python session runs."""

from __future__ import annotations

import doctest
from pathlib import Path

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_gives_the_two_commands():
    text = README.read_text(encoding="utf-8")
    assert "\npython -m pip install . && tanhproof\n" in text
    assert "\npython -m pip install '.[test]' && python -m pytest\n" in text


def test_readme_python_session_runs():
    failures, tried = doctest.testfile(
        str(README),
        module_relative=False,
        encoding="utf-8",
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert tried >= 8
    assert failures == 0
