"""How the optional compiled code (numba, the ``fast`` extra) is compiled and cached.

Every compiled function of the fast path goes through :func:`jit`: IEEE arithmetic,
no reference counting, cached on disk, and, for the functions called from Python or
from other compiled functions without being inlined, a cache **keyed on the sources it
was compiled from** (:func:`stamp`).

Explanation
===========

numba's disk cache checks only the file of the function it caches. The audit's loop
inlines functions from several modules (the kernels, the run classification, the
tally), so a change to one of those files alone would leave the cache serving the old
machine code: wrong results that no test could see once the cache was warm. A key that
hashes the source of every module involved makes any such change a cache miss.

Examples
========

>>> len(stamp(__import__("tanhproof.numeric._jit", fromlist=["_"])))
64
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import inspect
import os
import types
import warnings
from collections.abc import Callable
from typing import Any

__all__ = ["jit", "loaded_loop", "stamp"]


def stamp(*modules: types.ModuleType) -> str:
    """A SHA-256 of the source files of ``modules``, in order.

    Examples
    ========

    >>> import tanhproof.numeric._jit as m
    >>> stamp(m) == stamp(m) != stamp(m, m)
    True
    """
    digest = hashlib.sha256()
    for module in modules:
        with open(inspect.getfile(module), "rb") as source:
            digest.update(source.read())
    return digest.hexdigest()


def jit(
    function: Callable[..., Any],
    inline: bool = False,
    fastmath: frozenset[str] | set[str] = frozenset(),
    key: str = "",
) -> Any:
    """``numba.njit(function)`` as every compiled function here is: IEEE arithmetic (no
    ``fastmath``, numpy's error model: a division by zero is inf, not an exception),
    cached on disk, no reference counting (``_nrt=False``: the loops allocate nothing, and
    counting the references of the arrays passed to a compiled function costs several
    times the kernel); ``inline``: inlined by numba into its compiled callers (a call
    between separately compiled functions returns its tuple through memory and keeps the
    compiler from optimizing across it); ``fastmath``: only for a reduction whose order
    does not matter; ``key``: added to the cache's key (a :func:`stamp` of the modules
    whose functions are inlined into this one).

    Examples
    ========

    >>> f = jit(lambda a, b: a * b + 1.0, key="x")  # doctest: +SKIP
    >>> f(2.0, 3.0)  # doctest: +SKIP
    7.0
    """
    import numba

    options: dict[str, Any] = dict(cache=True, error_model="numpy", _nrt=False)
    if inline:
        options["inline"] = "always"
    if fastmath:
        options["fastmath"] = set(fastmath)
    dispatcher = numba.njit(**options)(function)
    if key and not inline:
        dispatcher._cache = _keyed_cache()(dispatcher.py_func, key)
    return dispatcher


def loaded_loop(
    size: int,
    build: Callable[[], Any],
    signature: Callable[[Any], tuple[Any, ...]],
    loaded: list[Any],
    failed: list[str],
    what: str,
    sizes: tuple[int, int],
) -> Any:
    """A compiled loop for a call with ``size`` inputs, or None for the numpy path: the
    one in ``loaded`` once there is one; else None below ``sizes[0]`` (numba's import and
    cache check cost more than the loop saves), after a failed build (``failed``, warned
    once, naming ``what``), with ``TANHPROOF_NUMBA=0`` and without numba; below
    ``sizes[1]`` only if numba's disk cache holds ``build()``'s dispatcher for
    ``signature(dispatcher)`` (no small call waits for the compiler); else compiled now.
    The policy of :func:`tanhproof.numeric._ddjit.loop` and
    :func:`tanhproof.numeric._activationjit.loop`."""
    if loaded:
        return loaded[0]
    if size < sizes[0] or failed or os.environ.get("TANHPROOF_NUMBA", "1") == "0":
        return None
    if importlib.util.find_spec("numba") is None:
        return None
    try:
        dispatcher = build()
        sig = signature(dispatcher)
        if size < sizes[1] and dispatcher._cache.load_overload(sig, dispatcher.targetctx) is None:
            return None
        dispatcher.compile(sig)
    except Exception as error:  # noqa: BLE001 - a numba that refuses an option or fails to compile
        failed.append(str(error))
        warnings.warn(f"{what} do not build here ({error}); using numpy", stacklevel=3)
        return None
    loaded.append(dispatcher)
    return dispatcher


@functools.cache
def _keyed_cache() -> type:
    """numba's function cache with ``key`` in every index key (a private numba API: the
    index key method of ``numba.core.caching.Cache``; a numba without it fails the first
    compile, and the audit falls back to the numpy path with a warning)."""
    from numba.core.caching import FunctionCache

    class KeyedCache(FunctionCache):
        def __init__(self, py_func: Callable[..., Any], key: str) -> None:
            super().__init__(py_func)
            self._key = key

        def _index_key(self, sig: Any, codegen: Any) -> Any:
            return (*super()._index_key(sig, codegen), self._key)

    return KeyedCache
