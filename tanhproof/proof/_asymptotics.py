"""Limits at ``+-oo`` and asymptotic forms, decided exactly for the exp-rational family.

For ``f`` exp-rational in one variable ``x``, :class:`~tanhproof.proof._exprational.RationalContext`
writes ``f = N/D`` with ``N`` and ``D`` exact polynomials in ``T = exp(x/q)`` (and in
``x`` itself, when ``x`` occurs outside exponentials). As ``x -> oo``, ``T -> oo`` and every
power of ``T`` outgrows every power of ``x``, so a polynomial behaves like its *leading
term*: the largest power of ``T`` and, among those, the largest power of ``x``. As
``x -> -oo``, ``T -> 0+``: the *trailing* term (the smallest power of ``T``, then the
largest power of ``x``, whose sign is ``(-1)**k``) dominates. The limit is the ratio of
the two dominant terms: ``0``, ``+-oo`` or the ratio of their exact coefficients.

:func:`prove_limit` returns a :class:`~tanhproof.proof._records.Proof` whose ``lhs`` is the
unevaluated ``sympy.Limit`` and ``rhs`` the value; with ``value=`` a claimed value is
checked and a wrong one is ``refuted`` (a limit has no point counterexample: the
certificate is the exact limit, and the method says so). :func:`prove_asymptotic`
proves ``f ~ g`` as ``lim f/g = 1``. Outside the class (``erf``, ``sqrt``, ``log``,
``abs``, softplus, the inverse hyperbolic functions, powers of ``x`` mixed with
exponentials) the limit rules of :mod:`tanhproof.proof._limitcalculus` decide it on the
scale ``t**a exp(P(t)) log(t)**k`` (method and certificate say which rules, step by
step); what they do not decide (several variables, ``oo - oo`` left after every rewrite)
is ``undecided`` with the reason.

Examples
========

>>> p = prove_limit("1 - tanh(x)**2", "x", "oo")
>>> str(p.verdict), p.rhs, p.method
('proved', 0, 'exp-rational leading terms (T = exp(x) -> oo)')
>>> prove_limit("tanh(x)", to="-oo").rhs
-1
>>> str(prove_limit("sigmoid(x)", value="1/2", to="oo").verdict)
'refuted'
>>> p = prove_asymptotic("sech(x)**2", "4*exp(-2*x)")
>>> str(p.verdict), p.relation, p.claim
('proved', '~', 'sech(x)**2 ~ 4*exp(-2*x) as x -> oo')
"""

from __future__ import annotations

import time
from fractions import Fraction
from typing import Any

import flint
import sympy

from tanhproof.expr._derivatives import at_point
from tanhproof.expr._errors import LimitError, ParseError, TanhproofError
from tanhproof.expr._parser import symbol
from tanhproof.expr._sstr import sstr
from tanhproof.proof._exprational import RationalContext, prepare
from tanhproof.proof._limitclass import degree as _degree
from tanhproof.proof._limitclass import dominant as _dominant
from tanhproof.proof._prover import _side, prove
from tanhproof.proof._records import Proof, Verdict

__all__ = ["prove_asymptotic", "prove_limit", "read_target"]

METHOD_NONE = "none: neither proved nor refuted"
_INFINITE = {"oo": 1, "+oo": 1, "inf": 1, "+inf": 1, "infinity": 1, "-oo": -1, "-inf": -1, "-infinity": -1}
_SIGN_BITS = (64, 256, 1024, 4096)  # precisions tried for the sign of a coefficient in S = exp(1/q0)


