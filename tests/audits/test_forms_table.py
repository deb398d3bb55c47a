"""The forms ranking as a person reads it (issue 15): forms with zeros where the derivative is
not 0 or non-finite results rank last, the table fits 100 columns and a legend explains it."""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tanhproof.audits._accuracyreport import AccuracyReport
from tanhproof.audits._forms import FORMS, Form, _rank_key, rank_forms
from tanhproof.audits._formstable import WIDTH


def _bad(report) -> bool:
    return report.zero_where_nonzero > 0 or report.histogram.get("inf", 0) > 0


# binary32 inputs on [-40, 40] and four beyond 52, where tanh'(x) = 4e^-2|x|/(1 + e^-2|x|)^2 is below
# 2^-149 * 2 (e^-104 * 4 = 2.7e-45) and a form that underflows early returns 0.
INPUTS = np.concatenate(
    [np.linspace(-40, 40, 4001, dtype=np.float32), np.float32([52.0, 52.5, 53.0, -52.25])]
)


@pytest.fixture(scope="module")
def ranked():
    texts = [f.text for f in FORMS["tanh"][2:6]]
    return rank_forms("tanh", "binary32", INPUTS, processes=1, forms=texts)


def test_a_form_with_zeros_ranks_below_every_form_without(ranked):
    # Today's ranking (max ULP first) put 4*sigmoid(2x)*sigmoid(-2x), with 3 zeros and a smaller
    # max error, above sech(x)^2, which never returns 0 here.
    rows = ranked.rows
    assert [_bad(r.report) for r in rows] == sorted(_bad(r.report) for r in rows)
    assert any(_bad(r.report) for r in rows) and not all(_bad(r.report) for r in rows)
    sech = next(r for r in rows if r.form.text == "sech(x)**2")
    assert sech.report.zero_where_nonzero == 0 and sech.rank == 1
    assert ranked.recommended.text == "sech(x)**2"
    # the demotion is real: a form with zeros has the smaller max error
    zeros = [r for r in rows if r.report.zero_where_nonzero]
    assert min(r.report.max_ulp for r in zeros) < sech.report.max_ulp


_counts = st.integers(0, 5)


@given(
    st.lists(
        st.tuples(st.floats(0, 1e9, allow_nan=False), st.floats(0, 1e9, allow_nan=False), _counts, _counts),
        min_size=1,
        max_size=8,
    )
)
def test_rank_key_puts_every_bad_form_after_every_clean_one(specs):
    reports = [
        AccuracyReport(max_ulp=max(m, a), mean_ulp=min(m, a), zero_where_nonzero=z, histogram={"inf": i})
        for m, a, z, i in specs
    ]
    ordered = sorted(reports, key=_rank_key)
    flags = [_bad(r) for r in ordered]
    assert flags == sorted(flags)
    clean = [r.max_ulp for r in ordered if not _bad(r)]
    assert clean == sorted(clean)


@pytest.mark.parametrize("function", sorted(FORMS))
def test_table_fits_100_columns_and_explains_its_columns(function):
    x = np.array([0.5, 3.0, 12.0], dtype=np.float16)
    long = Form("4*exp(-2*abs(x))/(1 + exp(-2*abs(x)))**2 written out in full", "sech(x)**2")
    forms = [*FORMS[function], *([long] if function == "tanh" else []), Form("wrong", "1 + x")]
    text = rank_forms(function, "binary16", x, forms=forms).to_text()
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= WIDTH, max(lines, key=len)
    head = next(line for line in lines if line.startswith("rank  form"))
    legend = text[text.index("\n\n", text.index(head)) :]
    # every column name is explained in the legend; no abbreviation of unknown meaning is left
    for name in ("max ULP", "mean ULP", "misrounded", "zeros", "non-finite", "rank", "proof"):
        assert name in head and f"{name}" in legend
    assert "not CR" not in text
    assert "units in the last place (ULPs) of binary16" in " ".join(legend.split())
    # the short names y (tanh's forms) and s (sigmoid's) are defined where the labels use them
    labels = " ".join(f.label for f in FORMS[function])
    for short, meaning in (("y", "y = tanh(x)"), ("s", "s = sigmoid(x)")):
        used = re.search(rf"(?<![A-Za-z]){short}(?![A-Za-z(])", labels) is not None
        assert (meaning in legend) == used, (short, function)
    # each [k] note of the proof column is in the legend
    for k in set(re.findall(r"(?:proved|refuted|undecided) \[(\d+)\]", text)):
        assert f"  [{k}] " in legend
    assert lines[-1].startswith("recommended: ")


def test_notebook_view_of_a_ranking(ranked):
    md = ranked._repr_markdown_()
    assert "| rank | form | max ULP | mean ULP | misrounded | zeros | non-finite | proof |" in md
    assert "*errors in ULPs of binary32; misrounded, zeros and non-finite in inputs*" in md
    html = ranked._repr_html_()
    assert "<table><caption>errors in ULPs of binary32" in html and "<th>max ULP</th>" in html
    assert ranked._repr_latex_().startswith("$$\\begin{array}")
    assert repr(ranked) == "<FormsReport tanh' in binary32: 4 forms, recommended sech(x)**2>"
