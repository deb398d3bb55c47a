"""The ``:tanhproof:value:`` role: a value computed by the library when the page builds.

```:tanhproof:value:`EXPR[; NAME=VALUE ...][; digits=N]```` shows ``EXPR`` at the
given point to ``N`` significant digits (default ``tanhproof_value_digits``).
Values are read exactly (``x=1/2``, ``x=0.5``, ``x=0x1p-1``). The number is
computed by :func:`tanhproof.evaluate` to ``N + 5`` digits and printed with
``N``, so every printed digit is right except, rarely, the last one of a value
within ``10**-(N+5)`` (relative) of a rounding tie.

Examples
========

>>> parse_value_text("tanh(x); x=1/2; digits=20")
('tanh(x)', {'x': '1/2'}, 20)
>>> parse_value_text("tanh(1)")
('tanh(1)', {}, None)
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from ..errors import ParseError, TanhproofError
from . import report

__all__ = ["ValueRole", "parse_value_text"]


def parse_value_text(text: str) -> tuple[str, dict[str, str], int | None]:
    """Split ``EXPR; name=value; digits=N`` into its parts (one-line errors)."""
    parts = [p.strip() for p in text.split(";")]
    expr, point, digits = parts[0], {}, None
    if not expr:
        raise ParseError(f"no expression in {text!r}")
    for part in parts[1:]:
        name, eq, value = (s.strip() for s in part.partition("="))
        if not eq or not name.isidentifier() or not value:
            raise ParseError(f"expected 'name=value', got {part!r}")
        if name == "digits":
            if not value.isdigit():
                raise ParseError(f"digits must be a positive integer, got {value!r}")
            digits = int(value)
        else:
            point[name] = value
    return expr, point, digits


class ValueRole(SphinxRole):
    """``:tanhproof:value:`tanh(x); x=1/2```: the number, as literal text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        import mpmath

        from .. import evaluate

        _, line = self.get_source_info()
        try:
            expr, point, digits = parse_value_text(self.text)
            digits = digits or self.config.tanhproof_value_digits
            text = mpmath.nstr(evaluate(expr, digits=digits + 5, **point), digits, strip_zeros=False)
        except TanhproofError as exc:
            report.fail(self.env, self.env.docname, line, f"tanhproof:value: {' '.join(str(exc).split())}")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        self.env.get_domain("tanhproof").record_check(self.env.docname, line, "value", self.text, "computed")
        return [nodes.literal(self.rawtext, text, classes=["tanhproof-value"])], []
