"""tanhproof: prove, derive, evaluate and audit the derivative of tanh and its family.

Every answer carries its evidence: a verdict is ``proved`` only by an exact
decision procedure, ``refuted`` only with a certified counterexample, and
``undecided`` otherwise.

The public names are imported lazily, so ``import tanhproof`` is cheap and does
not import SymPy until a name that needs it is used.

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
    "derive",
    "enclose",
    "evaluate",
    "parse",
    "prove",
    "round_to",
]

_LAZY = {
    "AccuracyReport": "accuracy",
    "CATALOG": "catalog",
    "Counterexample": "proof",
    "Derivation": "derivation",
    "DomainError": "errors",
    "Enclosure": "enclosure",
    "LIMITS": "limits",
    "LimitError": "errors",
    "ParseError": "errors",
    "Proof": "proof",
    "Step": "derivation",
    "TanhproofError": "errors",
    "Verdict": "proof",
    "audit": "auditing",
    "derive": "derivation",
    "enclose": "enclosure",
    "evaluate": "numeric",
    "parse": "parser",
    "prove": "prover",
    "round_to": "rounding",
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from .accuracy import AccuracyReport
    from .auditing import audit
    from .catalog import CATALOG
    from .derivation import Derivation, Step, derive
    from .enclosure import Enclosure, enclose
    from .errors import DomainError, LimitError, ParseError, TanhproofError
    from .limits import LIMITS
    from .numeric import evaluate
    from .parser import parse
    from .proof import Counterexample, Proof, Verdict
    from .prover import prove
    from .rounding import round_to


def __getattr__(name: str) -> _typing.Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tanhproof' has no attribute {name!r}")
    value = getattr(_importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
