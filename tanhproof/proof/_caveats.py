"""Domain caveats as mathematics, and the conditions proved to hold everywhere dropped.

The prover writes each caveat as one line of text that names the side as written
(``"Derivative(1/(1 + exp(-x)), x): needs 1 + exp(-x) != 0"``). That text stays what
JSON and certificates carry, but a reader should see the caveat in the notation of
the claim it qualifies. :func:`with_math` turns a proof's caveats into
:class:`Caveat` strings (still that text) that also carry their mathematics: the
side they concern (``subject``, an expression), a ``phrase`` (``"needs"``, or
``"not differentiable where"``) and the relation (``relation``, an unevaluated
SymPy relation such as ``x ≠ 1`` or ``|x| < 1``); each renderer prints these in its
own notation. A pole ``x - 1 = 0`` and a point ``x = 1`` become the condition
``x ≠ 1``; a linear condition in one variable is solved exactly (``1 - x != 0`` is
``x ≠ 1``).

A condition that holds at every real point says nothing; :func:`holds_everywhere`
decides it with the exp-rational sign procedure
(:func:`~tanhproof.proof._sides.nonnegative_everywhere`: exact, never numerics), and
:func:`with_math` drops such a caveat. A caveat whose text it cannot read is kept as
it is (a plain ``str``).

Examples
========

>>> import sympy
>>> from tanhproof.expr._parser import symbol
>>> from tanhproof.proof._records import Proof, Verdict
>>> x = symbol("x")
>>> lhs = sympy.Derivative(1 / (1 + sympy.exp(-x)), x)
>>> p = Proof(lhs, lhs, Verdict.PROVED, "syntactic identity",
...           caveats=("Derivative(1/(1 + exp(-x)), x): needs 1 + exp(-x) != 0",))
>>> with_math(p).caveats  # 1 + exp(-x) > 0 at every real x: dropped
()
>>> p = Proof(sympy.atanh(x), sympy.atanh(x), Verdict.PROVED, "syntactic identity",
...           caveats=("atanh(x) is undefined where x - 1 = 0", "atanh(x): needs |x| < 1"))
>>> [(c.subject, c.phrase, c.relation) for c in with_math(p).caveats]
[(atanh(x), 'needs', Ne(x, 1)), (atanh(x), 'needs', Abs(x) < 1)]
>>> p = Proof(1 / (x**2 + 1), 1 / (x**2 + 1), Verdict.PROVED, "syntactic identity",
...           caveats=("1/(x**2 + 1) is undefined where x**2 + 1 = 0",))
>>> with_math(p).caveats  # x**2 + 1 has no real zero: dropped
()
"""

from __future__ import annotations

import dataclasses
import functools
from typing import Any

import sympy
from sympy.polys.polyerrors import CoercionFailed, PolynomialError

from tanhproof.expr._domain import Condition
from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._reading import parse, parse_with_conditions
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._records import Proof
from tanhproof.proof._sides import evaluated, nonnegative_everywhere

__all__ = ["Caveat", "condition_caveat", "holds_everywhere", "with_math"]

#: Conditions larger than this (SymPy operation count) are not decided: kept as caveats.
_MAX_CONDITION_OPS = 400


class Caveat(str):
    """A caveat's text (unchanged: comparisons, JSON) with its mathematics.

    ``subject`` is the expression the caveat concerns, ``phrase`` what is said of it
    (``"needs"`` or ``"not differentiable where"``) and ``relation`` an unevaluated
    SymPy relation (``Ne``, ``Lt``, ``Ge``, ``Eq``, ...).

    >>> import sympy
    >>> x = sympy.Symbol("x")
    >>> c = Caveat("1/x: needs x != 0", 1 / x, "needs", sympy.Ne(x, 0))
    >>> c == "1/x: needs x != 0", c.relation
    (True, Ne(x, 0))
    """

    subject: sympy.Expr
    phrase: str
    relation: sympy.Basic

    def __new__(cls, text: str, subject: sympy.Expr, phrase: str, relation: sympy.Basic) -> Caveat:
        self = super().__new__(cls, text)
        self.subject, self.phrase, self.relation = subject, phrase, relation
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Caveat, (str(self), self.subject, self.phrase, self.relation))


