"""``tanhproof check FILE`` and ``--certificate FILE`` on prove and derive.

Exit codes: 0 every certificate accepted, 1 one rejected (the report says which and
why), 2 a file that is not a certificate file (one line on stderr).
"""

from __future__ import annotations

import json

import pytest

import tanhproof as tp
from tanhproof.cli._main import main


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_prove_writes_certificates_that_check(capsys, tmp_path):
    path = tmp_path / "c.json"
    code, _, _ = run(
        capsys, "prove", "tanh(2*x)", "2*tanh(x)/(1 + tanh(x)**2)", "sinh(2*x)", "--certificate", str(path)
    )
    assert code == 1  # one pair refuted
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert [c["verdict"] for c in doc["certificates"]] == ["proved", "refuted", "refuted"]
    assert doc["certificates"][0]["lhs"] == "tanh(2*x)"  # the claim as written
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0 and "Summary: 3 of 3 certificates accepted by the kernel" in out


def test_derive_writes_a_certificate_that_checks(capsys, tmp_path):
    path = tmp_path / "d.json"
    assert run(capsys, "derive", "sigmoid", "--certificate", str(path))[0] == 0
    code, out, _ = run(capsys, "check", str(path), "--format", "json")
    doc = json.loads(out)
    assert code == 0 and doc["results"][0]["accepted"] and doc["results"][0]["label"].startswith("derivation")


def test_a_rejected_certificate_exits_1_and_says_which_and_why(capsys, tmp_path):
    certs = [tp.prove("sech(x)**2", "1 - tanh(x)**2"), tp.prove("tanh(x)", "sinh(x)")]
    path = tmp_path / "c.json"
    run(capsys, "prove", "sech(x)**2", "1 - tanh(x)**2", "--certificate", str(path))
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["certificates"].append(dict(doc["certificates"][0], rhs="1 + tanh(x)**2"))
    path.write_text(json.dumps(doc), encoding="utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert (
        "2. sech(x)**2 = 1 + tanh(x)**2\n   REJECTED: rejected: the numerator of lhs - rhs is not the zero polynomial"
        in out
    )
    assert all(c.proved or str(c.verdict) == "refuted" for c in certs)


@pytest.mark.parametrize("content", ["not json", '{"format": "x"}', "[1, 2]"])
def test_a_malformed_file_exits_2_with_one_line(capsys, tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = run(capsys, "check", str(path))
    assert code == 2 and out == "" and err.count("\n") == 1 and err.startswith("tanhproof: error:")


def test_a_missing_file_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "check", str(tmp_path / "none.json"))
    assert code == 2 and "No such file or directory" in err


def test_an_unwritable_certificate_path_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "prove", "x", "x", "--certificate", str(tmp_path / "no" / "c.json"))
    assert code == 2 and "--certificate: cannot write" in err
