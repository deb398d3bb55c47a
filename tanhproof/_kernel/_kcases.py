"""The kernel's proofs by cases: ``abs``, ``sign`` and ``Piecewise`` split on affine switches.

Standard library only. A certificate proved by cases lists, for one switch ``g`` (the
argument of ``abs`` or ``sign``, or ``lhs - rhs`` of a ``Piecewise`` condition), the
cases ``"sign": 1, -1, 0`` of ``g``, each with its own sub-split or none. The kernel
trusts only the order of the splits: ``g`` must be ``a*v + b`` with rationals ``a != 0``,
``b`` in one variable ``v`` (else a rejection), the root ``r = -b/a`` is its own, the
three signs must each appear once (the cases ``v > r``, ``v < r``, ``v = r`` cover the
line). On a side of ``r`` each node whose switch's sign there it decides exactly (see
:func:`on`) becomes its branch; at ``v = r``, ``r`` replaces ``v`` first. Nested splits
work on what is left (other switch points, other variables).

Examples
========

>>> from tanhproof._kernel._kparse import read
>>> root(read("2*x - 1"))
('x', Fraction(1, 2), 1)
>>> root(read("x*y")) is None
True
>>> resolve(read("abs(1 - 2*x) + sign(x)"), on("x", Fraction(1, 2), 1)) == read("-(1 - 2*x) + 1")
True
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

from tanhproof._kernel._kparse import DEFINITIONS, MINUS, KernelError, Undefined, define, num, number, read

__all__ = ["HOLDS", "by_cases", "on", "resolve", "root", "substitute"]

Sign = Callable[[tuple], "int | None"]
_CASED = {name for name, text in DEFINITIONS.items() if "abs(" in text or "Piecewise" in text}
#: Whether ``g op 0`` holds for a value of ``g`` (or its sign).
HOLDS = {">": lambda s: s > 0, ">=": lambda s: s >= 0, "<": lambda s: s < 0, "<=": lambda s: s <= 0}


def _names(t: tuple) -> set[str]:
    return {t[1]} if t[0] == "v" else {n for a in t if isinstance(a, tuple) for n in _names(a)}


def _linear(t: tuple, v: str) -> tuple[Fraction, Fraction] | None:
    """``(b, a)`` when ``t = a*v + b`` with rationals ``a``, ``b``."""
    nd = _rational(t, v)
    if nd is None or any(nd[1][1:]) or any(nd[0][2:]) or not nd[1][0]:
        return None
    return nd[0][0] / nd[1][0], (nd[0] + [0])[1] / nd[1][0]


def root(g: tuple) -> tuple[str, Fraction, int] | None:
    """``(v, r, sign(a))`` when ``g = a*(v - r)`` with rational ``a != 0`` and ``r``."""
    names = _names(g)
    ba = _linear(g, min(names)) if len(names) == 1 else None
    return None if not ba or not ba[1] else (min(names), -ba[0] / ba[1], 1 if ba[1] > 0 else -1)


def on(v: str, r: Fraction, s: int) -> Sign:
    """The sign of a switch where ``v - r`` has the sign ``s``, or None: of a number, of an
    affine switch with the root ``r``, and by :func:`_side_sign` of a rational function of
    ``v`` (or of ``E = exp(v/2)`` where ``r = 0``)."""

    def sign(g: tuple) -> int | None:
        k, found = number(g), root(g)
        if k is not None or (s and found is not None and found[:2] == (v, r)):
            return (k > 0) - (k < 0) if k is not None else found[2] * s  # type: ignore[index]
        for exp in (False, True) if s == 0 or r == 0 else (False,):
            signs = [_side_sign(p, r, s, exp) for p in _rational(g, v, exp) or [[]]]
            if None not in signs and signs[1]:  # (a denominator 0: undefined, not decided)
                return signs[0] * signs[1]  # type: ignore[operator]
        return None

    return sign


def _rational(t: tuple, v: str, exp: bool = False) -> tuple[list, list] | None:
    """``t`` as ``(N, D)``, polynomials in ``v`` (coefficients, constant first), or with
    ``exp`` in ``E = exp(v/2)`` (the catalog functions by their definitions), or None."""
    k, ba = number(t), _linear(t[2], v) if exp and t[:2] == ("f", "exp") else None
    if k is not None or (t == ("v", v) and not exp):
        return ([k] if k is not None else [Fraction(0), Fraction(1)]), [Fraction(1)]
    if ba is not None and not ba[0] and (2 * ba[1]).denominator == 1:  # exp(a*v) = E**(2a)
        mono = [Fraction(0)] * abs(int(2 * ba[1])) + [Fraction(1)]
        return (mono, [Fraction(1)]) if ba[1] >= 0 else ([Fraction(1)], mono)
    if exp and t[0] == "f" and t[1] in DEFINITIONS and t[1] not in _CASED:
        return _rational(define(t[1], t[2]), v, exp)
    e = number(t[2]) if t[0] == "^" else None
    parts = (
        [_rational(a, v, exp) for a in t[1]]
        if t[0] in ("+", "*")
        else [_rational(t[1], v, exp) if e else None]
    )
    if not all(parts) or (e is not None and (e.denominator != 1 or abs(e) > 64)):
        return None
    (n, d), *rest = [p for p in parts if p]
    if e is not None:
        return _mul(*[n if e > 0 else d] * int(abs(e))), _mul(*[d if e > 0 else n] * int(abs(e)))
    for pn, pd in rest:
        n, d = (_add(_mul(n, pd), _mul(pn, d)) if t[0] == "+" else _mul(n, pn)), _mul(d, pd)
    return n, d


def _add(p: list, q: list) -> list:
    return [a + b for a, b in zip(p + [0] * len(q), q + [0] * len(p), strict=False)][: max(len(p), len(q))]


def _mul(*ps: list) -> list:
    out = [Fraction(1)]
    for p in ps:
        prod = [Fraction(0)] * (len(out) + len(p) - 1)
        for i, a in enumerate(out):
            for j, b in enumerate(p):
                prod[i + j] += a * b
        out = prod
    return out


def _side_sign(p: list, r: Fraction, s: int, exp: bool) -> int | None:
    """The sign of ``p`` where ``v - r`` has the sign ``s``: where ``s = 0``, of a constant;
    else of ``p(r + s*y)`` for all ``y > 0`` when its nonzero coefficients share it. With
    ``exp`` (``r = 0``): ``E = 1 + y`` for ``v > 0``; ``E = 1/(1 + y)`` for ``v < 0``, where
    ``E**n p(1/E)`` (the coefficients reversed) has the sign of ``p``."""
    if not p or s == 0:
        return (p[0] > 0) - (p[0] < 0) if p and not any(p[1:]) else None
    q, (p, r, s) = [Fraction(0)], ((p[::s], Fraction(1), 1) if exp else (p, r, s))
    for c in reversed(p):  # Horner: q = q*(r + s*y) + c
        q = _add(_mul(q, [r, Fraction(s)]), [c])
    signs = {c > 0 for c in q if c}
    return None if len(signs) != 1 else 1 if signs == {True} else -1


def resolve(t: tuple, sign: Sign) -> tuple:
    """``t`` with each ``abs``, ``sign`` and ``Piecewise`` whose switch ``sign`` decides
    replaced by its branch (innermost first; the catalog functions by cases opened)."""
    kind = t[0]
    if kind in ("+", "*"):
        return (kind, tuple(resolve(a, sign) for a in t[1]))
    if kind == "^":
        return ("^", resolve(t[1], sign), resolve(t[2], sign))
    if kind == "f" and t[1] in _CASED:
        return resolve(define(t[1], t[2]), sign)
    if kind == "f":
        u = resolve(t[2], sign)
        s = sign(u) if t[1] in ("abs", "sign") else None
        if s is None and t[1] in ("abs", "sign") and u[0] == "*":  # |ab| = |a||b|, sign(ab) = sign(a)sign(b)
            return ("*", tuple(resolve(("f", t[1], f), sign) for f in u[1]))
        if s is None:
            return ("f", t[1], u)
        return num(s) if t[1] == "sign" else u if s > 0 else ("*", (MINUS, u)) if s < 0 else num(0)
    if kind != "p":
        return t
    pieces = tuple((resolve(v, sign), op, resolve(g, sign)) for v, op, g in t[1])
    for value, op, g in pieces:  # the first piece whose condition holds, once the ones before it fail
        s = None if op == "T" else sign(g)
        if op != "T" and s is None:
            return ("p", pieces)
        if op == "T" or HOLDS[op](s):
            return value
    raise KernelError("no case of a Piecewise holds")


def substitute(t: tuple, v: str, value: Fraction) -> tuple:
    """``t`` with the number ``value`` for the variable ``v``."""
    return (
        num(value)
        if t == ("v", v)
        else tuple(substitute(a, v, value) if isinstance(a, tuple) else a for a in t)
    )


def by_cases(cases: list, lhs: tuple, rhs: tuple, equal: Callable[..., bool], at: dict | None = None) -> int:
    """Check one split of ``lhs = rhs`` (see the module docstring); ``equal`` decides a
    case without cases (``at``: the variables set to switch points). The number of cases."""
    switches = sorted({str(c.get("switch")) for c in cases})
    if len(switches) != 1 or "None" in switches:
        raise KernelError(f"the cases of one split need one switch (a text), not {' and '.join(switches)}")
    found = root(read(text := switches[0]))
    if found is None:
        raise KernelError(f"the switch {text} is not affine in one variable")
    v, r, a = found
    if sorted(c["sign"] for c in cases) != [-1, 0, 1]:
        raise KernelError(
            f"the cases of {text} are not > 0, < 0 and = 0, once each: they miss part of the line"
        )
    count = 0
    for case in cases:
        s, name = case["sign"] * a, f"{text} {'<=>'[case['sign'] + 1]} 0"  # s: the sign of v - r
        if s == 0 and case.get("point") != {v: str(r)}:
            raise KernelError(f"the case {text} = 0 is not at its root {v} = {r}")
        sides = (substitute(lhs, v, r), substitute(rhs, v, r)) if s == 0 else (lhs, rhs)
        left, right = (resolve(t, on(v, r, s)) for t in sides)
        here = {**(at or {}), v: r} if s == 0 else at or {}
        try:
            if case.get("cases"):
                count += by_cases(case["cases"], left, right, equal, here)
            elif equal(left, right, here):
                count += 1
            else:
                left_over = any(f in repr((left, right)) for f in ("'f', 'abs'", "'f', 'sign'", "('p', "))
                why = (
                    " (an abs, sign or Piecewise is left: its sign there is not decided)" if left_over else ""
                )
                raise KernelError(f"where {name}, the numerator of lhs - rhs is not the zero polynomial{why}")
        except Undefined:  # a side undefined in the whole case: nothing to check there
            count += 1
        except KernelError as exc:
            raise KernelError(str(exc) if str(exc).startswith("where") else f"where {name}: {exc}") from None
    return count
