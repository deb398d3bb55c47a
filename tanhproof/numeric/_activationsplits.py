"""The activations' first derivatives as ``(c, d)`` splits for the Ziv loop.

Far out, each derivative tends to a limit (``silu' -> 1`` at +oo, ``0`` at -oo) and the
remainder is far below any rounding boundary's spacing: ``1 - tiny`` cannot be decided
from a ball around the whole value. :func:`split_prime` returns the limit ``c`` exactly
and the remainder ``d`` as a ball computed without cancellation (an identity per side:
``silu'(x) = 1 + sigmoid(-x)*(x*sigmoid(x) - 1)`` for ``x > 0``, ``sigmoid(x)*(1 +
x*sigmoid(-x))`` otherwise); arb's exponents are unbounded, so ``e**-1e308`` is a ball
with a sign. GELU's remainder far out (``|x| > 256``, where ``e**(-x**2/2)`` needs more
bits than the loop allows) is only an exponent bound, from the Mills-ratio inequality
``Q(x) < phi(x)/x`` (``x > 0``): ``gelu'(x) - 1 = x*phi(x) - Q(x)`` lies in
``(0, x*phi(x))``.

Examples
========

>>> from flint import arb
>>> c, d = split_prime("silu", arb(10**6))
>>> c, d > 0
(Fraction(1, 1), True)
>>> split_prime("gelu", arb(10**4))
(Fraction(1, 1), Tiny(sign=1, bound=-72128974))
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from flint import arb

from tanhproof.expr._activations import GELU_KAPPA, SELU_ALPHA, SELU_SCALE
from tanhproof.expr._errors import DomainError
from tanhproof.numeric._ziv import Tiny

__all__ = ["PRIMES", "split_prime"]

_ONE, _ZERO = Fraction(1), Fraction(0)
_FAR_GELU = 256  # beyond: e**(-x**2/2) < 2**-47000, an exponent bound suffices
_CAP = 1 << 40  # exponent bounds saturate here (as in tanhproof.numeric._splitting)


def _sigmoid(b: arb) -> arb:
    if b < 0:
        e = b.exp()
        return e / (1 + e)
    return 1 / (1 + (-b).exp())


def _q(pq: Any) -> arb:
    return arb(int(pq.p)) / int(pq.q)


def _silu(b: arb) -> tuple[Fraction, arb]:
    if b > 0:
        return _ONE, _sigmoid(-b) * (b * _sigmoid(b) - 1)
    return _ZERO, _sigmoid(b) * (1 + b * _sigmoid(-b))


def _mish(b: arb) -> tuple[Fraction, arb]:
    # with s = softplus(x), t = tanh(s): mish' = t + x*sigmoid(x)*sech(s)**2
    #   = 1 + (1 - t)*(2*x*sigmoid(x)*sigmoid(2s) - 1),  1 - t = 2*sigmoid(-2s)
    s = b.exp().log1p()
    if b > 0:
        return _ONE, 2 * _sigmoid(-2 * s) * (2 * b * _sigmoid(b) * _sigmoid(2 * s) - 1)
    e = b.exp()  # exp form: e*(4(x+1) + 4e^2 + e^3 + e(4x+6))/(2e + e^2 + 2)^2
    return _ZERO, e * (4 * (b + 1) + 4 * e**2 + e**3 + e * (4 * b + 6)) / (2 * e + e**2 + 2) ** 2


def _gelu(b: arb) -> tuple[Fraction, Any]:
    if abs(b) > _FAR_GELU:
        # |x*phi(x)| < 2**(log2|x| - x**2/2*log2(e)); log2(e) > 1.4426
        a = abs(b).lower()
        decay = a * a / 2 * arb("1.4426")  # below (x**2/2)*log2(e)
        far = decay.lower() > _CAP or not decay.is_finite()
        bound = 1025 - (_CAP if far else int(float(decay.lower())))  # |x| < 2**1025 in every format
        return (_ONE, Tiny(1, bound)) if b > 0 else (_ZERO, Tiny(-1, bound))
    phi = (-(b * b) / 2).exp() / (2 * arb.pi()).sqrt()
    if b > 0:
        return _ONE, b * phi - (b / arb(2).sqrt()).erfc() / 2
    return _ZERO, (-b / arb(2).sqrt()).erfc() / 2 + b * phi


def _gelu_tanh(b: arb) -> tuple[Fraction, arb]:
    # gelu_tanh' = sigmoid(2z) + 2x z' sigmoid(2z) sigmoid(-2z)
    c = (2 / arb.pi()).sqrt()
    k = _q(GELU_KAPPA)
    z, dz = c * (b + k * b**3), c * (1 + 3 * k * b**2)
    if b > 0:
        return _ONE, _sigmoid(-2 * z) * (2 * b * dz * _sigmoid(2 * z) - 1)
    return _ZERO, _sigmoid(2 * z) * (1 + 2 * b * dz * _sigmoid(-2 * z))


def _by_cases(b: arb, alpha: arb, scale: arb) -> tuple[Fraction, arb]:
    if b > 0:
        return _ZERO, scale
    if b <= 0:
        return _ZERO, scale * alpha * b.exp()
    raise DomainError(f"the case of a derivative by cases is not certain here: {b}")


def _tanhshrink(b: arb) -> tuple[Fraction, arb]:
    if abs(b) < 1:
        return _ZERO, b.tanh() ** 2
    return _ONE, -(b.sech() ** 2)


def _logsigmoid(b: arb) -> tuple[Fraction, arb]:
    return (_ONE, -_sigmoid(b)) if b < 0 else (_ZERO, _sigmoid(-b))


#: ``name: f'`` as a split of a ball.
PRIMES: dict[str, Any] = {
    "silu": _silu,
    "mish": _mish,
    "gelu": _gelu,
    "gelu_tanh": _gelu_tanh,
    "softsign": lambda b: (_ZERO, 1 / (1 + abs(b)) ** 2),
    "logsigmoid": _logsigmoid,
    "tanhshrink": _tanhshrink,
    "elu": lambda b: _by_cases(b, arb(1), arb(1)),
    "celu": lambda b: _by_cases(b, arb(1), arb(1)),
    "selu": lambda b: _by_cases(b, _q(SELU_ALPHA), _q(SELU_SCALE)),
}


def split_prime(name: str, b: arb) -> tuple[Fraction, Any]:
    """The first derivative of the activation ``name`` at the ball ``b`` as ``(c, d)``."""
    return PRIMES[name](b)
