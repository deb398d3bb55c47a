"""Implementations to audit: library functions by name, or any Python callable.

A *target* is what an audit measures. :func:`resolve` turns a name or a callable
into a :class:`Target`, a function from an array of a format's values to a new
float64 array of the values the implementation returned, with every call checked.

Names (a whitelist; no other module is ever imported because a user named it):

================================  ==============================================
``numpy.<f>`` (alias ``np.<f>``)  a numpy function, e.g. ``numpy.tanh``
``math.<f>``                      a function of the ``math`` module, per element
``torch.<f>``                     a torch function, e.g. ``torch.tanh``
``jax.numpy.<f>`` (``jnp.<f>``)   a jax.numpy function
``scipy.special.<f>``             e.g. ``scipy.special.expit``
``...:grad``                      torch and jax only: the autograd derivative
================================  ==============================================

``<f>`` is a function of that module, or of the submodules ``numpy.emath``,
``torch.special`` and ``torch.nn.functional`` (``torch.special.expit``,
``torch.nn.functional.gelu``); other submodules and private names are refused.
torch, jax and scipy are imported only when a name asks for them.

How each library is called, per format (``binary16``, ``bfloat16``, ``binary32``,
``binary64``; inputs are float16, float32 holding bfloat16 values, float32, float64):

- numpy and scipy get the numpy array itself. numpy has no bfloat16: in bfloat16
  they compute in float32 and the float32 result is rounded to bfloat16 (nearest
  even, :func:`~tanhproof.numeric._formats.round_array`), so what is measured is the float32
  code used for bfloat16, double rounding included.
- math functions are applied element by element to Python floats (binary64), and
  the result is rounded to the format (nearest even) for the narrower formats; so
  ``math.tanh`` in binary32 is the double-precision libm result rounded once more.
  A ``ValueError`` (math domain error) gives NaN and an ``OverflowError`` the
  infinity C returns (its sign from numpy's function of the same name, ``+inf``
  where numpy has none). Slow, one Python call per input.
- torch gets ``torch.from_numpy(x)`` in the matching dtype (``torch.bfloat16`` for
  bfloat16, an exact conversion since the values are bfloat16 values) under
  ``torch.no_grad()``. With ``:grad`` it is what backpropagation computes:
  ``x.requires_grad_(True); y = f(x); y.backward(torch.ones_like(y)); x.grad``.
- jax gets a ``jnp`` array of the matching dtype (``jnp.bfloat16`` for bfloat16);
  binary64 turns on ``jax_enable_x64`` (only then). ``:grad`` is
  ``jax.vmap(jax.grad(f))``.

A callable gets a copy of the input array (its dtype is the format's input dtype)
and must return an array-like of the same shape and the same dtype (float32 with
bfloat16 values for bfloat16); torch tensors and jax arrays are accepted. Every
call is checked: an exception raised by the target, a result that is not an array,
has the wrong shape or dtype, or an input array modified in place becomes a
one-line :class:`TargetError` naming the target. :func:`torch_grad` and
:func:`jax_grad` turn a torch or jax function into such a callable for its gradient.

Examples
========

>>> import numpy as np
>>> x = np.array([0.0, 10.0, -np.inf, np.nan], dtype=np.float32)
>>> t = resolve("np.tanh", "binary32")
>>> t.name, t.spec, t.gradient
('np.tanh', 'numpy.tanh', False)
>>> t(x).tolist()
[0.0, 1.0, -1.0, nan]
>>> def halve(v):
...     return v / np.float32(2)
>>> resolve(halve)(x).tolist()
[0.0, 5.0, -inf, nan]
>>> resolve(lambda v: v.astype(np.float64))(x)
Traceback (most recent call last):
...
tanhproof.audits.TargetError: target <lambda> returned float64 values for binary32 inputs (expected float32)
>>> resolve("numpy.tanhh")
Traceback (most recent call last):
...
tanhproof.audits.TargetError: target 'numpy.tanhh' does not resolve: numpy has no attribute 'tanhh'
"""

