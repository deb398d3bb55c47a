"""Reading recorded results: an ``.npz`` of arrays, or NumPy's umath validation CSV.

Results computed elsewhere (a GPU, another machine, a C library) are audited from a
file; :func:`read_recorded` reads one and checks it, and every defect is a one-line
:class:`~tanhproof.audits.TargetError` naming the file (and the line of a CSV).
:class:`Recorded` is what the file holds as a function of the inputs: called on inputs
of the file, it returns the values recorded for them, looked up by bit pattern (so the
shards of an audit may come in any order; every NaN input is made quiet, as an audit's
inputs are); an input recorded twice with two different results is refused.
:func:`~tanhproof.audits.recorded` makes the :class:`~tanhproof.audits.Target` of it.

``.npz`` (``numpy.savez``)
    arrays ``x`` (the inputs) and ``y`` (the results), of one shape and of the format's
    dtype (float16, float32, float64; float32 holding bfloat16 values for bfloat16);
    optionally ``expected`` (what the recorder took for the correct results, same shape
    and dtype) and ``reference`` (a string: the catalog function the results compute).
    Without a format, the dtype of ``x`` gives it (float32 is binary32). Other arrays
    are ignored; pickled objects are refused.
``.csv`` (NumPy's ``numpy/_core/tests/data/umath-validation-set-<ufunc>.csv``)
    a header ``dtype,input,output,ulperrortol``, then rows such as
    ``np.float32,0xbe26ebb0,0xbe25752f,2``: the dtype (``np.float16``, ``np.float32``,
    ``np.float64``), the input's and the output's bit patterns in hex, and the tolerance
    in ULPs (an integer). Lines that start with ``#`` or ``$`` are comments, as NumPy's
    reader has them. The ``output`` column is both the recorded result and the value
    the file expects. One audit takes the rows of one dtype (a file often holds
    float32 and float64 rows); without a format, a file of one dtype gives it. A file
    named ``umath-validation-set-<ufunc>.csv`` names its function (``tanh``).

Examples
========

>>> import os, tempfile
>>> folder = tempfile.mkdtemp()
>>> path = os.path.join(folder, "umath-validation-set-tanh.csv")
>>> with open(path, "w") as out:
...     _ = out.write("dtype,input,output,ulperrortol\\n## comment ##\\nnp.float32,0x3f000000,0x3eec9a9f,2\\n")
>>> data = read_recorded(path, None)
>>> data.fmt, data.x.tolist(), data.rows.tolist(), data.reference, data.tolerance
('binary32', [0.5], [3], 'tanh', 2)
>>> read_recorded(path, "binary64")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tanhproof.audits.TargetError: recorded file '...umath-validation-set-tanh.csv' has no np.float64 rows (it has np.float32 rows): use --fmt binary32 (fmt='binary32')
>>> lookup = Recorded(data)
>>> lookup(np.array([0.5], dtype=np.float32)).view(np.uint32).tolist() == [0x3EEC9A9F]
True
>>> lookup(np.array([3.0], dtype=np.float32))  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tanhproof.audits.TargetError: recorded target '...umath-validation-set-tanh.csv' has no result for x = 0x1.8p+1 (3.0); its inputs are the file's
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tanhproof.audits._targeterror import TargetError, one_line
from tanhproof.audits._targetfunctions import catalog_name
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._formats import Format, get_format, to_hex

__all__ = [
    "CSV_FORMATS",
    "EXTENSIONS",
    "FileData",
    "Recorded",
    "is_recorded_path",
    "quiet_inputs",
    "read_recorded",
    "recorded_data",
]

#: The file name endings that make a target a recorded file.
EXTENSIONS = (".npz", ".csv")
_HEADER = ("dtype", "input", "output", "ulperrortol")
#: The CSV's dtypes (without ``np.``) and their formats.
CSV_FORMATS = {"float16": "binary16", "float32": "binary32", "float64": "binary64"}
_DTYPE_FORMATS = {np.dtype(np.float16): "binary16", np.dtype(np.float32): "binary32"}
_DTYPE_FORMATS[np.dtype(np.float64)] = "binary64"
_HEX = re.compile(r"0[xX][0-9a-fA-F]+\Z")
_NUMPY_NAME = re.compile(r"umath-validation-set-([a-z0-9_]+)\.csv\Z")


@dataclass(frozen=True, eq=False)
class FileData:
    """What a recorded file holds for one format: inputs ``x``, results ``y``, the
    recorded ``expected`` values (None when the file has none), each row's label
    (``rows``: CSV line numbers, ``.npz`` indices), the reference the file names (or
    None), the CSV's largest ``ulperrortol`` (None for ``.npz``) and the rows of other
    dtypes left out (``left_out``: CSV dtype -> count); ``names`` is the library
    function the file's name names (``numpy.tanh``), if any."""

    path: str
    kind: str
    fmt: str
    x: np.ndarray
    y: np.ndarray
    expected: np.ndarray | None
    rows: np.ndarray
    reference: str | None = None
    tolerance: int | None = None
    left_out: dict[str, int] = field(default_factory=dict)
    names: str | None = None


