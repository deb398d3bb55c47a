"""Recorded outputs as a target (issue 13, item 6): ``.npz`` and NumPy's umath validation CSV.

The files are built here: results from numpy, expected values correctly rounded by mpmath
(an independent source: tanh at 200 bits, then rounded to the format's precision, nearest
even, by mpmath itself; every value here is far from the formats' subnormal and overflow
ranges, where precision alone would not do). One expected value is moved one ULP away on
purpose (``numpy.nextafter``), and the report must name that row, with an error between
1/2 and 3/2 ULP (the correctly rounded value is within 1/2 ULP of the exact one).
"""

from __future__ import annotations

import json
import os

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tanhproof
from tanhproof.audits import RecordedReport, TargetError, recorded
from tanhproof.cli._main import main

PRECISION = {"binary16": 11, "binary32": 24, "binary64": 53}
DTYPE = {"binary16": np.float16, "binary32": np.float32, "binary64": np.float64}
UINT = {"binary16": np.uint16, "binary32": np.uint32, "binary64": np.uint64}


def tanh_rounded(x: np.ndarray, fmt: str) -> np.ndarray:
    """tanh of each value, correctly rounded to ``fmt`` by mpmath."""
    out = []
    for v in x.astype(np.float64).tolist():
        with mpmath.workprec(200):
            exact = mpmath.tanh(mpmath.mpf(v))
        with mpmath.workprec(PRECISION[fmt]):
            out.append(float(+exact))
    return np.array(out, dtype=DTYPE[fmt])


def inputs(fmt: str, n: int = 200) -> np.ndarray:
    return np.linspace(-3.0, 3.0, n).astype(DTYPE[fmt])


def hexbits(a: np.ndarray, fmt: str) -> list[str]:
    return [hex(int(b)) for b in a.astype(DTYPE[fmt]).view(UINT[fmt])]


WRONG = 17  # the row whose expected value is moved one ULP


@pytest.fixture
def npz(tmp_path):
    x = inputs("binary32")
    expected = tanh_rounded(x, "binary32")
    expected[WRONG] = np.nextafter(expected[WRONG], np.float32(2))
    path = tmp_path / "gpu-tanh.npz"
    np.savez(path, x=x, y=np.tanh(x), expected=expected, reference="tanh")
    return path, x, expected


def csv_text(rows: list[tuple[str, str, str, int | str]]) -> str:
    lines = ["dtype,input,output,ulperrortol", "## made by the test ##"]
    lines += [f"{d},{i},{o},{t}" for d, i, o, t in rows]
    return "\n".join(lines) + "\n"


@pytest.fixture
def csv(tmp_path):
    """float32 rows (one of them wrong, at line WRONG_LINE) and float64 rows, as NumPy writes them."""
    x32, x64 = inputs("binary32", 60), inputs("binary64", 40)
    out32, out64 = tanh_rounded(x32, "binary32"), tanh_rounded(x64, "binary64")
    out32[WRONG] = np.nextafter(out32[WRONG], np.float32(-2))
    rows: list[tuple[str, str, str, int | str]] = [
        ("np.float32", i, o, 2)
        for i, o in zip(hexbits(x32, "binary32"), hexbits(out32, "binary32"), strict=True)
    ]
    rows += [
        ("np.float64", i, o, 1)
        for i, o in zip(hexbits(x64, "binary64"), hexbits(out64, "binary64"), strict=True)
    ]
    path = tmp_path / "umath-validation-set-tanh.csv"
    path.write_text(csv_text(rows))
    return path, x32, out32


WRONG_LINE = WRONG + 3  # the header, the comment, then the rows from line 3


# --- .npz ---------------------------------------------------------------------------------------------------------


