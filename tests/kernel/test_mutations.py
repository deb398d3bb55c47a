"""Corrupted certificates are rejected by the kernel: at least 200 of them, of every kind.

Each mutant is a real corruption, known to be one without asking the kernel:

* a changed coefficient or exponent, or a side swapped for another identity's side,
  counts only when tanhproof's prover *refutes* the mutated claim (a certified
  counterexample from python-flint ``arb``, an implementation the kernel shares
  nothing with);
* a refutation flipped to ``proved``: the claim is false (the corpus says so, and
  tests/proof/test_corpus.py checks it with mpmath at 1100 digits);
* a counterexample point moved to 0 counts when the prover proves the two sides
  exactly equal there (a root of the difference) or refuses the point as outside
  the domain (a pole, ``atanh`` outside (-1, 1), ``log`` of a non-positive number);
* a wrong ``q_v``: 0, missing for a variable that occurs in an exponent, or
  ``q_v - 1`` for ``q_v > 1`` (coprime to ``q_v``, so it clears no exponent whose
  denominator divides ``q_v`` and is above 1);
* a positive square root hint ``sqrt(A) = B`` whose root is negated (``-B < 0``
  where ``B > 0``, and a square root is never negative) or has a coefficient changed
  (``(cB)**2 = c**2 A != A`` for ``c != 1``, ``A`` not identically zero);
* a derivation whose main-chain step is altered, dropped or swapped, or whose order
  or result is changed, no longer chains from the derivative to the result; an
  altered substep or form counts when the prover refutes it.
"""

from __future__ import annotations

import copy
import re
from collections import Counter

import pytest
from corpus import CORPUS, FALSE, OUTSIDE, TRUE

import tanhproof as tp
from tanhproof._kernel import KernelError, check_certificate
from tanhproof.proof._certificate import _denominators, certificate

_INTEGER = re.compile(r"(?<![\w.*/])(\d+)(?![\w.])")
_EXPONENT = re.compile(r"\*\*(\d+)")


def _diff(text: str) -> str:
    """SymPy's ``Derivative(f, (x, 2))`` printing in the parser's grammar, ``diff(f, x, 2)``."""
    return re.sub(r", \((\w+), (\d+)\)\)", r", \1, \2)", text.replace("Derivative(", "diff("))


def _refuted(lhs, rhs) -> bool:
    try:
        return str(tp.prove(_diff(lhs), _diff(rhs)).verdict) == "refuted"
    except tp.TanhproofError:
        return False


def _bump(text: str) -> str | None:
    """``text`` with its first integer literal increased by one, or None."""
    m = _INTEGER.search(text)
    return None if m is None else text[: m.start()] + str(int(m.group(1)) + 1) + text[m.end() :]


def _claim_mutants(mutants: list) -> None:
    proved = [(i, tp.prove(i.lhs, i.rhs)) for i in TRUE]
    for k, (identity, proof) in enumerate(proved):
        cert = certificate(proof, identity.lhs, identity.rhs)
        bumped = _bump(cert["rhs"]) or _bump(cert["lhs"])
        if bumped is not None:
            side = "rhs" if _bump(cert["rhs"]) else "lhs"
            other = cert["lhs"] if side == "rhs" else cert["rhs"]
            if _refuted(other, bumped) if side == "rhs" else _refuted(bumped, other):
                mutants.append(("coefficient", {**cert, side: bumped}))
        m = _EXPONENT.search(cert["lhs"])
        if m is not None:
            lhs = cert["lhs"][: m.start()] + f"**{int(m.group(1)) + 1}" + cert["lhs"][m.end() :]
            if _refuted(lhs, cert["rhs"]):
                mutants.append(("exponent", {**cert, "lhs": lhs}))
        other_rhs = proved[(k + 1) % len(proved)][0].rhs
        if k % 2 == 0 and _refuted(cert["lhs"], other_rhs):
            mutants.append(("swapped side", {**cert, "rhs": other_rhs}))
        for var, q in cert["q"].items():
            mutants.append(("q = 0", {**cert, "q": {**cert["q"], var: 0}}))
            if q > 1:
                mutants.append(("q - 1", {**cert, "q": {**cert["q"], var: q - 1}}))
            if f"T_{var}" in proof.certificate.get("substitution", {}):
                mutants.append(("q missing", {**cert, "q": {v: n for v, n in cert["q"].items() if v != var}}))


