"""Target names: the whitelist of library functions, and how each library is called.

:func:`resolve_name` turns a name such as ``"numpy.tanh"`` or ``"torch.tanh:grad"``
into a function from a numpy array of a format's values to an array-like result
(checked afterwards by :mod:`tanhproof.audits._targetcalls`). Names are a whitelist;
no other module is ever imported because a user named it:

================================  ==============================================
``numpy.<f>`` (alias ``np.<f>``)  a numpy function, e.g. ``numpy.tanh``
``math.<f>``                      a function of the ``math`` module, per element
``torch.<f>``                     a torch function, e.g. ``torch.tanh``
``jax.numpy.<f>`` (``jnp.<f>``)   a jax.numpy function
``jax.nn.<f>``                    a jax.nn activation, e.g. ``jax.nn.silu``
``scipy.special.<f>``             e.g. ``scipy.special.expit``
``...:grad``                      torch and jax only: the autograd derivative
``...gelu[approximate=V]``        GELU with its ``approximate`` keyword set
================================  ==============================================

A keyword in brackets is accepted for GELU only, whose two variants are two
functions: ``torch.nn.functional.gelu[approximate=tanh]`` (torch's default is
``approximate=none``, the exact ``gelu``) and ``jax.nn.gelu[approximate=False]``
(jax's default is ``approximate=True``, the tanh approximation ``gelu_tanh``); the
values are written as the library takes them (``True``/``False`` also in lower case).

``<f>`` is a function of that module, or of the submodules ``numpy.emath``,
``torch.special`` and ``torch.nn.functional`` (``torch.special.expit``,
``torch.nn.functional.gelu``); other submodules and private names are refused.
torch, jax and scipy are imported only when a name asks for them.

How each library is called, per format (``binary16``, ``bfloat16``, ``binary32``,
``binary64``; inputs are float16, float32 holding bfloat16 values, float32, float64):

- numpy and scipy get the numpy array itself. numpy has no bfloat16: in bfloat16
  they compute in float32 and the float32 result is rounded to bfloat16 (nearest
  even, :func:`~tanhproof.numeric._arrayrounding.round_array`), so what is measured is the
  float32 code used for bfloat16, double rounding included.
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

Examples
========

>>> from tanhproof.numeric._formats import get_format
>>> split_name("np.tanh")
('numpy.tanh', 'numpy', 'numpy', False)
>>> spec, impl, gradient = resolve_name("math.exp", get_format("binary16"))
>>> import numpy as np
>>> spec, impl(np.array([0.0, 12.0], dtype=np.float16)).tolist()  # exp(12) overflows binary16
('math.exp', [1.0, inf])
>>> split_name("numpy.random.rand")
Traceback (most recent call last):
...
tanhproof.audits.TargetError: target 'numpy.random.rand' does not resolve: numpy.random is not an accepted module; use numpy.<f> or numpy.emath.<f>
"""

from __future__ import annotations

import functools
import importlib
import math
import re
import types
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from tanhproof.audits._targeterror import TargetError, one_line
from tanhproof.audits._targetfunctions import (
    call_options,
    catalog_name,
    listed_problem,
    numeric_problem,
    parse_options,
    spellings,
)
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._formats import Format

__all__ = [
    "ACCEPTED",
    "NameParts",
    "import_library",
    "jax_impl",
    "parse_name",
    "resolve_name",
    "split_name",
    "torch_impl",
]

# Accepted prefixes, longest first: (prefix as written, normalized prefix, module to import, library).
_PREFIXES: tuple[tuple[str, str, str, str], ...] = (
    ("scipy.special.", "scipy.special.", "scipy.special", "scipy"),
    ("jax.numpy.", "jax.numpy.", "jax.numpy", "jax"),
    ("jax.nn.", "jax.nn.", "jax.nn", "jax"),
    ("numpy.", "numpy.", "numpy", "numpy"),
    ("torch.", "torch.", "torch", "torch"),
    ("math.", "math.", "math", "math"),
    ("jnp.", "jax.numpy.", "jax.numpy", "jax"),
    ("np.", "numpy.", "numpy", "numpy"),
)
# The only submodules a name may go through (elementwise functions; nothing that reads files or runs code).
_SUBMODULES: dict[str, tuple[str, ...]] = {"numpy": ("emath",), "torch": ("special", "nn.functional")}
# (jax.nn is a module of its own prefix, like jax.numpy.)
_GRAD_LIBRARIES = ("torch", "jax")
#: What a target may be, as error messages say it.
ACCEPTED = (
    "numpy.<f> (or np.<f>), math.<f>, torch.<f>, jax.numpy.<f> (or jnp.<f>), jax.nn.<f>, scipy.special.<f>, "
    "with ':grad' for torch and jax; or pass a Python callable"
)
_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")


@dataclass(frozen=True)
class NameParts:
    """A target name taken apart: the normalized ``spec``, the ``module`` to import, the
    ``library``, ``attr`` (the function's path below the module), ``path`` (its key in
    :data:`~tanhproof.audits._targetfunctions.FUNCTIONS`: ``nn.gelu`` for ``jax.nn.gelu``),
    ``options`` (the bracketed keyword, canonical) and ``gradient``."""

    spec: str
    module: str
    library: str
    attr: str
    path: str
    options: dict[str, str]
    gradient: bool

    @property
    def reference(self) -> str | None:
        """The catalog function the name computes (without ``'``), or None.

        >>> parse_name("jax.nn.gelu").reference, parse_name("jax.nn.gelu[approximate=False]").reference
        ('gelu_tanh', 'gelu')
        """
        return catalog_name(self.library, self.path, self.options)


