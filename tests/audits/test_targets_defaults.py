"""Defaults users expect (issue 13, item 7): the reference follows the target, default inputs,
numeric functions only, and a target's prints never reach the report's stdout.

Independent sources: that numpy.sinh computes sinh (and so on) is checked by measurement, not
taken from the table under test -- each numpy function is audited against the reference the
table infers and must stay within 1 ULP (numpy computes binary16 in float32 and rounds once
more, so its error is at most 1/2 + 2**-13 ULP; a wrong reference such as tanh for sinh is off
by thousands of ULPs). The binary16 input count 63,493 is 2**16 bit patterns less the 2 * 1023
NaN patterns, plus the 3 NaNs of the special shard (IEEE 754: exponent all ones with a nonzero
fraction is NaN, 10 fraction bits).
"""

from __future__ import annotations

import ctypes
import os
import subprocess
import sys

import numpy as np
import pytest

import tanhproof
from tanhproof.audits import TargetError, resolve, torch_grad
from tanhproof.audits._targetdefaults import DEFAULT_SAMPLES, audit_defaults, default_reference
from tanhproof.audits._targetfunctions import FUNCTIONS
from tanhproof.cli._main import main

BINARY16_INPUTS = 2**16 - 2 * 1023 + 3


# --- the reference follows the target -------------------------------------------------------------------------


def test_numpy_sinh_is_measured_against_sinh():
    r = tanhproof.audit("numpy.sinh", fmt="binary16", processes=0)
    assert r.reference == "sinh" and r.points == BINARY16_INPUTS
    assert r.max_ulp < 1  # against tanh it would be thousands of ULPs (sinh(2) = 3.63, tanh(2) = 0.96)


def test_cli_numpy_sinh_is_measured_against_sinh(capsys):
    assert main(["audit", "numpy.sinh", "--fmt", "binary16", "--max-ulp", "1", "--in-process"]) == 0
    assert capsys.readouterr().out.startswith("tanhproof audit: numpy.sinh against sinh in binary16")


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("numpy.sinh", "sinh"),
        ("np.tanh", "tanh"),
        ("numpy.cosh", "cosh"),
        ("numpy.arcsinh", "asinh"),
        ("numpy.arctanh", "atanh"),
        ("numpy.absolute", "abs"),
        ("numpy.emath.sqrt", "sqrt"),
        ("math.erf", "erf"),
        ("math.fabs", "abs"),
        ("numpy.log1p", None),  # not a catalog function: a reference must be given
        ("numpy.sin", None),
        ("math.expm1", None),
    ],
)
def test_inference_table(name, reference):
    assert default_reference(resolve(name, "binary32")) == reference


@pytest.mark.parametrize(
    ("name", "reference"),
    [
        ("torch.sigmoid", "sigmoid"),
        ("torch.special.expit", "sigmoid"),
        ("torch.nn.functional.softplus", "softplus"),
        ("torch.nn.functional.tanh", "tanh"),
        ("torch.tanh:grad", "tanh"),  # the audit takes the derivative, tanh'
        ("torch.nn.functional.gelu", "gelu"),  # the exact GELU: torch's default approximate="none"
        ("torch.nn.functional.relu", None),  # not a catalog function
    ],
)
def test_inference_table_torch(name, reference):
    pytest.importorskip("torch")
    assert default_reference(resolve(name, "binary32")) == reference


def test_gradient_target_is_measured_against_the_derivative():
    pytest.importorskip("torch")
    r = tanhproof.audit("torch.tanh:grad", fmt="binary16", inputs=(0.5, 0.75), processes=0)
    assert r.reference == "tanh'"


def test_callables_of_libraries_infer_too():
    assert default_reference(resolve(np.sinh)) == "sinh"
    assert default_reference(resolve(np.arctanh)) == "atanh"
    assert default_reference(resolve(lambda x: x)) is None


def test_torch_grad_infers_the_function_it_differentiates():
    torch = pytest.importorskip("torch")
    assert default_reference(resolve(torch_grad(torch.sigmoid))) == "sigmoid"
    r = tanhproof.audit(torch_grad(torch.tanh), fmt="binary16", inputs=(0.5, 0.5625), processes=0)
    assert r.reference == "tanh'"


@pytest.mark.parametrize(
    "name", sorted(n for n, ref in FUNCTIONS["numpy"].items() if ref is not None and "." not in n)
)
def test_every_inferred_numpy_reference_is_what_numpy_computes(name):
    r = tanhproof.audit(f"numpy.{name}", fmt="binary16", inputs=3000, processes=0)
    assert r.max_ulp < 1, (name, r.reference, r.max_ulp)


@pytest.mark.parametrize(
    ("target", "why"),
    [
        ("numpy.log1p", "the catalog has no function numpy.log1p computes"),
        ("math.sin", "the catalog has no function math.sin computes"),
    ],
)
def test_a_reference_that_cannot_be_inferred_is_asked_for(target, why):
    with pytest.raises(TargetError) as err:
        tanhproof.audit(target, fmt="binary16")
    message = str(err.value)
    assert message.startswith(f"no reference for target {target!r}: {why}; name it with --reference R")
    assert "\n" not in message


def test_a_callable_without_a_reference_is_asked_for():
    def mine(x):
        return x

    with pytest.raises(TargetError, match=r"^no reference for target .*mine: tanhproof cannot tell"):
        tanhproof.audit(mine, fmt="binary16")


