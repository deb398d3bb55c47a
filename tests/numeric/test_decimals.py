"""Decimal digits correctly rounded (ties to even) at every size: tanhproof.numeric._decimals.

Every expected value comes from outside tanhproof: mpmath at (at least) 3N digits,
rounded half to even *here* from mpmath's digit string (:func:`reference`), or
Python's ``decimal`` module, whose division is correctly rounded, for exact
rationals. mpmath and the reference builders may print integers of more than 4 300
digits, so they run with Python's int/str limit lifted (:func:`_no_str_limit`); the
library itself always runs with the limit in force.
"""

from __future__ import annotations

import contextlib
import dataclasses
import decimal
import json
import re
import sys
from fractions import Fraction

import mpmath
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import expressions

from tanhproof.cli import _values as values
from tanhproof.cli._main import main
from tanhproof.cli._values import value_report
from tanhproof.expr._errors import LimitError
from tanhproof.numeric import _decimals as decimals
from tanhproof.numeric._decimals import (
    decimal_digits,
    decimal_text,
    round_dyadic,
    round_fraction,
)
from tanhproof.numeric._dyadic import Dyadic
from tanhproof.numeric._enclosure import prepare
from tanhproof.proof._exact import proved_equal


@contextlib.contextmanager
def _no_str_limit():
    """Python's int<->str digit limit lifted for the reference computations only."""
    old = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)
    try:
        yield
    finally:
        sys.set_int_max_str_digits(old)


@pytest.fixture(autouse=True)
def _library_runs_with_the_default_limit():
    assert sys.get_int_max_str_digits() == 4300  # the limit tanhproof must live with
    yield


# -- the independent reference -------------------------------------------------------


@dataclasses.dataclass(frozen=True)
class Digits:
    """A value rounded to len(digits) significant digits: sign * 0.d1d2... * 10**(exponent+1)."""

    sign: int
    digits: str
    exponent: int

    def decimal(self) -> decimal.Decimal:
        return decimal.Decimal(
            f"{'-' if self.sign < 0 else ''}{self.digits[0]}.{self.digits[1:]}E{self.exponent}"
        )


class Ambiguous(Exception):
    """mpmath's digits are too close to a tie to round them."""


def mpmath_digits(value_fn, dps: int) -> tuple[int, str, int]:
    """``value_fn()`` computed by mpmath at ``dps + 10`` digits, as (sign, dps digits, exponent)."""
    with mpmath.workdps(dps + 10), _no_str_limit():
        value = value_fn()
        if value == 0:
            return 0, "0" * dps, 0
        text = mpmath.nstr(value, dps, strip_zeros=False, min_fixed=0, max_fixed=0)  # d.ddd...e+k
    mantissa, _, exponent = text.partition("e")
    sign = -1 if mantissa.startswith("-") else 1
    return sign, mantissa.lstrip("-").replace(".", ""), int(exponent or 0)


def round_half_even(sign: int, digits: str, exponent: int, n: int) -> Digits:
    """Round a digit string (at least 3n digits) to n digits, half to even, by hand."""
    if sign == 0:
        return Digits(0, "0" * n, 0)
    assert len(digits) >= 3 * n
    head, tail = digits[:n], digits[n:]
    # mpmath's last digits may be off by a unit: a tail this close to 5000... is a tie or
    # too near one to tell.
    if re.fullmatch(r"50*.{0,2}|49*.{0,2}", tail):
        raise Ambiguous(tail[:10])
    if tail[0] >= "5":
        with _no_str_limit():
            up = str(int(head) + 1)
        if len(up) > n:
            return Digits(sign, up[:n], exponent + 1)
        head = up
    return Digits(sign, head, exponent)


def reference(value_fn, n: int, dps: int | None = None) -> Digits:
    """``value_fn()`` to n digits, half to even, from mpmath at ``max(3n, dps)`` digits."""
    return round_half_even(*mpmath_digits(value_fn, max(3 * n, dps or 0, 20)), n)


def read_text(text: str, n: int) -> decimal.Decimal:
    """The printed number, exactly, after checking it shows n significant digits."""
    mantissa = text.lstrip("-").split("e")[0]
    shown = mantissa.replace(".", "").lstrip("0")
    assert (
        len(shown) == n
        or (shown == "" and len(mantissa) == max(n, 2) + 1)
        or (len(shown) == n + 1 and mantissa.endswith(".0"))
    ), text
    return decimal.Decimal(text)


def digits_of(expr: str, point: dict, n: int) -> str:
    result = decimal_digits(prepare(expr, point, proved_equal), n)
    assert result.correct, result.how
    return result.text