from __future__ import annotations

import importlib
import math
import re
import types
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._formats import Format, get_format, round_array, to_hex

__all__ = ["Target", "TargetError", "jax_grad", "resolve", "torch_grad"]


class TargetError(TanhproofError, ValueError):
    """A target that does not resolve, or a call of one that misbehaved (one line, naming the target)."""

    __module__ = "tanhproof.audits"  # public there; tracebacks say so


# Accepted prefixes, longest first: (prefix as written, normalized prefix, module to import, library).
_PREFIXES: tuple[tuple[str, str, str, str], ...] = (
    ("scipy.special.", "scipy.special.", "scipy.special", "scipy"),
    ("jax.numpy.", "jax.numpy.", "jax.numpy", "jax"),
    ("numpy.", "numpy.", "numpy", "numpy"),
    ("torch.", "torch.", "torch", "torch"),
    ("math.", "math.", "math", "math"),
    ("jnp.", "jax.numpy.", "jax.numpy", "jax"),
    ("np.", "numpy.", "numpy", "numpy"),
)
# The only submodules a name may go through (elementwise functions; nothing that reads files or runs code).
_SUBMODULES: dict[str, tuple[str, ...]] = {"numpy": ("emath",), "torch": ("special", "nn.functional")}
_GRAD_LIBRARIES = ("torch", "jax")
_ACCEPTED = (
    "numpy.<f> (or np.<f>), math.<f>, torch.<f>, jax.numpy.<f> (or jnp.<f>), scipy.special.<f>, "
    "with ':grad' for torch and jax; or pass a Python callable"
)
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_MESSAGE_CHARS = 200


def _one_line(text: str, limit: int = _MESSAGE_CHARS) -> str:
    """The first non-blank line of ``text``, shortened to ``limit`` characters."""
    for line in str(text).splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return ""


def _callable_name(fn: Any, attribute: str = "__qualname__") -> str:
    name = getattr(fn, attribute, None)
    if not isinstance(name, str) or not name:
        name = repr(fn)
    return _one_line(" ".join(name.split()), 80)


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


def _to_numpy(result: Any, fmt: Format) -> Any:
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


