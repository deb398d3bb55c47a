"""Numeric evaluators of the activation functions: rigorous (arb), mpmath and numpy.

Each is written to avoid cancellation and overflow where a direct formula would
suffer: GELU through ``erfc`` (``1 + erf(u)`` cancels for negative ``u``), the tanh
approximation of GELU and SiLU through the sigmoid, log-sigmoid as ``-softplus(-u)``,
ELU/CELU/SELU through ``expm1`` on the left. The arb evaluators are rigorous: a ball
that straddles 0 gets, for the piecewise functions, the union of both branches'
enclosures on the whole ball (each branch is continuous and the two agree at 0, so the
union holds every value).

Examples
========

>>> from flint import arb
>>> arb_gelu(arb(0)), arb_elu(arb(0))
(0, 0)
>>> ball = arb_elu(arb(0, 1e-3))  # straddles 0: both branches' values enclosed
>>> ball.contains(arb(1e-3)) and ball.contains(arb(-1e-3).expm1())
True
>>> float(mp_silu(1))  # 1/(1 + e^-1) = 0.7310585786300049 (DLMF 4.2.11 with e)
0.7310585786300049
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import mpmath
import numpy as np
from flint import arb

from tanhproof.expr._activations import GELU_KAPPA, SELU_ALPHA, SELU_SCALE

__all__ = [
    "ACTIVATION_TABLE",
    "arb_elu",
    "arb_gelu",
    "arb_gelu_tanh",
    "arb_logsigmoid",
    "arb_mish",
    "arb_selu",
    "arb_silu",
    "arb_softsign",
    "arb_tanhshrink",
    "mp_elu",
    "mp_gelu",
    "mp_gelu_tanh",
    "mp_selu",
    "mp_silu",
]

_KAPPA = (int(GELU_KAPPA.p), int(GELU_KAPPA.q))
_SELU = ((int(SELU_ALPHA.p), int(SELU_ALPHA.q)), (int(SELU_SCALE.p), int(SELU_SCALE.q)))


def _arb_sigmoid(b: arb) -> arb:
    """The logistic sigmoid, never taking exp of a huge positive number (as in
    :func:`tanhproof.numeric._evaluators.arb_sigmoid`)."""
    if b < 0:
        e = b.exp()
        return e / (1 + e)
    return 1 / (1 + (-b).exp())


def _arb_q(pq: tuple[int, int]) -> arb:
    return arb(pq[0]) / pq[1]


def arb_silu(b: arb) -> arb:
    """SiLU ``u*sigmoid(u)``."""
    return b * _arb_sigmoid(b)


def arb_mish(b: arb) -> arb:
    """mish ``u*tanh(softplus(u))``."""
    return b * b.exp().log1p().tanh()


def arb_gelu(b: arb) -> arb:
    """GELU ``u*erfc(-u/sqrt(2))/2`` (no cancellation for negative ``u``)."""
    return b * (-b / arb(2).sqrt()).erfc() / 2


def _gelu_z(b: arb) -> arb:
    return (2 / arb.pi()).sqrt() * (b + _arb_q(_KAPPA) * b**3)


def arb_gelu_tanh(b: arb) -> arb:
    """The tanh approximation of GELU, as ``u*sigmoid(2z)``."""
    return b * _arb_sigmoid(2 * _gelu_z(b))


def arb_softsign(b: arb) -> arb:
    """softsign ``u/(1 + |u|)``."""
    return b / (1 + abs(b))


def arb_logsigmoid(b: arb) -> arb:
    """log-sigmoid ``-log1p(exp(-u))``."""
    return -(-b).exp().log1p()


def arb_tanhshrink(b: arb) -> arb:
    """tanhshrink ``u - tanh(u)``."""
    return b - b.tanh()


def _by_cases(b: arb, alpha: arb, scale: arb) -> arb:
    right, left = (lambda: scale * b), (lambda: scale * alpha * b.expm1())
    if b > 0:
        return right()
    if b <= 0:
        return left()
    return right().union(left())  # straddles 0: each branch on the whole ball


def arb_elu(b: arb) -> arb:
    """ELU (and CELU) with alpha = 1: ``u`` for ``u > 0``, ``expm1(u)`` otherwise."""
    return _by_cases(b, arb(1), arb(1))


def arb_selu(b: arb) -> arb:
    """SELU with PyTorch's alpha and scale."""
    return _by_cases(b, _arb_q(_SELU[0]), _arb_q(_SELU[1]))