def test_npz_report_is_the_live_report_plus_the_wrong_expected_row(npz):
    path, x, expected = npz
    r = tanhproof.audit(str(path), processes=0)
    live = tanhproof.audit("numpy.tanh", "tanh", "binary32", x, processes=0)
    assert isinstance(r, RecordedReport) and r.reference == "tanh" and r.fmt == "binary32"
    for field in ("points", "max_ulp", "mean_ulp", "histogram", "not_correctly_rounded", "worst", "specials"):
        assert getattr(r, field) == getattr(live, field), field
    check = r.recorded
    assert (check.column, check.checked, check.wrong) == ("expected", len(x), 1)
    row = check.rows[0]
    assert row.row == WRONG and row.x == float(x[WRONG]) and row.recorded == float(expected[WRONG])
    assert row.correct == float(np.nextafter(expected[WRONG], np.float32(-2)))  # the mpmath value
    assert 0.5 < row.ulp < 1.5
    assert f"x[{WRONG}]: x = " in r.to_text()
    assert r.to_dict()["recorded"]["expected"]["rows"][0]["row"] == WRONG


def test_npz_without_expected_has_no_expected_section(tmp_path):
    path = tmp_path / "plain.npz"
    x = inputs("binary16", 50)
    np.savez(path, x=x, y=np.sinh(x))
    r = tanhproof.audit(path, "sinh", "binary16", processes=0)
    assert r.points == 50 and r.recorded.column == "" and "recorded expected" not in r.to_text()
    assert r.inputs.startswith("50 recorded inputs from ")


