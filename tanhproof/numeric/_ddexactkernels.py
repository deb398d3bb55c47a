"""Binary64 "kernels" of abs, sign and their derivatives: exact values, no approximation.

``abs x = |x|``, ``abs' x = sign x`` (0 at 0, the catalog's convention), ``sign x`` in
``{-1, 0, 1}``, ``sign' x = 0`` for ``x != 0`` are float64 values themselves, so each
is a constant-range rule of :mod:`tanhproof.numeric._ddspec` with side 0 (exact, the
same in every rounding mode, zeros positive as the arb loop gives them). ``sign'`` at 0
(undefined) is left to the loop, which reports it.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._ddkernels import split64
>>> split64("abs'", np.array([-2.0, 0.0, 3.0])).c.tolist()
[-1.0, 0.0, 1.0]
"""

from __future__ import annotations

import numpy as np

from tanhproof.numeric._ddarith import DD
from tanhproof.numeric._ddspec import KIND_BESIDE, Rule, Spec

__all__ = ["EXACT_KERNELS64"]


def _everywhere(t: np.ndarray) -> np.ndarray:
    return np.ones(t.shape, dtype=bool)


def _sign(t: np.ndarray) -> np.ndarray:
    return np.sign(t) + 0.0  # -0.0 + 0.0 is +0.0


def _absolute(t: np.ndarray) -> np.ndarray:
    return np.abs(t)


def _none(t: np.ndarray) -> DD:  # pragma: no cover - the kernel range is empty
    raise AssertionError("exact kernels have no kernel range")


def _rule_only(rule: Rule) -> Spec:
    return Spec(-1, (rule,), np.inf, -np.inf, _none)


#: The exact kernels by name.
EXACT_KERNELS64: dict[str, Spec] = {
    "abs": _rule_only((_everywhere, _absolute, 0, KIND_BESIDE)),
    "abs'": _rule_only((_everywhere, _sign, 0, KIND_BESIDE)),
    "sign": _rule_only((_everywhere, _sign, 0, KIND_BESIDE)),
    "sign'": _rule_only((lambda t: t != 0, 0.0, 0, KIND_BESIDE)),
}
