"""The kernel accepts the certificates of every verdict tanhproof reaches on its corpora.

Every ``proved`` and ``refuted`` verdict of :mod:`corpus` (the 190 identities of the
benchmark corpus and the extras outside the exp-rational class) and every
derivation of a catalog function gives a certificate that
:func:`tanhproof._kernel.check_document` accepts, after a round trip through JSON;
what the kernel does not check (inequalities, undecided claims, unknown point kinds)
is rejected, and a file that is not a certificate document is malformed.
"""

from __future__ import annotations

import json
from fractions import Fraction

import mpmath
import pytest
from corpus import CORPUS, OUTSIDE
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof as tp
from tanhproof._kernel import (
    FORMAT,
    VERSION,
    KernelError,
    MalformedCertificates,
    check_certificate,
    check_document,
)
from tanhproof._kernel._kinterval import enclose
from tanhproof._kernel._kparse import read
from tanhproof.proof._certificate import certificate, document


@pytest.fixture(scope="module")
def corpus_certificates():
    certs = []
    for identity in CORPUS + OUTSIDE:
        proof = tp.prove(identity.lhs, identity.rhs)
        if str(proof.verdict) != "undecided":
            certs.append(certificate(proof, identity.lhs, identity.rhs))
    return json.loads(json.dumps(document(certs)))


def test_every_corpus_verdict_is_accepted(corpus_certificates):
    results = check_document(corpus_certificates)
    # proofs by cases (abs, sign) included: the kernel splits on affine switches
    assert [(r["label"], r["reason"]) for r in results if not r["accepted"]] == []
    assert any(r["reason"].startswith("proved by") and "cases" in r["reason"] for r in results)
    verdicts = [c["verdict"] for c in corpus_certificates["certificates"]]
    assert verdicts.count("proved") >= 140 and verdicts.count("refuted") >= 60


def test_the_benchmark_corpus_is_covered_in_full(corpus_certificates):
    checked = {(c["lhs"], c["rhs"]) for c in corpus_certificates["certificates"]}
    assert {(i.lhs, i.rhs) for i in CORPUS} <= checked


def test_a_positive_square_root_is_checked_from_its_hint():
    # the prover's positive square root: 1 - tanh(x)**2 = (2T/(T**2 + 1))**2 with T = exp(x)
    proof = tp.prove("sqrt(1 - tanh(x)**2)", "sech(x)")
    cert = certificate(proof, "sqrt(1 - tanh(x)**2)", "sech(x)")
    assert cert["square_roots"] == [{"radicand": "1 - tanh(x)**2", "root": "2*exp(x)/(exp(2*x) + 1)"}]
    assert check_certificate(cert).startswith("proved:")
    with pytest.raises(KernelError, match="not the zero polynomial"):  # without the hint: an opaque root
        check_certificate({**cert, "square_roots": []})


@pytest.mark.parametrize(
    ("radicand", "root", "why"),
    [
        ("1 - tanh(x)**2", "-2*exp(x)/(exp(2*x) + 1)", "the negative root"),
        ("1 - tanh(x)**2", "3*exp(x)/(exp(2*x) + 1)", "its square is not the radicand"),
        ("1 - tanh(x)**2", "2*exp(x)/(exp(2*x) - 1)", "not positive (and its square is not the radicand)"),
        ("x**2", "x", "the root x is not positive for every x"),
        ("4*exp(2*x)/(exp(2*x) - 1)**2", "2*exp(x)/(exp(2*x) - 1)", "a denominator of no one sign"),
        ("exp(-2*x)*(exp(x) - 1)**2", "exp(-x)*(exp(x) - 1)", "a numerator of no one sign"),
    ],
)
def test_a_wrong_square_root_hint_is_rejected(radicand, root, why):
    # each root squares to the radicand or not; only a root positive for every x may stand for sqrt
    cert = {"kind": "identity", "verdict": "proved", "lhs": f"sqrt({radicand})", "rhs": root,
            "q": {"x": 1}, "q0": None, "square_roots": [{"radicand": radicand, "root": root}]}  # fmt: skip
    with pytest.raises(KernelError, match="square root hint"):
        check_certificate(cert)


@pytest.mark.parametrize("name", tp.CATALOG)
def test_every_derivation_of_the_catalog_is_accepted(name):
    # softsign, ELU, CELU and SELU included: their steps by cases are split by the kernel
    cert = json.loads(json.dumps(certificate(tp.derive(name))))
    assert check_certificate(cert).startswith("proved:")


@pytest.mark.parametrize(("name", "order"), [("tanh", 2), ("sigmoid", 3)])
def test_higher_order_derivations_are_accepted(name, order):
    assert check_certificate(certificate(tp.derive(name, order=order))).startswith("proved:")


def test_an_inequality_is_rejected_as_unsupported():
    cert = certificate(tp.prove("tanh(x) < 1"))
    assert cert["kind"] == "inequality"
    with pytest.raises(KernelError, match="unsupported kind 'inequality'"):
        check_certificate(cert)


def test_an_undecided_claim_is_not_accepted():
    cert = certificate(tp.prove("sqrt(x**2 + 2*x + 1)", "abs(x + 1)"))
    with pytest.raises(KernelError, match="'undecided' carries nothing"):
        check_certificate(cert)


def test_an_unknown_point_kind_is_rejected():
    cert = certificate(tp.prove("tanh(x)", "sinh(x)"))
    cert["point"]["x"] = {"kind": "algebraic", "value": "sqrt(2)"}
    with pytest.raises(KernelError, match="unsupported point kind 'algebraic'"):
        check_certificate(cert)


