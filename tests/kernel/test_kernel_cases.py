"""The kernel checks proofs by cases on affine switches (``abs``, ``sign``, ``Piecewise``).

Every certificate by cases the prover writes for the derivations of softsign, ELU, CELU
and SELU and for identities with ``abs``/``sign`` is accepted after a JSON round trip;
corrupted splits (a case dropped, a sign flipped, the switch point moved, a wrong
branch, a switch that is not affine in one variable) are rejected.
"""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof as tp
from tanhproof._kernel import KernelError, check_certificate
from tanhproof._kernel._kcases import root
from tanhproof._kernel._kparse import read
from tanhproof.proof._certificate import certificate

BY_CASES = ("softsign", "elu", "celu", "selu")
IDENTITIES = [
    ("diff(x/(1 + abs(x)), x)", "1/(1 + abs(x))**2"),
    ("sign(2*x - 1)*abs(2*x - 1)", "2*x - 1"),
    ("abs(x)**2", "x**2"),
    ("diff(elu(x), x)", "exp(x/2 - abs(x)/2)"),
    ("sign(x - 1)*abs(x - 1) + sign(x + 1)*abs(x + 1)", "2*x"),
    ("abs(tanh(x))", "tanh(abs(x))"),
    ("sign(sinh(x/2))", "sign(x)"),
    ("abs(softsign(x))", "softsign(abs(x))"),
    ("softsign(softsign(x))", "x/(1 + 2*abs(x))"),
    ("abs(x)*abs(y)", "abs(x*y)"),
    ("elu(x/3)", "celu(x/3)"),
]


def _cert(lhs: str, rhs: str) -> dict:
    cert = json.loads(json.dumps(certificate(tp.prove(lhs, rhs), lhs, rhs)))
    assert cert["verdict"] == "proved" and cert["cases"], cert
    return cert


@pytest.mark.parametrize("name", BY_CASES)
def test_derivations_by_cases_are_accepted(name):
    cert = json.loads(json.dumps(certificate(tp.derive(name))))
    assert check_certificate(cert).startswith("proved:")


@pytest.mark.parametrize(("lhs", "rhs"), IDENTITIES)
def test_identities_by_cases_are_accepted(lhs, rhs):
    assert check_certificate(_cert(lhs, rhs)).startswith("proved by ")


def _mutant(cert: dict, change) -> dict:
    cert = copy.deepcopy(cert)
    change(cert["cases"])
    return cert


MUTANTS = {
    "a case dropped": (lambda cases: cases.pop(0), "miss part of the line"),
    "a sign flipped": (lambda cases: cases[1].update(sign=1), "miss part of the line"),
    "the point moved": (lambda cases: cases[2].update(point={"x": "1"}), "not at its root"),
    "the switch moved": (
        lambda cases: [c.update(switch="x - 1", point={"x": "1"}) for c in cases],
        "not the zero polynomial|no case of the certificate resolves",
    ),
    "a nonlinear switch": (
        lambda cases: [c.update(switch="x**2") for c in cases],
        "not affine in one variable",
    ),
    "two switches in one split": (lambda cases: cases[0].update(switch="2*x"), "need one switch"),
    "no switch": (lambda cases: cases[0].pop("switch"), "need one switch"),
}


@pytest.mark.parametrize("mutant", MUTANTS)
@pytest.mark.parametrize(("lhs", "rhs"), IDENTITIES[:1] + IDENTITIES[3:4])
def test_corrupted_splits_are_rejected(lhs, rhs, mutant):
    change, why = MUTANTS[mutant]
    with pytest.raises(KernelError, match=why):
        check_certificate(_mutant(_cert(lhs, rhs), change))


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        # a wrong branch: the cases of ELU's derivative swapped, or abs read as its argument
        ("Piecewise((1, x > 0), (exp(x), True))", "Piecewise((exp(x), x > 0), (1, True))"),
        ("diff(x/(1 + abs(x)), x)", "1/(1 + x)**2"),
        ("abs(2*x - 1)", "2*x - 1"),
    ],
)
def test_a_wrong_branch_is_rejected(lhs, rhs):
    # the split of the true identity, offered for a false one (each false off the switch point)
    good = _cert("diff(x/(1 + abs(x)), x)", "1/(1 + abs(x))**2")
    cases = [{k: v for k, v in c.items() if k != "cases"} for c in good["cases"]]
    for c in cases:
        c["switch"] = "2*x - 1" if "2*x" in lhs else "x"
        c.update(point={"x": "1/2"} if c["sign"] == 0 and "2*x" in lhs else c.get("point", {}))
    cert = {"kind": "identity", "verdict": "proved", "lhs": lhs, "rhs": rhs, "q": {"x": 2}, "q0": None,
            "cases": cases}  # fmt: skip
    with pytest.raises(KernelError, match="not the zero polynomial"):
        check_certificate(cert)