def check(expr: str, point: dict, n: int, value_fn, dps: int | None = None) -> None:
    expected = reference(value_fn, n, dps)
    assert read_text(digits_of(expr, point, n), n) == expected.decimal()


# -- the examples quoted in the issue ------------------------------------------------


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def value_line(out: str) -> str:
    return re.search(r"value \(\d+ digits\): (\S+)", out).group(1)


@pytest.mark.parametrize("n", [4281, 4300, 4301, 5000])
def test_tanh_beyond_the_int_str_limit(capsys, n):
    code, out, err = run(capsys, "eval", "tanh(x)", "--at", "x=1", "--digits", str(n))
    assert code == 0 and err == "", err
    assert "(correctly rounded, ties to even)" in out
    assert read_text(value_line(out), n) == reference(lambda: mpmath.tanh(1), n).decimal()


@pytest.mark.parametrize(
    ("expr", "x", "value_fn"),
    [
        ("exp(x)", "10000", lambda: mpmath.exp(10000)),  # 8.8068e+4342
        ("x", "1e5000", lambda: mpmath.mpf(10) ** 5000),
        ("tanh(x)", "1e-5000", lambda: mpmath.tanh(mpmath.mpf(10) ** -5000)),
        # d^1000/dx^1000 log(x) = -999!/x^1000 (odd order): -999! * 10^5000 at x = 1e-5
        ("diff(log(x),x,1000)", "1e-5", lambda: -mpmath.factorial(999) * mpmath.mpf(10) ** 5000),
        ("exp(x)", "-150000", lambda: mpmath.exp(-150000)),  # 10^-65144: beyond the old exact range
    ],
)
def test_magnitudes_beyond_the_int_str_limit(capsys, expr, x, value_fn):
    code, out, err = run(capsys, "eval", expr, "--at", f"x={x}")
    assert code == 0 and err == "", err
    assert read_text(value_line(out), 50) == reference(value_fn, 50).decimal()


def test_exact_tie_rounds_half_to_even(capsys):
    # sigmoid(1/2) + sigmoid(-1/2) = 1 exactly, so the value is 1/4: one digit, ties to
    # even, is 0.2 (decimal.Decimal("0.25").quantize(Decimal("0.1"), ROUND_HALF_EVEN)).
    code, out, _ = run(capsys, "eval", "sigmoid(x)+sigmoid(-x)-0.75", "--at", "x=0.5", "--digits", "1")
    assert code == 0 and value_line(out) == "0.2"
    assert "proved by the exact prover: rounded half to even" in out
    assert "off by one" not in out


def test_just_below_a_tie_is_not_rounded_up(capsys):
    # 1/8 - e^-1000 = 0.12499...9 (434 nines, then other digits): mpmath at 1000 digits.
    code, out, _ = run(capsys, "eval", "1/8 - exp(-x)", "--at", "x=1000", "--digits", "2")
    assert code == 0 and value_line(out) == "0.12"
    expected = reference(lambda: mpmath.mpf(1) / 8 - mpmath.exp(-1000), 2, dps=1000)
    assert expected.decimal() == decimal.Decimal("0.12")


def test_proved_zero_is_exact(capsys):
    code, out, _ = run(capsys, "eval", "sech(x)**2 - (1 - tanh(x)**2)", "--at", "x=0.5", "--digits", "5")
    assert code == 0 and value_line(out) == "0.0000"
    assert "the value is exactly 0, proved by the exact prover" in out
    assert "off by one" not in out


def test_json_says_whether_correctly_rounded(capsys):
    code, out, _ = run(
        capsys, "eval", "sigmoid(x)+sigmoid(-x)-0.75", "--at", "x=0.5", "-d", "1", "--format", "json"
    )
    data = json.loads(out)
    assert code == 0 and data["value"] == "0.2" and data["correctly_rounded"] is True


def test_json_beyond_the_int_str_limit(capsys):
    # "0." and 5000 digits: the enclosure's bounds (Dyadic) print mantissas of any size too.
    code, out, _ = run(capsys, "eval", "tanh(x)", "--at", "x=1", "--digits", "5000", "--format", "json")
    assert code == 0 and len(json.loads(out)["value"]) == 5002


