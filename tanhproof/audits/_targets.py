"""Implementations to audit: library functions by name, or any Python callable.

A *target* is what an audit measures. :func:`resolve` turns a name or a callable
into a :class:`Target`, a function from an array of a format's values to a new
float64 array of the values the implementation returned, with every call checked.

Names are a whitelist (``numpy.<f>``, ``math.<f>``, ``torch.<f>``, ``jax.numpy.<f>``,
``scipy.special.<f>``, and ``:grad`` for the autograd derivative of torch and jax);
the table of them, and how each library is called in each format, are in
:mod:`tanhproof.audits._targetnames`. No other module is ever imported because a
user named it; torch, jax and scipy are imported only when a name asks for them.
A name must name an elementwise numeric function (a unary float ufunc of numpy or
scipy.special, or one of the listed math, torch and jax functions:
:mod:`tanhproof.audits._targetfunctions`); ``numpy.info`` or ``numpy.save`` is refused.
A path ending ``.npz`` or ``.csv`` is a file of recorded results
(:func:`~tanhproof.audits.recorded`).

A callable gets a copy of the input array (its dtype is the format's input dtype)
and must return an array-like of the same shape and the same dtype (float32 with
bfloat16 values for bfloat16); torch tensors and jax arrays are accepted. Every
call is checked (:mod:`tanhproof.audits._targetcalls`): an exception raised by the
target, a result that is not an array, has the wrong shape or dtype, or an input
array modified in place becomes a one-line :class:`TargetError` naming the target.
:func:`torch_grad` and :func:`jax_grad` turn a torch or jax function into such a
callable for its gradient.

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

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tanhproof.audits._recordedfiles import Recorded, is_recorded_path, read_recorded
from tanhproof.audits._targetcalls import call_checked, to_numpy
from tanhproof.audits._targeterror import TargetError, one_line
from tanhproof.audits._targetfunctions import callable_catalog_name
from tanhproof.audits._targetnames import ACCEPTED, jax_impl, resolve_name, torch_impl
from tanhproof.numeric._formats import Format, get_format

__all__ = ["Target", "jax_grad", "recorded", "resolve", "torch_grad"]


def _callable_name(fn: Any, attribute: str = "__qualname__") -> str:
    name = getattr(fn, attribute, None)
    if not isinstance(name, str) or not name:
        name = repr(fn)
    return one_line(" ".join(name.split()), 80)


def _mark_gradient(fn: Any, of: Any) -> None:
    """Mark a callable as computing the derivative of ``of`` (read by :func:`resolve`, and by
    the audit's default reference: the catalog function ``of`` computes)."""
    fn._tanhproof_gradient = True
    fn._tanhproof_reference = callable_catalog_name(of)


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
                impl = resolve_name(self.spec, f, self.name)[1]
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
        if self._impl is None:  # set by __post_init__
            raise TargetError(f"target {self._label} has no implementation")
        return call_checked(self._impl, x, get_format(self.fmt), self._label)

    def results(self, x: np.ndarray) -> np.ndarray:
        """What the audit calls: as calling the target, but the result in the format's
        input dtype, and a named target (tanhproof's own wrapper, tested not to write into
        its input) gets the inputs read-only, without a copy to compare them with."""
        if self._impl is None:  # set by __post_init__
            raise TargetError(f"target {self._label} has no implementation")
        trusted = self.spec is not None
        return call_checked(self._impl, x, get_format(self.fmt), self._label, trusted=trusted, native=True)


def _rebuild(name: str, gradient: bool, spec: str | None, fmt: str, source: Callable | None) -> Target:
    return Target(name, gradient, spec, fmt, source)


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
        if isinstance(target._source, Recorded):
            return recorded(target.name, f.name)  # the file's rows for the other format
        return Target(target.name, target.gradient, target.spec, f.name, target._source)
    if is_recorded_path(target):
        return recorded(target, f.name)
    if isinstance(target, str):
        shown = target.strip()
        spec, impl, gradient = resolve_name(shown, f)
        return Target(shown, gradient, spec, f.name, None, impl)
    if callable(target):
        gradient = bool(getattr(target, "_tanhproof_gradient", False))
        return Target(_callable_name(target), gradient, None, f.name, target)
    shown = one_line(repr(target), 60)
    raise TargetError(f"target {shown} is neither a name nor a callable; use {ACCEPTED}")


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
        return to_numpy(torch_impl(fn, f, True)(np.ascontiguousarray(x, dtype=f.dtype)), f)

    gradient.__qualname__ = gradient.__name__ = f"torch_grad({name})"
    _mark_gradient(gradient, fn)
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
        impl = jax_impl(fn, f, True, label)
        return to_numpy(impl(np.ascontiguousarray(x, dtype=f.dtype)), f)

    gradient.__qualname__ = gradient.__name__ = f"jax_grad({name})"
    _mark_gradient(gradient, fn)
    return gradient


def recorded(path: Any, fmt: str | None = None) -> Target:
    """The recorded results in ``path`` (``.npz`` or NumPy's umath validation CSV) as a
    :class:`~tanhproof.audits.Target` in ``fmt`` (None: the file's own format).

    Bad files (unreadable, missing arrays, wrong shapes or dtypes, a dtype that is not
    ``fmt``'s, a CSV line that is not ``dtype,input,output,ulperrortol`` with hex bit
    patterns, two results for one input) raise a one-line
    :class:`~tanhproof.audits.TargetError` naming the file.

    Examples
    ========

    >>> import os, tempfile
    >>> import numpy as np
    >>> path = os.path.join(tempfile.mkdtemp(), "half.npz")
    >>> x = np.array([0.5, 2.0], dtype=np.float16)
    >>> np.savez(path, x=x, y=np.sinh(x))
    >>> t = recorded(path)
    >>> t.fmt, t.spec, t.gradient
    ('binary16', None, False)
    >>> recorded(path, "binary32")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tanhproof.audits.TargetError: recorded file '...half.npz' holds float16 inputs (binary16), not binary32 inputs: use --fmt binary16 (fmt='binary16')
    """
    data = read_recorded(path, fmt)
    return Target(data.path, False, None, data.fmt, Recorded(data))
