"""Calls of a target, every one checked: inputs, exceptions, the result's shape and dtype.

:func:`call_checked` runs an implementation on a copy of an array of a format's
values (its dtype is the format's input dtype: float16, float32 holding bfloat16
values, float32, float64) and returns a new float64 array of what it returned.
The implementation must return an array-like of the same shape and the same dtype
(float32 with bfloat16 values for bfloat16); torch tensors and jax arrays are
accepted (:func:`to_numpy`). An exception raised by the implementation, a result
that is not an array, has the wrong shape or dtype, or an input array modified in
place becomes a one-line :class:`~tanhproof.audits.TargetError` naming the target.

A target's own output never reaches the report: during each call (:func:`quiet_stdout`)
Python's ``sys.stdout`` and the process's file descriptor 1 both point at stderr, so
whatever the target prints (``print``, or C code writing to ``stdout``; the C library's
buffers are flushed before file descriptor 1 is restored) goes to stderr, and stdout
holds the report alone.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._formats import get_format
>>> x = np.array([1.0, -2.0], dtype=np.float32)
>>> call_checked(np.negative, x, get_format("binary32"), "'np.negative'").tolist()
[-1.0, 2.0]
>>> call_checked(lambda v: v[:1], x, get_format("binary32"), "<lambda>")
Traceback (most recent call last):
...
tanhproof.audits.TargetError: target <lambda> returned shape (1,) for inputs of shape (2,)
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from tanhproof.audits._targeterror import TargetError, one_line
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._formats import Format, to_hex

__all__ = ["call_checked", "check_inputs", "check_result", "quiet_stdout", "to_numpy"]


def _input_dtype(f: Format) -> np.dtype:
    return np.dtype(f.dtype)


def _not_bfloat16(values: np.ndarray) -> np.ndarray:
    """Mask of the elements of a float32 array that are not bfloat16 values (NaNs count as bfloat16)."""
    wide = values.astype(np.float64)
    rounded = round_array(wide, "bfloat16").astype(np.float64)
    return ~((rounded == wide) | np.isnan(wide))


def _same_bits(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether two arrays of one float dtype hold the same bit patterns (NaN-safe, -0 != +0)."""
    uint = {2: np.uint16, 4: np.uint32, 8: np.uint64}[a.dtype.itemsize]
    return bool(np.array_equal(np.ascontiguousarray(a).view(uint), np.ascontiguousarray(b).view(uint)))


def to_numpy(result: Any, fmt: Format) -> Any:
    """A torch tensor or jax array as a numpy array (bfloat16 ones as float32 in bfloat16);
    anything else unchanged."""
    module = type(result).__module__ or ""
    if module.startswith("torch") and hasattr(result, "detach"):
        tensor = result.detach().cpu()
        if "bfloat16" in str(tensor.dtype) and fmt.name == "bfloat16":
            tensor = tensor.float()
        return tensor.numpy()
    if module.startswith(("jax", "jaxlib")) and hasattr(result, "__array__"):
        array = np.asarray(result)
        if array.dtype.name == "bfloat16" and fmt.name == "bfloat16":
            array = array.astype(np.float32)
        return array
    return result


def _flush_c_stdout() -> None:
    """Flush the C library's stdio buffers (what C code printed), where ctypes can reach them."""
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError, TypeError):  # no C library to reach (not POSIX)
        pass


@contextlib.contextmanager
def quiet_stdout() -> Iterator[None]:
    """Within the block, ``sys.stdout`` and file descriptor 1 write to stderr; both restored after.

    Examples
    ========

    >>> import contextlib, io
    >>> out, err = io.StringIO(), io.StringIO()
    >>> with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
    ...     with quiet_stdout():
    ...         print("from the target")
    >>> out.getvalue(), err.getvalue()
    ('', 'from the target\\n')
    """
    python_stdout = sys.stdout
    with contextlib.suppress(Exception):
        if python_stdout is not None:
            python_stdout.flush()
    saved: int | None = None
    try:
        saved = os.dup(1)
        os.dup2(2, 1)
    except OSError:  # no file descriptor 1 or 2: only the Python-level stream is redirected
        if saved is not None:
            os.close(saved)
        saved = None
    sys.stdout = sys.stderr if sys.stderr is not None else open(os.devnull, "w")
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
        if sys.stderr is None:
            sys.stdout.close()
        sys.stdout = python_stdout
        if saved is not None:
            _flush_c_stdout()
            os.dup2(saved, 1)
            os.close(saved)


