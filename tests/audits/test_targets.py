"""Targets of an audit: names, callables and the checks on every call (tanhproof.audits._targets).

Expected values are exact by definition unless a comment says otherwise: tanh(±0) = ±0,
tanh(±inf) = ±1, sech²(0) = 1, and tanh(10) = 1 - 4.1e-9 rounds to exactly 1 in binary16,
bfloat16 and binary32 (the spacing below 1 is 2**-11, 2**-8, 2**-24, all far above 4.1e-9),
so a gradient computed as 1 - y² from the rounded y is exactly 0 there.
"""

from __future__ import annotations

import functools
import math
import pickle
import subprocess
import sys
from fractions import Fraction

import numpy as np
import pytest

from tanhproof.audits._targeterror import TargetError
from tanhproof.audits._targets import Target, jax_grad, resolve, torch_grad
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._formats import FormatError, get_format

FORMATS = ("binary16", "bfloat16", "binary32", "binary64")
SMALL = ("binary16", "bfloat16", "binary32")
SPECIAL = [0.0, -0.0, np.inf, -np.inf, np.nan]
SPECIAL_TANH = [0.0, -0.0, 1.0, -1.0, np.nan]  # tanh of SPECIAL, exact by definition


def values(fmt, xs):
    return np.array(xs, dtype=get_format(fmt).dtype)


