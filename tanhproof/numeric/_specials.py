"""IEEE 754 special values and domains of the catalog functions and their derivatives.

What a correctly rounded reference gives where the function has no ordinary value,
as MPFR does: the limits at ``+-inf`` (:data:`LIMITS_AT_INFINITY`), the sign of an exact
zero at a zero input (:data:`ZERO_SIGN`), the infinities at poles (:data:`POLES`:
``log(+-0) = -inf``, ``coth(+-0) = +-inf``, ``atanh(+-1) = +-inf``) and the domains as
vectorized predicates (:data:`DOMAINS`), with :func:`domain_reason` saying why a
point has no value. Names are a catalog function, optionally followed by ``'`` for
its derivative (:func:`split_name`).

Examples
========

>>> LIMITS_AT_INFINITY["tanh"], LIMITS_AT_INFINITY["tanh'"]
((-1.0, 1.0), (0.0, 0.0))
>>> split_name("sech'")
('sech', True)
"""

from __future__ import annotations

import math
from collections.abc import Callable
from fractions import Fraction

import numpy as np

from tanhproof.expr._activations import SELU_ALPHA, SELU_SCALE
from tanhproof.numeric._formats import FormatError, round_bounds

__all__ = [
    "DOMAINS",
    "LIMITS_AT_INFINITY",
    "POLES",
    "ZERO_SIGN",
    "domain_reason",
    "limits_at_infinity",
    "special_values",
    "split_name",
    "zero_is_negative",
]

_INF = math.inf
_NAN = math.nan

#: SELU's limit at -inf, -scale*alpha (exact; rounded to each format and mode when used).
_SELU_FLOOR = -Fraction(int((SELU_ALPHA * SELU_SCALE).p), int((SELU_ALPHA * SELU_SCALE).q))

#: ``(f(-inf), f(+inf))`` for every catalog function and its first derivative (a
#: ``Fraction`` where the limit is not a value of every format: see :func:`limits_at_infinity`).
#: A zero limit approached from below is ``-0.0``.
LIMITS_AT_INFINITY: dict[str, tuple[float | Fraction, float | Fraction]] = {
    # the activations: x*sigmoid(x), x*Phi(x), ... tend to 0 from below at -inf, and their
    # derivatives ((1 + x)e^x, ...) too; ELU/CELU tend to -1 (alpha = 1), SELU to -scale*alpha
    "celu": (-1.0, _INF),
    "celu'": (0.0, 1.0),
    "elu": (-1.0, _INF),
    "elu'": (0.0, 1.0),
    "gelu": (-0.0, _INF),
    "gelu'": (-0.0, 1.0),
    "gelu_tanh": (-0.0, _INF),
    "gelu_tanh'": (-0.0, 1.0),
    "logsigmoid": (-_INF, -0.0),
    "logsigmoid'": (1.0, 0.0),
    "mish": (-0.0, _INF),
    "mish'": (-0.0, 1.0),
    "selu": (_SELU_FLOOR, _INF),
    "selu'": (0.0, Fraction(int(SELU_SCALE.p), int(SELU_SCALE.q))),
    "silu": (-0.0, _INF),
    "silu'": (-0.0, 1.0),
    "softsign": (-1.0, 1.0),
    "softsign'": (0.0, 0.0),
    "tanhshrink": (-_INF, _INF),
    "tanhshrink'": (1.0, 1.0),
    "abs": (_INF, _INF),
    "abs'": (-1.0, 1.0),
    "acosh": (_NAN, _INF),
    "acosh'": (_NAN, 0.0),
    "asinh": (-_INF, _INF),
    "asinh'": (0.0, 0.0),
    "atanh": (_NAN, _NAN),
    "atanh'": (_NAN, _NAN),
    "cosh": (_INF, _INF),
    "cosh'": (-_INF, _INF),
    "coth": (-1.0, 1.0),
    "coth'": (-0.0, -0.0),
    "csch": (-0.0, 0.0),
    "csch'": (-0.0, -0.0),
    "erf": (-1.0, 1.0),
    "erf'": (0.0, 0.0),
    "exp": (0.0, _INF),
    "exp'": (0.0, _INF),
    "log": (_NAN, _INF),
    "log'": (_NAN, 0.0),
    "sech": (0.0, 0.0),
    "sech'": (0.0, -0.0),
    "sigmoid": (0.0, 1.0),
    "sigmoid'": (0.0, 0.0),
    "sign": (-1.0, 1.0),
    "sign'": (0.0, 0.0),
    "sinh": (-_INF, _INF),
    "sinh'": (_INF, _INF),
    "softplus": (0.0, _INF),
    "softplus'": (0.0, 1.0),
    "sqrt": (_NAN, _INF),
    "sqrt'": (_NAN, 0.0),
    "tanh": (-1.0, 1.0),
    "tanh'": (0.0, 0.0),
}

#: Sign of an exact zero result at a zero input: +1 = the input's sign (odd functions),
#: -1 = the opposite one; other functions give +0.
ZERO_SIGN: dict[str, int] = {
    "asinh": 1,
    "atanh": 1,
    "cosh'": 1,
    "erf": 1,
    "sinh": 1,
    "sqrt": 1,
    "tanh": 1,
    "sech'": -1,
    # the activations that behave like c*x at 0 (c > 0) keep the sign of a zero input,
    # as IEEE arithmetic on their definitions does (-0.0 * sigmoid(-0.0) = -0.0)
    "celu": 1,
    "elu": 1,
    "gelu": 1,
    "gelu_tanh": 1,
    "mish": 1,
    "selu": 1,
    "silu": 1,
    "softsign": 1,
    "tanhshrink": 1,
}


