"""Verdicts: the exp-rational decision procedure, the prover, certified
counterexamples, numeric evidence, and derivations whose every step is proved.

Imports only :mod:`tanhproof.expr` and :mod:`tanhproof.numeric`.
"""

__all__: list[str] = []
