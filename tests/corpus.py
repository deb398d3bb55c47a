"""The identity corpus shared by the prover tests and ``benchmarks/prove_vs_sympy.py``.

Each :class:`Identity` is a claim ``lhs == rhs`` over the reals, written in the
grammar of :func:`tanhproof.parse` (variables are real), with the verdict a
correct prover must reach:

* ``expected == "proved"``: the identity holds wherever both sides are defined;
* ``expected == "refuted"``: it is false (some real point where both sides are
  defined and differ).

:data:`CORPUS` holds identities inside the decidable core of DESIGN.md: the
hyperbolic family (sinh cosh tanh sech csch coth exp sigmoid, and log/softplus
only under ``diff`` where the logarithm disappears) applied to arguments that are
rational-linear in the variables, ``diff`` of such, and a few compositions with
inverse functions that become rational after rewriting to ``exp`` (``exp(log(r)) = r``,
e.g. ``exp(2*atanh(x)) == (1 + x)/(1 - x)``). A complete prover must answer every
entry of :data:`CORPUS` with exactly ``expected``.

:data:`OUTSIDE` holds clearly-labelled extras outside that class (``sqrt``, ``abs``,
``erf``, bare ``log``/``softplus``, inverse functions whose exp forms need square
roots). For them ``expected`` is still the truth, but an honest prover may also
answer ``"undecided"``; :func:`acceptable_verdicts` says which answers are right.

Equation numbers are those of the NIST Digital Library of Mathematical Functions
(DLMF, https://dlmf.nist.gov/): §4.28 definitions, §4.34 derivatives, §4.35
identities, §4.37 inverse hyperbolic functions. "derived from" marks identities
that follow from the cited equations in one or two steps.

Every entry's truth value is checked independently by ``tests/test_corpus.py``
(mpmath at 1100+ digits at several random real points in the domain, with its own
evaluator that uses neither SymPy nor tanhproof).

Examples
========

>>> sum(i.expected == "proved" for i in CORPUS) >= 70
True
>>> sum(i.expected == "refuted" for i in CORPUS) >= 35
True
>>> sorted(acceptable_verdicts(OUTSIDE[0]))
['proved', 'undecided']
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "CORPUS",
    "FALSE",
    "KINDS",
    "OUTSIDE",
    "TRUE",
    "Identity",
    "acceptable_verdicts",
    "by_kind",
]


@dataclass(frozen=True)
class Identity:
    """One claimed identity ``lhs == rhs`` and the verdict a correct prover reaches.

    ``source`` cites where the identity (or the correct one a false entry garbles)
    comes from; ``kind`` groups entries (see :data:`KINDS`).
    """

    lhs: str
    rhs: str
    expected: str
    source: str
    kind: str

    @property
    def holds(self) -> bool:
        """Whether the identity is true (``expected == "proved"``)."""
        return self.expected == "proved"

    @property
    def text(self) -> str:
        """``"lhs == rhs"``, for test ids and messages."""
        return f"{self.lhs} == {self.rhs}"


#: The kinds used in the corpus and what they mean.
KINDS: dict[str, str] = {
    "pythagorean": "cosh²−sinh²=1 and its reciprocal forms (DLMF 4.35.11–13)",
    "definition": "definitions through exp and quotients (DLMF 4.28.1–7)",
    "exp-form": "rewritings into exponentials and powers of cosh ± sinh (DLMF 4.28.3, 4.35.33)",
    "symmetry": "odd/even symmetries (DLMF 4.35.23–25)",
    "addition": "addition and subtraction formulas in two or three variables (DLMF 4.35.1–4, 4.35.9–10)",
    "sum-to-product": "sums and differences to products (DLMF 4.35.5–8)",
    "product-to-sum": "products and squares to sums (DLMF 4.35.14–19)",
    "double": "double argument (DLMF 4.35.26–28)",
    "triple": "triple and quadruple argument (DLMF 4.35.29–32)",
    "half": "half argument (DLMF 4.35.20–22)",
    "rational-multiple": "arguments that are rational multiples such as x/3, 3*x/2",
    "derivative": "first, second and third derivatives (DLMF 4.34.1–6 and the chain rule)",
    "activation": "the logistic sigmoid, softplus and SiLU written through tanh and exp",
    "inverse": "compositions with inverse functions that are rational after rewriting to exp",
    "near-miss": "false identities whose two sides differ by a tiny amount",
    "outside": "outside the exp-rational class (sqrt, abs, erf, bare log/softplus)",
}


def _t(lhs: str, rhs: str, source: str, kind: str) -> Identity:
    return Identity(lhs, rhs, "proved", source, kind)


def _f(lhs: str, rhs: str, source: str, kind: str) -> Identity:
    return Identity(lhs, rhs, "refuted", source, kind)


#: True identities of the decidable core: a complete prover proves every one.
TRUE: tuple[Identity, ...] = (
    # --- Pythagorean (DLMF 4.35.11-13) -------------------------------------------------
    _t("cosh(x)**2 - sinh(x)**2", "1", "DLMF 4.35.11", "pythagorean"),
    _t("sech(x)**2", "1 - tanh(x)**2", "DLMF 4.35.12", "pythagorean"),
    _t("csch(x)**2", "coth(x)**2 - 1", "DLMF 4.35.13", "pythagorean"),
    _t("coth(x)**2 - csch(x)**2", "1", "DLMF 4.35.13", "pythagorean"),
    _t("tanh(x)**2 + sech(x)**2", "1", "DLMF 4.35.12", "pythagorean"),
    _t("cosh(2*x/3)**2 - sinh(2*x/3)**2", "1", "DLMF 4.35.11 at 2x/3", "pythagorean"),
    _t("(cosh(x) - sinh(x))*(cosh(x) + sinh(x))", "1", "DLMF 4.28.3", "pythagorean"),
    _t("cosh(x + y)**2 - sinh(x + y)**2", "1", "DLMF 4.35.11 at x+y", "pythagorean"),
    # --- definitions (DLMF 4.28.1-7) --------------------------------------------------
    _t("sinh(x)", "(exp(x) - exp(-x))/2", "DLMF 4.28.1", "definition"),
    _t("cosh(x)", "(exp(x) + exp(-x))/2", "DLMF 4.28.2", "definition"),
    _t("tanh(x)", "sinh(x)/cosh(x)", "DLMF 4.28.4", "definition"),
    _t("tanh(x)", "(exp(2*x) - 1)/(exp(2*x) + 1)", "DLMF 4.28.4 with 4.28.1-2", "definition"),
    _t("coth(x)", "(exp(2*x) + 1)/(exp(2*x) - 1)", "DLMF 4.28.7 with 4.28.1-2", "definition"),
    _t("sech(x)", "2/(exp(x) + exp(-x))", "DLMF 4.28.6 with 4.28.2", "definition"),
    _t("csch(x)", "2*exp(x)/(exp(2*x) - 1)", "DLMF 4.28.5 with 4.28.1", "definition"),
    _t("tanh(x)*coth(x)", "1", "DLMF 4.28.7", "definition"),
    _t("sech(x)*cosh(x) + csch(x)*sinh(x)", "2", "DLMF 4.28.5-6", "definition"),
    # --- exp forms (DLMF 4.28.3, 4.35.33) ---------------------------------------------
    _t("cosh(x) + sinh(x)", "exp(x)", "DLMF 4.28.3", "exp-form"),
    _t("cosh(x) - sinh(x)", "exp(-x)", "DLMF 4.28.3", "exp-form"),
    _t("sech(x)**2", "4*exp(2*x)/(exp(2*x) + 1)**2", "derived from DLMF 4.28.2, 4.28.6", "exp-form"),
    _t("exp(3*x)", "(cosh(x) + sinh(x))**3", "DLMF 4.35.33 with n = 3", "exp-form"),
    _t("cosh(3*x) - sinh(3*x)", "(cosh(x) - sinh(x))**3", "DLMF 4.35.33 with n = 3", "exp-form"),
    _t("(cosh(x) + sinh(x))**4", "cosh(4*x) + sinh(4*x)", "DLMF 4.35.33 with n = 4", "exp-form"),
    _t("exp(x)*exp(y)", "exp(x + y)", "exponential law, DLMF 4.28.3 with 4.35.1-2", "exp-form"),
    _t("exp(x/2)*exp(x/3)", "exp(5*x/6)", "exponential law at rational multiples", "exp-form"),
    _t("1 + tanh(x)", "2*exp(2*x)/(exp(2*x) + 1)", "derived from DLMF 4.28.4", "exp-form"),
    # --- symmetries (DLMF 4.35.23-25) -------------------------------------------------
    _t("sinh(-x)", "-sinh(x)", "DLMF 4.35.23", "symmetry"),
    _t("cosh(-x)", "cosh(x)", "DLMF 4.35.24", "symmetry"),
    _t("tanh(x) + tanh(-x)", "0", "DLMF 4.35.25", "symmetry"),
    _t("coth(y - x)", "-coth(x - y)", "DLMF 4.35.25 with 4.28.7", "symmetry"),
    _t(
        "sigmoid(-x)",
        "1 - sigmoid(x)",
        "logistic symmetry, from DLMF 4.35.25 via sigmoid = (1 + tanh(x/2))/2",
        "symmetry",
    ),
    # --- addition formulas (DLMF 4.35.1-4, 4.35.9-10) ---------------------------------
    _t("sinh(u + v)", "sinh(u)*cosh(v) + cosh(u)*sinh(v)", "DLMF 4.35.1", "addition"),
    _t("sinh(u - v)", "sinh(u)*cosh(v) - cosh(u)*sinh(v)", "DLMF 4.35.1", "addition"),
    _t("cosh(u + v)", "cosh(u)*cosh(v) + sinh(u)*sinh(v)", "DLMF 4.35.2", "addition"),
    _t("cosh(u - v)", "cosh(u)*cosh(v) - sinh(u)*sinh(v)", "DLMF 4.35.2", "addition"),
    _t("tanh(u + v)", "(tanh(u) + tanh(v))/(1 + tanh(u)*tanh(v))", "DLMF 4.35.3", "addition"),
    _t("tanh(u - v)", "(tanh(u) - tanh(v))/(1 - tanh(u)*tanh(v))", "DLMF 4.35.3", "addition"),
    _t("coth(u + v)", "(coth(u)*coth(v) + 1)/(coth(u) + coth(v))", "DLMF 4.35.4", "addition"),
    _t("coth(u - v)", "(1 - coth(u)*coth(v))/(coth(u) - coth(v))", "DLMF 4.35.4", "addition"),
    _t("tanh(u) + tanh(v)", "sinh(u + v)/(cosh(u)*cosh(v))", "DLMF 4.35.9", "addition"),
    _t("tanh(u) - tanh(v)", "sinh(u - v)/(cosh(u)*cosh(v))", "DLMF 4.35.9", "addition"),
    _t("coth(u) + coth(v)", "sinh(v + u)/(sinh(u)*sinh(v))", "DLMF 4.35.10", "addition"),
    _t("coth(u) - coth(v)", "sinh(v - u)/(sinh(u)*sinh(v))", "DLMF 4.35.10", "addition"),
    _t(
        "sinh(x + y + z)",
        "sinh(x)*cosh(y)*cosh(z) + cosh(x)*sinh(y)*cosh(z) + cosh(x)*cosh(y)*sinh(z)"
        " + sinh(x)*sinh(y)*sinh(z)",
        "DLMF 4.35.1-2 applied twice",
        "addition",
    ),
    _t(
        "tanh(x + y + z)*(1 + tanh(x)*tanh(y) + tanh(y)*tanh(z) + tanh(z)*tanh(x))",
        "tanh(x) + tanh(y) + tanh(z) + tanh(x)*tanh(y)*tanh(z)",
        "DLMF 4.35.3 applied twice",
        "addition",
    ),
    _t(
        "tanh(u + v/2)",
        "(tanh(u) + tanh(v/2))/(1 + tanh(u)*tanh(v/2))",
        "DLMF 4.35.3 at (u, v/2)",
        "addition",
    ),
    _t(
        "sech(u + v)",
        "sech(u)*sech(v)/(1 + tanh(u)*tanh(v))",
        "derived from DLMF 4.35.2 and 4.28.6",
        "addition",
    ),
    # --- sums to products (DLMF 4.35.5-8) ---------------------------------------------
    _t("sinh(u) + sinh(v)", "2*sinh((u + v)/2)*cosh((u - v)/2)", "DLMF 4.35.5", "sum-to-product"),
    _t("sinh(u) - sinh(v)", "2*cosh((u + v)/2)*sinh((u - v)/2)", "DLMF 4.35.6", "sum-to-product"),
    _t("cosh(u) + cosh(v)", "2*cosh((u + v)/2)*cosh((u - v)/2)", "DLMF 4.35.7", "sum-to-product"),
    _t("cosh(u) - cosh(v)", "2*sinh((u + v)/2)*sinh((u - v)/2)", "DLMF 4.35.8", "sum-to-product"),
    # --- products to sums, squares (DLMF 4.35.14-19) ----------------------------------
    _t("2*sinh(u)*sinh(v)", "cosh(u + v) - cosh(u - v)", "DLMF 4.35.14", "product-to-sum"),
    _t("2*cosh(u)*cosh(v)", "cosh(u + v) + cosh(u - v)", "DLMF 4.35.15", "product-to-sum"),
    _t("2*sinh(u)*cosh(v)", "sinh(u + v) + sinh(u - v)", "DLMF 4.35.16", "product-to-sum"),
    _t("sinh(u)**2 - sinh(v)**2", "sinh(u + v)*sinh(u - v)", "DLMF 4.35.17", "product-to-sum"),
    _t("cosh(u)**2 - cosh(v)**2", "sinh(u + v)*sinh(u - v)", "DLMF 4.35.18", "product-to-sum"),
    _t("sinh(u)**2 + cosh(v)**2", "cosh(u + v)*cosh(u - v)", "DLMF 4.35.19", "product-to-sum"),
    _t("sinh(x)**3", "(sinh(3*x) - 3*sinh(x))/4", "derived from DLMF 4.35.29", "product-to-sum"),
    _t("cosh(x)**3", "(cosh(3*x) + 3*cosh(x))/4", "derived from DLMF 4.35.30", "product-to-sum"),
    # --- double argument (DLMF 4.35.26-28) --------------------------------------------
    _t("sinh(2*x)", "2*sinh(x)*cosh(x)", "DLMF 4.35.26", "double"),
    _t("sinh(2*x)", "2*tanh(x)/(1 - tanh(x)**2)", "DLMF 4.35.26", "double"),
    _t("cosh(2*x)", "2*cosh(x)**2 - 1", "DLMF 4.35.27", "double"),
    _t("cosh(2*x)", "2*sinh(x)**2 + 1", "DLMF 4.35.27", "double"),
    _t("cosh(2*x)", "cosh(x)**2 + sinh(x)**2", "DLMF 4.35.27", "double"),
    _t("tanh(2*x)", "2*tanh(x)/(1 + tanh(x)**2)", "DLMF 4.35.28", "double"),
    _t("cosh(2*x)", "(1 + tanh(x)**2)/(1 - tanh(x)**2)", "derived from DLMF 4.35.27 and 4.35.12", "double"),
    _t("coth(x) + tanh(x)", "2*coth(2*x)", "derived from DLMF 4.35.26-27", "double"),
    _t("coth(x) - tanh(x)", "2*csch(2*x)", "derived from DLMF 4.35.26", "double"),
    _t("sinh(x)**2", "(cosh(2*x) - 1)/2", "DLMF 4.35.27", "double"),
    _t("cosh(x)**2", "(cosh(2*x) + 1)/2", "DLMF 4.35.27", "double"),
    _t("sech(x)", "sech(x/2)**2/(2 - sech(x/2)**2)", "DLMF 4.35.27 at x/2", "double"),
    # --- triple and quadruple argument (DLMF 4.35.29-32) ------------------------------
    _t("sinh(3*x)", "3*sinh(x) + 4*sinh(x)**3", "DLMF 4.35.29", "triple"),
    _t("cosh(3*x)", "4*cosh(x)**3 - 3*cosh(x)", "DLMF 4.35.30", "triple"),
    _t("sinh(4*x)", "4*sinh(x)**3*cosh(x) + 4*cosh(x)**3*sinh(x)", "DLMF 4.35.31", "triple"),
    _t("cosh(4*x)", "cosh(x)**4 + 6*sinh(x)**2*cosh(x)**2 + sinh(x)**4", "DLMF 4.35.32", "triple"),
    _t(
        "tanh(3*x)",
        "(3*tanh(x) + tanh(x)**3)/(1 + 3*tanh(x)**2)",
        "derived from DLMF 4.35.3 and 4.35.28",
        "triple",
    ),
    # --- half argument (DLMF 4.35.20-22) ----------------------------------------------
    _t("tanh(x/2)", "sinh(x)/(cosh(x) + 1)", "DLMF 4.35.22", "half"),
    _t("tanh(x/2)", "(cosh(x) - 1)/sinh(x)", "DLMF 4.35.22", "half"),
    _t("cosh(x/2)**2", "(cosh(x) + 1)/2", "DLMF 4.35.21 squared", "half"),
    _t("sinh(x/2)**2", "(cosh(x) - 1)/2", "DLMF 4.35.20 squared", "half"),
    _t("tanh(x/2)**2", "(cosh(x) - 1)/(cosh(x) + 1)", "DLMF 4.35.22 squared", "half"),
    # --- rational multiples -----------------------------------------------------------
    _t(
        "tanh(x)",
        "(3*tanh(x/3) + tanh(x/3)**3)/(1 + 3*tanh(x/3)**2)",
        "DLMF 4.35.3, 4.35.28 at x/3",
        "rational-multiple",
    ),
    _t("cosh(3*x/2)", "4*cosh(x/2)**3 - 3*cosh(x/2)", "DLMF 4.35.30 at x/2", "rational-multiple"),
    _t(
        "sinh(5*x/6)",
        "sinh(x/2)*cosh(x/3) + cosh(x/2)*sinh(x/3)",
        "DLMF 4.35.1 at (x/2, x/3)",
        "rational-multiple",
    ),
    _t(
        "cosh(x/2 - y/3)",
        "cosh(x/2)*cosh(y/3) - sinh(x/2)*sinh(y/3)",
        "DLMF 4.35.2 at (x/2, y/3)",
        "rational-multiple",
    ),
    _t("tanh(3*x/4)", "2*tanh(3*x/8)/(1 + tanh(3*x/8)**2)", "DLMF 4.35.28 at 3x/8", "rational-multiple"),
    _t("sinh(0.5*x)", "sinh(x/2)", "decimal 0.5 is exactly 1/2", "rational-multiple"),
    # --- derivatives (DLMF 4.34.1-6, chain/product rules) -----------------------------
    _t("diff(sinh(x), x)", "cosh(x)", "DLMF 4.34.1", "derivative"),
    _t("diff(cosh(x), x)", "sinh(x)", "DLMF 4.34.2", "derivative"),
    _t("diff(tanh(x), x)", "1 - tanh(x)**2", "DLMF 4.34.3 with 4.35.12", "derivative"),
    _t("diff(tanh(x), x)", "sech(x)**2", "DLMF 4.34.3", "derivative"),
    _t("diff(tanh(x), x)", "4/(exp(x) + exp(-x))**2", "DLMF 4.34.3 with 4.28.2", "derivative"),
    _t("diff(csch(x), x)", "-csch(x)*coth(x)", "DLMF 4.34.4", "derivative"),
    _t("diff(sech(x), x)", "-sech(x)*tanh(x)", "DLMF 4.34.5", "derivative"),
    _t("diff(coth(x), x)", "-csch(x)**2", "DLMF 4.34.6", "derivative"),
    _t("diff(coth(x), x)", "1 - coth(x)**2", "DLMF 4.34.6 with 4.35.13", "derivative"),
    _t("diff(tanh(x), x, 2)", "-2*tanh(x)*(1 - tanh(x)**2)", "DLMF 4.34.3 twice", "derivative"),
    _t(
        "diff(tanh(x), x, 3)",
        "-2*(1 - tanh(x)**2)*(1 - 3*tanh(x)**2)",
        "DLMF 4.34.3 three times",
        "derivative",
    ),
    _t(
        "diff(diff(tanh(x), x), x)", "diff(tanh(x), x, 2)", "nested diff equals diff of order 2", "derivative"
    ),
    _t("diff(sech(x), x, 2)", "sech(x) - 2*sech(x)**3", "DLMF 4.34.5 twice", "derivative"),
    _t("diff(sech(x)**2, x)", "-2*sech(x)**2*tanh(x)", "DLMF 4.34.5, chain rule", "derivative"),
    _t("diff(sinh(x)*cosh(x), x)", "cosh(2*x)", "DLMF 4.34.1-2, product rule, 4.35.27", "derivative"),
    _t("diff(tanh(2*x), x)", "2*sech(2*x)**2", "DLMF 4.34.3, chain rule", "derivative"),
    _t("diff(tanh(x/3), x)", "(1 - tanh(x/3)**2)/3", "DLMF 4.34.3, chain rule", "derivative"),
    _t("diff(tanh(u + v), u)", "1 - tanh(u + v)**2", "DLMF 4.34.3, partial derivative", "derivative"),
    _t("diff(tanh(x)*sinh(y), x)", "sech(x)**2*sinh(y)", "DLMF 4.34.3, partial derivative", "derivative"),
    _t("diff(log(cosh(x)), x)", "tanh(x)", "DLMF 4.34.2 with d log = 1/u", "derivative"),
    _t("diff(log(sinh(x)), x)", "coth(x)", "DLMF 4.34.1 with d log = 1/u (x > 0)", "derivative"),
    # --- activations: sigmoid, softplus, SiLU -----------------------------------------
    _t("2*sigmoid(2*x) - 1", "tanh(x)", "sigma(x) = 1/(1 + exp(-x)) with DLMF 4.28.4", "activation"),
    _t("sigmoid(x)", "(1 + tanh(x/2))/2", "sigma(x) = 1/(1 + exp(-x)) with DLMF 4.28.4", "activation"),
    _t("sigmoid(x)", "1/(1 + exp(-x))", "definition of the logistic function", "activation"),
    _t("sigmoid(x)", "exp(x)/(1 + exp(x))", "definition of the logistic function", "activation"),
    _t("sigmoid(x) + sigmoid(-x)", "1", "logistic symmetry", "activation"),
    _t("sigmoid(x) - sigmoid(-x)", "tanh(x/2)", "logistic function with DLMF 4.28.4", "activation"),
    _t("sigmoid(x)*sigmoid(-x)", "1/(4*cosh(x/2)**2)", "logistic function with DLMF 4.28.2", "activation"),
    _t("diff(sigmoid(x), x)", "sigmoid(x)*(1 - sigmoid(x))", "logistic derivative", "activation"),
    _t("diff(sigmoid(x), x)", "sigmoid(x)*sigmoid(-x)", "logistic derivative", "activation"),
    _t("diff(sigmoid(x), x)", "sech(x/2)**2/4", "logistic derivative with DLMF 4.34.3", "activation"),
    _t(
        "diff(sigmoid(x), x, 2)",
        "sigmoid(x)*(1 - sigmoid(x))*(1 - 2*sigmoid(x))",
        "logistic derivative twice",
        "activation",
    ),
    _t("diff(softplus(x), x)", "sigmoid(x)", "softplus(x) = log(1 + exp(x))", "activation"),
    _t(
        "diff(softplus(x), x, 2)",
        "sigmoid(x)*(1 - sigmoid(x))",
        "softplus(x) = log(1 + exp(x))",
        "activation",
    ),
    _t(
        "diff(x*sigmoid(x), x)",
        "sigmoid(x)*(1 + x*(1 - sigmoid(x)))",
        "SiLU derivative, product rule",
        "activation",
    ),
    # --- inverse functions, rational after rewriting to exp (DLMF 4.37.24) ------------
    _t("tanh(atanh(x))", "x", "DLMF 4.37.24 (|x| < 1)", "inverse"),
    _t("exp(2*atanh(x))", "(1 + x)/(1 - x)", "DLMF 4.37.24 (|x| < 1)", "inverse"),
    _t("tanh(2*atanh(x))", "2*x/(1 + x**2)", "DLMF 4.37.24 with 4.35.28 (|x| < 1)", "inverse"),
    _t("cosh(2*atanh(x))", "(1 + x**2)/(1 - x**2)", "DLMF 4.37.24 with 4.28.2 (|x| < 1)", "inverse"),
    _t("sinh(2*atanh(x))", "2*x/(1 - x**2)", "DLMF 4.37.24 with 4.28.1 (|x| < 1)", "inverse"),
    _t("diff(atanh(x), x)", "1/(1 - x**2)", "derivative of DLMF 4.37.24 (|x| < 1)", "inverse"),
    _t("exp(softplus(x))", "1 + exp(x)", "softplus(x) = log(1 + exp(x))", "inverse"),
    _t(
        "tanh(softplus(x))",
        "((1 + exp(x))**2 - 1)/((1 + exp(x))**2 + 1)",
        "Mish factor, DLMF 4.28.4 with exp(log(r)) = r",
        "inverse",
    ),
    _t("sigmoid(log(x))", "x/(1 + x)", "logistic function with exp(log(x)) = x (x > 0)", "inverse"),
    _t("tanh(log(x))", "(x**2 - 1)/(x**2 + 1)", "DLMF 4.28.4 with exp(log(x)) = x (x > 0)", "inverse"),
    _t("cosh(log(x))", "(x + 1/x)/2", "DLMF 4.28.2 with exp(log(x)) = x (x > 0)", "inverse"),
)

#: False identities: a correct prover refutes each one with a certified counterexample.
FALSE: tuple[Identity, ...] = (
    # --- sign and coefficient mistakes --------------------------------------------------
    _f("cosh(x)**2 + sinh(x)**2", "1", "DLMF 4.35.11 with + (trigonometric habit)", "pythagorean"),
    _f("sech(x)**2", "1 + tanh(x)**2", "DLMF 4.35.12 with the sign flipped", "pythagorean"),
    _f("coth(x)**2 + csch(x)**2", "1", "DLMF 4.35.13 with the sign flipped", "pythagorean"),
    _f("csch(x)**2", "1 - coth(x)**2", "DLMF 4.35.13 with the sign flipped", "pythagorean"),
    _f(
        "tanh(x)",
        "(exp(x) - 1)/(exp(x) + 1)",
        "DLMF 4.28.4 with exp(x) for exp(2x) (that is tanh(x/2))",
        "definition",
    ),
    _f("cosh(x) - sinh(x)", "exp(x)", "DLMF 4.28.3 with the wrong sign of the exponent", "exp-form"),
    _f(
        "sech(x)**2", "4*exp(2*x)/(exp(2*x) - 1)**2", "exp form of sech² with csch²'s denominator", "exp-form"
    ),
    _f("exp(x) + exp(y)", "exp(x + y)", "exponential law misapplied to a sum", "exp-form"),
    _f("sigmoid(-x)", "-sigmoid(x)", "logistic function is not odd", "symmetry"),
    _f("cosh(-x)", "-cosh(x)", "DLMF 4.35.24 with a spurious sign (cosh is even)", "symmetry"),
    _f(
        "tanh(u + v)",
        "(tanh(u) + tanh(v))/(1 - tanh(u)*tanh(v))",
        "DLMF 4.35.3 with tan's minus in the denominator",
        "addition",
    ),
    _f(
        "tanh(u - v)",
        "(tanh(u) - tanh(v))/(1 + tanh(u)*tanh(v))",
        "DLMF 4.35.3 with the signs swapped",
        "addition",
    ),
    _f("cosh(u + v)", "cosh(u)*cosh(v) - sinh(u)*sinh(v)", "DLMF 4.35.2 with cos's sign", "addition"),
    _f("sinh(u - v)", "sinh(u)*cosh(v) + cosh(u)*sinh(v)", "DLMF 4.35.1 with the wrong sign", "addition"),
    _f("tanh(x) + tanh(y)", "tanh(x + y)", "tanh is not additive (DLMF 4.35.3)", "addition"),
    _f("coth(u + v)", "(coth(u)*coth(v) - 1)/(coth(u) + coth(v))", "DLMF 4.35.4 with cot's sign", "addition"),
    _f(
        "sinh(u) + sinh(v)",
        "2*sinh((u + v)/2)*sinh((u - v)/2)",
        "DLMF 4.35.5 with sinh for cosh",
        "sum-to-product",
    ),
    _f(
        "cosh(u) - cosh(v)",
        "-2*sinh((u + v)/2)*sinh((u - v)/2)",
        "DLMF 4.35.8 with cos's sign",
        "sum-to-product",
    ),
    _f(
        "cosh(u) + cosh(v)",
        "2*cosh((u + v)/2)*cosh((u + v)/2)",
        "DLMF 4.35.7 with u+v for u-v",
        "sum-to-product",
    ),
    _f(
        "2*cosh(u)*cosh(v)", "cosh(u + v) - cosh(u - v)", "DLMF 4.35.15 with the wrong sign", "product-to-sum"
    ),
    _f(
        "sinh(u)**2 - sinh(v)**2",
        "sinh(u + v)*cosh(u - v)",
        "DLMF 4.35.17 with cosh for sinh",
        "product-to-sum",
    ),
    _f(
        "tanh(2*x)", "2*tanh(x)/(1 - tanh(x)**2)", "DLMF 4.35.28 with tan's sign (that is sinh(2x))", "double"
    ),
    _f("cosh(2*x)", "1 - 2*sinh(x)**2", "DLMF 4.35.27 with cos's sign", "double"),
    _f("cosh(2*x)", "cosh(x)**2 - sinh(x)**2", "DLMF 4.35.27 with cos's sign", "double"),
    _f("sinh(2*x)", "2*sinh(x)", "DLMF 4.35.26 without the cosh factor", "double"),
    _f("coth(x) - tanh(x)", "2*coth(2*x)", "DLMF 4.35.26-27: the difference is 2 csch(2x)", "double"),
    _f("cosh(3*x)", "4*cosh(x)**3 + 3*cosh(x)", "DLMF 4.35.30 with the wrong sign", "triple"),
    _f("sinh(3*x)", "3*sinh(x) - 4*sinh(x)**3", "DLMF 4.35.29 with sin's sign", "triple"),
    _f("cosh(3*x)", "3*cosh(x)**3 - 4*cosh(x)", "DLMF 4.35.30 with the coefficients swapped", "triple"),
    _f("tanh(3*x)", "(3*tanh(x) - tanh(x)**3)/(1 - 3*tanh(x)**2)", "tan's triple formula", "triple"),
    _f("tanh(x/2)", "sinh(x)/(cosh(x) - 1)", "DLMF 4.35.22 with the wrong sign (that is coth(x/2))", "half"),
    _f("tanh(x/2)", "(cosh(x) + 1)/sinh(x)", "DLMF 4.35.22 with the wrong sign", "half"),
    _f(
        "cosh(3*x/2)",
        "4*cosh(x/2)**3 - 3*cosh(x/3)",
        "DLMF 4.35.30 at x/2 with a stray x/3",
        "rational-multiple",
    ),
    _f("diff(tanh(x), x)", "1 + tanh(x)**2", "DLMF 4.34.3 with tan's sign", "derivative"),
    _f("diff(cosh(x), x)", "-sinh(x)", "DLMF 4.34.2 with cos's sign", "derivative"),
    _f("diff(sech(x), x)", "sech(x)*tanh(x)", "DLMF 4.34.5 with the sign dropped", "derivative"),
    _f("diff(coth(x), x)", "csch(x)**2", "DLMF 4.34.6 with the sign dropped", "derivative"),
    _f("diff(coth(x), x)", "-sech(x)**2", "DLMF 4.34.6 with sech for csch", "derivative"),
    _f("diff(tanh(2*x), x)", "sech(2*x)**2", "DLMF 4.34.3 without the chain-rule factor 2", "derivative"),
    _f(
        "diff(tanh(x), x, 2)",
        "2*tanh(x)*(1 - tanh(x)**2)",
        "DLMF 4.34.3 twice with the sign dropped",
        "derivative",
    ),
    _f("diff(log(cosh(x)), x)", "coth(x)", "DLMF 4.34.2 quotient upside down", "derivative"),
    _f(
        "diff(sigmoid(x), x)",
        "sigmoid(x)*(1 + sigmoid(x))",
        "logistic derivative with the wrong sign",
        "activation",
    ),
    _f("diff(softplus(x), x)", "sigmoid(-x)", "softplus derivative with the wrong sign", "activation"),
    _f("2*sigmoid(x) - 1", "tanh(x)", "2σ(2x) - 1 = tanh(x) with the argument not doubled", "activation"),
    _f(
        "sigmoid(x)", "(1 + tanh(x))/2", "σ(x) = (1 + tanh(x/2))/2 with the argument not halved", "activation"
    ),
    _f(
        "diff(x*sigmoid(x), x)",
        "x*sigmoid(x)*(1 - sigmoid(x))",
        "SiLU derivative without the product rule",
        "activation",
    ),
    _f(
        "cosh(2*atanh(x))",
        "(1 - x**2)/(1 + x**2)",
        "DLMF 4.37.24 with 4.28.2, fraction upside down",
        "inverse",
    ),
    # --- near misses: the sides differ by a tiny amount ---------------------------------
    _f("sech(x)**2", "1 - tanh(x)**2 + 10**-30", "DLMF 4.35.12 plus 1e-30", "near-miss"),
    _f("tanh(x)", "tanh(x) + exp(-1000)", "tanh(x) plus exp(-1000) ~ 5e-435", "near-miss"),
    _f("cosh(x)**2 - sinh(x)**2", "1 + 1e-20", "DLMF 4.35.11 plus 1e-20", "near-miss"),
    _f("tanh(x)", "tanh(x)*(1 + 10**-40)", "tanh(x) scaled by 1 + 1e-40", "near-miss"),
    _f("tanh(x)", "tanh(x + 10**-30)", "tanh at an argument shifted by 1e-30", "near-miss"),
    _f("diff(tanh(x), x)", "sech(x)**2 + 1e-50", "DLMF 4.34.3 plus 1e-50", "near-miss"),
    _f(
        "tanh(2*x)",
        "2*tanh(x)/(1 + tanh(x)**2) + 10**-100*tanh(x)",
        "DLMF 4.35.28 plus 1e-100 tanh(x)",
        "near-miss",
    ),
    _f(
        "sigmoid(x)",
        "(1 + tanh(x/2))/2 + exp(-200)*sigmoid(x)",
        "logistic tanh form plus exp(-200) sigma(x)",
        "near-miss",
    ),
    _f(
        "tanh(u + v)",
        "(tanh(u) + tanh(v))/(1 + tanh(u)*tanh(v)) + 10**-25",
        "DLMF 4.35.3 plus 1e-25",
        "near-miss",
    ),
    _f("coth(x)**2 - csch(x)**2", "1 - 2**-100", "DLMF 4.35.13 minus 2^-100", "near-miss"),
)

#: The decidable core: every entry must get exactly ``expected``.
CORPUS: tuple[Identity, ...] = TRUE + FALSE

#: Extras outside the exp-rational class: ``expected`` is the truth; ``"undecided"`` is
#: also an honest answer (see :func:`acceptable_verdicts`).
OUTSIDE: tuple[Identity, ...] = (
    Identity(
        "sqrt(1 - tanh(x)**2)",
        "sech(x)",
        "proved",
        "DLMF 4.35.12, square root (sech > 0 on the reals)",
        "outside",
    ),
    Identity("sqrt(x**2)", "x", "refuted", "sqrt(x²) = |x|, not x (false for x < 0)", "outside"),
    Identity("sqrt(cosh(x)**2 - 1)", "abs(sinh(x))", "proved", "DLMF 4.35.11, square root", "outside"),
    Identity(
        "sqrt(cosh(x)**2 - 1)",
        "sinh(x)",
        "refuted",
        "DLMF 4.35.11, square root with the sign lost (x < 0)",
        "outside",
    ),
    Identity("abs(tanh(x))", "tanh(abs(x))", "proved", "DLMF 4.35.25 (tanh is odd)", "outside"),
    Identity(
        "sqrt(sigmoid(x)*sigmoid(-x))", "sech(x/2)/2", "proved", "logistic derivative, square root", "outside"
    ),
    Identity("exp(asinh(x))", "x + sqrt(x**2 + 1)", "proved", "DLMF 4.37.16", "outside"),
    Identity("exp(asinh(x)) - exp(-asinh(x))", "2*x", "proved", "DLMF 4.37.16 with 4.28.1", "outside"),
    Identity("cosh(asinh(x))", "sqrt(1 + x**2)", "proved", "DLMF 4.37.16 with 4.35.11", "outside"),
    Identity("tanh(asinh(x))", "x/sqrt(1 + x**2)", "proved", "DLMF 4.37.16 with 4.28.4", "outside"),
    Identity("cosh(acosh(x)/2)**2", "(x + 1)/2", "proved", "DLMF 4.37.19 with 4.35.21 (x >= 1)", "outside"),
    Identity("diff(asinh(x), x)", "1/sqrt(x**2 + 1)", "proved", "derivative of DLMF 4.37.16", "outside"),
    Identity(
        "diff(acosh(x), x)", "1/sqrt(x**2 - 1)", "proved", "derivative of DLMF 4.37.19 (x > 1)", "outside"
    ),
    Identity("asinh(x)", "log(x + sqrt(x**2 + 1))", "proved", "DLMF 4.37.16", "outside"),
    Identity("atanh(x)", "log((1 + x)/(1 - x))/2", "proved", "DLMF 4.37.24 (|x| < 1)", "outside"),
    Identity("atanh(tanh(x))", "x", "proved", "DLMF 4.37.24 with 4.28.4", "outside"),
    Identity("atanh(x)", "log((1 + x)/(1 - x))", "refuted", "DLMF 4.37.24 without the factor 1/2", "outside"),
    Identity(
        "softplus(x) - softplus(-x)", "x", "proved", "log(1 + exp(x)) - log(1 + exp(-x)) = x", "outside"
    ),
    Identity("softplus(x)", "log(1 + exp(x))", "proved", "definition of softplus", "outside"),
    Identity("log(sigmoid(x))", "-softplus(-x)", "proved", "log σ(x) = -log(1 + exp(-x))", "outside"),
    Identity("softplus(2*x)", "2*softplus(x)", "refuted", "softplus is not homogeneous", "outside"),
    Identity(
        "softplus(x)",
        "log(1 + exp(-x))",
        "refuted",
        "softplus with the wrong sign (that is softplus(-x))",
        "outside",
    ),
    Identity("diff(erf(x), x)", "2*exp(-x**2)/sqrt(pi)", "proved", "DLMF 7.10.1", "outside"),
    Identity(
        "diff(erf(x), x)", "exp(-x**2)/sqrt(pi)", "refuted", "DLMF 7.10.1 without the factor 2", "outside"
    ),
    Identity("erf(-x)", "-erf(x)", "proved", "DLMF 7.4.1", "outside"),
    Identity(
        "diff(x*(1 + erf(x/sqrt(2)))/2, x)",
        "(1 + erf(x/sqrt(2)))/2 + x*exp(-x**2/2)/sqrt(2*pi)",
        "proved",
        "GELU derivative (Hendrycks & Gimpel 2016) with DLMF 7.10.1",
        "outside",
    ),
    Identity(
        "x*(1 + erf(x/sqrt(2)))/2",
        "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))/2",
        "refuted",
        "GELU vs its tanh approximation (an approximation, not an identity)",
        "outside",
    ),
)


def acceptable_verdicts(identity: Identity) -> frozenset[str]:
    """The verdicts a correct, honest prover may give for ``identity``.

    Exactly ``{expected}`` for entries of :data:`CORPUS`; ``{expected, "undecided"}``
    for the extras of :data:`OUTSIDE`.
    """
    if identity.kind == "outside":
        return frozenset({identity.expected, "undecided"})
    return frozenset({identity.expected})


def by_kind(kind: str, entries: tuple[Identity, ...] = CORPUS) -> tuple[Identity, ...]:
    """The entries of ``entries`` of the given kind (see :data:`KINDS`)."""
    if kind not in KINDS:
        raise KeyError(f"unknown kind {kind!r}; known: {', '.join(KINDS)}")
    return tuple(i for i in entries if i.kind == kind)
