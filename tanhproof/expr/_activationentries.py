"""The catalog entries of the activation functions (:mod:`tanhproof.expr._activations`).

:func:`activation_entries` builds them for :mod:`tanhproof.expr._catalog`, which passes
its entry class and label maker (so this module does not import the catalog). Each
entry lists the known forms of the derivative: PyTorch's backward formulas (written
through the function's output where PyTorch does so), and the usual closed forms.

Examples
========

>>> from tanhproof.expr._catalog import entry
>>> [label for label, _ in entry("silu").forms]  # doctest: +NORMALIZE_WHITESPACE
['(x*(1 - sigmoid(x)) + 1)*sigmoid(x)', 'x*(1 - sigmoid(x))*sigmoid(x) + sigmoid(x)',
 '(x - silu(x) + 1)*sigmoid(x)', '(1 - silu(x))*sigmoid(x) + silu(x)',
 '(x*exp(-x) + 1 + exp(-x))/(1 + exp(-x))**2']
>>> import sympy
>>> entry("elu").extended_definition(sympy.Symbol("x", real=True))
Piecewise((x, x > 0), (exp(x) - 1, True))
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Abs, Mul, Piecewise, erf, exp, pi, sech, sign, sqrt, tanh

from tanhproof.expr._activations import (
    GELU_KAPPA,
    SELU_ALPHA,
    SELU_SCALE,
    celu,
    elu,
    gelu,
    gelu_tanh,
    logsigmoid,
    mish,
    selu,
    silu,
    softsign,
    tanhshrink,
)
from tanhproof.expr._functions import sigmoid, softplus

__all__ = ["activation_entries"]


def _z(u):
    """The argument of tanh in the tanh approximation of GELU, and its derivative."""
    c = sqrt(2) / sqrt(pi)
    return c * (u + GELU_KAPPA * u**3), c * (1 + 3 * GELU_KAPPA * u**2)


def _elu_like(entry: Any, labelled: Any, func, name: str, alpha, scale, latex: str, summary: str):
    """ELU, CELU (alpha = 1) and SELU: derivative by cases, PyTorch's backward through the
    output (``out + scale*alpha`` on the left), and the forms through ``abs``/``sign``."""
    forms = [
        lambda u: Piecewise((scale, u > 0), (scale * alpha * exp(u), True)),
        lambda u: Piecewise((scale, u > 0), (func(u) + scale * alpha, True)),
    ]
    if alpha == 1 and scale == 1:  # C^1 at 0: forms through abs and sign hold at 0 as well
        forms.insert(1, lambda u: exp((u - Abs(u)) / 2))
        forms.append(lambda u: (1 + sign(u)) / 2 + (1 - sign(u)) * exp(u) / 2)
    return entry(
        name,
        func,
        latex,
        None,
        forms[0],
        labelled(*forms),
        summary,
        extended_definition=lambda u: Piecewise((scale * u, u > 0), (scale * alpha * (exp(u) - 1), True)),
    )


def activation_entries(entry: Any, labelled: Any) -> list:
    """The activation functions' catalog entries, built with the catalog's ``entry``
    class and ``labelled`` form maker."""
    return [
        entry(
            "silu",
            silu,
            r"\operatorname{SiLU}",
            lambda u: u / (1 + exp(-u)),
            lambda u: Mul(sigmoid(u), 1 + u * (1 - sigmoid(u)), evaluate=False),
            labelled(
                lambda u: Mul(sigmoid(u), 1 + u * (1 - sigmoid(u)), evaluate=False),
                lambda u: sigmoid(u) + u * sigmoid(u) * (1 - sigmoid(u)),
                lambda u: sigmoid(u) * (1 + u - silu(u)),
                lambda u: silu(u) + sigmoid(u) * (1 - silu(u)),
                lambda u: (1 + exp(-u) + u * exp(-u)) / (1 + exp(-u)) ** 2,
            ),
            "SiLU (swish) x*sigmoid(x)",
        ),
        entry(
            "mish",
            mish,
            r"\operatorname{mish}",
            lambda u: u * ((1 + exp(u)) ** 2 - 1) / ((1 + exp(u)) ** 2 + 1),
            lambda u: tanh(softplus(u)) + u * sigmoid(u) * (1 - tanh(softplus(u)) ** 2),
            labelled(
                lambda u: tanh(softplus(u)) + u * sigmoid(u) * (1 - tanh(softplus(u)) ** 2),
                lambda u: tanh(softplus(u)) + u * sigmoid(u) * sech(softplus(u)) ** 2,
                lambda u: (
                    exp(u)
                    * (4 * (u + 1) + 4 * exp(2 * u) + exp(3 * u) + exp(u) * (4 * u + 6))
                    / (2 * exp(u) + exp(2 * u) + 2) ** 2
                ),
            ),
            "mish x*tanh(softplus(x))",
        ),
        entry(
            "gelu",
            gelu,
            r"\operatorname{GELU}",
            None,
            lambda u: (1 + erf(u / sqrt(2))) / 2 + u * exp(-(u**2) / 2) / sqrt(2 * pi),
            labelled(
                lambda u: (1 + erf(u / sqrt(2))) / 2 + u * exp(-(u**2) / 2) / sqrt(2 * pi),
                lambda u: Mul(
                    sympy.S.Half,
                    1 + erf(u / sqrt(2)) + sqrt(2) * u * exp(-(u**2) / 2) / sqrt(pi),
                    evaluate=False,
                ),
            ),
            "GELU x*Phi(x), exact (through erf)",
            extended_definition=lambda u: u * (1 + erf(u / sqrt(2))) / 2,
        ),
        entry(
            "gelu_tanh",
            gelu_tanh,
            r"\operatorname{GELU}_{\tanh}",
            lambda u: u / (1 + exp(-2 * _z(u)[0])),
            lambda u: (1 + tanh(_z(u)[0])) / 2 + u * (1 - tanh(_z(u)[0]) ** 2) * _z(u)[1] / 2,
            labelled(
                lambda u: (1 + tanh(_z(u)[0])) / 2 + u * (1 - tanh(_z(u)[0]) ** 2) * _z(u)[1] / 2,
                lambda u: (
                    sigmoid(2 * _z(u)[0])
                    + 2 * u * _z(u)[1] * sigmoid(2 * _z(u)[0]) * (1 - sigmoid(2 * _z(u)[0]))
                ),
            ),
            "GELU, tanh approximation x/2*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x**3)))",
        ),
        entry(
            "softsign",
            softsign,
            r"\operatorname{softsign}",
            None,
            lambda u: 1 / (1 + Abs(u)) ** 2,
            labelled(
                lambda u: 1 / (1 + Abs(u)) ** 2,
                lambda u: (1 - Abs(softsign(u))) ** 2,
                lambda u: 1 / (1 + 2 * Abs(u) + u**2),
            ),
            "softsign x/(1 + |x|)",
            extended_definition=lambda u: u / (1 + Abs(u)),
        ),
        entry(
            "logsigmoid",
            logsigmoid,
            r"\log\sigma",
            lambda u: -sympy.log(1 + exp(-u)),
            lambda u: 1 - sigmoid(u),
            labelled(
                lambda u: 1 - sigmoid(u),
                lambda u: sigmoid(-u),
                lambda u: 1 / (1 + exp(u)),
                lambda u: exp(-u) / (1 + exp(-u)),
                lambda u: 1 - exp(logsigmoid(u)),
            ),
            "log-sigmoid log(sigmoid(x))",
        ),
        entry(
            "tanhshrink",
            tanhshrink,
            r"\operatorname{tanhshrink}",
            lambda u: u - (exp(u) - exp(-u)) / (exp(u) + exp(-u)),
            lambda u: tanh(u) ** 2,
            labelled(
                lambda u: tanh(u) ** 2,
                lambda u: 1 - sech(u) ** 2,
                lambda u: (u - tanhshrink(u)) ** 2,
                lambda u: (exp(u) - exp(-u)) ** 2 / (exp(u) + exp(-u)) ** 2,
            ),
            "tanhshrink x - tanh(x)",
        ),
        _elu_like(entry, labelled, elu, "elu", 1, 1, r"\operatorname{ELU}", "ELU (alpha = 1), by cases"),
        _elu_like(entry, labelled, celu, "celu", 1, 1, r"\operatorname{CELU}", "CELU (alpha = 1), by cases"),
        _elu_like(
            entry,
            labelled,
            selu,
            "selu",
            SELU_ALPHA,
            SELU_SCALE,
            r"\operatorname{SELU}",
            "SELU (PyTorch's alpha and scale), by cases; derivative away from 0",
        ),
    ]
