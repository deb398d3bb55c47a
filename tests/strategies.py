"""Shared Hypothesis strategies: small expressions of the hyperbolic family, as text.

Everything here produces *text* in the grammar of :func:`tanhproof.parse`, so a
test exercises the parser together with whatever it tests. The expressions stay
inside the decidable exp-rational class of DESIGN.md and are kept small (depth at
most 3, integer exponents at most 3, coefficients at most 3 in size) so that an
exact prover handles each one in well under a second.

* :func:`rationals` — small nonzero rational constants (``"2"``, ``"(-1/3)"``);
* :func:`linear_arguments` — rational-linear arguments (``"2*x"``, ``"x/3"``,
  ``"x + y"``, ``"(3*x - y)/2"``);
* :func:`atoms` — one family function applied to such an argument (``"tanh(x/3)"``);
* :func:`expressions` — random trees of ``+ - * /``, small powers and unary minus
  over atoms and constants;
* :func:`equal_pairs` — ``(expr, the same expr with every function written through
  exp)``: two texts that are *equal* as functions, i.e. true identities with no
  shared wording, for "the prover proves what is true" properties;
* :func:`nonnegative_sums` — sums of products of factors non-negative at every real
  ``x, y`` (``cosh(x - y) - 1``, ``sech(2*x)``, ``cosh(x)*cosh(y) - 1``) with positive
  coefficients: non-negative by construction;
* :func:`constant_constructs` — ``(text, defined)``: a construct applied to a constant
  (``"atanh(2)"``, ``"coth(0)"``, ``"1/(tanh(1/2) - tanh(1/2))"``, ``"(-8)**(1/3)"``),
  inside or outside its real domain, with that fact decided independently here by
  exact rational comparisons (never by tanhproof).
* :func:`sharp_bounds` — ``(claim, where, holds)``: a sharp bound outside the exp-rational
  class (``log(x) <= x - 1`` on ``x > 0``, ``abs(tanh(x)) <= abs(x)``) shifted by a rational
  near 0, true exactly when the shift is positive (or 0, for ``<=``).
* :func:`format_arrays` — ``(format, array)``: values of an IEEE format in the format's
  own dtype (float32 for bfloat16), infinities, NaN, signed zeros and subnormals included.

Examples
========

>>> from hypothesis import given, settings
>>> from tanhproof.numeric._reading import parse
>>> @settings(max_examples=20, deadline=None)
... @given(expressions(variables=("x", "y")))
... def check(text):
...     parse(text)
>>> check()
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import strategies as st

__all__ = [
    "DEFAULT_FUNCTIONS",
    "EXP_FORMS",
    "MAX_COEFFICIENT",
    "MAX_DEPTH",
    "MAX_POWER",
    "atoms",
    "constant_constructs",
    "equal_pairs",
    "exact_rationals",
    "expressions",
    "format_arrays",
    "known_limits",
    "linear_arguments",
    "nonnegative_sums",
    "rationals",
    "sharp_bounds",
    "touching_claims",
]

#: Family functions whose exp form is rational in exp (no log): safe for the prover.
DEFAULT_FUNCTIONS: tuple[str, ...] = ("sinh", "cosh", "tanh", "sech", "csch", "coth", "exp", "sigmoid")

#: Each function written through ``exp`` (``{a}`` is the parenthesised argument).
EXP_FORMS: dict[str, str] = {
    "sinh": "((exp({a}) - exp(-{a}))/2)",
    "cosh": "((exp({a}) + exp(-{a}))/2)",
    "tanh": "((exp({a}) - exp(-{a}))/(exp({a}) + exp(-{a})))",
    "sech": "(2/(exp({a}) + exp(-{a})))",
    "csch": "(2/(exp({a}) - exp(-{a})))",
    "coth": "((exp({a}) + exp(-{a}))/(exp({a}) - exp(-{a})))",
    "exp": "exp({a})",
    "sigmoid": "(1/(1 + exp(-{a})))",
}

MAX_DEPTH = 3
MAX_POWER = 3
MAX_COEFFICIENT = 3


def _fraction_text(value: Fraction) -> str:
    """``value`` as text safe to embed anywhere in a product: ``2``, ``(-2)``, ``(1/3)``."""
    if value.denominator == 1:
        text = str(value.numerator)
        return text if value >= 0 else f"({text})"
    return f"({value.numerator}/{value.denominator})"


def _small_fractions(max_size: int = MAX_COEFFICIENT, nonzero: bool = True) -> st.SearchStrategy[Fraction]:
    return st.builds(
        Fraction,
        st.integers(-max_size, max_size).filter(lambda n: n != 0 or not nonzero),
        st.integers(1, max_size),
    )


def rationals(max_size: int = MAX_COEFFICIENT) -> st.SearchStrategy[str]:
    """Small nonzero rational constants as text (numerator and denominator at most
    ``max_size`` in size), parenthesised where needed: ``"2"``, ``"(-1/3)"``."""
    return _small_fractions(max_size).map(_fraction_text)


def _linear_text(coefficients: dict[str, Fraction]) -> str:
    """``sum(c*v)`` as text; the common denominator is pulled out: ``(3*x - y)/2``."""
    den = 1
    for c in coefficients.values():
        den = den * c.denominator // _gcd(den, c.denominator)
    terms = []
    for name, c in coefficients.items():
        num = int(c * den)
        if num == 0:
            continue
        mag = abs(num)
        term = name if mag == 1 else f"{mag}*{name}"
        if not terms:
            terms.append(term if num > 0 else f"-{term}")
        else:
            terms.append(f"+ {term}" if num > 0 else f"- {term}")
    body = " ".join(terms)
    if den == 1:
        return body
    return f"({body})/{den}" if len(terms) > 1 or body.startswith("-") else f"{body}/{den}"


def _gcd(a: int, b: int) -> int:
    while b:
        a, b = b, a % b
    return a


@st.composite
def linear_arguments(draw, variables: tuple[str, ...] = ("x",), max_size: int = MAX_COEFFICIENT) -> str:
    """A rational-linear, non-constant argument in ``variables``: ``"x"``, ``"2*x"``,
    ``"x/3"``, ``"x + y"``, ``"(3*x - y)/2"``. Coefficients have numerator and
    denominator at most ``max_size``."""
    used = draw(
        st.lists(st.sampled_from(variables), min_size=1, max_size=min(2, len(variables)), unique=True)
    )
    coefficients = {v: draw(_small_fractions(max_size)) for v in used}
    return _linear_text(coefficients)


@st.composite
def _atom_parts(draw, variables, functions, max_size):
    return draw(st.sampled_from(functions)), draw(linear_arguments(variables, max_size))


def atoms(
    variables: tuple[str, ...] = ("x",),
    functions: tuple[str, ...] = DEFAULT_FUNCTIONS,
    max_size: int = MAX_COEFFICIENT,
) -> st.SearchStrategy[str]:
    """One function of ``functions`` at a rational-linear argument: ``"tanh(x/3)"``."""
    return _atom_parts(variables, functions, max_size).map(lambda p: f"{p[0]}({p[1]})")


# An expression tree is a nested tuple:
#   ("atom", function, argument) | ("const", Fraction) | ("neg", t) | ("pow", t, k)
#   | (op, t1, t2) with op in "+-*/".


@st.composite
def _trees(draw, variables, functions, depth, budget):
    """A tree of at most ``depth`` levels and at most ``budget[0]`` leaves."""
    if depth == 0 or budget[0] <= 1 or draw(st.integers(0, 3)) == 0:
        budget[0] -= 1
        if draw(st.integers(0, 4)) == 0:
            return ("const", draw(_small_fractions()))
        return ("atom", *draw(_atom_parts(variables, functions, MAX_COEFFICIENT)))
    kind = draw(st.sampled_from(["+", "-", "*", "/", "pow", "neg"]))
    if kind == "neg":
        return ("neg", draw(_trees(variables, functions, depth - 1, budget)))
    if kind == "pow":
        base = draw(_trees(variables, functions, depth - 1, budget))
        return ("pow", base, draw(st.integers(2, MAX_POWER)))
    left = draw(_trees(variables, functions, depth - 1, budget))
    if kind == "/":
        # A denominator that cannot vanish identically: one atom, a power of one, or a
        # nonzero constant (whatever the numerator, the quotient then parses).
        budget[0] -= 1
        choice = draw(st.integers(0, 2))
        if choice == 0:
            right = ("const", draw(_small_fractions()))
        else:
            right = ("atom", *draw(_atom_parts(variables, functions, MAX_COEFFICIENT)))
            if choice == 2:
                right = ("pow", right, draw(st.integers(2, MAX_POWER)))
        return ("/", left, right)
    right = draw(_trees(variables, functions, depth - 1, budget))
    return (kind, left, right)


def _render(tree, exp_form: bool = False) -> str:
    tag = tree[0]
    if tag == "const":
        return _fraction_text(tree[1])
    if tag == "atom":
        func, arg = tree[1], tree[2]
        if exp_form:
            return EXP_FORMS[func].format(a=f"({arg})")
        return f"{func}({arg})"
    if tag == "neg":
        return f"-({_render(tree[1], exp_form)})"
    if tag == "pow":
        return f"({_render(tree[1], exp_form)})**{tree[2]}"
    return f"({_render(tree[1], exp_form)} {tag} {_render(tree[2], exp_form)})"


def _has_atom(tree) -> bool:
    if tree[0] == "atom":
        return True
    if tree[0] == "const":
        return False
    return any(_has_atom(t) for t in tree[1:] if isinstance(t, tuple))


@st.composite
def _tree_strategy(draw, variables, functions, max_depth, max_leaves):
    tree = draw(_trees(variables, functions, max_depth, [max_leaves]))
    if not _has_atom(tree):  # keep it non-constant
        tree = ("+", tree, ("atom", *draw(_atom_parts(variables, functions, MAX_COEFFICIENT))))
    return tree


def expressions(
    variables: tuple[str, ...] = ("x",),
    max_leaves: int = 6,
    *,
    functions: tuple[str, ...] = DEFAULT_FUNCTIONS,
    max_depth: int = MAX_DEPTH,
) -> st.SearchStrategy[str]:
    """Random non-constant expressions of the family, as text.

    Trees of ``+ - * /``, unary minus and powers ``**2``/``**3``, at most
    ``max_depth`` levels deep and with about ``max_leaves`` leaves; leaves are
    ``functions`` at rational-linear arguments in ``variables`` and small rational
    constants. Denominators are atoms, their powers or constants, so no generated
    text divides by something identically zero.
    """
    return _tree_strategy(tuple(variables), tuple(functions), max_depth, max_leaves).map(_render)


def equal_pairs(
    variables: tuple[str, ...] = ("x",),
    max_leaves: int = 5,
    *,
    functions: tuple[str, ...] = DEFAULT_FUNCTIONS,
    max_depth: int = MAX_DEPTH,
) -> st.SearchStrategy[tuple[str, str]]:
    """``(expr, expr_through_exp)``: the same random expression twice, the second time
    with every function replaced by its exp definition (:data:`EXP_FORMS`). The two
    texts are equal wherever both are defined, so ``prove(a, b)`` must be ``proved``
    (and ``prove(a, b + " + 1/7")`` must be ``refuted``)."""
    trees = _tree_strategy(tuple(variables), tuple(functions), max_depth, max_leaves)
    return trees.map(lambda t: (_render(t), _render(t, exp_form=True)))


def exact_rationals(min_exponent: int = -160, max_exponent: int = 140) -> st.SearchStrategy[Fraction]:
    """Exact rationals for rounding tests: a random odd-or-even numerator over a random
    denominator (up to 2**60), scaled by ``2**k`` with ``k`` in the given range, of either
    sign and sometimes zero, plus dyadics with long mantissas that land near (and on)
    the ties and the overflow and underflow thresholds of the IEEE formats."""
    scaled = st.builds(
        lambda n, d, k: Fraction(n, d) * Fraction(2) ** k,
        st.integers(-(2**60), 2**60),
        st.integers(1, 2**60),
        st.integers(min_exponent, max_exponent),
    )
    dyadic = st.builds(
        lambda m, k: Fraction(m) * Fraction(2) ** k,
        st.integers(-(2**64), 2**64),
        st.integers(min_exponent - 64, max_exponent - 64),
    )
    return st.one_of(scaled, dyadic)


# Constructs on a constant c, each with its real-domain test written out here from
# the definitions (DLMF 4.37: atanh needs |c| < 1, acosh c >= 1; log c > 0; coth and
# csch have a pole at 0; an even root needs c >= 0), independent of tanhproof.
_CONSTANT_CONSTRUCTS: dict[str, tuple[str, object]] = {
    "atanh": ("atanh({c})", lambda c: abs(c) < 1),
    "acosh": ("acosh({c})", lambda c: c >= 1),
    "log": ("log({c})", lambda c: c > 0),
    "coth": ("coth({c})", lambda c: c != 0),
    "csch": ("csch({c})", lambda c: c != 0),
    "sqrt": ("sqrt({c})", lambda c: c >= 0),
    "root": ("({c})**(1/2)", lambda c: c >= 0),
    "cuberoot": ("({c})**(1/3)", lambda c: c >= 0),  # real powers of negatives are not real
    "reciprocal": ("1/({c})", lambda c: c != 0),
    "vanishing": ("1/(tanh({c}) - tanh({c}))", lambda c: False),  # tanh(c) - tanh(c) = 0
    "vanishing_sinh": (
        "1/(2*sinh({c}) - sinh(2*{c})/cosh({c}))",
        lambda c: False,
    ),  # sinh 2c = 2 sinh c cosh c
    "power": ("2**({c})", lambda c: True),
    "negative_base": ("(-2)**(x*{c})", lambda c: False),  # a variable exponent needs a positive base
}


@st.composite
def constant_constructs(draw) -> tuple[str, bool]:
    """``(text, defined)``: one construct of the catalog at a constant, inside or
    outside its domain (boundaries 0 and +-1 included), and whether it is defined."""
    name = draw(st.sampled_from(sorted(_CONSTANT_CONSTRUCTS)))
    template, defined = _CONSTANT_CONSTRUCTS[name]
    value = draw(
        st.one_of(
            st.sampled_from([Fraction(0), Fraction(1), Fraction(-1), Fraction(2), Fraction(-2)]),
            _small_fractions(nonzero=False),
        )
    )
    if name == "reciprocal" and value == 0:
        value = Fraction(1)  # a literal 1/0 is a syntax-level error, tested elsewhere
    return template.format(c=_fraction_text(value)), bool(defined(value))  # type: ignore[operator]


#: Arguments for :func:`nonnegative_sums` (small, so the exact forms stay small).
_SUM_ARGUMENTS = ("x", "y", "2*x", "x - y", "x + y", "y/2")
#: Factors non-negative at every real point, each with its reason.
_NONNEGATIVE_FACTORS = (
    "(cosh({a}) - 1)",  # cosh >= 1 (DLMF 4.28: cosh u = 1 + 2 sinh^2(u/2))
    "exp({a})",  # exp > 0
    "sech({a})",  # 1/cosh > 0
    "sinh({a})**2",  # a square
    "(1 - tanh({a})**2)",  # = sech^2 > 0
    "(cosh({a})*cosh({b}) - 1)",  # a product of two numbers >= 1, minus 1
    "sigmoid({a})",  # 1/(1 + exp(-u)) > 0
)


@st.composite
def nonnegative_sums(draw, max_terms: int = 3) -> str:
    """A sum of products of factors that are non-negative at every real ``x, y``, with
    positive rational coefficients: non-negative everywhere *by construction*."""
    terms = []
    for _ in range(draw(st.integers(1, max_terms))):
        factors = []
        for _ in range(draw(st.integers(1, 2))):
            template = draw(st.sampled_from(_NONNEGATIVE_FACTORS))
            a, b = draw(st.sampled_from(_SUM_ARGUMENTS)), draw(st.sampled_from(_SUM_ARGUMENTS))
            factors.append(template.format(a=a, b=b))
        coefficient = draw(_small_fractions(nonzero=True)).__abs__()
        terms.append("*".join([_fraction_text(coefficient), *factors]))
    return " + ".join(terms)


#: Functions positive at every real x (factors that keep a square's zeros and sign).
_POSITIVE_FACTORS = (
    "1",
    "cosh(x)",
    "sigmoid(2*x)",
    "(1 + exp(-3*x))",
    "sech(x/2)**2",
    "exp(x)",
    "(2 + tanh(x))",
)


@st.composite
def touching_claims(draw) -> tuple[str, Fraction, tuple[Fraction, ...]]:
    """``(claim, k, coefficients)``: a strict claim ``F**2 * P > 0`` (in one of three
    equivalent spellings) that is false exactly where ``F = 0``, with ``F = p(exp(k*x))``
    for the polynomial ``p`` of ``coefficients`` (from the constant term up):
    ``u - r`` (``r > 0`` rational, ``r != 1``) or ``u**2 - a*u - c`` (``c > 0``: exactly
    one positive root, irrational unless the discriminant is a square), and ``P`` a
    product of functions positive everywhere."""
    k = draw(st.sampled_from([Fraction(1), Fraction(2), Fraction(3), Fraction(1, 2), Fraction(2, 3)]))
    u = f"exp({_fraction_text(k)}*x)"
    if draw(st.booleans()):
        r = draw(
            st.fractions(min_value=Fraction(1, 5), max_value=9, max_denominator=5).filter(
                lambda v: v not in (0, 1)
            )
        )
        coefficients: tuple[Fraction, ...] = (-r, Fraction(1))
        f = f"{u} - {_fraction_text(r)}"
    else:
        a = Fraction(draw(st.integers(-3, 3)))
        c = draw(st.fractions(min_value=Fraction(1, 4), max_value=5, max_denominator=4).filter(bool))
        coefficients = (-c, -a, Fraction(1))
        f = f"{u}**2 - ({_fraction_text(a)})*{u} - {_fraction_text(c)}"
    p = "*".join(draw(st.lists(st.sampled_from(_POSITIVE_FACTORS), min_size=1, max_size=2)))
    spelling = draw(st.sampled_from(["({f})**2*{p} > 0", "0 < ({f})**2*{p}", "-({f})**2*{p} < 0"]))
    return spelling.format(f=f, p=p), k, coefficients


#: Building blocks with a known limit as ``x -> oo`` (text, limit as text), each with its source.
_KNOWN_AT_OO = (
    ("erf(x)", "1"),  # DLMF 7.2.1 and 7.12.1: erfc x -> 0
    ("tanh(sqrt(x))", "1"),  # tanh u = (1 - e^-2u)/(1 + e^-2u) -> 1 (DLMF 4.28), u = sqrt x -> oo
    ("log(x)/x", "0"),  # DLMF 4.4(iii): x^-a log x -> 0
    ("sqrt(x**2 + 1) - x", "0"),  # = 1/(sqrt(x^2 + 1) + x)
    ("softplus(x) - x", "0"),  # = log(1 + e^-x)
    ("x**2*exp(-sqrt(x))", "0"),  # e^sqrt(x) > x^3/6! (one term of its series)
    ("x*(sqrt(x**2 + 1) - x)", "1/2"),  # = 1/(sqrt(1 + 1/x^2) + 1)
    ("asinh(x) - log(x)", "log(2)"),  # DLMF 4.37.16: log(x + sqrt(x^2 + 1)) - log x -> log 2
    ("x*log(1 + 1/x)", "1"),  # log(1 + u)/u -> 1 (DLMF 4.6.1)
    ("exp(-x)*x**3", "0"),  # DLMF 4.4(iii)
)
#: Functions continuous everywhere, applied to a block (value at the limit: same text).
_CONTINUOUS = ("exp({a})", "tanh({a})", "erf({a})", "sigmoid({a})", "sqrt(1 + ({a})**2)")


@st.composite
def known_limits(draw) -> tuple[str, str]:
    """``(expression, limit)`` as ``x -> oo``, the limit known by construction: a sum of
    rational multiples of blocks with a known limit (:data:`_KNOWN_AT_OO`), perhaps inside a
    function continuous everywhere; the limit is the same sum, perhaps inside the same
    function (limits of sums and the continuity of the outer function)."""
    terms, limits = [], []
    for _ in range(draw(st.integers(1, 3))):
        block, value = draw(st.sampled_from(_KNOWN_AT_OO))
        c = _fraction_text(draw(_small_fractions()))
        terms.append(f"{c}*({block})")
        limits.append(f"{c}*({value})")
    b = _fraction_text(draw(_small_fractions(nonzero=False)))
    expression, limit = " + ".join([b, *terms]), " + ".join([b, *limits])
    if draw(st.booleans()):
        outer = draw(st.sampled_from(_CONTINUOUS))
        expression, limit = outer.format(a=expression), outer.format(a=limit)
    return expression, limit


#: ``(lhs, rhs, where)`` with ``rhs - lhs >= 0`` on ``where``, minimum exactly 0 at a rational
#: point (hand proofs: the margin is convex or its derivative changes sign once there).
_SHARP_BOUNDS = (
    ("log(x)", "x - 1", "x > 0"),  # (x - 1 - log x)' = 1 - 1/x: minimum 0 at x = 1
    ("x - 1", "x*log(x)", "x > 0"),  # (x log x - x + 1)' = log x: minimum 0 at x = 1
    ("1 - 1/x", "log(x)", "x > 0"),  # (log x - 1 + 1/x)' = (x - 1)/x**2: minimum 0 at x = 1
    ("sqrt(x)", "(1 + x)/2", "x >= 0"),  # (1 + x)/2 - sqrt x = (1 - sqrt x)**2/2: 0 at x = 1
    ("sqrt(x)", "(1 + x)/2", "x > 0"),
    ("log(1 + x)", "x", "x > -1"),  # (x - log(1 + x))' = x/(1 + x): minimum 0 at x = 0
    ("abs(tanh(x))", "abs(x)", None),  # |tanh u| <= |u| (tanh u <= u for u >= 0, odd): 0 at 0
    ("abs(x - 1/2)", "abs(sinh(x - 1/2))", None),  # |sinh u| >= |u| (sinh u - u increasing): 0 at 1/2
)


@st.composite
def sharp_bounds(draw) -> tuple[str, str | None, bool]:
    """``(claim, where, holds)``: ``lhs < rhs + c`` or ``lhs <= rhs + c`` for a bound
    ``lhs <= rhs`` that is sharp (equality at one rational point, on an open domain or at a
    kink of ``abs``), with ``c`` a rational shift near 0 (or 0); it holds exactly when
    ``c > 0``, or ``c = 0`` for ``<=``, decided here by comparing ``c`` with 0."""
    lhs, rhs, where = draw(st.sampled_from(_SHARP_BOUNDS))
    c = draw(
        st.one_of(
            st.just(Fraction(0)),
            st.fractions(min_value=-1, max_value=1, max_denominator=1000),
            st.integers(-30, 30).map(lambda k: Fraction(1 if k >= 0 else -1, 2 ** abs(k))),
        )
    )
    relation = draw(st.sampled_from(["<", "<="]))
    holds = c > 0 or (c == 0 and relation == "<=")
    return f"{lhs} {relation} {rhs} + ({_fraction_text(c)})", where, holds


@st.composite
def nested_fractions(draw, max_depth: int = 3) -> tuple[str, tuple[int, ...]]:
    """A rational expression in x, as text, whose divisors may cancel when it is brought
    to one fraction (``1/(2 + 1/(x - 3))``), and the integers at which one of its
    divisors, as written, vanishes (the points where the side does not exist)."""
    poles: list[int] = []

    def build(depth: int) -> str:
        c = draw(st.integers(-4, 4))
        if depth == 0 or draw(st.booleans()):
            poles.append(c)
            return f"(x - ({c}))"
        a = draw(st.integers(-3, 3))
        inner = build(depth - 1)
        kind = draw(st.sampled_from(["div", "mul", "add"]))
        if kind == "div":
            return f"({a} + 1/{inner})"
        if kind == "mul":
            return f"(x - ({c}))*{inner}"
        return f"({inner} + {a}*x)"

    divisor = build(max_depth)
    numerator = draw(st.sampled_from(["1", "x", "x**2 + 1", "2*x - 1"]))
    return f"({numerator})/{divisor}", tuple(sorted(set(poles)))


#: Constructs with a domain condition: (text with ``{u}`` for the argument, the edge value of
#: the argument, whether the construct is defined there).
DOMAIN_EDGES = (
    ("sqrt({u})", Fraction(0), True),
    ("acosh({u})", Fraction(1), True),
    ("log({u})", Fraction(0), False),
    ("atanh({u})", Fraction(1), False),
    ("atanh({u})", Fraction(-1), False),
    ("1/({u})", Fraction(0), False),
    ("coth({u})", Fraction(0), False),
    ("csch({u})", Fraction(0), False),
)


@st.composite
def domain_edges(draw) -> tuple[str, Fraction, bool]:
    """``(expression, point, defined)``: a construct of :data:`DOMAIN_EDGES` whose argument
    ``a*x + b`` (rational, often not dyadic: its balls straddle the edge at every precision)
    sits exactly on the construct's domain edge at ``x = point``; sometimes the argument
    carries a transcendental term that cancels exactly (``sinh(x) - sinh(x)``)."""
    text, edge, defined = draw(st.sampled_from(DOMAIN_EDGES))
    a = draw(st.fractions(min_value=-7, max_value=7, max_denominator=12).filter(lambda q: q != 0))
    b = draw(st.fractions(min_value=-7, max_value=7, max_denominator=12))
    point = (edge - b) / a
    u = f"{a.numerator}/{a.denominator}*x + {b.numerator}/{b.denominator}"
    if draw(st.booleans()):
        g = draw(st.sampled_from(["sinh", "tanh", "exp", "sigmoid"]))
        u = f"{g}(x) - {g}(x) + {u}"
    outer = draw(st.sampled_from(["{e}", "tanh({e})", "{e} + x", "2*{e}"]))
    return outer.format(e=text.format(u=u)), point, defined


#: Constructs with a restricted domain, for texts in which they cancel.
RESTRICTED = ("log(x)", "1/x", "sqrt(x)", "atanh(x)", "acosh(x)", "coth(x)", "log(x - 1/2)", "sqrt(1 - x**2)")


@st.composite
def cancelling_constructs(draw) -> str:
    """A text in which a construct with a restricted domain cancels algebraically
    (``log(x)/log(x)``, ``sqrt(x) - sqrt(x) + x + 3``, ``(x + 3)*(1/x)/(1/x)``): equal to a
    simpler expression inside the domain, undefined outside it; never exactly 0 at the
    points -2 .. 3 (an exact zero's sign needs the exact prover, which the bulk loop lacks)."""
    c = draw(st.sampled_from(RESTRICTED))
    form = draw(
        st.sampled_from(
            [
                "({c})/({c})",
                "-({c})/({c}) - 1",
                "({c}) - ({c}) + x + 3",
                "(x + 3)*({c})/({c})",
                "({c})*x/({c}) + 5",
                "tanh(({c}) - ({c}) + 1)",
                "((-1) * ({c})) / ({c})",
                "(-1)*(x + 3)*({c})/({c})",
            ]
        )
    )
    return form.format(c=c)


#: The formats of tanhproof.numeric and their widths (bfloat16 is the top of a float32).
_FORMAT_WIDTHS = {"binary16": 16, "bfloat16": 32, "binary32": 32, "binary64": 64}


@st.composite
def format_arrays(draw, formats: tuple[str, ...] = tuple(_FORMAT_WIDTHS), max_size: int = 40):
    """``(format, array)``: up to ``max_size`` values of one of ``formats`` in its dtype
    (bfloat16 values as float32 arrays whose low 16 bits are 0)."""
    import numpy as np

    fmt = draw(st.sampled_from(formats))
    if fmt == "bfloat16":
        bits = draw(st.lists(st.integers(0, 2**16 - 1), min_size=1, max_size=max_size))
        return fmt, (np.array(bits, dtype=np.uint32) << 16).view(np.float32)
    width = _FORMAT_WIDTHS[fmt]
    values = draw(st.lists(st.floats(width=width), min_size=1, max_size=max_size))
    return fmt, np.array(values, dtype={16: np.float16, 32: np.float32, 64: np.float64}[width])
