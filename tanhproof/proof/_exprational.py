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

Generator names: python-flint needs ASCII names, while a variable may be any Python
identifier (``α``, ``ẋ``). The ring's own names are ASCII (the display name where
that is ASCII, else ``g#<index>``); :attr:`RationalContext.names` and
:meth:`RationalContext.text` show the user's names.

Examples
========

>>> from tanhproof.expr._parser import parse
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
from collections.abc import Iterable

import flint
import sympy

from tanhproof.expr._errors import LimitError, TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.proof._exponents import HYPERBOLIC as _HYPERBOLIC
from tanhproof.proof._exponents import base_power, split_exponent
from tanhproof.proof._ratfunc import RationalForm, check_power_degree
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

_LOG_SLOTS = 24  # generators reserved for the factors of each logarithm
_MAX_LOG_FACTOR_DEGREE = 200
_MAX_LOG_FACTOR_TERMS = 2000


class RationalContext:
    """The polynomial ring for a set of expressions, and the conversion into it.

    Build it with :meth:`for_expressions` over *all* the expressions to be compared
    (it fixes the denominators ``q_v``), then :meth:`convert` each one.
    """

    def __init__(self, qs: dict[sympy.Symbol, int], q0: int | None, plain: set, slots: int):
        self.qs = qs
        self.q0 = q0
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
            name = str(v)
            while name in names:
                name += "'"
            names.append(name)
        self._atom_slots = slots
        self._atom_base = len(names)
        names.extend(f"A{i}" for i in range(slots))
        #: the generators' names as shown to people (the user's variable names)
        self.names = tuple(names)
        #: the names python-flint knows them by: ASCII (``g#i`` where the shown name is not)
        self.ring_names = tuple(n if n.isascii() else f"g#{i}" for i, n in enumerate(names))
        self.ring = flint.fmpq_mpoly_ctx.get(self.ring_names or ("_",), "degrevlex")
        self.gens = self.ring.gens()
        self.atoms: dict[tuple, int] = {}  # canonical key -> generator index
        self.atom_exprs: dict[int, sympy.Expr] = {}
        self.roots: dict[int, tuple[int, RationalForm]] = {}  # generator -> (q, base)
        self._memo: dict[sympy.Expr, RationalForm] = {}
        self._depth = 0

    # ----------------------------------------------------------------- building
    @classmethod
    def for_expressions(cls, exprs: Iterable[sympy.Expr], timeout: float | None = None) -> RationalContext:
        """Scan ``exprs`` (already :func:`prepare`-d) and build the ring they need.

        The work is bounded by degree, term and nesting limits, never by time;
        ``timeout`` is deprecated and ignored (kept so that old callers still work).

        Raises :class:`~tanhproof.LimitError` for an expression nested deeper
        than :data:`MAX_NESTING` or an exponential whose polynomial would pass
        ``LIMITS.max_degree``.
        """
        del timeout  # deprecated: budgets are counted in work
        exprs = list(exprs)
        for e in exprs:
            check_nesting(e, "")
        with deep_recursion(MAX_NESTING):
            return cls._scan(exprs)

    @classmethod
    def _scan(cls, exprs: list[sympy.Expr]) -> RationalContext:
        denoms: dict[sympy.Expr, int] = {}
        coeff_max: dict[sympy.Expr, sympy.Rational] = {}
        const_den: int | None = None
        const_max = sympy.Integer(0)
        plain: set = set()
        atoms: set = set()
        log_args: set = set()
        seen: set = set()
        stack: list[sympy.Expr] = []

        def exponent(arg: sympy.Expr) -> None:
            nonlocal const_den, const_max
            linear, const, logs, rest = split_exponent(arg)
            for v, c in linear.items():
                denoms[v] = math.lcm(denoms.get(v, 1), int(c.q))
                coeff_max[v] = max(coeff_max.get(v, 0), abs(c))
                if not v.is_Symbol:
                    stack.append(v)
            if const != 0:
                const_den = math.lcm(const_den or 1, int(const.q))
                const_max = max(const_max, abs(const))
            if rest != 0:
                atoms.add(sympy.exp(rest, evaluate=False))
                stack.append(rest)
            stack.extend(u for _k, u in logs)

        def visit(e: sympy.Expr) -> None:
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
                exponent(sympy.Mul(2, a, evaluate=False) if e.func in (sympy.tanh, sympy.coth) else a)
            elif e.is_Add or e.is_Mul:
                stack.extend(e.args)
            elif e.is_Pow and e.args[1].is_Integer:
                stack.append(e.args[0])
            elif e.func is sympy.log:
                log_args.add(e.args[0])
                stack.append(e.args[0])
            else:
                atoms.add(e)
                stack.extend(e.args)

        def walk(*roots: sympy.Expr) -> None:
            stack.extend(roots)
            while stack:
                e = stack.pop()
                if e not in seen:
                    seen.add(e)
                    visit(e)

        walk(*exprs)
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
        if log_args:  # log(exp(m/q)) = m/q needs m itself
            walk(*denoms)
        slots = len(atoms) + _LOG_SLOTS * len(log_args)
        return cls(denoms, const_den, plain, slots)

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
        exps = [sympy.exp(v, evaluate=False) for v in self._t_index if not v.is_Symbol]
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
                return sympy.exp(v / self.qs[v] if self.qs[v] != 1 else v, evaluate=False)
        if i == self._s_index:
            return sympy.exp(sympy.Rational(1, self.q0))
        for v, j in self._plain_index.items():
            if j == i:
                return v
        return self.atom_exprs[i]

    def to_sympy(self, poly: flint.fmpq_mpoly) -> sympy.Expr:
        """A polynomial of this ring back as a SymPy expression."""
        from tanhproof.expr._derivatives import _terms_to_sympy

        used = range(len(self.names) - self._atom_slots + len(self.atoms))
        gens = [self.generator_expr(i) for i in used]
        return _terms_to_sympy([(m[: len(gens)], c) for m, c in poly.terms()], gens)

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

    def text(self, poly: flint.fmpq_mpoly) -> str:
        """``poly`` as text with the generators' shown names (:attr:`names`), in the
        format of python-flint's ``str`` (which uses the ASCII :attr:`ring_names`).

        >>> from tanhproof.expr._parser import parse
        >>> ctx = RationalContext.for_expressions([parse("θ*sinh(θ)")])
        >>> ctx.text(ctx.convert(parse("θ*sinh(θ)/3")).num)  # (exp(θ) - exp(-θ))/2 * θ/3
        '1/6*T_θ^2*θ - 1/6*θ'
        """
        if poly.is_zero():
            return "0"
        out: list[str] = []
        for monom, coeff in poly.terms():
            factors = [self.names[i] + ("" if k == 1 else f"^{k}") for i, k in enumerate(monom) if k]
            mag = abs(coeff)
            if not factors:
                body = str(mag)
            elif mag == 1:
                body = "*".join(factors)
            else:
                body = "*".join([str(mag)] + factors)
            if not out:
                out.append(body if coeff > 0 else "-" + body)
            else:
                out.append((" + " if coeff > 0 else " - ") + body)
        return "".join(out)

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
            total = None
            for t in terms:
                f = self.convert(t)
                total = f if total is None else total + f
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
            self._check_size(acc, dpow)
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
        self._check_size(num, den)
        return RationalForm(num, den, self)

    def _exp(self, arg: sympy.Expr) -> RationalForm:
        linear, const, logs, rest = split_exponent(arg)
        result = self._const(1)
        for v, c in linear.items():
            result = result * self._gen(self._t_index[v], int(c * self.qs[v]))
        if const != 0:
            result = result * self._gen(self._s_index, int(const * self.q0))
        for k, u in logs:
            result = result * self.convert(u) ** k
        if rest != 0:
            result = result * self._atom(sympy.exp(rest, evaluate=False))
        return result

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


def _fmt(c: sympy.Rational) -> str:
    return str(c) if c.q == 1 else f"({c})"
