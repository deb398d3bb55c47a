"""An expression of one variable compiled into vectorised double-double with error bounds.

:func:`compile_dd` is :func:`~tanhproof.numeric._exprcompile.compile_bounded` for binary64:
it walks a parsed SymPy expression once and returns a function from a float64 array
``x`` to a :class:`~tanhproof.numeric._exprdd.DDBounded` (a double-double per element,
a rigorous bound on its distance from the exact value, the elements with no claim),
every node an operation of :mod:`tanhproof.numeric._exprdd` or
:mod:`tanhproof.numeric._exprddfunc`, where each bound is derived:

* the variable (exact), rational constants (the nearest double-double, its error from
  exact rationals), other constants (an arb ball at 256 bits);
* ``+``, ``*``, integer powers (repeated products), ``/``, ``sqrt`` and half-integer
  powers, ``|.|``;
* exp, expm1, tanh, sigmoid, softplus, sinh, cosh, sech, erf, erfc, log, sqrt
  (:data:`~tanhproof.numeric._exprddfunc.DD_FUNCTIONS`); any other catalog function by
  the forms of :data:`PREFERRED` (equal to the catalog's definitions, without their
  overflow: ``mish(u) = u tanh(softplus(u))``), or by its definition;
* exact rewritings of a sum that avoid a cancellation: ``c e**u - c = c expm1(u)``,
  ``c - c tanh(u)**2 = c tanh'(u)`` (``sech**2``), ``c - c sigmoid(u) = c sigmoid(-u)``,
  ``c + c tanh(u) = 2c sigmoid(2u)``, ``c +- c erf(u) = c erfc(-+u)`` (GELU far left); ``u - tanh(u)`` by
  :func:`~tanhproof.numeric._exprddforms.tanhshrink` (a Maclaurin polynomial near 0);
  ``log(1 + u)`` by :func:`~tanhproof.numeric._exprddforms.log1p`;
* ``Piecewise`` with comparisons as conditions, each decided exactly where the
  difference of its sides has a known sign (elsewhere the element is left to the loop).

Anything else raises :class:`~tanhproof.numeric._exprcompile.Unsupported`.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric._reading import parse
>>> run = compile_dd(parse("x*tanh(softplus(x))"))
>>> b = run(np.array([1.0]))
>>> float(b.h[0]), bool(b.e[0] < 2.0**-96)  # mish(1) = 0.86509838826731034612 (mpmath)
(0.8650983882673103, True)
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import sympy

from tanhproof.expr._functions import sigmoid, softplus
from tanhproof.numeric._exprcompile import Unsupported
from tanhproof.numeric._exprdd import (
    DDBounded,
    absolute,
    add,
    constant,
    constant_of,
    dd_of_fraction,
    divide,
    exact,
    multiply,
    negate,
)
from tanhproof.numeric._exprddforms import log1p, tanhshrink
from tanhproof.numeric._exprddfunc import DD_FUNCTIONS, function

__all__ = ["PREFERRED", "compile_dd"]

Node = Callable[[DDBounded], DDBounded]

_EXPM1 = sympy.Function("tp_expm1")
_TANH_PRIME = sympy.Function("tp_tanh_prime")
_ERFC = sympy.Function("tp_erfc")  # not sympy.erfc, which writes erfc(-u) as 2 - erfc(u)
_MARKERS = {"tp_expm1": "expm1", "tp_tanh_prime": "tanh'", "tp_erfc": "erfc"}


def _preferred() -> dict[str, Callable[[sympy.Expr], sympy.Expr]]:
    pi = sympy.pi
    return {
        "silu": lambda u: u * sigmoid(u),
        "mish": lambda u: u * sympy.tanh(softplus(u)),
        "gelu_tanh": lambda u: (
            u * sigmoid(2 * sympy.sqrt(2) * (u + sympy.Rational(8943, 200000) * u**3) / sympy.sqrt(pi))
        ),
        "logsigmoid": lambda u: -softplus(-u),
        "tanhshrink": lambda u: u - sympy.tanh(u),
    }


#: Forms of activations used instead of their catalog definitions (equal to them).
PREFERRED = _preferred()


def _rational(q: Fraction) -> Node:
    h, lo, err = dd_of_fraction(q)
    return lambda x: constant(h, lo, err, x)


def _constant(node: sympy.Expr) -> Node:
    from flint import arb

    from tanhproof.expr._errors import TanhproofError
    from tanhproof.numeric._arb import arb_eval
    from tanhproof.numeric._ddvalue import constant as dd_of_ball

    try:
        ball: arb = arb_eval(node, {}, 256)
    except (TanhproofError, ValueError, TypeError, ZeroDivisionError) as exc:
        raise Unsupported(f"{node}: constant not evaluated ({exc})") from None
    if not ball.is_finite():
        raise Unsupported(f"{node}: constant not finite")
    h, low, err = dd_of_ball(ball)
    if not (np.isfinite(h) and np.isfinite(err)):
        raise Unsupported(f"{node}: constant out of range")
    return lambda x: constant(h, low, err, x)


def _fold(parts: list[Node], op: Callable[[DDBounded, DDBounded], DDBounded]) -> Node:
    def run(x: DDBounded) -> DDBounded:
        out = parts[0](x)
        for p in parts[1:]:
            out = op(out, p(x))
        return out

    return run


def _power(base: Node, n: int) -> Node:
    """``base**n`` for an integer ``n >= 1`` by repeated squaring."""

    def run(x: DDBounded) -> DDBounded:
        b = base(x)
        out: DDBounded | None = None
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


def _fused(n: sympy.Expr, term: sympy.Expr) -> sympy.Expr | None:
    """``n + term`` rewritten without cancellation (module docstring), or None."""
    c, core = term.as_coeff_Mul()
    if c == -n and core.func == sympy.exp:
        return c * _EXPM1(core.args[0])
    if c == -n and core.is_Pow and core.exp == 2 and core.base.func == sympy.tanh:
        return n * _TANH_PRIME(core.base.args[0])
    if c == -n and core.func == sigmoid:
        return n * sigmoid(-core.args[0])
    if c == n and core.func == sympy.tanh:
        return 2 * n * sigmoid(2 * core.args[0])
    if c == n and core.func == sympy.erf:
        return n * _ERFC(-core.args[0])
    if c == -n and core.func == sympy.erf:
        return n * _ERFC(core.args[0])
    return None


def _add(node: sympy.Add, x: sympy.Symbol) -> Node:
    terms = list(node.args)
    if len(terms) == 2:  # u - tanh(u): its Maclaurin polynomial near 0 (tanhshrink)
        for first, second in (terms, terms[::-1]):
            c, core = second.as_coeff_Mul()
            if c == -1 and core.func == sympy.tanh and core.args[0] == first:
                inner = _build(first, x)
                return lambda b: tanhshrink(inner(b))
    numbers = [t for t in terms if t.is_Number]
    if numbers:
        n = numbers[0]
        for t in terms:
            fused = None if t.is_Number else _fused(n, t)
            if fused is not None:
                rest = [s for s in terms if s is not n and s is not t]
                return _fold([_build(fused, x)] + [_build(s, x) for s in rest], add)
    return _fold([_build(a, x) for a in terms], add)


# While compile_dd runs: the nodes built so far (a subexpression met twice is built
# once) and the slots holding each node's last result (evaluated once per call).
_MEMO: dict[tuple[sympy.Expr, sympy.Symbol], Node] = {}
_SLOTS: list[list[tuple[DDBounded, DDBounded] | None]] = []


def _build(node: sympy.Expr, x: sympy.Symbol) -> Node:
    """The node of ``node`` (shared by every occurrence of the subexpression; its result
    is kept for the rest of one evaluation, so ``softplus(x)`` in Mish's gradient is
    evaluated once)."""
    key = (node, x)
    found = _MEMO.get(key)
    if found is not None:
        return found
    build = _build_node(node, x)
    slot: list[tuple[DDBounded, DDBounded] | None] = [None]
    _SLOTS.append(slot)

    def run(b: DDBounded) -> DDBounded:
        cached = slot[0]  # (argument, result), replaced as one object: another thread's
        if cached is not None and cached[0] is b:  # evaluation at most recomputes
            return cached[1]
        result = build(b)
        slot[0] = (b, result)
        return result

    _MEMO[key] = run
    return run


def _build_node(node: sympy.Expr, x: sympy.Symbol) -> Node:
    if node == x:
        return lambda b: b
    if not node.free_symbols:
        if node.is_Rational:
            return _rational(Fraction(int(node.p), int(node.q)))
        return _constant(node)
    if node.is_Add:
        return _add(node, x)
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


def _condition(cond: sympy.Basic, x: sympy.Symbol) -> Callable[[DDBounded], tuple[np.ndarray, np.ndarray]]:
    """``b -> (holds, known)``: a comparison decided where the difference of its sides has
    a known sign (or is exactly 0); elsewhere not known (the element becomes bad)."""
    if cond == sympy.true:
        return lambda b: (np.ones(b.h.shape, dtype=bool), np.ones(b.h.shape, dtype=bool))
    rule = _RELATIONS.get(type(cond))
    if rule is None:
        raise Unsupported(f"{cond}: only comparisons in a piecewise condition")
    diff = _build(cond.lhs - cond.rhs, x)
    positive, negative, zero = rule

    def run(b: DDBounded) -> tuple[np.ndarray, np.ndarray]:
        d = diff(b)
        is_zero = (d.h == 0) & (d.l == 0) & (d.e == 0)
        known = ~d.bad & ((d.sign != 0) | is_zero)
        holds = np.where(is_zero, zero, np.where(d.sign > 0, positive, negative))
        return holds & known, known

    return run


def _piecewise(node: sympy.Piecewise, x: sympy.Symbol) -> Node:
    """The first piece whose condition holds, where every condition before it is known."""
    pieces = [(_build(expr, x), _condition(cond, x)) for expr, cond in node.args]

    def run(b: DDBounded) -> DDBounded:
        shape = b.h.shape
        h, lo, e, sign = (np.zeros(shape) for _ in range(4))
        bad = np.zeros(shape, dtype=bool)
        left = np.ones(shape, dtype=bool)  # no piece chosen yet
        for value, condition in pieces:
            holds, known = condition(b)
            bad |= left & ~known
            take = left & known & holds
            if take.any():
                piece = value(b)
                h = np.where(take, piece.h, h)
                lo = np.where(take, piece.l, lo)
                e = np.where(take, piece.e, e)
                sign = np.where(take, piece.sign, sign)
                bad |= take & piece.bad
            left &= ~(known & holds) & known
        return DDBounded(h, lo, e, bad | left, sign)

    return run


def _pow(node: sympy.Pow, x: sympy.Symbol) -> Node:
    base, expo = node.args
    if not expo.is_Rational or expo.q not in (1, 2) or expo == 0:
        raise Unsupported(f"{node}: only integer and half-integer powers")
    b = _build(base, x)
    if expo.q == 2:
        inner = b
        b = lambda v: function("sqrt", inner(v))  # noqa: E731
    n = abs(int(expo.p))
    powered = b if n == 1 else _power(b, n)
    if expo.p > 0:
        return powered
    return lambda v: divide(constant_of(1, v), powered(v))


def _call(node: sympy.Expr, x: sympy.Symbol) -> Node:
    from tanhproof.expr._catalog import entry_for

    if len(node.args) != 1:
        raise Unsupported(f"{node}: not a function of one argument")
    inner = node.args[0]
    if node.func == sympy.log and inner.is_Add and sympy.S.One in inner.args:  # log(1 + u)
        rest = _build(inner - 1, x)
        return lambda b: log1p(rest(b))
    arg = _build(inner, x)
    marker = _MARKERS.get(getattr(node.func, "__name__", ""))
    if marker is not None:
        return lambda b: function(marker, arg(b))
    found = entry_for(node)
    if found is None:
        raise Unsupported(f"{node}: not a catalog function")
    name = found.name
    if name in DD_FUNCTIONS:
        return lambda b: function(name, arg(b))
    if name == "abs":
        return lambda b: absolute(arg(b))
    define = PREFERRED.get(name) or found.definition or getattr(found, "extended_definition", None)
    if define is not None:
        u = sympy.Dummy("u", real=True)
        body = _build(define(u), u)
        return lambda b: body(arg(b))
    raise Unsupported(f"{node}: no kernel with a proved bound")


@functools.lru_cache(maxsize=64)
def compile_dd(expr: sympy.Expr) -> Callable[[np.ndarray], DDBounded]:
    """``x -> DDBounded`` for a parsed expression of at most one variable (derivatives are
    taken exactly first). Raises :class:`~tanhproof.numeric._exprcompile.Unsupported`."""
    expr = expr.doit() if expr.has(sympy.Derivative) else expr
    symbols = sorted(expr.free_symbols, key=lambda s: s.name)
    if len(symbols) > 1:
        raise Unsupported(f"{expr}: more than one variable")
    x = symbols[0] if symbols else sympy.Dummy("x")
    _MEMO.clear()
    _SLOTS.clear()
    try:
        root = _build(expr, x)
        slots = list(_SLOTS)
    finally:
        _MEMO.clear()
        _SLOTS.clear()

    def evaluate(values: np.ndarray) -> DDBounded:
        try:
            return root(exact(values))
        finally:
            for slot in slots:  # keep no arrays between calls
                slot[0] = None

    return evaluate
