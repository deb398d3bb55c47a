"""Every fast float64 kernel by function name, for :mod:`tanhproof.numeric._bulk`.

The kernels live by family: exp and the hyperbolic functions built on it in
:mod:`tanhproof.numeric._kernels` (which also states the contract and :data:`BOUND`),
log and its relatives in :mod:`tanhproof.numeric._logkernels`, sqrt, abs, sign and the
algebraic derivatives in :mod:`tanhproof.numeric._algkernels`, coth, csch, their
derivatives and sech' in :mod:`tanhproof.numeric._hypkernels`, erf and erf' in
:mod:`tanhproof.numeric._erfkernels`. Each module's docstring
carries the error analysis of its kernels.

Examples
========

>>> "tanh" in KERNELS and "log" in KERNELS
True
"""

from __future__ import annotations

from tanhproof.numeric._algkernels import ALG_KERNELS
from tanhproof.numeric._erfkernels import ERF_KERNELS
from tanhproof.numeric._hypkernels import HYP_KERNELS
from tanhproof.numeric._kernels import BOUND, Kernel
from tanhproof.numeric._kernels import KERNELS as _EXP_KERNELS
from tanhproof.numeric._logkernels import LOG_KERNELS

__all__ = ["BOUND", "KERNELS"]

#: The kernels by function name (``'`` marks the first derivative).
KERNELS: dict[str, Kernel] = dict(
    sorted({**_EXP_KERNELS, **LOG_KERNELS, **ALG_KERNELS, **HYP_KERNELS, **ERF_KERNELS}.items())
)
