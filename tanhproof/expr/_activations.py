r"""SymPy function classes for the activation functions of neural networks.

SiLU (swish) ``x*sigmoid(x)``, mish ``x*tanh(softplus(x))``, the exact GELU
``x*Phi(x)`` (through ``erf``) and its tanh approximation, softsign ``x/(1 + |x|)``,
log-sigmoid, tanhshrink ``x - tanh(x)``, and the piecewise ELU, CELU and SELU, defined
by cases on ``x > 0`` / ``x <= 0`` with PyTorch's default parameters. Each class knows
its derivative (``fdiff``), its value at 0, its definition (``rewrite``) and its LaTeX
name; :mod:`tanhproof.expr._catalog` declares them as data.

Examples
========

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> sympy.diff(silu(x), x)
(x*(1 - sigmoid(x)) + 1)*sigmoid(x)
>>> mish(x).rewrite(sympy.exp)
x*((exp(x) + 1)**2 - 1)/((exp(x) + 1)**2 + 1)
>>> elu(x).rewrite(sympy.Piecewise)
Piecewise((x, x > 0), (exp(x) - 1, True))
>>> sympy.diff(elu(x), x)
Piecewise((1, x > 0), (exp(x), True))
>>> silu(0), logsigmoid(0), softsign(0)
(0, -log(2), 0)
"""

from __future__ import annotations

import sympy
from sympy import Abs, Piecewise, erf, exp, log, pi, sqrt, tanh

from tanhproof.expr._functions import sigmoid, softplus

__all__ = [
    "ACTIVATIONS",
    "GELU_KAPPA",
    "SELU_ALPHA",
    "SELU_SCALE",
    "SMOOTHNESS",
    "STABLE_FORMS",
    "celu",
    "elu",
    "gelu",
    "gelu_tanh",
    "logsigmoid",
    "mish",
    "selu",
    "silu",
    "softsign",
    "tanhshrink",
]

# PyTorch's literals from aten/src/ATen/native/Activation.cpp (selu's alpha and scale),
# taken as the exact rationals of those decimals.
SELU_ALPHA = sympy.Rational("1.6732632423543772848170429916717")
SELU_SCALE = sympy.Rational("1.0507009873554804934193349852946")
#: The cubic coefficient of the tanh approximation of GELU (0.044715, exactly).
GELU_KAPPA = sympy.Rational(44715, 10**6)


def _gelu_tanh_inner(u: sympy.Expr) -> sympy.Expr:
    """``sqrt(2/pi)*(u + 0.044715*u**3)``, the argument of tanh in the approximation."""
    return sqrt(2) / sqrt(pi) * (u + GELU_KAPPA * u**3)


class _Activation(sympy.Function):
    """Shared behaviour: one argument, real for a real argument, 0 at 0 (unless
    ``at_zero`` says otherwise), evaluated numerically through ``definition``."""

    nargs = 1
    latex_name = ""
    at_zero: sympy.Expr = sympy.S.Zero

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return cls.at_zero
        return None

    @staticmethod
    def definition(u: sympy.Expr) -> sympy.Expr:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    @staticmethod
    def derivative(u: sympy.Expr) -> sympy.Expr:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sympy.ArgumentIndexError(self, argindex)
        return self.derivative(self.args[0])

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_evalf(self, prec):
        return self.definition(self.args[0])._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"{self.latex_name}{power}\left({arg}\right)"


class silu(_Activation):
    r"""SiLU (swish) :math:`x\,\sigma(x) = x/(1 + e^{-x})`."""

    latex_name = r"\operatorname{SiLU}"

    @staticmethod
    def definition(u):
        return u / (1 + exp(-u))

    @staticmethod
    def derivative(u):
        s = sigmoid(u)
        return sympy.Mul(s, 1 + u * (1 - s), evaluate=False)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.definition(arg)

    def _eval_rewrite_as_sigmoid(self, arg, **kwargs):
        return arg * sigmoid(arg)


class mish(_Activation):
    r"""Mish :math:`x \tanh(\operatorname{softplus}(x))`."""

    latex_name = r"\operatorname{mish}"

    @staticmethod
    def definition(u):
        w = (1 + exp(u)) ** 2
        return u * (w - 1) / (w + 1)

    @staticmethod
    def derivative(u):
        t = tanh(softplus(u))
        return t + u * sigmoid(u) * (1 - t**2)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.definition(arg)

    def _eval_rewrite_as_tanh(self, arg, **kwargs):
        return arg * tanh(softplus(arg))


class gelu(_Activation):
    r"""GELU :math:`x\,\Phi(x) = \tfrac{x}{2}(1 + \operatorname{erf}(x/\sqrt{2}))`."""

    latex_name = r"\operatorname{GELU}"

    @staticmethod
    def definition(u):
        return u * (1 + erf(u / sqrt(2))) / 2

    @staticmethod
    def derivative(u):
        return (1 + erf(u / sqrt(2))) / 2 + u * exp(-(u**2) / 2) / sqrt(2 * pi)

    def _eval_rewrite_as_erf(self, arg, **kwargs):
        return self.definition(arg)


