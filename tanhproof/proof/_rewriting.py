"""Rewriting an expression for the exp-rational procedure, and its nesting limit.

:func:`prepare` differentiates exactly (:mod:`tanhproof.expr._derivatives`) and rewrites
the functions defined through ``log`` by their catalog definitions in one bottom-up
pass that builds every new node unevaluated (SymPy's automatic evaluation would query
assumptions through the whole subtree at every level). :func:`nesting_depth` measures
a tree without recursion; trees deeper than :data:`MAX_NESTING` are refused with a
:class:`~tanhproof.LimitError`, and the work on accepted ones runs with room
for :data:`MAX_NESTING` levels on the Python stack (:func:`deep_recursion`).

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> prepare(parse("softplus(x)"))
log(exp(x) + 1)
>>> nesting_depth(prepare(parse("x**x")))  # exp(x*log(x))
4
"""

from __future__ import annotations

import sys
from contextlib import contextmanager

import sympy

from tanhproof.expr._activations import ACTIVATIONS
from tanhproof.expr._errors import LimitError
from tanhproof.expr._functions import sigmoid, softplus
from tanhproof.expr._limits import LIMITS

__all__ = ["MAX_NESTING", "check_nesting", "deep_recursion", "nesting_depth", "prepare", "prime_exponents"]

#: Deepest expression tree (after :func:`prepare`) the procedure accepts. The parser
#: allows ``LIMITS.max_depth`` levels; rewriting ``b**e`` as ``exp(e*log(b))`` doubles the
#: depth of a power tower, so a 100-level tower is still converted. Deeper trees (100
#: nested sigmoids become 400 levels) are refused: SymPy's own printing, comparison and
#: assumptions recurse a few Python frames per level.
MAX_NESTING = LIMITS.max_nesting


def prepare(expr: sympy.Expr) -> sympy.Expr:
    """Differentiate exactly and rewrite the functions defined through ``log`` (sigmoid,
    softplus, asinh, acosh, atanh) by their catalog definitions; the hyperbolic
    functions and ``exp`` are handled directly by :class:`RationalContext`.

    Also: ``b**e`` with a non-constant exponent becomes ``exp(e*log(b))`` (real only for
    ``b > 0``), ``E**e`` becomes ``exp(e)``, floats their exact rationals, ``log`` of a
    rational a sum over its primes, and ``DiracDelta`` (from differentiating ``sign``
    or ``abs``) 0. The rewriting is one bottom-up pass that builds every new node
    unevaluated: SymPy's automatic evaluation would query assumptions through the
    whole subtree at every level (seconds for a power tower ``x**x**...**x``), and
    the input may itself be unevaluated (``Add(x, Mul(-1, x), evaluate=False)``).

    >>> from tanhproof.numeric._reading import parse
    >>> prepare(parse("sigmoid(x)"))
    1/(1 + exp(-x))
    >>> prepare(parse("4**x"))
    exp(x*(2*log(2)))
    """
    if expr.has(sympy.Derivative):
        from tanhproof.expr._derivatives import expand_derivatives

        expr = expand_derivatives(expr)
    check_nesting(expr, "")
    with deep_recursion(MAX_NESTING):
        out = _rewrite(expr, _prepare_rule, {})
    check_nesting(out, " once written through exp and log")
    return out


def check_nesting(expr: sympy.Expr, when: str) -> None:
    depth = nesting_depth(expr)
    if depth > MAX_NESTING:
        raise LimitError(
            f"expression nested {depth} levels deep{when}, over the limit of {MAX_NESTING} for the "
            "exp-rational procedure (LIMITS.max_nesting)"
        )


def _rebuild(e: sympy.Basic, args: tuple) -> sympy.Basic:
    """``e`` with new ``args``, unevaluated where the class allows it."""
    try:
        return e.func(*args, evaluate=False)
    except TypeError:
        return e.func(*args)


def _rewrite(expr: sympy.Basic, rule, memo: dict) -> sympy.Basic:
    """Apply ``rule`` (a node -> node or the same node) bottom-up, without recursion;
    a rule's result is rewritten in turn. ``memo`` maps every node seen to its
    rewritten form (rewritten forms map to themselves)."""
    stack: list[tuple[sympy.Basic, bool]] = [(expr, False)]
    while stack:
        e, ready = stack.pop()
        if e in memo:
            continue
        if not ready and e.args:
            stack.append((e, True))
            stack.extend((a, False) for a in e.args if a not in memo)
            continue
        args = tuple(memo[a] for a in e.args)
        node = e if args == e.args else _rebuild(e, args)
        out = rule(node)
        if out is not node:
            out = _rewrite(out, rule, memo)
        memo[e] = out
        memo.setdefault(out, out)
    return memo[expr]


