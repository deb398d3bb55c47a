"""The forms of each derivative that :mod:`tanhproof.audits._forms` proves and ranks.

:data:`FORMS` holds the hand-written forms of ``tanh'``, ``sigmoid'`` and ``softplus'``
with the short labels frameworks use (``1 - y^2``); every other catalog function's forms
are its catalog entry's (:func:`forms_for`), labelled by their formula.

Examples
========

>>> [f.label for f in FORMS["tanh"]][:2]
['1 - y^2', '(1 - y)(1 + y)']
>>> "silu" in form_functions() and "tanh" in form_functions()
True
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sympy.printing.str import StrPrinter

from tanhproof.expr._errors import TanhproofError

__all__ = ["FORMS", "Form", "check_function", "form_functions", "forms_for"]


@dataclass(frozen=True)
class Form:
    """One way to write a derivative: a short ``label`` and the formula ``text`` in ``x``."""

    label: str
    text: str

    def __str__(self) -> str:
        return self.label


#: The forms of the first derivative of each function, the one ML frameworks use first.
FORMS: dict[str, tuple[Form, ...]] = {
    "tanh": (
        Form("1 - y^2", "1 - tanh(x)**2"),
        Form("(1 - y)(1 + y)", "(1 - tanh(x))*(1 + tanh(x))"),
        Form("sech(x)^2", "sech(x)**2"),
        Form("1/cosh(x)^2", "1/cosh(x)**2"),
        Form("4e^(-2|x|)/(1 + e^(-2|x|))^2", "4*exp(-2*abs(x))/(1 + exp(-2*abs(x)))**2"),
        Form("4 sigmoid(2x) sigmoid(-2x)", "4*sigmoid(2*x)*sigmoid(-2*x)"),
        Form("4/(e^x + e^-x)^2", "4/(exp(x) + exp(-x))**2"),
    ),
    "sigmoid": (
        Form("s(1 - s)", "sigmoid(x)*(1 - sigmoid(x))"),
        Form("sigmoid(x) sigmoid(-x)", "sigmoid(x)*sigmoid(-x)"),
        Form("e^-x/(1 + e^-x)^2", "exp(-x)/(1 + exp(-x))**2"),
        Form("e^-|x|/(1 + e^-|x|)^2", "exp(-abs(x))/(1 + exp(-abs(x)))**2"),
        Form("sech(x/2)^2/4", "sech(x/2)**2/4"),
        Form("(1 - tanh(x/2)^2)/4", "(1 - tanh(x/2)**2)/4"),
    ),
    "softplus": (
        Form("sigmoid(x)", "sigmoid(x)"),
        Form("1/(1 + e^-x)", "1/(1 + exp(-x))"),
        Form("e^x/(1 + e^x)", "exp(x)/(1 + exp(x))"),
        Form("(1 + tanh(x/2))/2", "(1 + tanh(x/2))/2"),
        Form("1 - sigmoid(-x)", "1 - sigmoid(-x)"),
    ),
}


def _catalog_forms() -> dict[str, tuple[tuple[str, Any], ...]]:
    from tanhproof.expr._catalog import CATALOG

    return {name: e.forms for name, e in CATALOG.items() if e.forms}


def form_functions() -> tuple[str, ...]:
    """The functions whose derivative has forms to rank: :data:`FORMS`'s and every catalog
    function whose entry lists forms."""
    return tuple(sorted(set(FORMS) | set(_catalog_forms())))


def forms_for(function: str) -> tuple[Form, ...]:
    """The forms of ``function``'s derivative: :data:`FORMS`'s, else the catalog entry's
    (label and text both the formula as SymPy prints it, ``abs`` for ``Abs``).

    >>> [f.label for f in forms_for("sigmoid")][:2]
    ['s(1 - s)', 'sigmoid(x) sigmoid(-x)']
    """
    check_function(function)
    if function in FORMS:
        return FORMS[function]
    from tanhproof.expr._parser import symbol

    x = symbol("x")
    out = []
    for _label, build in _catalog_forms()[function]:
        text = _FormPrinter({"order": None}).doprint(build(x))
        out.append(Form(text, text))
    return tuple(out)


class _FormPrinter(StrPrinter):
    """SymPy's plain text, with ``abs`` as the parser reads it (SymPy prints ``Abs``)."""

    def _print_Abs(self, expr):  # the name SymPy's printer protocol looks up
        return f"abs({self._print(expr.args[0])})"


def check_function(function: str) -> str:
    if not isinstance(function, str) or (function not in FORMS and function not in _catalog_forms()):
        raise TanhproofError(
            f"no forms for function {function!r}; choose one of {', '.join(form_functions())}"
        )
    return function
