"""The kernel's algebra: a claim's side as a quotient of polynomials in ``T_v = exp(v/q_v)``.

Standard library only. A polynomial is a dict ``{monomial: Fraction}``, a monomial a
sorted tuple of ``(generator, exponent)`` pairs; exponents may be negative (Laurent
polynomials: ``exp(-x)`` is ``T_x**-1``). The generators are ``T_v = exp(v/q_v)``
per variable, ``S = exp(1/q0)`` for constants in exponents, each variable ``v``
itself, and opaque atoms (``pi``, ``erf(u)``, ``sqrt(u)``, ``log|P|``, ...), each an
independent indeterminate. The catalog functions are rewritten by their definitions
(:data:`~tanhproof._kernel._kparse.DEFINITIONS`); ``exp(c*log(u)) = u**c``; ``log`` of a product, quotient or power splits, and
``log|c m P| = log|c| + log|m| + log|P|`` for a constant ``c``, a monomial ``m`` of
exponentials and variables, and a polynomial ``P`` (an atom).

Two sides are equal wherever both are defined when the numerator of their
difference is the zero polynomial, after the one relation the kernel knows for
atoms: ``r**q = u`` for ``r = u**(1/q)`` with ``u`` a polynomial. A certificate's
hint ``sqrt(A) = B`` replaces the root of ``A`` by ``B`` once ``B**2 - A`` is 0 and
``B`` is positive everywhere (:meth:`Ring.positive`).

Examples
========

>>> from tanhproof._kernel._kparse import read
>>> ring = Ring({"x": 1}, None)
>>> ring.equal(ring.convert(read("1 - tanh(x)**2")), ring.convert(read("sech(x)**2")))
True
>>> ring.equal(ring.convert(read("tanh(x)")), ring.convert(read("sinh(x)")))
False
"""

from __future__ import annotations

from fractions import Fraction

from tanhproof._kernel._kparse import DEFINITIONS, ONE, KernelError, Undefined, define, num, number

__all__ = ["Ring"]

_UNIT: dict = {(): Fraction(1)}


def _mono_mul(a: tuple, b: tuple, k: int = 1) -> tuple:
    d = dict(a)
    for g, e in b:
        d[g] = d.get(g, 0) + k * e
    return tuple(sorted((g, e) for g, e in d.items() if e))


def padd(p: dict, q: dict, c: Fraction | int = 1) -> dict:
    """``p + c*q``."""
    r = dict(p)
    for m, v in q.items():
        r[m] = r.get(m, 0) + c * v
    return {m: v for m, v in r.items() if v}


def pmul(p: dict, q: dict) -> dict:
    r: dict = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = _mono_mul(m1, m2)
            r[m] = r.get(m, 0) + c1 * c2
    return {m: c for m, c in r.items() if c}


def ppow(p: dict, n: int) -> dict:
    result, base = dict(_UNIT), p
    while n:
        result = pmul(result, base) if n & 1 else result
        n >>= 1
        base = pmul(base, base) if n else base
    return result


