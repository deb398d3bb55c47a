"""The exp-rational normal form: an expression as a quotient of exact polynomials.

Every function of the hyperbolic family is a rational function of exponentials.
:func:`to_rational` rewrites an expression with ``exp``, substitutes
``T_v = exp(v/q_v)`` for each variable ``v`` (``q_v`` the least common denominator of
the rational multiples of ``v`` that occur in exponents) and ``S = exp(1/q_0)`` for
rational constants in exponents, and returns the expression as ``N/D`` with ``N``
and ``D`` exact multivariate polynomials over Q (python-flint ``fmpq_mpoly``).

Because ``exp`` is transcendental, the functions ``exp(v/q_v)`` are algebraically
independent over the rational functions in the variables, so for this class
"``lhs - rhs`` is identically zero" is equivalent to "the numerator of
``N_lhs/D_lhs - N_rhs/D_rhs`` is the zero polynomial": a decision procedure.

Anything outside the class (``erf``, ``sqrt``, ``abs``, ``log`` of an argument that is
not an exponential, ``exp`` of a non-linear argument, ``pi``) becomes an opaque
*atom*: an extra indeterminate, keyed by the normal form of its argument so that
equal arguments written differently give the same atom. A zero numerator is still
a proof (a polynomial that vanishes formally vanishes at every value of its atoms),
but a non-zero one no longer decides anything; :attr:`RationalForm.complete` says
which case applies.

Guards count *work*, never seconds, so the same claim gets the same verdict on any
machine: an exponent that would give a polynomial of degree over
``LIMITS.max_degree`` (``tanh(10**9*x)``), a product or power with more than
``LIMITS.max_terms`` terms, or an expression nested deeper than
:data:`MAX_NESTING` raise :class:`tanhproof.LimitError` before any large polynomial
is built.

The ring and its generators (what each stands for, positivity, root relations)
are :class:`~tanhproof.proof._expring.ExpRing`, which :class:`RationalContext`
extends with the conversion; the quotients and their size guards are
:class:`~tanhproof.proof._ratfunc.RationalForm`.

Generator names: python-flint needs ASCII names, while a variable may be any Python
identifier (``α``, ``ẋ``). The ring's own names are ASCII (the display name where
that is ASCII, else ``g#<index>``); :attr:`RationalContext.names` and
:meth:`RationalContext.text` show the user's names.

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> ctx = RationalContext.for_expressions([parse("tanh(x)"), parse("sech(x)**2")])
>>> form = ctx.convert(parse("tanh(x)"))
>>> str(form.num), str(form.den)
('T_x^2 - 1', 'T_x^2 + 1')
>>> ctx.substitution
{'T_x': 'exp(x)'}
>>> (ctx.convert(parse("1 - tanh(x)**2")) - ctx.convert(parse("sech(x)**2"))).num.is_zero()
True
>>> ctx = RationalContext.for_expressions([parse("tanh(α)")])
>>> form = ctx.convert(parse("tanh(α)"))
>>> ctx.names, ctx.ring_names, ctx.text(form.num), str(form.num)
(('T_α',), ('g#0',), 'T_α^2 - 1', 'g#0^2 - 1')
"""

from __future__ import annotations

import math

import flint
import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.proof._exponents import HYPERBOLIC as _HYPERBOLIC
from tanhproof.proof._exponents import base_power, split_exponent
from tanhproof.proof._expring import ExpRing
from tanhproof.proof._ratfunc import RationalForm, check_power_degree, check_size
from tanhproof.proof._rewriting import (
    MAX_NESTING,
    check_nesting,
    deep_recursion,
    nesting_depth,
    prepare,
    prime_exponents,
)

__all__ = [
    "MAX_NESTING",
    "RationalContext",
    "RationalForm",
    "nesting_depth",
    "prepare",
]  # RationalForm re-exported

_MAX_LOG_FACTOR_DEGREE = 200
_MAX_LOG_FACTOR_TERMS = 2000


