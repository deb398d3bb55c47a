"""The findings of an accuracy audit: :class:`Point` (one input and what happened
there) and :class:`AccuracyReport` (the finished, immutable summary that
:func:`tanhproof.audit` returns).

The statistics are gathered by :mod:`tanhproof.audits._accuracy` (per shard, merged
associatively); a report's renderings that need layout (a text table, a plot) are in
:mod:`tanhproof.audits._report`. Non-finite floats appear in JSON as the strings
``"inf"``, ``"-inf"`` and ``"nan"``.

Examples
========

>>> r = AccuracyReport(target="numpy.tanh", reference="tanh", fmt="binary16", points=3, max_ulp=0.75,
...                    worst=Point(0.5, 0.4619140625, 0.46142578125, 0.75),
...                    histogram={"<=0.5": 2, "<=1": 1}, not_correctly_rounded=1)
>>> r.within(1), r.within(0.5), r.correctly_rounded
(True, False, 2)
>>> r.to_dict()["worst"]["x_hex"]
'0x1p-1'
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field, fields, replace
from typing import Any

from tanhproof._notebook import RichDisplay, short_repr
from tanhproof.numeric._formats import to_hex

__all__ = ["AccuracyReport", "Point", "ShardFailure"]


@dataclass(frozen=True)
class Point:
    """One input and what happened there: the result ``got``, the correctly rounded
    value ``expected`` and the error in ULPs.

    Examples
    ========

    >>> p = Point(10.0, 0.0, 8.243e-09, 2.0e7)
    >>> p.x_hex, p.got_hex
    ('0x1.4p+3', '0x0p+0')
    """

    x: float
    got: float
    expected: float
    ulp: float

    @property
    def x_hex(self) -> str:
        return to_hex(self.x, short=True)

    @property
    def got_hex(self) -> str:
        return to_hex(self.got, short=True)

    @property
    def expected_hex(self) -> str:
        return to_hex(self.expected, short=True)

    def to_dict(self) -> dict[str, Any]:
        return {
            "x": _json_float(self.x),
            "x_hex": self.x_hex,
            "got": _json_float(self.got),
            "got_hex": self.got_hex,
            "expected": _json_float(self.expected),
            "expected_hex": self.expected_hex,
            "ulp": _json_float(self.ulp),
        }

    def __str__(self) -> str:
        return (
            f"x = {self.x_hex} ({self.x!r}): got {self.got_hex} ({self.got!r}), "
            f"correctly rounded {self.expected_hex} ({self.expected!r}), {_ulp_text(self.ulp)} ULP"
        )


def _json_float(v: float) -> float | str:
    return v if math.isfinite(v) else ("nan" if math.isnan(v) else ("inf" if v > 0 else "-inf"))


def _ulp_text(v: float) -> str:
    if math.isinf(v):
        return "inf"
    return f"{v:.3g}" if v < 1e5 else f"{v:.4g}"


@dataclass(frozen=True)
class ShardFailure:
    """A shard that gave no result: its place in the plan (``shard``), its inputs in
    words, how many, and why (``"worker killed by signal 11 (SIGSEGV)"``,
    ``"no answer in 60 s"``, ``"target f raised ValueError: ..."``). None of its inputs
    is counted in the report's statistics.

    Examples
    ========

    >>> f = ShardFailure(3, "x in [0x1p+0, 0x1.ffcp+0] (1,024 inputs)", 1024, "worker exited with code 3")
    >>> str(f)
    'x in [0x1p+0, 0x1.ffcp+0] (1,024 inputs): worker exited with code 3'
    """

    shard: int
    inputs: str
    points: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"shard": self.shard, "inputs": self.inputs, "points": self.points, "reason": self.reason}

    def __str__(self) -> str:
        return f"{self.inputs}: {self.reason}"


@dataclass(frozen=True, repr=False)
class AccuracyReport(RichDisplay):
    """How accurate an implementation is, in ULPs against the correctly rounded reference.

    The headline numbers (``max_ulp``, ``worst``, ``mean_ulp``, ``histogram``,
    ``not_correctly_rounded``, ``zero_where_nonzero``, ``wrong_sign``) are over the
    normal inputs inside the reference's domain; subnormal, zero, infinite and NaN
    inputs are in ``specials``. ``partial`` is True when the audit was interrupted
    (``stopped_by`` says by what: ``"SIGINT"``, ``"SIGTERM"``, ...): the numbers then cover
    only ``shards_done`` of ``shards_total`` shards. ``shard_failures`` lists the shards
    that gave no result (the target raised, its worker died, or it did not answer in
    time): the audit went on without them, their inputs are not counted, and the
    report does not pass (:meth:`within` is False). ``resumed_shards`` of the shards
    done came from a checkpoint.
    """

    target: str = ""
    reference: str = ""
    fmt: str = ""
    inputs: str = ""
    points: int = 0
    max_ulp: float = 0.0
    worst: Point | None = None
    mean_ulp: float = 0.0
    histogram: dict[str, int] = field(default_factory=dict)
    not_correctly_rounded: int = 0
    zero_where_nonzero: int = 0
    first_zero_where_nonzero: float | None = None
    wrong_sign: int = 0
    slow_path: int = 0
    undefined: int = 0
    specials: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: int | None = None
    max_ulp_limit: float | None = None
    partial: bool = False
    elapsed: float = 0.0
    processes: int = 1
    shards_done: int = 0
    shards_total: int = 0
    method: str = ""
    profile: tuple[tuple[float, float], ...] = field(default=(), repr=False)
    shard_failures: tuple[ShardFailure, ...] = ()
    stopped_by: str = ""
    resumed_shards: int = 0

    def within(self, max_ulp: float) -> bool:
        """Whether every measured error is at most ``max_ulp``, every special input
        (zero, infinity, NaN) gives the correctly rounded result, and no shard failed."""
        if self.shard_failures:
            return False
        specials_ok = all(s["mismatches"] == 0 for c, s in self.specials.items() if c != "subnormal")
        sub = self.specials.get("subnormal", {}).get("max_ulp", 0.0)
        return self.max_ulp <= max_ulp and sub <= max_ulp and specials_ok

    @property
    def correctly_rounded(self) -> int:
        """Normal inputs whose result is the correctly rounded value."""
        return sum(self.histogram.values()) - self.not_correctly_rounded

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (non-finite floats as the strings ``"inf"``/``"nan"``)."""
        out: dict[str, Any] = {}
        for f in fields(self):
            if f.name == "profile":
                continue
            v = getattr(self, f.name)
            if isinstance(v, Point):
                v = v.to_dict()
            elif isinstance(v, float):
                v = _json_float(v)
            out[f.name] = v
        out["shard_failures"] = [f.to_dict() for f in self.shard_failures]
        out["specials"] = {c: {**s, "max_ulp": _json_float(s["max_ulp"])} for c, s in self.specials.items()}
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self) -> str:
        """The report as a text table, as ``tanhproof audit`` prints it."""
        from tanhproof.audits._report import report_text

        return report_text(self)

    def with_info(self, **changes: Any) -> AccuracyReport:
        return replace(self, **changes)

    def __repr__(self) -> str:
        limit = self.max_ulp_limit
        within = "" if limit is None else f", within {limit:g} ULP: {'yes' if self.within(limit) else 'no'}"
        partial = " (partial)" if self.partial else ""
        return short_repr(
            type(self).__name__,
            f"{self.target} against {self.reference} in {self.fmt}: {self.points:,} points, "
            f"max {_ulp_text(self.max_ulp)} ULP{within}{partial}",
        )

    def _blocks(self) -> list:
        """The report for a notebook: tables with units and the error plot
        (:func:`tanhproof.audits._report.report_blocks`)."""
        from tanhproof.audits._report import report_blocks

        return report_blocks(self)
