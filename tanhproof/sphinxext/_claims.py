r"""The ``tanhproof:inequality``, ``tanhproof:limit`` and ``tanhproof:shape`` directives.

``.. tanhproof:inequality:: A < B [<= C ...]``
    :func:`tanhproof.prove` of the claim as written (relations ``<``, ``<=``, ``>``,
    ``>=``, chained). Option ``:where: COND`` restricts it (``x >= 0``).
``.. tanhproof:limit:: EXPR``
    :func:`tanhproof.proof.prove_limit` of ``EXPR`` as ``:var:`` (default ``x``) tends
    to ``:to:`` (default ``oo``; ``-oo`` or a number); ``:value: V`` states the
    limit. With ``:asymptotic: G`` instead, :func:`tanhproof.proof.prove_asymptotic`
    of ``EXPR ~ G``.
``.. tanhproof:shape:: EXPR``
    :func:`tanhproof.proof.prove_shape` of ``EXPR`` with ``:kind:`` one of
    ``increasing``, ``decreasing``, ``convex``, ``concave``, ``maximum``,
    ``minimum``, ``inflection``; ``:where: COND`` (the interval), ``:at: A`` (the
    point of an extremum or inflection), ``:value: M`` (an extremum's value) and
    ``:var:`` (the variable, when the expression has none or several).

Each shows the claim as display math with its verdict and method, where equality
holds, and the proofs the claim rests on (the links of a chain, the derivative
identity and sign of a shape claim). Option ``:expect: refuted`` shows a claim that
is false. A refuted claim, or one that cannot be read, fails the build at the
directive's ``file:line``; an undecided one is a warning, an error when
``tanhproof_undecided_is_error = True`` (see :mod:`tanhproof.sphinxext._report`).
The kernel does not check these claims yet: the page says so next to each, and
their certificates are not in the page's certificate file. The directives hold no mathematics: splitting the claim at its relations and
parsing the sides only serves to typeset it; the verdict is the library's.

Examples
========

>>> split_relations("-1 < tanh(x) <= 1")
(['-1', 'tanh(x)', '1'], ['<', '<='])
>>> split_relations("tanh(x)")
Traceback (most recent call last):
...
tanhproof.ParseError: expected 'A < B' (relations <, <=, >, >=, chained), got 'tanh(x)'
>>> relation_tex("<=", "proved"), relation_tex("<", "refuted")
('\\le', '\\not<')
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import sympy
from docutils import nodes
from docutils.parsers.rst import directives

from tanhproof.expr._errors import ParseError, TanhproofError
from tanhproof.sphinxext._base import TanhproofDirective, caveats_text, math_block, verdict_span
from tanhproof.sphinxext._certificates import NOT_RECHECKED

__all__ = [
    "SHAPE_KINDS",
    "InequalityDirective",
    "LimitDirective",
    "ShapeDirective",
    "relation_tex",
    "split_relations",
]

SHAPE_KINDS = ("increasing", "decreasing", "convex", "concave", "maximum", "minimum", "inflection")

_RELATIONS = re.compile(r"(<=|>=|<|>)")
_TEX = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "=": "=", "~": r"\sim"}


def split_relations(text: str) -> tuple[list[str], list[str]]:
    """The sides and relations of ``A < B [<= C ...]``, stripped; a one-line error otherwise."""
    pieces = _RELATIONS.split(" ".join(text.split()))
    sides, relations = [p.strip() for p in pieces[::2]], pieces[1::2]
    if not relations or not all(sides):
        raise ParseError(f"expected 'A < B' (relations <, <=, >, >=, chained), got {text!r}")
    return sides, relations


def relation_tex(relation: str, word: str) -> str:
    """The LaTeX of ``relation``: negated when refuted, with a question mark when undecided."""
    tex = _TEX.get(relation, relation)
    if word == "refuted":
        return r"\neq" if relation == "=" else rf"\not{tex}"
    if word == "undecided":
        return rf"\overset{{?}}{{{tex}}}"
    return tex


def _expr_tex(text: str) -> str:
    from tanhproof import parse

    return sympy.latex(parse(text), order="none")


def _point_tex(text: str) -> str:
    """``oo``, ``+oo`` and ``-oo`` as infinities; anything else parsed as an expression."""
    squeezed = text.replace(" ", "")
    if squeezed in ("oo", "+oo"):
        return r"\infty"
    if squeezed == "-oo":
        return r"-\infty"
    return _expr_tex(text)


def _condition_tex(text: str) -> str:
    """A ``:where:`` condition (``x >= 0``, ``0 < x < 1``; several joined by ``,`` or ``and``)."""
    parts = [p for p in re.split(r",|\band\b", text) if p.strip()]
    shown = []
    for part in parts:
        sides, relations = split_relations(part)
        tex = _point_tex(sides[0])
        for rel, side in zip(relations, sides[1:], strict=True):
            tex += f" {_TEX[rel]} {_point_tex(side)}"
        shown.append(tex)
    return r",\ ".join(shown)


def _claim_text(proof: Any) -> str:
    if proof.claim:
        return str(proof.claim)
    return (
        f"{sympy.sstr(proof.lhs)} {'==' if proof.relation == '=' else proof.relation} {sympy.sstr(proof.rhs)}"
    )


def _walk(proof: Any) -> list[Any]:
    """``proof`` and every proof it rests on, depth first."""
    found = [proof]
    for part in getattr(proof, "parts", ()):
        found += _walk(part)
    return found


def _counterexample(proof: Any) -> Any:
    for p in _walk(proof):
        if p.counterexample is not None:
            return p.counterexample
    return None


def _point(cx: Any) -> str:
    return ", ".join(f"{name} = {v}" for name, v in cx.point.items())


def _method(proof: Any) -> str:
    parts = [proof.method] if proof.method else []
    if proof.equality:
        parts.append(proof.equality)
    if proof.caveats:
        parts.append(caveats_text(proof))
    return ", ".join(parts)


def _library(room: str, name: str) -> Any:
    """``tanhproof.<room>.<name>``, or a one-line error naming what this version lacks."""
    import importlib

    module = importlib.import_module(f"tanhproof.{room}" if room else "tanhproof")
    try:
        return getattr(module, name)
    except AttributeError:
        raise TanhproofError(f"this version of tanhproof has no {module.__name__}.{name}") from None


class ClaimDirective(TanhproofDirective):
    """A claim proved by the library: :meth:`prove` it, :meth:`latex` it, report the verdict."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, Any]] = {
        "expect": lambda a: directives.choice(a, ("proved", "refuted")),
    }

    def prove(self) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def latex(self, proof: Any, word: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def text(self) -> str:
        """The claim as written, with its options, for messages and records."""
        return self.arguments[0]

    def check(self) -> list[nodes.Node]:
        proof = self.prove()
        word = str(proof.verdict)
        latex = self.latex(proof, word)
        text = self.text()
        expect = self.options.get("expect", "proved")
        if expect == "refuted":
            if word != "refuted":
                self.fail(f"expected {text} to be refuted, but it is {word}")
            verdict = "refuted" if word == "refuted" else "failed"
        else:
            if word == "refuted":
                cx = _counterexample(proof)
                where = "" if cx is None else f" at {_point(cx)}"
                self.fail(f"refuted: {text}{where} ({proof.method})")
            elif word == "undecided":
                self.undecided(f"undecided: {text} ({proof.reason or proof.method})")
            verdict = word
        self.record(text, verdict)
        return [self.container(math_block(latex, self.env.docname), *self.details(proof, word), *self.body())]

    def details(self, proof: Any, word: str) -> list[nodes.Node]:
        """The verdict and method, the counterexample or evidence, and the proofs it rests on."""
        para = nodes.paragraph(classes=["tanhproof-detail"])
        para += verdict_span(word, _method(proof))
        cx = _counterexample(proof)
        if word == "refuted" and cx is not None:
            para += nodes.Text(f"; counterexample at {_point(cx)}: {cx.enclosure}")
        if word == "undecided" and proof.reason:
            para += nodes.Text(f"; {proof.reason}")
        if proof.evidence:
            para += nodes.Text("; numeric evidence, not a proof: " + "; ".join(proof.evidence))
        para += nodes.Text(f"; {NOT_RECHECKED}")
        shown: list[nodes.Node] = [para]
        if proof.parts:
            shown.append(nodes.paragraph(text="It rests on:", classes=["tanhproof-parts-title"]))
            items = nodes.bullet_list(classes=["tanhproof-parts"])
            for part in proof.parts:
                item = nodes.paragraph()
                part_word = str(part.verdict)
                if not part.claim and part.relation in _TEX:  # an identity or relation: as math
                    tex = rf"{sympy.latex(part.lhs)} {relation_tex(part.relation, part_word)} {sympy.latex(part.rhs)}"
                    item += nodes.math(tex, tex)
                else:
                    item += nodes.literal(_claim_text(part), _claim_text(part))
                item += nodes.Text(": ")
                item += verdict_span(part_word, _method(part))
                items += nodes.list_item("", item)
            shown.append(items)
        return shown


class InequalityDirective(ClaimDirective):
    """``.. tanhproof:inequality:: -1 < tanh(x) < 1``: the inequality as math with its verdict."""

    kind = "inequality"
    option_spec: ClassVar[dict[str, Any]] = {
        **ClaimDirective.option_spec,
        "where": directives.unchanged_required,
    }

    def text(self) -> str:
        where = self.options.get("where")
        return self.arguments[0] + (f" where {where}" if where else "")

    def prove(self) -> Any:
        split_relations(self.arguments[0])  # a one-line error for text without a relation
        prove = _library("", "prove")  # tanhproof.prove reads a claim's text (issue 12)
        where = self.options.get("where")
        return prove(self.arguments[0], where=where) if where else prove(self.arguments[0])

    def latex(self, proof: Any, word: str) -> str:
        sides, relations = split_relations(self.arguments[0])
        links = list(proof.parts) if len(proof.parts) == len(relations) > 1 else [proof] * len(relations)
        words = [str(p.verdict) for p in links] if len(relations) > 1 else [word]
        tex = _expr_tex(sides[0])
        for rel, w, side in zip(relations, words, sides[1:], strict=True):
            tex += f" {relation_tex(rel, w)} {_expr_tex(side)}"
        where = self.options.get("where")
        return tex + (rf" \qquad \text{{for }} {_condition_tex(where)}" if where else "")


class LimitDirective(ClaimDirective):
    """``.. tanhproof:limit:: 1 - tanh(x)**2`` (``:to: oo``, ``:value: 0``): a proved limit;
    with ``:asymptotic: G``, the asymptotic equivalence ``EXPR ~ G``."""

    kind = "limit"
    option_spec: ClassVar[dict[str, Any]] = {
        **ClaimDirective.option_spec,
        "var": directives.unchanged_required,
        "to": directives.unchanged_required,
        "value": directives.unchanged_required,
        "asymptotic": directives.unchanged_required,
    }

    def _var_to(self) -> tuple[str, str]:
        return self.options.get("var", "x").strip(), self.options.get("to", "oo").strip()

    def text(self) -> str:
        var, to = self._var_to()
        if "asymptotic" in self.options:
            return f"{self.arguments[0]} ~ {self.options['asymptotic']} as {var} -> {to}"
        value = self.options.get("value")
        return f"limit of {self.arguments[0]} as {var} -> {to}" + (f" is {value}" if value else "")

    def prove(self) -> Any:
        var, to = self._var_to()
        if "asymptotic" in self.options:
            if "value" in self.options:
                raise ParseError("give either :value: or :asymptotic:, not both")
            prove_asymptotic = _library("proof", "prove_asymptotic")
            return prove_asymptotic(self.arguments[0], self.options["asymptotic"], var, to)
        prove_limit = _library("proof", "prove_limit")
        if "value" in self.options:
            return prove_limit(self.arguments[0], var, to, value=self.options["value"])
        return prove_limit(self.arguments[0], var, to)

    def latex(self, proof: Any, word: str) -> str:
        var, to = self._var_to()
        approach = rf"{_expr_tex(var)} \to {_point_tex(to)}"
        if "asymptotic" in self.options:
            return (
                rf"{_expr_tex(self.arguments[0])} {relation_tex('~', word)} "
                rf"{_expr_tex(self.options['asymptotic'])} \qquad ({approach})"
            )
        value = self.options.get("value")
        shown = _expr_tex(value) if value else sympy.latex(proof.rhs)
        return rf"\lim_{{{approach}}} \left({_expr_tex(self.arguments[0])}\right) {relation_tex('=', word)} {shown}"


class ShapeDirective(ClaimDirective):
    """``.. tanhproof:shape:: tanh(x)`` with ``:kind: increasing``: a proved shape claim."""

    kind = "shape"
    option_spec: ClassVar[dict[str, Any]] = {
        **ClaimDirective.option_spec,
        "kind": directives.unchanged_required,
        "where": directives.unchanged_required,
        "at": directives.unchanged_required,
        "value": directives.unchanged_required,
        "var": directives.unchanged_required,
    }

    def _kind(self) -> str:
        kind = self.options.get("kind", "").strip()
        if kind not in SHAPE_KINDS:
            got = f"unknown :kind: {kind!r}" if kind else "missing option :kind:"
            raise ParseError(f"{got} (one of {', '.join(SHAPE_KINDS)})")
        return kind

    def text(self) -> str:
        extra = [f"{k} {self.options[k]}" for k in ("where", "at", "value") if k in self.options]
        return " ".join([self.arguments[0], "is", self.options.get("kind", "?"), *extra])

    def prove(self) -> Any:
        kind = self._kind()
        prove_shape = _library("proof", "prove_shape")
        return prove_shape(
            self.arguments[0],
            kind,
            where=self.options.get("where"),
            at=self.options.get("at"),
            value=self.options.get("value"),
            var=self.options.get("var"),
        )

    def latex(self, proof: Any, word: str) -> str:
        kind, f = self._kind(), _expr_tex(self.arguments[0])
        where = self.options.get("where")
        at, value = self.options.get("at"), self.options.get("value")
        on = rf"\text{{for }} {_condition_tex(where)}" if where else r"\text{for every real } x"
        if kind in ("maximum", "minimum"):
            op = r"\max" if kind == "maximum" else r"\min"
            over = _condition_tex(where) if where else r"x \in \mathbb{R}"
            tex = rf"{op}_{{{over}}} {f}"
            if value:
                tex += f" = {_expr_tex(value)}"
            if at:
                tex += rf", \quad \text{{attained only at }} x = {_expr_tex(at)}"
        elif kind == "inflection":
            tex = rf"{f} \ \text{{has an inflection point}}" + (
                rf" \text{{ at }} x = {_expr_tex(at)}" if at else ""
            )
        else:
            tex = rf"{f} \ \text{{is {kind}}} \qquad {on}"
        if word != "proved":
            tex = rf"\text{{{'false' if word == 'refuted' else 'undecided'}: }} {tex}"
        return tex
