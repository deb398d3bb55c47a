"""Accuracy audits: sweeps over a format's inputs, targets (numpy, torch, jax, any
callable), runs in shards, tallies and reports in ULPs, forms ranking and the
testing helpers.

Imports only the rooms below it: expr, numeric and proof.
"""

from tanhproof.audits._targets import TargetError

__all__ = ["TargetError"]
