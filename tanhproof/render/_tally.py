"""Walk proof and derivation records and tally their verdicts.

Shared by :mod:`tanhproof.render._render` (summaries) and :mod:`tanhproof.cli._main` (exit codes).
Like the renderer it relies only on the records' documented attributes: a proof's
``verdict``; a derivation's ``steps``, ``branches`` (optional), ``forms``; a step's
``proof`` and ``substeps``; a form's ``proof`` and ``checks`` (each with ``ok`` and
``digits``). A missing proof counts as ``undecided``.

Examples
========

>>> from types import SimpleNamespace as R
>>> step = R(proof=R(verdict="proved"), substeps=(R(proof=None, substeps=()),))
>>> d = R(steps=(step,), forms=(R(proof=R(verdict="proved"), checks=()),))
>>> count_verdicts(iter_proofs(d))
{'proved': 2, 'refuted': 0, 'undecided': 1}
>>> overall_verdict(iter_proofs(d))
'undecided'
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "count_verdicts",
    "derivation_summary",
    "iter_proofs",
    "iter_steps",
    "overall_verdict",
    "summary_line",
    "verdict_word",
]

VERDICTS = ("proved", "refuted", "undecided")


def iter_steps(steps: Iterable[Any]) -> Iterator[Any]:
    """Every step of ``steps`` and, depth first, of their substeps."""
    for step in steps:
        yield step
        yield from iter_steps(getattr(step, "substeps", ()) or ())


def _all_steps(d: Any) -> list[Any]:
    steps = list(iter_steps(d.steps))
    for branch in getattr(d, "branches", ()) or ():
        steps.extend(iter_steps(branch))
    return steps


def iter_proofs(d: Any) -> Iterator[Any]:
    """Every ``Proof`` in a derivation: its steps (substeps and branches included),
    then its forms. A missing proof is yielded as ``None``."""
    for step in _all_steps(d):
        yield getattr(step, "proof", None)
    for form in d.forms:
        yield getattr(form, "proof", None)


def verdict_word(proof: Any) -> str:
    """The verdict word of ``proof``; ``undecided`` when there is none."""
    return "undecided" if proof is None else str(proof.verdict)


def count_verdicts(proofs: Iterable[Any]) -> dict[str, int]:
    """How many of ``proofs`` are proved, refuted and undecided.

    >>> from types import SimpleNamespace as P
    >>> count_verdicts([P(verdict="proved"), P(verdict="refuted"), None])
    {'proved': 1, 'refuted': 1, 'undecided': 1}
    """
    counts = Counter(verdict_word(p) for p in proofs)
    return {word: counts.get(word, 0) for word in VERDICTS}


def overall_verdict(proofs: Iterable[Any]) -> str:
    """``refuted`` if any is refuted, else ``undecided`` if any is undecided, else ``proved``.

    >>> from types import SimpleNamespace as P
    >>> overall_verdict([P(verdict="proved"), None])
    'undecided'
    """
    counts = count_verdicts(proofs)
    if counts["refuted"]:
        return "refuted"
    return "undecided" if counts["undecided"] else "proved"


def _checks(d: Any) -> list[Any]:
    return [c for form in d.forms for c in (getattr(form, "checks", ()) or ())]


def derivation_summary(d: Any) -> dict[str, Any]:
    """Counts for a derivation: steps and forms by verdict, numeric checks that agree."""
    checks = _checks(d)
    steps = count_verdicts(getattr(s, "proof", None) for s in _all_steps(d))
    forms = count_verdicts(getattr(f, "proof", None) for f in d.forms)
    return {
        "verdict": overall_verdict(iter_proofs(d)),
        "steps": steps,
        "forms": forms,
        "numeric_checks": {
            "total": len(checks),
            "agree": sum(1 for c in checks if c.ok),
            "digits": sorted({int(c.digits) for c in checks}),
        },
    }


def summary_line(d: Any) -> str:
    """One line for the end of a derivation, e.g. ``all 19 steps and all 6 forms proved;
    numeric checks at 50 digits agree (24 of 24)``. Steps include substeps and branches."""
    s = derivation_summary(d)
    nsteps, nforms = sum(s["steps"].values()), sum(s["forms"].values())

    def part(counts: dict[str, int], total: int, noun: str) -> str:
        if total == 0:
            return f"no {noun}"
        if counts["proved"] == total:
            return f"all {total} {noun}" if total != 1 else f"the 1 {noun[:-1]}"
        rest = ", ".join(f"{counts[w]} {w}" for w in ("refuted", "undecided") if counts[w])
        return f"{counts['proved']} of {total} {noun} ({rest})"

    if s["steps"]["proved"] == nsteps and s["forms"]["proved"] == nforms:
        head = f"{part(s['steps'], nsteps, 'steps')} and {part(s['forms'], nforms, 'forms')} proved"
    else:
        head = f"proved: {part(s['steps'], nsteps, 'steps')}; {part(s['forms'], nforms, 'forms')}"
    checks = s["numeric_checks"]
    if checks["total"]:
        digits = "/".join(str(n) for n in checks["digits"])
        if checks["agree"] == checks["total"]:
            head += f"; numeric checks at {digits} digits agree ({checks['total']} of {checks['total']})"
        else:
            head += f"; numeric checks at {digits} digits: {checks['agree']} of {checks['total']} agree"
    return head