class Ring:
    """Generators, atoms and the conversion of trees for one claim.

    ``qs[v]`` is ``q_v`` (``T_v = exp(v/q_v)``) and ``q0`` the denominator of constant
    exponents (``S = exp(1/q0)``), both as the certificate states them: an exponent
    they do not clear is rejected. ``square_roots`` are the certificate's hints
    ``(A, B)``, each checked here: ``sqrt(A) = B``.
    """

    def __init__(self, qs: dict[str, int], q0: int | None, square_roots: tuple | list = ()):
        for q in (*qs.values(), q0 if q0 is not None else 1):
            if type(q) is not int or not 1 <= q <= 10**6:
                raise KernelError(f"q must be an integer from 1 to 10**6, got {q!r}")
        self.qs, self.q0 = qs, q0
        self.gens: dict[tuple, int] = {}
        self.compared: list[tuple[str, tuple, int]] = []  # atoms compared by argument
        self.roots: dict[int, tuple[int, dict]] = {}  # r -> (q, u) with r**q = u
        self.memo: dict[tuple, tuple] = {}
        self.sqrts: list[tuple[tuple, tuple]] = []  # (A, B): sqrt(A) = B
        for radicand, root in square_roots:
            a, b = self.convert(radicand), self.convert(root)
            if not self.equal(self.power(b, 2), a) or not self.positive(b):
                raise KernelError(
                    "a square root hint B of A needs B**2 - A = 0 and B > 0 (exponentials only)"
                )
            self.sqrts.append((a, b))

    def positive(self, a: tuple) -> bool:
        """Whether the quotient ``a`` is positive for every real value of the variables, by a
        sufficient test: numerator and denominator are polynomials in ``T_v`` and ``S`` only
        (each positive), each with nonzero coefficients of one sign, the same."""
        kinds = {index: key[0] for key, index in self.gens.items()}
        signs = [{c > 0 for c in p.values()} for p in a]
        exps = all(kinds[g] in ("T", "S") for p in a for m in p for g, _e in m)
        return exps and len(signs[0]) == 1 and signs[0] == signs[1]

    def gen(self, key: tuple, k: int = 1) -> tuple:
        index = self.gens.setdefault(key, len(self.gens))
        return ({((index, k),): Fraction(1)}, dict(_UNIT))

    # ---- quotients (N, D) of polynomials
    @staticmethod
    def const(c) -> tuple:
        c = Fraction(c)
        return ({(): c} if c else {}, dict(_UNIT))

    @staticmethod
    def norm(n: dict, d: dict) -> tuple:
        """A monomial denominator moves into the numerator (Laurent form)."""
        if len(d) == 1:
            ((m, c),) = d.items()
            return {_mono_mul(k, m, -1): v / c for k, v in n.items()}, dict(_UNIT)
        return n, d

    def add(self, a: tuple, b: tuple, c: int = 1) -> tuple:
        if a[1] == b[1]:
            return padd(a[0], b[0], c), a[1]
        return self.norm(padd(pmul(a[0], b[1]), pmul(b[0], a[1]), c), pmul(a[1], b[1]))

    def mul(self, a: tuple, b: tuple) -> tuple:
        return self.norm(pmul(a[0], b[0]), pmul(a[1], b[1]))

    def inv(self, a: tuple) -> tuple:
        if not self.reduce(a[0]):
            raise Undefined("division by an expression that is identically zero")
        return self.norm(a[1], a[0])

    def power(self, a: tuple, k: int) -> tuple:
        if abs(k) > 10_000:
            raise KernelError(f"power {k} is over the kernel's limit of 10000")
        a = a if k >= 0 else self.inv(a)
        return self.norm(ppow(a[0], abs(k)), ppow(a[1], abs(k)))

    def equal(self, a: tuple, b: tuple) -> bool:
        """Whether ``a - b`` has the zero numerator (after the root relations)."""
        return not self.reduce(padd(pmul(a[0], b[1]), pmul(b[0], a[1]), -1))

    def reduce(self, p: dict) -> dict:
        """``p`` modulo ``r**q = u`` for each root atom ``r`` (negative powers of ``r``
        are first cleared by a power of ``r``, which is nonzero wherever it is divided by)."""
        for _ in range(50):
            for r in self.roots:
                low = min([e for m in p for g, e in m if g == r] + [0])
                p = pmul(p, {((r, -low),): Fraction(1)}) if low < 0 else p
            todo = [(m, r, e) for m in p for r, e in m if r in self.roots and e >= self.roots[r][0]]
            if not todo:
                return p
            (m, r, e), (q, u) = todo[0], self.roots[todo[0][1]]
            rest = {_mono_mul(m, ((r, e - e % q),), -1): p[m]}
            p = padd(padd(p, {m: p[m]}, -1), pmul(rest, ppow(u, e // q)))
        raise KernelError("root relations did not settle")

    # ---- atoms
    def atom(self, name: str, arg: tuple) -> tuple:
        """The atom ``name(arg)``; equal arguments (by the zero test) give the same atom;
        for the negated argument, ``exp`` gives the inverse and the odd or even
        functions of :data:`_PARITY` their parity."""
        for other, oarg, index in self.compared:
            if other == name and self.equal(arg, oarg):
                return self.gen(("A", index))
            if other == name in _PARITY and self.equal(arg, self.mul(oarg, self.const(-1))):
                a = self.gen(("A", index))  # exp(-u) = 1/exp(u); erf, sign odd; abs even
                return self.inv(a) if name == "exp" else self.mul(a, self.const(_PARITY[name]))
        self.compared.append((name, arg, len(self.compared)))
        return self.gen(("A", len(self.compared) - 1))

    def root(self, u: tuple, q: int) -> tuple:
        r = self.atom(f"root{q}", u)
        ((m, _c),) = r[0].items()
        if u[1] == _UNIT and q > 1:  # a polynomial radicand: r**q = u
            self.roots[m[0][0]] = (q, u[0])
        return r

    # ---- conversion of trees
    def convert(self, t: tuple) -> tuple:
        hit = self.memo.get(t)
        if hit is None:
            hit = self.memo[t] = self._convert(t)
        return hit

    def _convert(self, t: tuple) -> tuple:
        kind = t[0]
        if kind == "n":
            return self.const(t[1])
        if kind == "v":
            return self.gen(("x", t[1]))
        if kind == "c":
            return self.exp(ONE) if t[1] == "E" else self.atom("pi", self.const(0))
        if kind in ("+", "*"):
            total = self.convert(t[1][0])
            for a in t[1][1:]:
                total = self.add(total, self.convert(a)) if kind == "+" else self.mul(total, self.convert(a))
            return total
        if kind == "^":
            e = number(t[2])
            if e is None:  # b**e = exp(e*log(b)), b > 0
                return self.exp(("*", (t[2], ("f", "log", t[1]))))
            return (
                self.power(self.convert(t[1]), e.numerator) if e.denominator == 1 else self.fraction(t[1], e)
            )
        if kind == "p":
            raise KernelError("a Piecewise that no case of the certificate resolves")
        name, u = t[1], t[2]
        if name in DEFINITIONS:
            return self.convert(define(name, u))
        if name in ("exp", "log"):
            return self.exp(u) if name == "exp" else self.log(u)
        if name == "sqrt":
            return self.convert(("^", u, num(Fraction(1, 2))))
        return self.atom(name, self.convert(u))  # abs, sign, erf

    def fraction(self, base: tuple, e: Fraction) -> tuple:
        """``base**e`` for a fraction ``e = p/q``: ``B**p`` for a checked hint ``sqrt(base) = B``
        (``q = 2``), else ``r**p`` for root atoms ``r = u**(1/q)``, one per positive constant
        factor ``u`` of ``base`` (``(c u)**e = c**e u**e`` for ``c > 0``) and one for the rest;
        a constant ``(n/d)**k`` gives ``root(n)**(k p) root(d)**(-k p)`` (``sqrt(2/pi)`` is
        ``sqrt(2)/sqrt(pi)``)."""
        for a, b in self.sqrts if e.denominator == 2 else ():
            if self.equal(self.convert(base), a):
                return self.power(b, e.numerator)
        factors = base[1] if base[0] == "*" else (base,)
        rest = [f for f in factors if not _positive_constant(f)]
        parts = [(f, Fraction(1)) for f in ([("*", tuple(rest))] if rest else [])]
        for f in (f for f in factors if _positive_constant(f)):
            k = number(f[2]) if f[0] == "^" else None
            b, k = (f[1], k) if k is not None and k.denominator == 1 else (f, Fraction(1))
            c = number(b)
            parts += [(num(c.numerator), k), (num(c.denominator), -k)] if c is not None else [(b, k)]
        total = self.const(1)
        for part, k in (item for item in parts if item[0] != ONE):
            total = self.mul(
                total, self.power(self.root(self.convert(part), e.denominator), int(k * e.numerator))
            )
        return total

    def exp(self, arg: tuple) -> tuple:
        """``exp(arg)``: ``T_v**(c q_v)`` for each term ``c*v``, ``S**(c q0)`` for a constant
        ``c``, ``w**c`` for a term ``c*log(w)`` (the functions defined by a log included),
        and one atom ``exp(rest)`` for the rest."""
        terms: list[tuple[Fraction, tuple]] = []
        _terms(arg, Fraction(1), terms)
        result, rest = self.const(1), []
        for c, core in terms:
            if core == ONE or core[0] == "v":
                key, q = (("S",), self.q0) if core == ONE else (("T", core[1]), self.qs.get(core[1]))
                if q is None or (c * q).denominator != 1:
                    what = "constant exponents" if core == ONE else f"the variable {core[1]}"
                    raise KernelError(f"q = {q} does not clear the exponent {c} of {what}")
                result = self.mul(result, self.gen(key, int(c * q)))
            elif core[0] == "f" and core[1] == "log":  # exp(c*log(w)) = w**c
                result = self.mul(result, self.convert(("^", core[2], num(c))))
            else:
                rest.append(("*", (num(c), core)))
        if rest:
            result = self.mul(result, self.atom("exp", self.convert(("+", tuple(rest)))))
        return result

    def log(self, t: tuple, c: Fraction | int = 1) -> tuple:
        """``c*log(t)``, split over products, quotients, powers and ``exp`` as written."""
        k = number(t)
        if k is not None:
            return self.mul(self.const(c), self.log_number(k))
        if t[0] == "*":
            total = self.log(t[1][0], c)
            for a in t[1][1:]:
                total = self.add(total, self.log(a, c))
            return total
        if t[0] == "^" and number(t[2]) is not None:
            return self.log(t[1], c * number(t[2]))  # type: ignore[operator]
        if t[0] == "f" and t[1] == "exp":
            return self.mul(self.const(c), self.convert(t[2]))
        n, d = self.convert(t)
        return self.mul(self.const(c), self.add(self.log_poly(n), self.log_poly(d), -1))

    def log_poly(self, p: dict) -> tuple:
        """``log|p|`` = log|lc| + log|monomial content| + log|P| (P an atom)."""
        if not p:
            raise Undefined("log of an expression that is identically zero")
        low = tuple((g, min(dict(m).get(g, 0) for m in p)) for g in sorted({g for m in p for g, _e in m}))
        lead = p[max(p)]
        rest = {_mono_mul(m, low, -1): v / lead for m, v in p.items()}
        total = self.log_number(lead)
        keys = {index: key for key, index in self.gens.items()}
        for g, e in (item for item in low if item[1]):
            key = keys[g]
            if key[0] == "T":  # log T_v = v/q_v
                term = self.mul(self.gen(("x", key[1])), self.const(Fraction(e, self.qs[key[1]])))
            elif key[0] == "S":  # log S = 1/q0
                term = self.const(Fraction(e, self.q0 or 1))
            else:
                term = self.mul(self.gen(("log|.|", ((((g, 1),), Fraction(1)),))), self.const(e))
            total = self.add(total, term)
        if rest != _UNIT:
            total = self.add(total, self.gen(("log|.|", tuple(sorted(rest.items())))))
        return total

    def log_number(self, c: Fraction) -> tuple:
        """``log|c|`` as a sum over the primes of ``c`` (atoms ``log p``; a cofactor with no
        prime under 10**5 stays whole)."""
        if c == 0:
            raise Undefined("log of 0")
        total = self.const(0)
        for part, sign in ((abs(c.numerator), 1), (c.denominator, -1)):
            p = 2
            while part > 1:
                p = part if p > 10**5 else p
                while part % p == 0:
                    part //= p
                    total = self.add(total, self.gen(("log", p)), sign)
                p += 1
        return total


def _terms(t: tuple, c: Fraction, out: list) -> None:
    """``c*t`` as a list of ``(coefficient, core)`` terms (``core`` ONE for a constant);
    a catalog function is read by its definition."""
    k = number(t)
    if k is not None:
        out += [(c * k, ONE)] if c * k else []
    elif t[0] == "+":
        for a in t[1]:
            _terms(a, c, out)
    elif t[0] == "*":
        rest = [a for a in t[1] if number(a) is None]
        for v in (number(a) for a in t[1]):
            c = c if v is None else c * v
        if c and len(rest) == 1:
            _terms(rest[0], c, out)
        elif c:
            out.append((c, ("*", tuple(rest))))
    elif t[0] == "f" and t[1] in DEFINITIONS:
        _terms(define(t[1], t[2]), c, out)
    elif c:
        out.append((c, t))


def _positive_constant(t: tuple) -> bool:
    """A positive number, ``E``, ``pi``, or an integer power of one."""
    k = number(t)
    if k is not None or t[0] != "^":
        return (k is not None and k > 0) or t[0] == "c"
    return _positive_constant(t[1]) and number(t[2]) is not None


#: Atoms with a rule for the negated argument: exp(-u) = 1/exp(u), odd -1, even 1.
_PARITY = {"exp": 0, "erf": -1, "sign": -1, "abs": 1}