def test_npz_format_comes_from_the_file_on_the_command_line(npz, capsys):
    path, x, _ = npz
    assert main(["audit", str(path), "--json", "--in-process"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["fmt"] == "binary32" and data["points"] == len(x) and data["reference"] == "tanh"
    assert data["recorded"]["expected"]["not_correctly_rounded"] == 1


def test_recorded_constructor_and_resolve_agree(npz):
    path, x, _ = npz
    t = recorded(path)
    assert (t.fmt, t.spec, t.gradient, t.name) == ("binary32", None, False, str(path))
    assert np.array_equal(t(x[::-1]), np.tanh(x[::-1]).astype(np.float64))
    assert tanhproof.audits.resolve(str(path), "binary32").name == str(path)


@settings(max_examples=15, deadline=None)
@given(st.lists(st.integers(0, 0x7BFF), min_size=1, max_size=40), st.randoms(use_true_random=False))
def test_recorded_rows_in_any_order_give_the_live_report(tmp_path_factory, bits, rng):
    """Rows looked up by bit pattern: any order, duplicates included, gives the live target's numbers."""
    x = np.array(bits + bits[: len(bits) // 2], dtype=np.uint16).view(np.float16)
    x = np.where(np.arange(len(x)) % 2 == 0, x, -x).astype(np.float16)
    order = list(range(len(x)))
    rng.shuffle(order)
    x = x[order]
    path = tmp_path_factory.mktemp("h") / "r.npz"
    np.savez(path, x=x, y=np.tanh(x))
    r = tanhproof.audit(path, "tanh", "binary16", processes=0)
    live = tanhproof.audit(np.tanh, "tanh", "binary16", x, processes=0)
    assert (r.points, r.max_ulp, r.histogram, r.not_correctly_rounded) == (
        live.points,
        live.max_ulp,
        live.histogram,
        live.not_correctly_rounded,
    )


# --- NumPy's umath validation CSV ---------------------------------------------------------------------------------


def test_csv_rows_of_the_format_with_the_wrong_expected_row_reported(csv):
    path, x32, out32 = csv
    r = tanhproof.audit(path, fmt="binary32", processes=0)
    assert r.reference == "tanh"  # from the file name umath-validation-set-tanh.csv
    assert r.points == len(x32) and r.not_correctly_rounded == 1  # the output column is the result
    assert "40 np.float64 rows left out: --fmt binary64 audits them" in r.inputs
    check = r.recorded
    assert (check.column, check.wrong, check.tolerance) == ("output", 1, 2)
    row = check.rows[0]
    assert row.row == WRONG_LINE and row.recorded == float(out32[WRONG]) and 0.5 < row.ulp < 1.5
    text = r.to_text()
    assert (
        "recorded expected values (column output of" in text and "1 of 60 rows not correctly rounded" in text
    )
    assert f"  line {WRONG_LINE}: x = " in text


def test_csv_float64_rows_are_all_correctly_rounded(csv):
    path, _, _ = csv
    r = tanhproof.audit(path, fmt="binary64", processes=0)
    assert r.points == 40 and r.recorded.wrong == 0 and r.not_correctly_rounded == 0


def test_cli_csv_exits_0_and_lists_the_row(csv, capsys):
    path, _, _ = csv
    assert main(["audit", str(path), "--fmt", "binary32", "--in-process"]) == 0
    out = capsys.readouterr().out
    assert f"line {WRONG_LINE}: x = " in out and "ULP" in out


def test_cli_csv_with_max_ulp_exits_1(csv, capsys):
    path, _, _ = csv
    assert main(["audit", str(path), "--fmt", "binary32", "--max-ulp", "0.5", "--in-process"]) == 1


def test_signalling_nan_inputs_are_audited_without_warnings(tmp_path, recwarn):
    path = tmp_path / "nan.csv"
    path.write_text(
        csv_text([("np.float32", "0x7f800001", "0x7fc00001", 0), ("np.float32", "0x0", "0x0", 0)])
    )
    r = tanhproof.audit(path, "tanh", "binary32", processes=0)
    assert r.points == 2 and r.specials["nan"]["mismatches"] == 0 and r.recorded.wrong == 0
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_installed_numpy_validation_file():
    folder = os.path.join(os.path.dirname(np.__file__), "_core", "tests", "data")
    path = os.path.join(folder, "umath-validation-set-tanh.csv")
    if not os.path.exists(path):
        pytest.skip("this numpy installs no validation data")
    with open(path) as handle:
        float32_rows = sum(1 for line in handle if line.startswith("np.float32,"))
    r = tanhproof.audit(path, fmt="binary32", processes=0)
    assert r.points == float32_rows and r.recorded.checked == float32_rows


# --- bad files: one line, exit 2 ----------------------------------------------------------------------------------


def _npz(tmp_path, name="bad.npz", **arrays):
    path = tmp_path / name
    np.savez(path, **arrays)
    return path


x16 = np.array([0.5, 1.0], dtype=np.float16)
BAD_NPZ = [
    ({"x": x16}, [], "has no array 'y' (it has: x); an .npz needs arrays x and y"),
    ({"x": x16, "y": x16[:1]}, [], "has x of shape (2,) but y of shape (1,); they must match"),
    ({"x": x16, "y": x16.astype(np.float32)}, [], "has x of dtype float16 but y of dtype float32"),
    ({"x": x16, "y": x16}, ["--fmt", "binary32"], "holds float16 inputs (binary16), not binary32 inputs"),
    ({"x": np.array(1.0), "y": np.array(1.0)}, [], "has an array x of shape (); it needs at least one input"),
    ({"x": np.array([1, 2]), "y": np.array([1, 2])}, [], "has x of dtype int64; x and y must be float16"),
    (
        {"x": np.array([0.1], dtype=np.float32), "y": np.array([0.1], dtype=np.float32)},
        ["--fmt", "bfloat16"],
        "has x[0] = 0.10000000149011612, which is not a bfloat16 value",
    ),
    ({"x": x16, "y": x16, "reference": np.array([1, 2])}, [], "has a 'reference' that is not one string"),
    (
        {"x": np.array([0.5, 0.5], dtype=np.float16), "y": np.array([0.25, 0.5], dtype=np.float16)},
        [],
        "records two results for x = 0x1p-1 (indices 0 and 1); an input may have only one",
    ),
]


def _cli_fails_with_one_line(capsys, argv, message):
    assert main(argv) == 2
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert err.count("\n") == 1 and message in err, err


@pytest.mark.parametrize(("arrays", "options", "message"), BAD_NPZ)
def test_bad_npz(tmp_path, capsys, arrays, options, message):
    path = _npz(tmp_path, **arrays)
    _cli_fails_with_one_line(capsys, ["audit", str(path), "-r", "tanh", *options], f"{str(path)!r} {message}")
    with pytest.raises(TargetError):
        fmt = options[1] if options else None
        recorded(path, fmt)


def test_npz_that_is_not_an_npz_or_holds_objects(tmp_path, capsys):
    text = tmp_path / "text.npz"
    text.write_text("not a zip file")
    _cli_fails_with_one_line(capsys, ["audit", str(text)], "is not a readable .npz file")
    objects = tmp_path / "objects.npz"
    np.savez(objects, x=np.array([object()], dtype=object), y=np.array([1.0]))
    _cli_fails_with_one_line(capsys, ["audit", str(objects)], "is not a readable .npz file")
    _cli_fails_with_one_line(capsys, ["audit", str(tmp_path / "missing.npz")], "cannot be read: No such file")


GOOD = ("np.float32", "0x3f000000", "0x3eec9a9f", 2)  # tanh(1/2) = 0.46211715726000974 (mpmath)
BAD_CSV = [
    ("dtype,input,output\n" + "np.float32,0x0,0x0\n", [], "line 1: the header should be dtype,input,output"),
    (csv_text([GOOD, ("np.float32", "nan", "0x0", 2)]), [], "line 4: input 'nan' is not a hex bit pattern"),
    (
        csv_text([("np.float32", "0x1ffffffff", "0x0", 2)]),
        [],
        "line 3: input 0x1ffffffff does not fit in 32 bits",
    ),
    (csv_text([GOOD]).replace(",2\n", "\n"), [], "line 3: 3 columns, not 4"),
    (csv_text([("np.int32", "0x0", "0x0", 2)]), [], "line 3: dtype 'np.int32' is not np.float16"),
    (csv_text([("np.float32", "0x0", "0x0", "nan")]), [], "line 3: ulperrortol 'nan' is not a whole number"),
    (csv_text([("np.float32", "0x0", "0x0", -1)]), [], "line 3: ulperrortol '-1' is not a whole number"),
    (
        csv_text([GOOD, ("np.float64", "0x0", "0x0", 1)]),
        [],
        "holds np.float32 and np.float64 rows; choose one",
    ),
    (
        csv_text([GOOD]),
        ["--fmt", "binary64"],
        "has no np.float64 rows (it has np.float32 rows): use --fmt binary32",
    ),
    (csv_text([GOOD]), ["--fmt", "bfloat16"], "cannot hold bfloat16 rows"),
    ("", [], "has no rows; a .csv needs the header"),
    ("dtype,input,output,ulperrortol\n", [], "has a header but no rows"),
    (
        csv_text([GOOD, ("np.float32", "0x3f000000", "0x3eec9aa0", 2)]),
        [],
        "records two results for x = 0x1p-1",
    ),
]


@pytest.mark.parametrize(("text", "options", "message"), BAD_CSV)
def test_bad_csv(tmp_path, capsys, text, options, message):
    path = tmp_path / "bad.csv"
    path.write_text(text)
    _cli_fails_with_one_line(capsys, ["audit", str(path), "-r", "tanh", *options], message)


def test_csv_that_is_not_text(tmp_path, capsys):
    path = tmp_path / "binary.csv"
    path.write_bytes(b"\xff\xfe\x00binary")
    _cli_fails_with_one_line(capsys, ["audit", str(path)], "is not a text file (not UTF-8)")


def test_recorded_inputs_cannot_be_changed(csv, capsys):
    path, _, _ = csv
    for option in (["--samples", "10"], ["--exhaustive"], ["--range", "0", "1"]):
        _cli_fails_with_one_line(
            capsys,
            ["audit", str(path), "--fmt", "binary32", *option],
            "is recorded: its inputs are the file's",
        )
    with pytest.raises(TargetError, match="give no inputs"):
        tanhproof.audit(path, fmt="binary32", inputs=10)


def test_a_file_naming_no_catalog_function_needs_a_reference(tmp_path, capsys):
    path = tmp_path / "umath-validation-set-log1p.csv"
    path.write_text(csv_text([("np.float32", "0x0", "0x0", 2)]))
    _cli_fails_with_one_line(
        capsys, ["audit", str(path)], "the file names numpy.log1p, which is not a catalog"
    )
    plain = _npz(tmp_path, x=x16, y=x16)
    _cli_fails_with_one_line(capsys, ["audit", str(plain)], "the file names no function")