def with_math(proof: Proof, names: tuple[str, str] | None = None) -> Proof:
    """``proof`` with its caveats read into :class:`Caveat` records (see the module
    docstring); conditions proved to hold at every real point are dropped.

    A caveat names its side as the prover wrote it: SymPy's printing of the side, or
    the user's text, given here as ``names`` (the left and the right side's).

    >>> import tanhproof as tp
    >>> p = with_math(tp.prove("log(x)", "log(x)"), names=("log(x)", "log(x)"))
    >>> [(c.subject, c.relation) for c in p.caveats]
    [(log(x), x > 0)]
    """
    if all(isinstance(c, Caveat) for c in proof.caveats):  # none, or read already
        return proof
    sides = []
    for k, side in enumerate((proof.lhs, proof.rhs)):
        try:
            conditions = parse_with_conditions(side)[1]
        except TanhproofError:
            conditions = ()
        for name in dict.fromkeys((sstr(side), *(names[k : k + 1] if names else ()))):
            sides.append((name, side, conditions))
    sides.sort(key=lambda s: -len(s[0]))  # a longer name first: one name may start another
    out: list[str] = []
    decided: dict[Condition, bool] = {}
    said: set[tuple[Any, Any]] = set()
    for text in proof.caveats:
        read = _read(text, sides, decided)
        if isinstance(read, Caveat):  # a pole x = 0 and a condition x != 0 say the same thing once
            key = (read.subject, read.relation)
            if key in said:
                continue
            said.add(key)
        if read is not None:
            out.append(read)
    return dataclasses.replace(proof, caveats=tuple(out))


def condition_caveat(text: str, c: Condition) -> str:
    """``text`` (a claim's caveat about the domain condition ``c``) as a :class:`Caveat`
    saying that the construct which imposes ``c`` needs it, in the claims' notation; the
    plain text when the construct cannot be read.

    >>> from tanhproof.numeric._reading import parse_with_conditions
    >>> (c,) = parse_with_conditions("sqrt(x)")[1]
    >>> caveat = condition_caveat("x >= 0 (sqrt(x)): on [0, oo)", c)
    >>> caveat.subject, caveat.relation
    (sqrt(x), x >= 0)
    """
    subject = _parsed(c.where) if c.where else None
    if subject is None:
        return text
    return Caveat(text, subject, "needs", _solved(_relation(c)))


def _read(text: str, sides, decided: dict[Condition, bool]) -> str | None:
    """One caveat as a :class:`Caveat`, the text itself when it cannot be read, or
    ``None`` when its condition holds everywhere."""
    for name, side, conditions in sides:
        if not text.startswith(name):
            continue
        rest = text[len(name) :]
        if rest.startswith(": needs "):
            for c in conditions:
                if rest == f": needs {c}":
                    if c not in decided:
                        decided[c] = holds_everywhere(c)
                    return None if decided[c] else Caveat(text, side, "needs", _relation(c))
        elif rest.startswith(" is undefined where ") and rest.endswith(" = 0"):
            f = _parsed(rest[len(" is undefined where ") : -len(" = 0")])
            if f is not None:
                pole = Condition("nonzero", f)
                if pole not in decided:
                    decided[pole] = holds_everywhere(pole)
                if decided[pole]:  # a divisor with no real zero (x**2 + 1): nothing to say
                    return None
                return Caveat(text, side, "needs", _solved(sympy.Ne(f, 0, evaluate=False)))
        elif rest.startswith(" is undefined at ") and " = " in rest:
            variable, _, value = rest[len(" is undefined at ") :].partition(" = ")
            v, at = _parsed(variable), _parsed(value)
            if isinstance(v, sympy.Symbol) and at is not None:
                return Caveat(text, side, "needs", sympy.Ne(v, at, evaluate=False))
        elif rest.startswith(": not differentiable where ") and rest.endswith(" = 0"):
            f = _parsed(rest[len(": not differentiable where ") : -len(" = 0")])
            if f is not None:
                return Caveat(text, side, "not differentiable where", sympy.Eq(f, 0, evaluate=False))
    return text


def _parsed(text: str) -> sympy.Expr | None:
    """The prover's own printing of an expression read back by the parser (never
    ``sympify``), or ``None`` when it is not an expression (an ``arb`` ball)."""
    try:
        expr = parse(text)
    except TanhproofError:
        return None
    return expr if isinstance(expr, sympy.Expr) else None


def _relation(c: Condition) -> sympy.Basic:
    g = c.expr
    relation = {
        "positive": lambda: sympy.Gt(g, 0, evaluate=False),
        "nonnegative": lambda: sympy.Ge(g, 0, evaluate=False),
        "nonzero": lambda: sympy.Ne(g, 0, evaluate=False),
        "open_unit": lambda: sympy.Lt(sympy.Abs(g), 1, evaluate=False),
        "at_least_one": lambda: sympy.Ge(g, 1, evaluate=False),
    }[c.kind]()
    return _solved(relation)


def _solved(relation: sympy.Basic) -> sympy.Basic:
    """``a*v + b (rel) 0`` with rational ``a``, ``b`` and one variable ``v``, written
    ``v (rel') -b/a`` (the relation flipped when ``a < 0``); anything else unchanged."""
    lhs, rhs = relation.args
    if rhs != 0 or not isinstance(lhs, sympy.Expr) or len(lhs.free_symbols) != 1:
        return relation
    (v,) = lhs.free_symbols
    try:
        poly = sympy.Poly(lhs, v)
    except sympy.PolynomialError:
        return relation
    if poly.degree() != 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return relation
    a, b = poly.all_coeffs()
    flip = {sympy.Gt: sympy.Lt, sympy.Ge: sympy.Le, sympy.Lt: sympy.Gt, sympy.Le: sympy.Ge}
    func = flip.get(type(relation), type(relation)) if a < 0 else type(relation)
    return func(v, -b / a, evaluate=False)


