"""The ``:tanhproof:value:`` role: a value computed by the library when the page builds.

```:tanhproof:value:`EXPR[; NAME=VALUE ...][; digits=N]```` shows ``EXPR`` at the
given point to ``N`` significant digits (default ``tanhproof_value_digits``).
Values are read exactly (``x=1/2``, ``x=0.5``, ``x=0x1p-1``). The digits are rounded
once, from the enclosure, by :func:`tanhproof.numeric._decimals.decimal_digits`: they are the
correctly rounded value (ties to even), as ``tanhproof eval`` prints it. In the one
case that loop cannot decide (a value within ``2**-1500000`` of a decimal tie that
the exact prover does not confirm), the role warns at ``file:line`` as an undecided
claim does (an error with ``tanhproof_undecided_is_error``). Bad input, or ``digits``
beyond :data:`~tanhproof.expr._limits.LIMITS`, is an error naming the limit as written.

Examples
========

>>> parse_value_text("tanh(x); x=1/2; digits=20")
('tanh(x)', {'x': '1/2'}, 20)
>>> parse_value_text("tanh(1)")
('tanh(1)', {}, None)
>>> parse_value_text("tanh(1); digits=1" + "0" * 20)
Traceback (most recent call last):
...
tanhproof.LimitError: digits=100000000000000000000 exceeds the limit of 100000
"""

from __future__ import annotations

import typing

from docutils import nodes
from sphinx.util.docutils import SphinxRole

from tanhproof.expr._errors import LimitError, ParseError, TanhproofError
from tanhproof.expr._limits import LIMITS
from tanhproof.sphinxext import _report as report
from tanhproof.sphinxext._base import role_line

if typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.sphinxext._domain import TanhproofDomain

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
            if not (value.isascii() and value.isdigit()):
                raise ParseError(f"digits must be a positive integer, got {value!r}")
            if len(value.lstrip("0")) > len(str(LIMITS.max_digits)):  # no int() of a huge literal
                raise LimitError(f"digits={value} exceeds the limit of {LIMITS.max_digits}")
            digits = int(value)
        else:
            point[name] = value
    return expr, point, digits


class ValueRole(SphinxRole):
    """``:tanhproof:value:`tanh(x); x=1/2```: the number, as literal text."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        from tanhproof.numeric._decimals import decimal_digits
        from tanhproof.numeric._enclosure import prepare
        from tanhproof.numeric._evaluate import check_digits
        from tanhproof.proof._exact import proved_equal

        line = role_line(self)
        try:
            expr, point, digits = parse_value_text(self.text)
            digits = check_digits(self.config.tanhproof_value_digits if digits is None else digits)
            result = decimal_digits(prepare(expr, point, proved_equal), digits)
        except TanhproofError as exc:
            report.fail(self.env, self.env.docname, line, f"tanhproof:value: {' '.join(str(exc).split())}")
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        if not result.correct:
            report.undecided(self.env, self.env.docname, line, f"tanhproof:value: {self.text}: {result.how}")
        domain = typing.cast("TanhproofDomain", self.env.get_domain("tanhproof"))
        domain.record_check(self.env.docname, line, "value", self.text, "computed")
        return [nodes.literal(self.rawtext, result.text, classes=["tanhproof-value"])], []
