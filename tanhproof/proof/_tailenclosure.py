"""Enclosures of a function on a closed half-line ``[A, oo]`` (extended interval arithmetic).

An unbounded tail ``[A, oo)`` is enclosed without cutting it into boxes: ends are exact
rationals or ``+-oo``; each catalog function is bounded through its monotonicity and its
limits at the ends (``tanh`` on ``[A, oo]`` is ``[tanh A, 1]``, the value at a finite end
an arb ball rounded outward to exact rationals); products such as ``x*exp(-x)`` through a
decay bound ``C x**k exp(c x)``; and exact rewrites remove the usual cancellations before
enclosing (``log(1 + exp(x)) - x = log(exp(-x) + 1)``,
``exp(x)/(exp(x) + 1) = 1/(1 + exp(-x))``, the conjugate
``sqrt(x**2 + 1) - abs(x) = 1/(sqrt(x**2 + 1) + abs(x))``).
:func:`tail_enclosure` is the entry point; the arguments built on it are in
:mod:`tanhproof.proof._tails`.

>>> from fractions import Fraction
>>> from tanhproof.numeric._reading import parse
>>> from tanhproof.expr._parser import symbol
>>> x = symbol("x")
>>> tail_enclosure(parse("tanh(x)"), x, Fraction(1))[0][1]
Fraction(1, 1)
>>> tail_enclosure(parse("log(1 + exp(x)) - x"), x, Fraction(1))[0][0]
Fraction(0, 1)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import flint
import sympy
from flint import arb

from tanhproof.expr._errors import DomainError
from tanhproof.numeric._arb import arb_dyadic_bounds, compile_arb
from tanhproof.proof._boxcontext import START_PRECISION, Undecided, frac_ball

__all__ = ["End", "Ext", "conjugate_root", "divide_exp", "merge_log", "tail_enclosure"]

# --- Extended interval arithmetic on a closed half-line [A, oo] -------------------------------
# Ends are exact rationals or +-oo (floats); a function's value at an end comes from an arb
# ball, rounded outward to its exact rational bounds.

_INF = math.inf
End = Fraction | float
Ext = tuple[End, End]


def _neg(v: End) -> End:
    return -v


def _add(u: Ext, v: Ext) -> Ext:
    def s(p: End, q: End) -> End:
        if isinstance(p, float) or isinstance(q, float):
            infs = {float(t) for t in (p, q) if isinstance(t, float)}
            if len(infs) > 1:
                raise Undecided("oo - oo in a tail enclosure")
            return infs.pop()
        return p + q

    return s(u[0], v[0]), s(u[1], v[1])


def _mul_end(p: End, q: End) -> End:
    if isinstance(p, float) or isinstance(q, float):
        if p == 0 or q == 0:
            return Fraction(0)
        return -_INF if (p < 0) != (q < 0) else _INF
    return p * q


def _mul(u: Ext, v: Ext) -> Ext:
    products = [_mul_end(p, q) for p in u for q in v]
    return min(products), max(products)


def _recip(u: Ext) -> Ext:
    lo, hi = u
    if not (lo > 0 or hi < 0):
        raise Undecided("division by an enclosure containing 0 in a tail")

    def r(v: End) -> End:
        return Fraction(0) if isinstance(v, float) else 1 / v

    return r(hi), r(lo)


def _power(u: Ext, n: int) -> Ext:
    lo, hi = u

    def p(v: End) -> End:
        if isinstance(v, float):
            return _INF if n % 2 == 0 or v > 0 else -_INF
        return v**n

    if n == 0:
        return Fraction(1), Fraction(1)
    if lo >= 0 or n % 2 == 1:
        return p(lo), p(hi)
    if hi <= 0:
        return p(hi), p(lo)
    return Fraction(0), max(p(lo), p(hi))


def _fn(name: str) -> Callable[[arb], arb]:
    from tanhproof.numeric._evaluators import EVALUATORS, arb_sqrt

    if name == "sqrt":
        return arb_sqrt
    return EVALUATORS[name].arb


#: Increasing catalog functions and their limits at -oo and +oo.
_INCREASING = {
    "exp": (0.0, _INF),
    "tanh": (-1.0, 1.0),
    "sigmoid": (0.0, 1.0),
    "softplus": (0.0, _INF),
    "sinh": (-_INF, _INF),
    "asinh": (-_INF, _INF),
    "erf": (-1.0, 1.0),
    "log": (-_INF, _INF),
    "sqrt": (0.0, _INF),
    "cosh": (_INF, _INF),
}


def _at(name: str, v: End, limits: tuple[float, float], lower: bool) -> End:
    """A lower (upper) bound of the function ``name`` at the end ``v``."""
    if isinstance(v, float):
        lim = limits[0] if v < 0 else limits[1]
        return lim if math.isinf(lim) else Fraction(lim)
    ball = _fn(name)(frac_ball(v))
    if not ball.is_finite():
        raise Undecided(f"{name} is not finite at a tail end")
    low, high = arb_dyadic_bounds(ball)
    return (low if lower else high).as_fraction()


def _monotone(name: str, u: Ext, limits: tuple[float, float], increasing: bool = True) -> Ext:
    if increasing:
        return _at(name, u[0], limits, True), _at(name, u[1], limits, False)
    return _at(name, u[1], limits, True), _at(name, u[0], limits, False)


def _ext_function(name: str, u: Ext, kinks: list[str]) -> Ext:
    """An enclosure of ``name(u)``; appends to ``kinks`` where it may not be analytic."""
    lo, hi = u
    if name in ("abs", "sqrt") and lo <= 0 <= hi:
        kinks.append(name)
    if name == "log" and lo == 0 and hi > 0:
        # an argument reaching 0 (1/x on [A, oo] is [0, 1/A]): log tends to -oo there, and
        # where the argument is 0 at a point, f is undefined and the point is not claimed
        # (nor is f then analytic on the whole tail: marked as a kink)
        kinks.append(name)
        return -_INF, _at("log", hi, _INCREASING["log"], False)
    if name == "log" and not lo > 0:
        raise Undecided("log of an enclosure reaching below 0 in a tail")
    if name == "sqrt" and not lo >= 0:
        raise Undecided("sqrt of an enclosure reaching below 0 in a tail")
    if name in ("cosh", "abs", "sech"):
        if hi <= 0:
            lo, hi = -hi, -lo
        elif lo < 0:
            lo, hi = Fraction(0), max(-lo, hi)
        if name == "abs":
            return lo, hi
        low, high = _monotone("cosh", (lo, hi), _INCREASING["cosh"])
        return (low, high) if name == "cosh" else _recip((low, high))
    if name in _INCREASING:
        return _monotone(name, u, _INCREASING[name])
    if name in ("coth", "csch"):
        if not (lo > 0 or hi < 0):
            raise Undecided(f"{name} of an enclosure containing 0 in a tail")
        limits = {"coth": (-1.0, 1.0), "csch": (0.0, 0.0)}[name]
        return _monotone(name, u, limits, increasing=False)
    if name == "sign":
        if lo > 0:
            return Fraction(1), Fraction(1)
        if hi < 0:
            return Fraction(-1), Fraction(-1)
    raise Undecided(f"no tail enclosure for {name}")


# Exact rewrites that remove a cancellation before enclosing (each is an identity of real
# functions, applied by hand: exp(p)*exp(q) = exp(p + q), log(u) + L = log(u*exp(L))):
# log(1 + exp(x)) - x -> log(exp(-x) + 1), exp(x)/(exp(x) + 1) -> 1/(1 + exp(-x)).

_ExpTerm = tuple[sympy.Expr, sympy.Expr]  # c*exp(lin): (c, lin), c rational, lin linear in y


def _exp_sum(u: sympy.Expr, y: sympy.Symbol) -> list[_ExpTerm] | None:
    """``u`` as a sum of ``c*exp(a*y + b)`` (``c``, ``a``, ``b`` rational), else ``None``."""
    terms: list[_ExpTerm] = []
    for t in sympy.Add.make_args(u):
        c, rest = t.as_coeff_Mul()
        if not c.is_Rational:
            return None
        if rest == 1:
            terms.append((c, sympy.Integer(0)))
        elif isinstance(rest, sympy.exp) and _linear(rest.args[0], y) is not None:
            terms.append((c, rest.args[0]))
        else:
            return None
    return terms


def _shifted(terms: list[_ExpTerm], shift: sympy.Expr) -> sympy.Expr:
    """``sum c*exp(lin - shift)``."""
    return sympy.Add(*(c * sympy.exp(sympy.expand(lin - shift)) for c, lin in terms))


def merge_log(expr: sympy.Expr, y: sympy.Symbol) -> sympy.Expr | None:
    """``log(u) + L + rest`` -> ``log(sum c_i exp(lin_i + L)) + rest`` for ``L = a*y + b`` the
    linear part (``a != 0``; ``b`` may be a real constant such as ``log(2)``) and
    ``u = sum c_i exp(lin_i)`` with every ``c_i > 0`` (or ``u = 1 + exp(v)`` from
    ``softplus(v)``, or ``cosh``/``sinh`` of linear arguments written with ``exp``):
    ``log(u) + L = log(u * exp(L))``.

    >>> from tanhproof.numeric._reading import parse
    >>> y = parse("x")
    >>> merge_log(parse("log(cosh(x)) - x + log(2)"), y)
    log(1 + exp(-2*x))
    """
    logs, linear, rest = [], [], []
    for t in expr.args:
        if t.has(y) and (isinstance(t, sympy.log) or getattr(t.func, "__name__", "") == "softplus"):
            logs.append(t)
        elif _linear(t, y) is not None or (t.is_number and t.is_real):  # log(2) too: exp(log(2)) = 2
            linear.append(t)
        else:
            rest.append(t)
    if len(logs) != 1 or not linear:
        return None
    line = sympy.Add(*linear)
    if not line.has(y):
        return None
    (log_term,) = logs
    inside = log_term.args[0] if isinstance(log_term, sympy.log) else 1 + sympy.exp(log_term.args[0])
    terms = _exp_sum(inside, y)
    if terms is None and isinstance(inside, (sympy.cosh, sympy.sinh)):  # cosh(x) = exp(x)/2 + exp(-x)/2
        terms = _exp_sum(sympy.expand(inside.rewrite(sympy.exp)), y)
    if terms is None or not all(c > 0 for c, _ in terms):
        return None
    return sympy.Add(sympy.log(_shifted(terms, -line)), *rest)


def conjugate_root(expr: sympy.Expr, y: sympy.Symbol) -> sympy.Expr | None:
    """``sqrt(P) + R`` -> ``(P - R**2) / (sqrt(P) - R)`` (``sqrt(x**2 + 1) - abs(x)`` ->
    ``1/(sqrt(x**2 + 1) + abs(x))``): equal wherever ``sqrt(P) - R != 0``, which the
    enclosure of the reciprocal checks."""
    roots = [t for t in expr.args if t.is_Pow and t.args[1] == sympy.S.Half]
    if len(roots) != 1:
        return None
    (root,) = roots
    rest = sympy.Add(*(t for t in expr.args if t is not root))
    if not rest.has(y) or rest.has(sympy.Pow(root.args[0], sympy.S.Half)):
        return None
    numerator = sympy.expand(root.args[0] - rest**2)
    return sympy.Mul(numerator, sympy.Pow(root - rest, -1))


def divide_exp(expr: sympy.Expr, y: sympy.Symbol) -> sympy.Expr | None:
    """``c*exp(L)*S**-1*rest`` -> ``c*rest/sum(c_i exp(lin_i - L))`` for ``S`` a sum of exponentials."""
    factors = list(expr.args)
    exps = [f for f in factors if isinstance(f, sympy.exp) and _linear(f.args[0], y) is not None]
    denominators = [f for f in factors if f.is_Pow and f.args[1] == -1 and _exp_sum(f.args[0], y) is not None]
    if len(exps) != 1 or len(denominators) != 1:
        return None
    (e,), (d,) = exps, denominators
    terms = _exp_sum(d.args[0], y)
    assert terms is not None
    rest = [f for f in factors if f is not e and f is not d]
    return sympy.Mul(*rest) / _shifted(terms, e.args[0])


_Scale = tuple[Fraction, int, Fraction]


def _exp_upper(v: Fraction) -> Fraction:
    return arb_dyadic_bounds(frac_ball(v).exp())[1].as_fraction()


def _linear(u: sympy.Expr, y: sympy.Symbol) -> tuple[Fraction, Fraction] | None:
    """``(a, b)`` when ``u = a*y + b`` with rational ``a``, ``b``."""
    if not u.is_polynomial(y):
        return None
    poly = sympy.Poly(u, y)
    if poly.degree() > 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    coeffs = [Fraction(int(c.p), int(c.q)) for c in poly.all_coeffs()]
    return (coeffs[0], coeffs[1]) if len(coeffs) == 2 else (Fraction(0), coeffs[0])


def _scale(expr: sympy.Expr, y: sympy.Symbol, start: Fraction, kinks: list[str]) -> _Scale | None:
    """``(C, k, c)`` with ``|expr(y)| <= C * y**k * exp(c*y)`` for every ``y >= start >= 1``."""
    if expr == y:
        return Fraction(1), 1, Fraction(0)
    if expr.is_Rational:
        return abs(Fraction(int(expr.p), int(expr.q))), 0, Fraction(0)
    if expr.is_Mul or expr.is_Add:
        parts = [_scale(a, y, start, kinks) for a in expr.args]
        if any(p is None for p in parts):
            return None
        known = [p for p in parts if p is not None]
        if expr.is_Mul:
            out: _Scale = (Fraction(1), 0, Fraction(0))
            for big_c, k, c in known:
                out = (out[0] * big_c, out[1] + k, out[2] + c)
            return out
        # y**ki * exp(ci*y) <= y**k * exp(c*y) for y >= 1 when ki <= k and ci <= c
        return sum((p[0] for p in known), Fraction(0)), max(p[1] for p in known), max(p[2] for p in known)
    if expr.is_Pow and expr.args[1].is_Integer and int(expr.args[1]) >= 0:
        inner = _scale(expr.args[0], y, start, kinks)
        n = int(expr.args[1])
        return None if inner is None else (inner[0] ** n, inner[1] * n, inner[2] * n)
    name = getattr(expr.func, "__name__", "")
    line = _linear(expr.args[0], y) if len(expr.args) == 1 else None
    if line is not None:
        a, b = line
        # exp(u) = e^b e^(a y); sigmoid(u) <= e^u and softplus(u) = log(1 + e^u) <= e^u;
        # sech(u) = 2/(e^u + e^-u) <= 2 e^-|u| <= 2 e^|b| e^(-|a| y)
        if name == "exp" or (name in ("sigmoid", "softplus") and a < 0):
            return _exp_upper(b), 0, a
        if name == "sech":
            return 2 * _exp_upper(abs(b)), 0, -abs(a)
    try:
        lo, hi = _ext_eval(expr, y, start, kinks)
    except Undecided:
        return None
    if isinstance(lo, float) or isinstance(hi, float):
        return None
    return max(abs(lo), abs(hi)), 0, Fraction(0)


def _decay_bound(expr: sympy.Expr, y: sympy.Symbol, start: Fraction, kinks: list[str]) -> Fraction | None:
    """A bound of ``|expr|`` on ``[start, oo)`` from its scale ``C y**k e^(c y)`` where that
    is non-increasing there (``k + c*start <= 0``): ``C start**k e^(c start)``."""
    if start < 1:
        return None
    scale = _scale(expr, y, start, kinks)
    if scale is None:
        return None
    big_c, k, c = scale
    if c > 0 or k + c * start > 0:
        return None
    return big_c * start**k * _exp_upper(c * start)


#: Marks a conjugation in an enclosure's notes (not a kink); at most this many per enclosure.
_CONJUGATED = "conjugated"
_MAX_CONJUGATES = 4


def _direct_sum(expr: sympy.Expr, x: sympy.Symbol, start: Fraction, kinks: list[str]) -> Ext:
    total = _ext_eval(expr.args[0], x, start, kinks)
    for a in expr.args[1:]:
        total = _add(total, _ext_eval(a, x, start, kinks))
    return total


def _ext_eval(expr: sympy.Expr, x: sympy.Symbol, start: Fraction, kinks: list[str]) -> Ext:
    """An enclosure of ``expr`` for ``x`` in ``[start, oo)`` (extended interval arithmetic)."""
    if expr == x:
        return start, _INF
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q)), Fraction(int(expr.p), int(expr.q))
    if expr in (sympy.pi, sympy.E):
        low, high = arb_dyadic_bounds(compile_arb(expr)({}))
        return low.as_fraction(), high.as_fraction()
    if expr.is_Add:
        merged = merge_log(expr, x)
        if merged is not None:
            return _ext_eval(merged, x, start, kinks)
        try:
            total = _direct_sum(expr, x, start, kinks)
        except Undecided:
            total = None
        if (total is None or total[0] == -_INF) and kinks.count(_CONJUGATED) < _MAX_CONJUGATES:
            conjugate = conjugate_root(expr, x)  # oo - oo: try the conjugate form
            if conjugate is not None:
                kinks.append(_CONJUGATED)
                better = _ext_eval(conjugate, x, start, kinks)
                if total is None or better[0] != -_INF:
                    return better
        if total is None:
            raise Undecided(f"oo - oo in a tail enclosure of {sympy.sstr(expr)}")
        return total
    if expr.is_Mul:
        divided = divide_exp(expr, x)
        if divided is not None:
            return _ext_eval(divided, x, start, kinks)
        total = _ext_eval(expr.args[0], x, start, kinks)
        for a in expr.args[1:]:
            total = _mul(total, _ext_eval(a, x, start, kinks))
        bound = _decay_bound(expr, x, start, kinks)
        if bound is not None:  # e.g. x*sigmoid(-x): [0, oo] from the factors, <= A*exp(-A) here
            total = (max(total[0], -bound), min(total[1], bound))
        return total
    if expr.is_Pow:
        base, e = expr.args
        u = _ext_eval(base, x, start, kinks)
        if e.is_Integer:
            n = int(e)
            return _power(u, n) if n >= 0 else _recip(_power(u, -n))
        if e.is_Rational and e.q == 2:
            root = _ext_function("sqrt", u, kinks)
            p = int(e.p)
            return _power(root, p) if p > 0 else _recip(_power(root, -p))
        raise Undecided(f"no tail enclosure for the power {sympy.sstr(expr)}")
    if len(expr.args) == 1:
        name = "abs" if isinstance(expr, sympy.Abs) else "sign" if isinstance(expr, sympy.sign) else None
        if name is None:
            from tanhproof.expr._catalog import CATALOG

            name = next((e.name for e in CATALOG.values() if e.func == expr.func), None)
        if name is not None:
            return _ext_function(name, _ext_eval(expr.args[0], x, start, kinks), kinks)
    raise Undecided(f"no tail enclosure for {sympy.sstr(expr)}")


def tail_enclosure(g: sympy.Expr, x: sympy.Symbol, start: Fraction) -> tuple[Ext, bool] | None:
    """An enclosure of ``g`` on ``[start, oo)`` and whether ``g`` is surely real-analytic there."""
    old = flint.ctx.prec
    flint.ctx.prec = START_PRECISION
    kinks: list[str] = []
    try:
        return _ext_eval(g, x, start, kinks), all(k == _CONJUGATED for k in kinks)
    except (Undecided, DomainError, ValueError, ZeroDivisionError, RecursionError):
        return None
    finally:
        flint.ctx.prec = old