@dataclass(frozen=True)
class Target:
    """An implementation resolved for one format; call it on an array of the format's values.

    ``name`` is the display name (a name as written, or a callable's ``__qualname__``),
    ``gradient`` is true when it computes a derivative (``:grad`` names, and the
    callables made by :func:`torch_grad` and :func:`jax_grad`), ``spec`` the normalized
    name that resolves it again in another process (``None`` for callables), ``fmt`` the
    format name. Calling it returns a new float64 array of the format's values, or
    raises :class:`TargetError`. Targets pickle (by name, or by pickling the callable).

    Examples
    ========

    >>> import numpy as np
    >>> t = resolve("math.exp", "binary16")
    >>> t
    Target(name='math.exp', gradient=False, spec='math.exp', fmt='binary16')
    >>> t(np.array([0.0, 12.0, -np.inf], dtype=np.float16)).tolist()  # exp(12) overflows binary16
    [1.0, inf, 0.0]
    >>> resolve(t, "binary16") is t
    True
    """

    name: str
    gradient: bool
    spec: str | None
    fmt: str
    _source: Callable | None = field(default=None, repr=False)
    _impl: Callable | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        f = get_format(self.fmt)
        object.__setattr__(self, "fmt", f.name)
        if self._impl is None:
            if self.spec is not None:
                impl = _resolve_name(self.spec, f, self.name)[1]
            elif self._source is not None:
                impl = self._source
            else:
                raise TargetError(f"target {self.name!r} has neither a name to resolve nor a callable")
            object.__setattr__(self, "_impl", impl)

    @property
    def _label(self) -> str:
        return repr(self.name) if self.spec is not None else self.name

    def __reduce__(self):
        return (_rebuild, (self.name, self.gradient, self.spec, self.fmt, self._source))

    def __call__(self, x: np.ndarray) -> np.ndarray:
        f = get_format(self.fmt)
        x = self._check_inputs(x, f)
        argument = x.copy()
        try:
            with np.errstate(all="ignore"):
                result = self._impl(argument)
        except TargetError:  # from torch_grad / jax_grad callables: already one line, naming the target
            raise
        except Exception as exc:  # the target's own failure, reported as one line
            message = _one_line(str(exc))
            detail = f"{type(exc).__name__}: {message}" if message else type(exc).__name__
            raise TargetError(f"target {self._label} raised {detail}") from exc
        if not _same_bits(argument, x):
            raise TargetError(f"target {self._label} modified its input array")
        return self._check_result(result, x, f)

    def _check_inputs(self, x: Any, f: Format) -> np.ndarray:
        dtype = _input_dtype(f)
        array = np.asarray(x)
        if array.dtype != dtype:
            if array.dtype.kind not in "fiu":
                raise TargetError(
                    f"target {self._label} needs {f.name} inputs, not an array of {array.dtype}"
                )
            with np.errstate(all="ignore"):
                converted = array.astype(dtype)
                wide, back = array.astype(np.float64), converted.astype(np.float64)
            bad = ~((wide == back) | (np.isnan(wide) & np.isnan(back)))
            if bad.any():
                first = wide[bad].flat[0]
                raise TargetError(
                    f"target {self._label} got inputs that are not {f.name} values "
                    f"(first: {to_hex(float(first), short=True)})"
                )
            array = converted
        if f.name == "bfloat16":
            bad = _not_bfloat16(array)
            if bad.any():
                first = array[bad].flat[0]
                raise TargetError(
                    f"target {self._label} got inputs that are not bfloat16 values "
                    f"(first: {to_hex(float(first), short=True)})"
                )
        return np.ascontiguousarray(array)

    def _check_result(self, result: Any, x: np.ndarray, f: Format) -> np.ndarray:
        dtype = _input_dtype(f)
        try:
            result = _to_numpy(result, f)
        except Exception as exc:
            raise TargetError(
                f"target {self._label} returned a value of type {type(result).__name__} that does "
                f"not convert to a numpy array ({type(exc).__name__}: {_one_line(str(exc))})"
            ) from exc
        if not isinstance(result, (np.ndarray, np.generic, list, tuple)) and not hasattr(result, "__array__"):
            raise TargetError(f"target {self._label} returned {type(result).__name__}, not an array")
        try:
            out = np.asarray(result)
        except Exception as exc:
            raise TargetError(
                f"target {self._label} returned a value of type {type(result).__name__} that does "
                f"not convert to a numpy array ({type(exc).__name__}: {_one_line(str(exc))})"
            ) from exc
        if out.shape != x.shape:
            raise TargetError(
                f"target {self._label} returned shape {out.shape} for inputs of shape {x.shape}"
            )
        if out.dtype != dtype:
            raise TargetError(
                f"target {self._label} returned {out.dtype} values for {f.name} inputs (expected {dtype})"
            )
        if f.name == "bfloat16":
            bad = _not_bfloat16(out)
            if bad.any():
                first = out[bad].flat[0]
                raise TargetError(
                    f"target {self._label} returned float32 values that are not bfloat16 values "
                    f"for bfloat16 inputs (first: {to_hex(float(first), short=True)})"
                )
        return out.astype(np.float64)


def _rebuild(name: str, gradient: bool, spec: str | None, fmt: str, source: Callable | None) -> Target:
    return Target(name, gradient, spec, fmt, source)


# --- names ---------------------------------------------------------------------------------------------------