def is_recorded_path(target: Any) -> bool:
    """Whether ``target`` is a path to a recorded file (a string or path ending ``.npz`` or ``.csv``).

    >>> is_recorded_path("gpu-results.npz"), is_recorded_path("numpy.tanh")
    (True, False)
    """
    if isinstance(target, os.PathLike):
        target = os.fspath(target)
    return isinstance(target, str) and target.strip().lower().endswith(EXTENSIONS)


def _fail(path: str, message: str) -> TargetError:
    return TargetError(f"recorded file {path!r} {message}")


def _use(fmt: str) -> str:
    return f"use --fmt {fmt} (fmt={fmt!r})"


def read_recorded(path: Any, fmt: str | Format | None) -> FileData:
    """The recorded results in ``path`` (``.npz`` or ``.csv``) for ``fmt`` (None: the file's own)."""
    shown = os.fspath(path).strip() if isinstance(path, (str, os.PathLike)) else repr(path)
    if not is_recorded_path(shown):
        raise TargetError(f"recorded file {shown!r} should end in .npz or .csv")
    f = get_format(fmt) if fmt is not None else None
    if shown.lower().endswith(".npz"):
        return _read_npz(shown, f)
    return _read_csv(shown, f)


# --- .npz ----------------------------------------------------------------------------------------------------


def _read_npz(path: str, f: Format | None) -> FileData:
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {name: archive[name] for name in archive.files}
    except OSError as exc:
        raise _fail(path, f"cannot be read: {exc.strerror or one_line(str(exc))}") from None
    except (ValueError, zipfile.BadZipFile, EOFError) as exc:  # not an npz, or pickled objects in it
        raise _fail(path, f"is not a readable .npz file ({one_line(str(exc), 120)})") from None
    for name in ("x", "y"):
        if name not in arrays:
            present = ", ".join(sorted(arrays)) or "none"
            raise _fail(path, f"has no array {name!r} (it has: {present}); an .npz needs arrays x and y")
    x = arrays["x"]
    if x.ndim == 0 or x.size == 0:
        raise _fail(path, f"has an array x of shape {x.shape}; it needs at least one input")
    if x.dtype not in _DTYPE_FORMATS:
        raise _fail(path, f"has x of dtype {x.dtype}; x and y must be float16, float32 or float64 arrays")
    own = _DTYPE_FORMATS[x.dtype]
    if f is None:
        f = get_format(own)
    elif np.dtype(f.dtype) != x.dtype:
        raise _fail(path, f"holds {x.dtype} inputs ({own}), not {f.name} inputs: {_use(own)}")
    checked = {"x": x.ravel()}
    for name in ("y", "expected"):
        if name not in arrays:
            continue
        a = arrays[name]
        if a.shape != x.shape:
            raise _fail(path, f"has x of shape {x.shape} but {name} of shape {a.shape}; they must match")
        if a.dtype != x.dtype:
            raise _fail(path, f"has x of dtype {x.dtype} but {name} of dtype {a.dtype}; they must match")
        checked[name] = a.ravel()
    if f.name == "bfloat16":
        for name, a in checked.items():
            _check_bfloat16(path, name, a)
    reference = None
    if "reference" in arrays:
        r = arrays["reference"]
        if r.dtype.kind != "U" or r.ndim != 0:
            raise _fail(path, f"has a 'reference' that is not one string (dtype {r.dtype}, shape {r.shape})")
        reference = str(r[()]).strip()
    return FileData(
        path,
        "npz",
        f.name,
        checked["x"],
        checked["y"],
        checked.get("expected"),
        np.arange(checked["x"].size),
        reference,
    )


