"""The kernel: an independent checker of tanhproof certificates (the de Bruijn criterion).

The prover may be clever and wrong; the kernel is small and decides. It imports
only the standard library (no SymPy, python-flint, mpmath, numpy, and nothing else
of tanhproof), so a person can read all of it in an hour: its reader and
differentiator (``_kparse.py``), its polynomial algebra (``_kalgebra.py``), its
interval arithmetic (``_kinterval.py``) and the certificate checks (``_checker.py``).

Examples
========

>>> from tanhproof._kernel import FORMAT, VERSION, check_document
>>> cert = {"kind": "identity", "verdict": "proved", "lhs": "cosh(x)**2 - sinh(x)**2", "rhs": "1",
...         "q": {"x": 1}, "q0": None}
>>> check_document({"format": FORMAT, "version": VERSION, "certificates": [cert]})[0]["accepted"]
True
"""

from tanhproof._kernel._checker import (
    FORMAT,
    VERSION,
    MalformedCertificates,
    check_certificate,
    check_document,
)
from tanhproof._kernel._kparse import KernelError

__all__ = ["FORMAT", "VERSION", "KernelError", "MalformedCertificates", "check_certificate", "check_document"]