def test_a_point_log_r_is_read_exactly():
    # sinh(log(2)) = (2 - 1/2)/2 = 3/4, so tanh - 3/4 at log(2) is 3/5 - 3/4 = -3/20 (exact)
    cert = {"kind": "identity", "verdict": "refuted", "lhs": "tanh(x)", "rhs": "sinh(x)", "bits": 64}
    cert["point"] = {"x": {"kind": "log", "value": "2"}}
    assert "excludes 0" in check_certificate(cert)
    cert["lhs"] = "3/4"  # exactly sinh(log 2): no enclosure excludes 0
    with pytest.raises(KernelError, match="contains 0"):
        check_certificate(cert)


@pytest.mark.parametrize(
    "doc",
    [
        [],
        {"format": "other"},
        {"format": FORMAT, "version": 99, "certificates": []},
        {"format": FORMAT, "version": VERSION},
    ],
)
def test_a_malformed_document_is_refused(doc):
    with pytest.raises(MalformedCertificates):
        check_document(doc)


def test_a_certificate_missing_a_field_is_rejected_with_the_reason():
    [result] = check_document(
        {"format": FORMAT, "version": VERSION, "certificates": [{"kind": "identity", "verdict": "proved"}]}
    )
    assert not result["accepted"] and "malformed certificate" in result["reason"]


# --------------------------------------------------------------------------- the kernel's intervals
# Each enclosure must contain the value mpmath computes at 120 digits (an independent
# implementation) and be narrow.

_FUNCTIONS = {
    "exp": mpmath.exp,
    "log": mpmath.log,
    "tanh": mpmath.tanh,
    "sinh": mpmath.sinh,
    "sech": mpmath.sech,
    "atanh": mpmath.atanh,
    "erf": mpmath.erf,
    "sigmoid": lambda u: 1 / (1 + mpmath.exp(-u)),
    "softplus": lambda u: mpmath.log(1 + mpmath.exp(u)),
    "asinh": mpmath.asinh,
    "sqrt": mpmath.sqrt,
}


def _exact(value) -> Fraction:
    man, exp = mpmath.mpf(value).man_exp  # man_exp drops the sign
    return (-1 if value < 0 else 1) * Fraction(int(man)) * Fraction(2) ** exp


def _contains(interval, truth) -> bool:
    """``truth`` (an mpf at 120 digits, so within 2**-390 relative of the true value) in ``interval``."""
    t, slack = _exact(truth), abs(_exact(truth)) * Fraction(1, 2**390)
    return interval[0] - slack <= t <= interval[1] + slack


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(sorted(_FUNCTIONS)),
    value=st.fractions(min_value=-7, max_value=7, max_denominator=1000),
)
def test_enclosures_contain_the_true_value(name, value):
    if (name in ("log", "sqrt") and value <= 0) or (name == "atanh" and abs(value) >= 1):
        value = Fraction(1, 3)
    interval = enclose(read(f"{name}(x)"), {"x": value}, 200)
    with mpmath.workdps(120):
        truth = _FUNCTIONS[name](mpmath.mpf(value.numerator) / value.denominator)
        assert _contains(interval, truth)
        assert interval[1] - interval[0] <= abs(_exact(truth)) * Fraction(1, 2**190) + Fraction(1, 2**190)


def test_pi_and_e_are_enclosed():
    with mpmath.workdps(120):
        for text, truth in (("pi", mpmath.pi), ("E", mpmath.e), ("exp(-1000)", mpmath.exp(-1000))):
            interval = enclose(read(text), {}, 300)
            assert _contains(interval, +truth)
            assert interval[1] - interval[0] <= abs(_exact(+truth)) * Fraction(1, 2**295)


def test_a_point_at_the_log_of_an_algebraic_root():
    # x = log(phi), phi = (1 + sqrt(5))/2 the root of r**2 - r - 1 in (1, 2):
    # exp(2x) - exp(x) - 1 = phi**2 - phi - 1 = 0 exactly there, tanh(x) = phi/(phi + 2) != 1/2
    golden = {"kind": "log-algebraic", "coefficients": ["-1", "-1", "1"], "lo": "1", "hi": "2"}
    cert = {"kind": "identity", "verdict": "refuted", "lhs": "tanh(x)", "rhs": "1/2", "bits": 64}
    assert "excludes 0" in check_certificate({**cert, "point": {"x": golden}})
    on_root = {**cert, "lhs": "exp(2*x) - exp(x)", "rhs": "1", "point": {"x": golden}}
    with pytest.raises(KernelError, match="contains 0"):
        check_certificate(on_root)
    no_sign_change = {**golden, "lo": "2", "hi": "3"}
    with pytest.raises(KernelError, match="does not change sign"):
        check_certificate({**cert, "point": {"x": no_sign_change}})


@pytest.mark.parametrize(
    ("lhs", "rhs"),
    [
        ("sqrt(2/pi)", "sqrt(2)/sqrt(pi)"),
        ("sqrt(1/2)", "1/sqrt(2)"),
        ("(2/pi)**(3/2)", "2*sqrt(2)/(pi*sqrt(pi))"),
        # PyTorch's GELU (tanh approximation) writes its constant as sqrt(2/pi)
        ("gelu_tanh(x)", "x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))/2"),
    ],
)
def test_roots_of_positive_constants_are_one_atom_per_prime_and_pi(lhs, rhs):
    # (n/d)**(p/q) = root(n)**p/root(d)**p for n, d > 0; sqrt(2/pi) was an atom of its own
    cert = {"kind": "identity", "verdict": "proved", "lhs": lhs, "rhs": rhs, "q": {"x": 1}, "q0": None}
    assert check_certificate(cert).startswith("proved:")
    with pytest.raises(KernelError, match="not the zero polynomial"):  # and 3 is not 2
        check_certificate({**cert, "rhs": rhs.replace("2", "3", 1)})
