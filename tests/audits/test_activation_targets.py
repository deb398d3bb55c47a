"""Audit targets of the activations of torch.nn.functional and jax.nn (issue 16, part 5).

The expected reference of each name is written out here from the libraries' documentation
(torch.nn.functional.gelu's default is approximate='none', the exact GELU; jax.nn.gelu's
default is approximate=True, the tanh approximation; jax.nn.swish is silu), not read from
the table under test.
"""

from __future__ import annotations

import json

import numpy as np
import pytest

import tanhproof
from tanhproof.audits import TargetError
from tanhproof.audits._targetdefaults import default_reference
from tanhproof.audits._targetnames import parse_name
from tanhproof.audits._targets import resolve
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._formats import get_format

TORCH = {
    "torch.nn.functional.silu": "silu",
    "torch.nn.functional.mish": "mish",
    "torch.nn.functional.gelu": "gelu",
    "torch.nn.functional.gelu[approximate=none]": "gelu",
    "torch.nn.functional.gelu[approximate=tanh]": "gelu_tanh",
    "torch.nn.functional.softplus": "softplus",
    "torch.nn.functional.logsigmoid": "logsigmoid",
    "torch.nn.functional.tanhshrink": "tanhshrink",
    "torch.nn.functional.softsign": "softsign",
    "torch.nn.functional.elu": "elu",
    "torch.nn.functional.celu": "celu",
    "torch.nn.functional.selu": "selu",
}
JAX = {
    "jax.nn.silu": "silu",
    "jax.nn.swish": "silu",
    "jax.nn.gelu": "gelu_tanh",
    "jax.nn.gelu[approximate=True]": "gelu_tanh",
    "jax.nn.gelu[approximate=False]": "gelu",
    "jax.nn.gelu[approximate=false]": "gelu",
    "jax.nn.softplus": "softplus",
    "jax.nn.log_sigmoid": "logsigmoid",
    "jax.nn.soft_sign": "softsign",
    "jax.nn.elu": "elu",
    "jax.nn.celu": "celu",
    "jax.nn.selu": "selu",
    "jax.nn.mish": "mish",
}


def _torch():
    return pytest.importorskip("torch", reason="torch is not installed (the torch targets need it)")


def _jax():
    return pytest.importorskip(
        "jax", reason="jax is not installed (pip install jax); the jax.nn targets need it"
    )


def _catalog_has(name: str) -> bool:
    from tanhproof.expr._catalog import CATALOG

    return name in CATALOG


@pytest.mark.parametrize("gradient", [False, True])
@pytest.mark.parametrize("name", sorted(TORCH) + sorted(JAX))
def test_the_reference_follows_the_name(name, gradient):
    # parse_name imports no library: the jax names are checked without jax
    parts = parse_name(name + (":grad" if gradient else ""))
    expected = (TORCH | JAX)[name]
    assert parts.reference == expected and parts.gradient is gradient
    assert parts.spec.endswith(":grad") is gradient


def test_gelu_keyword_spellings_are_canonical():
    assert parse_name("jax.nn.gelu[approximate=false]").spec == "jax.nn.gelu[approximate=False]"
    assert parse_name("torch.nn.functional.gelu[ approximate = tanh ]:grad").spec == (
        "torch.nn.functional.gelu[approximate=tanh]:grad"
    )


_TORCH_GELU = "torch.nn.functional.gelu[approximate=none] or torch.nn.functional.gelu[approximate=tanh]"