class gelu_tanh(_Activation):
    r"""The tanh approximation of GELU,
    :math:`\tfrac{x}{2}(1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))`, which is
    :math:`x\,\sigma(2\sqrt{2/\pi}(x + 0.044715 x^3))`."""

    latex_name = r"\operatorname{GELU}_{\tanh}"

    @staticmethod
    def definition(u):
        return u / (1 + exp(-2 * _gelu_tanh_inner(u)))

    @staticmethod
    def derivative(u):
        z = _gelu_tanh_inner(u)
        t = tanh(z)
        dz = sqrt(2) / sqrt(pi) * (1 + 3 * GELU_KAPPA * u**2)
        return (1 + t) / 2 + u * (1 - t**2) * dz / 2

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.definition(arg)

    def _eval_rewrite_as_tanh(self, arg, **kwargs):
        return arg * (1 + tanh(_gelu_tanh_inner(arg))) / 2


class softsign(_Activation):
    r"""Softsign :math:`x/(1 + |x|)`."""

    latex_name = r"\operatorname{softsign}"

    @staticmethod
    def definition(u):
        return u / (1 + Abs(u))

    @staticmethod
    def derivative(u):
        return 1 / (1 + Abs(u)) ** 2

    def _eval_rewrite_as_Abs(self, arg, **kwargs):
        return self.definition(arg)


class logsigmoid(_Activation):
    r"""Log-sigmoid :math:`\log \sigma(x) = -\log(1 + e^{-x})`."""

    latex_name = r"\log\sigma"
    at_zero = -log(2)

    @staticmethod
    def definition(u):
        return -log(1 + exp(-u))

    @staticmethod
    def derivative(u):
        return 1 - sigmoid(u)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.definition(arg)

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_is_negative(self):
        return True if self.args[0].is_real else None


class tanhshrink(_Activation):
    r"""Tanhshrink :math:`x - \tanh x`."""

    latex_name = r"\operatorname{tanhshrink}"

    @staticmethod
    def definition(u):
        return u - (exp(u) - exp(-u)) / (exp(u) + exp(-u))

    @staticmethod
    def derivative(u):
        return tanh(u) ** 2

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return self.definition(arg)

    def _eval_rewrite_as_tanh(self, arg, **kwargs):
        return arg - tanh(arg)


class _Piecewise(_Activation):
    """An activation defined by cases on ``u > 0`` / ``u <= 0``: ``scale*u`` on the
    right, ``scale*alpha*(exp(u) - 1)`` on the left (PyTorch's convention at 0: the
    left branch, which is 0 there as well)."""

    alpha: sympy.Expr = sympy.S.One
    scale: sympy.Expr = sympy.S.One

    @classmethod
    def definition(cls, u):
        return Piecewise((cls.scale * u, u > 0), (cls.scale * cls.alpha * (exp(u) - 1), True))

    @classmethod
    def derivative(cls, u):
        return Piecewise((cls.scale, u > 0), (cls.scale * cls.alpha * exp(u), True))

    def _eval_rewrite_as_Piecewise(self, arg, **kwargs):
        return self.definition(arg)


class elu(_Piecewise):
    r"""ELU with :math:`\alpha = 1`: :math:`x` for :math:`x > 0`, :math:`e^x - 1` otherwise."""

    latex_name = r"\operatorname{ELU}"


class celu(_Piecewise):
    r"""CELU with :math:`\alpha = 1`, :math:`\max(0, x) + \min(0, \alpha(e^{x/\alpha} - 1))`,
    which equals ELU for that :math:`\alpha`."""

    latex_name = r"\operatorname{CELU}"


class selu(_Piecewise):
    r"""SELU: :math:`\lambda x` for :math:`x > 0`, :math:`\lambda\alpha(e^x - 1)` otherwise,
    with PyTorch's :math:`\alpha` and :math:`\lambda` (``SELU_ALPHA``, ``SELU_SCALE``).
    Not differentiable at 0 (one-sided derivatives :math:`\lambda\alpha` and
    :math:`\lambda`): its derivative is stated away from 0."""

    latex_name = r"\operatorname{SELU}"
    alpha = SELU_ALPHA
    scale = SELU_SCALE


#: The activation classes by name.
ACTIVATIONS = {
    c.__name__: c for c in (silu, mish, gelu, gelu_tanh, softsign, logsigmoid, tanhshrink, elu, celu, selu)
}
#: How often the piecewise classes are continuously differentiable at 0 (ELU and CELU with
#: alpha = 1 are C^1 there, not C^2; SELU is not differentiable at 0): a derivative of a
#: higher order is stated away from 0.
SMOOTHNESS = {elu: 1, celu: 1, selu: 0}


def _stable_forms() -> dict:
    """Each smooth activation through the family's functions, written so that nothing
    cancels near the limits (``gelu`` through ``erf``'s split at -oo, ``silu`` through the
    sigmoid): what a numeric evaluator with near-limit splits walks instead of the call."""
    return {
        silu: lambda u: u * sigmoid(u),
        mish: lambda u: u * tanh(softplus(u)),
        gelu: lambda u: u * (1 + erf(u / sqrt(2))) / 2,
        gelu_tanh: lambda u: u * sigmoid(2 * _gelu_tanh_inner(u)),
        softsign: lambda u: u / (1 + Abs(u)),
        logsigmoid: lambda u: -softplus(-u),
        tanhshrink: lambda u: u - tanh(u),
    }


#: ``{class: builder}``: the smooth activations through the family's functions.
STABLE_FORMS = _stable_forms()
