"""The inputs of an accuracy audit, cut into shards.

A :class:`Shard` names a piece of the input set small enough to hold in memory
(a few million values) and cheap to send to another process: a range of bit
patterns of magnitudes, evaluated with one or both signs, or a slice of an explicit
array. :func:`plan` turns an audit's ``inputs`` argument into shards; :func:`values`
gives a shard's inputs as an array of the format's dtype.

Explanation
===========

``"exhaustive"``
    every value of a format of at most 32 bits: each shard is a range of positive bit
    patterns taken with both signs (so the reference of an odd or even function is
    computed once for ``x`` and ``-x``), plus one shard of the special inputs
    ``+-0``, ``+-inf`` and three NaNs (quiet, negative, with a payload).
``N`` (an int)
    ``N`` inputs drawn deterministically from ``seed``, each shard's own from
    ``(seed, shard index)`` when the shard runs (so the inputs are the same whatever
    the number of processes, and no process holds them all): a third uniform over the
    finite bit patterns, a third uniform in value over ``[-40, 40]``, a third in the
    hard regions -- near 0, around the points where tanh rounds to +-1
    (``atanh(1 - 2**-(p+1))``: 9.0109 in binary32, and both 9.0109 and 19.0615 in
    binary64) and where
    exp overflows (``log`` of the largest finite value) -- plus the special inputs.
``(lo, hi)``
    every value of the format in ``[lo, hi]`` for formats of at most 32 bits; for
    binary64, ``samples`` values uniform in ``[lo, hi]`` (drawn per shard, as above)
    and the two ends.
an array
    exactly those inputs (each must be a value of the format); each shard carries
    its own slice.

Every shard has an ``index`` (its place in the plan), which names it in reports and
checkpoints; :func:`label` says in words which inputs it holds.

Examples
========

>>> shards = plan("exhaustive", "binary16")
>>> sum(s.size for s in shards), len(values(shards[-1], "binary16"))
(63493, 7)
>>> [(s.signs, len(values(s, "binary16"))) for s in plan((-1, 1), "binary16")]  # [+0, 1] and [-1, -0]
[('+', 15361), ('-', 15361)]
>>> label(plan((-1, 1), "binary16")[1], "binary16")
'x in [-0x1p+0, -0x0p+0] (binary16 bit patterns 0x0000..0x3c00, 15,361 inputs)'
>>> s = plan(10_000, "binary64", shard_size=4096)[1]
>>> s.kind, s.index, s.size, label(s, "binary64")
('samples', 1, 4096, 'samples 4,096..8,191 of seed 0 (shard 1, 4,096 inputs)')
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.numeric._arrayrounding import format_values, round_array
from tanhproof.numeric._bitpatterns import bits_to_float
from tanhproof.numeric._formats import Format, FormatError, get_format, to_hex

__all__ = [
    "DEFAULT_SHARD",
    "MAX_SAMPLES",
    "Shard",
    "default_shard_size",
    "describe",
    "label",
    "plan",
    "saturation_points",
    "values",
]

#: Magnitudes per shard (each taken with both signs in an exhaustive audit).
DEFAULT_SHARD = 1 << 22
#: Inputs per shard of a binary64 audit, whose reference is the slow arb Ziv loop
#: (about 10,000 to 50,000 inputs a second): a shard then takes seconds, not minutes.
DEFAULT_SHARD_64 = 1 << 16
#: The largest number of samples (and of explicit inputs) one audit takes.
MAX_SAMPLES = 1 << 30


@dataclass(frozen=True)
class Shard:
    """``kind`` is ``"bits"`` (magnitude bit patterns ``start <= b < stop``, with
    ``signs`` ``"+"``, ``"-"`` or ``"+-"``), ``"array"`` (inputs ``start`` to ``stop``
    of an explicit array; ``data`` is that slice), ``"samples"`` (samples ``start`` to
    ``stop``, drawn from ``(seed, index)``), ``"uniform"`` (the same, uniform in
    ``data = (lo, hi)``) or ``"special"``. ``index`` is the shard's place in its plan."""

    kind: str
    start: int = 0
    stop: int = 0
    signs: str = "+-"
    data: Any = None
    index: int = 0
    seed: int = 0

    @property
    def size(self) -> int:
        if self.kind == "special":
            return len(_specials(np.float64))
        n = self.stop - self.start
        return n * len(self.signs) if self.kind == "bits" else n


