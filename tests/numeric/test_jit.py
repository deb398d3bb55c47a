"""The compiled fast path's cache is keyed on every source compiled into it.

numba's own disk cache checks only the file of the function it caches; the fast path
inlines functions from several modules, so tanhproof adds a hash of all of them to the
key (``tanhproof/numeric/_jit.py``). Without it, a change to an inlined module alone
ran the stale machine code from the cache (seen: a mutated ``_fastrun.py`` passed the
fast path's tests until the cache was cleared).
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from pathlib import Path

import pytest

from tanhproof.numeric import _jit


def _module(tmp_path: Path, name: str, text: str):
    path = tmp_path / f"{name}.py"
    path.write_text(text)
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_stamp_is_the_hash_of_the_sources_in_order(tmp_path: Path) -> None:
    a = _module(tmp_path, "tp_stamp_a", "X = 1\n")
    b = _module(tmp_path, "tp_stamp_b", "X = 2\n")
    # the independent computation: SHA-256 of the two files' bytes, concatenated
    want = hashlib.sha256(b"X = 1\n" + b"X = 2\n").hexdigest()
    assert _jit.stamp(a, b) == want
    assert _jit.stamp(b, a) != want
    (tmp_path / "tp_stamp_b.py").write_text("X = 3\n")  # any change to any source changes it
    assert _jit.stamp(a, b) != want


def test_a_keyed_function_has_the_key_in_its_cache_index() -> None:
    pytest.importorskip("numba", reason="the compiled fast path needs numba (pip install '.[fast]')")
    from numba import float64

    def twice(v: float) -> float:
        return 2.0 * v

    one, other, plain = _jit.jit(twice, key="one"), _jit.jit(twice, key="other"), _jit.jit(twice)
    assert one(1.5) == other(1.5) == plain(1.5) == 3.0
    sig = (float64,)
    codegen = one.targetctx.codegen()
    k1, k2 = one._cache._index_key(sig, codegen), other._cache._index_key(sig, codegen)
    k0 = plain._cache._index_key(sig, codegen)
    assert k1 != k2 and k1[-1] == "one" and k2[-1] == "other"
    assert k1[:-1] == k0  # numba's own key, with ours after it
