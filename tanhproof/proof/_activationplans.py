"""The algebra after the traced differentiation of each activation's definition.

For :func:`tanhproof.proof._firstorder.algebra_plans`: per activation, the steps that
rearrange the differentiated definition (rule, expression, justification; ``@`` stands
for the variable) and the justification of the final ``recognise`` step. Every step is
proved by the prover like any other.

Examples
========

>>> import sympy
>>> x = sympy.Symbol("x", real=True)
>>> main, why = activation_plan("softsign", x)
>>> main[0][1], why
((Abs(x) + 1)**(-2), '')
"""

from __future__ import annotations

import sympy
from sympy import Abs, Mul, Pow, exp

__all__ = ["activation_plan"]


def activation_plan(name: str, x: sympy.Symbol) -> tuple[list[tuple[str, sympy.Expr, str]], str] | None:
    """``(main, why)`` for the activation ``name``, or None for the others."""
    D = 1 + exp(-x)
    P, Q = exp(x) + exp(-x), exp(x) - exp(-x)
    plans = {
        "silu": (
            [
                (
                    "algebra",
                    Mul(1 / D, 1 + x * exp(-x) / D, evaluate=False),
                    "split the fraction: (1 + e^-@ + @ e^-@)/(1 + e^-@)^2 = 1/(1 + e^-@) * (1 + @ e^-@/(1 + e^-@))",
                )
            ],
            "recognise 1/(1 + e^-@) = sigmoid(@) and e^-@/(1 + e^-@) = 1 - sigmoid(@)",
        ),
        "softsign": (
            [
                (
                    "algebra",
                    1 / (1 + Abs(x)) ** 2,
                    "@*sign(@) = |@| (by cases on the sign of @): the numerator is 1",
                )
            ],
            "",
        ),
        "logsigmoid": ([], "recognise e^-@/(1 + e^-@) = 1 - 1/(1 + e^-@) = 1 - sigmoid(@)"),
        "tanhshrink": (
            [
                (
                    "algebra",
                    Pow(Q / P, 2, evaluate=False),
                    "1 - (P^2 - Q^2)/P^2 = (Q/P)^2 with P = e^@ + e^-@, Q = e^@ - e^-@",
                )
            ],
            "recognise (e^@ - e^-@)/(e^@ + e^-@) = tanh(@)",
        ),
        "mish": (
            [],
            "recognise (e^@ + 1)^2 = e^(2 softplus(@)), so ((e^@ + 1)^2 - 1)/((e^@ + 1)^2 + 1) = "
            "tanh(softplus(@)), and 1/(1 + e^-@) = sigmoid(@)",
        ),
        "gelu_tanh": (
            [],
            "with z = sqrt(2/pi)*(@ + 0.044715*@^3): 1/(1 + e^-2z) = (1 + tanh(z))/2 and "
            "4e^-2z/(1 + e^-2z)^2 = 1 - tanh(z)^2",
        ),
    }
    return plans.get(name)
