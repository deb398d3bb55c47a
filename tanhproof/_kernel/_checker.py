"""The kernel: re-check tanhproof certificates with the standard library only.

A certificate file is a JSON object ``{"format": "tanhproof-certificates", "version":
1, "certificates": [...]}``; :func:`check_document` checks each certificate and says
why it accepts or rejects it:

* ``identity``, ``proved``: both sides become quotients of polynomials in
  ``T_v = exp(v/q_v)`` (``q`` and ``q0`` as the certificate states them;
  :mod:`tanhproof._kernel._kalgebra`), derivatives taken by the kernel's own rules
  (:mod:`tanhproof._kernel._kparse`), ``sqrt(A)`` as ``B`` for each hint of
  ``square_roots`` whose ``B**2 - A`` is 0 and ``B`` positive; accepted only if the
  numerator of the difference is the zero polynomial: then the sides are equal
  wherever both are defined;
* ``identity``, ``refuted``: both sides enclosed at the exact ``point`` with the
  kernel's interval arithmetic (:mod:`tanhproof._kernel._kinterval`); accepted only
  if every construct is certified defined there, each listed domain condition is
  certified, and the enclosure of ``lhs - rhs`` excludes 0;
* ``derivation``: every step, substep, branch step and form is an accepted
  ``proved`` identity, and the steps chain from ``Derivative(function, (x, n))`` to
  ``result``.

Anything else (inequalities, limits, shapes, undecided claims, unknown point kinds)
is rejected as unsupported: the kernel never accepts what it did not check.

Examples
========

>>> doc = {"format": FORMAT, "version": VERSION, "certificates": [
...     {"kind": "identity", "verdict": "proved", "lhs": "tanh(x/2)", "rhs": "sinh(x)/(cosh(x) + 1)",
...      "q": {"x": 1}, "q0": None},
...     {"kind": "identity", "verdict": "refuted", "lhs": "tanh(x)", "rhs": "sinh(x)",
...      "point": {"x": {"kind": "rational", "value": "1/2"}}, "bits": 64}]}
>>> [r["accepted"] for r in check_document(doc)]
[True, True]
>>> doc["certificates"][1]["point"]["x"]["value"] = "0"
>>> check_document(doc)[1]["reason"]
'rejected: at x = 0 the enclosure of lhs - rhs contains 0 (at 128 and 256 bits)'
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

from tanhproof._kernel._kalgebra import Ring
from tanhproof._kernel._kcases import by_cases
from tanhproof._kernel._kinterval import Interval, _log, enclose
from tanhproof._kernel._kparse import KernelError, Undefined, derivative, read

__all__ = ["FORMAT", "VERSION", "MalformedCertificates", "check_certificate", "check_document"]

FORMAT = "tanhproof-certificates"
VERSION = 1
#: The domain conditions: ``expr > 0``, ``>= 0``, ``!= 0``, ``|expr| < 1``, ``expr >= 1``.
_CONDITIONS = {
    "positive": lambda lo, hi: lo > 0,
    "nonnegative": lambda lo, hi: lo >= 0,
    "nonzero": lambda lo, hi: lo > 0 or hi < 0,
    "open_unit": lambda lo, hi: -1 < lo and hi < 1,
    "at_least_one": lambda lo, hi: lo >= 1,
}


class MalformedCertificates(Exception):
    """The file is not a certificate document of a version this kernel reads."""


def check_document(doc: Any) -> list[dict[str, Any]]:
    """One result ``{"index", "label", "accepted", "reason"}`` per certificate."""
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise MalformedCertificates(f'not a certificate document (needs "format": "{FORMAT}")')
    if doc.get("version") != VERSION:
        raise MalformedCertificates(
            f"certificate format version {doc.get('version')!r}; this kernel reads {VERSION}"
        )
    certs = doc.get("certificates")
    if not isinstance(certs, list) or not all(isinstance(c, dict) for c in certs):
        raise MalformedCertificates('"certificates" must be a list of objects')
    return [{"index": i + 1, "label": _label(c), **_verdict(c)} for i, c in enumerate(certs)]


def _label(cert: dict) -> str:
    if cert.get("kind") == "derivation":
        return f"derivation of d/d{cert.get('variable')} {cert.get('function')}"
    if "lhs" in cert and "rhs" in cert:
        return f"{cert['lhs']} = {cert['rhs']}"
    return str(cert.get("claim", cert.get("kind", "?")))


def _verdict(cert: dict) -> dict[str, Any]:
    try:
        return {"accepted": True, "reason": check_certificate(cert)}
    except KernelError as exc:
        return {"accepted": False, "reason": f"rejected: {exc}"}
    except (KeyError, TypeError, ValueError, ZeroDivisionError, RecursionError) as exc:
        return {"accepted": False, "reason": f"rejected: malformed certificate ({type(exc).__name__}: {exc})"}


def check_certificate(cert: dict) -> str:
    """Why ``cert`` is accepted; :class:`KernelError` says why it is not."""
    if cert.get("kind") == "identity":
        return _identity(cert)
    if cert.get("kind") == "derivation":
        return _derivation(cert)
    raise KernelError(
        f"unsupported kind {cert.get('kind')!r}: the kernel checks identities and derivations only"
    )


def _identity(cert: dict, verdicts: tuple[str, ...] = ("proved", "refuted")) -> str:
    verdict = cert.get("verdict")
    if verdict not in verdicts:
        raise KernelError(f"verdict {verdict!r} carries nothing the kernel can check here")
    lhs, rhs = read(cert["lhs"]), read(cert["rhs"])
    conditions = [(c["kind"], read(c["expr"])) for c in cert.get("conditions", [])]
    if any(kind not in _CONDITIONS for kind, _ in conditions):
        raise KernelError(f"unknown condition kind in {cert.get('conditions')}")
    if verdict == "refuted":
        return _refuted(cert, lhs, rhs, conditions)
    q = cert["q"]
    if not isinstance(q, dict) or not all(isinstance(v, str) for v in q):
        raise KernelError('"q" must map variable names to integers')
    hints = [(read(h["radicand"]), read(h["root"])) for h in cert.get("square_roots", [])]
    if cert.get("cases"):  # abs, sign, Piecewise: split on the signs of their affine switches
        count = by_cases(cert["cases"], lhs, rhs, lambda a, b, at: _equal(cert, hints, a, b, at)[0])
        return f"proved by {count} cases: in each the numerator of lhs - rhs is the zero polynomial"
    same, ring = _equal(cert, hints, lhs, rhs)
    if not same:
        raise KernelError("the numerator of lhs - rhs is not the zero polynomial")
    atoms = sum(1 for key in ring.gens if key[0] not in ("T", "S", "x"))
    return "proved: the numerator of lhs - rhs is the zero polynomial" + (
        f" over {atoms} opaque atom(s)" if atoms else ""
    )


def _equal(cert: dict, hints: list, a: tuple, b: tuple, at: dict | None = None) -> tuple[bool, Ring]:
    """Whether ``a = b`` in the identity's ring, and the ring (``q0`` clearing ``r/q_v`` at ``at``)."""
    q, q0 = cert["q"], cert.get("q0")
    if at:
        q0 = math.lcm(q0 or 1, *((r / q.get(v, 1)).denominator for v, r in at.items()))
    try:
        ring = Ring(dict(q), q0, hints)
    except Undefined as exc:
        raise KernelError(f"a square root hint: {exc}") from None
    return ring.equal(ring.convert(a), ring.convert(b)), ring


