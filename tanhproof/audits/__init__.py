"""Accuracy audits: sweeps over a format's inputs, targets (numpy, torch, jax, any
callable), runs in shards, tallies and reports in ULPs, forms ranking and the
testing helpers.

Imports only the rooms below it: expr, numeric and proof. Names are imported
lazily (see :mod:`tanhproof._lazy`).
"""

import typing as _typing

from tanhproof._lazy import lazy_names as _lazy_names

__all__ = ["TargetError"]

_WHERE = {"TargetError": "_targeterror"}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.audits._targeterror import TargetError

__getattr__, __dir__ = _lazy_names(__name__, _WHERE, __all__)
