"""The function catalog: every function tanhproof knows, declared once, as data.

Each :class:`CatalogEntry` gives a function's name, its SymPy class, its
definition through ``exp``/``log`` (``None`` for the few functions outside the
exp-rational family, such as ``erf``), its LaTeX name, its derivative and the known
equivalent forms of that derivative. The parser's whitelist, the prover's
rewrite to exponentials and the derivation's ``definition`` and ``recognise``
steps all read this table, so adding a function is adding one entry.

Examples
========

>>> import sympy
>>> from tanhproof.expr._catalog import CATALOG, entry
>>> x = sympy.Symbol("x", real=True)
>>> entry("tanh").definition(x)
(exp(x) - exp(-x))/(exp(x) + exp(-x))
>>> entry("tanh").derivative(x)
1 - tanh(x)**2
>>> [label for label, _ in entry("tanh").forms]  # doctest: +NORMALIZE_WHITESPACE
['1 - tanh(x)**2', 'sech(x)**2', 'cosh(x)**(-2)', '4/(exp(x) + exp(-x))**2',
 '(1 - tanh(x))*(tanh(x) + 1)', '4*exp(2*x)/(exp(2*x) + 1)**2']
>>> sorted(CATALOG)[:4]
['abs', 'acosh', 'asinh', 'atanh']
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy import exp, log, sqrt

from tanhproof.expr._activationentries import activation_entries
from tanhproof.expr._functions import sigmoid, softplus

__all__ = ["CATALOG", "FAMILY", "CatalogEntry", "entry", "function_names"]

Builder = Callable[[sympy.Expr], sympy.Expr]


@dataclass(frozen=True)
class CatalogEntry:
    """One function of the catalog.

    ``definition(u)`` is the function at ``u`` written with ``exp``, ``log`` and
    ``sqrt`` only (``None`` when there is no such definition); ``derivative(u)`` is
    the primary form of its derivative with respect to ``u``; ``forms`` lists
    ``(label, builder)`` pairs, the known forms equal to that derivative, the
    primary one first.

    ``parity`` is ``"odd"`` (``f(-u) = -f(u)``), ``"even"`` or ``None``. The
    numeric evaluators of each function (arb, mpmath, numpy) belong to the numeric
    room (its ``EVALUATORS`` table), which the catalog does not import.

    ``extended_definition(u)``, for a function outside the family only, is its
    definition through ``erf`` or ``abs`` or by cases (a ``Piecewise`` on ``u > 0`` /
    ``u <= 0``): the derivation starts from it as it starts from ``definition``.
    """

    name: str
    func: Callable[[sympy.Expr], sympy.Expr]
    latex: str
    definition: Builder | None
    derivative: Builder
    forms: tuple[tuple[str, Builder], ...]
    summary: str
    parity: str | None = None
    extended_definition: Builder | None = None

    @property
    def defined_by(self) -> Builder | None:
        """The definition the derivation starts from: ``definition``, else ``extended_definition``."""
        return self.definition if self.definition is not None else self.extended_definition

    @property
    def in_family(self) -> bool:
        """Whether the function is a member of the hyperbolic family (has an exp/log definition)."""
        return self.definition is not None

    def __call__(self, arg: sympy.Expr) -> sympy.Expr:
        return self.func(arg)


_U = sympy.Symbol("x", real=True)  # only used to produce the labels of the forms


def _labelled(*builders: Builder) -> tuple[tuple[str, Builder], ...]:
    # SymPy prints the absolute value as Abs; the parser's name for it is abs
    return tuple((sympy.sstr(b(_U)).replace("Abs(", "abs("), b) for b in builders)


_ENTRIES = [
    CatalogEntry(
        "sinh",
        sympy.sinh,
        r"\sinh",
        lambda u: (exp(u) - exp(-u)) / 2,
        lambda u: sympy.cosh(u),
        _labelled(lambda u: sympy.cosh(u), lambda u: (exp(u) + exp(-u)) / 2),
        "hyperbolic sine",
    ),
    CatalogEntry(
        "cosh",
        sympy.cosh,
        r"\cosh",
        lambda u: (exp(u) + exp(-u)) / 2,
        lambda u: sympy.sinh(u),
        _labelled(lambda u: sympy.sinh(u), lambda u: (exp(u) - exp(-u)) / 2),
        "hyperbolic cosine",
    ),
    CatalogEntry(
        "tanh",
        sympy.tanh,
        r"\tanh",
        lambda u: (exp(u) - exp(-u)) / (exp(u) + exp(-u)),
        lambda u: 1 - sympy.tanh(u) ** 2,
        _labelled(
            lambda u: 1 - sympy.tanh(u) ** 2,
            lambda u: sympy.sech(u) ** 2,
            lambda u: 1 / sympy.cosh(u) ** 2,
            lambda u: 4 / (exp(u) + exp(-u)) ** 2,
            lambda u: sympy.Mul(1 - sympy.tanh(u), 1 + sympy.tanh(u), evaluate=False),
            lambda u: 4 * exp(2 * u) / (exp(2 * u) + 1) ** 2,
        ),
        "hyperbolic tangent",
    ),
    CatalogEntry(
        "sech",
        sympy.sech,
        r"\operatorname{sech}",
        lambda u: 2 / (exp(u) + exp(-u)),
        lambda u: -sympy.sech(u) * sympy.tanh(u),
        _labelled(
            lambda u: -sympy.sech(u) * sympy.tanh(u),
            lambda u: -sympy.sinh(u) / sympy.cosh(u) ** 2,
            lambda u: -2 * (exp(u) - exp(-u)) / (exp(u) + exp(-u)) ** 2,
        ),
        "hyperbolic secant",
    ),
    CatalogEntry(
        "csch",
        sympy.csch,
        r"\operatorname{csch}",
        lambda u: 2 / (exp(u) - exp(-u)),
        lambda u: -sympy.csch(u) * sympy.coth(u),
        _labelled(
            lambda u: -sympy.csch(u) * sympy.coth(u),
            lambda u: -sympy.cosh(u) / sympy.sinh(u) ** 2,
            lambda u: -2 * (exp(u) + exp(-u)) / (exp(u) - exp(-u)) ** 2,
        ),
        "hyperbolic cosecant",
    ),
    CatalogEntry(
        "coth",
        sympy.coth,
        r"\coth",
        lambda u: (exp(u) + exp(-u)) / (exp(u) - exp(-u)),
        lambda u: 1 - sympy.coth(u) ** 2,
        _labelled(
            lambda u: 1 - sympy.coth(u) ** 2,
            lambda u: -(sympy.csch(u) ** 2),
            lambda u: -1 / sympy.sinh(u) ** 2,
            lambda u: -4 / (exp(u) - exp(-u)) ** 2,
        ),
        "hyperbolic cotangent",
    ),
    CatalogEntry(
        "exp",
        sympy.exp,
        r"\exp",
        lambda u: exp(u),
        lambda u: exp(u),
        _labelled(lambda u: exp(u), lambda u: sympy.cosh(u) + sympy.sinh(u)),
        "exponential",
    ),
    CatalogEntry(
        "log",
        sympy.log,
        r"\log",
        lambda u: log(u),
        lambda u: 1 / u,
        _labelled(lambda u: 1 / u),
        "natural logarithm",
    ),
    CatalogEntry(
        "sigmoid",
        sigmoid,
        r"\sigma",
        lambda u: 1 / (1 + exp(-u)),
        lambda u: sympy.Mul(sigmoid(u), 1 - sigmoid(u), evaluate=False),
        _labelled(
            lambda u: sympy.Mul(sigmoid(u), 1 - sigmoid(u), evaluate=False),
            lambda u: exp(-u) / (1 + exp(-u)) ** 2,
            lambda u: sigmoid(u) * sigmoid(-u),
            lambda u: 1 / (4 * sympy.cosh(u / 2) ** 2),
            lambda u: sympy.sech(u / 2) ** 2 / 4,
        ),
        "logistic sigmoid",
    ),
    CatalogEntry(
        "softplus",
        softplus,
        r"\operatorname{softplus}",
        lambda u: log(1 + exp(u)),
        lambda u: sigmoid(u),
        _labelled(
            lambda u: sigmoid(u),
            lambda u: 1 / (1 + exp(-u)),
            lambda u: exp(u) / (1 + exp(u)),
            lambda u: (1 + sympy.tanh(u / 2)) / 2,
        ),
        "softplus",
    ),
    CatalogEntry(
        "asinh",
        sympy.asinh,
        r"\operatorname{asinh}",
        lambda u: log(u + sqrt(u**2 + 1)),
        lambda u: 1 / sqrt(u**2 + 1),
        _labelled(lambda u: 1 / sqrt(u**2 + 1)),
        "inverse hyperbolic sine",
    ),
    CatalogEntry(
        "acosh",
        sympy.acosh,
        r"\operatorname{acosh}",
        lambda u: log(u + sqrt(u - 1) * sqrt(u + 1)),
        lambda u: 1 / (sqrt(u - 1) * sqrt(u + 1)),
        _labelled(lambda u: 1 / (sqrt(u - 1) * sqrt(u + 1))),
        "inverse hyperbolic cosine (u >= 1)",
    ),
    CatalogEntry(
        "atanh",
        sympy.atanh,
        r"\operatorname{atanh}",
        lambda u: log((1 + u) / (1 - u)) / 2,
        lambda u: 1 / (1 - u**2),
        _labelled(lambda u: 1 / (1 - u**2)),
        "inverse hyperbolic tangent (|u| < 1)",
    ),
    # Outside the exp-rational family: accepted by the parser, handled by the prover
    # as opaque atoms.
    CatalogEntry(
        "sqrt",
        sympy.sqrt,
        r"\sqrt",
        None,
        lambda u: 1 / (2 * sqrt(u)),
        _labelled(lambda u: 1 / (2 * sqrt(u))),
        "principal square root",
    ),
    CatalogEntry(
        "abs",
        sympy.Abs,
        r"\left|\cdot\right|",
        None,
        lambda u: sympy.sign(u),
        _labelled(lambda u: sympy.sign(u)),
        "absolute value",
    ),
    CatalogEntry(
        "sign",
        sympy.sign,
        r"\operatorname{sign}",
        None,
        lambda u: sympy.Integer(0),
        _labelled(lambda u: sympy.Integer(0)),
        "sign (derivative 0 away from 0)",
    ),
    CatalogEntry(
        "erf",
        sympy.erf,
        r"\operatorname{erf}",
        None,
        lambda u: 2 * exp(-(u**2)) / sqrt(sympy.pi),
        _labelled(lambda u: 2 * exp(-(u**2)) / sqrt(sympy.pi)),
        "error function",
    ),
]

_ENTRIES += activation_entries(CatalogEntry, _labelled)

# f(-u) = -f(u) or f(-u) = f(u); each is also an identity the prover checks in the tests.
_PARITY = {
    "sinh": "odd",
    "tanh": "odd",
    "csch": "odd",
    "coth": "odd",
    "asinh": "odd",
    "atanh": "odd",
    "erf": "odd",
    "sign": "odd",
    "cosh": "even",
    "sech": "even",
    "abs": "even",
    "softsign": "odd",
    "tanhshrink": "odd",
}
_ENTRIES = [dataclasses.replace(e, parity=_PARITY.get(e.name)) for e in _ENTRIES]

#: Every catalog entry by name.
CATALOG: dict[str, CatalogEntry] = {e.name: e for e in _ENTRIES}

#: Names of the hyperbolic family: the entries with an exp/log definition.
FAMILY: tuple[str, ...] = tuple(e.name for e in _ENTRIES if e.in_family)

_BY_CLASS: dict[Callable[[sympy.Expr], sympy.Expr], CatalogEntry] = {e.func: e for e in _ENTRIES}


def entry(name: str) -> CatalogEntry:
    """Return the catalog entry called ``name``.

    Raises :class:`tanhproof.ParseError` naming the unknown function and the known ones.
    """
    try:
        return CATALOG[name]
    except KeyError:
        from tanhproof.expr._errors import ParseError

        raise ParseError(
            f"unknown function {name!r}; known functions: {', '.join(sorted(CATALOG))}"
        ) from None


def entry_for(expr: sympy.Expr) -> CatalogEntry | None:
    """The catalog entry whose SymPy class is ``expr.func``, if any (``sqrt(u)``,
    which SymPy builds as ``Pow(u, 1/2)``, gives the ``sqrt`` entry)."""
    if expr.is_Pow and expr.exp == sympy.S.Half:
        return CATALOG["sqrt"]
    return _BY_CLASS.get(expr.func)


def function_names() -> tuple[str, ...]:
    """The function names the parser accepts, sorted."""
    return tuple(sorted(CATALOG))
