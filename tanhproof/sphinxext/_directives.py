r"""The ``tanhproof:derivation`` and ``tanhproof:identity`` directives.

``.. tanhproof:derivation:: F``
    :func:`tanhproof.derive` of ``F`` (a catalog name or an expression in x).
    Options: ``:order: N`` (default 1); ``:forms: all`` (default), ``none`` or
    expressions separated by ``;`` (each must be one of the derivation's forms);
    ``:branches: yes|no`` (default yes); ``:rules: yes|no`` (show the rule names
    and justifications, default yes). The content, if any, is shown after the title.
``.. tanhproof:identity:: A == B [== C ...]``
    :func:`tanhproof.prove` of each adjacent pair. Option ``:expect: refuted`` shows
    a claim that is false (the build fails if it is not refuted). The content, if
    any, is shown below the identity.

A step, branch step or form that is not proved, or a refuted identity, fails the
build; an undecided identity is a warning (see :mod:`tanhproof.sphinxext._report`).
Every verdict shown is re-checked by the independent kernel, its certificate linked
from the page (:mod:`tanhproof.sphinxext._certificates`): a rejection fails the build.

Examples
========

>>> split_sides("tanh(-x) == -tanh(x)")
['tanh(-x)', '-tanh(x)']
>>> split_sides("tanh(x)")
Traceback (most recent call last):
...
tanhproof.ParseError: expected 'LHS == RHS [== ...]', got 'tanh(x)'
"""

from __future__ import annotations

import itertools
from typing import Any, ClassVar

import sympy
from docutils import nodes
from docutils.parsers.rst import directives

from tanhproof.expr._errors import ParseError
from tanhproof.sphinxext._base import TanhproofDirective, caveats_text, math_block, verdict_span
from tanhproof.sphinxext._certificates import kernel_note, recheck

__all__ = ["DerivationDirective", "IdentityDirective", "split_sides"]


def split_sides(text: str) -> list[str]:
    """The sides of ``A == B [== ...]``, stripped; a one-line error for anything else."""
    sides = [side.strip() for side in " ".join(text.split()).split("==")]
    if len(sides) < 2 or not all(sides):
        raise ParseError(f"expected 'LHS == RHS [== ...]', got {text!r}")
    return sides


def _yes_no(argument: str | None) -> bool:
    return directives.choice((argument or "yes").lower(), ("yes", "no")) == "yes"


def _tex(expr: Any) -> str:
    return sympy.latex(expr)


def _rebuilt(expr: Any) -> Any:
    """``expr`` rebuilt with SymPy's automatic evaluation, to recognise a form however it is
    written (``1/x**2`` and ``x**(-2)``); used only to pick the forms to show, never in a verdict."""
    if not expr.args:
        return expr
    with sympy.evaluate(True):
        return expr.func(*(_rebuilt(a) for a in expr.args))


def _relation(word: str) -> str:
    return {"refuted": r"\neq", "undecided": r"\overset{?}{=}"}.get(word, "=")


def _method(proof: Any) -> str:
    parts = [proof.method] if proof.method else []
    if proof.caveats:
        parts.append(caveats_text(proof))
    return ", ".join(parts)


