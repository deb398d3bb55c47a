"""Activations that are a catalog kernel at an exactly transformed input.

Four activation names are, exactly, a catalog function with a kernel of its own, at
an input that is still a value of every format and, for two of them, negated:

* ``logsigmoid(x) = log(1/(1 + e**-x)) = -softplus(-x)``;
* ``logsigmoid'(x) = 1 - sigmoid(x) = e**-x/(1 + e**-x) = sigmoid(-x)``;
* ``elu'(x) = celu'(x) = exp(min(x, 0))``: the catalog's derivative is 1 for ``x > 0``
  (``= exp(0)``) and ``exp(x)`` otherwise.

So :func:`tanhproof.numeric._bulk.reference` computes their references by the catalog function's path (its
kernels, its tables in binary16 and bfloat16, its proved constant ranges) instead of
the expression path of the activations, with the same correctly rounded values.

Explanation
===========

Negating a value of a format and taking ``min(x, 0)`` are exact in every format (and
keep NaN a NaN). Rounding commutes with negation when the direction is mirrored:
``RN(-y) = -RN(y)``, ``RZ(-y) = -RZ(y)``, ``RU(-y) = -RD(y)``, ``RD(-y) = -RU(y)``
(also at zero: a negated ``+0`` is the ``-0`` that ``-y`` rounds to when ``y`` rounds to
``+0``). The residual ``(f(x) - v)/ulp(v)`` of ``f = -g(-x)``, ``v = -w``, is minus
``g``'s at ``-x`` (``ulp`` is even); at an infinite input it is NaN, as every
reference's. At ``x = -+inf`` these are the catalog function's
limits: ``-softplus(+inf) = -inf``, ``-softplus(-inf) = -0``, ``sigmoid(-+inf)``,
``exp(-inf) = 0`` and ``exp(0) = 1``, the activations' limits with their signs.

Examples
========

>>> import numpy as np
>>> r = routed("logsigmoid", np.array([-2.0, 0.0]), "binary64", "up")
>>> r.route.target, r.argument.tolist(), r.mode
('softplus', [2.0, -0.0], 'down')
>>> routed("elu'", np.array([3.0, -1.0]), "binary64", "up").argument.tolist()
[0.0, -1.0]
>>> routed("tanh", np.array([1.0]), "binary64", "nearest") is None
True
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from tanhproof.numeric._arrayrounding import format_values
from tanhproof.numeric._formats import Format, get_format

__all__ = ["ROUTES", "Route", "Routed", "routed"]


@dataclass(frozen=True)
class Route:
    """``function(x) = sign * target(argument(x))``, exactly (module docstring)."""

    target: str
    argument: Callable[[np.ndarray], np.ndarray]
    sign: int


def _nonpositive(x: np.ndarray) -> np.ndarray:
    return np.minimum(x, np.zeros((), dtype=x.dtype))  # NaN stays NaN; -0 stays -0


#: The activation names computed by a catalog kernel (module docstring).
ROUTES: dict[str, Route] = {
    "celu'": Route("exp", _nonpositive, 1),
    "elu'": Route("exp", _nonpositive, 1),
    "logsigmoid": Route("softplus", np.negative, -1),
    "logsigmoid'": Route("sigmoid", np.negative, 1),
}

#: The direction of rounding ``y`` that gives the rounding of ``-y`` negated.
_MIRROR = {"nearest": "nearest", "zero": "zero", "up": "down", "down": "up"}


@dataclass(frozen=True)
class Routed:
    """A call of a routed name: the route, and what the catalog function's reference is
    called with (``argument`` in the caller's dtype, ``mode`` mirrored where negated)."""

    route: Route
    wide: np.ndarray  # the caller's inputs as float64, checked
    argument: np.ndarray
    mode: str

    def finish(self, got: Any) -> Any:
        """The routed name's :class:`~tanhproof.numeric._bulk.BulkResult` from the catalog
        function's ``got``."""
        res = got.residual
        if res is not None:  # NaN at an infinite input, as every reference's (exp(0) has 0)
            res = np.where(np.isinf(self.wide.reshape(res.shape)), np.nan, self.route.sign * res)
        values = got.values if self.route.sign > 0 else np.negative(got.values)
        return replace(got, values=values, residual=res)


def routed(function: Any, x: Any, fmt: str | Format, mode: str) -> Routed | None:
    """How :func:`tanhproof.numeric._bulk.reference` computes ``function`` as its
    route's catalog function, or None where ``function`` has no route. The inputs are
    checked here, so that an error names the caller's value, not a transformed one."""
    route = ROUTES.get(function) if isinstance(function, str) else None
    if route is None:
        return None
    wide = format_values(x, get_format(fmt))  # raises FormatError naming the first bad input
    own = np.asarray(x)
    # the caller's floats keep their dtype (a binary16 table reads float16 bits)
    argument = route.argument(own if own.dtype.kind == "f" else wide.reshape(own.shape))
    return Routed(route, wide, argument, mode if route.sign > 0 else _MIRROR[mode])