def _point(cert: dict, prec: int) -> dict[str, Fraction | Interval]:
    """Each variable's exact value: a rational, ``scale*log(r)`` for a rational ``r > 0``,
    or ``scale*log(r)`` for the root ``r`` of an integer polynomial that changes sign
    on ``[lo, hi]`` (``lo > 0``), enclosed by bisection with exact signs."""
    point: dict[str, Fraction | Interval] = {}
    for name, value in cert["point"].items():
        kind = value.get("kind") if isinstance(value, dict) else None
        if kind == "rational":
            point[name] = Fraction(value["value"])
            continue
        if kind == "log":
            lo = hi = Fraction(value["value"])
        elif kind == "log-algebraic":
            lo, hi = _bisect(
                [int(c) for c in value["coefficients"]], Fraction(value["lo"]), Fraction(value["hi"]), prec
            )
        else:
            raise KernelError(f"unsupported point kind {kind!r} for {name}")
        if lo <= 0:
            raise KernelError(f"log of a number that is not positive at {name}")
        scale, a, b = Fraction(value.get("scale", 1)), _log((lo, lo), prec)[0], _log((hi, hi), prec)[1]
        point[name] = (scale * a, scale * b) if scale > 0 else (scale * b, scale * a)
    return point


def _bisect(coefficients: list[int], lo: Fraction, hi: Fraction, prec: int) -> Interval:
    def p(x: Fraction) -> Fraction:
        return sum((c * x**k for k, c in enumerate(coefficients)), Fraction(0))

    if not lo < hi or p(lo) * p(hi) >= 0:
        raise KernelError("the polynomial does not change sign on the root's interval")
    while hi - lo > hi / 2 ** (prec + 8):
        mid = (lo + hi) / 2
        lo, hi = (lo, mid) if p(lo) * p(mid) <= 0 else (mid, hi)
    return lo, hi


