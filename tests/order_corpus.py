"""The order corpus: inequalities, limits, asymptotic equivalences and shape claims.

Shared by ``tests/proof/test_order_corpus.py`` (which decides every entry with the public
API and checks that no verdict is wrong) and ``benchmarks/order_vs_sympy.py``. Data only.

Each :class:`OrderClaim` is one claim about a function of the real variable ``x``,
written in the grammar of :func:`tanhproof.parse`, with the truth value a correct
prover must reach (``expected``) and the ``source`` of that truth value: a DLMF
equation (https://dlmf.nist.gov/: §4.28 hyperbolic definitions, §4.34 derivatives,
§4.35 identities, §4.37 inverse functions, §7 the error function), a textbook bound,
or a short hand proof; a false claim names a counterexample point with the values
there (computed with mpmath; ``witness`` holds the point, as an exact rational).

The four kinds and the fields each uses:

* ``"inequality"``: ``expr`` is the claim as :func:`tanhproof.prove` takes it
  (``"tanh(x) < 1"``, a chain ``"-1 < tanh(x) < 1"``), ``where`` an optional condition
  (``"x >= 0"``).
* ``"limit"``: the limit of ``expr`` as ``x`` tends to ``to`` (``"oo"`` or ``"-oo"``) is
  ``value`` (``"oo"`` for an infinite limit).
* ``"asymptotic"``: ``expr ~ other`` as ``x`` tends to ``to`` (the ratio tends to 1).
* ``"shape"``: ``expr`` is ``shape`` (``"increasing"``, ``"decreasing"``, ``"convex"``,
  ``"concave"``, ``"maximum"``, ``"minimum"``, ``"inflection"``) on ``where`` (the whole
  line without one); ``"maximum"``/``"minimum"``: the unique extremum is ``value``,
  attained at ``x = at``; ``"inflection"``: an inflection point at ``x = at``.
  "increasing" means strictly increasing (a derivative ``>= 0`` vanishing only at
  isolated points is enough: ``tanh(x) - x`` is strictly decreasing).

``exprational`` marks claims inside the exp-rational class of the issue: every
function is one of tanh sinh cosh sech csch coth exp sigmoid of a rational multiple
of ``x``, so that ``T = exp(x/q)`` turns the claim into one about a rational function of
``T`` (decidable by exact real-root isolation); a complete prover decides each of them.
The other claims (``x`` mixed with exponentials, ``erf``, ``sqrt``, ``abs``, ``log`` of
non-exponential arguments, ``asinh``, ``exp(-x**2)``) may honestly stay undecided.

Examples
========

>>> sum(c.expected for c in ORDER_CORPUS) >= 40, sum(not c.expected for c in ORDER_CORPUS) >= 20
(True, True)
>>> outside = [c for c in ORDER_CORPUS if not c.exprational]
>>> 2 * len(outside) >= len(ORDER_CORPUS)
True
>>> by_kind("limit")[0].text
'lim_{x -> oo} 1 - tanh(x)**2 = 0'
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["KINDS", "ORDER_CORPUS", "SHAPES", "OrderClaim", "by_kind"]

#: The kinds of claim and what the fields mean for each.
KINDS: dict[str, str] = {
    "inequality": "expr is the claim (a relation or a chain), where an optional condition",
    "limit": "lim expr as x -> to equals value",
    "asymptotic": "expr ~ other as x -> to (the ratio tends to 1)",
    "shape": "expr is shape on where (or has its maximum/minimum value at x = at, or an inflection at x = at)",
}

#: The shape words a shape claim may use.
SHAPES = ("increasing", "decreasing", "convex", "concave", "maximum", "minimum", "inflection")


@dataclass(frozen=True)
class OrderClaim:
    """One claim of the order corpus and its truth value (see the module docstring)."""

    kind: str
    expr: str
    expected: bool
    exprational: bool
    source: str
    where: str | None = None
    to: str | None = None
    value: str | None = None
    other: str | None = None
    shape: str | None = None
    at: str | None = None
    witness: str | None = None

    @property
    def text(self) -> str:
        """The claim as one line, for test ids and tables."""
        where = f" for {self.where}" if self.where else ""
        if self.kind == "inequality":
            return f"{self.expr}{where}"
        if self.kind == "limit":
            return f"lim_{{x -> {self.to}}} {self.expr} = {self.value}"
        if self.kind == "asymptotic":
            return f"{self.expr} ~ {self.other} as x -> {self.to}"
        if self.shape in ("maximum", "minimum"):
            return f"{self.expr} has {self.shape} {self.value} at x = {self.at}{where}"
        if self.shape == "inflection":
            return f"{self.expr} has an inflection at x = {self.at}{where}"
        return f"{self.expr} is {self.shape}{where}"


def _ineq(
    expr: str, expected: bool, er: bool, source: str, where: str | None = None, witness: str | None = None
) -> OrderClaim:
    return OrderClaim("inequality", expr, expected, er, source, where=where, witness=witness)


def _lim(expr: str, to: str, value: str, expected: bool, er: bool, source: str) -> OrderClaim:
    return OrderClaim("limit", expr, expected, er, source, to=to, value=value)


def _asy(f: str, g: str, to: str, expected: bool, er: bool, source: str) -> OrderClaim:
    return OrderClaim("asymptotic", f, expected, er, source, to=to, other=g)


def _shape(
    expr: str,
    shape: str,
    expected: bool,
    er: bool,
    source: str,
    where: str | None = None,
    at: str | None = None,
    value: str | None = None,
    witness: str | None = None,
) -> OrderClaim:
    return OrderClaim(
        "shape", expr, expected, er, source, where=where, shape=shape, at=at, value=value, witness=witness
    )


T, F = True, False
ER, OUT = True, False

#: Every claim of the corpus, true and false, in and outside the exp-rational class.
ORDER_CORPUS: tuple[OrderClaim, ...] = (
    # ================================================================ inequalities
    # --- exp-rational, true -----------------------------------------------------------
    _ineq("tanh(x) < 1", T, ER, "DLMF 4.28.4: tanh x = (e^2x - 1)/(e^2x + 1) < 1 as e^2x + 1 > e^2x - 1"),
    _ineq("-1 < tanh(x) < 1", T, ER, "DLMF 4.28.4: |e^2x - 1| < e^2x + 1 since e^2x > 0"),
    _ineq("0 < sigmoid(x) < 1", T, ER, "sigmoid(x) = 1/(1 + e^-x) with 1 + e^-x > 1"),
    _ineq("sech(x)**2 <= 1", T, ER, "DLMF 4.35.12: sech^2 = 1 - tanh^2 <= 1, equality only at x = 0"),
    _ineq("0 < sech(x) <= 1", T, ER, "DLMF 4.28.6 with cosh x >= 1 (AM-GM on DLMF 4.28.2)"),
    _ineq("cosh(x) >= 1", T, ER, "DLMF 4.28.2 and AM-GM: (e^x + e^-x)/2 >= 1, equality only at x = 0"),
    _ineq("sinh(x) < cosh(x)", T, ER, "DLMF 4.28.3: cosh x - sinh x = e^-x > 0"),
    _ineq("tanh(x) > 0", T, ER, "DLMF 4.28.4: e^2x > 1 for x > 0", where="x > 0"),
    _ineq("coth(x) > 1", T, ER, "DLMF 4.28.7: coth = 1/tanh and 0 < tanh x < 1 for x > 0", where="x > 0"),
    _ineq("1 - tanh(x)**2 > 0", T, ER, "DLMF 4.35.12: 1 - tanh^2 = sech^2 > 0"),
    _ineq("sigmoid(x) > 1/2", T, ER, "1/(1 + e^-x) > 1/2 iff e^-x < 1 iff x > 0", where="x > 0"),
    _ineq(
        "sigmoid(x)*(1 - sigmoid(x)) <= 1/4",
        T,
        ER,
        "AM-GM: s(1 - s) <= ((s + 1 - s)/2)^2 = 1/4, equality iff s = 1/2 iff x = 0",
    ),
    _ineq(
        "tanh(2*x) <= 2*tanh(x)",
        T,
        ER,
        "DLMF 4.35.27: tanh 2x = 2 tanh x/(1 + tanh^2 x) and tanh x >= 0 for x >= 0; equality only at 0",
        where="x >= 0",
    ),
    _ineq(
        "tanh(x) < sinh(x)",
        T,
        ER,
        "sinh x - tanh x = sinh x (1 - sech x) > 0 for x > 0 (DLMF 4.28)",
        where="x > 0",
    ),
    _ineq(
        "tanh(x) < sigmoid(2*x)",
        T,
        ER,
        "tanh x = 2 sigmoid(2x) - 1 (DLMF 4.28.4), so the claim is sigmoid(2x) < 1",
    ),
    _ineq(
        "cosh(x)**2 - sinh(x)**2 >= 1",
        T,
        ER,
        "DLMF 4.35.11: the left side is 1 everywhere (equality everywhere)",
    ),
    _ineq(
        "sech(x)**2 <= sech(x)", T, ER, "0 < sech x <= 1 (DLMF 4.28.6, cosh x >= 1), equality only at x = 0"
    ),
    _ineq(
        "tanh(x/2) < tanh(x)",
        T,
        ER,
        "tanh is strictly increasing (DLMF 4.34: tanh' = sech^2 > 0)",
        where="x > 0",
    ),
    _ineq("0 < sech(x)**2 <= 1", T, ER, "DLMF 4.35.12 with sech > 0"),
    # --- exp-rational, false -----------------------------------------------------------
    _ineq("tanh(x) < 1/2", F, ER, "false at x = 1: tanh(1) = 0.7616 > 1/2", witness="1"),
    _ineq(
        "sech(x)**2 < 1",
        F,
        ER,
        "false at x = 0: sech(0)^2 = 1 exactly (DLMF 4.28.6); the non-strict claim is true",
        witness="0",
    ),
    _ineq("cosh(x) >= 2", F, ER, "false at x = 0: cosh(0) = 1 < 2 (DLMF 4.28.2)", witness="0"),
    _ineq("sigmoid(x) > 1/2", F, ER, "false at x = -1: sigmoid(-1) = 0.2689 < 1/2", witness="-1"),
    _ineq(
        "tanh(x) > 0", F, ER, "false at x = -1/2: tanh(-1/2) = -0.4621 < 0", where="x > -1", witness="-1/2"
    ),
    _ineq(
        "sinh(x) < cosh(x) - 1", F, ER, "false at x = 1: sinh(1) = 1.1752 > cosh(1) - 1 = 0.5431", witness="1"
    ),
    _ineq(
        "tanh(2*x) >= 2*tanh(x)",
        F,
        ER,
        "false at x = 1: tanh(2) = 0.9640 < 2 tanh(1) = 1.5232",
        where="x >= 0",
        witness="1",
    ),
    _ineq("-1 < tanh(x) < 1/2", F, ER, "false at x = 1: tanh(1) = 0.7616 > 1/2 (second link)", witness="1"),
    _ineq("coth(x) < 1", F, ER, "false at x = 1: coth(1) = 1.3130 > 1", where="x > 0", witness="1"),
    _ineq(
        "sigmoid(x)*(1 - sigmoid(x)) <= 1/5",
        F,
        ER,
        "false at x = 0: sigmoid(0)(1 - sigmoid(0)) = 1/4 > 1/5",
        witness="0",
    ),
    # --- outside the class, true --------------------------------------------------------
    _ineq(
        "tanh(x) <= x",
        T,
        OUT,
        "tanh(0) = 0 and tanh' = sech^2 <= 1 (DLMF 4.34, 4.35.12): mean value theorem; equality only at 0",
        where="x >= 0",
    ),
    _ineq("abs(tanh(x)) <= abs(x)", T, OUT, "tanh(x) <= x for x >= 0 (above) and tanh is odd (DLMF 4.35.25)"),
    _ineq("log(1 + exp(x)) > x", T, OUT, "log(1 + e^x) - x = log(1 + e^-x) > 0"),
    _ineq("softplus(x) > 0", T, OUT, "log(1 + e^x) > log 1 = 0"),
    _ineq(
        "softplus(x) <= (x + abs(x))/2 + log(2)",
        T,
        OUT,
        "x >= 0: log(1 + e^x) = x + log(1 + e^-x) <= x + log 2; x < 0: log(1 + e^x) < log 2; equality at 0",
    ),
    _ineq(
        "x*sigmoid(x) > -3/10",
        T,
        OUT,
        "SiLU minimum -0.278465 at x = -1.278465 (the root of 1 + x(1 - sigmoid(x)) = 0); > -0.3",
    ),
    _ineq(
        "erf(x) < 1",
        T,
        OUT,
        "DLMF 7.2.1: erf(x) = 1 - erfc(x) and erfc(x) > 0 (integral of a positive function)",
    ),
    _ineq("-1 < erf(x) < 1", T, OUT, "DLMF 7.2.1 and 7.4.1 (erf is odd), erfc > 0"),
    _ineq(
        "erf(x) <= 2*x/sqrt(pi)",
        T,
        OUT,
        "DLMF 7.2.1: erf x = (2/sqrt(pi)) int_0^x e^-t^2 dt <= 2x/sqrt(pi) for x >= 0; equality only at 0",
        where="x >= 0",
    ),
    _ineq("sqrt(1 + x**2) >= 1", T, OUT, "1 + x^2 >= 1, equality only at x = 0"),
    _ineq("sqrt(x**2 + 1) > abs(x)", T, OUT, "x^2 + 1 > x^2 = |x|^2"),
    _ineq(
        "tanh(x) >= x - x**3/3",
        T,
        OUT,
        "g = tanh x - x + x^3/3 has g(0) = 0, g' = x^2 - tanh^2 x >= 0 (|tanh x| <= |x|); equality only at 0",
        where="x >= 0",
    ),
    _ineq("x*tanh(x) >= 0", T, OUT, "x and tanh x have the same sign (DLMF 4.28.4); equality only at 0"),
    _ineq(
        "log(cosh(x)) <= x**2/2",
        T,
        OUT,
        "log cosh x = int_0^|x| tanh t dt <= int_0^|x| t dt = x^2/2 (tanh t <= t); equality only at 0",
    ),
    _ineq("log(cosh(x)) > abs(x) - log(2)", T, OUT, "DLMF 4.28.2: cosh x = (e^|x| + e^-|x|)/2 > e^|x|/2"),
    _ineq("exp(x) >= 1 + x", T, OUT, "convexity of exp: tangent line at 0 (DLMF 4.5.13); equality only at 0"),
    _ineq(
        "x*erf(x) >= 0", T, OUT, "erf is odd and positive for x > 0 (DLMF 7.2.1, 7.4.1); equality only at 0"
    ),
    _ineq(
        "x*(1 + erf(x/sqrt(2)))/2 > -17/100",
        T,
        OUT,
        "GELU minimum -0.1699712 at x = -0.7517915 (root of the derivative, DLMF 7.2.1, 7.10.1); > -0.17",
    ),
    _ineq(
        "sigmoid(x) <= 1/2 + x/4",
        T,
        OUT,
        "sigmoid is concave on x >= 0 (sigmoid'' = s(1 - s)(1 - 2s) <= 0) and 1/2 + x/4 is its tangent at 0",
        where="x >= 0",
    ),
    _ineq("abs(x)*sech(x) < 1", T, OUT, "max of x sech x is 0.662743 at x = 1.199679 (x tanh x = 1)"),
    _ineq(
        "asinh(x) <= x",
        T,
        OUT,
        "DLMF 4.37.16: asinh(0) = 0, asinh' = 1/sqrt(1 + x^2) <= 1; equality only at 0",
        where="x >= 0",
    ),
    _ineq(
        "tanh(x) <= erf(x)",
        T,
        OUT,
        "equality at 0; erf' = 1.128 > tanh' = 1 near 0; tails: 1 - erf x < e^-x^2 <= 2/(e^2x + 1) = 1 - tanh x"
        " for x >= 1 (DLMF 7.8.3), and erf > tanh on (0, 1] by the Maclaurin series (DLMF 7.6.1, 4.33.3)",
        where="x >= 0",
    ),
    # --- outside the class, false --------------------------------------------------------
    _ineq("tanh(x) >= x", F, OUT, "false at x = 1: tanh(1) = 0.7616 < 1", where="x >= 0", witness="1"),
    _ineq("tanh(x) <= x", F, OUT, "false at x = -1: tanh(-1) = -0.7616 > -1 (tanh is odd)", witness="-1"),
    _ineq(
        "erf(x) <= tanh(x)",
        F,
        OUT,
        "false at x = 1: erf(1) = 0.8427 > tanh(1) = 0.7616 (DLMF 7.2.1)",
        where="x >= 0",
        witness="1",
    ),
    _ineq(
        "x*sigmoid(x) > -1/4",
        F,
        OUT,
        "false at x = -32/25: (-1.28) sigmoid(-1.28) = -0.278464 < -1/4",
        witness="-32/25",
    ),
    _ineq("log(1 + exp(x)) > x + 1/2", F, OUT, "false at x = 1: log(1 + e) = 1.3133 < 1.5", witness="1"),
    _ineq(
        "exp(x) >= 1 + x + x**2/2", F, OUT, "false at x = -1: e^-1 = 0.3679 < 1 - 1 + 1/2 = 0.5", witness="-1"
    ),
    _ineq("x*sech(x) < 1/2", F, OUT, "false at x = 1: sech(1) = 0.6481 > 1/2", witness="1"),
    _ineq(
        "x*(1 + erf(x/sqrt(2)))/2 >= -1/6",
        F,
        OUT,
        "false at x = -3/4: GELU(-0.75) = -0.169971 < -1/6 = -0.166667",
        witness="-3/4",
    ),
    _ineq("sqrt(x**2 + 1) <= abs(x) + 1/2", F, OUT, "false at x = 0: 1 > 1/2", witness="0"),
    _ineq(
        "log(cosh(x)) >= x**2/2",
        F,
        OUT,
        "false at x = 1: log(cosh(1)) = 0.4338 < 1/2",
        where="x >= 0",
        witness="1",
    ),
    _ineq(
        "asinh(x) >= x",
        F,
        OUT,
        "false at x = 1: asinh(1) = 0.8814 < 1 (DLMF 4.37.16)",
        where="x >= 0",
        witness="1",
    ),
    # --- near misses and tails (stress the certification of both verdicts) ---------------
    _ineq(
        "tanh(x) < 1 - 1/10**20",
        F,
        ER,
        "false at x = 30: 1 - tanh(30) = 2/(e^60 + 1) = 1.75e-26 < 1e-20 (DLMF 4.28.4)",
        witness="30",
    ),
    _ineq(
        "sigmoid(x) < 1 - 1/10**20",
        F,
        ER,
        "false at x = 50: 1 - sigmoid(50) = 1/(1 + e^50) = 1.93e-22 < 1e-20",
        witness="50",
    ),
    _ineq(
        "x*sigmoid(x) > -278465/1000000",
        T,
        OUT,
        "SiLU minimum -0.2784645428 (at x = -1.2784645428, root of 1 + x(1 - sigmoid(x))) > -0.278465",
    ),
    _ineq(
        "x*sigmoid(x) > -278464/1000000",
        F,
        OUT,
        "false at x = -127846/100000: SiLU = -0.2784645428 < -0.278464 (by 5.4e-7)",
        witness="-127846/100000",
    ),
    _ineq(
        "exp(x) > x**10",
        F,
        OUT,
        "false at x = 10: e^10 = 22026.5 < 10^10 (true again for large x)",
        witness="10",
    ),
    _ineq(
        "exp(x) > x**3",
        T,
        OUT,
        "e^5 = 148.4 > 125, and (e^x/x^3)' = e^x (x - 3)/x^4 > 0 for x > 3 (last crossing at 4.5364)",
        where="x >= 5",
    ),
    # ================================================================ limits
    _lim("1 - tanh(x)**2", "oo", "0", T, ER, "DLMF 4.35.12: 1 - tanh^2 = sech^2 = 4/(e^x + e^-x)^2 -> 0"),
    _lim("tanh(x)", "oo", "1", T, ER, "DLMF 4.28.4: (1 - e^-2x)/(1 + e^-2x) -> 1"),
    _lim("tanh(x)", "-oo", "-1", T, ER, "DLMF 4.28.4: (e^2x - 1)/(e^2x + 1) -> -1"),
    _lim("sigmoid(x)", "-oo", "0", T, ER, "1/(1 + e^-x) with e^-x -> oo"),
    _lim("sech(x)**2", "-oo", "0", T, ER, "DLMF 4.28.6: sech x = 2/(e^x + e^-x) -> 0"),
    _lim("cosh(x)/exp(x)", "oo", "1/2", T, ER, "DLMF 4.28.2: (1 + e^-2x)/2 -> 1/2"),
    _lim("coth(x)", "oo", "1", T, ER, "DLMF 4.28.7: (1 + e^-2x)/(1 - e^-2x) -> 1"),
    _lim("sinh(x)", "oo", "oo", T, ER, "DLMF 4.28.1: (e^x - e^-x)/2 -> oo"),
    _lim(
        "(1 - tanh(x))*exp(2*x)", "oo", "2", T, ER, "1 - tanh x = 2/(e^2x + 1) (DLMF 4.28.4), times e^2x -> 2"
    ),
    _lim(
        "sigmoid(x)*(1 - sigmoid(x))*exp(x)", "oo", "1", T, ER, "s(1 - s) = e^-x/(1 + e^-x)^2, times e^x -> 1"
    ),
    _lim("tanh(x)", "-oo", "1", F, ER, "the limit is -1 (DLMF 4.28.4), not 1"),
    _lim("sech(x)**2*exp(2*x)", "oo", "1", F, ER, "sech^2 e^2x = 4/(1 + e^-2x)^2 -> 4 (DLMF 4.28.6), not 1"),
    _lim("sigmoid(x)", "oo", "1/2", F, ER, "the limit is 1, not 1/2"),
    _lim("cosh(x)", "-oo", "0", F, ER, "cosh x >= e^-x/2 -> oo (DLMF 4.28.2), not 0"),
    _lim("erf(x)", "oo", "1", T, OUT, "DLMF 7.2.1 and 7.12.1: erfc x -> 0"),
    _lim("x*sigmoid(x)", "-oo", "0", T, OUT, "|x sigmoid(x)| <= |x| e^x -> 0"),
    _lim("log(1 + exp(x)) - x", "oo", "0", T, OUT, "log(1 + e^x) - x = log(1 + e^-x) -> 0"),
    _lim("tanh(x)/x", "oo", "0", T, OUT, "|tanh x| < 1 and 1/x -> 0"),
    _lim("x*(1 - tanh(x))", "oo", "0", T, OUT, "1 - tanh x = 2/(e^2x + 1) < 2 e^-2x and x e^-2x -> 0"),
    _lim("sqrt(x**2 + 1) - x", "oo", "0", T, OUT, "= 1/(sqrt(x^2 + 1) + x) -> 0"),
    _lim("x*sech(x)", "oo", "0", T, OUT, "x sech x < 2 x e^-x -> 0"),
    _lim("log(cosh(x)) - x", "oo", "-log(2)", T, OUT, "log cosh x - x = log((1 + e^-2x)/2) -> -log 2"),
    _lim(
        "x*(1 + erf(x/sqrt(2)))/2",
        "-oo",
        "0",
        T,
        OUT,
        "1 + erf(-t) = erfc t < e^-t^2 (DLMF 7.8.3), times x -> 0",
    ),
    _lim("erf(x)", "-oo", "0", F, OUT, "the limit is -1 (DLMF 7.4.1, 7.12.1), not 0"),
    _lim("log(1 + exp(x)) - x", "oo", "log(2)", F, OUT, "the limit is 0 (log(1 + e^-x) -> 0), not log 2"),
    _lim("sqrt(x**2 + 1) - abs(x)", "-oo", "1", F, OUT, "= 1/(sqrt(x^2 + 1) + |x|) -> 0, not 1"),
    _lim("x*sigmoid(x)", "oo", "1", F, OUT, "x sigmoid(x) >= x/2 for x > 0 -> oo, not 1"),
    # ================================================================ asymptotic equivalences
    _asy("sech(x)**2", "4*exp(-2*x)", "oo", T, ER, "DLMF 4.28.6: sech^2 x e^2x/4 = 1/(1 + e^-2x)^2 -> 1"),
    _asy("1 - tanh(x)", "2*exp(-2*x)", "oo", T, ER, "1 - tanh x = 2/(e^2x + 1) (DLMF 4.28.4)"),
    _asy("sigmoid(x)", "exp(x)", "-oo", T, ER, "sigmoid(x)/e^x = 1/(1 + e^x) -> 1"),
    _asy("sinh(x)", "exp(x)/2", "oo", T, ER, "DLMF 4.28.1: 2 sinh x/e^x = 1 - e^-2x -> 1"),
    _asy("cosh(x)", "exp(-x)/2", "-oo", T, ER, "DLMF 4.28.2: 2 cosh x/e^-x = 1 + e^2x -> 1"),
    _asy("sech(x)**2", "2*exp(-2*x)", "oo", F, ER, "the ratio tends to 2 (DLMF 4.28.6), not 1"),
    _asy("sinh(x)", "exp(x)", "oo", F, ER, "the ratio tends to 1/2 (DLMF 4.28.1), not 1"),
    _asy("1 - tanh(x)", "exp(-x)", "oo", F, ER, "the ratio 2 e^-x/(1 + e^-2x) tends to 0, not 1"),
    _asy("log(1 + exp(x))", "x", "oo", T, OUT, "log(1 + e^x)/x = 1 + log(1 + e^-x)/x -> 1"),
    _asy("sqrt(x**2 + 1)", "x", "oo", T, OUT, "sqrt(1 + 1/x^2) -> 1 for x > 0"),
    _asy("1 - erf(x)", "exp(-x**2)/(x*sqrt(pi))", "oo", T, OUT, "DLMF 7.12.1: erfc z ~ e^-z^2/(z sqrt(pi))"),
    _asy(
        "asinh(x)",
        "log(2*x)",
        "oo",
        T,
        OUT,
        "DLMF 4.37.16: asinh x = log(x + sqrt(x^2 + 1)) = log 2x + O(1/x^2)",
    ),
    _asy("x*sigmoid(x)", "x", "oo", T, OUT, "the ratio is sigmoid(x) -> 1"),
    _asy("softplus(x)", "exp(x)", "-oo", T, OUT, "log(1 + u)/u -> 1 as u = e^x -> 0"),
    _asy("log(1 + exp(x))", "exp(x)", "oo", F, OUT, "the ratio is about x e^-x -> 0, not 1"),
    _asy("1 - erf(x)", "exp(-x**2)", "oo", F, OUT, "the ratio tends to 0 like 1/(x sqrt(pi)) (DLMF 7.12.1)"),
    _asy("sqrt(x**2 + 1)", "x", "-oo", F, OUT, "the ratio sqrt(x^2 + 1)/x tends to -1 as x -> -oo"),
    # ================================================================ shape
    # --- exp-rational, true -----------------------------------------------------------
    _shape("tanh(x)", "increasing", T, ER, "DLMF 4.34.3 and 4.35.12: tanh' = sech^2 > 0"),
    _shape("tanh(x)", "convex", T, ER, "tanh'' = -2 tanh sech^2 >= 0 for x <= 0 (DLMF 4.34)", where="x <= 0"),
    _shape(
        "tanh(x)", "concave", T, ER, "tanh'' = -2 tanh sech^2 <= 0 for x >= 0 (DLMF 4.34)", where="x >= 0"
    ),
    _shape("tanh(x)", "inflection", T, ER, "tanh'' = -2 tanh sech^2 changes sign at 0 only", at="0"),
    _shape(
        "sech(x)**2",
        "maximum",
        T,
        ER,
        "sech^2 = 1 - tanh^2 <= 1 with equality only at 0 (DLMF 4.35.12)",
        at="0",
        value="1",
    ),
    _shape("sigmoid(x)", "increasing", T, ER, "sigmoid' = s(1 - s) > 0"),
    _shape("sigmoid(x)", "concave", T, ER, "sigmoid'' = s(1 - s)(1 - 2s) <= 0 when s >= 1/2", where="x >= 0"),
    _shape("sech(x)**2", "increasing", T, ER, "(sech^2)' = -2 tanh sech^2 > 0 for x < 0", where="x <= 0"),
    _shape("sech(x)**2", "decreasing", T, ER, "(sech^2)' = -2 tanh sech^2 < 0 for x > 0", where="x >= 0"),
    _shape("cosh(x)", "convex", T, ER, "cosh'' = cosh > 0 (DLMF 4.34.2)"),
    _shape(
        "cosh(x)",
        "minimum",
        T,
        ER,
        "cosh x >= 1, equality only at 0 (AM-GM on DLMF 4.28.2)",
        at="0",
        value="1",
    ),
    _shape(
        "sigmoid(x)*(1 - sigmoid(x))",
        "maximum",
        T,
        ER,
        "AM-GM: s(1 - s) <= 1/4 with equality iff s = 1/2 iff x = 0",
        at="0",
        value="1/4",
    ),
    # --- exp-rational, false -----------------------------------------------------------
    _shape(
        "tanh(x)",
        "convex",
        F,
        ER,
        "false at x = 1: tanh''(1) = -2 tanh(1) sech(1)^2 = -0.6397 < 0",
        witness="1",
    ),
    _shape("tanh(x)", "decreasing", F, ER, "false: tanh(0) = 0 < tanh(1) = 0.7616", witness="1"),
    _shape(
        "sech(x)**2",
        "maximum",
        F,
        ER,
        "false: sech(1)^2 = 0.4200, and sech(0)^2 = 1 is larger",
        at="1",
        value="1",
        witness="0",
    ),
    _shape("sech(x)**2", "maximum", F, ER, "false: the maximum is sech(0)^2 = 1, not 2", at="0", value="2"),
    _shape(
        "cosh(x)", "concave", F, ER, "false at x = 0: cosh''(0) = cosh(0) = 1 > 0 (DLMF 4.34.2)", witness="0"
    ),
    _shape(
        "sigmoid(x)",
        "inflection",
        F,
        ER,
        "false: sigmoid''(1) = s(1 - s)(1 - 2s) = -0.09086 != 0 at s = sigmoid(1)",
        at="1",
    ),
    # --- outside the class, true --------------------------------------------------------
    _shape("erf(x)", "increasing", T, OUT, "DLMF 7.10.1: erf' = (2/sqrt(pi)) e^-x^2 > 0"),
    _shape(
        "erf(x)",
        "concave",
        T,
        OUT,
        "erf'' = -(4x/sqrt(pi)) e^-x^2 <= 0 for x >= 0 (DLMF 7.10.1)",
        where="x >= 0",
    ),
    _shape("erf(x)", "inflection", T, OUT, "erf'' = -(4x/sqrt(pi)) e^-x^2 changes sign at 0 only", at="0"),
    _shape(
        "x*sigmoid(x)",
        "convex",
        T,
        OUT,
        "SiLU'' = s(1 - s)(2 - x tanh(x/2)) and x tanh(x/2) <= 2 tanh 1 = 1.523 < 2 for |x| <= 2",
        where="-2 <= x <= 2",
    ),
    _shape("x*sigmoid(x)", "increasing", T, OUT, "SiLU' = s(1 + x(1 - s)) > 0 for x >= 0", where="x >= 0"),
    _shape(
        "x*sigmoid(x)",
        "decreasing",
        T,
        OUT,
        "SiLU' = s(1 + x(1 - s)); for x <= -2: x(1 - s) <= -2(1 - s(-2)) = -1.762 < -1",
        where="x <= -2",
    ),
    _shape("log(1 + exp(x))", "convex", T, OUT, "(log(1 + e^x))' = sigmoid(x), which is increasing"),
    _shape("softplus(x)", "increasing", T, OUT, "softplus' = sigmoid > 0"),
    _shape("exp(-x**2)", "maximum", T, OUT, "e^-x^2 <= 1 with equality only at x = 0", at="0", value="1"),
    _shape("sqrt(x**2 + 1)", "convex", T, OUT, "(sqrt(x^2 + 1))'' = (x^2 + 1)^(-3/2) > 0"),
    _shape(
        "x*tanh(x)",
        "minimum",
        T,
        OUT,
        "x tanh x >= 0 with equality only at 0 (DLMF 4.28.4)",
        at="0",
        value="0",
    ),
    _shape(
        "tanh(x) - x",
        "decreasing",
        T,
        OUT,
        "(tanh x - x)' = -tanh^2 x <= 0, zero only at x = 0 (DLMF 4.35.12)",
    ),
    _shape("log(cosh(x))", "convex", T, OUT, "(log cosh x)'' = sech^2 x > 0 (DLMF 4.34)"),
    # --- outside the class, false --------------------------------------------------------
    _shape(
        "x*sigmoid(x)",
        "convex",
        F,
        OUT,
        "false at x = 3: SiLU''(3) = s(1 - s)(2 - 3 tanh(3/2)) = -0.03232 < 0",
        witness="3",
    ),
    _shape(
        "x*tanh(x)",
        "convex",
        F,
        OUT,
        "false at x = 2: (x tanh x)'' = 2 sech^2 x (1 - x tanh x) = -0.1311 at 2",
        witness="2",
    ),
    _shape(
        "erf(x)",
        "concave",
        F,
        OUT,
        "false at x = -1: erf''(-1) = (4/sqrt(pi)) e^-1 = 0.8302 > 0",
        witness="-1",
    ),
    _shape(
        "asinh(x)",
        "convex",
        F,
        OUT,
        "false at x = 1: asinh''(1) = -1/2^(3/2) = -0.3536 < 0",
        where="x >= 0",
        witness="1",
    ),
    _shape(
        "exp(-x**2)",
        "maximum",
        F,
        OUT,
        "false: e^-1 = 0.3679 at x = 1, and the maximum is 1 at 0",
        at="1",
        value="1",
    ),
    # Limits and asymptotics outside the exp-rational class (issue 12): the limit rules on the
    # scale t**a*exp(P(t))*log(t)**k (tanhproof/proof/_limitrules.py); hand proofs also in
    # tests/proof/test_limitrules.py.
    _lim(
        "x**3*exp(-sqrt(x))",
        "oo",
        "0",
        T,
        OUT,
        "DLMF 4.4.3 (exp dominates powers) with u = sqrt(x): u^6 e^-u -> 0",
    ),
    _lim("x*(sqrt(x**2 + 1) - x)", "oo", "1/2", T, OUT, "conjugate: x/(sqrt(x^2+1)+x) -> 1/2"),
    _lim(
        "asinh(x) - log(x)",
        "oo",
        "log(2)",
        T,
        OUT,
        "DLMF 4.37.17: asinh x = log(x + sqrt(x^2+1)) = log(2x) + o(1)",
    ),
    _lim("x*log(1 + 1/x)", "oo", "1", T, OUT, "DLMF 4.6.1: log(1+u) = u - u^2/2 + ..., u = 1/x"),
    _lim("x*(exp(1/x) - 1)", "oo", "1", T, OUT, "DLMF 4.2.19: e^u = 1 + u + ..., u = 1/x"),
    _lim("tanh(sqrt(x))", "oo", "1", T, OUT, "DLMF 4.28.4 with sqrt(x) -> oo"),
    _lim("erf(log(x))", "oo", "1", T, OUT, "DLMF 7.2.1, erf(u) -> 1 as u -> oo (7.12.1), u = log x -> oo"),
    _lim("softplus(x)*exp(-x)", "-oo", "1", T, OUT, "log(1+u)/u -> 1 as u = e^x -> 0 (DLMF 4.6.1)"),
    _lim("erf(x)**x", "oo", "1", T, OUT, "x log erf(x) ~ -x erfc(x) -> 0 (DLMF 7.12.1)"),
    _lim("abs(x - 2*x**2)/x**2", "oo", "2", T, OUT, "|x - 2x^2| = 2x^2 - x for x >= 1/2"),
    _lim("x*(sqrt(x**2 + 1) - x)", "oo", "1", F, OUT, "false: the limit is 1/2 (conjugate)"),
    _lim("sqrt(x + sqrt(x)) - sqrt(x)", "oo", "0", F, OUT, "false: the limit is 1/2 (conjugate)"),
    _lim("(1 + 1/x)**x", "oo", "3", F, OUT, "false: the limit is e (DLMF 4.4.13)"),
    _lim("tanh(sqrt(x))", "oo", "oo", F, OUT, "false: |tanh| < 1 (DLMF 4.28.4)"),
    _lim("erf(log(x))", "oo", "0", F, OUT, "false: the limit is 1 (DLMF 7.12.1)"),
    _lim("x*log(1 + 1/x)", "oo", "2", F, OUT, "false: the limit is 1 (DLMF 4.6.1)"),
    _asy("log(1 + x**2)", "2*log(x)", "oo", T, OUT, "log(1+x^2) = 2 log x + log(1 + x^-2)"),
    _asy(
        "asinh(x)",
        "-log(-2*x)",
        "-oo",
        T,
        OUT,
        "asinh odd, DLMF 4.37.17: asinh(x) = -log(-2x) + o(1) as x -> -oo",
    ),
    _asy("erf(x) - 1", "-exp(-x**2)/(sqrt(pi)*x)", "oo", T, OUT, "DLMF 7.12.1"),
    _asy("sqrt(x**2 + x)", "x + 1/2", "oo", T, OUT, "sqrt(x^2+x) = x + 1/2 - 1/(8x) + ..."),
    _asy("log(1 + x**2)", "log(x)", "oo", F, OUT, "false: the ratio tends to 2"),
    _asy(
        "asinh(x)",
        "log(-2*x)",
        "-oo",
        F,
        OUT,
        "false: asinh(x) < 0 < log(-2x) for x < -1, the ratio tends to -1",
    ),
    _asy("x**x", "exp(x)", "oo", F, OUT, "false: x^x/e^x = exp(x(log x - 1)) -> oo"),
    # Outside-class inequalities with open domain ends (x -> 0+ as a tail, proof/_openends.py)
    # and abs by cases (proof/_cases.py), issue 12.
    _ineq(
        "log(x) <= x - 1",
        T,
        OUT,
        "DLMF 4.5.2 with 1 + u replaced by x: log x <= x - 1 for x > 0, equality only at 1",
        where="x > 0",
    ),
    _ineq("log(x) < x - 1", F, OUT, "false at x = 1: log 1 = 0 = 1 - 1", where="x > 0", witness="1"),
    _ineq("log(x) < x", T, OUT, "log x <= x - 1 < x (DLMF 4.5.2)", where="x > 0"),
    _ineq("log(1 + x) <= x", T, OUT, "DLMF 4.5.2", where="x > -1"),
    _ineq(
        "x*log(x) >= x - 1",
        T,
        OUT,
        "hand proof: g = x log x - x + 1 has g' = log x, so its minimum on x > 0 is g(1) = 0",
        where="x > 0",
    ),
    _ineq(
        "x*log(x) > -2/3",
        T,
        OUT,
        "hand proof: (x log x)' = log x + 1, minimum -1/e = -0.3679 at 1/e",
        where="x > 0",
    ),
    _ineq(
        "x*log(x) >= -1/3",
        F,
        OUT,
        "false at x = 1/2: (1/2) log(1/2) = -0.3466 < -1/3",
        where="x > 0",
        witness="1/2",
    ),
    _ineq(
        "sqrt(x) <= (1 + x)/2",
        T,
        OUT,
        "AM-GM: (1 + x)/2 - sqrt(x) = (1 - sqrt(x))^2/2 >= 0, equality at 1",
        where="x > 0",
    ),
    _ineq(
        "sqrt(x) <= (1 + x)/2",
        T,
        OUT,
        "AM-GM: (1 + x)/2 - sqrt(x) = (1 - sqrt(x))^2/2 >= 0, equality at 1",
        where="x >= 0",
    ),
    _ineq(
        "sqrt(x) < (1 + x)/2", F, OUT, "false at x = 1: sqrt(1) = 1 = (1 + 1)/2", where="x > 0", witness="1"
    ),
    _ineq("1/x > 0", T, OUT, "the quotient of positive numbers is positive", where="x > 0"),
    _ineq(
        "sqrt(x) >= x",
        T,
        OUT,
        "x = sqrt(x) sqrt(x) <= sqrt(x) when sqrt(x) <= 1; equality at 0 and 1",
        where="0 <= x <= 1",
    ),
    _ineq("sqrt(x) > x", F, OUT, "false at x = 0: sqrt(0) = 0", where="0 <= x <= 1", witness="0"),
    _ineq("abs(tanh(x)) < abs(x)", F, OUT, "false at x = 0: both sides are 0", witness="0"),
    _ineq(
        "abs(sinh(x - 1/3)) >= abs(x - 1/3)",
        T,
        OUT,
        "sinh u - u has derivative cosh u - 1 >= 0 and sinh is odd, u = x - 1/3",
    ),
    _ineq(
        "log(cosh(x)) > abs(x) - 69/100",
        F,
        OUT,
        "false at x = 8: log((1 + e^-16)/2) + 0.69 = -0.0031",
        witness="8",
    ),
    # Strict claims false only where both sides touch at an irrational point x = q*log(r)
    # (refuted at that exact point, proof/_touching.py), and two true companions. Issue 12.
    _ineq("(exp(x) - 3)**2 > 0", F, ER, "false at x = log(3): exp(log 3) - 3 = 0 exactly", witness="log(3)"),
    _ineq("(exp(2*x) - 2)**2 > 0", F, ER, "false at x = log(2)/2: exp(2x) = 2 there", witness="log(2)/2"),
    _ineq(
        "(exp(x)**2 - exp(x) - 1)**2 > 0",
        F,
        ER,
        "false at x = log(phi), phi = (1 + sqrt(5))/2: phi^2 - phi - 1 = 0",
        witness="log((1 + sqrt(5))/2)",
    ),
    _ineq(
        "(cosh(x) - 5/4)**2 > 0",
        F,
        ER,
        "false at x = log(2): cosh(log 2) = (2 + 1/2)/2 = 5/4 (DLMF 4.28.2)",
        witness="log(2)",
    ),
    _ineq(
        "(tanh(x) - 3/5)**2 > 0",
        F,
        ER,
        "false at x = log(2): tanh(log 2) = (4 - 1)/(4 + 1) = 3/5 (DLMF 4.28.4)",
        witness="log(2)",
    ),
    _ineq(
        "sinh(x)**2 + 1 > 2*sinh(x)",
        F,
        ER,
        "false at x = asinh(1) = log(1 + sqrt(2)): the margin is (sinh x - 1)^2",
        witness="log(1 + sqrt(2))",
    ),
    _ineq(
        "exp(x) + 4*exp(-x) > 4",
        F,
        ER,
        "false at x = log(2): the margin is (T - 2)^2/T with T = e^x",
        witness="log(2)",
    ),
    _ineq(
        "exp(2*x) + 9*exp(-2*x) > 6",
        F,
        ER,
        "false at x = log(3)/2: the margin is (T^2 - 3)^2/T^2 with T = e^x",
        witness="log(3)/2",
    ),
    _ineq(
        "exp(x) + exp(-x)/4 > 1",
        F,
        ER,
        "false at x = -log(2): the margin is (2T - 1)^2/(4T) with T = e^x",
        witness="-log(2)",
    ),
    _ineq(
        "(exp(x/2) - 2)**2*cosh(x) > 0",
        F,
        ER,
        "false at x = 2 log(2): exp(x/2) = 2 there",
        witness="2*log(2)",
    ),
    _ineq(
        "exp(x) + 4*exp(-x) >= 4",
        T,
        ER,
        "AM-GM: the margin is (T - 2)^2/T >= 0 with T = e^x, equality only at x = log 2",
    ),
    _ineq(
        "sinh(x)**2 + 1 >= 2*sinh(x)",
        T,
        ER,
        "the margin is (sinh x - 1)^2 >= 0, equality only at x = asinh(1)",
    ),
)


def by_kind(kind: str, entries: tuple[OrderClaim, ...] = ORDER_CORPUS) -> tuple[OrderClaim, ...]:
    """The claims of ``entries`` of the given kind (see :data:`KINDS`)."""
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return tuple(c for c in entries if c.kind == kind)