def same(a, b):
    """Equal element by element, NaN equal to NaN and -0 different from +0."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(
        np.all((a == b) & (np.signbit(a) == np.signbit(b)) | (np.isnan(a) & np.isnan(b)))
    )


def is_bfloat16(a):
    a = np.asarray(a, dtype=np.float64)
    return bool(np.all((round_array(a, "bfloat16").astype(np.float64) == a) | np.isnan(a)))


# --- callables used as targets (module level, so their __qualname__ is the plain name) ------------------------


def my_fn(x):
    return x / x.dtype.type(2)


def divides_by_zero(x):
    return 1 / 0


def raises_multiline(x):
    raise RuntimeError("first line\nsecond line\nthird")


def raises_bare(x):
    raise RuntimeError()


def returns_three(x):
    return x[:3]


def returns_float(x):
    return 0.5


def returns_none(x):
    return None


def returns_list(x):
    return [float(v) for v in x]


def returns_float64(x):
    return x.astype(np.float64)


def returns_int(x):
    return np.zeros(x.shape, dtype=np.int64)


def returns_float32(x):
    return x.astype(np.float32)


def returns_not_bfloat16(x):
    return x + np.float32(2.0**-20)


def mutates(x):
    x += 1
    return x


def flips_zero_sign(x):
    y = x.copy()
    x[x == 0] = 0.0  # turns -0 into +0: the bits change although -0 == +0
    return y


def identity(x):
    return x


class Unconvertible:
    def __array__(self, dtype=None, copy=None):
        raise ValueError("no array here")


def returns_unconvertible(x):
    return Unconvertible()


def interrupted(x):
    raise KeyboardInterrupt


module_lambda = lambda x: 1 / 0  # noqa: E731 - a lambda's __qualname__ is "<lambda>" at module level


# --- names -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "spec"),
    [
        ("numpy.tanh", "numpy.tanh"),
        ("np.tanh", "numpy.tanh"),
        ("math.tanh", "math.tanh"),
        ("  np.exp ", "numpy.exp"),
    ],
)
def test_core_library_names_resolve_with_normalized_spec(written, spec):
    t = resolve(written)
    assert (t.name, t.spec, t.gradient, t.fmt) == (written.strip(), spec, False, "binary32")
    assert same(
        t(values("binary32", SPECIAL)), [1.0, 1.0, np.inf, 0.0, np.nan] if "exp" in spec else SPECIAL_TANH
    )


@pytest.mark.parametrize(
    ("written", "spec", "gradient"),
    [
        ("torch.tanh", "torch.tanh", False),
        ("torch.tanh:grad", "torch.tanh:grad", True),
        ("torch.special.expit", "torch.special.expit", False),
        ("torch.nn.functional.gelu", "torch.nn.functional.gelu", False),
    ],
)
def test_torch_names(written, spec, gradient):
    pytest.importorskip("torch")
    t = resolve(written)
    assert (t.name, t.spec, t.gradient) == (written, spec, gradient)


@pytest.mark.parametrize(
    ("written", "spec", "gradient"),
    [
        ("jax.numpy.tanh", "jax.numpy.tanh", False),
        ("jnp.tanh", "jax.numpy.tanh", False),
        ("jax.numpy.tanh:grad", "jax.numpy.tanh:grad", True),
        ("jnp.tanh:grad", "jax.numpy.tanh:grad", True),
    ],
)
def test_jax_names(written, spec, gradient):
    pytest.importorskip("jax")
    t = resolve(written)
    assert (t.name, t.spec, t.gradient) == (written, spec, gradient)


def test_scipy_special_expit():
    pytest.importorskip("scipy.special")
    t = resolve("scipy.special.expit", "binary32")
    assert (t.spec, t.gradient) == ("scipy.special.expit", False)
    # expit(0) = 1/2, expit(+inf) = 1, expit(-inf) = 0 by definition
    assert same(t(values("binary32", [0.0, np.inf, -np.inf])), [0.5, 1.0, 0.0])
    out = resolve("scipy.special.expit", "bfloat16")(values("bfloat16", [0.5, 3.0]))
    assert is_bfloat16(out)


@pytest.mark.parametrize(
    "name",
    [
        "os.system",
        "subprocess.run",
        "builtins.eval",
        "sys.exit",
        "__import__",
        "numpy",
        "tanh",
        "jax.scipy.special.erf",
        "scipy.stats.norm",
        "torchvision.ops.nms",
    ],
)
def test_whitelist_refuses_other_modules(name):
    with pytest.raises(TargetError) as err:
        resolve(name)
    message = str(err.value)
    assert message.startswith(
        f"target {name!r} is not an accepted name; use numpy.<f> (or np.<f>), math.<f>, "
    )
    assert "torch.<f>" in message and "jax.numpy.<f>" in message and "scipy.special.<f>" in message
    assert "\n" not in message


def test_a_refused_name_imports_nothing():
    code = (
        "import sys\nfrom tanhproof.audits._targets import resolve, TargetError\n"
        "for name in ('xml.dom.minidom.parseString', 'numpy.xml.dom', 'torch.xml.dom'):\n"
        "    try:\n        resolve(name)\n    except TargetError:\n        pass\n"
        "print('xml.dom.minidom' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("numpy.tanhh", "target 'numpy.tanhh' does not resolve: numpy has no attribute 'tanhh'"),
        ("math.tanhh", "target 'math.tanhh' does not resolve: math has no attribute 'tanhh'"),
        ("numpy.pi", "target 'numpy.pi' does not resolve: numpy.pi is not callable (it is a float)"),
        ("numpy._core", "target 'numpy._core' does not resolve: private name '_core'"),
        ("numpy.tanh;x", "target 'numpy.tanh;x' does not resolve: 'tanh;x' is not a Python name"),
        (
            "numpy.random.rand",
            (
                "target 'numpy.random.rand' does not resolve: numpy.random is not an accepted "
                "module; use numpy.<f> or numpy.emath.<f>"
            ),
        ),
        ("numpy.emath.foo", "target 'numpy.emath.foo' does not resolve: numpy.emath has no attribute 'foo'"),
        (
            "math.os.system",
            "target 'math.os.system' does not resolve: math.os is not an accepted module; use math.<f>",
        ),
        (
            "torch.hub.load",
            (
                "target 'torch.hub.load' does not resolve: torch.hub is not an accepted module; use "
                "torch.<f>, torch.special.<f> or torch.nn.functional.<f>"
            ),
        ),
        ("numpy.", "target 'numpy.' names no function after 'numpy.'; use numpy.<f>"),
        ("np.tanh:grd", "target 'np.tanh:grd' has an unknown suffix ':grd'; the only suffix is ':grad'"),
        (
            "numpy.tanh:grad",
            (
                "target 'numpy.tanh:grad' asks for a gradient, but numpy has no autograd; use "
                "torch.<f>:grad or jax.numpy.<f>:grad, or pass a callable that returns the gradient"
            ),
        ),
        ("math.tanh:grad", "target 'math.tanh:grad' asks for a gradient, but math has no autograd"),
        (
            "scipy.special.expit:grad",
            "target 'scipy.special.expit:grad' asks for a gradient, but scipy has no autograd",
        ),
        ("np.tanh:grad", "target 'np.tanh:grad' asks for a gradient, but numpy has no autograd"),
    ],
)
def test_names_that_do_not_resolve(name, message):
    with pytest.raises(TargetError) as err:
        resolve(name)
    assert str(err.value).startswith(message) and "\n" not in str(err.value)


def test_accepted_submodules():
    # emath.sqrt(-4) = 2j is complex: the dtype check refuses it; sqrt(4) = 2 exactly
    t = resolve("numpy.emath.sqrt", "binary64")
    assert t.spec == "numpy.emath.sqrt" and same(t(np.array([4.0])), [2.0])


@pytest.mark.parametrize(
    ("name", "library", "hidden"),
    [
        ("torch.tanh", "torch", ["torch"]),
        ("torch.tanh:grad", "torch", ["torch"]),
        ("jax.numpy.tanh", "jax", ["jax", "jax.numpy"]),
        ("jnp.tanh:grad", "jax", ["jax", "jax.numpy"]),
        ("scipy.special.expit", "scipy", ["scipy", "scipy.special"]),
    ],
)
def test_missing_optional_library(monkeypatch, name, library, hidden):
    for module in hidden:  # None in sys.modules makes the import fail as if not installed
        monkeypatch.setitem(sys.modules, module, None)
    with pytest.raises(TargetError) as err:
        resolve(name)
    assert (
        str(err.value) == f"target {name!r} needs {library}, which is not installed (pip install {library})"
    )


def test_missing_torch_for_torch_grad(monkeypatch):
    grad = torch_grad(math.tanh)
    monkeypatch.setitem(sys.modules, "torch", None)
    with pytest.raises(TargetError, match=r"^target torch_grad\(tanh\) needs torch, which is not installed"):
        resolve(grad)(values("binary32", [1.0]))


def test_import_is_cheap():
    code = (
        "import sys\nimport tanhproof.audits._targets\n"
        "print(sorted(m for m in ('sympy', 'torch', 'jax', 'scipy', 'matplotlib', 'mpmath', 'flint')"
        " if m in sys.modules))\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"


# --- numpy and math ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_numpy_and_math_tanh_at_special_inputs(fmt):
    for name in ("numpy.tanh", "math.tanh"):
        t = resolve(name, fmt)
        x = values(fmt, SPECIAL)
        out = t(x)
        assert out.dtype == np.float64 and same(out, SPECIAL_TANH)


def test_numpy_in_bfloat16_is_float32_rounded_to_bfloat16():
    x = values("bfloat16", [0.5, 1.5, 3.0, -2.25, 1e-3])
    x = round_array(x.astype(np.float64), "bfloat16")
    out = resolve("numpy.tanh", "bfloat16")(x)
    assert is_bfloat16(out)
    assert same(out, round_array(np.tanh(x).astype(np.float64), "bfloat16"))


def test_math_is_binary64_rounded_to_the_format():
    x = np.array([0.5, 1.5, 3.0, -0.1], dtype=np.float64)
    for fmt in FORMATS:
        xs = round_array(x, fmt)
        expected = round_array(np.array([math.tanh(float(v)) for v in xs]), fmt)
        assert same(resolve("math.tanh", fmt)(xs), expected)


def test_math_errors_become_nan_and_inf():
    # math.log raises ValueError at 0 and below (a domain error -> NaN); math.exp(1000)
    # raises OverflowError (-> +inf); exp(-1) = 0.36787944117144233 (binary64, CPython's math.exp)
    assert same(resolve("math.log", "binary64")(np.array([-1.0, 0.0, 1.0])), [np.nan, np.nan, 0.0])
    assert same(resolve("math.exp", "binary64")(np.array([1000.0, 0.0])), [np.inf, 1.0])


# --- torch -------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", SMALL)
def test_torch_tanh_matches_torch_in_each_format(fmt):
    torch = pytest.importorskip("torch")
    dtype = {"binary16": torch.float16, "bfloat16": torch.bfloat16, "binary32": torch.float32}[fmt]
    x = round_array(np.array([0.0, -0.0, 0.5, 3.0, -9.5, 10.0, np.inf, -np.inf, np.nan]), fmt)
    out = resolve("torch.tanh", fmt)(x)
    direct = torch.tanh(torch.tensor(x.astype(np.float64), dtype=dtype)).double().numpy()
    assert out.dtype == np.float64 and same(out, direct)
    assert same(out[[0, 1, 6, 7, 8]], SPECIAL_TANH)
    if fmt == "bfloat16":
        assert is_bfloat16(out)


@pytest.mark.parametrize("fmt", SMALL)
def test_torch_tanh_grad_is_zero_where_tanh_rounds_to_one(fmt):
    pytest.importorskip("torch")
    t = resolve("torch.tanh:grad", fmt)
    assert t.gradient
    out = t(round_array(np.array([0.0, 10.0, -10.0]), fmt))
    # sech²(0) = 1 exactly; at ±10, torch's tanh_backward (aten/src/ATen/native/cpu/BinaryOpsKernel.cpp,
    # tanh_backward_kernel: grad * (1 - y * y), computed in float for the reduced types) gets y = ±1
    # (see the module docstring), so the gradient is exactly 0 although sech²(10) ≈ 8.2e-9.
    assert same(out, [1.0, 0.0, 0.0])
    if fmt == "bfloat16":
        assert is_bfloat16(t(round_array(np.linspace(-4, 4, 33), fmt)))


def test_torch_tanh_grad_binary32_at_one_half_is_one_minus_y_squared():
    torch = pytest.importorskip("torch")
    out = resolve("torch.tanh:grad", "binary32")(np.array([0.5], dtype=np.float32))
    y = np.float32(torch.tanh(torch.tensor([0.5], dtype=torch.float32)).item())  # torch's own forward value
    two_roundings = float(np.float32(1) - y * y)  # float32 arithmetic: y*y rounded, then 1 - that rounded
    one_rounding = float(np.float32(float(1 - Fraction(float(y)) ** 2)))  # a compiler may contract to an fma
    assert float(out[0]) in {two_roundings, one_rounding}
    assert abs(float(out[0]) - (1 - math.tanh(0.5) ** 2)) < 2.0**-22  # and it is sech²(0.5) to ~1 ulp


def test_torch_tanh_grad_binary64_is_not_zero_at_ten():
    pytest.importorskip("torch")
    out = resolve("torch.tanh:grad", "binary64")(np.array([10.0]))
    # sech²(10) = 8.2446144e-09 (4 / (e^10 + e^-10)^2, mpmath); 1 - y² from binary64 y keeps ~1 digit
    assert 7e-9 < out[0] < 9.5e-9


def in_place_tanh(x):
    import torch

    return torch.from_numpy(x).tanh_()  # shares the array's memory: tanh_ overwrites the input


def test_torch_in_place_function_is_caught_modifying_its_input():
    pytest.importorskip("torch")
    with pytest.raises(TargetError, match=r"^target in_place_tanh modified its input array$"):
        resolve(in_place_tanh, "binary32")(np.array([0.5, 1.0], dtype=np.float32))


def test_torch_in_place_name_is_not_a_listed_function():
    with pytest.raises(
        TargetError, match=r"^target 'torch.tanh_' is not a numeric function: torch.tanh_ is not"
    ):
        resolve("torch.tanh_", "binary32")


def test_torch_grad_helper():
    torch = pytest.importorskip("torch")
    grad = torch_grad(torch.tanh)
    assert grad.__qualname__ == "torch_grad(tanh)"
    assert same(grad(np.array([0.0, 10.0], dtype=np.float32)), [1.0, 0.0])
    t = resolve(grad, "binary32")
    assert t.gradient and t.name == "torch_grad(tanh)" and t.spec is None
    bf = resolve(torch_grad(torch.tanh, fmt="bfloat16"), "bfloat16")
    assert same(bf(values("bfloat16", [0.0, 10.0])), [1.0, 0.0])


def test_callable_returning_torch_tensors():
    torch = pytest.importorskip("torch")

    def via_torch(x):
        return torch.tanh(torch.from_numpy(x).requires_grad_(True))  # a tensor that requires grad

    assert same(resolve(via_torch, "binary32")(values("binary32", SPECIAL)), SPECIAL_TANH)

    def via_bfloat16(x):
        return torch.tanh(torch.from_numpy(x).to(torch.bfloat16))

    assert same(resolve(via_bfloat16, "bfloat16")(values("bfloat16", SPECIAL)), SPECIAL_TANH)
    with pytest.raises(
        TargetError, match=r"returned float32 values for binary16 inputs \(expected float16\)"
    ):
        resolve(lambda x: torch.from_numpy(x).float(), "binary16")(values("binary16", [1.0]))


# --- jax ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_jax_tanh_and_grad(fmt):
    pytest.importorskip("jax")
    x = round_array(np.array([0.0, 10.0, -10.0, 0.5]), fmt)
    out = resolve("jax.numpy.tanh", fmt)(values(fmt, SPECIAL))
    assert same(out, SPECIAL_TANH)
    grad = resolve("jnp.tanh:grad", fmt)(x)
    assert grad[0] == 1.0
    if fmt == "binary64":  # jax_enable_x64 is on: a float64 computation, sech²(10) ≈ 8.2e-9
        assert 7e-9 < grad[1] < 9.5e-9
    else:  # jax's tanh JVP (jax/_src/lax/lax.py) uses y = tanh(x), here rounded to 1: exactly 0
        assert same(grad[1:3], [0.0, 0.0])
    if fmt == "bfloat16":
        assert is_bfloat16(grad)


def test_jax_grad_helper():
    pytest.importorskip("jax")
    import jax.numpy as jnp

    grad = jax_grad(jnp.tanh)
    assert same(grad(np.array([0.0, 10.0], dtype=np.float32)), [1.0, 0.0])
    assert resolve(grad).gradient and resolve(grad).name == "jax_grad(tanh)"


# --- callables: the checks of every call (issue item 9) ---------------------------------------------------------


def test_good_callable():
    t = resolve(my_fn, "binary32")
    assert (t.name, t.gradient, t.spec, t.fmt) == ("my_fn", False, None, "binary32")
    x = values("binary32", [1.0, -3.0, np.inf])
    out = t(x)
    assert out.dtype == np.float64 and same(out, [0.5, -1.5, np.inf])


def test_display_names_of_callables():
    assert resolve(module_lambda).name == "<lambda>"
    assert resolve(lambda x: x).name == "test_display_names_of_callables.<locals>.<lambda>"  # __qualname__
    assert resolve(np.tanh).name == "tanh"
    partial = functools.partial(np.multiply, 2)
    assert resolve(partial).name == repr(partial)
    assert "\n" not in resolve(partial).name


@pytest.mark.parametrize(
    ("fn", "fmt", "message"),
    [
        (divides_by_zero, "binary32", "target divides_by_zero raised ZeroDivisionError: division by zero"),
        (raises_multiline, "binary32", "target raises_multiline raised RuntimeError: first line"),
        (raises_bare, "binary32", "target raises_bare raised RuntimeError"),
        (returns_three, "binary32", "target returns_three returned shape (3,) for inputs of shape (4,)"),
        (returns_float, "binary32", "target returns_float returned float, not an array"),
        (returns_none, "binary32", "target returns_none returned NoneType, not an array"),
        (
            returns_list,
            "binary32",
            "target returns_list returned float64 values for binary32 inputs (expected float32)",
        ),
        (
            returns_float64,
            "binary32",
            "target returns_float64 returned float64 values for binary32 inputs (expected float32)",
        ),
        (
            returns_int,
            "binary64",
            "target returns_int returned int64 values for binary64 inputs (expected float64)",
        ),
        (
            returns_float32,
            "binary16",
            "target returns_float32 returned float32 values for binary16 inputs (expected float16)",
        ),
        (
            returns_float64,
            "bfloat16",
            "target returns_float64 returned float64 values for bfloat16 inputs (expected float32)",
        ),
        (
            returns_not_bfloat16,
            "bfloat16",
            (
                "target returns_not_bfloat16 returned float32 values that are not "
                "bfloat16 values for bfloat16 inputs (first: 0x1.00001p+0)"
            ),
        ),
        (mutates, "binary32", "target mutates modified its input array"),
        (flips_zero_sign, "binary32", "target flips_zero_sign modified its input array"),
        (
            returns_unconvertible,
            "binary32",
            (
                "target returns_unconvertible returned a value of type Unconvertible "
                "that does not convert to a numpy array (ValueError: no array here)"
            ),
        ),
    ],
)
def test_bad_callables(fn, fmt, message):
    x = values(fmt, [1.0, -0.0, 2.5, np.nan])
    before = x.copy()
    with pytest.raises(TargetError) as err:
        resolve(fn, fmt)(x)
    assert str(err.value) == message
    assert "\n" not in str(err.value)
    assert np.array_equal(x.view(np.uint8), before.view(np.uint8))  # the caller's array is never touched


def test_lambda_names_in_messages():
    with pytest.raises(TargetError, match=r"^target <lambda> raised ZeroDivisionError: division by zero$"):
        resolve(module_lambda)(values("binary32", [1.0]))


def test_keyboard_interrupt_is_not_swallowed():
    with pytest.raises(KeyboardInterrupt):
        resolve(interrupted)(values("binary32", [1.0]))


def test_nan_inputs_returned_unchanged_are_not_a_modification():
    x = np.array([np.nan, -np.nan, 0.0, -0.0], dtype=np.float32)
    out = resolve(identity)(x)
    assert same(out, x) and out.dtype == np.float64
    assert not np.shares_memory(out, x)


def test_long_exception_messages_are_shortened():
    def shouts(x):
        raise ValueError("x" * 1000)

    with pytest.raises(TargetError) as raised:
        resolve(shouts)(values("binary32", [1.0]))
    message = str(raised.value)
    assert message.startswith(
        "target test_long_exception_messages_are_shortened.<locals>.shouts raised ValueError: xxx"
    )
    assert len(message) < 320 and message.endswith("...")


# --- inputs, Target objects ------------------------------------------------------------------------------------


def test_inputs_are_converted_only_when_exact():
    t = resolve("numpy.tanh", "binary32")
    assert same(t(np.array([0.0, np.inf])), [0.0, 1.0])  # float64 inputs holding binary32 values
    with pytest.raises(
        TargetError,
        match=r"^target 'numpy.tanh' got inputs that are not binary32 values "
        r"\(first: 0x1.999999999999ap-4\)$",
    ):
        t(np.array([0.1]))
    with pytest.raises(
        TargetError, match=r"got inputs that are not bfloat16 values \(first: 0x1.000002p\+0\)"
    ):
        resolve("numpy.tanh", "bfloat16")(np.array([1 + 2.0**-23], dtype=np.float32))
    with pytest.raises(TargetError, match=r"needs binary32 inputs, not an array of <U1"):
        t(np.array(["a"]))


def test_resolve_a_target():
    t = resolve("np.tanh", "binary32")
    assert resolve(t, "binary32") is t
    t16 = resolve(t, "binary16")
    assert (t16.name, t16.spec, t16.fmt) == ("np.tanh", "numpy.tanh", "binary16")
    c16 = resolve(resolve(my_fn, "binary32"), "binary16")
    assert (c16.name, c16.fmt) == ("my_fn", "binary16")
    assert same(c16(values("binary16", [3.0])), [1.5])
    assert resolve(t, "float32") is t  # a format alias names the same format


def test_targets_pickle_and_compare():
    for t in (resolve("np.tanh", "bfloat16"), resolve(my_fn, "binary16"), resolve("math.tanh", "binary64")):
        back = pickle.loads(pickle.dumps(t))
        assert back == t and back.name == t.name
        x = round_array(np.array([0.5, -2.0, np.inf]), t.fmt)
        assert same(back(x), t(x))
    assert resolve("numpy.tanh") == resolve("numpy.tanh")
    assert resolve(my_fn) != resolve(identity)


def test_target_built_directly():
    t = Target("numpy.tanh", False, "numpy.tanh", "binary32")
    assert same(t(values("binary32", [0.0])), [0.0])
    with pytest.raises(TargetError, match="has neither a name to resolve nor a callable"):
        Target("x", False, None, "binary32")


def test_bad_target_objects_and_formats():
    with pytest.raises(TargetError, match=r"^target 42 is neither a name nor a callable; use numpy.<f>"):
        resolve(42)
    with pytest.raises(FormatError):
        resolve("numpy.tanh", "binary8")