def _specials(dtype: Any) -> np.ndarray:
    nan = float("nan")
    return np.array([0.0, -0.0, math.inf, -math.inf, nan, -nan, nan], dtype=dtype)


def values(shard: Shard, fmt: str | Format) -> np.ndarray:
    """The inputs of ``shard`` as an array of the format's dtype (float32 for bfloat16)."""
    f = get_format(fmt)
    dt = f.dtype
    if shard.kind == "special":
        out = _specials(dt)
        if f.width <= 32:  # a NaN with a payload: the quiet bit and the lowest fraction bit
            payload = (((1 << f.exponent_bits) - 1) << f.fraction_bits) | (1 << (f.fraction_bits - 1)) | 1
            out[-1] = bits_to_float(np.array([payload], dtype=f.uint_dtype), f)[0]
        return out
    if shard.kind == "array":
        return np.asarray(shard.data, dtype=dt)
    if shard.kind in ("samples", "uniform"):
        rng = np.random.default_rng(np.random.SeedSequence([shard.seed, shard.index]))
        n = shard.stop - shard.start
        if shard.kind == "samples":
            return _samples(n, f, rng)
        lo, hi = shard.data
        return round_array(rng.uniform(lo, hi, size=n), f).astype(dt)
    # the magnitudes straight in the format's own width, then both signs written in place
    # into one array (an exhaustive audit builds 2**32 inputs: each pass over them counts)
    mags: np.ndarray = bits_to_float(np.arange(shard.start, shard.stop, dtype=f.uint_dtype), f).astype(
        dt, copy=False
    )
    n = mags.size
    out = np.empty(n * len(shard.signs), dtype=dt)
    at = 0
    if "+" in shard.signs:
        out[:n] = mags
        at = n
    if "-" in shard.signs:
        np.negative(mags, out=out[at : at + n])
    return out


def _max_bits(f: Format) -> int:
    """The bit pattern of the largest finite magnitude, plus one."""
    return ((1 << f.exponent_bits) - 1) << f.fraction_bits


def _bits_of(v: float, f: Format, mode: str = "nearest") -> int:
    """The bit pattern of ``v`` rounded to ``f`` (``v >= 0``)."""
    arr: np.ndarray = round_array(np.array([v], dtype=np.float64), f, mode).astype(f.dtype)
    if f.name == "bfloat16":
        return int(arr.view(np.uint32)[0] >> 16)
    return int(arr.view({16: np.uint16, 32: np.uint32, 64: np.uint64}[f.width])[0])


def saturation_points(fmt: str | Format) -> tuple[float, float]:
    """Where tanh first rounds to 1 (``atanh(1 - 2**-(p+1))``) and where exp overflows
    (``log`` of the largest finite value), as floats.

    >>> [round(v, 4) for v in saturation_points("binary32")], round(saturation_points("binary64")[0], 4)
    ([9.0109, 88.7228], 19.0615)
    """
    f = get_format(fmt)
    return 0.5 * math.log(2.0 ** (f.precision + 2) - 1), math.log(f.max_float)


def _chunks(kind: str, start: int, stop: int, size: int, **extra: Any) -> list[Shard]:
    return [Shard(kind, a, min(a + size, stop), **extra) for a in range(start, stop, size)]


def _range_shards(lo: float, hi: float, f: Format, size: int) -> list[Shard]:
    """Every value of ``f`` in ``[lo, hi]`` as bit-range shards."""
    out: list[Shard] = []
    top = _max_bits(f)
    if hi >= 0:  # the positive part [max(lo, 0), hi]; +0 if lo <= 0
        a = 0 if lo <= 0 else _bits_of(lo, f, "up")
        b = _bits_of(hi, f, "down") + 1 if math.isfinite(hi) else top
        out += _chunks("bits", a, min(b, top), size, signs="+")
    if lo < 0:  # the negative part [lo, min(hi, -0)]
        a = 0 if hi >= 0 else _bits_of(-hi, f, "up")
        b = _bits_of(-lo, f, "down") + 1 if math.isfinite(lo) else top
        out += _chunks("bits", a, min(b, top), size, signs="-")
    return out


