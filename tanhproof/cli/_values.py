"""What ``tanhproof eval`` reports: a value, how it was reached, as text or JSON.

:func:`value_report` runs the decimal Ziv loop (:func:`tanhproof.numeric._decimals.decimal_digits`)
or :func:`~tanhproof.numeric._rounding.round_to`'s loop and keeps what a reader needs to trust
the number: the exact point, the enclosure that fixed the value and its precision,
and the method. The digits are correctly rounded (ties to even) at any size; in the
one case the loop cannot decide (a value within ``2**-1500000`` of a decimal tie that
the exact prover does not confirm) the method says so and ``correctly_rounded`` is
false. The command line only prints it.

Examples
========

>>> report = value_report("tanh(x)", {"x": "0.5"}, digits=20)
>>> print(report.to_text())  # tanh(1/2) = 0.46211715726000975850231848... (mpmath)
tanh(x) at x = 0.5
  value (20 digits): 0.46211715726000975850
  enclosure: [0.4621171572600097585023185 +/- ...] (103 bits)
  method: arb enclosure narrowed until both ends round to the same 20 digits (correctly rounded, ties to even)
>>> print(value_report("sigmoid(x) + sigmoid(-x) - 0.75", {"x": "0.5"}, digits=1).to_text(show_enclosure=False))
sigmoid(x) + sigmoid(-x) - 0.75 at x = 0.5
  value (1 digits): 0.2
  method: the value is exactly halfway between two 1-digit decimals, proved by the exact prover: rounded half to even
>>> value_report("tanh(x)", {"x": "0.5"}, fmt="binary32", mode="up").to_dict()["hex"]
'0x1.d9353ep-2'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sympy

from tanhproof.numeric._decimals import decimal_digits
from tanhproof.numeric._enclosure import Enclosure, parsed_expression, prepare
from tanhproof.numeric._evaluate import check_digits
from tanhproof.numeric._formats import check_mode, get_format, to_hex
from tanhproof.numeric._reading import parse
from tanhproof.numeric._rounding import rounding_of
from tanhproof.proof._exact import proved_equal

__all__ = ["ValueReport", "unset_variables", "value_report"]


@dataclass(frozen=True)
class ValueReport:
    """A computed value with its evidence."""

    expression: str
    point: dict[str, str]
    value: str
    method: str
    enclosure: Enclosure | None  # None for an IEEE NaN or pole value (no enclosure decides it)
    digits: int | None = None
    format: str | None = None
    mode: str | None = None
    hex: str | None = None
    correctly_rounded: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        data: dict[str, Any] = {"expression": self.expression, "point": self.point}
        if self.format is not None:
            data.update(format=self.format, mode=self.mode, hex=self.hex)
        else:
            data.update(digits=self.digits, correctly_rounded=self.correctly_rounded)
        data.update(
            value=self.value,
            method=self.method,
            enclosure=None if self.enclosure is None else self.enclosure.to_dict(),
        )
        return data

    def to_json(self) -> str:
        """The report as indented JSON text."""
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self, *, show_enclosure: bool = True) -> str:
        """The report for a terminal."""
        where = ", ".join(f"{k} = {v}" for k, v in self.point.items())
        lines = [f"{self.expression} at {where}" if where else self.expression]
        if self.format is not None:
            lines.append(f"  {self.format}, round {self.mode}: {self.hex} ({self.value})")
        else:
            lines.append(f"  value ({self.digits} digits): {self.value}")
        if show_enclosure and self.enclosure is not None:
            e = self.enclosure
            shown = min((self.digits or 17) + 5, 80)
            lines.append(f"  enclosure: {e.ball.str(shown, radius=True)} ({e.bits} bits)")
        lines.append(f"  method: {self.method}")
        return "\n".join(lines)


def unset_variables(expr: Any, point: Mapping[str, Any]) -> list[str]:
    """The variables of ``expr`` that ``point`` gives no value, sorted (bad text raises ParseError).

    Examples
    ========

    >>> unset_variables("tanh(x + y)", {"x": "1"}), unset_variables("pi", {})
    (['y'], [])
    """
    return sorted(s.name for s in parsed_expression(expr).free_symbols if s.name not in point)


def value_report(
    expr: Any,
    point: Mapping[str, Any],
    *,
    digits: int | None = None,
    fmt: str | None = None,
    mode: str = "nearest",
) -> ValueReport:
    """Evaluate ``expr`` at ``point`` to ``digits`` (default 50) or round it to ``fmt``.

    Every argument is checked before any evaluation starts, so bad input fails fast
    with a one-line :class:`~tanhproof.TanhproofError`.
    """
    if fmt is not None:
        f = get_format(fmt)
        mode = check_mode(mode)
    else:
        digits = check_digits(50 if digits is None else digits)
    if fmt is not None:  # IEEE answers: NaN outside the domain (with the reason), infinities at poles
        text = " ".join(expr.split()) if isinstance(expr, str) else sympy.sstr(expr)
        parse(expr)  # bad text is still bad input
    else:
        problem = prepare(expr, point, proved_equal)
        text = sympy.sstr(problem.expr) if not isinstance(expr, str) else " ".join(expr.split())
    shown = {name: str(value) for name, value in sorted(point.items())}
    if fmt is None:
        decimal = decimal_digits(problem, check_digits(digits))
        return ValueReport(
            text,
            shown,
            decimal.text,
            decimal.how,
            decimal.enclosure,
            digits=digits,
            correctly_rounded=decimal.correct,
        )
    r = rounding_of(expr, f, mode, exact=proved_equal, **point)
    result = float(r.value)
    how = r.method if r.reason is None else f"{r.method}: {r.reason}"
    return ValueReport(
        text,
        shown,
        repr(r.value)
        .removeprefix("np.float16(")
        .removeprefix("np.float32(")
        .removeprefix("np.float64(")
        .rstrip(")"),
        how,
        r.enclosure,
        format=f.name,
        mode=mode,
        hex=to_hex(result, short=True),
    )