@pytest.mark.parametrize(
    ("name", "fragment", "accepted"),
    [
        ("torch.nn.functional.gelu[approximate=erf]", "has no approximate='erf'; use", _TORCH_GELU),
        ("torch.nn.functional.gelu[approximate=True]", "has no approximate='True'; use", _TORCH_GELU),
        (
            "jax.nn.gelu[approximate=tanh]",
            "has no approximate='tanh'; use",
            "jax.nn.gelu[approximate=True] or jax.nn.gelu[approximate=False]",
        ),
        ("torch.nn.functional.gelu[alpha=1]", "accepts only the keyword 'approximate'", _TORCH_GELU),
        (
            "torch.nn.functional.silu[approximate=tanh]",
            "takes no keyword in brackets",
            "gelu[approximate=tanh]",
        ),
        ("torch.nn.functional.gelu[approximate=tanh", "malformed bracket", "gelu[approximate=tanh]"),
        ("torch.nn.functional.gelu[approximate=tanh]x", "malformed bracket", "gelu[approximate=tanh]"),
        ("jax.nn.softmax", "is not one of the numeric functions", "jax.nn.silu"),
    ],
)
def test_bad_keywords_list_the_accepted_spellings(name, fragment, accepted):
    with pytest.raises(TargetError) as info:
        parse_name(name)
    message = str(info.value)
    assert message.startswith(f"target {name!r}") and "\n" not in message
    assert fragment in message and accepted in message.split(fragment, 1)[1]


@pytest.mark.parametrize("name", sorted(TORCH))
def test_torch_targets_resolve_with_their_reference(name):
    _torch()
    for suffix in ("", ":grad"):
        t = resolve(name + suffix, "binary32")
        assert t.gradient is bool(suffix) and t.spec == parse_name(name + suffix).spec
        assert default_reference(t) == TORCH[name]


def test_torch_gelu_keyword_reaches_torch():
    torch = _torch()
    x = np.array([-3.0, -0.5, 0.25, 2.0], dtype=np.float32)
    for value in ("none", "tanh"):
        got = resolve(f"torch.nn.functional.gelu[approximate={value}]", "binary32")(x)
        want = torch.nn.functional.gelu(torch.from_numpy(x), approximate=value).numpy()
        assert got.tolist() == want.astype(np.float64).tolist()
        grad = resolve(f"torch.nn.functional.gelu[approximate={value}]:grad", "binary32")(x)
        t = torch.from_numpy(x.copy()).requires_grad_(True)
        torch.nn.functional.gelu(t, approximate=value).sum().backward()
        assert grad.tolist() == t.grad.numpy().astype(np.float64).tolist()


def _comparable(report) -> dict:
    d = report.to_dict()
    for key in ("seconds", "elapsed", "timing", "wall_seconds", "target", "name"):
        d.pop(key, None)
    return d


def _inputs(fmt: str, n: int = 200) -> np.ndarray:
    """``n`` seeded values of ``fmt`` in [-12, 12] (where the activations bend), as the audit
    takes them; the recorded audits of the documentation cover the whole range."""
    x = np.random.default_rng(7).uniform(-12.0, 12.0, n)
    return round_array(x, fmt).astype(get_format(fmt).dtype)


_AUDITED = sorted(set(TORCH) - {"torch.nn.functional.gelu[approximate=none]"})
_FORMATS = ("binary32", "bfloat16", "binary16")


@pytest.mark.parametrize("gradient", [False, True])
@pytest.mark.parametrize(("k", "name"), list(enumerate(_AUDITED)))
def test_torch_audit_with_the_inferred_reference(k, name, gradient):
    _torch()
    reference = TORCH[name]
    if not _catalog_has(reference):
        pytest.skip(f"the catalog has no {reference} yet")
    fmt = _FORMATS[(k + gradient) % 3]  # each target in two of the formats, every format covered
    spec = name + (":grad" if gradient else "")
    x = _inputs(fmt)
    inferred = tanhproof.audit(spec, fmt=fmt, inputs=x, processes=0)
    explicit = tanhproof.audit(spec, reference + ("'" if gradient else ""), fmt=fmt, inputs=x, processes=0)
    assert _comparable(inferred) == _comparable(explicit)
    assert inferred.reference == reference + ("'" if gradient else "")
    assert inferred.points == x.size and not inferred.partial
    assert np.isfinite(inferred.max_ulp) and np.isfinite(inferred.mean_ulp)


