"""Numeric evaluators of the catalog functions: rigorous (arb), mpmath and numpy.

Each catalog entry names its three evaluators (see :mod:`tanhproof.expr._catalog`); this
module holds the few that are not a single method or function of the library:
domain checks for the rigorous ones, and the logistic sigmoid and softplus, which
neither mpmath nor numpy provides.

The ``arb`` evaluators take and return python-flint ``arb`` balls and raise
:class:`~tanhproof.DomainError` when the ball does not lie certifiably inside
the function's domain, so nothing is ever certified at or across a pole; an exact
ball (radius 0) outside the domain raises the subclass :class:`Undefined`: the value
does not exist there at all, so a Ziv loop stops instead of raising the precision.

Examples
========

>>> from flint import arb
>>> arb_sigmoid(arb(0))
0.500000000000000
>>> arb_coth(arb(0))  # exactly at the pole: Undefined, a DomainError
Traceback (most recent call last):
...
tanhproof.numeric._evaluators.Undefined: coth has a pole here (argument encloses 0: 0)
>>> arb_coth(arb(0, 1e-3))  # a ball around the pole: a DomainError (more precision may help)
Traceback (most recent call last):
...
tanhproof.DomainError: coth has a pole here (argument encloses 0: [+/- 1.01e-3])
>>> float(mp_sigmoid(0))
0.5
>>> import numpy as np
>>> np_softplus(np.array([0.0, 1000.0])).tolist()  # no overflow for large arguments
[0.6931471805599453, 1000.0]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import mpmath
import numpy as np
from flint import arb

from tanhproof.expr._errors import DomainError
from tanhproof.numeric._activationevaluators import ACTIVATION_TABLE

__all__ = [
    "EVALUATORS",
    "Evaluators",
    "Undefined",
    "arb_acosh",
    "arb_atanh",
    "arb_coth",
    "arb_csch",
    "arb_dirac_delta",
    "arb_log",
    "arb_sigmoid",
    "arb_sign",
    "arb_softplus",
    "arb_sqrt",
    "mp_sigmoid",
    "mp_softplus",
    "np_sigmoid",
    "np_softplus",
    "refuse",
]


class Undefined(DomainError):
    """The value is undefined at the point itself, not merely for a ball too wide:
    raised where the argument is exactly a singular point (``DiracDelta(0)``). A Ziv
    loop stops on it instead of raising the precision."""


def refuse(ball: arb, message: str) -> DomainError:
    """An exact ball outside the domain is the point itself: :class:`Undefined`."""
    return Undefined(message) if ball.rad() == 0 and ball.is_finite() else DomainError(message)


def _positive(ball: arb, what: str) -> arb:
    if not ball > 0:
        raise refuse(ball, f"{what} needs a positive argument, got {ball}")
    return ball


def _nonzero(ball: arb, what: str) -> arb:
    if ball.contains(0):
        raise refuse(ball, f"{what} has a pole here (argument encloses 0: {ball})")
    return ball


def arb_coth(b: arb) -> arb:
    """coth, refusing a ball that encloses its pole at 0."""
    return _nonzero(b, "coth").coth()


def arb_csch(b: arb) -> arb:
    """csch, refusing a ball that encloses its pole at 0."""
    return _nonzero(b, "csch").csch()


def arb_log(b: arb) -> arb:
    """log of a certifiably positive ball."""
    return _positive(b, "log").log()


def arb_sqrt(b: arb) -> arb:
    """Principal square root of a certifiably non-negative ball."""
    if not b >= 0:
        raise refuse(b, f"sqrt needs a non-negative argument, got {b}")
    return b.sqrt()


def arb_atanh(b: arb) -> arb:
    """atanh on the open interval (-1, 1)."""
    if not abs(b) < 1:
        raise refuse(b, f"atanh needs |u| < 1, got {b}")
    return b.atanh()


def arb_acosh(b: arb) -> arb:
    """acosh on [1, oo)."""
    if not b >= 1:
        raise refuse(b, f"acosh needs u >= 1, got {b}")
    return b.acosh()


def arb_sign(b: arb) -> arb:
    """sign of a ball: -1, 0 or 1 (``sign(0) = 0``, as SymPy and numpy define it);
    a ball that straddles 0 has no certain sign and is refused.

    >>> arb_sign(arb(0)), arb_sign(arb(-3))
    (0, -1.00000000000000)
    """
    if b > 0:
        return arb(1)
    if b < 0:
        return arb(-1)
    if b.is_zero():
        return arb(0)
    raise DomainError(f"the sign of a value enclosing 0 is not certified: {b}")


def arb_dirac_delta(b: arb) -> arb:
    """``DiracDelta(u)`` (and its derivatives) as a value: 0 where ``u`` is certifiably
    nonzero (``diff(sign(x), x) = 2*DiracDelta(x)`` is 0 there); at 0 it has no value.

    >>> arb_dirac_delta(arb(1))
    0
    """
    if b > 0 or b < 0:
        return arb(0)
    if b.is_zero():
        raise Undefined("DiracDelta(0) has no value (the derivative of a jump)")
    raise DomainError(f"DiracDelta has no value where its argument may be 0: {b}")


def arb_sigmoid(b: arb) -> arb:
    """The logistic sigmoid: 1/(1 + exp(-u)) for u >= 0, exp(u)/(1 + exp(u)) for u < 0,
    so exp is never taken of a huge positive number (sigmoid(-1e300) is tiny, not undefined)."""
    if b < 0:
        e = b.exp()
        return e / (1 + e)
    return 1 / (1 + (-b).exp())


def arb_softplus(b: arb) -> arb:
    """softplus(u) = log(1 + exp(u))."""
    return b.exp().log1p()


def mp_sigmoid(u):
    """The logistic sigmoid in mpmath at the current working precision."""
    return 1 / (1 + mpmath.exp(-u))


def mp_softplus(u):
    """softplus in mpmath: log1p(exp(u)), written as u + log1p(exp(-u)) for u > 0."""
    u = mpmath.mpf(u)
    return u + mpmath.log1p(mpmath.exp(-u)) if u > 0 else mpmath.log1p(mpmath.exp(u))


def np_sigmoid(u: np.ndarray) -> np.ndarray:
    """The logistic sigmoid in numpy, without overflow warnings for large |u|."""
    u = np.asarray(u)
    e = np.exp(-np.abs(u))
    return np.where(u >= 0, 1 / (1 + e), e / (1 + e))


def np_softplus(u: np.ndarray) -> np.ndarray:
    """softplus in numpy: max(u, 0) + log1p(exp(-|u|)), which never overflows."""
    u = np.asarray(u)
    return np.maximum(u, 0) + np.log1p(np.exp(-np.abs(u)))


class Evaluators(NamedTuple):
    """The numeric evaluators of one catalog function.

    ``arb`` maps a python-flint ``arb`` ball to a ball enclosing the function's values
    on it (raising :class:`~tanhproof.DomainError` outside the domain); ``mpmath``
    takes an mpmath number; ``numpy`` a float array (``None`` where numpy has no such
    function).
    """

    arb: Callable[[Any], Any]
    mpmath: Callable[[Any], Any]
    numpy: Callable[[Any], Any] | None


#: The evaluators of each catalog function, by name (every catalog entry has one); arb's own
#: methods where they are the function (``arb.tanh(b)`` is ``b.tanh()``, one call less).
_TABLE: dict[str, tuple[Callable[[Any], Any], Callable[[Any], Any], Callable[[Any], Any] | None]] = {
    "sinh": (arb.sinh, mpmath.sinh, np.sinh),
    "cosh": (arb.cosh, mpmath.cosh, np.cosh),
    "tanh": (arb.tanh, mpmath.tanh, np.tanh),
    "sech": (arb.sech, mpmath.sech, lambda u: 1 / np.cosh(u)),
    "csch": (arb_csch, mpmath.csch, lambda u: 1 / np.sinh(u)),
    "coth": (arb_coth, mpmath.coth, lambda u: 1 / np.tanh(u)),
    "exp": (arb.exp, mpmath.exp, np.exp),
    "log": (arb_log, mpmath.log, np.log),
    "sigmoid": (arb_sigmoid, mp_sigmoid, np_sigmoid),
    "softplus": (arb_softplus, mp_softplus, np_softplus),
    "asinh": (arb.asinh, mpmath.asinh, np.arcsinh),
    "acosh": (arb_acosh, mpmath.acosh, np.arccosh),
    "atanh": (arb_atanh, mpmath.atanh, np.arctanh),
    "sqrt": (arb_sqrt, mpmath.sqrt, np.sqrt),
    "abs": (abs, mpmath.fabs, np.abs),
    "sign": (arb_sign, mpmath.sign, np.sign),
    "erf": (arb.erf, mpmath.erf, None),
}
_TABLE.update(ACTIVATION_TABLE)
EVALUATORS: dict[str, Evaluators] = {name: Evaluators(*fs) for name, fs in _TABLE.items()}
