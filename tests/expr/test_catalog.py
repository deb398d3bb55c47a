"""The function catalog: every entry checked against independent sources.

For each entry, at several points of its real domain and at 30+ digits:

* the exp/log ``definition`` equals the SymPy function and mpmath's function;
* the ``derivative`` equals ``sympy.diff`` of the function (for sigmoid and softplus,
  ``sympy.diff`` of their explicit exp/log formula, so tanhproof's own ``fdiff`` is not
  the reference) and mpmath's numerical derivative of mpmath's function;
* every one of the ``forms`` equals the derivative.

Plus the catalog's bookkeeping: names, the parser's whitelist, ``entry`` errors.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy

from tanhproof.expr._catalog import (
    CATALOG,
    FAMILY,
    CatalogEntry,
    entry,
    entry_for,
    function_names,
)
from tanhproof.expr._errors import ParseError, TanhproofError
from tanhproof.numeric._reading import parse

U = sympy.Symbol("u", real=True)
X = sympy.Symbol("x", real=True)
DIGITS = 40
TOLERANCE = mpmath.mpf(10) ** -30

#: mpmath's own functions: the independent numerical reference.
MPMATH = {
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "tanh": mpmath.tanh,
    "sech": mpmath.sech,
    "csch": mpmath.csch,
    "coth": mpmath.coth,
    "exp": mpmath.exp,
    "log": mpmath.log,
    "sigmoid": lambda u: 1 / (1 + mpmath.exp(-u)),
    "softplus": lambda u: mpmath.log1p(mpmath.exp(u)),
    "asinh": mpmath.asinh,
    "acosh": mpmath.acosh,
    "atanh": mpmath.atanh,
    "sqrt": mpmath.sqrt,
    "abs": mpmath.fabs,
    "sign": mpmath.sign,
    "erf": mpmath.erf,
    # the activations, from their textbook / PyTorch-documentation formulas
    "silu": lambda u: u / (1 + mpmath.exp(-u)),
    "mish": lambda u: u * mpmath.tanh(mpmath.log1p(mpmath.exp(u))),
    "gelu": lambda u: u * (1 + mpmath.erf(u / mpmath.sqrt(2))) / 2,
    "gelu_tanh": lambda u: (
        u / 2 * (1 + mpmath.tanh(mpmath.sqrt(2 / mpmath.pi) * (u + mpmath.mpf("0.044715") * u**3)))
    ),
    "softsign": lambda u: u / (1 + abs(u)),
    "logsigmoid": lambda u: mpmath.log(1 / (1 + mpmath.exp(-u))),
    "tanhshrink": lambda u: u - mpmath.tanh(u),
    "elu": lambda u: u if u > 0 else mpmath.exp(u) - 1,
    "celu": lambda u: max(0, u) + min(0, mpmath.exp(u) - 1),  # alpha = 1
    "selu": lambda u: (
        mpmath.mpf("1.0507009873554804934193349852946")
        * (max(0, u) + min(0, mpmath.mpf("1.6732632423543772848170429916717") * (mpmath.exp(u) - 1)))
    ),
}

#: Explicit formulas for the functions SymPy lacks (the reference for sympy.diff).
EXPLICIT = {
    "sigmoid": lambda u: 1 / (1 + sympy.exp(-u)),
    "softplus": lambda u: sympy.log(1 + sympy.exp(u)),
    "silu": lambda u: u / (1 + sympy.exp(-u)),
    "mish": lambda u: u * sympy.tanh(sympy.log(1 + sympy.exp(u))),
    "gelu": lambda u: u * (1 + sympy.erf(u / sympy.sqrt(2))) / 2,
    "gelu_tanh": lambda u: (
        u / 2 * (1 + sympy.tanh(sympy.sqrt(2 / sympy.pi) * (u + sympy.Rational("0.044715") * u**3)))
    ),
    "softsign": lambda u: u / (1 + sympy.Abs(u)),
    "logsigmoid": lambda u: sympy.log(1 / (1 + sympy.exp(-u))),
    "tanhshrink": lambda u: u - sympy.tanh(u),
    "elu": lambda u: sympy.Piecewise((u, u > 0), (sympy.exp(u) - 1, True)),
    "celu": lambda u: sympy.Max(0, u) + sympy.Min(0, sympy.exp(u) - 1),
    "selu": lambda u: (
        sympy.Rational("1.0507009873554804934193349852946")
        * (
            sympy.Max(0, u)
            + sympy.Min(0, sympy.Rational("1.6732632423543772848170429916717") * (sympy.exp(u) - 1))
        )
    ),
}

_GENERIC = ["-2.5", "-0.7", "-1/3", "0.3", "1.9", "3"]
#: Points of each function's real domain (open where the derivative has a singularity).
DOMAIN = {
    "csch": ["-2.5", "-0.7", "0.3", "1.9"],
    "coth": ["-2.5", "-0.7", "0.3", "1.9"],
    "log": ["0.2", "1/3", "1.5", "3.3"],
    "sqrt": ["0.2", "1/3", "1.5", "3.3"],
    "abs": ["-2.5", "-0.7", "0.3", "1.9"],
    "sign": ["-2.5", "-0.7", "0.3", "1.9"],
    "acosh": ["1.2", "4/3", "2.5", "3.7"],
    "atanh": ["-0.8", "-0.3", "1/7", "0.4", "0.9"],
}

ENTRIES = [CATALOG[name] for name in sorted(CATALOG)]


def _points(name: str) -> list[sympy.Rational]:
    return [sympy.Rational(p) for p in DOMAIN.get(name, _GENERIC)]


def _value(expr: sympy.Expr, at: sympy.Rational) -> mpmath.mpf:
    """``expr`` at ``u = at`` (or ``x = at``), through SymPy's evalf at DIGITS digits."""
    value = sympy.N(expr.subs({U: at, X: at}), DIGITS)
    assert value.is_real, (expr, at, value)
    with mpmath.workdps(DIGITS):
        return mpmath.mpf(str(value))