def _samples(n: int, f: Format, rng: np.random.Generator) -> np.ndarray:
    third = n // 3
    dt = f.dtype
    # Uniform over the finite bit patterns (both signs).
    top = _max_bits(f)
    bits = rng.integers(0, top, size=third, dtype=np.uint64)
    if f.width == 64:
        mags = bits.view(np.float64)
    else:
        mags = bits_to_float(bits.astype(f.uint_dtype), f).astype(np.float64)
    sign = np.where(rng.integers(0, 2, size=third) == 1, -1.0, 1.0)
    a = mags * sign
    # Uniform in value.
    b = rng.uniform(-40.0, 40.0, size=third)
    # Hard regions: near 0, around tanh's saturation point and exp's overflow point.
    rest = n - 2 * third
    sat, ovf = saturation_points(f)
    k = rest // 3
    near0 = np.ldexp(rng.uniform(0.5, 1.0, size=k), rng.integers(-60, 1, size=k))
    # Where tanh rounds to +-1 in this format, and in binary32 (9.0109) too for wider ones.
    sats = np.array(sorted({sat, saturation_points("binary32")[0]}))
    near_sat = sats[rng.integers(0, len(sats), size=k)] + rng.uniform(-0.5, 0.5, size=k)
    near_ovf = ovf + rng.uniform(-1.0, 1.0, size=rest - 2 * k)
    c = np.concatenate([near0, near_sat, near_ovf]) * np.where(rng.integers(0, 2, size=rest) == 1, -1.0, 1.0)
    out = np.concatenate([a, b, c])
    return round_array(out, f).astype(dt)


def _check_count(n: object, what: str) -> int:
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise FormatError(f"{what} must be a positive integer, got {n!r}")
    if n > MAX_SAMPLES:
        raise LimitError(f"{what} {n} exceeds the limit of {MAX_SAMPLES} inputs per audit")
    return int(n)


def plan(
    inputs: Any, fmt: str | Format, *, seed: int = 0, samples: int = 100_000, shard_size: int | None = None
) -> list[Shard]:
    """The shards of an audit's ``inputs`` (see the module docstring); ``shard_size``
    defaults to :func:`default_shard_size`."""
    f = get_format(fmt)
    size = default_shard_size(f) if shard_size is None else shard_size
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise FormatError(f"seed must be an integer >= 0, got {seed!r}")
    if isinstance(inputs, str):
        if inputs != "exhaustive":
            raise FormatError(
                f"inputs must be 'exhaustive', a sample count, (lo, hi) or an array, got {inputs!r}"
            )
        if f.width > 32:
            raise FormatError(
                f"an exhaustive audit of {f.name} is impossible (2^{f.width} inputs); "
                "give a number of samples or a range"
            )
        return _numbered([*_chunks("bits", 1, _max_bits(f), size, signs="+-"), Shard("special")])
    if isinstance(inputs, (int, np.integer)) and not isinstance(inputs, bool):
        n = _check_count(inputs, "the number of samples")
        return _numbered([*_chunks("samples", 0, n, size, seed=seed), Shard("special")])
    if isinstance(inputs, tuple) and len(inputs) == 2:
        lo, hi = (_endpoint(v) for v in inputs)
        if not lo <= hi:
            raise FormatError(
                f"the range ({inputs[0]!r}, {inputs[1]!r}) is empty: its low end is above its high end"
            )
        if f.width > 32:
            n = _check_count(samples, "the number of samples")
            if not math.isfinite(hi - lo):
                raise FormatError(f"a binary64 range must be finite, got ({inputs[0]!r}, {inputs[1]!r})")
            ends: np.ndarray = round_array(np.array([lo, hi]), f).astype(f.dtype)
            uniform = _chunks("uniform", 0, n, size, seed=seed, data=(lo, hi))
            return _numbered([Shard("array", 0, 2, data=ends), *uniform])
        shards = _range_shards(lo, hi, f, size)
        if not shards:
            raise FormatError(f"the range [{inputs[0]}, {inputs[1]}] holds no {f.name} value")
        return _numbered(shards)
    arr = np.asarray(inputs)
    if arr.ndim == 0 or arr.dtype.kind not in "fiu":
        raise FormatError(
            f"inputs must be 'exhaustive', a sample count, (lo, hi) or an array, got {inputs!r:.60}"
        )
    _check_count(arr.size, "the number of inputs")
    data: np.ndarray = format_values(arr, f).ravel().astype(f.dtype)
    return _numbered(
        [
            Shard("array", a, min(a + size, len(data)), data=data[a : a + size])
            for a in range(0, len(data), size)
        ]
    )