# -- ties and boundaries -------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "x", "n", "exact"),
    [
        ("x", "0.25", 1, "0.25"),  # dyadic tie, seen exactly by arb
        ("x", "0.375", 2, "0.375"),
        ("x", "0.35", 1, "0.35"),  # 7/20: not dyadic, every enclosure straddles the tie
        ("x", "0.45", 1, "0.45"),  # the tie rounds down to the even 4
        ("-x", "0.45", 1, "-0.45"),
        ("x", "9.5", 1, "9.5"),  # tie carried into the next decade: 10
        ("x", "1.5e5000", 1, "1.5e5000"),
        ("x", "1.25e-5000", 2, "1.25e-5000"),  # a tie with a 5000-digit denominator, proved
        ("sigmoid(x) + sigmoid(-x) - 0.65", "0.5", 1, "0.35"),  # sigmoid(t) + sigmoid(-t) = 1
        ("tanh(x)**2 + sech(x)**2 - 0.85", "2", 1, "0.15"),  # tanh^2 + sech^2 = 1
        ("sigmoid(x) + sigmoid(-x)", "3", 5, "1"),  # exactly representable: not a tie
        ("4*x", "0.25", 3, "1"),
    ],
)
def test_boundaries(expr, x, n, exact):
    # The exact value, rounded half to even by Python's decimal module.
    expected = decimal.Context(
        prec=n, rounding=decimal.ROUND_HALF_EVEN, Emax=decimal.MAX_EMAX, Emin=-decimal.MAX_EMAX
    ).plus(decimal.Decimal(exact))
    assert read_text(digits_of(expr, {"x": x}, n), n) == expected


def test_near_ties_on_both_sides():
    # 9/20 +/- e^-100: a hair above or below the tie 0.45 (mpmath at 200 digits).
    check("9/20 + exp(-x)", {"x": 100}, 1, lambda: mpmath.mpf(9) / 20 + mpmath.exp(-100), dps=200)
    check("9/20 - exp(-x)", {"x": 100}, 1, lambda: mpmath.mpf(9) / 20 - mpmath.exp(-100), dps=200)
    assert digits_of("9/20 + exp(-x)", {"x": 100}, 1) == "0.5"
    assert digits_of("9/20 - exp(-x)", {"x": 100}, 1) == "0.4"


def test_undecided_tie_is_reported_not_guessed(monkeypatch):
    # No exact check (a prover that proves nothing) and a low precision cap: 7/20 stays straddled.
    monkeypatch.setattr(values, "proved_equal", lambda problem, value: False)
    monkeypatch.setattr(decimals, "LIMITS", dataclasses.replace(decimals.LIMITS, max_evaluation_bits=4096))
    result = decimal_digits(prepare("x", {"x": "0.35"}), 1)
    assert not result.correct and result.text in ("0.3", "0.4")
    assert "last digits 3 and 4" in result.how and "may be off by one" in result.how
    report = value_report("x", {"x": "0.35"}, digits=1)
    assert report.to_dict()["correctly_rounded"] is False
    with pytest.raises(LimitError, match="the value may be 0"):
        decimal_digits(prepare("sech(x)**2 - (1 - tanh(x)**2)", {"x": "0.5"}), 5)


# -- the sweep over N and magnitudes -------------------------------------------------

SMALL_N = [*range(1, 41), 99, 100, 101, 1000, 4280, 4281, 4299, 4300, 4301, 10_000]


def test_sweep_over_digits():
    # One mpmath evaluation of tanh(1/3) at 3*10^4 digits serves every N <= 10^4.
    sign, digits, exponent = mpmath_digits(lambda: mpmath.tanh(mpmath.mpf(1) / 3), 3 * max(SMALL_N))
    for n in SMALL_N:
        got = read_text(digits_of("tanh(x)", {"x": "1/3"}, n), n)
        assert got == round_half_even(sign, digits, exponent, n).decimal(), n


def test_sweep_over_every_n_up_to_4301():
    sign, digits, exponent = mpmath_digits(lambda: mpmath.exp(mpmath.mpf(-7) / 5), 3 * 4301)
    for n in range(1, 4302):
        got = read_text(digits_of("exp(x)", {"x": "-1.4"}, n), n)
        assert got == round_half_even(sign, digits, exponent, n).decimal(), n


@pytest.mark.slow
@pytest.mark.parametrize("n", [60_000, 60_186, 100_000])
def test_sweep_large_n(n):
    check("tanh(x)", {"x": 1}, n, lambda: mpmath.tanh(1))


@pytest.mark.parametrize(
    ("expr", "x", "value_fn"),
    [
        ("exp(x)", "-10000", lambda: mpmath.exp(-10000)),  # 10^-4343
        ("exp(x)", "138629", lambda: mpmath.exp(138629)),  # 10^60206
        ("exp(x)", "1000000", lambda: mpmath.exp(1000000)),  # 10^434294: 2^1442695, exact integers
        ("exp(x)", "-1000000", lambda: mpmath.exp(-1000000)),
        ("exp(x)", "1e9", lambda: mpmath.exp(10**9)),  # 2^(1.4e9): scaled in ball arithmetic
        ("-exp(x)", "-1e9", lambda: -mpmath.exp(-(10**9))),
        ("x**3", "1e-2000", lambda: mpmath.mpf(10) ** -6000),
        ("sinh(x)", "20000", lambda: mpmath.sinh(20000)),
    ],
)
@pytest.mark.parametrize("n", [1, 17, 50, 4400])
def test_sweep_over_magnitudes(expr, x, value_fn, n):
    check(expr, {"x": x}, n, value_fn)


