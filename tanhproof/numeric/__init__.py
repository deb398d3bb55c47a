"""Values: arb evaluation, rigorous enclosures, the Ziv loop, correct rounding to
decimal digits and IEEE formats, Taylor arithmetic, bulk references and sampling.

Imports only :mod:`tanhproof.expr`. Names are imported lazily (see
:mod:`tanhproof._lazy`).
"""

import typing as _typing

from tanhproof._lazy import lazy_names as _lazy_names

__all__ = ["FormatError"]

_WHERE = {"FormatError": "_formats"}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.numeric._formats import FormatError

__getattr__, __dir__ = _lazy_names(__name__, _WHERE, __all__)