def read_target(to: Any) -> sympy.Expr:
    """Where the variable goes: ``"oo"``/``"+oo"``/``"-oo"`` (or ``sympy.oo``), or an exact
    rational point (text such as ``"1/2"``, an int, a ``Fraction``).

    >>> read_target("-oo"), read_target("1/2"), read_target(0)
    (-oo, 1/2, 0)
    """
    if isinstance(to, sympy.Basic):
        if to in (sympy.oo, -sympy.oo) or to.is_Rational:
            return to
        raise ParseError(f"a limit goes to oo, -oo or a rational point, not {sstr(to)}")
    if isinstance(to, bool):
        raise ParseError(f"a limit goes to oo, -oo or a rational point, not {to!r}")
    if isinstance(to, (int, Fraction)):
        return sympy.Rational(to.numerator, to.denominator)
    text = "".join(str(to).split()).lower()
    if text in _INFINITE:
        return sympy.oo if _INFINITE[text] > 0 else -sympy.oo
    try:
        return sympy.Rational(Fraction(text))
    except (ValueError, ZeroDivisionError):
        raise ParseError(f"a limit goes to oo, -oo or a rational point, not {to!r}") from None


def _read_value(value: Any) -> tuple[sympy.Expr, str]:
    """A claimed limit: ``oo``/``-oo`` or an expression without variables."""
    if isinstance(value, sympy.Basic) and value in (sympy.oo, -sympy.oo):
        return value, sstr(value)
    if isinstance(value, str) and "".join(value.split()).lower() in _INFINITE:
        return read_target(value), "".join(value.split())
    expr, _conditions = _side(value)
    if expr.free_symbols:
        raise ParseError(f"a limit's value has no variables: {value!r}")
    return expr, value if isinstance(value, str) else sstr(expr)


def _arrow(x: sympy.Symbol, to: sympy.Expr) -> str:
    return f"{x} -> {sstr(to)}"


def prove_limit(
    expr: str | sympy.Expr, var: str | sympy.Symbol = "x", to: Any = "oo", *, value: Any = None
) -> Proof:
    """The limit of ``expr`` as ``var -> to``, decided exactly for the exp-rational family.

    ``to`` is ``"oo"``, ``"-oo"`` (also ``"+oo"``, ``sympy.oo``) or an exact rational
    point, where the limit is the value when ``expr`` is exp-rational and continuous
    there (its reduced denominator does not vanish). Without ``value`` a decided limit
    is ``proved`` with ``rhs`` its exact value (a rational, ``oo`` or ``-oo``; a constant
    in ``E`` when the expression has one); with ``value`` the claim ``lim = value`` is
    ``proved`` or, when the exact limit differs, ``refuted`` (certificate: the exact
    limit). Outside the class the limit rules decide what they can (at a point: both
    one-sided limits, or the one side where ``expr`` is defined); ``undecided`` with the
    reason otherwise.

    Raises :class:`~tanhproof.ParseError` for bad text (expression, variable, target or
    value) and the parser's other errors.

    Examples
    ========

    >>> prove_limit("coth(x)", "x", "-oo").rhs
    -1
    >>> p = prove_limit("x*exp(-x)", to="oo")
    >>> str(p.verdict), p.rhs, p.certificate["leading_N"], p.certificate["leading_D"]
    ('proved', 0, 'x', 'T_x')
    >>> prove_limit("exp(x)", to="oo", value="oo").rhs
    oo
    >>> p = prove_limit("erf(x)", to="oo")
    >>> str(p.verdict), p.rhs, p.method
    ('proved', 1, 'limit rules on the scale t**a*exp(P(t))*log(t)**k (saturation, variable)')
    >>> p = prove_limit("x*log(x)", to="0")
    >>> str(p.verdict), p.rhs, p.claim
    ('proved', 0, 'lim_{x -> 0+} x*log(x) = 0')
    """
    start = time.monotonic()
    x = symbol(var) if isinstance(var, str) else symbol(var.name)
    target = read_target(to)
    f, conditions = _side(expr)
    claimed = None if value is None else _read_value(value)
    limit = sympy.Limit(f, x, target, dir="+-" if target.is_Rational else "+")
    arrow = _arrow(x, target)

    def done(verdict: Verdict, method: str, rhs: sympy.Expr, claim_value: str, **kw: Any) -> Proof:
        return Proof(
            limit,
            rhs,
            verdict,
            method,
            claim=f"lim_{{{arrow}}} {sstr(f)} = {claim_value}",
            seconds=time.monotonic() - start,
            **kw,
        )

    others = sorted((str(s) for s in f.free_symbols if s != x), key=str)
    unknown_value = sstr(claimed[0]) if claimed is not None else "?"
    if others:
        return done(
            Verdict.UNDECIDED,
            METHOD_NONE,
            claimed[0] if claimed is not None else sympy.nan,
            unknown_value,
            reason=f"the expression has variables other than {x} ({', '.join(others)}): "
            "a limit in one variable is decided only for expressions of that variable",
        )
    kinds = [c for c in conditions if c.kind != "nonzero"]
    if kinds:
        found: tuple = (
            None,
            "",
            {},
            "the expression has domain conditions ("
            + ", ".join(str(c) for c in kinds)
            + "): outside what the leading-term method decides",
        )
    else:
        try:
            found = _exact_limit(f, x, target)
        except LimitError as exc:
            found = (None, "", {}, f"exact procedure stopped: {exc}")
        except TanhproofError as exc:
            found = (None, "", {}, str(exc))
    exact, method, certificate, reason = found
    if exact is None:  # outside the class: the limit rules (they show where f is real)
        from tanhproof.proof._limitcalculus import limit_by_rules

        ruled = limit_by_rules(f, x, target, tuple(conditions))
        if ruled[0] is not None:
            exact, method, certificate = ruled[0], ruled[1], dict(certificate, **ruled[2])
            if "side" in certificate:  # f is defined on one side of the point only
                limit = sympy.Limit(f, x, target, dir=certificate["side"])
                arrow = f"{arrow}{certificate['side']}"
        else:
            reason = f"{reason}; the limit rules: {ruled[3]}"
    if exact is None:
        return done(
            Verdict.UNDECIDED,
            METHOD_NONE,
            claimed[0] if claimed is not None else sympy.nan,
            unknown_value,
            reason=reason,
            certificate=certificate,
        )
    if claimed is None:
        return done(Verdict.PROVED, method, exact, sstr(exact), certificate=certificate)
    return _judge_claim(done, exact, claimed, method, certificate)


