"""The public functions that join rooms: values with the prover's help.

The numeric room computes values from rigorous enclosures, but a value that sits
exactly on a rounding boundary (``sech(x)**2 - (1 - tanh(x)**2)`` is exactly 0, a
decimal tie, a binary midpoint) needs the exact prover, which lives in a higher room.
:func:`evaluate` and :func:`round_to` are the numeric room's functions with the
prover passed in as their exact check (:func:`tanhproof.proof._exact.proved_equal`).

Examples
========

>>> evaluate("sech(x)**2 - (1 - tanh(x)**2)", x="0.5")   # proved exactly 0 at the point
mpf('0.0')
>>> round_to("sech(x)**2 + tanh(x)**2", "binary32", "up", x="0.5")   # exactly 1: a boundary
np.float32(1.0)
"""

from __future__ import annotations

import json
import os
from typing import Any

import mpmath

from tanhproof._kernel import MalformedCertificates, check_document
from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric import _evaluate, _rounding
from tanhproof.numeric._formats import Format
from tanhproof.numeric._singlevalue import first_scalar
from tanhproof.proof._certificate import certificate, document
from tanhproof.proof._derivation import Derivation
from tanhproof.proof._exact import proved_equal
from tanhproof.proof._records import Proof

__all__ = ["check", "evaluate", "round_to"]


def evaluate(expr: Any, digits: int = 50, **point: Any) -> mpmath.mpf:
    """The value of ``expr`` at ``point``, correct to ``digits`` significant digits.

    Explanation
    ===========

    ``expr`` is text (through the whitelisting parser) or a SymPy expression; each
    variable's value is a keyword argument, taken exactly: ``x="0.1"`` is 1/10,
    ``x="0x1.8p-1"`` is 3/4, ``x=0.1`` is the binary float's exact value, and
    ``x=Fraction(1, 3)`` is one third.

    The result is an :class:`mpmath.mpf` carrying ``ceil(digits*log2(10)) + 4`` bits,
    with relative error below ``2**-(bits-1)``, computed from rigorous enclosures
    whose precision is raised until they are narrow enough (a Ziv loop); a value that
    is exactly 0 is recognised by the exact prover. mpmath prints numbers at its
    global ``mp.dps``; use ``mpmath.nstr(value, digits)`` to see them all.

    Raises :class:`~tanhproof.DomainError` at a pole or outside the domain,
    :class:`~tanhproof.ParseError` for bad text or a variable without a value,
    :class:`~tanhproof.LimitError` for ``digits`` above the cap.

    Examples
    ========

    >>> import mpmath
    >>> from fractions import Fraction
    >>> mpmath.nstr(evaluate("1 - tanh(x)", digits=15, x=20), 15)  # 1 - tanh(20) = 2/(e^40 + 1), mpmath at 60 digits
    '8.49670851058318e-18'
    >>> mpmath.nstr(evaluate("sigmoid(x)", digits=10, x=Fraction(1, 3)), 10)  # mpmath at 60 digits: 0.582570206462
    '0.5825702065'
    >>> evaluate("coth(x)", x=0)
    Traceback (most recent call last):
    ...
    tanhproof.DomainError: coth(x) is undefined at x = 0: needs x != 0
    """
    return _evaluate.evaluate_at(expr, digits, point, proved_equal)


def round_to(expr: Any, fmt: str | Format, mode: str = "nearest", **point: Any) -> Any:
    """The correctly rounded value of ``expr`` at ``point`` in an IEEE format.

    Explanation
    ===========

    ``fmt`` is ``"binary16"``, ``"bfloat16"``, ``"binary32"`` or ``"binary64"``;
    ``mode`` is ``"nearest"`` (ties to even), ``"up"``, ``"down"`` or ``"zero"``.
    Point values are keyword arguments, taken exactly. The result is the format's
    numpy scalar (``np.float16``, ``np.float32``, ``np.float64``), or a Python float
    for bfloat16, which numpy lacks. A value exactly on a rounding boundary is
    recognised by the exact prover.

    IEEE 754 special cases: overflow gives ``inf`` or the largest finite value as the
    mode says; results below the normal range are subnormal or a signed zero; a point
    outside the domain gives NaN and a pole of a catalog function its infinity
    (``log(0) = -inf``).

    Examples
    ========

    >>> round_to("diff(tanh(x), x)", "binary32", x=10)  # sech^2(10) = 8.24461445576739737e-9 (mpmath)
    np.float32(8.244615e-09)
    >>> round_to("tanh(x)", "bfloat16", x=1)  # tanh(1) = 0.76159415595576... (mpmath)
    0.76171875
    >>> round_to("log(x)", "binary64", x=0)
    np.float64(-inf)
    """
    fast = first_scalar(expr, fmt, mode, point)  # a cached plan and the loop's first step
    if fast is not None:
        return fast
    return _rounding.round_to(expr, fmt, mode, exact=proved_equal, **point)


def check(certificates: Any) -> list[dict[str, Any]]:
    """Re-check certificates with tanhproof's independent kernel (standard library only).

    Explanation
    ===========

    ``certificates`` is a certificate file (a path), a certificate document or one
    certificate (a dict), a :class:`~tanhproof.Proof` or :class:`~tanhproof.Derivation`
    (its certificate is written, then checked), or a list of these. The kernel
    (``tanhproof/_kernel/``) shares no code with the prover: it rebuilds each side as a
    quotient of polynomials in ``T_v = exp(v/q_v)``, differentiates by its own rules,
    evaluates counterexamples with its own interval arithmetic, and accepts only what
    it checked (docs/certificates.rst says what it trusts and what it does not check).

    Returns one dict per certificate: ``index`` (from 1), ``label``, ``accepted`` and
    ``reason``. Raises :class:`~tanhproof.TanhproofError` for a file that cannot be read
    or is not a certificate document.

    Examples
    ========

    >>> import tanhproof as tp
    >>> [r["accepted"] for r in check([tp.prove("tanh(2*x)", "2*tanh(x)/(1 + tanh(x)**2)"), tp.derive("sech")])]
    [True, True]
    >>> check(tp.prove("cosh(x)**2 + sinh(x)**2", "1"))[0]["reason"][:40]
    'refuted: at x = 1/2, lhs - rhs lies in ['
    """
    if isinstance(certificates, str | os.PathLike):
        try:
            with open(certificates, encoding="utf-8") as f:
                doc = json.load(f)
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
            raise TanhproofError(
                f"cannot read the certificate file {os.fspath(certificates)!r}: {why}"
            ) from None
    elif isinstance(certificates, dict) and "format" in certificates:
        doc = certificates
    else:
        items = certificates if isinstance(certificates, list | tuple) else [certificates]
        doc = document([certificate(c) if isinstance(c, Proof | Derivation) else c for c in items])
    try:
        return check_document(doc)
    except MalformedCertificates as exc:
        raise TanhproofError(str(exc)) from None