def _prepare_rule(e: sympy.Basic) -> sympy.Basic:
    """One rewriting step of :func:`prepare` at the node ``e`` (its arguments done)."""
    if e.is_Float:
        return sympy.Rational(e)
    func = e.func
    if func is sympy.DiracDelta:
        # d/dx sign(u) and d/dx abs(u) bring DiracDelta(u): zero wherever the
        # derivative exists (u != 0); the prover reports u = 0 as a caveat.
        return sympy.Integer(0)
    if func in _DEFINITIONS:
        return _DEFINITIONS[func](e.args[0])
    if e.is_Pow:
        base, power = e.args
        if base is sympy.E:
            return sympy.exp(power, evaluate=False)
        if not power.is_number:
            return sympy.exp(
                sympy.Mul(power, sympy.log(base, evaluate=False), evaluate=False), evaluate=False
            )
    if func is sympy.log:
        # log of a rational splits over its primes (log 4 = 2 log 2), so that
        # exp(x*log(4)) and exp(x*log(2)) meet as powers of one generator.
        a = e.args[0]
        if a == 1:
            return sympy.Integer(0)
        if a.is_Rational and a > 0 and max(abs(a.p), a.q) < 10**12:
            split = _split_log_rational(e)
            return e if split == e else split
    return e


def _add(*args: sympy.Expr) -> sympy.Expr:
    return sympy.Add(*args, evaluate=False)


def _mul(*args: sympy.Expr) -> sympy.Expr:
    return sympy.Mul(*args, evaluate=False)


def _pow(base: sympy.Expr, e: int | sympy.Expr) -> sympy.Expr:
    exponent = sympy.Integer(e) if isinstance(e, int) else e  # internal numbers only, never text
    return sympy.Pow(base, exponent, evaluate=False)


def _log(a: sympy.Expr) -> sympy.Expr:
    return sympy.log(a, evaluate=False)


_HALF = sympy.Rational(1, 2)

#: The catalog definitions through exp and log, built unevaluated.
_DEFINITIONS = {
    sigmoid: lambda a: _pow(_add(1, sympy.exp(_mul(-1, a), evaluate=False)), -1),
    softplus: lambda a: _log(_add(1, sympy.exp(a, evaluate=False))),
    sympy.asinh: lambda a: _log(_add(a, _pow(_add(_pow(a, 2), 1), _HALF))),
    sympy.acosh: lambda a: _log(_add(a, _mul(_pow(_add(a, -1), _HALF), _pow(_add(a, 1), _HALF)))),
    sympy.atanh: lambda a: _mul(_HALF, _log(_mul(_add(1, a), _pow(_add(1, _mul(-1, a)), -1)))),
}
# The activations by their definitions: through exp/log, erf (GELU), abs (softsign), or
# by cases (ELU, CELU, SELU: a Piecewise, which the prover splits on).
_DEFINITIONS.update({cls: cls.definition for cls in ACTIVATIONS.values()})


def prime_exponents(p: int, q: int) -> list[tuple[int, int]]:
    """``p/q`` as ``[(prime, exponent)]``, exponents negative for the denominator."""
    out = []
    for n, sign in ((p, 1), (q, -1)):
        out += [(prime, sign * k) for prime, k in sympy.factorint(n).items()]
    return out


def _split_log_rational(e: sympy.Expr) -> sympy.Expr:
    """``log(p/q)`` as a sum of ``k*log(prime)``."""
    value = e.args[0]
    return sympy.Add(
        *[
            k * sympy.log(sympy.Integer(prime), evaluate=False)
            for prime, k in prime_exponents(int(value.p), int(value.q))
        ]
    )


def nesting_depth(expr: sympy.Expr) -> int:
    """The depth of the expression tree (a symbol or number has depth 1), found
    without recursion, so that any depth can be measured and refused.

    >>> from tanhproof.numeric._reading import parse
    >>> nesting_depth(parse("x")), nesting_depth(parse("tanh(2*x)"))
    (1, 3)
    """
    depth: dict[sympy.Expr, int] = {}
    stack: list[tuple[sympy.Expr, bool]] = [(expr, False)]
    while stack:
        e, done = stack.pop()
        if e in depth:
            continue
        if done or not e.args:
            depth[e] = 1 + max((depth[a] for a in e.args), default=0)
        else:
            stack.append((e, True))
            stack.extend((a, False) for a in e.args if a not in depth)
    return depth[expr]


@contextmanager
def deep_recursion(depth: int):
    """Room on the Python stack for recursing through an expression of ``depth``
    levels (SymPy and the conversion take a few frames per level); the depth itself
    is bounded by :data:`MAX_NESTING` before this is used."""
    need = 1000 + 12 * depth
    old = sys.getrecursionlimit()
    if need > old:
        sys.setrecursionlimit(need)
    try:
        yield
    finally:
        if need > old:
            sys.setrecursionlimit(old)
