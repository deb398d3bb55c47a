"""Accuracy audits: sweeps over a format's inputs, targets (numpy, torch, jax, any
callable), runs in shards, tallies and reports in ULPs, forms ranking and the
testing helpers.

An audit runs an implementation over sampled or all inputs of a float format and
measures every result in ULPs against the correctly rounded reference
(:func:`tanhproof.numeric.reference`); the inputs are cut into shards whose tallies
merge associatively. Imports only the rooms below it: expr, numeric and proof.

Public names, beyond ``tanhproof.audit`` and its ``AccuracyReport``:

- the testing helpers :func:`assert_accurate` and :func:`assert_gradient`, which
  work in any test runner (the pytest plugin adds a fixture and a marker);
- targets: :func:`resolve` turns a name (``"numpy.tanh"``, ``"torch.tanh:grad"``,
  ...) or a callable into a checked :class:`Target`, :func:`torch_grad` and
  :func:`jax_grad` make gradient targets from torch or jax functions,
  :func:`recorded` makes one of results recorded in a file (``.npz``, NumPy's umath
  validation ``.csv``; its audit returns a :class:`RecordedReport`), and every
  misbehaving target is a one-line :class:`TargetError`;
- forms: :func:`rank_forms` proves the forms of a derivative equal, measures each
  one in a format and ranks them (a :class:`FormsReport`); :func:`compile_float`
  compiles an expression into a :class:`FloatProgram` that rounds every operation
  in the format.

The modules whose names start with ``_`` are internal. Names are imported lazily,
on first use, so importing this room stays as cheap as importing
:mod:`tanhproof` (the pytest plugin relies on it).

Examples
========

>>> from tanhproof.audits import assert_accurate
>>> report = assert_accurate("numpy.tanh", "tanh", "binary16", max_ulp=1, inputs="exhaustive")
>>> report.points, report.max_ulp < 0.5
(63493, True)
>>> from tanhproof.audits import resolve
>>> target = resolve("np.tanh", "binary16")
>>> target.spec, target.gradient
('numpy.tanh', False)
"""

import typing as _typing

from tanhproof._lazy import lazy_names as _lazy_names

__all__ = [
    "FloatProgram",
    "FormsReport",
    "RecordedReport",
    "Target",
    "TargetError",
    "assert_accurate",
    "assert_gradient",
    "compile_float",
    "jax_grad",
    "rank_forms",
    "recorded",
    "resolve",
    "torch_grad",
]

_WHERE = {
    "FloatProgram": "_floateval",
    "FormsReport": "_forms",
    "RecordedReport": "_recordedreport",
    "Target": "_targets",
    "TargetError": "_targeterror",
    "assert_accurate": "_testing",
    "assert_gradient": "_testing",
    "compile_float": "_floateval",
    "jax_grad": "_targets",
    "rank_forms": "_forms",
    "recorded": "_targets",
    "resolve": "_targets",
    "torch_grad": "_targets",
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.audits._floateval import FloatProgram, compile_float
    from tanhproof.audits._forms import FormsReport, rank_forms
    from tanhproof.audits._recordedreport import RecordedReport
    from tanhproof.audits._targeterror import TargetError
    from tanhproof.audits._targets import Target, jax_grad, recorded, resolve, torch_grad
    from tanhproof.audits._testing import assert_accurate, assert_gradient

__getattr__, __dir__ = _lazy_names(__name__, _WHERE, __all__)