def _judge_claim(
    done, exact: sympy.Expr, claimed: tuple[sympy.Expr, str], method: str, certificate: dict
) -> Proof:
    """``lim = claimed``: compare the exact limit with the claimed value."""
    value, shown = claimed
    certificate = dict(certificate, exact_limit=sstr(exact), claimed=shown)
    infinite = (sympy.oo, -sympy.oo)
    if exact in infinite or value in infinite:
        same: bool | None = exact == value
        via = ""
    elif exact == value:
        same, via = True, ""
    else:
        check = prove(exact, value)
        same = {Verdict.PROVED: True, Verdict.REFUTED: False}.get(check.verdict)
        via = f"; the values compared by the prover ({check.method})"
        certificate["value_comparison"] = check.to_dict()
    if same is True:
        return done(Verdict.PROVED, method + via, value, shown, certificate=certificate)
    if same is False:
        return done(
            Verdict.REFUTED,
            f"{method}: exact limit is {sstr(exact)}",
            value,
            shown,
            certificate=certificate,
            reason=f"the exact limit is {sstr(exact)}, not {shown}",
        )
    return done(
        Verdict.UNDECIDED,
        METHOD_NONE,
        value,
        shown,
        certificate=certificate,
        reason=f"the exact limit is {sstr(exact)}; whether it equals {shown} was not decided",
    )