# -- exact rounding against Python's decimal module ----------------------------------


def _decimal_round(num: int, den: int, n: int) -> decimal.Decimal:
    ctx = decimal.Context(
        prec=n, rounding=decimal.ROUND_HALF_EVEN, Emin=-decimal.MAX_EMAX, Emax=decimal.MAX_EMAX
    )
    return ctx.divide(
        decimal.Decimal(num), decimal.Decimal(den)
    )  # correctly rounded (IEEE 754 / decimal spec)


_EXACT = decimal.Context(prec=decimal.MAX_PREC, Emax=decimal.MAX_EMAX, Emin=-decimal.MAX_EMAX)


def _as_decimal(qk: tuple[int, int], n: int) -> decimal.Decimal:
    q, k = qk
    return decimal.Decimal(q).scaleb(k - n + 1, context=_EXACT)


@settings(max_examples=200, deadline=None)
@given(st.integers(-(2**200), 2**200).filter(bool), st.integers(-3000, 3000), st.integers(1, 60))
def test_round_dyadic_matches_decimal(mantissa, exponent, n):
    num, den = (mantissa << exponent, 1) if exponent >= 0 else (mantissa, 1 << -exponent)
    q, k = round_dyadic(Dyadic(mantissa, exponent), n)
    assert len(str(abs(q))) == n
    assert _as_decimal((q, k), n) == _decimal_round(num, den, n)


@settings(max_examples=200, deadline=None)
@given(st.fractions(), st.integers(1, 40))
def test_round_fraction_matches_decimal(value, n):
    if value == 0:
        assert round_fraction(value, n) == (0, 0)
        return
    assert _as_decimal(round_fraction(value, n), n) == _decimal_round(value.numerator, value.denominator, n)


def _is_tie(mantissa: int, exponent: int, n: int) -> bool:
    num, den = (mantissa << exponent, 1) if exponent >= 0 else (mantissa, 1 << -exponent)
    exact = _decimal_round(num, den, 10_000).normalize()  # exact: 2^-3000 has 3000 digits
    digits = exact.as_tuple().digits
    return len(digits) == n + 1 and digits[-1] == 5


@settings(max_examples=100, deadline=None)
@given(st.integers(-(2**200), 2**200).filter(bool), st.integers(-3000, 3000), st.integers(1, 60))
def test_round_by_balls_matches_decimal(mantissa, exponent, n):
    # The path for astronomically large exponents, forced on moderate ones; it is only
    # used where a tie cannot occur, so ties are left out here.
    assume(not _is_tie(mantissa, exponent, n))
    num, den = (mantissa << exponent, 1) if exponent >= 0 else (mantissa, 1 << -exponent)
    q, k = decimals._round_by_balls(mantissa, exponent, n)
    assert _as_decimal((q, k), n) == _decimal_round(num, den, n)


def test_huge_exponents_against_mpmath():
    for m, e in [(1, 10**9), (-3, 10**9), (12345, -(10**9)), (2**100 + 1, 7 * 10**8), (1, 2**64)]:
        for n in (1, 20, 300):
            expected = reference(lambda m=m, e=e: mpmath.ldexp(mpmath.mpf(m), e), n)
            q, k = round_dyadic(Dyadic(m, e), n)
            assert (q < 0, str(abs(q)), k) == (expected.sign < 0, expected.digits, expected.exponent), (
                m,
                e,
                n,
            )


def test_decimal_text_layout():
    assert decimal_text(12345, 0, 5) == "1.2345"
    assert decimal_text(12345, 4, 5) == "12345.0"
    assert decimal_text(12345, 5, 5) == "1.2345e+5"
    assert decimal_text(-12345, -5, 5) == "-0.000012345"
    assert decimal_text(12345, -6, 5) == "1.2345e-6"
    assert decimal_text(0, 0, 1) == "0.0"
    q = 10**99_999 + 7  # 100 000 digits: no int->str limit
    text = decimal_text(q, -1, 100_000)
    assert text.startswith("0.1000") and text.endswith("0007") and len(text) == 100_002


# -- random expressions, points and N against mpmath ---------------------------------