def _split_name(text: str) -> tuple[str, str, str, bool]:
    """``(normalized spec, module to import, library, gradient)`` of a target name, or TargetError."""
    base, colon, suffix = text.partition(":")
    gradient = False
    if colon:
        if suffix != "grad":
            raise TargetError(
                f"target {text!r} has an unknown suffix {':' + suffix!r}; the only suffix is ':grad'"
            )
        gradient = True
    for written, normal, module, library in _PREFIXES:
        if base.startswith(written):
            attr = base[len(written) :]
            break
    else:
        raise TargetError(f"target {text!r} is not an accepted name; use {_ACCEPTED}")
    if not attr:
        raise TargetError(f"target {text!r} names no function after {written!r}; use {_ACCEPTED}")
    for part in attr.split("."):
        if part.startswith("_"):
            raise TargetError(f"target {text!r} does not resolve: private name {part!r}")
        if not _IDENTIFIER.match(part):
            raise TargetError(f"target {text!r} does not resolve: {part!r} is not a Python name")
    sub = attr.rpartition(".")[0]
    if sub and sub not in _SUBMODULES.get(module, ()):
        forms = [f"{module}.<f>"] + [f"{module}.{m}.<f>" for m in _SUBMODULES.get(module, ())]
        accepted = forms[0] if len(forms) == 1 else ", ".join(forms[:-1]) + " or " + forms[-1]
        raise TargetError(
            f"target {text!r} does not resolve: {module}.{sub} is not an accepted module; use {accepted}"
        )
    if gradient and library not in _GRAD_LIBRARIES:
        raise TargetError(
            f"target {text!r} asks for a gradient, but {library} has no autograd; use "
            f"torch.<f>:grad or jax.numpy.<f>:grad, or pass a callable that returns the gradient"
        )
    return normal + attr + (":grad" if gradient else ""), module, library, gradient


def _import(module: str, library: str, label: str) -> types.ModuleType:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing == library or missing.startswith(library + "."):
            raise TargetError(
                f"target {label} needs {library}, which is not installed (pip install {library})"
            ) from None
        raise TargetError(f"target {label} could not import {module}: {_one_line(str(exc))}") from None
    except Exception as exc:  # a broken installation
        raise TargetError(
            f"target {label} could not import {module}: {type(exc).__name__}: {_one_line(str(exc))}"
        ) from exc


def _resolve_name(text: str, f: Format, shown: str | None = None) -> tuple[str, Callable, bool]:
    """``(spec, implementation numpy -> array-like, gradient)`` for a target name."""
    label = repr(shown if shown is not None else text)
    spec, module_name, library, gradient = _split_name(text)
    module = _import(module_name, library, label)
    base = spec.partition(":")[0]
    attr_path = base[len(module_name) + 1 :]
    obj: Any = module
    where = module_name
    parts = attr_path.split(".")
    for i, part in enumerate(parts):
        try:
            obj = getattr(obj, part)
        except Exception as exc:  # AttributeError, or a lazy submodule that fails to import
            raise TargetError(f"target {label} does not resolve: {where} has no attribute {part!r}") from exc
        where = f"{where}.{part}"
        if i < len(parts) - 1:
            inner = getattr(obj, "__name__", "") if isinstance(obj, types.ModuleType) else ""
            if not (isinstance(inner, str) and (inner == library or inner.startswith(library + "."))):
                raise TargetError(f"target {label} does not resolve: {where} is not a module of {library}")
    if not callable(obj):
        raise TargetError(
            f"target {label} does not resolve: {where} is not callable (it is a {type(obj).__name__})"
        )
    if library == "torch":
        impl = _torch_impl(obj, f, gradient)
    elif library == "jax":
        impl = _jax_impl(obj, f, gradient, label)
    elif library == "math":
        impl = _math_impl(obj, f)
    else:
        impl = _numpy_impl(obj, f)
    return spec, impl, gradient


