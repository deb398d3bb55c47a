"""Verdicts and the records that carry their evidence.

A :class:`Proof` is what :func:`tanhproof.prove` returns: the two sides, the
:class:`Verdict`, the method by which it was reached, the domain caveats, and the
data an independent checker needs to re-check it (the substitution and the reduced
difference for ``proved``; the exact point and the enclosure for ``refuted``; the
labelled numeric evidence for ``undecided``).

Examples
========

>>> from tanhproof.proof._records import Verdict
>>> str(Verdict.PROVED), Verdict("refuted") is Verdict.REFUTED
('proved', True)
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import sympy

from tanhproof._notebook import Block, Math, RichDisplay, Table, Text, short_repr
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._dyadic import Dyadic
from tanhproof.proof._logpoint import LogPoint

__all__ = ["Counterexample", "Proof", "Verdict"]


class Verdict(enum.StrEnum):
    """The three verdicts. ``str()`` gives the plain word."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNDECIDED = "undecided"

    @property
    def exit_code(self) -> int:
        """The command line's exit code for this verdict: 0, 1 or 3."""
        return {"proved": 0, "refuted": 1, "undecided": 3}[self.value]


@dataclass(frozen=True)
class Counterexample:
    """A certified counterexample: an exact point and a rigorous enclosure
    ``[lower, upper]`` of ``lhs - rhs`` there that excludes 0.

    ``lower`` and ``upper`` are the endpoints of the python-flint ``arb`` ball as
    exact dyadic rationals (:class:`~tanhproof.numeric.Dyadic`: compact even
    for huge exponents); ``bits`` is the working precision that certified it.

    Each coordinate of ``point`` is an exact rational (a :class:`~fractions.Fraction`)
    or, where a strict claim fails only at an irrational point, an exact
    :class:`~tanhproof.proof.LogPoint` ``x = q*log(r)`` with ``r`` a positive
    algebraic root (``str()`` gives ``log(3)``, ``log(2)/2``, or ``log(r) ≈ ..., r ≈ ...
    the root of r^2 - r - 1 in (1, 2)``). There the margin is exactly 0 (its numerator
    is divisible by the minimal polynomial of ``r``), so ``lower == upper == 0`` and
    ``enclosure`` says so; ``to_dict`` then adds ``exact_point`` with the polynomial
    and the isolating interval.
    """

    point: dict[str, Fraction | LogPoint]
    lower: Dyadic
    upper: Dyadic
    bits: int
    enclosure: str

    @property
    def excludes_zero(self) -> bool:
        """True when the enclosure lies strictly on one side of 0."""
        return self.lower > 0 or self.upper < 0

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "point": {k: str(v) for k, v in self.point.items()},
            "enclosure": self.enclosure,
            "lower": str(self.lower),
            "upper": str(self.upper),
            "bits": self.bits,
        }
        exact = {k: v.to_dict() for k, v in self.point.items() if isinstance(v, LogPoint)}
        if exact:
            out["exact_point"] = exact
        return out


#: LaTeX of a claim's relation.
_RELATION_TEX = {"=": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "~": r"\sim"}


