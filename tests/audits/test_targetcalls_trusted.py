"""A named target's fast call (read-only inputs, no copy, the result in the format's dtype).

The audit calls a named target (tanhproof's own wrapper of a listed library function)
through :meth:`Target.results`, which passes the inputs read-only instead of copying them
and comparing the copy after the call. That is sound only if no listed function writes
into its input: checked here for every listed function of every installed library, in
every format, by comparing the input's bits after the call with a copy taken before, and
the fast result with the checked call's (the independent path: a fresh copy, compared
after the call). A user's callable keeps the copy and the comparison.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from tanhproof.audits import TargetError, resolve
from tanhproof.audits._targetfunctions import FUNCTIONS

FORMATS = ("binary16", "bfloat16", "binary32", "binary64")
_DTYPE = {"binary16": np.float16, "bfloat16": np.float32, "binary32": np.float32, "binary64": np.float64}
# bfloat16 values (exact in float32), both signs, zeros, tiny, large, inf, NaN
_VALUES = [0.0, -0.0, 0.5, -0.5, 1.0, -2.0, 3.0, 0.0078125, -100.0, 1e-4, 60000.0, np.inf, -np.inf, np.nan]
_PREFIX = {
    "numpy": "numpy.",
    "math": "math.",
    "torch": "torch.",
    "jax": "jax.numpy.",
    "scipy": "scipy.special.",
}


def _names() -> list[str]:
    names = []
    for library, table in FUNCTIONS.items():
        module = "scipy" if library == "scipy" else library
        if importlib.util.find_spec(module) is None:
            continue
        for path in table:
            if library == "jax" and path.startswith("nn."):
                names.append(f"jax.{path}")
            else:
                names.append(_PREFIX[library] + path)
            if library in ("torch", "jax"):
                names.append(names[-1] + ":grad")
    return sorted(names)


def _inputs(fmt: str) -> np.ndarray:
    x = np.array(_VALUES, dtype=np.float64)
    if fmt == "binary16":
        x = np.where(np.abs(x) > 65504, np.copysign(np.inf, x), x)
    return x.astype(_DTYPE[fmt])


def _same(a: np.ndarray, b: np.ndarray) -> bool:
    return bool(np.array_equal(a, b, equal_nan=True)) and bool((np.signbit(a) == np.signbit(b)).all())


def test_the_table_has_names_to_check():
    assert len(_names()) > 50  # numpy and math are always installed


@pytest.mark.parametrize("name", _names())
def test_no_listed_function_writes_into_its_input(name):
    for fmt in FORMATS:
        try:
            target = resolve(name, fmt)
        except TargetError:
            continue  # not offered in this format (e.g. a math function per element in bfloat16)
        x = _inputs(fmt)
        before = x.copy()
        try:
            checked = target(x.copy())
        except TargetError as err:
            with pytest.raises(TargetError) as fast:
                target.results(x)
            assert str(fast.value) == str(err)
        else:
            fast = target.results(x)
            assert fast.dtype == x.dtype, (name, fmt)
            assert _same(fast.astype(np.float64), checked), (name, fmt)
        assert x.view(np.uint8).tobytes() == before.view(np.uint8).tobytes(), (name, fmt)
        assert x.flags.writeable  # the caller's array is left writable


def test_a_named_target_gets_its_inputs_read_only():
    seen = {}

    def spy(x):
        seen["writeable"] = x.flags.writeable
        return np.tanh(x)

    from tanhproof.audits._targetcalls import call_checked
    from tanhproof.numeric._formats import get_format

    x = np.array([0.5], dtype=np.float32)
    call_checked(spy, x, get_format("binary32"), "spy", trusted=True, native=True)
    assert seen["writeable"] is False and x.flags.writeable
    with pytest.raises(TargetError, match=r"^target spy raised ValueError: .*read-only"):
        call_checked(lambda v: np.negative(v, out=v), x, get_format("binary32"), "spy", trusted=True)


def test_a_callable_keeps_the_copy_and_the_comparison():
    def mutate(x):
        x[:] = 0
        return np.tanh(x)

    target = resolve(mutate, "binary32")
    x = np.array([0.5, 1.0], dtype=np.float32)
    with pytest.raises(TargetError, match=r"^target .*mutate modified its input array$"):
        target.results(x)
    assert x.tolist() == [0.5, 1.0]