class DerivationDirective(TanhproofDirective):
    """``.. tanhproof:derivation:: tanh``: numbered, proved steps as display math."""

    kind = "derivation"
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "order": directives.positive_int,
        "forms": directives.unchanged,
        "branches": _yes_no,
        "rules": _yes_no,
    }

    def check(self) -> list[nodes.Node]:
        from tanhproof import derive, parse

        order = self.options.get("order", 1)
        d = derive(self.arguments[0], order=order)
        rules = self.options.get("rules", True)
        failed = False

        def steps_list(steps: Any, prefix: str) -> nodes.enumerated_list:
            nonlocal failed
            items = nodes.enumerated_list(
                enumtype="arabic", prefix=prefix, suffix=".", classes=["tanhproof-steps"]
            )
            for k, step in enumerate(steps, 1):
                word = "proved" if step.proved else str(step.proof.verdict)
                if not step.proved:
                    failed = True
                    self.fail(
                        f"step {prefix}{k} ({step.rule}) is {word}: "
                        f"{sympy.sstr(step.before)} == {sympy.sstr(step.after)}"
                    )
                item = nodes.list_item()
                item += math_block(
                    f"{_tex(step.before)} {_relation(word)} {_tex(step.after)}", self.env.docname
                )
                para = nodes.paragraph()
                if rules:
                    para += nodes.strong(step.rule, step.rule)
                    para += nodes.Text(f": {step.justification}. ")
                para += verdict_span(word, step.proof.method)
                if step.substeps:
                    n = sum(1 for _ in step.walk()) - 1
                    para += nodes.Text(f" ({n} substeps, all proved)" if step.proved else f" ({n} substeps)")
                item += para
                items += item
            return items

        title = nodes.paragraph(classes=["tanhproof-title"])
        title += nodes.strong(text="Derivation of ")
        title += nodes.math(_tex(d.steps[0].before), _tex(d.steps[0].before))
        title += nodes.Text(f": {len(d.steps)} steps, each checked by tanhproof.prove.")
        parts: list[nodes.Node] = [title, *self.body(), steps_list(d.steps, "")]
        if self.options.get("branches", True):
            for b, branch in enumerate(d.branches, 1):
                para = nodes.paragraph(text=f"Branch {b}: another route, to ")
                para += nodes.math(_tex(branch[-1].after), _tex(branch[-1].after))
                parts += [para, steps_list(branch, f"B{b}.")]
        forms = self._forms(d, parse)
        if forms:
            para = nodes.paragraph(text="Equivalent forms of the result, each proved equal to it:")
            table = nodes.bullet_list(classes=["tanhproof-forms"])
            for form in forms:
                word = str(form.proof.verdict)
                if not form.proof.proved:
                    failed = True
                    self.fail(f"form {sympy.sstr(form.expr)} is {word}")
                item = nodes.list_item()
                item += math_block(f"{_tex(d.result)} {_relation(word)} {_tex(form.expr)}", self.env.docname)
                checks = form.checks
                extra = ""
                if checks:
                    agree = sum(1 for c in checks if c.ok)
                    extra = (
                        f"; numeric evidence, not a proof: agrees at {agree} of {len(checks)} points "
                        f"to {checks[0].digits} digits"
                    )
                item += nodes.paragraph("", "", verdict_span(word, form.proof.method), nodes.Text(extra))
                table += item
            parts += [para, table]
        if not failed:  # a step or form not proved has failed already: nothing for the kernel
            results = recheck(self, [(d, None, None)])
            note = nodes.paragraph(classes=["tanhproof-detail"])
            note += kernel_note(results, self.env.docname, lead="")
            note += nodes.Text(": every step, substep, branch step and form of this derivation.")
            parts.append(note)
        self.record(f"derive {self.arguments[0]} order {order}", "failed" if failed else "proved")
        return [self.container(*parts)]

    def _forms(self, d: Any, parse: Any) -> list[Any]:
        choice = self.options.get("forms", "all").strip()
        if choice == "all":
            return list(d.forms)
        if choice == "none":
            return []
        chosen = []
        known_forms = [(f, _rebuilt(f.expr)) for f in d.forms]
        for text in filter(None, (t.strip() for t in choice.split(";"))):
            wanted = _rebuilt(parse(text))
            match = [f for f, shown in known_forms if shown == wanted]
            if not match:
                known = "; ".join(sympy.sstr(f.expr) for f in d.forms)
                raise ParseError(f"form {text!r} is not a form of this derivation's result; forms: {known}")
            chosen.append(match[0])
        return chosen


class IdentityDirective(TanhproofDirective):
    """``.. tanhproof:identity:: LHS == RHS``: the identity as math with its verdict."""

    kind = "identity"
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {"expect": lambda a: directives.choice(a, ("proved", "refuted"))}

    def check(self) -> list[nodes.Node]:
        from tanhproof import parse, prove

        sides = split_sides(self.arguments[0])
        exprs = [parse(s) for s in sides]
        expect = self.options.get("expect", "proved")
        proofs = [prove(a, b) for a, b in itertools.pairwise(exprs)]
        words = [str(p.verdict) for p in proofs]
        shown = [sympy.latex(e, order="none") for e in exprs]  # each side as written (the parser keeps it so)
        latex = shown[0] + "".join(f" {_relation(w)} {e}" for w, e in zip(words, shown[1:], strict=True))
        details = nodes.paragraph(classes=["tanhproof-detail"])
        for k, (p, w) in enumerate(zip(proofs, words, strict=True)):
            if len(proofs) > 1:
                details += nodes.Text(f"{'; ' if k else ''}{sides[k]} = {sides[k + 1]}: ")
            details += verdict_span(w, _method(p))
            if p.counterexample is not None:
                cx = p.counterexample
                point = ", ".join(f"{name} = {v}" for name, v in cx.point.items())
                details += nodes.Text(f"; counterexample at {point}: lhs − rhs ∈ {cx.enclosure}")
            if p.evidence:
                details += nodes.Text("; numeric evidence, not a proof: " + "; ".join(p.evidence))
        checked = [(p, a, b) for p, w, (a, b) in zip(proofs, words, itertools.pairwise(sides), strict=True)]
        details += kernel_note(
            recheck(self, [c for c in checked if str(c[0].verdict) != "undecided"]), self.env.docname
        )
        if "undecided" in words:
            details += nodes.Text("; an undecided verdict carries nothing for the kernel to re-check")
        text = " == ".join(sides)
        if expect == "refuted":
            if "refuted" not in words:
                self.fail(f"expected {text} to be refuted, but it is {'/'.join(words)}")
            verdict = "refuted" if "refuted" in words else "failed"
        else:
            for p, w, (a, b) in zip(proofs, words, itertools.pairwise(sides), strict=True):
                if w == "refuted":
                    found = p.counterexample
                    where = (
                        ""
                        if found is None
                        else " at " + ", ".join(f"{name} = {v}" for name, v in found.point.items())
                    )
                    self.fail(f"refuted: {a} == {b}{where} ({p.method})")
                elif w == "undecided":
                    self.undecided(f"undecided: {a} == {b} ({p.reason or p.method})")
            verdict = "refuted" if "refuted" in words else "undecided" if "undecided" in words else "proved"
        self.record(text, verdict)
        return [self.container(math_block(latex, self.env.docname), details, *self.body())]
