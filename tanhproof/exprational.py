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

Guards: an exponent that would give a polynomial of degree over
``LIMITS.max_degree`` (``tanh(10**9*x)``), a product with more than
``LIMITS.max_terms`` terms, or a deadline passed, raise
:class:`tanhproof.LimitError` before any large polynomial is built.

Examples
========

>>> from tanhproof.parser import parse
>>> ctx = RationalContext.for_expressions([parse("tanh(x)"), parse("sech(x)**2")])
>>> form = ctx.convert(parse("tanh(x)"))
>>> str(form.num), str(form.den)
('T_x^2 - 1', 'T_x^2 + 1')
>>> ctx.substitution
{'T_x': 'exp(x)'}
>>> (ctx.convert(parse("1 - tanh(x)**2")) - ctx.convert(parse("sech(x)**2"))).num.is_zero()
True
"""

from __future__ import annotations

import math
import time
from typing import Iterable

import flint
import sympy

from .errors import LimitError, TanhproofError
from .functions import sigmoid, softplus
from .limits import LIMITS
from .ratfunc import RationalForm

__all__ = ["RationalContext", "RationalForm", "prepare"]  # RationalForm re-exported

_LOG_SLOTS = 24  # generators reserved for the factors of each logarithm
_MAX_LOG_FACTOR_DEGREE = 200
_MAX_LOG_FACTOR_TERMS = 2000
_HYPERBOLIC = (sympy.sinh, sympy.cosh, sympy.tanh, sympy.sech, sympy.csch, sympy.coth)


def prepare(expr: sympy.Expr) -> sympy.Expr:
    """Differentiate exactly and rewrite the functions defined through ``log`` (sigmoid,
    softplus, asinh, acosh, atanh) by their catalog definitions; the hyperbolic
    functions and ``exp`` are handled directly by :class:`RationalContext`.
    """
    if expr.has(sympy.Derivative):
        from .derivatives import expand_derivatives

        expr = expand_derivatives(expr)
    if expr.has(sympy.DiracDelta):
        # d/dx sign(u) and d/dx abs(u) bring DiracDelta(u): zero wherever the
        # derivative exists (u != 0); the prover reports u = 0 as a caveat.
        expr = expr.replace(sympy.DiracDelta, lambda *a: sympy.Integer(0))
    if expr.has(sympy.Float):
        expr = expr.xreplace({f: sympy.Rational(f) for f in expr.atoms(sympy.Float)})
    replacements = (
        (sigmoid, lambda a: 1 / (1 + sympy.exp(-a))),
        (softplus, lambda a: sympy.log(1 + sympy.exp(a))),
        (sympy.asinh, lambda a: sympy.log(a + sympy.sqrt(a**2 + 1))),
        (sympy.acosh, lambda a: sympy.log(a + sympy.sqrt(a - 1) * sympy.sqrt(a + 1))),
        (sympy.atanh, lambda a: sympy.log((1 + a) / (1 - a)) / 2),
    )
    for func, definition in replacements:
        if expr.has(func):
            expr = expr.replace(func, definition)
    # b**e with a non-constant exponent is real only for b > 0, where it is exp(e*log(b)).
    expr = expr.replace(
        lambda e: e.is_Pow and not e.exp.is_number and e.base is not sympy.E,
        lambda e: sympy.exp(e.exp * sympy.log(e.base)),
    )
    # log of a rational splits over its primes (log 4 = 2 log 2), so that exp(x*log(4))
    # and exp(x*log(2)) meet as powers of one generator.
    expr = expr.replace(
        lambda e: e.func is sympy.log and e.args[0].is_Rational and e.args[0] > 0
        and max(abs(e.args[0].p), e.args[0].q) < 10**12,
        _split_log_rational,
    )
    return expr


class RationalContext:
    """The polynomial ring for a set of expressions, and the conversion into it.

    Build it with :meth:`for_expressions` over *all* the expressions to be compared
    (it fixes the denominators ``q_v``), then :meth:`convert` each one.
    """

    def __init__(self, qs: dict[sympy.Symbol, int], q0: int | None, plain: set, slots: int, deadline: float):
        self.qs = qs
        self.q0 = q0
        self.deadline = deadline
        names: list[str] = []
        self._t_index: dict[sympy.Expr, int] = {}
        for k, v in enumerate(sorted(qs, key=sympy.default_sort_key)):
            self._t_index[v] = len(names)
            names.append(f"T_{v}" if v.is_Symbol else f"T{k}")
        self._s_index = None
        if q0 is not None:
            self._s_index = len(names)
            names.append("S")
        #: generators that are positive for every real value: exp(real)
        self.positive: frozenset[int] = frozenset(
            list(self._t_index.values()) + ([] if self._s_index is None else [self._s_index])
        )
        self._plain_index: dict[sympy.Symbol, int] = {}
        for v in sorted(plain, key=str):
            self._plain_index[v] = len(names)
            names.append(str(v) if str(v) not in names else f"{v}'")
        self._atom_slots = slots
        self._atom_base = len(names)
        names.extend(f"A{i}" for i in range(slots))
        self.names = tuple(names)
        self.ring = flint.fmpq_mpoly_ctx.get(self.names or ("_",), "degrevlex")
        self.gens = self.ring.gens()
        self.atoms: dict[tuple, int] = {}  # canonical key -> generator index
        self.atom_exprs: dict[int, sympy.Expr] = {}
        self.roots: dict[int, tuple[int, RationalForm]] = {}  # generator -> (q, base)
        self._memo: dict[sympy.Expr, RationalForm] = {}

    # ----------------------------------------------------------------- building
    @classmethod
    def for_expressions(cls, exprs: Iterable[sympy.Expr], timeout: float | None = None) -> "RationalContext":
        """Scan ``exprs`` (already :func:`prepare`-d) and build the ring they need."""
        deadline = time.monotonic() + (LIMITS.prove_seconds if timeout is None else timeout)
        denoms: dict[sympy.Expr, int] = {}
        coeff_max: dict[sympy.Expr, sympy.Rational] = {}
        const_den: int | None = None
        const_max = sympy.Integer(0)
        plain: set = set()
        atoms: set = set()
        logs = 0

        def exponent(arg: sympy.Expr) -> None:
            nonlocal const_den, const_max
            linear, const, _logs, rest = _split_exponent(arg)
            for v, c in linear.items():
                denoms[v] = math.lcm(denoms.get(v, 1), int(c.q))
                coeff_max[v] = max(coeff_max.get(v, 0), abs(c))
                if not v.is_Symbol:
                    walk(v)
            if const != 0:
                const_den = math.lcm(const_den or 1, int(const.q))
                const_max = max(const_max, abs(const))
            if rest != 0:
                atoms.add(sympy.exp(rest))
                walk(rest)
            for _k, u in _logs:
                walk(u)

        def walk(e: sympy.Expr) -> None:
            if time.monotonic() > deadline:
                raise LimitError(f"time limit of {LIMITS.prove_seconds:g} s exceeded while scanning")
            if e.is_Symbol:
                plain.add(e)
            elif e.is_Rational:
                pass
            elif e is sympy.E:
                exponent(sympy.Integer(1))
            elif e.func is sympy.exp:
                exponent(e.args[0])
            elif e.func in _HYPERBOLIC:
                a = e.args[0]
                exponent(2 * a if e.func in (sympy.tanh, sympy.coth) else a)
            elif e.is_Add or e.is_Mul:
                for a in e.args:
                    walk(a)
            elif e.is_Pow and e.args[1].is_Integer:
                walk(e.args[0])
            elif e.func is sympy.log:
                nonlocal logs
                logs += 1
                walk(e.args[0])
            else:
                atoms.add(e)
                for a in e.args:
                    walk(a)

        for expr in exprs:
            walk(expr)
        for v, c in coeff_max.items():
            degree = c * denoms[v]
            if degree > LIMITS.max_degree:
                raise LimitError(
                    f"exp({_fmt(c)}*{v}) would become a polynomial of degree {degree} in exp({v}/{denoms[v]}), "
                    f"over the limit max_degree={LIMITS.max_degree}"
                )
        if const_den is not None and const_max * const_den > LIMITS.max_degree:
            raise LimitError(
                f"the constant exp({_fmt(const_max)}) would become a polynomial of degree "
                f"{const_max * const_den}, over the limit max_degree={LIMITS.max_degree}"
            )
        if logs:  # log(exp(m/q)) = m/q needs m itself
            for v in denoms:
                walk(v)
        slots = len(atoms) + _LOG_SLOTS * logs
        return cls(denoms, const_den, plain, slots, deadline)

    @property
    def complete(self) -> bool:
        """True when the zero test decides the identity: no opaque atom was needed
        and every exponential is of a variable, exp(v/q_v) (exponentials of other
        monomials such as ``x*log(2)`` may hide relations)."""
        return not self.atoms and all(v.is_Symbol for v in self._t_index)

    @property
    def opaque(self) -> list[sympy.Expr]:
        """What keeps the zero test from deciding: the opaque atoms, and exponentials
        of monomials that are not plain variables."""
        exps = [sympy.exp(v) for v in self._t_index if not v.is_Symbol]
        return exps + list(self.atom_exprs.values())

    @property
    def substitution(self) -> dict[str, str]:
        """What each generator stands for, as text."""
        out: dict[str, str] = {}
        for v, i in self._t_index.items():
            q = self.qs[v]
            out[self.names[i]] = f"exp({v})" if q == 1 else f"exp({v}/{q})"
        if self._s_index is not None:
            out["S"] = "E" if self.q0 == 1 else f"exp(1/{self.q0})"
        for i, e in self.atom_exprs.items():
            out[self.names[i]] = sympy.sstr(e)
        return out

    def exponent_of(self, i: int) -> tuple[sympy.Expr, int] | None:
        """``(m, q)`` when generator ``i`` is ``exp(m/q)`` for a monomial ``m``, else ``None``."""
        for v, j in self._t_index.items():
            if j == i:
                return v, self.qs[v]
        return None

    def generator_expr(self, i: int) -> sympy.Expr:
        """The SymPy expression generator number ``i`` stands for."""
        for v, j in self._t_index.items():
            if j == i:
                return sympy.exp(v / self.qs[v])
        if i == self._s_index:
            return sympy.exp(sympy.Rational(1, self.q0))
        for v, j in self._plain_index.items():
            if j == i:
                return v
        return self.atom_exprs[i]

    def to_sympy(self, poly: flint.fmpq_mpoly) -> sympy.Expr:
        """A polynomial of this ring back as a SymPy expression."""
        used = range(len(self.names) - self._atom_slots + len(self.atoms))
        gens = [self.generator_expr(i) for i in used]
        total = sympy.Integer(0)
        for monom, coeff in poly.terms():
            term = sympy.Rational(int(coeff.p), int(coeff.q))
            for g, k in zip(gens, monom):
                if k:
                    term *= g**k
            total += term
        return total

    # --------------------------------------------------------------- converting
    def _const(self, value) -> RationalForm:
        return RationalForm(self.ring.constant(value), self.ring.constant(1), self)

    def _gen(self, index: int, power: int = 1) -> RationalForm:
        if power >= 0:
            return RationalForm(self.gens[index] ** power, self.ring.constant(1), self)
        return RationalForm(self.ring.constant(1), self.gens[index] ** (-power), self)

    def _check_size(self, num, den) -> None:
        if len(num) > LIMITS.max_terms or len(den) > LIMITS.max_terms:
            raise LimitError(
                f"intermediate polynomial with {max(len(num), len(den))} terms exceeds "
                f"the limit max_terms={LIMITS.max_terms}"
            )
        if time.monotonic() > self.deadline:
            raise LimitError(f"time limit of {LIMITS.prove_seconds:g} s exceeded")

    def convert(self, expr: sympy.Expr) -> RationalForm:
        """``expr`` (already :func:`prepare`-d) as a :class:`RationalForm` of this ring."""
        hit = self._memo.get(expr)
        if hit is None:
            hit = self._convert(expr)
            self._memo[expr] = hit
        return hit

    def _convert(self, e: sympy.Expr) -> RationalForm:
        if e.is_Rational:
            return self._const(flint.fmpq(int(e.p), int(e.q)))
        if e.is_Symbol:
            return self._gen(self._plain_index[e])
        if e.is_Add:
            total = None
            for a in e.args:
                f = self.convert(a)
                total = f if total is None else total + f
            return total
        if e.is_Mul:
            total = None
            for a in e.args:
                f = self.convert(a)
                total = f if total is None else total * f
            return total
        if e.is_Pow and e.args[1].is_Integer:
            return self.convert(e.args[0]) ** int(e.args[1])
        if e is sympy.E:
            return self._exp(sympy.Integer(1))
        if e.func is sympy.exp:
            return self._exp(e.args[0])
        if e.func in _HYPERBOLIC:
            return self._hyperbolic(e.func, e.args[0])
        if e.func is sympy.log:
            return self._log(e.args[0])
        return self._atom(e)

    def _exp(self, arg: sympy.Expr) -> RationalForm:
        linear, const, logs, rest = _split_exponent(arg)
        result = self._const(1)
        for v, c in linear.items():
            result = result * self._gen(self._t_index[v], int(c * self.qs[v]))
        if const != 0:
            result = result * self._gen(self._s_index, int(const * self.q0))
        for k, u in logs:
            result = result * self.convert(u) ** k
        if rest != 0:
            result = result * self._atom(sympy.exp(rest))
        return result

    def _hyperbolic(self, func, a: sympy.Expr) -> RationalForm:
        one = self._const(1)
        if func in (sympy.tanh, sympy.coth):
            e2 = self._exp(2 * a)
            num, den = e2 - one, e2 + one
            return num * den.inverse() if func is sympy.tanh else den * num.inverse()
        e, em = self._exp(a), self._exp(-a)
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
        key = (e.func.__name__,) + tuple(
            self.convert(a).key() if not a.is_Integer or e.is_Pow else (str(a),) for a in e.args
        )
        return self._keyed_atom(key, e)

    def _root(self, base: sympy.Expr, p: int, q: int) -> RationalForm:
        """``base**(p/q)`` as ``r**p`` for the atom ``r = base**(1/q)``; the relation
        ``r**q = base`` is used by :meth:`reduce_roots`."""
        form = self.convert(base)
        if q == 2:
            root = self._positive_square_root(form.reduced())
            if root is not None:
                return root**p
        r = self._keyed_atom(("root", q) + form.key(), base ** sympy.Rational(1, q))
        index = self.atoms[("root", q) + form.key()]
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
            except Exception:  # flint raises DomainError for a non-square
                return None
            if self.positive_everywhere(-root):
                root = -root
            elif not self.positive_everywhere(root):
                return None
            parts.append(root)
        return RationalForm(parts[0], parts[1], self)

    def positive_everywhere(self, poly: flint.fmpq_mpoly, *, even: bool = False) -> bool:
        """True when ``poly`` is positive for every real value of the variables: all
        coefficients positive, in the positive generators (exponentials) only. With
        ``even``, other generators may occur in even powers (then it is >= 0)."""
        if poly.is_zero() or not all(c > 0 for c in poly.coeffs()):
            return False
        return all(
            not d or i in self.positive or (even and d % 2 == 0)
            for monom in poly.monoms()
            for i, d in enumerate(monom)
        )

    def reduce_roots(self, poly: flint.fmpq_mpoly) -> flint.fmpq_mpoly:
        """``poly`` with every power ``r**k``, ``k >= q``, of a root atom ``r = b**(1/q)``
        replaced by ``b**(k // q) * r**(k % q)`` (denominators of ``b`` cleared).

        The result vanishes identically iff ``poly`` does wherever the roots are
        defined, as far as the relations ``r**q = b`` go.
        """
        for _ in range(4):  # a root's base may contain another root
            changed = False
            for index, (q, base) in self.roots.items():
                top = poly.degrees()[index] // q
                if top == 0:
                    continue
                changed = True
                total = self.ring.constant(0)
                for monom, coeff in poly.terms():
                    m, j = divmod(monom[index], q)
                    rest = list(monom)
                    rest[index] = j
                    term = self.ring.from_dict({tuple(rest): coeff})
                    total += term * base.num**m * base.den ** (top - m)
                    self._check_size(total, total)
                poly = total
            if not changed:
                break
        return poly

    def _keyed_atom(self, key: tuple, e: sympy.Expr) -> RationalForm:
        index = self.atoms.get(key)
        if index is None:
            if len(self.atoms) >= self._atom_slots:
                raise LimitError(
                    f"more than {self._atom_slots} distinct opaque subexpressions (at {sympy.sstr(e)})"
                )
            index = self._atom_base + len(self.atoms)
            self.atoms[key] = index
            self.atom_exprs[index] = e
        return self._gen(index)

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
            if index == self._s_index:
                return self._const(flint.fmpq(1, self.q0))
        expr = sympy.log(sympy.Abs(self.to_sympy(f)))
        return self._keyed_atom(("log|.|", str(f)), expr)

    def _log_rational(self, c: flint.fmpq) -> RationalForm:
        c = abs(c)
        if c == 1:
            return self._const(0)
        p, q = int(c.p), int(c.q)
        if max(p, q) > 10**40:
            return self._keyed_atom(("log", str(c)), sympy.log(sympy.Rational(p, q)))
        total = self._const(0)
        for prime, k in _prime_exponents(p, q):
            atom = self._keyed_atom(("log", str(prime)), sympy.log(sympy.Integer(prime)))
            total = total + atom * self._const(k)
        return total


def _prime_exponents(p: int, q: int) -> list[tuple[int, int]]:
    """``p/q`` as ``[(prime, exponent)]``, exponents negative for the denominator."""
    out = []
    for n, sign in ((p, 1), (q, -1)):
        out += [(prime, sign * k) for prime, k in sympy.factorint(n).items()]
    return out


def _split_log_rational(e: sympy.Expr) -> sympy.Expr:
    """``log(p/q)`` as a sum of ``k*log(prime)``."""
    value = e.args[0]
    return sympy.Add(*[k * sympy.log(sympy.Integer(prime), evaluate=False)
                       for prime, k in _prime_exponents(int(value.p), int(value.q))])


def _split_exponent(arg: sympy.Expr):
    """Split an exponent into rational multiples of monomials (variables, or products
    such as ``x*log(2)``), a rational constant, integer multiples of logarithms
    ``[(k, u)]`` and the rest (terms without a rational coefficient)."""
    linear: dict[sympy.Expr, sympy.Rational] = {}
    const = sympy.Integer(0)
    logs: list[tuple[int, sympy.Expr]] = []
    rest = sympy.Integer(0)
    for term, coeff in sympy.expand_mul(arg).as_coefficients_dict().items():
        if not coeff.is_Rational:
            rest += coeff * term
        elif term == 1:
            const += coeff
        elif term.func is sympy.log and coeff.is_Integer:
            logs.append((int(coeff), term.args[0]))
        elif term.is_real:
            linear[term] = linear.get(term, 0) + coeff
        else:
            rest += coeff * term
    linear = {v: c for v, c in linear.items() if c != 0}
    return linear, const, logs, rest


def _fmt(c: sympy.Rational) -> str:
    return str(c) if c.q == 1 else f"({c})"
