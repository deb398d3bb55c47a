"""Tests for tanhproof.audits._testing: assert_accurate / assert_gradient, their messages and return values."""

import subprocess
import sys

import mpmath
import numpy as np
import pytest

import tanhproof.audits._run
from tanhproof.audits import _testing as testing
from tanhproof.audits._accuracyreport import AccuracyReport, Point
from tanhproof.audits._targeterror import TargetError
from tanhproof.audits._targets import torch_grad
from tanhproof.audits._testing import assert_accurate, assert_gradient, failure_message
from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._formats import FormatError

# Every binary16 input of an exhaustive audit: 2^16 bit patterns less the 2 * 1023 NaN
# patterns (63,490 values), plus the 3 NaNs the audit tries (sweep.py's special inputs).
BINARY16_POINTS = 2**16 - 2 * 1023 + 3


def grad16(x):
    """The frameworks' gradient rule 1 - y*y in binary16 arithmetic, y = tanh(x) rounded to binary16."""
    y = np.tanh(x.astype(np.float64)).astype(np.float16)
    return np.float16(1) - y * y


def sech2(x):
    """The gradient of tanh from x itself, in float64, rounded once."""
    return (1 / np.cosh(x.astype(np.float64)) ** 2).astype(x.dtype)


def test_import_is_light():
    code = (
        "import sys, tanhproof.audits._testing; "
        "print(sorted(m for m in ('numpy', 'sympy', 'torch', 'jax', 'matplotlib', 'mpmath', "
        "'tanhproof.audits._run', 'tanhproof.audits._targets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_passing_check_returns_the_report():
    # numpy's binary16 tanh computes in float32 and rounds; the audit measured max 0.49994 ULP,
    # within 2 ULP even for half-precision SIMD kernels (the limit the brief asks for).
    report = assert_accurate(np.tanh, "tanh", "binary16", max_ulp=2, inputs="exhaustive")
    assert isinstance(report, AccuracyReport)
    assert report.points == BINARY16_POINTS
    assert report.max_ulp <= 2 and report.failed == 0
    assert report.max_ulp_limit == 2 and report.reference == "tanh" and report.fmt == "binary16"


def test_names_work_like_callables():
    report = assert_accurate("math.tanh", "tanh", "binary16", max_ulp=0.5, inputs=(-1, 1))
    assert report.target == "math.tanh" and report.max_ulp <= 0.5


def test_failure_message_of_the_gradient_rule():
    with pytest.raises(AssertionError) as info:
        assert_gradient(grad16, "tanh", "binary16", max_ulp=1, inputs="exhaustive")
    lines = str(info.value).splitlines()
    # Independent check (mpmath, 30 digits, every positive binary16 x): 1 - y*y is 0 from
    # x = 4.5078125 (1 - tanh(x) < 2^-12 there, so y rounds to 1) up to x = 9.35... where
    # sech^2 drops below 2^-25; that is 1,068 inputs per sign. The largest error among
    # them, 2045.36 ULP, is at 5.19921875 (sech^2 = 1.21913e-4 just below 2^-13, whose
    # binary16 ulp is 2^-24); the audit reports the negative input of a tie.
    assert lines[0] == "grad16 is not within 1 ULP of tanh' in binary16 (correctly rounded reference)"
    assert lines[1] == "  worst input: x = -0x1.4ccp+2 (-5.19921875)"
    assert lines[2] == "  got:         0x0p+0 (0.0)"
    assert lines[3] == "  expected:    0x1.ff4p-14 (0.00012189149856567383) correctly rounded"
    assert lines[4] == "  error:       2.05e+03 ULP (limit 1)"
    assert lines[5].startswith("  failed:      ")
    assert lines[5].endswith(
        f" of {BINARY16_POINTS:,} inputs; 2,136 zero where the true value is not; wrong sign: 0"
    )
    assert lines[6] == "  first zero:  x = -0x1.208p+2 (-4.5078125) (smallest |x| where 0 came back)"
    assert len(lines) == 7


def test_the_independent_numbers_behind_the_message():
    with mpmath.workdps(30):  # not mp.dps = 30: that would leak into every later test
        s = mpmath.sech(mpmath.mpf(5.19921875)) ** 2
        assert float(np.float16(float(s))) == float.fromhex("0x1.ff4p-14")
        assert abs(float(s * 2**24) - 2045.358) < 1e-3  # |0 - s| / 2^-24
        t = mpmath.tanh
        assert 1 - t(mpmath.mpf(4.5078125)) < mpmath.mpf(2) ** -12 < 1 - t(mpmath.mpf(4.50390625))


def test_gradient_reference_takes_the_derivative():
    a = assert_gradient(sech2, "tanh", "binary16", max_ulp=1, inputs=(4, 5))
    b = assert_gradient(sech2, "tanh'", "binary16", max_ulp=1, inputs=(4, 5))
    assert a.reference == b.reference == "tanh'"
    assert a.zero_where_nonzero == 0 and a.points == b.points == 257  # binary16 spacing 2^-8 in [4, 5]


def test_gradient_check_refuses_a_value_target():
    with pytest.raises(TargetError) as info:
        assert_gradient("numpy.tanh", "tanh", "binary16")
    assert str(info.value) == (
        "target 'numpy.tanh' computes values, not a gradient; use a ':grad' name of torch "
        "or jax or a callable that returns gradient values"
    )


def test_bad_target_is_one_line_without_a_chained_traceback():
    with pytest.raises(TargetError) as info:
        assert_accurate("numpy.tanhh", "tanh", "binary16")
    assert str(info.value) == "target 'numpy.tanhh' does not resolve: numpy has no attribute 'tanhh'"
    assert info.value.__cause__ is None and info.value.__suppress_context__


def test_raising_callable_is_an_error_not_a_failure():
    def broken(x):
        return 1 / 0

    with pytest.raises(TargetError, match=r"^target .*broken raised ZeroDivisionError: division by zero$"):
        assert_accurate(broken, "tanh", "binary16", inputs=1000)


@pytest.mark.parametrize("kwargs", [{"fmt": "binary8"}, {"max_ulp": -1}, {"reference": "tanhh"}])
def test_bad_arguments_are_one_line_errors(kwargs):
    args = {"fmt": "binary16", "max_ulp": 1, "inputs": 1000, **kwargs}
    with pytest.raises(TanhproofError) as info:
        assert_accurate(np.tanh, **args)
    assert "\n" not in str(info.value)


def test_bad_max_ulp_names_the_value():
    with pytest.raises(FormatError, match="-1"):
        assert_accurate(np.tanh, "tanh", "binary16", max_ulp=-1, inputs=1000)


def test_special_mismatch_gets_its_own_line():
    def positive_zero(x):  # tanh(-0) is -0; this returns +0
        return np.where(x == 0, np.float16(0), np.tanh(x.astype(np.float64)).astype(np.float16))

    with pytest.raises(AssertionError) as info:
        assert_accurate(positive_zero, "tanh", "binary16", max_ulp=1, inputs="exhaustive")
    lines = str(info.value).splitlines()
    assert "within 1 ULP" in lines[0]
    assert lines[4].startswith("  error:       0.5")  # the normal inputs are fine
    assert lines[5].startswith("  failed:      1 of ")
    assert lines[-1] == (
        "  special:     x = -0x0p+0 (-0.0): got 0x0p+0 (0.0), expected -0x0p+0 (-0.0) "
        "(1 of 2 zero inputs mismatched)"
    )


def test_subnormal_errors_get_their_own_line():
    def doubled_subnormals(x):  # tanh(x) = x to binary16 precision below 2^-14; this doubles it
        y = np.tanh(x.astype(np.float64)).astype(np.float16)
        return np.where(np.abs(x) < 2.0**-14, x * np.float16(2), y)

    with pytest.raises(AssertionError) as info:
        assert_accurate(doubled_subnormals, "tanh", "binary16", max_ulp=1, inputs="exhaustive")
    lines = str(info.value).splitlines()
    # 2 * 1023 subnormals, each off by |x| = k * 2^-24 (k ulps); the largest is 1023 ULP.
    assert lines[5].startswith("  failed:      2,046 of ")
    assert lines[-1] == "  subnormal:   max error 1.02e+03 ULP (limit 1) over 2,046 subnormal inputs"


def test_failure_message_of_a_constructed_report():
    r = AccuracyReport(
        target="my_tanh",
        reference="tanh",
        fmt="binary32",
        points=1_000_000,
        max_ulp=1.52,
        worst=Point(4.66015625, 0.999816894531, 0.99981695413589478, 1.52),
        failed=1234,
        max_ulp_limit=0.5,
    )
    text = failure_message(r)
    assert (
        text.splitlines()[0]
        == "my_tanh is not within 0.5 ULP of tanh in binary32 (correctly rounded reference)"
    )
    assert "  worst input: x = 0x1.2a4p+2 (4.66015625)" in text
    assert "  error:       1.52 ULP (limit 0.5)" in text
    assert (
        "  failed:      1,234 of 1,000,000 inputs; 0 zero where the true value is not; wrong sign: 0" in text
    )
    empty = failure_message(AccuracyReport(target="f", reference="tanh", fmt="binary16", failed=0), 1.0)
    assert empty.splitlines()[:2] == [
        "f is not within 1 ULP of tanh in binary16 (correctly rounded reference)",
        "  worst input: none (no normal input was measured)",
    ]


def test_interrupted_audit_stops_the_run(monkeypatch):
    monkeypatch.setattr(tanhproof.audits._run, "audit", lambda *a, **k: AccuracyReport(partial=True))
    with pytest.raises(KeyboardInterrupt):
        assert_accurate(np.tanh, "tanh", "binary16")


def test_listeners_hear_every_check(monkeypatch):
    heard = []
    monkeypatch.setattr(
        testing, "_LISTENERS", [lambda report, passed, test: heard.append((report, passed, test))]
    )
    monkeypatch.setenv("PYTEST_CURRENT_TEST", "tests/test_x.py::test_y (call)")
    ok = assert_accurate(np.tanh, "tanh", "binary16", max_ulp=2, inputs=1000)
    with pytest.raises(AssertionError):
        assert_gradient(grad16, "tanh", "binary16", max_ulp=1, inputs=(5, 6))
    assert [(p, t) for _, p, t in heard] == [
        (True, "tests/test_x.py::test_y"),
        (False, "tests/test_x.py::test_y"),
    ]
    assert heard[0][0] is ok


def test_torch_gradient_fails_by_name_and_by_torch_grad():
    torch = pytest.importorskip("torch")
    for fn, name in [("torch.tanh:grad", "torch.tanh:grad"), (torch_grad(torch.tanh), "torch_grad(tanh)")]:
        with pytest.raises(AssertionError) as info:
            assert_gradient(fn, "tanh", "binary16", max_ulp=1, inputs="exhaustive")
        text = str(info.value)
        assert text.startswith(f"{name} is not within 1 ULP of tanh' in binary16")
        # torch's backward is 1 - y*y from the binary16 y: zero exactly where grad16 is (see above).
        assert "; 2,136 zero where the true value is not;" in text
        assert "  first zero:  x = -0x1.208p+2 (-4.5078125)" in text


def test_torch_value_target_gets_a_grad_hint():
    pytest.importorskip("torch")
    with pytest.raises(TargetError, match=r"use 'torch.tanh:grad' or a callable"):
        assert_gradient("torch.tanh", "tanh", "binary16")


def _dies_above_one(x):
    """numpy.tanh, except that its worker process dies on inputs above 1 (as a segfault would)."""
    import os

    if np.any(x > 1):
        os._exit(3)
    return np.tanh(x)


def test_a_crashing_target_fails_the_assertion_naming_the_failed_inputs():
    # the crash ends a worker process, not the test run; the message says which inputs gave no result
    with pytest.raises(AssertionError) as info:
        assert_accurate(_dies_above_one, "tanh", "binary16", inputs=(0.5, 4), max_ulp=1)
    message = str(info.value)
    assert "FAILED: 1 shard" in message and "worker exited with code 3" in message
