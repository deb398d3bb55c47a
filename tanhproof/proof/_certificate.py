"""Certificates: a :class:`Proof` or :class:`Derivation` as data the kernel re-checks.

:func:`certificate` turns a record into a versioned, JSON-serialisable dict that the
independent checker (:mod:`tanhproof._kernel`, standard library only) accepts or
rejects; :func:`document` wraps a list of them into a certificate file. The format
(``"version": 1``) is documented, with its JSON schema, in docs/certificates.rst:

* an identity (``"kind": "identity"``): the two sides as written, the verdict and
  method, the domain conditions of both sides (``{"kind", "expr"}``), the caveats;
  for ``proved``: ``q`` (``T_v = exp(v/q_v)`` per variable) and ``q0``
  (``S = exp(1/q0)`` for constants in exponents), the prover's choice made a
  common multiple of what every exponent needs, the opaque ``atoms`` the prover
  used, and ``square_roots`` (``{"radicand": A, "root": B}``) where the prover took
  the positive square root ``sqrt(A) = B`` exactly, and where the kernel needs it to
  resolve ``abs``, ``sign`` or ``Piecewise``, the split ``cases`` (each
  ``{"switch", "sign", "point", "cases"}``, the prover's split on the signs of switches);
  for ``refuted``: the exact ``point`` (``{"kind": "rational", "value":
  "1/2"}`` per variable) and the precision ``bits`` of the prover's enclosure;
* a derivation (``"kind": "derivation"``): the function, variable, order and result,
  and every step (substeps included), branch step and form with its identity
  certificate;
* any other claim (an inequality, a limit, a shape) keeps its kind and the prover's
  own certificate: the kernel rejects those as unsupported.

Examples
========

>>> from tanhproof.proof._claimprover import prove
>>> cert = certificate(prove("tanh(x/3)", "(exp(2*x/3) - 1)/(exp(2*x/3) + 1)"))
>>> cert["kind"], cert["verdict"], cert["q"], cert["q0"]
('identity', 'proved', {'x': 3}, None)
>>> certificate(prove("sqrt(1 - tanh(x)**2)", "sech(x)"))["square_roots"]
[{'radicand': '1 - tanh(x)**2', 'root': '2*exp(x)/(exp(2*x) + 1)'}]
>>> certificate(prove("tanh(x)", "sinh(x)"))["point"]
{'x': {'kind': 'rational', 'value': '1/2'}}
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Any

import sympy

from tanhproof._kernel import FORMAT, VERSION
from tanhproof.expr._sstr import sstr
from tanhproof.numeric._reading import parse, parse_with_conditions
from tanhproof.proof._derivation import Derivation, Step
from tanhproof.proof._records import Proof, Verdict

__all__ = ["certificate", "document"]

_RELATION_KINDS = {"<": "inequality", "<=": "inequality", ">": "inequality", ">=": "inequality"}

#: Functions whose value is a rational function of exp(c*argument): name -> c.
_EXP_OF = {
    "exp": 1,
    "sinh": 1,
    "cosh": 1,
    "sech": 1,
    "csch": 1,
    "tanh": 2,
    "coth": 2,
    "sigmoid": -1,
    "softplus": 1,
}


def document(certificates: list[dict[str, Any]]) -> dict[str, Any]:
    """A certificate file: the format, its version and the certificates."""
    from tanhproof import __version__

    return {"format": FORMAT, "version": VERSION, "tanhproof": __version__, "certificates": certificates}


def certificate(record: Proof | Derivation, lhs: Any = None, rhs: Any = None) -> dict[str, Any]:
    """The certificate of a :class:`Proof` (``lhs``/``rhs``: the sides as the user wrote
    them, when known) or of a :class:`Derivation`."""
    from tanhproof.proof._identitycases import has_cases, identity_by_cases
    from tanhproof.proof._prover import prove
    from tanhproof.proof._rewriting import prepare

    if isinstance(record, Derivation):
        return _derivation(record)
    if record.relation != "=":
        return {
            "kind": _RELATION_KINDS.get(
                record.relation, record.relation if record.relation != "~" else "limit"
            ),
            "claim": record.claim or f"{sstr(record.lhs)} {record.relation} {sstr(record.rhs)}",
            "verdict": str(record.verdict),
            "method": record.method,
            "data": record.to_dict()["certificate"],
        }
    cert: dict[str, Any] = {
        "kind": "identity",
        "lhs": _text(lhs, record.lhs),
        "rhs": _text(rhs, record.rhs),
        "verdict": str(record.verdict),
        "method": record.method,
        "conditions": _conditions(record.lhs, record.rhs),
        "caveats": list(record.caveats),
    }
    if record.verdict is Verdict.PROVED:
        roots = _square_roots(record.lhs, record.rhs)
        cert["q"], cert["q0"] = _denominators(record, tuple(roots.values()))
        if roots:
            cert["square_roots"] = [{"radicand": sstr(a), "root": sstr(b)} for a, b in roots.items()]
        substitution = record.certificate.get("substitution", {})
        cert["atoms"] = [v for k, v in substitution.items() if k.startswith("A")]
        sides = (prepare(record.lhs), prepare(record.rhs))
        if has_cases(*sides) and not _accepted(cert):  # abs, sign, Piecewise: the kernel needs the split
            split = record.certificate.get("cases") or identity_by_cases(*sides, prove)
            cert["q"], cert["q0"] = _denominators(record, (*roots.values(), *sides))
            cases = split if isinstance(split, list) else split.cases if split.proved else []
            cert.update({"cases": cases} if cases else {})
    elif record.verdict is Verdict.REFUTED and record.counterexample is not None:
        cex = record.counterexample
        cert["point"] = {name: _point(value) for name, value in cex.point.items()}
        cert["bits"] = cex.bits
        cert["enclosure"] = {"lower": str(cex.lower), "upper": str(cex.upper)}
    return cert


def _accepted(cert: dict[str, Any]) -> bool:
    """Whether the kernel accepts ``cert`` as it is (without a split)."""
    from tanhproof._kernel import check_document

    return bool(check_document(document([cert]))[0]["accepted"])


def _text(given: Any, expr: sympy.Expr) -> str:
    """The side as written when ``given`` is its text, else SymPy's printing."""
    if isinstance(given, str):
        try:
            if parse(given) == expr:
                return " ".join(given.split())
        except Exception:  # noqa: BLE001 - any failure: fall back to the printed expression
            pass
    return sstr(given if isinstance(given, sympy.Basic) else expr)