def _exact_limit(
    f: sympy.Expr, x: sympy.Symbol, target: sympy.Expr
) -> tuple[sympy.Expr | None, str, dict[str, Any], str]:
    """``(limit, method, certificate, reason)``; ``limit`` is ``None`` when undecided."""
    a = prepare(f)
    ctx = RationalContext.for_expressions([a])
    form = ctx.convert(a).reduced()
    used = range(len(ctx.names) - ctx._atom_slots + len(ctx.atoms))
    t_index = x_index = s_index = None
    for i in used:
        if not any(m[i] for poly in (form.num, form.den) for m in poly.monoms()):
            continue
        g = ctx.generator_expr(i)
        ex = ctx.exponent_of(i)
        if ex is not None and ex[0] == x:
            t_index = i
        elif g == x:
            x_index = i
        elif i == ctx._s_index:
            s_index = i
        else:
            return (
                None,
                "",
                {},
                f"outside the exp-rational class: {sstr(g)} is not a rational function of exp({x}/q) and {x}",
            )
    q = ctx.qs.get(x, 1)
    t_name = f"exp({x})" if q == 1 else f"exp({x}/{q})"
    certificate: dict[str, Any] = {
        "substitution": ctx.substitution,
        "N": ctx.text(form.num),
        "D": ctx.text(form.den),
    }
    if target.is_Rational:
        return _value_at(form, ctx, x, target, t_index, x_index, s_index, certificate, at_point(f, x, target))
    sign = 1 if target == sympy.oo else -1
    if form.num.is_zero():
        return sympy.Integer(0), "exp-rational normal form: the expression is identically 0", certificate, ""
    lead_n = _dominant(form.num, t_index, x_index, sign)
    lead_d = _dominant(form.den, t_index, x_index, sign)
    (tn, xn, cn), (td, xd, cd) = lead_n, lead_d
    certificate["leading_N"] = _term_text(ctx, form.num, tn, xn, t_index, x_index)
    certificate["leading_D"] = _term_text(ctx, form.den, td, xd, t_index, x_index)
    ratio = ctx.to_sympy(cn) / ctx.to_sympy(cd)
    if sign > 0:
        growth = (tn - td, xn - xd)
        method = "exp-rational leading terms " + (
            f"(T = {t_name} -> oo)" if t_index is not None else f"({x} -> oo)"
        )
    else:
        growth = (td - tn, xn - xd)  # T -> 0+: a smaller power of T is larger
        method = "exp-rational trailing terms " + (
            f"(T = {t_name} -> 0+)" if t_index is not None else f"({x} -> -oo)"
        )
    certificate["dominant"] = "the ratio of the " + ("leading" if sign > 0 else "trailing") + " terms"
    if growth < (0, 0):
        return sympy.Integer(0), method, certificate, ""
    if growth == (0, 0):
        return sympy.nsimplify(ratio) if s_index is None else ratio, method, certificate, ""
    # infinite: the sign of the coefficient ratio, times (-1)**k for x**k as x -> -oo
    s = _sign(cn, ctx, s_index) * _sign(cd, ctx, s_index)
    if s == 0:
        return None, "", certificate, "the sign of a coefficient in exp(1/q) was not decided within 4096 bits"
    if sign < 0 and (xn - xd) % 2:
        s = -s
    return (sympy.oo if s > 0 else -sympy.oo), method, certificate, ""


def _term_text(ctx, poly, t_deg: int, x_deg: int, t_index: int | None, x_index: int | None) -> str:
    """The dominant term of ``poly`` (its terms with these degrees in ``T`` and ``x``) as text."""
    terms = {m: c for m, c in poly.terms() if (_degree(m, t_index), _degree(m, x_index)) == (t_deg, x_deg)}
    return ctx.text(ctx.ring.from_dict(terms))


def _sign(poly, ctx, s_index: int | None) -> int:
    """The sign of a nonzero polynomial in ``S = exp(1/q0)`` (a rational constant when
    ``S`` does not occur): ``S`` is transcendental, so the value is nonzero and an arb
    enclosure decides the sign at some precision; 0 when none of the tried ones did."""
    if s_index is None or poly.is_constant():
        c = poly.leading_coefficient() if not poly.is_zero() else flint.fmpq(0)
        return (c > 0) - (c < 0)
    for bits in _SIGN_BITS:
        old = flint.ctx.prec
        flint.ctx.prec = bits
        try:
            s = flint.arb(1) / ctx.q0
            s = s.exp()
            total = flint.arb(0)
            for m, c in poly.terms():
                total += flint.arb(c) * s ** int(m[s_index])
        finally:
            flint.ctx.prec = old
        if total > 0:
            return 1
        if total < 0:
            return -1
    return 0