def _close(a, b) -> bool:
    return abs(a - b) <= TOLERANCE * (1 + abs(a) + abs(b))


def _ids(e: CatalogEntry) -> str:
    return e.name


# ------------------------------------------------------------------------------ values


@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_function_matches_mpmath(e: CatalogEntry):
    """The SymPy class of the entry is the function mpmath knows by that name."""
    for p in _points(e.name):
        with mpmath.workdps(DIGITS):
            reference = MPMATH[e.name](mpmath.mpf(p.p) / p.q)
        assert _close(_value(e.func(U), p), reference), (e.name, p)
        assert _close(_value(e(U), p), reference), (e.name, p)  # __call__


@pytest.mark.parametrize("e", [e for e in ENTRIES if e.in_family], ids=_ids)
def test_definition_matches_the_function(e: CatalogEntry):
    for p in _points(e.name):
        with mpmath.workdps(DIGITS):
            reference = MPMATH[e.name](mpmath.mpf(p.p) / p.q)
        definition = _value(e.definition(U), p)
        assert _close(definition, _value(e.func(U), p)), (e.name, p)
        assert _close(definition, reference), (e.name, p)


@pytest.mark.parametrize("e", [e for e in ENTRIES if e.in_family], ids=_ids)
def test_definition_uses_only_exp_log_sqrt(e: CatalogEntry):
    expr = e.definition(U)
    functions = {type(f) for f in expr.atoms(sympy.Function)}
    assert functions <= {sympy.exp, sympy.log}, (e.name, expr)
    powers = [p for p in expr.atoms(sympy.Pow) if not p.exp.is_Integer]
    assert all(abs(p.exp) == sympy.Rational(1, 2) for p in powers), (e.name, expr)  # sqrt (or 1/sqrt) only


def test_family_and_outsiders():
    assert set(FAMILY) == {e.name for e in ENTRIES if e.in_family}
    assert {e.name for e in ENTRIES if not e.in_family} == {
        *("sqrt", "abs", "sign", "erf"),
        *("gelu", "softsign", "elu", "celu", "selu"),  # through erf, abs, or by cases
    }
    assert {"sinh", "cosh", "tanh", "sech", "csch", "coth", "exp", "log", "sigmoid", "softplus"} <= set(
        FAMILY
    )
    for e in ENTRIES:
        assert e.in_family == (e.definition is not None)


# -------------------------------------------------------------------------- derivatives


@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_derivative_matches_sympy_diff(e: CatalogEntry):
    function = EXPLICIT[e.name](U) if e.name in EXPLICIT else e.func(U)
    reference = sympy.diff(function, U)
    assert not reference.has(sympy.Derivative)
    for p in _points(e.name):
        assert _close(_value(e.derivative(U), p), _value(reference, p)), (e.name, p)