def _refuted(cert: dict, lhs: tuple, rhs: tuple, conditions: list) -> str:
    bits = cert["bits"]
    if type(bits) is not int or not 2 <= bits <= 100_000:
        raise KernelError(f"bits must be an integer from 2 to 100000, got {bits!r}")
    shown = ", ".join(
        f"{k} = {v['value'] if v.get('kind') == 'rational' else v}" for k, v in cert["point"].items()
    )
    for prec in (bits + 64, 2 * bits + 128):
        point = _point(cert, prec)
        for kind, expr in conditions:
            if not _CONDITIONS[kind](*enclose(expr, point, prec)):
                raise KernelError(f"the domain condition ({kind}) is not certified at {shown}")
        left, right = enclose(lhs, point, prec), enclose(rhs, point, prec)
        lo, hi = left[0] - right[1], left[1] - right[0]
        if lo > 0 or hi < 0:
            return (
                f"refuted: at {shown}, lhs - rhs lies in [{float(lo):.6g}, {float(hi):.6g}] "
                f"(kernel intervals at {prec} bits), which excludes 0"
            )
    raise KernelError(
        f"at {shown} the enclosure of lhs - rhs contains 0 (at {bits + 64} and {2 * bits + 128} bits)"
    )


def _derivation(cert: dict) -> str:
    steps, branches, forms = cert["steps"], cert.get("branches", []), cert.get("forms", [])
    order, variable, result = cert["order"], cert["variable"], read(cert["result"])
    if not steps or type(order) is not int or not 1 <= order <= 100 or not isinstance(variable, str):
        raise KernelError("a derivation needs at least one step, a variable and an order 1..100")
    start = derivative(read(cert["function"]), variable, order)
    count = 0
    for chain in (steps, *branches):
        for k, step in enumerate(chain):
            count += _step(step)
            before = read(step["certificate"]["lhs"])
            if k == 0 and chain is steps and before != start:
                raise KernelError(f"the first step does not start at the derivative of {cert['function']}")
            if k == 0 and chain is not steps and before not in {read(s["certificate"]["rhs"]) for s in steps}:
                raise KernelError("a branch does not start from a step of the main chain")
            if k > 0 and before != read(chain[k - 1]["certificate"]["rhs"]):
                raise KernelError(f"step {k + 1} does not start where step {k} ends")
    if read(steps[-1]["certificate"]["rhs"]) != result:
        raise KernelError("the last step does not end at the result")
    for form in forms:
        _identity(form, ("proved",))
        if result not in (read(form["lhs"]), read(form["rhs"])):
            raise KernelError(f"the form {form['rhs']} is not compared with the result")
    return f"proved: {count} steps and {len(forms)} forms checked, chained from the derivative to the result"


def _step(step: dict) -> int:
    try:
        _identity(step["certificate"], ("proved",))
    except KernelError as exc:
        raise KernelError(f"step {_label(step['certificate'])!r} ({step.get('rule')}): {exc}") from None
    return 1 + sum(_step(s) for s in step.get("substeps", []))
