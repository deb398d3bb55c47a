"""Checkpoints: an audit's finished shards on disk, so that a killed audit resumes where it stopped.

A checkpoint is a text file of JSON lines. The first line says which audit it belongs
to -- target, reference, format, rounding mode, inputs, seed, shard size, ULP limit and
the tanhproof version -- and every further line is one finished shard: its index and
its :class:`~tanhproof.audits._accuracy.Tally`, every float written exactly (in hex). :meth:`Checkpoint.open` creates the file or reads
it back; :meth:`Checkpoint.record` appends a shard.

Explanation
===========

**Atomic.** The first line is written to a temporary file, flushed, synced and renamed
into place, so the file either does not exist or holds its whole header. A shard is
one ``write`` of one line with ``O_APPEND``, then ``fsync``: after a ``kill -9`` (or a
power cut) at any moment, the file ends with whole lines, except perhaps a last line
cut short, which is dropped when the file is opened again (that shard runs again).

**Resuming.** The same command with the same file runs only the shards the file does
not hold and merges them with the recorded ones, in shard order as every audit does
(the float sum of errors is the one number that depends on the order), so the final
report -- points, maximum, mean, histogram, worst inputs -- is the one an uninterrupted
run gives. A file made by
a different audit (any header field differs, the tanhproof version included) is refused
with a one-line :class:`CheckpointError`, and so is a file that is not a checkpoint.
Failed shards are not recorded: a new run tries them again. A callable target is
recorded by its name only; its code is the caller's to keep the same.

Examples
========

>>> import os, tempfile
>>> from tanhproof.audits._accuracy import Tally
>>> path = os.path.join(tempfile.mkdtemp(), "audit.ckpt")
>>> header = {"target": "numpy.tanh", "fmt": "binary16", "inputs": "exhaustive"}
>>> with Checkpoint.open(path, header) as ck:
...     ck.record(4, Tally(points=7, shards=1))
>>> with Checkpoint.open(path, header) as ck:
...     sorted(ck.done), ck.done[4].points
([4], 7)
>>> Checkpoint.open(path, {**header, "fmt": "binary32"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tanhproof.audits._checkpoint.CheckpointError: checkpoint '...audit.ckpt' belongs to another audit: its fmt is 'binary16', this audit's is 'binary32'; give another file or delete it
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from typing import Any, Self

import numpy as np

from tanhproof.audits._accuracy import CATEGORIES, Tally
from tanhproof.audits._accuracyreport import Point
from tanhproof.expr._errors import TanhproofError

__all__ = ["FORMAT", "Checkpoint", "CheckpointError", "decode_tally", "encode_tally"]

#: The ``tanhproof_checkpoint`` value in a checkpoint's first line (its file format's version).
FORMAT = 1


class CheckpointError(TanhproofError, ValueError):
    """A checkpoint file that cannot be used for this audit (one line, naming the file)."""


def _f(v: float) -> str:
    return float(v).hex()


def _point(p: Point | None) -> list[str] | None:
    return None if p is None else [_f(p.x), _f(p.got), _f(p.expected), _f(p.ulp)]


def _unpoint(v: list[str] | None) -> Point | None:
    return None if v is None else Point(*(float.fromhex(t) for t in v))


def encode_tally(t: Tally) -> dict[str, Any]:
    """A JSON-ready dict that :func:`decode_tally` turns back into an equal Tally, exactly.

    >>> t = Tally(points=3, sum_ulp=0.1, worst=Point(0.5, 0.25, 0.3, 1.5))
    >>> u = decode_tally(json.loads(json.dumps(encode_tally(t))))
    >>> (u.points, u.sum_ulp == t.sum_ulp, u.worst == t.worst)
    (3, True, True)
    """
    kept = np.flatnonzero(t.profile >= 0)
    return {
        "points": t.points,
        "counts": t.counts,
        "measured": t.measured,
        "finite": t.finite,
        "sum_ulp": _f(t.sum_ulp),
        "worst": _point(t.worst),
        "histogram": [int(n) for n in t.histogram],
        "not_correctly_rounded": t.not_correctly_rounded,
        "zero_where_nonzero": t.zero_where_nonzero,
        "first_zero_where_nonzero": (
            None if t.first_zero_where_nonzero is None else _f(t.first_zero_where_nonzero)
        ),
        "wrong_sign": t.wrong_sign,
        "slow_path": t.slow_path,
        "undefined": t.undefined,
        "failed": t.failed,
        "mismatches": t.mismatches,
        "special_worst": {c: _point(p) for c, p in t.special_worst.items()},
        "examples": {c: [_point(p) for p in ps] for c, ps in t.examples.items()},
        "profile": [[int(i), _f(t.profile[i])] for i in kept],
        "shards": t.shards,
    }


def decode_tally(d: dict[str, Any]) -> Tally:
    """The Tally that :func:`encode_tally` wrote."""
    profile = Tally().profile
    for i, v in d["profile"]:
        profile[int(i)] = float.fromhex(v)
    first = d["first_zero_where_nonzero"]
    return Tally(
        points=int(d["points"]),
        counts={c: int(d["counts"][c]) for c in CATEGORIES},
        measured=int(d["measured"]),
        finite=int(d["finite"]),
        sum_ulp=float.fromhex(d["sum_ulp"]),
        worst=_unpoint(d["worst"]),
        histogram=np.array(d["histogram"], dtype=np.int64),
        not_correctly_rounded=int(d["not_correctly_rounded"]),
        zero_where_nonzero=int(d["zero_where_nonzero"]),
        first_zero_where_nonzero=None if first is None else float.fromhex(first),
        wrong_sign=int(d["wrong_sign"]),
        slow_path=int(d["slow_path"]),
        undefined=int(d["undefined"]),
        failed=int(d["failed"]),
        mismatches={c: int(d["mismatches"][c]) for c in CATEGORIES[1:]},
        special_worst={c: _unpoint(d["special_worst"][c]) for c in CATEGORIES[1:]},
        examples={c: tuple(p for p in map(_unpoint, ps) if p is not None) for c, ps in d["examples"].items()},
        profile=profile,
        shards=int(d["shards"]),
    )


def _fsync_dir(path: str) -> None:
    try:
        fd = os.open(os.path.dirname(os.path.abspath(path)), os.O_RDONLY)
    except OSError:  # pragma: no cover - not POSIX
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(fd)


def _shown(v: Any) -> str:
    return repr(v) if not isinstance(v, float) or math.isfinite(v) else str(v)


class Checkpoint:
    """An open checkpoint file: ``done`` maps shard indices to their recorded tallies."""

    def __init__(self, path: str, fd: int, done: dict[int, Tally]):
        self.path = path
        self._fd = fd
        self.done = done

    @classmethod
    def open(cls, path: str | os.PathLike, header: dict[str, Any]) -> Self:
        """Open ``path`` for the audit described by ``header`` (JSON values): create it,
        or read the shards it holds after checking that it belongs to this audit."""
        path = os.fspath(path)
        head = {"tanhproof_checkpoint": FORMAT, **header}
        if os.path.isdir(path):
            raise CheckpointError(f"checkpoint {path!r} is a folder; give a file name")
        try:
            if not os.path.exists(path):
                cls._create(path, head)
            fd = os.open(path, os.O_RDWR | os.O_APPEND)
        except OSError as exc:
            raise CheckpointError(f"checkpoint {path!r} cannot be opened: {exc.strerror or exc}") from None
        try:
            done = cls._read(path, fd, head)
        except BaseException:
            os.close(fd)
            raise
        return cls(path, fd, done)

    @staticmethod
    def _create(path: str, head: dict[str, Any]) -> None:
        directory = os.path.dirname(os.path.abspath(path))
        fd, tmp = tempfile.mkstemp(dir=directory, prefix=".tanhproof-checkpoint-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.write(json.dumps(head, sort_keys=True) + "\n")
                out.flush()
                os.fsync(out.fileno())
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, path)
        except BaseException:
            if os.path.exists(tmp):
                os.unlink(tmp)
            raise
        _fsync_dir(path)

    @staticmethod
    def _read(path: str, fd: int, head: dict[str, Any]) -> dict[int, Tally]:
        with open(path, "rb") as f:
            data = f.read()
        lines = data.split(b"\n")
        tail = lines.pop()  # after the last newline: empty, or a line cut short by a kill
        if tail:
            os.ftruncate(fd, len(data) - len(tail))
        not_one = f"checkpoint {path!r} is not a tanhproof checkpoint"
        try:
            found = json.loads(lines[0]) if lines else None
        except ValueError:
            found = None
        if not isinstance(found, dict) or found.get("tanhproof_checkpoint") != FORMAT:
            raise CheckpointError(f"{not_one} (or one of another format); give another file")
        for key in sorted(set(head) | set(found)):
            if found.get(key) != head.get(key):
                raise CheckpointError(
                    f"checkpoint {path!r} belongs to another audit: its {key} is {_shown(found.get(key))}, "
                    f"this audit's is {_shown(head.get(key))}; give another file or delete it"
                )
        done: dict[int, Tally] = {}
        for number, line in enumerate(lines[1:], start=2):
            try:
                record = json.loads(line)
                done[int(record["shard"])] = decode_tally(record["tally"])
            except (ValueError, KeyError, TypeError, IndexError):
                raise CheckpointError(f"{not_one}: line {number} is damaged; give another file") from None
        return done

    def record(self, index: int, tally: Tally) -> None:
        """Append shard ``index``'s tally: one write of one line, then fsync."""
        line = json.dumps({"shard": index, "tally": encode_tally(tally)}, separators=(",", ":")) + "\n"
        data = line.encode()
        written = os.write(self._fd, data)
        while written < len(data):  # a short write (a full disk raises instead)
            written += os.write(self._fd, data[written:])
        os.fsync(self._fd)
        self.done[index] = tally

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
