"""The kernel's algebra: a claim's side as a quotient of polynomials in ``T_v = exp(v/q_v)``.

Standard library only. A polynomial is a dict ``{monomial: Fraction}``, a monomial a
sorted tuple of ``(generator, exponent)`` pairs; exponents may be negative (Laurent
polynomials: ``exp(-x)`` is ``T_x**-1``). The generators are ``T_v = exp(v/q_v)``
per variable, ``S = exp(1/q0)`` for constants in exponents, each variable ``v``
itself, and opaque atoms (``pi``, ``erf(u)``, ``sqrt(u)``, ``log|P|``, ...), each an
independent indeterminate. The catalog functions are rewritten by their definitions
(``tanh(a) = (exp(2a) - 1)/(exp(2a) + 1)``, ``sinh(a) = (exp(a) - exp(-a))/2``,
``sigmoid(a) = 1/(1 + exp(-a))``, ``atanh(u) = log((1 + u)/(1 - u))/2``, ...);
``exp(c*log(u)) = u**c``; ``log`` of a product, quotient or power splits, and
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

from tanhproof._kernel._kparse import MINUS, ONE, KernelError, derivative, num, number

__all__ = ["Ring"]

_LAURENT_ONE: dict = {(): Fraction(1)}


def _mono_mul(a: tuple, b: tuple, k: int = 1) -> tuple:
    d = dict(a)
    for g, e in b:
        d[g] = d.get(g, 0) + k * e
    return tuple(sorted((g, e) for g, e in d.items() if e))


def padd(p: dict, q: dict, c: Fraction | int = 1) -> dict:
    """``p + c*q``."""
    r = dict(p)
    for m, v in q.items():
        w = r.get(m, 0) + c * v
        if w:
            r[m] = w
        else:
            r.pop(m, None)
    return r


def pmul(p: dict, q: dict) -> dict:
    r: dict = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = _mono_mul(m1, m2)
            r[m] = r.get(m, 0) + c1 * c2
    return {m: c for m, c in r.items() if c}


def ppow(p: dict, n: int) -> dict:
    result, base = dict(_LAURENT_ONE), p
    while n:
        if n & 1:
            result = pmul(result, base)
        n >>= 1
        if n:
            base = pmul(base, base)
    return result


class Ring:
    """Generators, atoms and the conversion of trees for one claim.

    ``qs[v]`` is ``q_v`` (``T_v = exp(v/q_v)``) and ``q0`` the denominator of constant
    exponents (``S = exp(1/q0)``), both as the certificate states them: an exponent
    they do not clear is rejected.
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
        return ({((index, k),): Fraction(1)}, dict(_LAURENT_ONE))

    # ---- quotients (N, D) of polynomials
    @staticmethod
    def const(c) -> tuple:
        c = Fraction(c)
        return ({(): c} if c else {}, dict(_LAURENT_ONE))

    @staticmethod
    def norm(n: dict, d: dict) -> tuple:
        """A monomial denominator moves into the numerator (Laurent form)."""
        if len(d) == 1:
            ((m, c),) = d.items()
            return {_mono_mul(k, m, -1): v / c for k, v in n.items()}, dict(_LAURENT_ONE)
        return n, d

    def add(self, a: tuple, b: tuple, c: int = 1) -> tuple:
        if a[1] == b[1]:
            return padd(a[0], b[0], c), a[1]
        return self.norm(padd(pmul(a[0], b[1]), pmul(b[0], a[1]), c), pmul(a[1], b[1]))

    def mul(self, a: tuple, b: tuple) -> tuple:
        return self.norm(pmul(a[0], b[0]), pmul(a[1], b[1]))

    def inv(self, a: tuple) -> tuple:
        if not self.reduce(a[0]):
            raise KernelError("division by an expression that is identically zero")
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
                if low < 0:
                    p = pmul(p, {((r, -low),): Fraction(1)})
            todo = [
                (m, r, q, u) for m in p for g, e in m for r, (q, u) in self.roots.items() if g == r and e >= q
            ]
            if not todo:
                return p
            m, r, q, u = todo[0]
            e = dict(m)[r]
            rest = {_mono_mul(m, ((r, e - e % q),), -1): p[m]}
            p = padd(p, {m: p[m]}, -1)
            p = padd(p, pmul(rest, ppow(u, e // q)))
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
        index = len(self.compared)
        self.compared.append((name, arg, index))
        return self.gen(("A", index))

    def root(self, u: tuple, q: int) -> tuple:
        r = self.atom(f"root{q}", u)
        ((m, _c),) = r[0].items()
        if len(u[1]) == 1 and () in u[1] and q > 1:  # a polynomial radicand: r**q = u
            self.roots[m[0][0]] = (q, {k: v / u[1][()] for k, v in u[0].items()})
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
        if kind == "d":
            return self.convert(derivative(t[1], t[2], t[3]))
        if kind == "^":
            e = number(t[2])
            if e is None:  # b**e = exp(e*log(b)), b > 0
                return self.exp(("*", (t[2], ("f", "log", t[1]))))
            if e.denominator == 1:
                return self.power(self.convert(t[1]), e.numerator)
            for a, b in self.sqrts if e.denominator == 2 else ():  # a checked hint sqrt(A) = B
                if self.equal(self.convert(t[1]), a):
                    return self.power(b, e.numerator)
            factors = t[1][1] if t[1][0] == "*" else (t[1],)
            positive = [f for f in factors if _positive_constant(f)]  # (c u)**e = c**e u**e for c > 0
            rest = [f for f in factors if not _positive_constant(f)]
            total = self.const(1)
            for part in [*positive, *([("*", tuple(rest))] if rest else [])]:
                total = self.mul(total, self.power(self.root(self.convert(part), e.denominator), e.numerator))
            return total
        name, u = t[1], t[2]
        if name == "exp":
            return self.exp(u)
        if name == "log":
            return self.log(u)
        if name in ("tanh", "coth"):
            e2 = self.exp(("*", (num(2), u)))
            top, bottom = self.add(e2, self.const(1), -1), self.add(e2, self.const(1))
            return self.mul(top, self.inv(bottom)) if name == "tanh" else self.mul(bottom, self.inv(top))
        if name in ("sinh", "cosh", "sech", "csch"):
            ex = self.exp(u)
            half = self.mul(
                self.add(ex, self.inv(ex), 1 if name in ("cosh", "sech") else -1), self.const(Fraction(1, 2))
            )
            return half if name in ("sinh", "cosh") else self.inv(half)
        if name == "sigmoid":
            return self.inv(self.add(self.const(1), self.exp(("*", (MINUS, u)))))
        if name == "sqrt":
            return self.convert(("^", u, num(Fraction(1, 2))))
        if name in _LOGS:
            return self.log(_LOGS[name](u), Fraction(1, 2) if name == "atanh" else 1)
        return self.atom(name, self.convert(u))  # abs, sign, erf

    def exp(self, arg: tuple) -> tuple:
        """``exp(arg)``: ``T_v**(c q_v)`` for each term ``c*v``, ``S**(c q0)`` for a constant
        ``c``, ``w**c`` for a term ``c*log(w)`` (atanh, asinh, acosh, softplus are logs),
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
            elif core[0] == "f" and (core[1] == "log" or core[1] in _LOGS):
                w = core[2] if core[1] == "log" else _LOGS[core[1]](core[2])
                k = c / 2 if core[1] == "atanh" else c
                base = self.convert(w) if k.denominator == 1 else self.root(self.convert(w), k.denominator)
                result = self.mul(result, self.power(base, k.numerator))
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
            parts = [self.log(a, c) for a in t[1]]
            total = parts[0]
            for p in parts[1:]:
                total = self.add(total, p)
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
            raise KernelError("log of an expression that is identically zero")
        gens = {g for m in p for g, _e in m}
        low = tuple((g, min(dict(m).get(g, 0) for m in p)) for g in sorted(gens))
        lead = p[max(p)]
        rest = {_mono_mul(m, low, -1): v / lead for m, v in p.items()}
        total = self.log_number(lead)
        names = {index: key for key, index in self.gens.items()}
        for g, e in low:
            if e == 0:
                continue
            key = names[g]
            if key[0] == "T":
                term = self.mul(self.gen(("x", key[1])), self.const(Fraction(e, self.qs[key[1]])))
            elif key[0] == "S":
                term = self.const(Fraction(e, self.q0 or 1))
            else:
                term = self.mul(self.gen(("log|.|", ((((g, 1),), Fraction(1)),))), self.const(e))
            total = self.add(total, term)
        if rest != _LAURENT_ONE:
            total = self.add(total, self.gen(("log|.|", tuple(sorted(rest.items())))))
        return total

    def log_number(self, c: Fraction) -> tuple:
        """``log|c|`` as a sum over the primes of ``c`` (atoms ``log p``)."""
        if c == 0:
            raise KernelError("log of 0")
        total, c = self.const(0), abs(c)
        for part, sign in ((c.numerator, 1), (c.denominator, -1)):
            p = 2
            while part > 1 and p <= 10**5:
                while part % p == 0:
                    part //= p
                    total = self.add(total, self.gen(("log", p)), sign)
                p += 1
            if part > 1:
                total = self.add(total, self.gen(("log", part)), sign)
        return total


def _terms(t: tuple, c: Fraction, out: list) -> None:
    """``c*t`` as a list of ``(coefficient, core)`` terms (``core`` ONE for a constant)."""
    k = number(t)
    if k is not None:
        if c * k:
            out.append((c * k, ONE))
    elif t[0] == "+":
        for a in t[1]:
            _terms(a, c, out)
    elif t[0] == "*":
        factors = [(number(a), a) for a in t[1]]
        rest = [a for v, a in factors if v is None]
        for v, _a in factors:
            c = c if v is None else c * v
        if c and len(rest) == 1:
            _terms(rest[0], c, out)
        elif c:
            out.append((c, ("*", tuple(rest))))
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


def _sqrt(u: tuple) -> tuple:
    return ("f", "sqrt", u)


#: Functions that are logarithms by definition: name -> the argument of the log.
_LOGS = {
    "atanh": lambda u: ("*", (("+", (ONE, u)), ("^", ("+", (ONE, ("*", (MINUS, u)))), MINUS))),
    "asinh": lambda u: ("+", (u, _sqrt(("+", (("^", u, num(2)), ONE))))),
    "acosh": lambda u: ("+", (u, ("*", (_sqrt(("+", (u, MINUS))), _sqrt(("+", (u, ONE))))))),
    "softplus": lambda u: ("+", (ONE, ("f", "exp", u))),
}