def split_name(text: str) -> tuple[str, str, str, bool]:
    """``(normalized spec, module to import, library, gradient)`` of a target name, or TargetError."""
    parts = parse_name(text)
    return parts.spec, parts.module, parts.library, parts.gradient


def _split_bracket(text: str, base: str) -> tuple[str, str | None]:
    """``("f", "k=v")`` for ``"f[k=v]"``, ``(base, None)`` without a bracket."""
    if "[" not in base and "]" not in base:
        return base, None
    head, _, rest = base.partition("[")
    inner, close, tail = rest.partition("]")
    if not close or tail or "[" in inner or not head:
        raise TargetError(f"target {text!r} has a malformed bracket; write one keyword as in {spellings()}")
    return head, inner


def parse_name(text: str) -> NameParts:
    """The :class:`NameParts` of a target name, or a one-line TargetError.

    >>> parse_name("torch.nn.functional.gelu[approximate=tanh]:grad").spec
    'torch.nn.functional.gelu[approximate=tanh]:grad'
    """
    whole, colon, suffix = text.partition(":")
    base, bracket = _split_bracket(text, whole)
    gradient = False
    if colon:
        if suffix != "grad":
            raise TargetError(
                f"target {text!r} has an unknown suffix {':' + suffix!r}; the only suffix is ':grad'"
            )
        gradient = True
    prefix = next((p for p in _PREFIXES if base.startswith(p[0])), None)
    if prefix is None:
        raise TargetError(f"target {text!r} is not an accepted name; use {ACCEPTED}")
    written, normal, module, library = prefix
    attr = base[len(written) :]
    if not attr:
        raise TargetError(f"target {text!r} names no function after {written!r}; use {ACCEPTED}")
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
    path = f"nn.{attr}" if module == "jax.nn" else attr
    problem = listed_problem(library, path)
    if problem is not None:
        raise TargetError(f"target {text!r} is not a numeric function: {problem}")
    options: dict[str, str] = {}
    if bracket is not None:
        options, problem = parse_options(library, path, bracket)
        if problem is not None:
            raise TargetError(f"target {text!r} does not resolve: {problem}")
    if gradient and library not in _GRAD_LIBRARIES:
        raise TargetError(
            f"target {text!r} asks for a gradient, but {library} has no autograd; use "
            f"torch.<f>:grad or jax.numpy.<f>:grad, or pass a callable that returns the gradient"
        )
    written_options = "".join(f"[{k}={v}]" for k, v in options.items())
    spec = normal + attr + written_options + (":grad" if gradient else "")
    return NameParts(spec, module, library, attr, path, options, gradient)


def import_library(module: str, library: str, label: str) -> types.ModuleType:
    """``module`` imported, or a one-line TargetError for target ``label`` (a missing
    library says which ``pip install`` gives it)."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        missing = exc.name or ""
        if missing == library or missing.startswith(library + "."):
            raise TargetError(
                f"target {label} needs {library}, which is not installed (pip install {library})"
            ) from None
        raise TargetError(f"target {label} could not import {module}: {one_line(str(exc))}") from None
    except Exception as exc:  # a broken installation
        raise TargetError(
            f"target {label} could not import {module}: {type(exc).__name__}: {one_line(str(exc))}"
        ) from exc


def resolve_name(text: str, f: Format, shown: str | None = None) -> tuple[str, Callable, bool]:
    """``(spec, implementation numpy -> array-like, gradient)`` for a target name."""
    label = repr(shown if shown is not None else text)
    named = parse_name(text)
    spec, module_name, library, gradient = named.spec, named.module, named.library, named.gradient
    module = import_library(module_name, library, label)
    attr_path = named.attr
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
    problem = numeric_problem(library, attr_path, obj)
    if problem is not None:
        raise TargetError(f"target {label} is not a numeric function: {problem}")
    if named.options:
        obj = functools.partial(obj, **call_options(library, named.path, named.options))
    if library == "torch":
        impl = torch_impl(obj, f, gradient)
    elif library == "jax":
        impl = jax_impl(obj, f, gradient, label)
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


def torch_impl(fn: Callable, f: Format, gradient: bool) -> Callable:
    """``fn`` (a torch function) as a function of a numpy array of ``f``'s values,
    returning a tensor: the values, or with ``gradient`` the autograd derivative."""
    import torch

    dtype = {
        "binary16": torch.float16,
        "bfloat16": torch.bfloat16,
        "binary32": torch.float32,
        "binary64": torch.float64,
    }[f.name]

    def call(x: np.ndarray):
        with warnings.catch_warnings():  # a read-only array (the audit's own inputs) is read only
            warnings.filterwarnings("ignore", "The given NumPy array is not writable", UserWarning)
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


def jax_impl(fn: Callable, f: Format, gradient: bool, label: str) -> Callable:
    """``fn`` (a jax function) as a function of a numpy array of ``f``'s values,
    returning a jax array: the values, or with ``gradient`` ``jax.vmap(jax.grad(fn))``."""
    jax = import_library("jax", "jax", label)
    jnp = import_library("jax.numpy", "jax", label)
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