def _check_bfloat16(path: str, name: str, a: np.ndarray) -> None:
    wide = a.astype(np.float64)
    bad = ~((round_array(wide, "bfloat16").astype(np.float64) == wide) | np.isnan(wide))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise _fail(path, f"has {name}[{i}] = {float(wide[i])!r}, which is not a bfloat16 value")


# --- NumPy's umath validation CSV ------------------------------------------------------------------------------


def _lines(path: str) -> list[tuple[int, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except OSError as exc:
        raise _fail(path, f"cannot be read: {exc.strerror or one_line(str(exc))}") from None
    except UnicodeDecodeError:
        raise _fail(
            path, "is not a text file (not UTF-8); a .csv must be NumPy's umath validation CSV"
        ) from None
    out = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if stripped and stripped[0] not in "#$":
            out.append((number, stripped))
    return out


def _bits(path: str, number: int, column: str, text: str, width: int) -> int:
    if not _HEX.match(text):
        raise _fail(path, f"line {number}: {column} {text!r} is not a hex bit pattern such as 0x3f000000")
    value = int(text, 16)
    if value >> width:
        raise _fail(path, f"line {number}: {column} {text} does not fit in {width} bits")
    return value


def _read_csv(path: str, f: Format | None) -> FileData:
    lines = _lines(path)
    if not lines:
        raise _fail(path, "has no rows; a .csv needs the header dtype,input,output,ulperrortol and rows")
    number, header = lines[0]
    if tuple(c.strip() for c in header.split(",")) != _HEADER:
        raise _fail(
            path, f"line {number}: the header should be dtype,input,output,ulperrortol, not {header!r:.60}"
        )
    rows: dict[str, list[tuple[int, int, int, int]]] = {}
    for number, line in lines[1:]:
        cells = [c.strip() for c in line.split(",")]
        if len(cells) != 4:
            raise _fail(path, f"line {number}: {len(cells)} columns, not 4 (dtype,input,output,ulperrortol)")
        dtype = cells[0].removeprefix("np.").removeprefix("numpy.")
        if dtype not in CSV_FORMATS:
            raise _fail(
                path, f"line {number}: dtype {cells[0]!r} is not np.float16, np.float32 or np.float64"
            )
        width = int(dtype[5:])
        xb = _bits(path, number, "input", cells[1], width)
        yb = _bits(path, number, "output", cells[2], width)
        if not re.fullmatch(r"[0-9]+", cells[3]):
            raise _fail(path, f"line {number}: ulperrortol {cells[3]!r} is not a whole number of ULPs >= 0")
        rows.setdefault(dtype, []).append((number, xb, yb, int(cells[3])))
    if not rows:
        raise _fail(path, "has a header but no rows")
    present = sorted(rows, key=lambda d: int(d[5:]))
    if f is None:
        if len(present) > 1:
            choices = " or ".join(f"--fmt {CSV_FORMATS[d]}" for d in present)
            listed = " and ".join(f"np.{d}" for d in present)
            raise _fail(path, f"holds {listed} rows; choose one dtype: {choices} (fmt= in Python)")
        f = get_format(CSV_FORMATS[present[0]])
    if f.name == "bfloat16":
        raise _fail(path, "cannot hold bfloat16 rows (its dtypes are np.float16, np.float32, np.float64)")
    dtype = np.dtype(f.dtype).name
    if dtype not in rows:
        own = CSV_FORMATS[present[0]]
        listed = " and ".join(f"np.{d}" for d in present)
        raise _fail(path, f"has no np.{dtype} rows (it has {listed} rows): {_use(own)}")
    chosen = rows[dtype]
    uint = f.uint_dtype
    x: np.ndarray = np.array([r[1] for r in chosen], dtype=uint).view(f.dtype)
    y: np.ndarray = np.array([r[2] for r in chosen], dtype=uint).view(f.dtype)
    match = _NUMPY_NAME.search(os.path.basename(path))
    names = f"numpy.{match.group(1)}" if match else None
    reference = catalog_name("numpy", match.group(1)) if match else None
    return FileData(
        path,
        "csv",
        f.name,
        x,
        y,
        y,
        np.array([r[0] for r in chosen], dtype=np.int64),
        reference,
        max(r[3] for r in chosen),
        {f"np.{d}": len(rows[d]) for d in present if d != dtype},
        names,
    )


# --- the recorded results as a function of the inputs ---------------------------------------------------------


def quiet_inputs(data: FileData) -> np.ndarray:
    """The file's inputs with every NaN made quiet (its payload kept): what an audit runs on,
    since a signalling NaN would not survive the audit's conversions (nor raise the
    floating-point "invalid" flag there)."""
    f = get_format(data.fmt)
    return _canonical_bits(data.x, f).view(data.x.dtype)


def _canonical_bits(values: np.ndarray, f: Format) -> np.ndarray:
    """Bit patterns of ``values`` (the format's dtype), every NaN made quiet: the audit's
    inputs pass through float64, which quiets signalling NaNs."""
    uint = {2: np.uint16, 4: np.uint32, 8: np.uint64}[np.dtype(f.dtype).itemsize]
    bits = np.ascontiguousarray(values).view(uint).copy()
    width = np.dtype(f.dtype).itemsize * 8
    fraction = {16: 10, 32: 23, 64: 52}[width]
    nan = np.isnan(values)
    bits[nan] |= uint(1 << (fraction - 1))
    return bits


class Recorded:
    """The results recorded in a file, as a function of the inputs: the callable behind
    a recorded :class:`~tanhproof.audits.Target`. ``data`` is what the file holds."""

    def __init__(self, data: FileData):
        self.data = data
        f = get_format(data.fmt)
        keys = _canonical_bits(data.x, f)
        order = np.argsort(keys, kind="stable")
        keys, results = keys[order], data.y[order]
        if keys.size > 1:
            again = np.flatnonzero(keys[1:] == keys[:-1])
            if again.size:
                bits = np.ascontiguousarray(results).view(keys.dtype)
                nan = np.isnan(results)
                differ = (bits[again] != bits[again + 1]) & ~(nan[again] & nan[again + 1])
                if differ.any():
                    k = int(again[differ][0])
                    rows = sorted(int(data.rows[order[k + j]]) for j in (0, 1))
                    where = "lines" if data.kind == "csv" else "indices"
                    xv = float(data.x[order[k]])
                    raise TargetError(
                        f"recorded file {data.path!r} records two results for x = {to_hex(xv, short=True)} "
                        f"({where} {rows[0]} and {rows[1]}); an input may have only one"
                    )
            keep = np.concatenate([[True], keys[1:] != keys[:-1]])
            keys, results = keys[keep], results[keep]
        self._keys, self._results, self._format = keys, results, f
        self.__qualname__ = self.__name__ = data.path

    def __call__(self, x: np.ndarray) -> np.ndarray:
        keys = _canonical_bits(np.asarray(x, dtype=self._format.dtype), self._format)
        at = np.minimum(np.searchsorted(self._keys, keys), len(self._keys) - 1)
        missing = self._keys[at] != keys
        if missing.any():
            v = float(np.asarray(x)[missing].flat[0])
            raise TargetError(
                f"recorded target {self.data.path!r} has no result for x = {to_hex(v, short=True)} ({v!r}); "
                "its inputs are the file's"
            )
        return self._results[at].copy()

    def __reduce__(self):
        return (Recorded, (self.data,))


def recorded_data(target: Any) -> FileData | None:
    """The file data behind a recorded target, or None for any other target."""
    source = getattr(target, "_source", None)
    return source.data if isinstance(source, Recorded) else None