def test_a_switch_point_is_checked_exactly_there():
    # sign(x) at x = 0 is 0: sign(x)**2 = 1 holds on both sides of 0 and fails at 0
    cases = [{"switch": "x", "sign": s, **({"point": {"x": "0"}} if s == 0 else {})} for s in (1, -1, 0)]
    cert = {"kind": "identity", "verdict": "proved", "lhs": "sign(x)**2", "rhs": "1", "q": {}, "q0": None,
            "cases": cases}  # fmt: skip
    with pytest.raises(KernelError, match="where x = 0"):
        check_certificate(cert)
    cert["rhs"] = "abs(sign(x))"
    assert check_certificate(cert).startswith("proved by 3 cases")


def test_a_sign_the_kernel_does_not_decide_is_rejected_with_its_reason():
    # x - tanh(x) > 0 for x > 0, but the kernel decides the sign of rational functions of x, or
    # of exp(x/2) on a side of 0, only: abs(x - tanh(x)) is left, and the case is not accepted
    cases = [{"switch": "x", "sign": s, **({"point": {"x": "0"}} if s == 0 else {})} for s in (1, -1, 0)]
    cert = {"kind": "identity", "verdict": "proved", "lhs": "abs(x - tanh(x))", "rhs": "sign(x)*(x - tanh(x))",
            "q": {"x": 1}, "q0": None, "cases": cases}  # fmt: skip
    with pytest.raises(KernelError, match=r"where x > 0, .* \(an abs, sign or Piecewise is left"):
        check_certificate(cert)


_RATIONALS = st.fractions(min_value=-50, max_value=50, max_denominator=12)


@settings(max_examples=40, deadline=None)
@given(a=_RATIONALS.filter(bool), b=_RATIONALS, flip=st.booleans())
def test_an_affine_switch_is_split_at_its_own_root(a, b, flip):
    # g = a*x + b: the kernel's root is -b/a (exact Fractions); abs(g)**2 = g**2 and
    # sign(g)*abs(g) = g hold on every case, abs(g) = g or -g on one side only
    g = f"({a})*x + ({b})"
    assert root(read(g)) == ("x", -b / a, 1 if a > 0 else -1)
    point = {"x": str(-b / a)}
    cases = [{"switch": g, "sign": s, **({"point": point} if s == 0 else {})} for s in (1, -1, 0)]
    cert = {"kind": "identity", "verdict": "proved", "q": {}, "q0": None, "cases": cases}
    for lhs, rhs in ((f"abs({g})**2", f"({g})**2"), (f"sign({g})*abs({g})", g)):
        assert check_certificate({**cert, "lhs": lhs, "rhs": rhs}).startswith("proved by 3 cases")
    with pytest.raises(KernelError, match="not the zero polynomial"):
        check_certificate({**cert, "lhs": f"abs({g})", "rhs": f"-({g})" if flip else g})
    moved = [{**c, "point": {"x": str(-b / a + 1)}} if c["sign"] == 0 else c for c in cases]
    with pytest.raises(KernelError, match="not at its root"):
        check_certificate({**cert, "lhs": f"abs({g})**2", "rhs": f"({g})**2", "cases": moved})


@pytest.mark.parametrize(("lhs", "rhs"), [("elu(x)", "x"), ("selu(x)", "x"), ("diff(celu(x), x)", "1")])
def test_refutations_of_definitions_by_cases_are_accepted(lhs, rhs):
    # the kernel's intervals pick the piece whose condition holds on the whole enclosure
    cert = json.loads(json.dumps(certificate(tp.prove(lhs, rhs), lhs, rhs)))
    assert cert["verdict"] == "refuted"
    assert check_certificate(cert).startswith("refuted:")


def test_a_piece_at_its_switch_point_is_decided_or_rejected():
    # elu(x) - x is 0 for x > 0: no counterexample there; at x = 0 both sides are 0
    cert = {"kind": "identity", "verdict": "refuted", "lhs": "elu(x)", "rhs": "x", "bits": 64,
            "point": {"x": {"kind": "rational", "value": "1/2"}}}  # fmt: skip
    with pytest.raises(KernelError, match="contains 0"):
        check_certificate(cert)
    cert["point"]["x"]["value"] = "0"
    with pytest.raises(KernelError, match=r"contains 0|not decided"):
        check_certificate(cert)