def _numpy_impl(fn: Callable, f: Format) -> Callable:
    if f.name != "bfloat16":
        return fn

    def in_float32(x: np.ndarray):
        y = fn(x)
        if isinstance(y, np.ndarray) and y.dtype == np.float32:
            return round_array(y.astype(np.float64), "bfloat16")
        return y  # left to the result checks

    return in_float32


def _overflow_value(fn: Callable, v: float) -> float:
    """The infinity C's function returns where Python's raises OverflowError: its sign
    from numpy's function of the same name where there is one (sinh(-1000) is -inf)."""
    twin = getattr(np, getattr(fn, "__name__", ""), None)
    if isinstance(twin, np.ufunc):
        with np.errstate(all="ignore"):
            y = float(twin(np.float64(v)))
        if math.isinf(y):
            return y
    return math.inf


def _math_impl(fn: Callable, f: Format) -> Callable:
    def per_element(x: np.ndarray) -> np.ndarray:
        out = np.empty(x.size, dtype=np.float64)
        for i, v in enumerate(x.ravel().tolist()):
            try:
                out[i] = float(fn(v))
            except ValueError:
                out[i] = math.nan
            except OverflowError:
                out[i] = _overflow_value(fn, v)
        return round_array(out.reshape(x.shape), f)

    return per_element


def _torch_impl(fn: Callable, f: Format, gradient: bool) -> Callable:
    import torch

    dtype = {
        "binary16": torch.float16,
        "bfloat16": torch.bfloat16,
        "binary32": torch.float32,
        "binary64": torch.float64,
    }[f.name]

    def call(x: np.ndarray):
        t = torch.from_numpy(x)
        if t.dtype != dtype:
            t = t.to(dtype)  # float32 -> bfloat16 is exact on bfloat16 values
        if not gradient:
            with torch.no_grad():
                return fn(t)
        t.requires_grad_(True)
        with torch.enable_grad():
            y = fn(t)
            y.backward(torch.ones_like(y))
        if t.grad is None:
            raise RuntimeError("backward() left no gradient on the input")
        return t.grad

    return call


def _jax_impl(fn: Callable, f: Format, gradient: bool, label: str) -> Callable:
    jax = _import("jax", "jax", label)
    jnp = _import("jax.numpy", "jax", label)
    if f.name == "binary64":
        jax.config.update("jax_enable_x64", True)
    dtype = {
        "binary16": jnp.float16,
        "bfloat16": jnp.bfloat16,
        "binary32": jnp.float32,
        "binary64": jnp.float64,
    }[f.name]
    compute = jax.vmap(jax.grad(fn)) if gradient else fn

    def call(x: np.ndarray):
        if f.name == "binary64":
            jax.config.update("jax_enable_x64", True)
        return compute(jnp.asarray(x, dtype=dtype))

    return call


# --- public --------------------------------------------------------------------------------------------------


def resolve(target: str | Callable | Target, fmt: str = "binary32") -> Target:
    """The :class:`Target` for a name, a callable, or a Target, in format ``fmt``.

    A name is resolved now: its library is imported and the function looked up, so
    a typo fails here with a one-line :class:`TargetError`. A Target for ``fmt`` is
    returned unchanged; one for another format is resolved again for ``fmt`` (by its
    name, or by wrapping its callable again). An unknown format raises
    :class:`~tanhproof.numeric.FormatError`.

    Examples
    ========

    >>> t = resolve("np.exp", "binary16")
    >>> (t.name, t.spec, t.fmt), resolve(t, "binary32").fmt
    (('np.exp', 'numpy.exp', 'binary16'), 'binary32')
    >>> resolve("os.system")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tanhproof.audits.TargetError: target 'os.system' is not an accepted name; use numpy.<f> (or np.<f>), ...
    >>> resolve("numpy.tanh:grad")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tanhproof.audits.TargetError: target 'numpy.tanh:grad' asks for a gradient, but numpy has no autograd; ...
    """
    f = get_format(fmt)
    if isinstance(target, Target):
        if target.fmt == f.name:
            return target
        return Target(target.name, target.gradient, target.spec, f.name, target._source)
    if isinstance(target, str):
        shown = target.strip()
        spec, impl, gradient = _resolve_name(shown, f)
        return Target(shown, gradient, spec, f.name, None, impl)
    if callable(target):
        gradient = bool(getattr(target, "_tanhproof_gradient", False))
        return Target(_callable_name(target), gradient, None, f.name, target)
    shown = _one_line(repr(target), 60)
    raise TargetError(f"target {shown} is neither a name nor a callable; use {_ACCEPTED}")