def _numbered(shards: list[Shard]) -> list[Shard]:
    return [replace(s, index=i) for i, s in enumerate(shards)]


def default_shard_size(fmt: str | Format) -> int:
    """The default inputs per shard: :data:`DEFAULT_SHARD`, :data:`DEFAULT_SHARD_64` for binary64.

    >>> default_shard_size("binary32"), default_shard_size("binary64")
    (4194304, 65536)
    """
    return DEFAULT_SHARD_64 if get_format(fmt).width > 32 else DEFAULT_SHARD


def _endpoint(v: Any) -> float:
    from tanhproof.expr._points import exact_value

    if isinstance(v, str) and v.strip().lstrip("+-").lower() in ("inf", "infinity"):
        return -math.inf if v.strip().startswith("-") else math.inf
    if isinstance(v, float) and math.isinf(v):
        return v
    try:
        return float(exact_value(v))
    except OverflowError:
        raise FormatError(f"range end {v!r} is too large") from None
    except TanhproofError as exc:
        raise FormatError(f"range end {v!r}: {exc}") from None


def describe(inputs: Any, fmt: str | Format, shards: list[Shard]) -> str:
    """A short description of the inputs for reports."""
    f = get_format(fmt)
    n = sum(s.size for s in shards)
    if isinstance(inputs, str):
        return f"exhaustive: every {f.name} value ({n:,} inputs)"
    if isinstance(inputs, (int, np.integer)):
        return f"{n:,} samples (bit patterns, values in [-40, 40], hard regions, specials)"
    if isinstance(inputs, tuple):
        return f"range [{inputs[0]}, {inputs[1]}] ({n:,} inputs)"
    return f"{n:,} given inputs"


def label(shard: Shard, fmt: str | Format) -> str:
    """Which inputs ``shard`` holds, in words (for a failed shard in a report)."""
    f = get_format(fmt)
    n = f"{shard.size:,} inputs"
    if shard.kind == "special":
        return f"the special inputs +-0, +-inf and NaN ({n})"
    if shard.kind == "array":
        return f"given inputs {shard.start:,}..{shard.stop - 1:,} ({n})"
    if shard.kind in ("samples", "uniform"):
        where = "" if shard.kind == "samples" else f" in [{shard.data[0]!r}, {shard.data[1]!r}]"
        return (
            f"samples {shard.start:,}..{shard.stop - 1:,}{where} of seed {shard.seed} "
            f"(shard {shard.index}, {n})"
        )
    ends: Any = values(Shard("bits", shard.start, shard.stop, "+"), f)
    lo, hi = (to_hex(float(ends[i]), short=True) for i in (0, -1))
    digits = (f.width + 3) // 4 if f.name != "bfloat16" else 4
    bits = f"{f.name} bit patterns 0x{shard.start:0{digits}x}..0x{shard.stop - 1:0{digits}x}"
    span = {"+": f"x in [{lo}, {hi}]", "-": f"x in [-{hi}, -{lo}]", "+-": f"|x| in [{lo}, {hi}]"}
    return f"{span[shard.signs]} ({bits}, {n})"