class RationalContext(ExpRing):
    """The polynomial ring for a set of expressions, and the conversion into it.

    Build it with :meth:`~tanhproof.proof._expring.ExpRing.for_expressions` over *all*
    the expressions to be compared (it fixes the denominators ``q_v``), then
    :meth:`convert` each one. The ring itself (generators, names, positivity, root
    relations) is :class:`~tanhproof.proof._expring.ExpRing`.
    """

    def __init__(self, qs: dict[sympy.Symbol, int], q0: int | None, plain: set, slots: int):
        super().__init__(qs, q0, plain, slots)
        self._memo: dict[sympy.Expr, RationalForm] = {}
        self._depth = 0

    def convert(self, expr: sympy.Expr) -> RationalForm:
        """``expr`` (already :func:`prepare`-d) as a :class:`RationalForm` of this ring."""
        hit = self._memo.get(expr)
        if hit is None:
            if self._depth == 0:
                check_nesting(expr, "")
                with deep_recursion(MAX_NESTING):
                    self._depth += 1
                    try:
                        hit = self._convert(expr)
                    finally:
                        self._depth -= 1
            else:
                hit = self._convert(expr)
            self._memo[expr] = hit
        return hit

    def _convert(self, e: sympy.Expr) -> RationalForm:
        if e.is_Rational:
            return self._const(flint.fmpq(int(e.p), int(e.q)))
        if e.is_Symbol:
            return self._gen(self._plain_index[e])
        if e.is_Add:
            horner = self._polynomial_in_one_base(e)
            if horner is not None:
                return horner
            total = self.convert(e.args[0])
            for a in e.args[1:]:
                total = total + self.convert(a)
            return total
        if e.is_Mul:
            total = self.convert(e.args[0])
            for a in e.args[1:]:
                total = total * self.convert(a)
            return total
        if e.is_Pow and e.args[1].is_Integer:
            return self.convert(e.args[0]) ** int(e.args[1])
        if e is sympy.E:
            return self._exp(sympy.Integer(1))
        if e.func is sympy.exp:
            return self._exp(e.args[0])
        if e.is_Pow and e.args[0] is sympy.E:
            return self._exp(e.args[1])
        if e.func in _HYPERBOLIC:
            return self._hyperbolic(e.func, e.args[0])
        if e.func is sympy.log:
            return self._log(e.args[0])
        return self._atom(e)

    def _polynomial_in_one_base(self, e: sympy.Expr) -> RationalForm | None:
        """A sum ``sum_k R_k * B**k`` (``R_k`` polynomials in the ring, free of ``B``;
        ``B`` one non-polynomial subexpression such as ``tanh(x)``) by homogeneous
        Horner: ``sum_k R_k N**k D**(n-k) / D**n`` for ``B = N/D``. Term-by-term
        addition would take a gcd of ever larger denominators at every term (a
        derivative polynomial of degree 1000 in ``tanh`` took 17 s that way).
        ``None`` when ``e`` is not of that shape."""
        if len(e.args) < 3:
            return None
        counts: dict[sympy.Expr, int] = {}
        for term in e.args:
            for factor in sympy.Mul.make_args(term):
                base, k = base_power(factor)
                if k > 0 and not base.is_Rational and not base.is_Symbol:
                    counts[base] = counts.get(base, 0) + 1
        if not counts:
            return None
        base = max(counts, key=lambda b: (counts[b], sympy.default_sort_key(b)))
        if counts[base] < 2:
            return None
        parts: dict[int, list[sympy.Expr]] = {}
        for term in e.args:
            k, rest = 0, []
            for factor in sympy.Mul.make_args(term):
                b, j = base_power(factor)
                if b == base and j > 0:
                    k += j
                elif factor.has(base):
                    return None
                else:
                    rest.append(factor)
            parts.setdefault(k, []).extend(
                [
                    sympy.Mul(*rest, evaluate=False)
                    if len(rest) > 1
                    else (rest[0] if rest else sympy.Integer(1))
                ]
            )
        totals: dict[int, RationalForm] = {}
        for k, terms in parts.items():
            total = self.convert(terms[0])
            for t in terms[1:]:
                total = total + self.convert(t)
            totals[k] = total
        # the one non-constant denominator all R_k may share (sech(x)*P(tanh(x)): cosh's)
        dens = {str(t.den): t.den for t in totals.values() if not t.den.is_constant()}
        if len(dens) > 1:
            return None
        common = next(iter(dens.values())) if dens else None
        coeffs: dict[int, flint.fmpq_mpoly] = {}
        for k, total in totals.items():
            if total.den.is_constant():
                c = total.num if total.den.is_one() else total.num / total.den.leading_coefficient()
                coeffs[k] = c if common is None else c * common
            else:
                coeffs[k] = total.num
        b = self.convert(base)
        n = max(coeffs)
        check_power_degree(max(b.num.total_degree(), b.den.total_degree()), n)
        if common is None:
            mobius = self._mobius(coeffs, n, b)
            if mobius is not None:
                return mobius
        zero = self.ring.constant(0)
        acc = coeffs.get(n, zero)
        dpow = self.ring.constant(1)
        for k in range(n - 1, -1, -1):
            dpow = dpow * b.den
            acc = acc * b.num + coeffs.get(k, zero) * dpow
            check_size(acc, dpow)
        return RationalForm(acc, dpow if common is None else dpow * common, self)

    def _mobius(self, coeffs: dict, n: int, b: RationalForm) -> RationalForm | None:
        """``sum_k c_k B**k`` for constants ``c_k`` and ``B = (alpha t + beta)/(gamma t +
        delta)`` with ``t = g**e`` for one generator ``g`` (tanh: ``(T**2 - 1)/(T**2 + 1)``;
        the sigmoid: ``T/(T + 1)``), by two compositions with linear polynomials
        (python-flint ``fmpq_poly``) instead of ``n`` Horner steps: with ``s = gamma t +
        delta`` and ``alpha t + beta = p s + r``, ``sum c_k (p s + r)**k s**(n-k) =
        s**n P(p + r/s)``. ``None`` when ``B`` or the ``c_k`` are not of that shape."""
        if any(not c.is_constant() for c in coeffs.values()):
            return None
        used = {i for poly in (b.num, b.den) for i, d in enumerate(poly.degrees()) if d}
        if len(used) != 1:
            return None
        (index,) = used
        lin = []
        step = math.gcd(*(m[index] for poly in (b.num, b.den) for m in poly.monoms()))
        for poly in (b.num, b.den):
            c = {m[index] // step: v for m, v in poly.terms()}
            if step == 0 or set(c) - {0, 1}:
                return None
            lin.append((c.get(1, flint.fmpq(0)), c.get(0, flint.fmpq(0))))
        (alpha, beta), (gamma, delta) = lin
        zero = flint.fmpq(0)
        p_coeffs = [
            coeffs[k].leading_coefficient() if k in coeffs and not coeffs[k].is_zero() else zero
            for k in range(n + 1)
        ]
        outer = flint.fmpq_poly(p_coeffs)
        if gamma != 0:
            p, r = alpha / gamma, beta - alpha * delta / gamma
            q = outer(flint.fmpq_poly([p, r]))
            reversed_q = flint.fmpq_poly([q[n - j] for j in range(n + 1)])
            total = reversed_q(flint.fmpq_poly([delta, gamma]))
        else:
            total = outer(flint.fmpq_poly([beta / delta, alpha / delta])) * delta**n
        num = (
            self.ring.from_dict(
                {
                    tuple(step * j if i == index else 0 for i in range(len(self.gens))): total[j]
                    for j in range(total.degree() + 1)
                    if total[j] != 0
                }
            )
            if not total.is_zero()
            else self.ring.constant(0)
        )
        den = b.den**n
        check_size(num, den)
        return RationalForm(num, den, self)

    def _exp(self, arg: sympy.Expr) -> RationalForm:
        linear, const, logs, rest = split_exponent(arg)
        result = self._const(1)
        for v, c in linear.items():
            result = result * self._gen(self._t_index[v], int(c * self.qs[v]))
        if const != 0:
            s_index, q0 = self._s_index, self.q0
            assert s_index is not None and q0 is not None  # the scan saw every constant exponent
            result = result * self._gen(s_index, int(const * q0))
        for k, u in logs:
            result = result * self.convert(u) ** k
        if rest != 0:
            result = result * self._exp_atom(rest)
        return result

    def _exp_atom(self, rest: sympy.Expr) -> RationalForm:
        """``exp(rest)`` for an exponent outside the linear class (``x**3``, ``x/sqrt(pi)``):
        an atom keyed by ``rest`` up to its sign, so that ``exp(-r)`` is the reciprocal of
        the atom ``exp(r)`` (``tanh(r)`` and ``1/(1 + exp(-2r))`` then meet)."""
        form = self.convert(rest)
        key, negated = form.key(), (-form).key()
        if negated < key:
            atom = self._positive_atom(("exp", *negated), sympy.exp(-rest, evaluate=False))
            return atom.inverse()
        return self._positive_atom(("exp", *key), sympy.exp(rest, evaluate=False))

    def _positive_atom(self, key: tuple, e: sympy.Expr) -> RationalForm:
        """An atom positive wherever it is defined (``exp`` of a real, ``pi``, a root of a
        positive constant): a sum of positive terms in it never vanishes."""
        atom = self._keyed_atom(key, e)
        self.positive = self.positive | {self.atoms[key]}
        return atom

    def _hyperbolic(self, func, a: sympy.Expr) -> RationalForm:
        one = self._const(1)
        if func in (sympy.tanh, sympy.coth):
            e2 = self._exp(sympy.Mul(2, a, evaluate=False))
            num, den = e2 - one, e2 + one
            return num * den.inverse() if func is sympy.tanh else den * num.inverse()
        e, em = self._exp(a), self._exp(sympy.Mul(-1, a, evaluate=False))
        half = self._const(flint.fmpq(1, 2))
        if func is sympy.sinh:
            return (e - em) * half
        if func is sympy.cosh:
            return (e + em) * half
        if func is sympy.sech:
            return ((e + em) * half).inverse()
        return ((e - em) * half).inverse()  # csch

    def _atom(self, e: sympy.Expr) -> RationalForm:
        if e.is_Pow and e.exp.is_Rational and not e.exp.is_Integer:
            return self._root(e.base, int(e.exp.p), int(e.exp.q))
        key = (
            e.func.__name__,
            *(self.convert(a).key() if not a.is_Integer or e.is_Pow else (str(a),) for a in e.args),
        )
        if e.is_number and e.is_positive:  # pi, erf(1), ...
            return self._positive_atom(key, e)
        return self._keyed_atom(key, e)

    def _root(self, base: sympy.Expr, p: int, q: int) -> RationalForm:
        """``base**(p/q)`` as ``r**p`` for the atom ``r = base**(1/q)``; the relation
        ``r**q = base`` is used by :meth:`reduce_roots`."""
        form = self.convert(base)
        if q == 2:
            root = self._positive_square_root(form.reduced())
            if root is not None:
                return root**p
        root_key = ("root", q, *form.key())
        if base.is_number and base.is_positive:  # the real root of a positive constant: positive
            r = self._positive_atom(root_key, base ** sympy.Rational(1, q))
        else:
            r = self._keyed_atom(root_key, base ** sympy.Rational(1, q))
        index = self.atoms[("root", q, *form.key())]
        self.roots[index] = (q, form.reduced())
        return r**p

    def _positive_square_root(self, form: RationalForm) -> RationalForm | None:
        """``sqrt(N/D)`` as an exact quotient when ``N`` and ``D`` are perfect squares
        ``P**2``, ``Q**2`` and ``P/Q`` is positive for every real value of the
        variables (all coefficients of one sign, in the positive generators ``T`` and
        ``S`` only); else ``None``. E.g. sqrt(1 + sinh(x)**2) = cosh(x)."""
        parts = []
        for poly in (form.num, form.den):
            try:
                root = poly.sqrt()
            except Exception:  # noqa: BLE001 - flint raises DomainError for a non-square; any failure: no exact root
                return None
            if self.positive_everywhere(-root):
                root = -root
            elif not self.positive_everywhere(root):
                return None
            parts.append(root)
        return RationalForm(parts[0], parts[1], self)

    # Logarithms are split over the irreducible factors of their argument:
    # for u = c * prod f_i**m_i > 0,  log(u) = log|c| + sum m_i log|f_i|,
    # with log|T_v| = v/q_v, log S = 1/q_0 and log|c| split over the primes of c.
    def _log(self, arg: sympy.Expr) -> RationalForm:
        form = self.convert(arg).reduced()
        if form.num.is_zero():
            raise TanhproofError(f"log of an expression that is identically zero: log({sympy.sstr(arg)})")
        total = self._const(0)
        for poly, sign in ((form.num, 1), (form.den, -1)):
            if poly.total_degree() > _MAX_LOG_FACTOR_DEGREE or len(poly) > _MAX_LOG_FACTOR_TERMS:
                return self._atom(sympy.log(arg))
            content, factors = poly.factor()
            total = total + self._log_rational(content) * self._const(sign)
            for f, m in factors:
                total = total + self._log_factor(f) * self._const(sign * int(m))
        return total

    def _log_factor(self, f: flint.fmpq_mpoly) -> RationalForm:
        if len(f) == 1 and f.total_degree() == 1:
            index = f.degrees().index(1)
            for v, i in self._t_index.items():
                if i == index:
                    return self.convert(v) * self._const(flint.fmpq(1, self.qs[v]))
            if index == self._s_index and self.q0 is not None:  # S = exp(1/q0)
                return self._const(flint.fmpq(1, self.q0))
        key = ("log|.|", str(f))
        if key in self.atoms:
            return self._gen(self.atoms[key])
        # shown only (in caveats and reasons): built unevaluated, as SymPy's Abs would
        # try to decide the sign of the whole polynomial
        expr = sympy.log(sympy.Abs(self.to_sympy(f), evaluate=False), evaluate=False)
        return self._keyed_atom(key, expr)

    def _log_rational(self, c: flint.fmpq) -> RationalForm:
        c = abs(c)
        if c == 1:
            return self._const(0)
        p, q = int(c.p), int(c.q)
        if max(p, q) > 10**40:
            return self._keyed_atom(("log", str(c)), sympy.log(sympy.Rational(p, q)))
        total = self._const(0)
        for prime, k in prime_exponents(p, q):
            atom = self._keyed_atom(("log", str(prime)), sympy.log(sympy.Integer(prime)))
            total = total + atom * self._const(k)
        return total