def _root_mutants(mutants: list) -> None:
    for identity in OUTSIDE:
        proof = tp.prove(identity.lhs, identity.rhs)
        cert = certificate(proof, identity.lhs, identity.rhs)
        for k, hint in enumerate(cert.get("square_roots", [])):
            for kind, root in (
                ("square root negated", f"-({hint['root']})"),
                ("square root coefficient", _bump(hint["root"])),
            ):
                hints = [*cert["square_roots"][:k], {**hint, "root": root}, *cert["square_roots"][k + 1 :]]
                mutants.append((kind, {**cert, "square_roots": hints}))


def _point_mutants(mutants: list) -> None:
    for identity in FALSE:
        proof = tp.prove(identity.lhs, identity.rhs)
        cert = certificate(proof, identity.lhs, identity.rhs)
        q, q0 = _denominators(proof)
        mutants.append(("verdict flipped", {**cert, "verdict": "proved", "q": q, "q0": q0}))
        zero = {s: 0 for s in (proof.lhs - proof.rhs).free_symbols}
        try:
            at_zero = tp.prove(proof.lhs.subs(zero), proof.rhs.subs(zero))
        except tp.TanhproofError:  # undefined at 0: outside the domain
            at_zero = None
        if at_zero is None or str(at_zero.verdict) == "proved":
            moved = copy.deepcopy(cert)
            moved["point"] = {str(s): {"kind": "rational", "value": "0"} for s in zero}
            mutants.append(("point on a root" if at_zero else "point outside the domain", moved))


def _altered(step: dict) -> dict:
    cert = step["certificate"]
    rhs = _bump(cert["rhs"]) or f"{cert['rhs']} + 1"
    return {**step, "certificate": {**cert, "rhs": rhs}}


def _derivation_mutants(mutants: list) -> None:
    for name in ("tanh", "sech", "coth", "sigmoid", "softplus", "atanh", "acosh"):
        cert = certificate(tp.derive(name))
        steps = cert["steps"]
        for k in range(len(steps)):
            mutants.append(
                ("step altered", {**cert, "steps": [*steps[:k], _altered(steps[k]), *steps[k + 1 :]]})
            )
            for j, sub in enumerate(steps[k]["substeps"]):
                bad = _altered(sub)
                if _refuted(bad["certificate"]["lhs"], bad["certificate"]["rhs"]):
                    subs = [*steps[k]["substeps"][:j], bad, *steps[k]["substeps"][j + 1 :]]
                    mutants.append(
                        (
                            "substep altered",
                            {**cert, "steps": [*steps[:k], {**steps[k], "substeps": subs}, *steps[k + 1 :]]},
                        )
                    )
        if len(steps) > 1:
            mutants.append(("step dropped", {**cert, "steps": steps[1:]}))
            mutants.append(("steps swapped", {**cert, "steps": [steps[1], steps[0], *steps[2:]]}))
        mutants.append(("order changed", {**cert, "order": 2}))
        mutants.append(
            ("result changed", {**cert, "result": _bump(cert["result"]) or cert["result"] + " + 1"})
        )
        for j, form in enumerate(cert["forms"]):
            rhs = _bump(form["rhs"]) or form["rhs"] + " + 1"
            if _refuted(form["lhs"], rhs):
                forms = [*cert["forms"][:j], {**form, "rhs": rhs}, *cert["forms"][j + 1 :]]
                mutants.append(("form altered", {**cert, "forms": forms}))


@pytest.fixture(scope="module")
def mutants():
    found: list = []
    _claim_mutants(found)
    _point_mutants(found)
    _root_mutants(found)
    _derivation_mutants(found)
    return found


def test_at_least_200_mutants_of_every_kind(mutants):
    kinds = Counter(kind for kind, _ in mutants)
    assert len(mutants) >= 200, kinds
    expected = {"coefficient", "exponent", "swapped side", "q = 0", "q - 1", "q missing", "verdict flipped",
                "point on a root", "point outside the domain", "step altered", "substep altered", "step dropped",
                "steps swapped", "order changed", "result changed", "form altered", "square root negated",
                "square root coefficient"}  # fmt: skip
    assert set(kinds) == expected


def test_every_mutant_is_rejected(mutants):
    accepted = []
    for kind, cert in mutants:
        try:
            reason = check_certificate(cert)
        except KernelError:
            continue
        accepted.append((kind, cert.get("lhs", cert.get("function")), cert.get("rhs"), reason))
    assert accepted == []


def test_the_originals_are_accepted():
    """The mutants' originals pass, so each rejection is the corruption's doing."""
    for identity in (TRUE[0], FALSE[0], *(i for i in CORPUS if "/3" in i.lhs)):
        assert check_certificate(
            certificate(tp.prove(identity.lhs, identity.rhs), identity.lhs, identity.rhs)
        )
    assert check_certificate(certificate(tp.derive("tanh")))
