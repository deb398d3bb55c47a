"""An expression of one variable compiled into vectorised float64 with error bounds.

:func:`compile_bounded` walks a parsed SymPy expression once and returns a function
from a float64 array ``x`` to a :class:`~tanhproof.numeric._exprerror.Bounded`: per
element a value, a rigorous bound on its distance from the exact value of the
expression at ``x``, and the elements with no claim. Every node uses an operation of
:mod:`tanhproof.numeric._exprerror`, where each bound is derived:

* the variable (exact), rational constants (``fl(q)``, exact or within one rounding),
  other constants (``pi``, ``log(2)``: an arb ball at 256 bits);
* ``+``, ``*``, integer powers (repeated products), ``/`` (negative powers),
  ``sqrt`` and half-integer powers, ``|.|``;
* exp, tanh, sinh, cosh, sech, sigmoid, erf (the proved binary64 double-double kernels),
  softplus and log (numpy candidates checked against the proved exp/expm1), each with
  the argument's error carried through a bound on the derivative; ``1 - tanh(u)**2``
  is taken as ``sech(u)**2``, ``1 - sigmoid(u)`` as ``sigmoid(-u)`` and ``log(1 + u)``
  as ``log1p(u)`` (equal, without the cancellation);
* any other catalog function through its definition with exp, log and sqrt
  (``coth(u) = (e**u + e**-u)/(e**u - e**-u)``), or its extended definition (an
  activation: ``elu`` by cases, ``softsign = u/(1 + |u|)``), where it has one;
* ``Piecewise`` with comparisons as conditions, each decided exactly where the
  difference of its sides has a known sign (elsewhere the element is left to the loop).

Anything else (``sign``, a power with a symbolic exponent) raises
:class:`Unsupported`; the caller then leaves every point to the arb Ziv loop.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._reading import parse
>>> run = compile_bounded(parse("x*sigmoid(x)"))
>>> b = run(np.array([1.0, -2.0]))
>>> b.v.tolist(), bool((b.e <= 1e-15).all())  # sigmoid(1) = 0.731058578630004879, -2 sigmoid(-2) = -0.238405844044235 (mpmath)
([0.7310585786300049, -0.23840584404423512], True)
>>> compile_bounded(parse("sign(x)"))
Traceback (most recent call last):
...
tanhproof.numeric._exprcompile.Unsupported: sign(x): no kernel with a proved bound
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import numpy as np
import sympy

from tanhproof.expr._functions import sigmoid
from tanhproof.numeric._exprerror import (
    Bounded,
    absolute,
    add,
    constant,
    divide,
    exact,
    function,
    kernel_value,
    log1p_bounded,
    multiply,
    negate,
    square_root,
    up,
)

__all__ = ["Unsupported", "compile_bounded"]

Node = Callable[[Bounded], Bounded]

#: Catalog functions with a kernel in :func:`tanhproof.numeric._exprerror.function`.
KERNEL_FUNCTIONS = ("cosh", "erf", "exp", "log", "sech", "sigmoid", "sinh", "softplus", "tanh")


class Unsupported(Exception):
    """The expression has a node without a bounded float64 evaluation."""


def _rational(q: Fraction) -> Node:
    v = float(q)  # correctly rounded
    err = 0.0 if Fraction(v) == q else abs(v) * 2.0**-52 + 2.0**-1074
    return lambda x: constant(v, err, x)


def _constant(node: sympy.Expr) -> Node:
    from flint import arb

    from tanhproof.expr._errors import TanhproofError
    from tanhproof.numeric._arb import arb_bounds, arb_eval

    try:
        ball: arb = arb_eval(node, {}, 256)
    except (TanhproofError, ValueError, TypeError, ZeroDivisionError) as exc:
        raise Unsupported(f"{node}: constant not evaluated ({exc})") from None
    if not ball.is_finite():
        raise Unsupported(f"{node}: constant not finite")
    lo, hi = arb_bounds(ball)
    v = float((lo + hi) / 2)
    err = float(max(hi - Fraction(v), Fraction(v) - lo)) * (1 + 2.0**-50) + 2.0**-1074
    if not (np.isfinite(v) and np.isfinite(err)):
        raise Unsupported(f"{node}: constant out of range")
    return lambda x: constant(v, err, x)


def _fold(parts: list[Node], op: Callable[[Bounded, Bounded], Bounded]) -> Node:
    def run(x: Bounded) -> Bounded:
        out = parts[0](x)
        for p in parts[1:]:
            out = op(out, p(x))
        return out

    return run


def _power(base: Node, n: int) -> Node:
    """``base**n`` for an integer ``n >= 1`` by repeated squaring."""

    def run(x: Bounded) -> Bounded:
        b = base(x)
        out: Bounded | None = None
        k = n
        while k:
            if k & 1:
                out = b if out is None else multiply(out, b)
            k >>= 1
            if k:
                b = multiply(b, b)
        assert out is not None
        return out

    return run


def _sech_squared(arg: Node) -> Node:
    """``1 - tanh(u)**2 = sech(u)**2``: the ``tanh'`` kernel, the error of ``u``
    carried like tanh's slope (``|(sech**2)'| = 2 |tanh| sech**2 <= 2 sech**2``, log-Lipschitz 2)."""

    def run(x: Bounded) -> Bounded:
        a = arg(x)
        value = kernel_value("tanh'", np.where(a.bad, 0.0, a.v))
        positive = np.ones(a.v.shape)  # sech**2 > 0
        if not a.e.any():
            return Bounded(value.v, value.e, value.bad | a.bad, positive)
        far = ~(2 * a.e <= 2.0**-10)
        slope = 2 * up(np.abs(value.v) + value.e) * up(1 + 4 * a.e)
        with np.errstate(over="ignore", invalid="ignore"):
            e = up(value.e + slope * a.e)
            bad = value.bad | a.bad | far | ~np.isfinite(e)
        return Bounded(value.v, e, bad, positive)

    return run


def _one_minus_tanh_squared(node: sympy.Add) -> sympy.Expr | None:
    """``u`` where ``node`` is ``1 - tanh(u)**2``."""
    if len(node.args) != 2:
        return None
    one, rest = sorted(node.args, key=lambda a: not a.is_Number)
    if one != 1 or not rest.is_Mul or len(rest.args) != 2:
        return None
    minus, square = sorted(rest.args, key=lambda a: not a.is_Number)
    if minus != -1 or not square.is_Pow or square.exp != 2 or square.base.func != sympy.tanh:
        return None
    return square.base.args[0]


def _one_minus_sigmoid(node: sympy.Add) -> sympy.Expr | None:
    """``u`` where ``node`` is ``1 - sigmoid(u)``."""
    if len(node.args) != 2:
        return None
    one, rest = sorted(node.args, key=lambda a: not a.is_Number)
    if one != 1 or not rest.is_Mul or len(rest.args) != 2:
        return None
    minus, call = sorted(rest.args, key=lambda a: not a.is_Number)
    if minus != -1 or call.func != sigmoid:
        return None
    return call.args[0]


def _build(node: sympy.Expr, x: sympy.Symbol) -> Node:
    if node == x:
        return lambda b: b
    if not node.free_symbols:
        if node.is_Rational:
            return _rational(Fraction(int(node.p), int(node.q)))
        return _constant(node)
    if node.is_Add:
        inner = _one_minus_tanh_squared(node)
        if inner is not None:
            return _sech_squared(_build(inner, x))
        inner = _one_minus_sigmoid(node)
        if inner is not None:  # 1 - sigmoid(u) = sigmoid(-u), without the cancellation
            return _build(sigmoid(-inner), x)
        return _fold([_build(a, x) for a in node.args], add)
    if node.is_Mul:
        args = list(node.args)
        if args[0] == -1:
            rest = _build(sympy.Mul(*args[1:]), x)
            return lambda b: negate(rest(b))
        return _fold([_build(a, x) for a in args], multiply)
    if node.is_Pow:
        return _pow(node, x)
    if isinstance(node, sympy.Piecewise):
        return _piecewise(node, x)
    return _call(node, x)


#: ``(holds where the sign of lhs - rhs is +1, -1, exactly 0)`` for each relation.
_RELATIONS = {
    sympy.StrictGreaterThan: (True, False, False),
    sympy.GreaterThan: (True, False, True),
    sympy.StrictLessThan: (False, True, False),
    sympy.LessThan: (False, True, True),
}


def _condition(cond: sympy.Basic, x: sympy.Symbol) -> Callable[[Bounded], tuple[np.ndarray, np.ndarray]]:
    """``b -> (holds, known)``: a comparison decided where the difference of its sides has
    a known sign (or is exactly 0); elsewhere not known (the element becomes bad)."""
    if cond == sympy.true:
        return lambda b: (np.ones(b.v.shape, dtype=bool), np.ones(b.v.shape, dtype=bool))
    rule = _RELATIONS.get(type(cond))
    if rule is None:
        raise Unsupported(f"{cond}: only comparisons in a piecewise condition")
    diff = _build(cond.lhs - cond.rhs, x)
    positive, negative, zero = rule

    def run(b: Bounded) -> tuple[np.ndarray, np.ndarray]:
        d = diff(b)
        is_zero = (d.v == 0) & (d.e == 0)
        known = ~d.bad & ((d.sign != 0) | is_zero)
        holds = np.where(is_zero, zero, np.where(d.sign > 0, positive, negative))
        return holds & known, known

    return run


def _piecewise(node: sympy.Piecewise, x: sympy.Symbol) -> Node:
    """The first piece whose condition holds, where every condition before it is known
    (evaluated exactly: by the sign of the difference of its sides)."""
    pieces = [(_build(expr, x), _condition(cond, x)) for expr, cond in node.args]

    def run(b: Bounded) -> Bounded:
        v = np.zeros(b.v.shape)
        e = np.zeros(b.v.shape)
        sign = np.zeros(b.v.shape)
        bad = np.zeros(b.v.shape, dtype=bool)
        left = np.ones(b.v.shape, dtype=bool)  # no piece chosen yet
        for value, condition in pieces:
            holds, known = condition(b)
            bad |= left & ~known
            take = left & known & holds
            if take.any():
                piece = value(b)
                v = np.where(take, piece.v, v)
                e = np.where(take, piece.e, e)
                sign = np.where(take, piece.sign, sign)
                bad |= take & piece.bad
            left &= ~(known & holds) & known
        return Bounded(v, e, bad | left, sign)

    return run


def _pow(node: sympy.Pow, x: sympy.Symbol) -> Node:
    base, expo = node.args
    if not expo.is_Rational or expo.q not in (1, 2) or expo == 0:
        raise Unsupported(f"{node}: only integer and half-integer powers")
    b = _build(base, x)
    if expo.q == 2:
        inner = b
        b = lambda v: square_root(inner(v))  # noqa: E731
    n = abs(int(expo.p))
    powered = b if n == 1 else _power(b, n)
    if expo.p > 0:
        return powered
    return lambda v: divide(constant(1.0, 0.0, v), powered(v))


def _call(node: sympy.Expr, x: sympy.Symbol) -> Node:
    from tanhproof.expr._catalog import entry_for

    found = entry_for(node)
    if found is None or len(node.args) != 1:
        raise Unsupported(f"{node}: not a catalog function")
    name = found.name
    inner = node.args[0]
    if name == "log" and inner.is_Add and sympy.S.One in inner.args:  # log(1 + u): no cancellation
        rest = _build(inner - 1, x)
        return lambda b: log1p_bounded(rest(b))
    arg = _build(inner, x)
    if name in KERNEL_FUNCTIONS:
        return lambda b: function(name, arg(b))
    if name == "abs":
        return lambda b: absolute(arg(b))
    define = found.definition or getattr(found, "extended_definition", None)
    if define is not None:
        u = sympy.Dummy("u", real=True)
        body = _build(define(u), u)
        return lambda b: body(arg(b))
    raise Unsupported(f"{node}: no kernel with a proved bound")


def compile_bounded(expr: sympy.Expr) -> Callable[[np.ndarray], Bounded]:
    """``x -> Bounded`` for a parsed expression of at most one variable (derivatives
    are taken exactly first). Raises :class:`Unsupported` for a node without a bounded
    evaluation."""
    expr = expr.doit() if expr.has(sympy.Derivative) else expr
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(symbols) > 1:
        raise Unsupported(f"{expr}: more than one variable")
    x = symbols[0] if symbols else sympy.Dummy("x")
    root = _build(expr, x)
    return lambda values: root(exact(values))