def test_cli_without_an_inferable_reference_exits_2(capsys):
    assert main(["audit", "numpy.log1p", "--fmt", "binary16"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and "no reference for target 'numpy.log1p'" in err and "--reference" in err
    assert main(["audit", "numpy.log1p", "--fmt", "binary16", "-r", "log", "--range", "1", "2"]) in (0, 1)


def test_an_explicit_reference_still_wins():
    r = tanhproof.audit("numpy.tanh", "sinh", "binary16", (0.5, 0.5625), processes=0)
    assert r.reference == "sinh" and r.max_ulp > 100  # tanh is not sinh


# --- default inputs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "inputs"),
    [("binary16", "exhaustive"), ("bfloat16", "exhaustive"), ("binary32", 10**6), ("binary64", 10**6)],
)
def test_default_inputs(fmt, inputs):
    assert audit_defaults(resolve("numpy.tanh", fmt), None, None) == ("tanh", inputs)
    assert DEFAULT_SAMPLES == 10**6


def test_cli_binary16_default_is_exhaustive(capsys):
    import json

    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--json", "--in-process"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["points"] == BINARY16_INPUTS and data["inputs"].startswith("exhaustive")


def test_cli_binary32_default_is_samples(capsys, monkeypatch):
    import json

    import tanhproof.audits._targetdefaults as defaults

    monkeypatch.setattr(defaults, "DEFAULT_SAMPLES", 3000)  # the same path as 10**6, faster
    assert main(["audit", "numpy.tanh", "--json", "--in-process"]) == 0
    out, err = capsys.readouterr()
    data = json.loads(out)
    assert data["fmt"] == "binary32" and "samples" in data["inputs"] and data["points"] < 4000
    assert "estimated time" not in err


def test_cli_exhaustive_binary32_prints_its_estimate_first(capsys, monkeypatch):
    import tanhproof.audits._run as run

    seen = {}
    real = run.audit

    def small(target, reference, fmt, inputs, **options):  # the sweep itself would take an hour
        seen["inputs"] = inputs
        return real(target, reference, fmt, (0.5, 0.5078125), **options)

    monkeypatch.setattr(run, "audit", small)
    assert main(["audit", "numpy.tanh", "--exhaustive", "--in-process"]) == 0
    out, err = capsys.readouterr()
    assert seen["inputs"] == "exhaustive"
    assert "estimated time for 4,278,190,085 inputs: about " in err  # 2**32 - 2 * (2**23 - 1) + 3
    assert out.startswith("tanhproof audit: numpy.tanh against tanh in binary32")


def test_estimate_counts_the_sweep():
    from tanhproof.audits._estimate import estimate

    e = estimate("numpy.tanh", None, "binary16", processes=2)
    assert e.total == BINARY16_INPUTS and e.processes == 2 and e.probed > 0 and e.seconds > 0


# --- numeric functions only -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("numpy.info", "numpy.info is not a numpy ufunc"),
        ("numpy.save", "numpy.save is not a numpy ufunc"),
        ("numpy.add", "numpy.add takes 2 inputs"),
        ("numpy.isnan", "numpy.isnan has no float loop"),
        ("numpy.emath.power", "numpy.emath.power is not a numpy ufunc"),
        ("torch.save", "torch.save is not one of the numeric functions"),
        ("torch.tanh_", "torch.tanh_ is not one of the numeric functions"),
        ("math.isnan", "math.isnan is not one of the numeric functions"),
        ("jax.numpy.save", "jax.numpy.save is not one of the numeric functions"),
    ],
)
def test_only_numeric_functions_are_targets(name, why):
    with pytest.raises(TargetError) as err:
        resolve(name, "binary16")
    assert str(err.value).startswith(f"target {name!r} is not a numeric function: {why}")
    assert "\n" not in str(err.value)


def test_cli_refuses_numpy_info_without_printing_its_help(capfd):
    assert main(["audit", "numpy.info", "--fmt", "binary16"]) == 2
    out, err = capfd.readouterr()
    assert out == ""  # numpy.info(array) would print numpy's help text here
    assert err == (
        "tanhproof: error: target 'numpy.info' is not a numeric function: numpy.info is not a numpy "
        "ufunc (an elementwise function such as numpy.tanh)\n"
    )


def test_a_refused_torch_name_does_not_import_torch():
    code = (
        "import sys\nfrom tanhproof.audits import resolve, TargetError\n"
        "try:\n    resolve('torch.save')\nexcept TargetError:\n    pass\n"
        "print('torch' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


# --- a target's prints go to stderr -----------------------------------------------------------------------------


def noisy_tanh(x):
    print("python-level print")
    os.write(1, b"fd-level write\n")
    try:
        libc = ctypes.CDLL(None)
        libc.printf(b"c-level printf\n")  # buffered in the C library's stdout until flushed
    except (OSError, AttributeError):
        pass
    return np.tanh(x)


@pytest.mark.parametrize("processes", [0, 1])
def test_target_prints_go_to_stderr(capfd, processes):
    r = tanhproof.audit(noisy_tanh, "tanh", "binary16", (0.5, 0.5625), processes=processes)
    sys.stdout.flush()
    try:
        ctypes.CDLL(None).fflush(None)
    except (OSError, AttributeError):
        pass
    out, err = capfd.readouterr()
    assert r.points > 0
    assert out == ""
    assert "python-level print" in err and "fd-level write" in err


def test_stdout_is_restored_after_a_target_that_raises(capfd):
    def broken(x):
        print("about to fail")
        raise RuntimeError("boom")

    with pytest.raises(TargetError, match="raised RuntimeError: boom"):
        resolve(broken, "binary16")(np.array([0.5], dtype=np.float16))
    print("after")
    out, err = capfd.readouterr()
    assert out == "after\n" and "about to fail" in err