def _mp_sigmoid(u):
    return 1 / (1 + mpmath.exp(-u))


def _mp_softplus(u):
    u = mpmath.mpf(u)
    return u + mpmath.log1p(mpmath.exp(-u)) if u > 0 else mpmath.log1p(mpmath.exp(u))


def mp_silu(u):
    """SiLU in mpmath."""
    return u * _mp_sigmoid(u)


def mp_gelu(u):
    """GELU in mpmath, through erfc."""
    return u * mpmath.erfc(-u / mpmath.sqrt(2)) / 2


def mp_gelu_tanh(u):
    """The tanh approximation of GELU in mpmath."""
    z = mpmath.sqrt(2 / mpmath.pi) * (u + mpmath.mpf(_KAPPA[0]) / _KAPPA[1] * u**3)
    return u * _mp_sigmoid(2 * z)


def mp_elu(u):
    """ELU (alpha = 1) in mpmath."""
    u = mpmath.mpf(u)
    return u if u > 0 else mpmath.expm1(u)


def mp_selu(u):
    """SELU in mpmath, with PyTorch's alpha and scale as exact rationals."""
    u = mpmath.mpf(u)
    alpha, scale = (mpmath.mpf(p) / q for p, q in _SELU)
    return scale * (u if u > 0 else alpha * mpmath.expm1(u))


def _np(name: str) -> Callable[[Any], Any]:
    def sigmoid(u):
        e = np.exp(-np.abs(u))
        return np.where(u >= 0, 1 / (1 + e), e / (1 + e))

    def softplus(u):
        return np.maximum(u, 0) + np.log1p(np.exp(-np.abs(u)))

    def z(u):
        return np.sqrt(2 / np.pi) * (u + float(GELU_KAPPA) * u**3)

    alpha, scale = float(SELU_ALPHA), float(SELU_SCALE)
    table: dict[str, Callable[[Any], Any]] = {
        "silu": lambda u: u * sigmoid(u),
        "mish": lambda u: u * np.tanh(softplus(u)),
        "gelu_tanh": lambda u: u * sigmoid(2 * z(u)),
        "softsign": lambda u: u / (1 + np.abs(u)),
        "logsigmoid": lambda u: -softplus(-np.asarray(u)),
        "tanhshrink": lambda u: u - np.tanh(u),
        "elu": lambda u: np.where(u > 0, u, np.expm1(np.minimum(u, 0))),
        "selu": lambda u: scale * np.where(u > 0, u, alpha * np.expm1(np.minimum(u, 0))),
    }
    return table[name]


def _lazy_np(name: str) -> Callable[[Any], Any]:
    return lambda u: _np(name)(np.asarray(u, dtype=float))


#: ``name: (arb, mpmath, numpy)`` for each activation (numpy has no erf: GELU's is None).
ACTIVATION_TABLE: dict[
    str, tuple[Callable[[Any], Any], Callable[[Any], Any], Callable[[Any], Any] | None]
] = {
    "silu": (arb_silu, mp_silu, _lazy_np("silu")),
    "mish": (arb_mish, lambda u: u * mpmath.tanh(_mp_softplus(u)), _lazy_np("mish")),
    "gelu": (arb_gelu, mp_gelu, None),
    "gelu_tanh": (arb_gelu_tanh, mp_gelu_tanh, _lazy_np("gelu_tanh")),
    "softsign": (arb_softsign, lambda u: u / (1 + abs(u)), _lazy_np("softsign")),
    "logsigmoid": (arb_logsigmoid, lambda u: -_mp_softplus(-u), _lazy_np("logsigmoid")),
    "tanhshrink": (arb_tanhshrink, lambda u: u - mpmath.tanh(u), _lazy_np("tanhshrink")),
    "elu": (arb_elu, mp_elu, _lazy_np("elu")),
    "celu": (arb_elu, mp_elu, _lazy_np("elu")),
    "selu": (arb_selu, mp_selu, _lazy_np("selu")),
}