def _value_at(
    form, ctx, x, a, t_index, x_index, s_index, certificate, expr_at
) -> tuple[sympy.Expr | None, str, dict, str]:
    """The limit at a rational point ``a`` where the expression is continuous: its value.

    The reduced denominator ``D(T, x)`` at ``x = a`` is a polynomial in ``T`` with rational
    coefficients; for ``a != 0``, ``T = exp(a/q)`` is transcendental (Lindemann), so
    ``D`` vanishes there only when that polynomial is zero; for ``a = 0``, ``T = 1``."""
    if s_index is not None:
        return (
            None,
            "",
            certificate,
            "a constant exponential exp(1/q) occurs: continuity at a point is not decided",
        )
    q = ctx.qs.get(x, 1)
    t = sympy.Dummy("T")

    def at(poly, tvalue: sympy.Expr) -> sympy.Expr:
        return sympy.expand(
            sympy.Add(
                *(
                    sympy.Rational(int(c.p), int(c.q))
                    * tvalue ** _degree(m, t_index)
                    * a ** _degree(m, x_index)
                    for m, c in poly.terms()
                )
            )
        )

    den_poly = at(form.den, t)
    if (a == 0 and den_poly.subs(t, 1) == 0) or den_poly == 0:
        return (
            None,
            "",
            certificate,
            f"the denominator vanishes at {x} = {a}: not continuous there (a 0/0 or a pole)",
        )
    certificate["denominator_at_point"] = sstr(den_poly.subs(t, sympy.exp(a / q)))
    method = f"continuity: the reduced exp-rational form has a nonzero denominator at {x} = {a}" + (
        f" (exp({sstr(a / q)}) is transcendental)" if a != 0 and t_index is not None else ""
    )
    value = at(form.num, sympy.exp(a / q)) / at(form.den, sympy.exp(a / q))
    certificate["value"] = sstr(value)
    shown = value if value.is_Rational or expr_at.has(sympy.nan, sympy.zoo) else expr_at
    return shown, method, certificate, ""


def prove_asymptotic(
    f: str | sympy.Expr, g: str | sympy.Expr, var: str | sympy.Symbol = "x", to: Any = "oo"
) -> Proof:
    """``f ~ g`` as ``var -> to``: proved as ``lim f/g = 1`` (:func:`prove_limit`).

    The :class:`~tanhproof.Proof` has ``relation="~"``, ``lhs=f``,
    ``rhs=g`` and ``parts=(the limit's proof,)``; ``refuted`` when the ratio's exact
    limit is not 1 (the method says what it is).

    Examples
    ========

    >>> str(prove_asymptotic("1 - tanh(x)", "2*exp(-2*x)").verdict)
    'proved'
    >>> str(prove_asymptotic("sigmoid(x)", "exp(x)", to="-oo").verdict)
    'proved'
    >>> p = prove_asymptotic("sech(x)**2", "2*exp(-2*x)")
    >>> str(p.verdict), p.method
    ('refuted', 'limit of the ratio: exp-rational leading terms (T = exp(x) -> oo): exact limit is 2')
    """
    start = time.monotonic()
    x = symbol(var) if isinstance(var, str) else symbol(var.name)
    target = read_target(to)
    (left, _lc), (right, _rc) = _side(f), _side(g)
    ratio = sympy.Mul(left, sympy.Pow(right, -1, evaluate=False), evaluate=False)
    limit = prove_limit(ratio, x, target, value=sympy.Integer(1))
    return Proof(
        left,
        right,
        limit.verdict,
        "limit of the ratio: " + limit.method if limit.verdict is not Verdict.UNDECIDED else METHOD_NONE,
        certificate=limit.certificate,
        reason=limit.reason,
        seconds=time.monotonic() - start,
        relation="~",
        claim=f"{sstr(left)} ~ {sstr(right)} as {_arrow(x, target)}",
        parts=(limit,),
    )
