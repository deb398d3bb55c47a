"""The shape of a binary64 kernel: constant-range rules, a kernel range, a scaled range.

A :class:`Spec` describes how :func:`tanhproof.numeric._ddkernels.split64` sorts the
float64 inputs of one function: the rules (constant ranges, overflow) tried first, then
the range where the double-double kernel ``evaluate`` applies, then an optional scaled
range (values below ``2**-894`` given as ``c e**(s t)``). The kernels of
:mod:`tanhproof.numeric._ddkernels` (exp family) and :mod:`tanhproof.numeric._ddlogkernels`
(log family, reciprocals) are written with it.

Examples
========

>>> import numpy as np
>>> h, lo = branch(np.array([0.5, 2.0]), [(1.0, lambda t: (t, 0 * t)), (np.inf, lambda t: (-t, 0 * t))])
>>> h.tolist()
[0.5, -2.0]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tanhproof.numeric._ddarith import DD

__all__ = [
    "KIND_BESIDE",
    "KIND_OPEN",
    "KIND_OVERFLOW",
    "KIND_SCALED",
    "KIND_VALUE",
    "Rule",
    "Scaled",
    "Spec",
    "above",
    "below",
    "branch",
    "is_zero",
]

KIND_VALUE, KIND_BESIDE, KIND_OVERFLOW, KIND_OPEN, KIND_SCALED = 0, 1, 2, 3, 4

Arrays = Callable[[np.ndarray], np.ndarray]
#: ``(test, c, side, kind)``: ``c`` a float, ``None`` (the argument) or a function of it.
Rule = tuple[Arrays, float | Arrays | None, int, int]
#: ``(h, l, e)``: the value ``2**e (h + l)``.
Scaled = tuple[np.ndarray, np.ndarray, np.ndarray]


@dataclass(frozen=True)
class Spec:
    """One function's kernel: see the module docstring; ``tiny`` is ``(low, high, c, s)``:
    the value is ``c e**(s t)`` (to ``1 + O(2**-800)``) for ``t`` in ``[low, high]``;
    ``scaled`` is ``(low, high, g)``: the value is ``g(t)`` (a :data:`Scaled`) there;
    ``rounded``: the kernel's ``h`` is ``f`` rounded to nearest and ``l`` has the sign of
    ``f - h`` exactly (0 where ``f = h``): a remainder kernel, decided in every mode."""

    parity: int  # 1 odd, 0 even (both evaluated at a = |x|), -1 neither (at x)
    rules: tuple[Rule, ...]  # first match wins; c None means c = the argument
    low: float  # the kernel's range of the argument
    high: float
    evaluate: Callable[[np.ndarray], DD]
    tiny: tuple[float, float, float, float] | None = None
    scaled: tuple[float, float, Callable[[np.ndarray], Scaled]] | None = None
    rounded: bool = False


def branch(t: np.ndarray, pieces: list[tuple[float, Callable[[np.ndarray], DD]]]) -> DD:
    """Evaluate ``pieces[i]`` on the arguments below its threshold (and above the previous one)."""
    h = np.empty_like(t)
    lo = np.empty_like(t)
    done = np.zeros(t.shape, dtype=bool)
    for limit, fn in pieces:
        idx = np.flatnonzero(~done & (t < limit))
        if len(idx):
            h[idx], lo[idx] = fn(t[idx])
        done[idx] = True
    return h, lo


def below(limit: float) -> Callable[[np.ndarray], np.ndarray]:
    """The rule test ``t < limit``."""
    return lambda t: t < limit


def above(limit: float) -> Callable[[np.ndarray], np.ndarray]:
    """The rule test ``t > limit``."""
    return lambda t: t > limit


def is_zero(t: np.ndarray) -> np.ndarray:
    """The rule test ``t == 0``."""
    return t == 0