def test_the_gelu_variants_differ_by_more_than_rounding():
    # The tanh approximation differs from the exact GELU by up to about 5e-4 (near |x| = 2),
    # far above binary32 rounding: audited against the other variant's reference it is
    # thousands of ULPs off, against its own a few. So the name's reference is the right one.
    _torch()
    if not (_catalog_has("gelu") and _catalog_has("gelu_tanh")):
        pytest.skip("the catalog has no gelu / gelu_tanh yet")
    name = "torch.nn.functional.gelu[approximate=tanh]"
    x = np.linspace(1.5, 2.5, 64, dtype=np.float32)
    own = tanhproof.audit(name, fmt="binary32", inputs=x, processes=0)
    other = tanhproof.audit(name, "gelu", fmt="binary32", inputs=x, processes=0)
    assert own.max_ulp < 64 <= 1000 < other.max_ulp


def test_cli_audit_of_mish_grad_infers_its_reference(capsys):
    _torch()
    if not _catalog_has("mish"):
        pytest.skip("the catalog has no mish yet")
    from tanhproof.cli._main import main

    argv = ["audit", "torch.nn.functional.mish:grad", "--fmt", "binary32", "--range", "1", "0x1.0008p+0"]
    code = main([*argv, "--json", "--in-process"])
    data = json.loads(capsys.readouterr().out)
    assert (
        code == 0 and data["reference"] == "mish'" and data["points"] == 2**10 + 1
    )  # [1, 1 + 2**-13] in steps of 2**-23
    assert data["target"] == "torch.nn.functional.mish:grad"


@pytest.mark.parametrize("name", ["jax.nn.gelu", "jax.nn.gelu[approximate=False]", "jax.nn.silu"])
def test_jax_audit_with_the_inferred_reference(name):
    _jax()
    reference = JAX[name]
    for gradient in (False, True):
        spec = name + (":grad" if gradient else "")
        x = _inputs("binary32")
        inferred = tanhproof.audit(spec, fmt="binary32", inputs=x, processes=0)
        explicit = tanhproof.audit(
            spec, reference + ("'" if gradient else ""), fmt="binary32", inputs=x, processes=0
        )
        assert _comparable(inferred) == _comparable(explicit)
        assert np.isfinite(inferred.max_ulp)


def test_jax_missing_is_one_line():
    try:
        import jax  # noqa: F401
    except ImportError:
        with pytest.raises(
            TargetError, match=r"^target 'jax.nn.silu:grad' needs jax, which is not installed"
        ):
            resolve("jax.nn.silu:grad")
    else:
        pytest.skip("jax is installed: the missing-jax message cannot be shown")


# Forms of the activations' derivatives: each catalog form is proved before it is ranked.
_RANKED = ("silu", "mish", "gelu_tanh", "softsign", "logsigmoid", "tanhshrink", "elu", "celu")


@pytest.mark.parametrize("function", _RANKED)
def test_forms_of_each_activation_are_proved_then_ranked(function):
    from tanhproof.audits import rank_forms
    from tanhproof.audits._formlist import forms_for

    if not _catalog_has(function):
        pytest.skip(f"the catalog has no {function} yet")
    x = np.linspace(-8, 8, 33).astype(np.float16)
    report = rank_forms(function, "binary16", x)
    assert [r.form for r in report.rows if r.measured] and report.recommended is not None
    assert {r.form for r in report.rows} == set(forms_for(function))
    for r in report.rows:
        assert r.measured == (r.rank is not None)
        if r.measured:  # only a proved form is measured, against the correctly rounded derivative
            assert r.proof.proved and r.report.reference == f"{function}'" and r.report.points == x.size
        else:
            assert r.proof.reason or r.note
    ranks = [r.rank for r in report.rows if r.measured]
    assert ranks == list(range(1, len(ranks) + 1))


def test_a_form_by_cases_is_listed_with_its_reason():
    from tanhproof.audits import rank_forms

    if not _catalog_has("elu"):
        pytest.skip("the catalog has no elu yet")
    report = rank_forms("elu", "binary16", np.array([-1.0, 1.0], dtype=np.float16))
    cases = [r for r in report.rows if r.form.text.startswith("Piecewise(")]
    assert cases and all(not r.measured and "by cases" in r.proof.reason for r in cases)
    assert "by cases (Piecewise)" in report.to_text()