_MPMATH = {
    "sinh": mpmath.sinh,
    "cosh": mpmath.cosh,
    "tanh": mpmath.tanh,
    "sech": mpmath.sech,
    "csch": mpmath.csch,
    "coth": mpmath.coth,
    "exp": mpmath.exp,
    "sigmoid": lambda t: 1 / (1 + mpmath.exp(-t)),
}


def mpmath_value(text: str, x: Fraction):
    """The expression text (the strategies' Python-compatible grammar) evaluated by mpmath
    with every integer literal an mpf: no tanhproof code involved."""
    source = re.sub(r"\d+", lambda m: f"mpf({m.group()})", text)
    return lambda: eval(
        source,
        {"__builtins__": {}, "mpf": mpmath.mpf, **_MPMATH},
        {"x": mpmath.mpf(x.numerator) / x.denominator},
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(
    expressions(variables=("x",)),
    st.fractions(min_value=-4, max_value=4, max_denominator=20),
    st.integers(1, 60) | st.sampled_from([4301, 4400]),
)
def test_random_expressions_match_mpmath(text, x, n):
    from tanhproof.expr._errors import DomainError

    try:
        result = decimal_digits(prepare(text, {"x": f"{x.numerator}/{x.denominator}"}, proved_equal), n)
    except DomainError:
        return  # a pole or a point outside the domain: nothing to round
    assert result.correct, result.how
    try:
        expected = reference(mpmath_value(text, x), n)
    except (Ambiguous, ZeroDivisionError):
        assume(False)
    if expected.sign == 0 or result.text.lstrip("-").strip("0.") == "":
        # exactly 0 (proved) on our side; mpmath, rounding each step, may see a tiny residue
        with mpmath.workdps(3 * n + 10):
            assert result.text.lstrip("-").strip("0.") == "" and abs(mpmath_value(text, x)()) < mpmath.mpf(
                10
            ) ** (-2 * n)
        return
    assert read_text(result.text, n) == expected.decimal()


# -- the Sphinx value role -----------------------------------------------------------


def test_value_role_rounds_once_and_names_the_limit_as_written(tmp_path):
    pytest.importorskip("sphinx")
    from io import StringIO

    from sphinx.testing.util import SphinxTestApp

    (tmp_path / "conf.py").write_text('extensions = ["tanhproof.sphinxext"]\n')
    (tmp_path / "index.rst").write_text(
        "Values\n======\n\n"
        "A tie: :tanhproof:value:`sigmoid(x) + sigmoid(-x) - 0.75; x=1/2; digits=1`.\n\n"
        "Below a tie: :tanhproof:value:`1/8 - exp(-x); x=1000; digits=2`.\n\n"
        "Many digits: :tanhproof:value:`tanh(x); x=1; digits=4400`.\n\n"
        "Too many: :tanhproof:value:`tanh(x); x=1; digits=100001`.\n\n"
        "None: :tanhproof:value:`tanh(x); x=1; digits=0`.\n"
    )
    app = SphinxTestApp("html", srcdir=tmp_path, status=StringIO(), warning=StringIO())
    try:
        app.build()
        html = (tmp_path / "_build" / "html" / "index.html").read_text()
        warnings = app._warning.getvalue()
    finally:
        app.cleanup()
    assert ">0.2<" in html and ">0.12<" in html  # exactly 1/4 -> 0.2; 0.12499... -> 0.12
    expected = reference(lambda: mpmath.tanh(1), 4400)
    shown = re.search(r">(0\.7615\d+)<", html).group(1)
    assert read_text(shown, 4400) == expected.decimal()
    assert re.search(
        r"index\.rst:\d+: ERROR: tanhproof:value: digits=100001 exceeds the limit of 100000", warnings
    )
    assert re.search(r"index\.rst:\d+: ERROR: tanhproof:value: digits must be at least 1, got 0", warnings)


@pytest.mark.parametrize(
    ("mantissa", "exponent", "digits", "expected"),
    # exact powers of ten m * 2**e: 50 * 2 = 10**2, 5**20 * 2**20 = 10**20, -25 * 4 = -10**2, 5**3 * 2**3 = 10**3
    [(50, 1, 1, (1, 2)), (5**20, 20, 3, (100, 20)), (-25, 2, 3, (-100, 2)), (5**3, 3, 2, (10, 3))],
)
def test_round_by_balls_at_a_power_of_ten(mantissa, exponent, digits, expected):
    # A ball around 10**k straddles the decade boundary at every precision (found by Hypothesis).
    from tanhproof.numeric._decimals import _round_by_balls

    assert _round_by_balls(mantissa, exponent, digits) == expected
