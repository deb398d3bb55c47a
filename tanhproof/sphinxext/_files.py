"""Files the extension writes into the output: whole or not at all.

:func:`write_atomically` writes to a temporary file in the target's folder and
renames it into place, so a build stopped half-way (a full disk, Ctrl-C) never
leaves half an SVG or stylesheet that a later incremental build would take for
finished, and parallel writers of the same file cannot interleave.

Examples
========

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> write_atomically(folder / "a" / "b.css", b"p {}")
>>> (folder / "a" / "b.css").read_bytes(), sorted(p.name for p in (folder / "a").iterdir())
(b'p {}', ['b.css'])
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(target: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to ``target`` (its folder is created), replacing it in one step."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; an output file is an ordinary one
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
