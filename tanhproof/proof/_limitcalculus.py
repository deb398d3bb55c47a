"""Limits outside the exp-rational class: exact substitutions to ``t -> +oo``, then the limit rules.

:func:`limit_by_rules` is what :func:`tanhproof.proof.prove_limit` falls back on when
the leading-term procedure does not decide a limit (``erf``, ``log``, ``sqrt``, ``abs``,
softplus, the inverse hyperbolic functions, powers of ``x`` mixed with exponentials):
the expression, written through its catalog definitions, is brought to ``t -> +oo``
for a real ``t > 0`` by an exact substitution

* ``x -> oo``: ``x = t``; ``x -> -oo``: ``x = -t``;
* ``x -> a`` (rational): ``x = a + 1/t`` (from the right) and ``x = a - 1/t`` (from the
  left), and the two one-sided limits must agree,

and :class:`~tanhproof.proof._limitrules.Calculus` finds the limit, each rule it applied
recorded as a step of the certificate (``expr``, ``rule``, ``result``: ``~ monomial`` or
``-> limit``), which a checker can re-check rule by rule. Each step also shows that the
subexpression is real on a tail: a ``log`` or a root is taken only of a function shown
eventually positive.

>>> x = sympy.Symbol("x", real=True)
>>> limit, method, cert, reason = limit_by_rules(sympy.erf(x), x, sympy.oo)
>>> limit, method
(1, 'limit rules on the scale t**a*exp(P(t))*log(t)**k (saturation, variable)')
>>> limit_by_rules(sympy.sinh(x) / x, x, sympy.Integer(0))[0]
1
>>> limit_by_rules(sympy.log(x), x, sympy.Integer(0))[3]
'from the left (x = -1/t): log of -1/t, which is eventually negative'
>>> from tanhproof.expr._domain import Condition
>>> limit_by_rules(x, x, -sympy.oo, (Condition("nonnegative", x),))[3]
'the expression is not defined on the tail: x >= 0 fails there (x ~ -t)'
>>> limit_by_rules(x * sympy.log(x), x, sympy.Integer(0), (Condition("positive", x),))[2]["side"]
'+'
"""

from __future__ import annotations

from typing import Any

import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.expr._sstr import sstr
from tanhproof.proof._boxcontext import Undecided
from tanhproof.proof._limitrules import Calculus, Result
from tanhproof.proof._rewriting import prepare
from tanhproof.proof._scale import constant_sign

__all__ = ["METHOD_PREFIX", "limit_by_rules"]

METHOD_PREFIX = "limit rules on the scale t**a*exp(P(t))*log(t)**k"


def _side(g: sympy.Expr, x: sympy.Symbol, t: sympy.Symbol, at: sympy.Expr) -> tuple[Result, Calculus]:
    calc = Calculus(t)
    return calc.run(g.xreplace({x: at})), calc


#: What each kind of domain condition asks on a tail: ``(shift, sign)`` pairs, each
#: ``sign * (expr - shift)`` eventually positive (``nonzero``: a scale monomial, any sign).
_NEEDS = {
    "positive": ((0, 1),),
    "nonnegative": ((0, 1),),
    "at_least_one": ((1, 1),),
    "open_unit": ((1, -1), (-1, 1)),
    "nonzero": ((0, 0),),
}


def _domain(conditions: tuple, x: sympy.Symbol, t: sympy.Symbol, at: sympy.Expr) -> tuple[bool | None, str]:
    """Whether every domain condition of ``f`` holds on the tail ``x = at``, ``t`` large:
    ``(True, "")``; ``(False, why)`` when one fails at every point of the tail; ``(None,
    why)`` when one is not decided. Each side's sign comes from its scale monomial (or an
    infinite limit), so it holds or fails on a whole tail."""
    for c in conditions:
        for shift, sign in _NEEDS.get(c.kind, ()):
            g = c.expr - shift
            try:
                r, _ = _side(prepare(g), x, t, at)
            except (Undecided, TanhproofError) as exc:
                return None, f"the domain condition {c} was not decided on the tail: {exc}"
            if r.mono is not None:
                s = constant_sign(r.mono.c)
            elif r.limit.is_infinite:
                s = 1 if r.limit > 0 else -1
            else:
                return None, f"the domain condition {c} was not decided on the tail ({sstr(g)} -> 0)"
            if sign and s != sign:
                return False, f"{c} fails there ({sstr(g)} ~ {r.mono.text(t) if r.mono else sstr(r.limit)})"
    return True, ""