def _positive(x: np.ndarray) -> np.ndarray:
    return x > 0


def _nonzero(x: np.ndarray) -> np.ndarray:
    return x != 0


def _open_unit(x: np.ndarray) -> np.ndarray:
    return np.abs(x) < 1


#: Where each function with a restricted domain is defined, as an exact predicate on
#: float64 inputs (every format value is one) and its text. They are the domain
#: conditions the parser records for ``f(x)`` and for the catalog's ``f'(x)``
#: (``acosh'(x) = 1/(sqrt(x - 1)*sqrt(x + 1))`` needs ``x > 1``), plus ``sign'``,
#: which has no value at the jump (``2*DiracDelta(x)``); a test checks them against
#: :func:`tanhproof.expr._domain.certified`.
DOMAINS: dict[str, tuple[str, Callable[[np.ndarray], np.ndarray]]] = {
    "log": ("x > 0", _positive),
    "log'": ("x > 0", _positive),
    "sqrt": ("x >= 0", lambda x: x >= 0),
    "sqrt'": ("x > 0", _positive),
    "acosh": ("x >= 1", lambda x: x >= 1),
    "acosh'": ("x > 1", lambda x: x > 1),
    "atanh": ("|x| < 1", _open_unit),
    "atanh'": ("|x| < 1", _open_unit),
    "coth": ("x != 0", _nonzero),
    "coth'": ("x != 0", _nonzero),
    "csch": ("x != 0", _nonzero),
    "csch'": ("x != 0", _nonzero),
    "sign'": ("x != 0", _nonzero),
}

#: Poles where IEEE 754 (and MPFR) give an infinity instead of NaN: ``log(+-0) = -inf``,
#: ``coth(+-0) = csch(+-0) = +-inf``, ``atanh(+-1) = +-inf``. ``x -> value`` (NaN elsewhere).
POLES: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "log": lambda x: np.where(x == 0, -_INF, _NAN),
    "coth": lambda x: np.where(x == 0, np.copysign(_INF, x), _NAN),
    "csch": lambda x: np.where(x == 0, np.copysign(_INF, x), _NAN),
    "atanh": lambda x: np.where(np.abs(x) == 1, np.copysign(_INF, x), _NAN),
}


def domain_reason(function: str, x: float) -> str | None:
    """Why ``function`` has no value at ``x`` (its result is NaN there), or None if it
    has one (a pole with an IEEE infinity counts as a value).

    Examples
    ========

    >>> domain_reason("log", -1.0), domain_reason("log", 0.0), domain_reason("acosh'", 1.0)
    ('log is undefined at x = -1.0: needs x > 0', None, "acosh' is undefined at x = 1.0: needs x > 1")
    >>> domain_reason("tanh", float("nan"))
    'the input is NaN'
    """
    split_name(function)
    x = float(x)
    if math.isnan(x):
        return "the input is NaN"
    if math.isinf(x):
        low, high = LIMITS_AT_INFINITY.get(function, (_NAN, _NAN))
        limit = high if x > 0 else low
        return None if not math.isnan(limit) else f"{function} has no limit at x = {x!r}"
    rule = DOMAINS.get(function)
    if rule is None or bool(rule[1](np.array([x]))[0]):
        return None
    pole = POLES.get(function)
    if pole is not None and not math.isnan(float(pole(np.array([x]))[0])):
        return None
    return f"{function} is undefined at x = {x!r}: needs {rule[0]}"


def split_name(function: str) -> tuple[str, bool]:
    from tanhproof.expr._catalog import CATALOG

    base, prime = (function[:-1], True) if function.endswith("'") else (function, False)
    if base not in CATALOG:
        raise FormatError(
            f"unknown function {function!r}; choose a catalog name ({', '.join(sorted(CATALOG))}),"
            " optionally followed by ' for its derivative"
        )
    return base, prime


def special_values(function: str, x: np.ndarray) -> tuple[np.ndarray, np.ndarray] | None:
    """For the inputs outside the domain or at a pole of a function with a restricted
    domain: ``(values, undefined)``, the pole's infinity or NaN, and the mask of the
    undefined ones. Values at points inside the domain are NaN with mask False."""
    rule = DOMAINS.get(function)
    if rule is None:
        return None
    with np.errstate(invalid="ignore"):
        outside = ~rule[1](x) & np.isfinite(x)
    values = np.full(x.shape, _NAN)
    if outside.any():
        pole = POLES.get(function)
        values[outside] = pole(x[outside]) if pole is not None else _NAN
    return values, outside & np.isnan(values)


def limits_at_infinity(function: str, fmt, mode: str = "nearest") -> tuple[float, float]:
    """``(f(-inf), f(+inf))`` as values of ``fmt`` rounded in ``mode`` (NaN where there is
    no limit).

    >>> limits_at_infinity("tanh", "binary32"), limits_at_infinity("selu", "binary16", "down")
    ((-1.0, 1.0), (-1.7587890625, inf))
    """
    low, high = LIMITS_AT_INFINITY.get(function, (_NAN, _NAN))
    return tuple(  # type: ignore[return-value]
        round_bounds(v, v, fmt, mode) if isinstance(v, Fraction) else v for v in (low, high)
    )


def zero_is_negative(function: str, x: float) -> bool:
    rule = ZERO_SIGN.get(function, 0)
    return x == 0 and rule != 0 and (math.copysign(1.0, x) < 0) == (rule > 0)
