"""Expression references never give a value outside the text's domain.

The fast path computes values of a form that SymPy or a rewriting may have simplified
(``log(x)/log(x)`` to ``1``, ``x*(1/x)`` to ``1``), which would be defined where the text
is not. It runs only where every domain condition of the text certainly holds; the
other points go to the Ziv loop, which reads the text's conditions. The independent
source: :func:`tanhproof.round_to` on the text at each point (``prepare`` reads the
conditions from the text itself and checks them exactly at the point).
"""

from __future__ import annotations

import math

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import cancelling_constructs

import tanhproof as tp
from tanhproof.numeric._bulk import reference

_DTYPE = {"binary16": np.float16, "bfloat16": np.float32, "binary32": np.float32, "binary64": np.float64}
_POINTS = [-2.0, -1.0, -0.75, -0.5, -0.0, 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 3.0]


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


@settings(max_examples=40, deadline=None)
@given(cancelling_constructs(), st.sampled_from(sorted(_DTYPE)))
def test_a_cancelled_construct_keeps_its_domain(text, fmt):
    # Round to nearest: these texts are often exactly 1 or x inside the domain, which a
    # directed mode cannot round without the exact prover (the numeric room's bulk loop has
    # none: a LimitError, as round_to without it); the domain is the same in every mode.
    mode = "nearest"
    x = np.array(_POINTS, dtype=_DTYPE[fmt])
    got = reference(text, x, fmt, mode).values.astype(np.float64).tolist()
    for xi, g in zip(x.astype(np.float64).tolist(), got, strict=True):
        want = float(tp.round_to(text, fmt, mode, x=xi))
        assert _same(g, want), (text, fmt, mode, xi, g, want)


def test_the_case_the_soak_found():
    # -1 + (-log(x))/log(x) at x = -0.66 is undefined (log of a negative number); the fast
    # path once computed it as -2 because the compiler rebuilt log(x)*(1/log(x)) as 1.
    x = np.array([-0.66064453125, 0.5, 1.0], dtype=np.float16)
    values = reference("((-1) + (((-1) * log(x)) / log(x)))", x, "binary16").values.tolist()
    assert math.isnan(values[0]) and values[1] == -2.0 and math.isnan(values[2])  # log(1) = 0 divides
