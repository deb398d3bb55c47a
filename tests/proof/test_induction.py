"""Tests of tanhproof.proof._induction: proofs by the derivative-polynomial recurrence.

The expected polynomials come from ``sympy.diff`` of the catalog functions (an
independent route) and the recurrence P_(n+1) = (1 - u^2) P_n' worked by hand for n <= 3.
"""

from __future__ import annotations

import sympy

from tanhproof.expr._derivpoly import derivative_polynomial, to_sympy
from tanhproof.expr._parser import symbol
from tanhproof.proof._induction import induction_method, induction_proof
from tanhproof.proof._records import Proof, Verdict

x = symbol("x")


def _base(verdict=Verdict.PROVED) -> Proof:
    return Proof(sympy.Derivative(sympy.tanh(x), x), 1 - sympy.tanh(x) ** 2, verdict, "test")


def test_induction_proof_accepts_the_recurrence():
    p5 = to_sympy(derivative_polynomial("tanh", 5), sympy.tanh(x))
    p9 = to_sympy(derivative_polynomial("tanh", 9), sympy.tanh(x))
    before = sympy.Derivative(p5, (x, 7))
    after = sympy.Derivative(p9, (x, 3))
    proof = induction_proof(before, after, fx=sympy.tanh(x), x=x, g="tanh", base=_base())
    assert proof.verdict is Verdict.PROVED
    assert proof.lhs == before and proof.rhs == after
    assert proof.certificate["applications"] == 4
    assert proof.certificate["base"]["verdict"] == "proved"


def test_induction_proof_is_honest():
    fx = sympy.tanh(x)
    p2 = to_sympy(derivative_polynomial("tanh", 2), fx)
    wrong = p2 + 1
    d3 = sympy.Derivative(fx, (x, 3))
    # a wrong polynomial
    proof = induction_proof(d3, sympy.Derivative(wrong, x), fx=fx, x=x, g="tanh", base=_base())
    assert proof.verdict is Verdict.UNDECIDED and "do not give" in proof.reason
    # the right polynomial, but the base identity is not proved
    proof = induction_proof(d3, sympy.Derivative(p2, x), fx=fx, x=x, g="tanh", base=_base(Verdict.UNDECIDED))
    assert proof.verdict is Verdict.UNDECIDED and "base" in proof.reason
    # not a polynomial in tanh(x)
    proof = induction_proof(d3, sympy.sech(x), fx=fx, x=x, g="tanh", base=_base())
    assert proof.verdict is Verdict.UNDECIDED
    # more derivatives left on the right than on the left
    proof = induction_proof(
        sympy.Derivative(fx, x), sympy.Derivative(fx, (x, 2)), fx=fx, x=x, g="tanh", base=_base()
    )
    assert proof.verdict is Verdict.UNDECIDED


def test_method_names_the_recurrence():
    assert induction_method("tanh") == (
        "induction on the derivative-polynomial recurrence (P_{n+1} = (1 - u^2) P_n')"
    )
    assert induction_method("sigmoid").endswith("(P_{n+1} = u(1 - u) P_n')")