@functools.lru_cache(maxsize=4096)
def holds_everywhere(c: Condition) -> bool:
    """True when the condition ``c`` is proved to hold at every real point.

    The condition's expression (for ``|g| < 1``: ``1 - g**2``; for ``g >= 1``:
    ``g - 1``) is written ``N/D`` in the exp-rational form; ``D`` must keep one strict
    sign everywhere, and then ``N*D`` decides: ``> 0`` (positive, or either sign for
    nonzero) or ``>= 0``, by :func:`~tanhproof.proof._sides.nonnegative_everywhere`.
    A rational function of one variable with rational coefficients (``x**2 + 2*x + 1 >= 0``)
    is decided the same way with exact real-root counts (:func:`_rational_sign`).
    ``False`` means only "not shown".

    >>> import sympy
    >>> from tanhproof.expr._parser import symbol
    >>> x = symbol("x")
    >>> holds_everywhere(Condition("nonzero", 1 + sympy.exp(-x)))
    True
    >>> holds_everywhere(Condition("positive", sympy.exp(2*x) - 2*sympy.exp(x) + 2))  # (T - 1)^2 + 1
    True
    >>> holds_everywhere(Condition("nonzero", x - 1)), holds_everywhere(Condition("open_unit", sympy.tanh(x)))
    (False, True)
    >>> holds_everywhere(Condition("nonnegative", x**2 + 2*x + 1)), holds_everywhere(Condition("positive", x**2 + 2*x + 1))
    (True, False)
    """
    g = c.expr
    if not g.free_symbols or sympy.count_ops(g) > _MAX_CONDITION_OPS:
        return False
    target, strict = {
        "positive": (g, True),
        "nonnegative": (g, False),
        "nonzero": (g, True),
        "open_unit": (1 - g**2, True),
        "at_least_one": (g - 1, False),
    }[c.kind]
    polynomial = _rational_sign(target, c.kind, strict)
    if polynomial is not None:
        return polynomial
    try:
        h = prepare(evaluated(target))
        ctx = RationalContext.for_expressions([h])
        form = ctx.convert(h)
        num, den = form.num, form.den
        if not any(nonnegative_everywhere(ctx, s * den, strict=True) for s in (1, -1)):
            return False  # the expression has poles: its own conditions say where
        p = num * den
        if c.kind == "nonzero":
            return nonnegative_everywhere(ctx, p, strict=True) or nonnegative_everywhere(ctx, -p, strict=True)
        return nonnegative_everywhere(ctx, p, strict=strict)
    except (TanhproofError, KeyError, ValueError):
        return False


def _poly_positive(p: sympy.Poly, strict: bool) -> bool:
    """``p > 0`` (``>= 0`` unless ``strict``) at every real point, exactly: no factor of
    odd multiplicity (no factor at all, when strict) has a real root (Sturm counts), so
    ``p`` keeps the sign of its leading coefficient."""
    if p.is_zero:
        return not strict
    if p.degree() == 0:
        return bool(p.LC() > 0)
    if any(f.count_roots() for f, m in p.sqf_list()[1] if strict or m % 2):
        return False
    return bool(p.LC() > 0)


def _rational_sign(target: sympy.Expr, kind: str, strict: bool) -> bool | None:
    """Whether ``target`` (a rational function of one variable with rational
    coefficients) is ``> 0`` (``>= 0``; nonzero for ``kind == "nonzero"``) at every
    real point; ``None`` for anything else (left to the exp-rational procedure).

    >>> x = sympy.Symbol("x", real=True)
    >>> _rational_sign(x**2 + 2*x + 1, "nonnegative", False), _rational_sign(x**2 + 1, "nonzero", True)
    (True, True)
    >>> _rational_sign(x - 1, "nonzero", True), _rational_sign(sympy.exp(x), "positive", True)
    (False, None)
    """
    symbols = target.free_symbols
    if len(symbols) != 1:
        return None
    (v,) = symbols
    num, den = sympy.together(target).as_numer_denom()
    try:
        pn, pd = sympy.Poly(num, v, domain="QQ"), sympy.Poly(den, v, domain="QQ")
    except (PolynomialError, CoercionFailed):
        return None
    if not any(_poly_positive(s * pd, strict=True) for s in (1, -1)):
        return False  # poles: the expression's own conditions say where
    product = pn * pd
    if kind == "nonzero":
        return _poly_positive(product, strict=True) or _poly_positive(-product, strict=True)
    return _poly_positive(product, strict=strict)
