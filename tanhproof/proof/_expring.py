"""The ring of an exp-rational normal form: its generators, and what each stands for.

:class:`ExpRing` is the polynomial ring (python-flint ``fmpq_mpoly`` over Q) that
:class:`~tanhproof.proof._exprational.RationalContext` converts expressions into.
:meth:`ExpRing.for_expressions` scans the expressions to be compared once and fixes
the generators:

- ``T_v = exp(v/q_v)`` for each variable (or monomial) ``v`` in an exponent, ``q_v``
  the least common denominator of the rational multiples of ``v`` that occur;
- ``S = exp(1/q_0)`` for rational constants in exponents;
- the plain variables themselves;
- slots for opaque *atoms* (``erf(x)``, ``sqrt(...)``, ``log`` factors), filled as
  the conversion meets them.

The ``T`` and ``S`` generators are positive for every real value, which
:meth:`ExpRing.positive_everywhere` uses; :meth:`ExpRing.reduce_roots` applies the
relations ``r**q = b`` of root atoms. The scan counts work, never seconds: an
exponential whose polynomial would pass ``LIMITS.max_degree`` raises
:class:`~tanhproof.LimitError` before the ring is built.

Examples
========

>>> from tanhproof.numeric._reading import parse
>>> ring = ExpRing.for_expressions([parse("x*sinh(x/3) + exp(1/2)")])
>>> ring.names, ring.substitution
(('T_x', 'S', 'x'), {'T_x': 'exp(x/3)', 'S': 'exp(1/2)'})
>>> ring.generator_expr(1), sorted(ring.positive), ring.complete
(exp(1/2), [0, 1], True)
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Self

import flint
import sympy

from tanhproof.expr._errors import LimitError
from tanhproof.expr._limits import LIMITS
from tanhproof.proof._exponents import HYPERBOLIC as _HYPERBOLIC
from tanhproof.proof._exponents import split_exponent
from tanhproof.proof._ratfunc import RationalForm, check_size
from tanhproof.proof._rewriting import MAX_NESTING, check_nesting, deep_recursion

__all__ = ["ExpRing"]

_LOG_SLOTS = 24  # generators reserved for the factors of each logarithm


class ExpRing:
    """The polynomial ring for a set of expressions: generators ``T_v = exp(v/q_v)``,
    ``S = exp(1/q_0)``, the plain variables and the atom slots.

    Build it with :meth:`for_expressions` over *all* the expressions to be compared
    (it fixes the denominators ``q_v``).
    """

    def __init__(self, qs: dict[sympy.Symbol, int], q0: int | None, plain: set, slots: int):
        self.qs = qs
        self.q0 = q0
        names: list[str] = []
        self._t_index: dict[sympy.Expr, int] = {}
        for k, v in enumerate(sorted(qs, key=sympy.default_sort_key)):
            self._t_index[v] = len(names)
            names.append(f"T_{v}" if v.is_Symbol else f"T{k}")
        self._s_index: int | None = None
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

    @classmethod
    def for_expressions(cls, exprs: Iterable[sympy.Expr], timeout: float | None = None) -> Self:
        """Scan ``exprs`` (already :func:`~tanhproof.proof._rewriting.prepare`-d) and build
        the ring they need.

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
    def _scan(cls, exprs: list[sympy.Expr]) -> Self:
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

    def is_exponential(self, i: int) -> bool:
        """Whether generator ``i`` is an exponential (``exp(m/q)`` or the constant ``e^(1/q0)``),
        which never vanishes; a plain variable or an opaque atom can."""
        return i == self._s_index or i in self._t_index.values()

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
        from tanhproof.expr._polyterms import terms_to_sympy

        used = range(len(self.names) - self._atom_slots + len(self.atoms))
        gens = [self.generator_expr(i) for i in used]
        return terms_to_sympy([(m[: len(gens)], c) for m, c in poly.terms()], gens)

    def _const(self, value) -> RationalForm:
        return RationalForm(self.ring.constant(value), self.ring.constant(1), self)

    def _gen(self, index: int, power: int = 1) -> RationalForm:
        if power >= 0:
            return RationalForm(self.gens[index] ** power, self.ring.constant(1), self)
        return RationalForm(self.ring.constant(1), self.gens[index] ** (-power), self)

    def text(self, poly: flint.fmpq_mpoly) -> str:
        """``poly`` as text with the generators' shown names (:attr:`names`), in the
        format of python-flint's ``str`` (which uses the ASCII :attr:`ring_names`).

        >>> from tanhproof.numeric._reading import parse
        >>> from tanhproof.proof._exprational import RationalContext
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
                body = "*".join([str(mag), *factors])
            if not out:
                out.append(body if coeff > 0 else "-" + body)
            else:
                out.append((" + " if coeff > 0 else " - ") + body)
        return "".join(out)

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
                    check_size(total, total)
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


def _fmt(c: sympy.Rational) -> str:
    return str(c) if c.q == 1 else f"({c})"
