"""SymPy function classes for the family members SymPy lacks: the logistic sigmoid
and softplus.

The other members (sinh, cosh, tanh, sech, csch, coth, exp, log, asinh, acosh,
atanh) are SymPy's own classes; :mod:`tanhproof.expr._catalog` declares all of them as
data.

Examples
========

>>> import sympy
>>> from tanhproof.expr._functions import sigmoid, softplus
>>> x = sympy.Symbol("x", real=True)
>>> sympy.diff(sigmoid(x), x)
(1 - sigmoid(x))*sigmoid(x)
>>> sympy.diff(softplus(x), x)
sigmoid(x)
>>> sigmoid(0), softplus(0)
(1/2, log(2))
>>> sigmoid(x).rewrite(sympy.exp)
1/(1 + exp(-x))
"""

from __future__ import annotations

import sympy

__all__ = ["sigmoid", "softplus"]


class _PositiveOfReal(sympy.Function):
    """Shared behaviour: one argument, real and positive for a real argument,
    evaluated numerically through the exp rewrite, LaTeX from ``latex_name``."""

    nargs = 1
    latex_name = ""

    def _eval_rewrite_as_exp(self, arg, **kwargs):  # pragma: no cover - overridden
        raise NotImplementedError

    def _eval_is_real(self):
        return self.args[0].is_real

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _eval_evalf(self, prec):
        return self._eval_rewrite_as_exp(self.args[0])._eval_evalf(prec)

    def _latex(self, printer, exp=None):
        arg = printer._print(self.args[0])
        power = "" if exp is None else f"^{{{exp}}}"
        return rf"{self.latex_name}{power}\left({arg}\right)"


class sigmoid(_PositiveOfReal):  # lower case, like SymPy's functions
    r"""The logistic function :math:`\sigma(x) = 1/(1 + e^{-x})`."""

    latex_name = r"\sigma"

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sympy.S.Half
        return None

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sympy.ArgumentIndexError(self, argindex)
        s = sigmoid(self.args[0])
        return s * (1 - s)

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return 1 / (1 + sympy.exp(-arg))

    def _eval_rewrite_as_tanh(self, arg, **kwargs):
        return (1 + sympy.tanh(arg / 2)) / 2


class softplus(_PositiveOfReal):
    r"""Softplus :math:`\log(1 + e^{x})`, whose derivative is the sigmoid."""

    latex_name = r"\operatorname{softplus}"

    @classmethod
    def eval(cls, arg):
        if arg.is_zero:
            return sympy.log(2)
        return None

    def fdiff(self, argindex=1):
        if argindex != 1:
            raise sympy.ArgumentIndexError(self, argindex)
        return sigmoid(self.args[0])

    def _eval_rewrite_as_exp(self, arg, **kwargs):
        return sympy.log(1 + sympy.exp(arg))

    _eval_rewrite_as_log = _eval_rewrite_as_exp
