"""Values: arb evaluation, rigorous enclosures, the Ziv loop, correct rounding to
decimal digits and IEEE formats, Taylor arithmetic, bulk references and sampling.

Imports only :mod:`tanhproof.expr`.
"""

__all__: list[str] = []
