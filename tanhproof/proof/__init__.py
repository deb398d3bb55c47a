"""Verdicts: the exp-rational decision procedure, the prover, certified
counterexamples, numeric evidence, and derivations whose every step is proved.

A claim is ``proved`` only by an exact procedure, ``refuted`` only with a certified
counterexample (an exact point and an arb enclosure of the difference that excludes
0), ``undecided`` otherwise; numeric checks are evidence and are labelled so.
Imports only :mod:`tanhproof.expr` and :mod:`tanhproof.numeric`.

Public names, beyond ``tanhproof.prove``, ``derive`` and their records ``Proof``,
``Verdict``, ``Counterexample``, ``Derivation`` and ``Step``: :data:`RULES` (the
rule names a step may carry), :class:`Form` (an equivalent form of a derivation's
result, with its proof), :class:`NumericCheck` (a form's numeric evidence) and
:class:`LogPoint` (an exact irrational counterexample point ``x = q*log(r)``). The
modules whose names start with ``_`` are internal. Names are imported lazily, on
first use, so importing this room does not import SymPy.

Examples
========

>>> import tanhproof
>>> from tanhproof.proof import RULES, Form
>>> d = tanhproof.derive("tanh")
>>> all(step.rule in RULES for step in d.steps)
True
>>> form = d.forms[1]
>>> isinstance(form, Form), form.label, str(form.proof.verdict)
(True, 'sech(x)**2', 'proved')
>>> [check.ok for check in form.checks]
[True, True, True, True]
"""

import typing as _typing

from tanhproof._lazy import lazy_names as _lazy_names

__all__ = [  # noqa: RUF022 - plain sorted(), as tests/test_public_api.py checks
    "Form",
    "LogPoint",
    "NumericCheck",
    "RULES",
    "prove_asymptotic",
    "prove_inequality",
    "prove_limit",
    "prove_shape",
]

_WHERE = {
    "Form": "_derivation",
    "LogPoint": "_logpoint",
    "NumericCheck": "_evidence",
    "RULES": "_derivation",
    "prove_asymptotic": "_asymptotics",
    "prove_inequality": "_inequality",
    "prove_limit": "_asymptotics",
    "prove_shape": "_shape",
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.proof._asymptotics import prove_asymptotic, prove_limit
    from tanhproof.proof._derivation import RULES, Form
    from tanhproof.proof._evidence import NumericCheck
    from tanhproof.proof._inequality import prove_inequality
    from tanhproof.proof._logpoint import LogPoint
    from tanhproof.proof._shape import prove_shape

__getattr__, __dir__ = _lazy_names(__name__, _WHERE, __all__)
