"""Values: arb evaluation, rigorous enclosures, the Ziv loop, correct rounding to
decimal digits and IEEE formats, Taylor arithmetic, bulk references and sampling.

Imports only :mod:`tanhproof.expr`.
"""

from tanhproof.numeric._formats import FormatError

__all__ = ["FormatError"]