def limit_by_rules(
    f: sympy.Expr, x: sympy.Symbol, target: sympy.Expr, conditions: tuple = ()
) -> tuple[sympy.Expr | None, str, dict[str, Any], str]:
    """``(limit, method, certificate, reason)`` of ``f`` as ``x -> target``; ``limit`` is
    ``None`` when the rules do not decide it (``reason`` says where they stopped).

    Every domain condition of ``f`` (``conditions``, from the parser) must be shown to hold
    on the tail first: SymPy's evaluation may hide a construct (``exp(log(x))`` is ``x``).
    At a point, a side where one is shown to fail (``log(x)`` left of 0) is left out: the
    limit is the one inside the domain, and the certificate's ``side`` (``"+"`` or ``"-"``)
    and ``outside_the_domain`` say so."""
    t = sympy.Dummy("t", positive=True)
    try:
        g = prepare(f)
    except TanhproofError as exc:
        return None, "", {}, str(exc)
    if target.is_Rational:
        sides = [("+", "from the right", target + 1 / t), ("-", "from the left", target - 1 / t)]
    else:
        sides = [("", "", t if target == sympy.oo else -t)]
    found: list[tuple[Result, Calculus, str]] = []
    outside: dict[str, str] = {}
    for side, label, at in sides:
        shown = f"{x} = {sstr(at)}"
        where = f"{label} ({shown}): " if label else ""
        inside, why = _domain(conditions, x, t, at)
        if inside is False and label:
            outside[side] = _plain(where + why, t)
            continue
        if not inside:
            return (
                None,
                "",
                {},
                _plain(
                    where + ("the expression is not defined on the tail: " if inside is False else "") + why,
                    t,
                ),
            )
        try:
            r, calc = _side(g, x, t, at)
        except Undecided as exc:
            return None, "", {}, _plain(where + str(exc), t)
        except (TanhproofError, RecursionError) as exc:
            return None, "", {}, f"the limit rules stopped: {exc}"
        found.append((r, calc, shown))
    if not found:
        return None, "", {}, "; ".join(outside.values()) + ": the expression is defined on neither side"
    limits = [r.limit for r, _, _ in found]
    if any(v != limits[0] for v in limits[1:]):
        return (
            None,
            "",
            {},
            f"the one-sided limits differ (from the right {sstr(limits[0])}, from the left "
            f"{sstr(limits[1])}): the limit does not exist",
        )
    rules = sorted({rule for _, calc, _ in found for rule in calc.rules})
    certificate: dict[str, Any] = {
        "scale": "t**a*exp(P(t))*log(t)**k, t -> oo",
        "substitutions": [_plain(shown, t) for _, _, shown in found],
        "steps": [
            [{k: _plain(v, t) for k, v in step.items()} for step in calc.steps] for _, calc, _ in found
        ],
    }
    method = f"{METHOD_PREFIX} ({', '.join(rules)})"
    if outside:
        (left_out,) = outside
        certificate["side"] = "-" if left_out == "+" else "+"
        certificate["outside_the_domain"] = outside[left_out]
        method += "; one-sided: the other side is outside the domain"
    return limits[0], method, certificate, ""


def _plain(text: str, t: sympy.Symbol) -> str:
    """Text with the tail variable printed as ``t``."""
    return text.replace(str(t), "t")
