"""Tests of tanhproof.audits._shardwork: one shard, its target called in pieces.

:func:`~tanhproof.audits._shardwork.run_shard` calls the target on
:data:`~tanhproof.audits._shardwork.CALL` inputs at a time (each half of a mirrored
shard apart) and measures each piece block by block. The oracle is the numpy path's
``measure`` over the whole shard at once (the target called on all of it), and the
inputs the target was given, which must be the shard's inputs, each once.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest

from tanhproof.audits import _shardwork
from tanhproof.audits._accuracy import measure
from tanhproof.audits._shardwork import _reference
from tanhproof.audits._sweep import Shard, values
from tanhproof.audits._targets import resolve

F32 = np.float32


def _recording(fn):
    calls: list[np.ndarray] = []

    def target(x: np.ndarray) -> np.ndarray:
        calls.append(np.array(x, copy=True))
        return fn(x)

    return target, calls


def _tally(shard: Shard, target, reference: str, parity: str | None, call: int, monkeypatch) -> dict:
    monkeypatch.setattr(_shardwork, "CALL", call)
    return _as_dict(_shardwork.run_shard(shard, target, reference, "binary32", 1.0, parity))


def _as_dict(t) -> dict:
    d = dataclasses.asdict(t)
    d.pop("shards")  # how many tallies were added: not a measurement
    return {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in d.items()}


def _same(a: dict, b: dict) -> None:
    assert math.isclose(a.pop("sum_ulp"), b.pop("sum_ulp"), rel_tol=1e-12)
    assert repr(a) == repr(b)


def _shard(signs: str) -> Shard:
    # 2 * 71,708 + 1 magnitudes from 0.5 (binary32 bits)
    start = int(np.array(0.5, dtype=F32).view(np.uint32))
    return Shard("bits", start, start + 2 * 71708 + 1, signs)


def _oracle(shard: Shard, fn, reference: str, parity: str | None) -> dict:
    """The numpy path over the whole shard at once: the target on every input, the
    reference (mirrored as the shard is) and ``measure``, without ``run_shard``."""
    x = values(shard, "binary32")
    mirrored = shard.signs == "+-"
    ref = _reference(reference, x, "binary32", parity, mirrored)
    t = measure(x, np.asarray(fn(x), dtype=F32), ref, "binary32", 1.0)
    return _as_dict(t)


#: Inputs per call (a mirrored shard: half as many magnitudes with both signs): pieces
#: that end inside blocks; and a last piece of one magnitude (2 * 71,708 + 1, see _shard).
_CALLS = [140000, 143416]


@pytest.mark.parametrize("signs", ["+-", "+"])
@pytest.mark.parametrize("fast", [True, False])
@pytest.mark.parametrize("call", _CALLS)
@pytest.mark.parametrize(
    "name, reference, parity",
    [("numpy.tanh", "tanh", "odd"), ("numpy.exp", "exp", None), ("torch.tanh:grad", "tanh'", "even")],
)
def test_a_shard_in_pieces_is_the_shard_measured_at_once(
    monkeypatch, signs, fast, call, name, reference, parity
):
    from tanhproof.audits import _fastpath

    if name.startswith("torch"):
        pytest.importorskip("torch")
    monkeypatch.setattr(_fastpath, "ENABLED", fast)
    shard = _shard(signs)
    fn = resolve(name, "binary32").results
    target, calls = _recording(fn)
    pieces = _tally(shard, target, reference, parity, call, monkeypatch)
    sizes = [c.size for c in calls]
    m = shard.stop - shard.start
    assert max(sizes) <= call and len(sizes) == math.ceil(m / (call // len(signs)))
    # every input of the shard given to the target once
    given = np.sort(np.concatenate(calls).view(np.uint32))
    assert np.array_equal(given, np.sort(values(shard, "binary32").view(np.uint32)))
    assert pieces["points"] == shard.size
    _same(pieces, _oracle(shard, fn, reference, parity))


@pytest.mark.parametrize("signs", ["+-", "+"])
def test_a_shard_of_at_most_call_inputs_is_one_call_as_it_is(monkeypatch, signs):
    shard = _shard(signs)
    target, calls = _recording(np.tanh)
    _tally(shard, target, "tanh", "odd", shard.size, monkeypatch)
    assert len(calls) == 1 and np.array_equal(
        calls[0].view(np.uint32), values(shard, "binary32").view(np.uint32)
    )


def test_a_target_wrong_in_one_piece_is_found_there(monkeypatch):
    # A result wrong only at the last input of the shard (a call's last piece, a block's
    # tail): the pieces must pair each input with its own result.
    shard = _shard("+-")
    x_last = values(shard, "binary32")[-1]

    def target(x: np.ndarray) -> np.ndarray:
        out = np.tanh(x)
        return np.where(x == x_last, F32(2.0), out).astype(F32)

    pieces = _tally(shard, target, "tanh", "odd", 70000, monkeypatch)
    assert pieces["not_correctly_rounded"] >= 1
    assert pieces["worst"]["x"] == float(x_last)
    _same(pieces, _oracle(shard, target, "tanh", "odd"))