def call_checked(
    impl: Callable, x: Any, f: Format, label: str, *, trusted: bool = False, native: bool = False
) -> np.ndarray:
    """``impl`` called on a copy of the inputs ``x`` (checked to be values of ``f``),
    its result checked; a new float64 array, or a one-line TargetError naming ``label``.

    ``trusted`` (a named target: tanhproof's own wrapper of a library function, each
    tested not to write into its input) passes ``x`` itself, read-only, without the copy
    and the comparison after the call; ``native`` returns the result in ``f``'s input
    dtype instead of float64 (the audit converts it block by block). Both spare whole
    passes over the inputs: the checks then cost a few operations per call, not per
    input."""
    x = check_inputs(x, f, label)
    if trusted:
        argument = x.view()
        argument.flags.writeable = False
    else:
        argument = x.copy()
    try:
        with np.errstate(all="ignore"), quiet_stdout():
            result = impl(argument)
    except TargetError:  # from torch_grad / jax_grad callables: already one line, naming the target
        raise
    except Exception as exc:  # the target's own failure, reported as one line
        message = one_line(str(exc))
        detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
        raise TargetError(f"target {label} raised {detail}") from exc
    if not trusted and not _same_bits(argument, x):
        raise TargetError(f"target {label} modified its input array")
    return check_result(result, x, f, label, native=native)


def check_inputs(x: Any, f: Format, label: str) -> np.ndarray:
    """``x`` as a contiguous array of ``f``'s input dtype, or TargetError when it holds
    values that are not values of ``f``."""
    dtype = _input_dtype(f)
    array = np.asarray(x)
    if array.dtype != dtype:
        if array.dtype.kind not in "fiu":
            raise TargetError(f"target {label} needs {f.name} inputs, not an array of {array.dtype}")
        with np.errstate(all="ignore"):
            converted = array.astype(dtype)
            wide, back = array.astype(np.float64), converted.astype(np.float64)
        bad = ~((wide == back) | (np.isnan(wide) & np.isnan(back)))
        if bad.any():
            first = wide[bad].flat[0]
            raise TargetError(
                f"target {label} got inputs that are not {f.name} values "
                f"(first: {to_hex(float(first), short=True)})"
            )
        array = converted
    if f.name == "bfloat16":
        bad = _not_bfloat16(array)
        if bad.any():
            first = array[bad].flat[0]
            raise TargetError(
                f"target {label} got inputs that are not bfloat16 values "
                f"(first: {to_hex(float(first), short=True)})"
            )
    return np.ascontiguousarray(array)


def check_result(result: Any, x: np.ndarray, f: Format, label: str, native: bool = False) -> np.ndarray:
    """What a target returned for the inputs ``x``, as a new float64 array (with
    ``native``, as the array itself, in ``f``'s input dtype), or TargetError when it is
    not an array of ``x``'s shape and ``f``'s input dtype."""
    dtype = _input_dtype(f)
    try:
        result = to_numpy(result, f)
    except Exception as exc:
        raise TargetError(
            f"target {label} returned a value of type {type(result).__name__} that does "
            f"not convert to a numpy array ({type(exc).__name__}: {one_line(str(exc))})"
        ) from exc
    if not isinstance(result, (np.ndarray, np.generic, list, tuple)) and not hasattr(result, "__array__"):
        raise TargetError(f"target {label} returned {type(result).__name__}, not an array")
    try:
        out = np.asarray(result)
    except Exception as exc:
        raise TargetError(
            f"target {label} returned a value of type {type(result).__name__} that does "
            f"not convert to a numpy array ({type(exc).__name__}: {one_line(str(exc))})"
        ) from exc
    if out.shape != x.shape:
        raise TargetError(f"target {label} returned shape {out.shape} for inputs of shape {x.shape}")
    if out.dtype != dtype:
        raise TargetError(
            f"target {label} returned {out.dtype} values for {f.name} inputs (expected {dtype})"
        )
    if f.name == "bfloat16":
        bad = _not_bfloat16(out)
        if bad.any():
            first = out[bad].flat[0]
            raise TargetError(
                f"target {label} returned float32 values that are not bfloat16 values "
                f"for bfloat16 inputs (first: {to_hex(float(first), short=True)})"
            )
    return out if native else out.astype(np.float64)
