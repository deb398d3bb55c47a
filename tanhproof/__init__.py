"""tanhproof: prove, derive, evaluate and audit the derivative of tanh and its family.

Every answer carries its evidence: a verdict is ``proved`` only by an exact
decision procedure, ``refuted`` only with a certified counterexample, and
``undecided`` otherwise.

The public names are imported lazily, so ``import tanhproof`` is cheap and does
not import SymPy until a name that needs it is used.

Each layer of the library is a subpackage, a room, with a few more public names in
its own ``__all__``, lowest first: :mod:`tanhproof.expr` (parsing, the catalog,
exact points, derivative polynomials), :mod:`tanhproof.numeric` (IEEE formats,
rounding and ULPs, bulk references, Taylor coefficients), :mod:`tanhproof.proof`
(derivation rules and forms), :mod:`tanhproof.audits` (testing helpers, targets,
forms ranking) and :mod:`tanhproof.render`; the front ends are the command line
(:mod:`tanhproof.cli`), the pytest plugin and the Sphinx extension. A room imports
only the rooms below it. Modules whose names start with ``_`` are internal.

Examples
========

>>> import tanhproof as tp
>>> str(tp.prove("1 - tanh(x)**2", "sech(x)**2").verdict)
'proved'
>>> tp.parse("sech(x)**2")
sech(x)**2
"""

import importlib as _importlib
import typing as _typing

__version__ = "0.1.0"

__all__ = [  # noqa: RUF022 - plain sorted(), as tests/test_public_api.py checks
    "AccuracyReport",
    "CATALOG",
    "Counterexample",
    "Derivation",
    "DomainError",
    "Enclosure",
    "LIMITS",
    "LimitError",
    "ParseError",
    "Proof",
    "Step",
    "TanhproofError",
    "Verdict",
    "__version__",
    "audit",
    "check",
    "derive",
    "enclose",
    "evaluate",
    "parse",
    "prove",
    "round_to",
]

_LAZY = {
    "AccuracyReport": "audits._accuracyreport",
    "CATALOG": "expr._catalog",
    "Counterexample": "proof._records",
    "Derivation": "proof._derivation",
    "DomainError": "expr._errors",
    "Enclosure": "numeric._enclosure",
    "LIMITS": "expr._limits",
    "LimitError": "expr._errors",
    "ParseError": "expr._errors",
    "Proof": "proof._records",
    "Step": "proof._derivation",
    "TanhproofError": "expr._errors",
    "Verdict": "proof._records",
    "audit": "audits._run",
    "check": "_api",
    "derive": "proof._derive",
    "enclose": "numeric._enclosure",
    "evaluate": "_api",
    "parse": "numeric._reading",
    "prove": "proof._claimprover",
    "round_to": "_api",
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof._api import check, evaluate, round_to
    from tanhproof.audits._accuracyreport import AccuracyReport
    from tanhproof.audits._run import audit
    from tanhproof.expr._catalog import CATALOG
    from tanhproof.expr._errors import DomainError, LimitError, ParseError, TanhproofError
    from tanhproof.expr._limits import LIMITS
    from tanhproof.numeric._enclosure import Enclosure, enclose
    from tanhproof.numeric._reading import parse
    from tanhproof.proof._claimprover import prove
    from tanhproof.proof._derivation import Derivation, Step
    from tanhproof.proof._derive import derive
    from tanhproof.proof._records import Counterexample, Proof, Verdict


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tanhproof' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
