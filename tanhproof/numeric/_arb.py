"""Rigorous evaluation of SymPy expressions with python-flint ``arb`` balls.

:func:`arb_eval` walks a SymPy expression of the catalog's functions and returns a
ball guaranteed to contain its value at an exact rational point. It is the
evaluator behind certified counterexamples and the numeric checks of derivations.
A point where the expression is undefined (a pole, ``log`` of a non-positive
number, ``sqrt`` of a negative one) raises :class:`DomainError`; a ball that merely
straddles such a point also does, since nothing can be certified there.

Examples
========

>>> from fractions import Fraction
>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> ball = arb_eval(parse("sech(x)**2 - (1 - tanh(x)**2)"), {x: Fraction(1, 2)}, bits=100)
>>> ball.contains(0)
True
>>> lower, upper = arb_bounds(arb_eval(parse("tanh(x)"), {x: Fraction(1, 2)}, 64))
>>> float((lower + upper) / 2)  # tanh(1/2) = 0.46211715726000975850... (DLMF/mpmath)
0.46211715726000974
>>> upper - lower < Fraction(1, 10**16)
True
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from fractions import Fraction

import flint
import sympy
from flint import arb, fmpq

from tanhproof.expr._errors import DomainError, TanhproofError
from tanhproof.numeric._dyadic import Dyadic
from tanhproof.numeric._evaluators import EVALUATORS, arb_sqrt, refuse

__all__ = [
    "DomainError",
    "arb_bounds",
    "arb_dyadic_bounds",
    "arb_eval",
    "compile_arb",
    "compile_arb_by_name",
    "integer_power",
    "to_fraction",
]


def _dyadic(ball: arb) -> Dyadic:
    """An exact (zero-radius) ball as a :class:`Dyadic`."""
    man, exp = ball.man_exp()
    return Dyadic(int(man), int(exp))


def _exact(ball: arb) -> Fraction:
    return _dyadic(ball).as_fraction()


def to_fraction(ball: arb) -> Fraction:
    """The exact rational value of the midpoint of ``ball``."""
    return _exact(ball.mid())


#: Largest exponent gap between a ball's midpoint and radius for which the bounds are
#: formed exactly (the shifted integer has about this many bits).
_MAX_EXACT_SHIFT = 1 << 20


def _exact_bounds(ball: arb) -> tuple[Dyadic, Dyadic]:
    """``mid - rad`` and ``mid + rad`` computed exactly, whatever the context precision.

    (``arb.lower()`` would round the bound to the *current* precision: rigorous,
    but needlessly loose for a ball computed at a higher one.)
    """
    if not ball.is_finite():
        raise DomainError(f"enclosure is not finite: {ball}")
    m_man, m_exp = (int(v) for v in ball.mid().man_exp())
    r_man, r_exp = (int(v) for v in ball.rad().man_exp())
    if r_man == 0:
        return Dyadic(m_man, m_exp), Dyadic(m_man, m_exp)
    if m_man == 0:
        return Dyadic(-r_man, r_exp), Dyadic(r_man, r_exp)
    if abs(m_exp - r_exp) > _MAX_EXACT_SHIFT:
        # tanh(1e300) is [1 +/- 2^-(huge)]: exact mid -/+ rad would need an integer of
        # that many bits. Round the bounds outward at a precision that keeps the larger
        # of mid and rad to 128 spare bits: still rigorous, slightly wider.
        old = flint.ctx.prec
        flint.ctx.prec = max(m_man.bit_length(), r_man.bit_length()) + 128
        try:
            return _dyadic(ball.lower()), _dyadic(ball.upper())
        finally:
            flint.ctx.prec = old
    e = min(m_exp, r_exp)
    m, r = m_man << (m_exp - e), r_man << (r_exp - e)
    return Dyadic(m - r, e), Dyadic(m + r, e)


def arb_bounds(ball: arb) -> tuple[Fraction, Fraction]:
    """The exact rational endpoints ``(lower, upper)`` of a finite ball."""
    lower, upper = _exact_bounds(ball)
    return lower.as_fraction(), upper.as_fraction()


def arb_dyadic_bounds(ball: arb) -> tuple[Dyadic, Dyadic]:
    """The endpoints ``(lower, upper)`` of a finite ball as compact exact dyadics
    (no huge integers for huge exponents)."""
    return _exact_bounds(ball)


def _check(ball: arb, what: str) -> arb:
    if not ball.is_finite():
        raise DomainError(
            f"{what} is not certifiably finite here: undefined, or too large for ball arithmetic"
        )
    return ball


def _unary_table() -> dict:
    from tanhproof.expr._catalog import CATALOG

    return {e.func: EVALUATORS[e.name].arb for e in CATALOG.values() if e.name != "sqrt"}


_UNARY = _unary_table()
#: Rationals with a power-of-two denominator and a numerator below this are made into
#: balls once, exact: ``arb(q)`` would give the same exact ball at every precision of 16
#: bits or more, and a wider one (still enclosing ``q``) below.
_SMALL = 1 << 16
#: Zero as a ball, made once (``b.contains(0)`` would convert the 0 on every call).
_ZERO = arb(0)


def arb_eval(expr: sympy.Expr, point: Mapping[sympy.Symbol, Fraction], bits: int) -> arb:
    """Enclose ``expr`` at ``point`` with working precision ``bits``.

    ``point`` maps each free symbol to an exact rational. Derivatives are evaluated
    after differentiating exactly (``expr.doit()``). The expression is compiled once
    into a chain of ball operations (:func:`compile_arb`, cached), so repeated
    evaluation, as in a Ziv loop or a sweep over many points, walks no SymPy tree.

    Raises :class:`DomainError` where the value is undefined or cannot be
    certified finite, and :class:`TanhproofError` for an unsupported construct.
    """
    function = compile_arb(expr)
    old = flint.ctx.prec
    flint.ctx.prec = int(bits)
    try:
        values = {s: arb(fmpq(v.numerator, v.denominator)) for s, v in point.items()}
        return _check(function(values), "the expression")
    finally:
        flint.ctx.prec = old


Compiled = Callable[[dict], arb]


@functools.lru_cache(maxsize=512)
def compile_arb(expr: sympy.Expr) -> Compiled:
    """A function from ``{symbol: arb}`` to a ball enclosing ``expr`` there.

    The balls are computed at the context precision (``flint.ctx.prec``) in force
    when the function is called. Raises :class:`TanhproofError` at once for a
    construct that cannot be evaluated rigorously.

    >>> import flint
    >>> from tanhproof.numeric._reading import parse
    >>> from tanhproof.expr._parser import symbol
    >>> f = compile_arb(parse("sech(x)**2"))
    >>> f({symbol("x"): flint.arb(0)})
    1.00000000000000
    """
    return _compile(expr, False)


@functools.lru_cache(maxsize=512)
def compile_arb_by_name(expr: sympy.Expr) -> Compiled:
    """:func:`compile_arb` with the variables keyed by name, ``{"x": arb}``: the same
    ball operations in the same order (so the same balls), for a caller whose point is
    already keyed by name (the single-value path, which then hashes no SymPy symbol).

    >>> import flint
    >>> from tanhproof.numeric._reading import parse
    >>> compile_arb_by_name(parse("sech(x)**2"))({"x": flint.arb(0)})
    1.00000000000000
    """
    return _compile(expr, True)


def _exact_ball(q: fmpq) -> arb:
    """``q``, a dyadic of at most 16 bits (see :data:`_SMALL`), as an exact ball."""
    old = flint.ctx.prec
    flint.ctx.prec = 64
    try:
        return arb(q)
    finally:
        flint.ctx.prec = old


def _compile(expr, by_name: bool) -> Compiled:
    if expr.is_Symbol:

        def variable(values: dict, s=expr, key=expr.name if by_name else expr) -> arb:
            try:
                return values[key]
            except KeyError:
                raise DomainError(f"no value given for variable {s}") from None

        return variable
    if expr.is_Rational:
        q = fmpq(int(expr.p), int(expr.q))
        if int(expr.q) & (int(expr.q) - 1) == 0 and abs(int(expr.p)) < _SMALL:
            exact = _exact_ball(q)
            return lambda values: exact
        return lambda values: arb(q)
    if expr is sympy.pi:
        return lambda values: arb.pi()
    if expr is sympy.E:
        return lambda values: arb(1).exp()
    if expr.is_Add or expr.is_Mul:
        parts = [_compile(a, by_name) for a in expr.args]
        first, rest = parts[0], parts[1:]
        if len(parts) == 2:  # the common case, without the loop
            second = parts[1]
            if expr.is_Add:
                return lambda values: first(values) + second(values)
            return lambda values: first(values) * second(values)
        if expr.is_Add:

            def add(values: dict) -> arb:
                total = first(values)
                for f in rest:
                    total = total + f(values)
                return total

            return add

        def mul(values: dict) -> arb:
            total = first(values)
            for f in rest:
                total = total * f(values)
            return total

        return mul
    if expr.is_Pow:
        return _compile_pow(expr, by_name)
    if isinstance(expr, sympy.Derivative):
        return _compile_derivative(expr, by_name)
    if isinstance(expr, sympy.DiracDelta):
        from tanhproof.numeric._evaluators import arb_dirac_delta

        inner = _compile(expr.args[0], by_name)
        return lambda values: arb_dirac_delta(inner(values))
    if isinstance(expr, sympy.Piecewise):
        return _compile_piecewise(expr, by_name)
    f = _UNARY.get(expr.func)
    if f is not None and len(expr.args) == 1:
        name = expr.func.__name__
        if expr.args[0].is_Symbol:  # f(x): the variable read in place, one call less
            s = expr.args[0]
            key = s.name if by_name else s

            def unary_of_variable(values: dict) -> arb:
                try:
                    b = values[key]
                except KeyError:
                    raise DomainError(f"no value given for variable {s}") from None
                ball = f(b)
                if ball.is_finite():
                    return ball
                return _check(ball, name)

            return unary_of_variable
        inner = _compile(expr.args[0], by_name)

        def unary(values: dict) -> arb:
            ball = f(inner(values))
            if ball.is_finite():
                return ball
            return _check(ball, name)

        return unary
    raise TanhproofError(f"cannot evaluate {sympy.sstr(expr)!r} rigorously")


#: A relation ``g REL 0`` decided on a ball ``b`` enclosing ``g``: (certainly true, certainly false).
_RELATIONS = {
    ">": lambda b: (b > 0, b <= 0),
    ">=": lambda b: (b >= 0, b < 0),
    "<": lambda b: (b < 0, b >= 0),
    "<=": lambda b: (b <= 0, b > 0),
}


def _compile_piecewise(expr: sympy.Piecewise, by_name: bool) -> Compiled:
    """A definition by cases (``Piecewise``) whose conditions are ``a REL b`` (or True): the
    first branch whose condition is certainly true; a :class:`DomainError` where a
    condition cannot be decided on the ball (it straddles the switch: more precision)."""
    branches: list[tuple[Compiled, Compiled | None, Callable[[arb], tuple[bool, bool]] | None]] = []
    for value, cond in expr.args:
        if cond is sympy.true:
            branches.append((_compile(value, by_name), None, None))
        elif isinstance(cond, sympy.core.relational.Relational) and cond.rel_op in _RELATIONS:
            switch = _compile(cond.lhs - cond.rhs, by_name)
            branches.append((_compile(value, by_name), switch, _RELATIONS[cond.rel_op]))
        else:
            raise TanhproofError(f"cannot evaluate the condition {sympy.sstr(cond)!r} rigorously")

    def by_cases(values: dict) -> arb:
        for value, switch, decide in branches:
            if switch is None or decide is None:
                return value(values)
            ball = switch(values)
            true, false = decide(ball)
            if true:
                return value(values)
            if not false:
                raise DomainError(f"the case of a definition by cases is not certain here (switch {ball})")
        raise DomainError("no case of the definition by cases applies here")

    return by_cases


def _compile_derivative(node: sympy.Derivative, by_name: bool) -> Compiled:
    """``d^n/dx^n f(a*x + b)`` for a catalog ``f`` by Taylor arithmetic in arb
    (:func:`tanhproof.numeric._taylor.derivative_ball`), any order up to the limit; any other
    derivative after exact differentiation (:mod:`tanhproof.expr._derivatives`)."""
    from tanhproof.expr._derivatives import derivative_order, expand_derivatives, linear_catalog_call

    variables = {v for v, _ in node.variable_count}
    call = linear_catalog_call(node.expr, next(iter(variables))) if len(variables) == 1 else None
    from tanhproof.numeric._taylor import DERIVATIVE_FUNCTIONS, derivative_ball

    if call is not None:
        name, _, u, a = call
        if name in DERIVATIVE_FUNCTIONS:
            n = derivative_order(node)
            inner, scale = _compile(u, by_name), _compile(a**n, by_name)
            return lambda values: scale(values) * derivative_ball(name, n, inner(values))
    return _compile(expand_derivatives(node), by_name)


def integer_power(b: arb, n: int) -> arb:
    """``b**n`` for an integer ``n >= 0``.

    python-flint 0.9 returns NaN for ``b**n`` when ``b`` is centred on 0 with a nonzero
    radius (``(x - 1/3)**2`` at ``x = 1/3``); a ball containing 0 is bounded here by
    ``|b| <= M``: ``[0, M**n]`` for even ``n``, ``[-M**n, M**n]`` for odd ``n``.
    """
    if n == 0:
        return arb(1)
    if not b.contains(_ZERO):
        return b**n
    top = b.abs_upper() ** n
    return arb.union(arb(0) if n % 2 == 0 else -top, top)


def _compile_pow(expr, by_name: bool) -> Compiled:
    base_expr, e = expr.args
    base = _compile(base_expr, by_name)
    if e == 2:

        def square(values: dict) -> arb:
            b = base(values)
            if b > _ZERO or b < _ZERO:  # not b.contains(0), in one comparison mostly
                return b * b  # b**2, bit for bit, with one conversion less
            return integer_power(b, 2)

        return square
    if e.is_Integer:
        n = int(e)
        if n >= 0:
            return lambda values: integer_power(base(values), n)

        def reciprocal_power(values: dict) -> arb:
            b = base(values)
            if b.contains(0):
                raise refuse(b, f"division has a pole here (divisor encloses 0: {b})")
            return 1 / integer_power(b, -n)

        return reciprocal_power
    if e == sympy.S.Half:
        return lambda values: arb_sqrt(base(values))
    if e.is_Rational and e.q == 2:  # u**(p/2) = sqrt(u)**p: exact where the root is (sqrt' at 2**-1074)
        p = int(e.p)

        def half_power(values: dict) -> arb:
            root = arb_sqrt(base(values))
            if p > 0:
                return integer_power(root, p)
            if root.contains(0):
                raise refuse(root, f"division has a pole here (divisor encloses 0: {root})")
            return 1 / root ** (-p)

        return half_power
    exponent = _compile(e, by_name)

    def real_power(values: dict) -> arb:
        b = base(values)
        if not b > 0:
            raise DomainError(f"a real power needs a positive base, got {b}")
        return (b.log() * exponent(values)).exp()

    return real_power
