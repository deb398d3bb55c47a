"""Caveats of proved identities name every point where a side, as written, does not exist.

A side can be undefined at a point that its combined fraction hides: ``1/(x + 1/x)``
is ``x/(x**2 + 1)`` once brought to one fraction, whose denominator never vanishes,
yet the side as written does not exist at ``x = 0``. A proof without the caveat
``x != 0`` would claim a value there. The expected undefined points are computed
independently of the prover: by exact rational evaluation of the side's tree,
operation by operation, which fails at a zero divisor.
"""

from __future__ import annotations

from fractions import Fraction

import sympy
from hypothesis import HealthCheck, assume, given, settings
from strategies import nested_fractions

import tanhproof as tp
from tanhproof.expr._parser import symbol


class _Undefined(Exception):
    pass


def _exact(expr: sympy.Expr, x: Fraction) -> Fraction:
    """The value of a rational expression tree at ``x``, operation by operation (raises
    :class:`_Undefined` at a zero divisor; SymPy's ``subs`` would make ``1/zoo`` zero)."""
    if expr.is_Symbol:
        return x
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    args = [_exact(a, x) for a in expr.args]
    if expr.is_Add:
        return sum(args, Fraction(0))
    if expr.is_Mul:
        out = Fraction(1)
        for a in args:
            out *= a
        return out
    if expr.is_Pow and expr.exp.is_Integer:
        base, n = args[0], int(expr.exp)
        if n < 0 and base == 0:
            raise _Undefined
        return base**n
    raise AssertionError(f"unexpected node {expr.func}")


def _excluded(caveats, x: Fraction) -> bool:
    """Whether some caveat's relation is false at ``x`` (so the claim says nothing there)."""
    var = symbol("x")
    for c in caveats:
        relation = getattr(c, "relation", None)
        assert relation is not None, f"caveat {c!r} carries no relation"
        if relation.subs(var, sympy.Rational(x.numerator, x.denominator)) == sympy.false:
            return True
    return False


def _as_written(text: str) -> sympy.Expr:
    # evaluate=False keeps the tree as the user wrote it (the parser's own tree is checked
    # by the prover; this one is the independent reading of where the text is undefined)
    return sympy.parse_expr(text, local_dict={"x": symbol("x")}, evaluate=False)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nested_fractions())
def test_every_point_where_a_side_is_undefined_is_excluded_by_a_caveat(case):
    text, candidates = case
    combined = sympy.cancel(_as_written(text))
    assume(not combined.has(sympy.zoo, sympy.nan))  # undefined everywhere: another test's business
    proof = tp.prove(text, sympy.sstr(combined))
    assert proof.verdict == "proved", proof
    written = _as_written(text)
    for c in candidates:
        x = Fraction(c)
        try:
            _exact(written, x)
        except _Undefined:
            assert _excluded(proof.caveats, x), f"{text} does not exist at x = {c}: {proof.caveats}"


def test_an_inner_divisor_that_cancels_keeps_its_caveat():
    # 1/(x + 1/x) = x/(x**2 + 1) where both exist; at x = 0 the left side does not exist
    proof = tp.prove("1/(x + 1/x)", "x/(x**2 + 1)")
    assert proof.verdict == "proved"
    assert _excluded(proof.caveats, Fraction(0))
    proof = tp.prove("1/(1 + 1/x)", "x/(x + 1)")
    assert _excluded(proof.caveats, Fraction(0)) and _excluded(proof.caveats, Fraction(-1))