@dataclass(frozen=True, repr=False)
class Proof(RichDisplay):
    """The answer to "is ``lhs`` equal to ``rhs``?" with its evidence.

    Attributes
    ==========

    lhs, rhs : sympy.Expr
        The two sides as parsed (``diff`` kept unevaluated).
    verdict : Verdict
        ``proved``, ``refuted`` or ``undecided``.
    method : str
        How the verdict was reached, e.g. ``"exp-rational decision procedure"``.
    caveats : tuple of str
        Domain caveats: points or sets excluded (poles, branch conditions).
    certificate : dict
        Data to re-check the verdict (JSON-serialisable).
    counterexample : Counterexample or None
        For ``refuted``: the certified counterexample.
    evidence : tuple of str
        For ``undecided``: numeric evidence, labelled as evidence, never as proof.
    reason : str
        One line on why (especially why ``undecided``).
    seconds : float
        Wall-clock time taken.
    relation : str
        The claim's relation between ``lhs`` and ``rhs``: ``"="`` (an identity), one of
        ``"<"``, ``"<="``, ``">"``, ``">="`` (an inequality), ``"~"`` (asymptotic
        equivalence) or ``"shape"`` (a shape claim, described in ``claim``).
    claim : str
        The claim as the user wrote it, when it is not ``lhs = rhs`` (an inequality
        chain, a limit, a shape claim); empty for an identity.
    where : str
        The condition the claim is restricted to (``"x >= 0"``), or empty.
    equality : str
        For a proved non-strict inequality: where equality holds (``"equality only at
        x = 0"``, ``"equality nowhere"``), or empty.
    parts : tuple of Proof
        The proofs a compound claim rests on (each link of a chain ``a < b < c``, the
        derivative identity and sign behind a shape claim), in order.
    """

    lhs: sympy.Expr
    rhs: sympy.Expr
    verdict: Verdict
    method: str
    caveats: tuple[str, ...] = ()
    certificate: dict[str, Any] = field(default_factory=dict)
    counterexample: Counterexample | None = None
    evidence: tuple[str, ...] = ()
    reason: str = ""
    seconds: float = 0.0
    relation: str = "="
    claim: str = ""
    where: str = ""
    equality: str = ""
    parts: tuple[Proof, ...] = ()

    @property
    def proved(self) -> bool:
        return self.verdict is Verdict.PROVED

    def __bool__(self) -> bool:
        return self.proved

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable dict of the whole record."""
        return {
            "lhs": sstr(self.lhs),
            "rhs": sstr(self.rhs),
            "verdict": str(self.verdict),
            "method": self.method,
            "caveats": list(self.caveats),
            "certificate": self.certificate,
            "counterexample": None if self.counterexample is None else self.counterexample.to_dict(),
            "evidence": list(self.evidence),
            "reason": self.reason,
            "seconds": round(self.seconds, 6),
            "relation": self.relation,
            "claim": self.claim,
            "where": self.where,
            "equality": self.equality,
            "parts": [p.to_dict() for p in self.parts],
        }

    def _claim_text(self) -> str:
        if self.claim:
            return self.claim
        return f"{sstr(self.lhs)} {self.relation} {sstr(self.rhs)}"

    def _claim_tex(self) -> str | None:
        rel = _RELATION_TEX.get(self.relation)
        if rel is None:  # a shape claim: described in words
            return None
        return f"{sympy.latex(self.lhs)} {rel} {sympy.latex(self.rhs)}"

    def __repr__(self) -> str:
        return short_repr("Proof", f"{self.verdict}: {self._claim_text()} ({self.method})")

    def _blocks(self) -> list[Block]:
        """The proof for a notebook (:mod:`tanhproof._notebook`): verdict and method, the
        claim typeset, its conditions, the counterexample or the evidence."""
        out: list[Block] = [Text(f"{self.verdict} ({self.method})", strong=True)]
        tex = self._claim_tex()
        if tex is not None and not self.proved:  # not proved: the claim, not a fact
            tex = rf"\text{{claim: }} {tex}"
        out.append(Text(f"claim: {self.claim}") if tex is None else Math(tex))
        if self.claim and tex is not None and self.relation != "=":
            out.append(Text(f"claim: {self.claim}"))
        for label, value in (("where", self.where), ("equality", self.equality), ("why", self.reason)):
            if value:
                out.append(Text(f"{label}: {value}"))
        if self.caveats:
            out.append(Text("caveats: " + "; ".join(self.caveats)))
        c = self.counterexample
        if c is not None:
            at = ", ".join(f"{k} = {v}" for k, v in c.point.items())
            out.append(Text(f"certified counterexample at {at}: {c.enclosure} ({c.bits}-bit arb enclosure)"))
        if self.evidence:
            out.append(Text("numeric evidence, not a proof: " + "; ".join(self.evidence)))
        if self.parts:
            rows = []
            for p in self.parts:
                ptex = p._claim_tex()
                rows.append((ptex if ptex is not None else rf"\text{{{p.claim}}}", str(p.verdict), p.method))
            out.append(Table(("claim", "verdict", "method"), rows, math_columns=(0,)))
        return out
