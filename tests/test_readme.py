"""The README stays true: its two commands are exactly there and its Python session runs."""

from __future__ import annotations

import doctest
import re
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


def test_readme_lists_exactly_the_public_names():
    """The README's sentence on ``tanhproof.__all__`` names every public name, and only those."""
    import tanhproof

    text = README.read_text(encoding="utf-8")
    start = text.index("The public names are listed in `tanhproof.__all__`:")
    paragraph = text[start : text.index("Each layer of the library", start)]
    named = set(re.findall(r"`([\w.]+)`", paragraph)) - {"tanhproof.__all__"}
    assert named == set(tanhproof.__all__)


def test_readme_command_line_shows_one_output_option():
    """Issue 15: the summary shows ``--format``/``-f`` with ``--json`` as its synonym, ``--fmt`` apart."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Command line") :]
    section = section[: section.index("\n## ")]
    assert "`--format FORMAT` (`-f FORMAT`)" in section and "`--json` the same as `--format json`" in section
    assert "[--json]" not in section and "[--format json]" not in section  # no per-command variants