def _point(value: Any) -> dict[str, Any]:
    """A coordinate: a rational, or ``scale*log(r)`` for a positive root ``r`` of an
    integer polynomial (an exact log point, read by its attributes ``scale`` and
    ``root``); any other kind is written by its type name, which the kernel rejects."""
    if isinstance(value, Fraction | int):
        return {"kind": "rational", "value": str(Fraction(value))}
    root = getattr(value, "root", None)
    if root is not None and hasattr(value, "scale"):
        if root.lo == root.hi:
            return {"kind": "log", "scale": str(value.scale), "value": str(root.lo)}
        lo, hi = getattr(root, "bracket", (root.lo, root.hi))
        coefficients = [str(c) for c in root.coefficients]
        return {
            "kind": "log-algebraic",
            "scale": str(value.scale),
            "coefficients": coefficients,
            "lo": str(lo),
            "hi": str(hi),
        }
    return {"kind": type(value).__name__, "value": str(value)}


def _conditions(*sides: sympy.Expr) -> list[dict[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for side in sides:
        for c in parse_with_conditions(side)[1]:
            if c.expr.free_symbols:
                found[(c.kind, sstr(c.expr))] = None
    return [{"kind": kind, "expr": expr} for kind, expr in found]


def _square_roots(*sides: sympy.Expr) -> dict[sympy.Expr, sympy.Expr]:
    """``{A: B}`` for each ``sqrt(A)`` (or ``A**(k/2)``) of the sides whose positive square
    root the prover finds exactly: ``B = P/Q`` with ``A = P**2/Q**2`` and ``P``, ``Q``
    positive for every real value (the kernel checks both), inner roots first."""
    from tanhproof.expr._errors import TanhproofError
    from tanhproof.proof._exprational import RationalContext
    from tanhproof.proof._rewriting import prepare

    found: dict[sympy.Expr, sympy.Expr] = {}
    radicands = [
        node.base
        for side in sides
        for node in sympy.preorder_traversal(side)
        if node.is_Pow and node.exp.is_Rational and node.exp.q == 2
    ]
    for base in reversed(radicands):
        if base in found:
            continue
        try:
            prepared = prepare(base)
            ctx = RationalContext.for_expressions([prepared])
            root = ctx._positive_square_root(ctx.convert(prepared).reduced())
        except TanhproofError:
            continue
        if root is not None:
            found[base] = ctx.to_sympy(root.num) / ctx.to_sympy(root.den)
    return found


def _denominators(proof: Proof, extra: tuple = ()) -> tuple[dict[str, int], int | None]:
    """``q_v`` per variable and ``q0``: the prover's choice (its substitution), made a
    common multiple of the denominators of every exponent of both sides (and of ``extra``)."""
    qs: dict[str, int] = {}
    q0 = None
    for key, value in proof.certificate.get("substitution", {}).items():
        if key == "S":
            q0 = 1 if value == "E" else int(value.removeprefix("exp(1/").rstrip(")"))
        elif key.startswith("T_"):
            inner = value.removeprefix("exp(").removesuffix(")")
            name, _, q = inner.partition("/")
            if name.isidentifier():
                qs[name] = int(q or 1)
    for node in sympy.preorder_traversal(sympy.Add(proof.lhs, proof.rhs, *extra, evaluate=False)):
        factor = _EXP_OF.get(type(node).__name__)
        if node.is_Pow and node.base is sympy.E:
            factor, arg = 1, node.exp
        elif factor is not None:
            arg = node.args[0]
        else:
            continue
        for term in sympy.Add.make_args(sympy.expand(factor * arg)):
            coeff, core = term.as_coeff_Mul()
            if not coeff.is_Rational:
                continue
            if core == 1:
                q0 = math.lcm(q0 or 1, int(coeff.q))
            elif core.is_Symbol:
                qs[core.name] = math.lcm(qs.get(core.name, 1), int(coeff.q))
    return dict(sorted(qs.items())), q0


def _step(step: Step) -> dict[str, Any]:
    return {
        "rule": step.rule,
        "justification": step.justification,
        "certificate": certificate(step.proof, step.before, step.after),
        "substeps": [_step(s) for s in step.substeps],
    }


def _derivation(d: Derivation) -> dict[str, Any]:
    return {
        "kind": "derivation",
        "function": sstr(d.function),
        "variable": d.variable.name,
        "order": d.order,
        "result": sstr(d.result),
        "steps": [_step(s) for s in d.steps],
        "branches": [[_step(s) for s in branch] for branch in d.branches],
        "forms": [certificate(f.proof, d.result, f.expr) for f in d.forms],
    }