def _format_of(x: np.ndarray, fmt: str | None) -> Format:
    if fmt is not None:
        return get_format(fmt)
    kind = {
        np.dtype(np.float16): "binary16",
        np.dtype(np.float32): "binary32",
        np.dtype(np.float64): "binary64",
    }.get(np.asarray(x).dtype)
    if kind is None:
        raise TargetError(
            f"gradient inputs must be a float16, float32 or float64 array, not {np.asarray(x).dtype}"
        )
    return get_format(kind)


def torch_grad(fn: Callable, *, fmt: str | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """A numpy function computing the torch autograd derivative of the elementwise torch function ``fn``:
    ``x.requires_grad_(True); y = fn(x); y.backward(torch.ones_like(y)); x.grad``.

    The torch dtype follows the input array (float16, float32, float64); ``fmt="bfloat16"``
    computes in ``torch.bfloat16`` from float32 inputs holding bfloat16 values. The result
    is a numpy array of the input's dtype. torch is imported when the function is called.
    :func:`resolve` marks the target as a gradient.

    Examples
    ========

    >>> import numpy as np
    >>> import torch  # doctest: +SKIP
    >>> torch_grad(torch.tanh)(np.array([0.0, 10.0], dtype=np.float32))  # doctest: +SKIP
    array([1., 0.], dtype=float32)
    """
    name = _callable_name(fn, "__name__")

    def gradient(x: np.ndarray) -> np.ndarray:
        f = _format_of(x, fmt)
        try:
            import torch  # noqa: F401
        except ModuleNotFoundError:
            raise TargetError(
                f"target torch_grad({name}) needs torch, which is not installed (pip install torch)"
            ) from None
        return _to_numpy(_torch_impl(fn, f, True)(np.ascontiguousarray(x, dtype=f.dtype)), f)

    gradient.__qualname__ = gradient.__name__ = f"torch_grad({name})"
    gradient._tanhproof_gradient = True
    return gradient


def jax_grad(fn: Callable, *, fmt: str | None = None) -> Callable[[np.ndarray], np.ndarray]:
    """A numpy function computing ``jax.vmap(jax.grad(fn))`` for the scalar jax function ``fn``.

    The jax dtype follows the input array (float16, float32, float64; float64 turns on
    ``jax_enable_x64``); ``fmt="bfloat16"`` computes in ``jnp.bfloat16`` from float32
    inputs holding bfloat16 values. The result is a numpy array of the input's dtype.
    jax is imported when the function is called. :func:`resolve` marks the target as a
    gradient.

    Examples
    ========

    >>> import numpy as np
    >>> import jax.numpy as jnp  # doctest: +SKIP
    >>> jax_grad(jnp.tanh)(np.array([0.0, 10.0], dtype=np.float32))  # doctest: +SKIP
    array([1., 0.], dtype=float32)
    """
    name = _callable_name(fn, "__name__")

    def gradient(x: np.ndarray) -> np.ndarray:
        f = _format_of(x, fmt)
        label = f"jax_grad({name})"
        impl = _jax_impl(fn, f, True, label)
        return _to_numpy(impl(np.ascontiguousarray(x, dtype=f.dtype)), f)

    gradient.__qualname__ = gradient.__name__ = f"jax_grad({name})"
    gradient._tanhproof_gradient = True
    return gradient