@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_derivative_matches_mpmath_diff(e: CatalogEntry):
    for p in _points(e.name):
        with mpmath.workdps(DIGITS):
            reference = mpmath.diff(MPMATH[e.name], mpmath.mpf(p.p) / p.q)
        assert _close(_value(e.derivative(U), p), reference), (e.name, p)


@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_every_form_equals_the_derivative(e: CatalogEntry):
    assert e.forms, e.name
    for label, build in e.forms:
        form = build(U)
        for p in _points(e.name):
            assert _close(_value(form, p), _value(e.derivative(U), p)), (e.name, label, p)


@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_forms_bookkeeping(e: CatalogEntry):
    labels = [label for label, _ in e.forms]
    assert len(set(labels)) == len(labels), labels
    _, first = e.forms[0]
    assert first(U) == e.derivative(U), "the primary form comes first"
    for label, build in e.forms:
        assert label == sympy.sstr(build(X)).replace("Abs(", "abs("), (label, build(X))  # the parser's abs


# Regression: the label of abs's derivative form is 'sign(x)', which the parser
# rejected until sign joined the catalog.
@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_form_labels_are_parseable_text(e: CatalogEntry):
    """Each label is itself text the parser reads, meaning the same form."""
    for label, build in e.forms:
        if label.startswith("Piecewise("):  # a form by cases (ELU's): the parser has no syntax for it
            assert isinstance(build(X), sympy.Piecewise) and e.extended_definition is not None
            continue
        parsed = parse(label)
        for p in _points(e.name)[:2]:
            assert _close(_value(parsed, p), _value(build(X), p)), (e.name, label)


@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_metadata(e: CatalogEntry):
    assert e.name.isidentifier() and e.name.islower()
    assert isinstance(e.latex, str) and e.latex
    assert isinstance(e.summary, str) and e.summary
    assert entry(e.name) is e


# Regression: sympy.sqrt builds Pow(u, 1/2), so entry_for(sqrt(u)) was None.
@pytest.mark.parametrize("e", ENTRIES, ids=_ids)
def test_entry_for_finds_the_entry(e: CatalogEntry):
    assert entry_for(e.func(U)) is e


def test_entry_for_other_expressions():
    assert entry_for(sympy.Symbol("u")) is None
    assert entry_for(sympy.sin(U)) is None


# ------------------------------------------------------------------------ names, errors


def test_function_names_sorted_and_complete():
    names = function_names()
    assert isinstance(names, tuple)
    assert list(names) == sorted(names)
    assert set(names) == set(CATALOG)
    assert len(set(names)) == len(names)


@pytest.mark.parametrize("name", function_names())
def test_every_name_is_accepted_by_the_parser(name):
    assert parse(f"{name}(x)") == CATALOG[name].func(X)


def test_parser_whitelist_is_exactly_the_catalog():
    """The parser's list of known functions is function_names(), and nothing else is callable."""
    with pytest.raises(ParseError) as info:
        parse("nope(x)")
    assert info.value.message.endswith("known functions: " + ", ".join(function_names()))
    for other in (
        "sin",
        "cos",
        "tan",
        "atan",
        "gamma",
        "Abs",
        "Sign",
        "log10",
        "exp2",
        "Heaviside",
        "S",
        "Symbol",
    ):
        with pytest.raises(ParseError, match="unknown function"):
            parse(f"{other}(x)")


def test_entry_of_an_unknown_name():
    with pytest.raises(ParseError) as info:
        entry("nope")
    err = info.value
    assert isinstance(err, TanhproofError)
    assert "'nope'" in str(err)
    assert "unknown function" in str(err)
    assert ", ".join(function_names()) in str(err)


def test_entry_is_case_sensitive():
    with pytest.raises(ParseError, match="'Tanh'"):
        entry("Tanh")


@pytest.mark.parametrize("name", sorted(n for n, e in CATALOG.items() if e.parity))
def test_declared_parity_is_proved(name):
    # The parity the catalog declares (used for signed zeros and series reflection)
    # is checked by the exact prover: f(-x) = -f(x) for odd, f(-x) = f(x) for even.
    from tanhproof import prove

    sign = "-" if CATALOG[name].parity == "odd" else ""
    assert str(prove(f"{name}(-x)", f"{sign}{name}(x)").verdict) == "proved"
