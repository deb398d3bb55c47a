r"""LaTeX output: an ``align*`` environment (amsmath) built with :func:`sympy.latex`.

Each claim or step is one row, ``lhs &= rhs && \text{verdict}``; the details of a
proof and the numeric evidence of a form are ``\intertext`` lines, and a first
comment line carries the version and the summary.

Examples
========

>>> from types import SimpleNamespace as P
>>> import sympy
>>> x = sympy.Symbol("x")
>>> p = P(lhs=sympy.tanh(x), rhs=sympy.tanh(x), verdict="proved", method="syntactic identity",
...       caveats=(), counterexample=None, evidence=(), reason="", seconds=0.0)
>>> print(proofs_latex([p], "the claim is proved").split("\n", 1)[1])
\begin{align*}
  \tanh{\left(x \right)} &= \tanh{\left(x \right)} && \text{proved (syntactic identity)}
\end{align*}
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from tanhproof import __version__
from tanhproof.render._notation import agreement_text
from tanhproof.render._pieces import (
    details,
    headline,
    latex_text,
    math_of,
    point_text,
    relation,
    verdict_phrase,
)
from tanhproof.render._tally import count_verdicts, iter_steps, summary_line, verdict_word

__all__ = ["derivation_latex", "proofs_latex"]


def _close_align(lines: list[str]) -> str:
    """Join the lines and close the ``align*``, without a line break after the last row."""
    if lines and lines[-1].endswith(" \\\\"):
        lines[-1] = lines[-1][: -len(" \\\\")]
    return "\n".join([*lines, r"\end{align*}"])


def proofs_latex(proofs: Sequence[Any], summary: str) -> str:
    """Proofs as the rows of one ``align*``, each with its verdict and details."""
    fmt, unicode = "latex", True
    lines = [f"% tanhproof {__version__}: {summary}", r"\begin{align*}"]
    for proof in proofs:
        note = latex_text(verdict_phrase(proof))
        lines.append(f"  {headline(proof, fmt, unicode, align=True)} && \\text{{{note}}} \\\\")
        lines.extend(f"  \\intertext{{{line}}}" for line in details(proof, False, fmt="latex"))
    return _close_align(lines)


def _latex_steps(steps: Sequence[Any], prefix: str = "") -> list[str]:
    """Rows of a chained ``align*``. Substeps are summarised (in full in the JSON
    output), except that any substep not proved is named in an ``\\intertext``."""
    lines, previous = [], None
    for k, step in enumerate(steps, 1):
        left = "" if previous is not None and step.before == previous else math_of(step.before, "latex", True)
        note = latex_text(f"({prefix}{k}) {step.rule}: {verdict_word(step.proof)}")
        lines.append(
            f"  {left} &{relation(step.proof, 'latex', True)} {math_of(step.after, 'latex', True)} "
            f"&& \\text{{{note}}} \\\\"
        )
        for line in details(step.proof, False, fmt="latex"):
            lines.append(f"  \\intertext{{{line}}}")
        previous = step.after
        subs = list(iter_steps(getattr(step, "substeps", ()) or ()))
        if subs:
            counts = count_verdicts(getattr(sub, "proof", None) for sub in subs)
            lines.append(f"  % step {prefix}{k}: {len(subs)} substeps, {counts['proved']} proved")
            for number, sub in _numbered(step.substeps, f"{prefix}{k}."):
                if verdict_word(sub.proof) != "proved":
                    lines.append(
                        f"  \\intertext{{\\small Substep {number} ({latex_text(sub.rule)}): "
                        f"{verdict_word(sub.proof)}}}"
                    )
    return lines


def _numbered(steps: Sequence[Any], prefix: str) -> Iterator[tuple[str, Any]]:
    for k, step in enumerate(steps, 1):
        yield f"{prefix}{k}", step
        yield from _numbered(getattr(step, "substeps", ()) or (), f"{prefix}{k}.")


def derivation_latex(d: Any) -> str:
    """A derivation as one ``align*``: steps, branches and forms with their evidence."""
    result = math_of(d.result, "latex", True)
    lines = [f"% tanhproof {__version__}: {summary_line(d)}", r"\begin{align*}"]
    lines.extend(_latex_steps(d.steps))
    for b, branch in enumerate(getattr(d, "branches", ()) or (), 1):
        lines.append(f"  \\intertext{{Branch {b}:}}")
        lines.extend(_latex_steps(branch, f"B{b}."))
    if d.forms:
        lines.append(f"  \\intertext{{Equivalent forms, each proved equal to ${result}$:}}")
        for form in d.forms:
            note = latex_text(verdict_word(form.proof))
            lines.append(
                f"  {result} &{relation(form.proof, 'latex', True)} "
                f"{math_of(form.expr, 'latex', True)} && \\text{{{note}}} \\\\"
            )
            for line in details(form.proof, False, fmt="latex"):
                lines.append(f"  \\intertext{{{line}}}")
            checks = getattr(form, "checks", ()) or ()
            if checks:
                parts = "; ".join(
                    f"${latex_text(point_text(c.point))}$: ${agreement_text(c, 'latex', True)}$"
                    f"{'' if c.ok else ' (disagree)'}"
                    for c in checks
                )
                digits = "/".join(sorted({str(c.digits) for c in checks}))
                lines.append(
                    f"  \\intertext{{\\small Numeric evidence ({digits} digits, not a proof): {parts}}}"
                )
    return _close_align(lines)
