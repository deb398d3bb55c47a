"""Tests of the ``tanhproof audit`` and ``tanhproof forms`` commands."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from tanhproof.cli._main import main


def test_audit_text_within_max_ulp_exits_0(capsys):
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--max-ulp", "1"]) == 0
    out = capsys.readouterr().out
    assert "numpy.tanh against tanh in binary16" in out and "within 1 ULP" in out and "yes" in out


def test_audit_beyond_max_ulp_exits_1_with_json(capsys):
    code = main(
        [
            "audit",
            "torch.tanh:grad" if _has_torch() else "numpy.tanh",
            "--fmt",
            "binary16",
            "--max-ulp",
            "0",
            "--json",
            "--processes",
            "1",
        ]
    )
    data = json.loads(capsys.readouterr().out)
    for key in (
        "points",
        "max_ulp",
        "worst",
        "mean_ulp",
        "histogram",
        "not_correctly_rounded",
        "zero_where_nonzero",
        "slow_path",
        "partial",
    ):
        assert key in data
    assert data["failed"] > 0 and code == 1
    assert data["partial"] is False and data["points"] == 63493


def _has_torch() -> bool:
    try:
        import torch  # noqa: F401
    except ImportError:
        return False
    return True


def test_audit_range_and_samples(capsys):
    assert main(["audit", "numpy.tanh", "--fmt", "binary32", "--range", "0.5", "0x1.04p-1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["points"] == 2**17 + 1  # [1/2, 1/2 + 2**-7] in steps of 2**-24, both ends included
    assert main(["audit", "numpy.tanh", "--fmt", "binary64", "--samples", "200", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["points"] == 207


def test_audit_plot_writes_a_png(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    out = tmp_path / "err.png"
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--plot", str(out)]) == 0
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert list(tmp_path.iterdir()) == [out]  # no temporary file left behind


@pytest.mark.parametrize(
    "argv,message",
    [
        (["audit", "numpy.tanhh"], "target 'numpy.tanhh' does not resolve"),
        (["audit", "os.system"], "os.system"),
        (
            ["audit", "numpy.tanh", "--fmt", "binary64", "--exhaustive"],
            "exhaustive audit of binary64 is impossible",
        ),
        (["audit", "numpy.tanh", "--fmt", "binary99"], "binary99"),
        (["audit", "numpy.tanh", "--range", "1", "x"], "range end 'x'"),
        (["audit", "numpy.tanh", "--range", "2", "1"], "is empty"),
        (["audit", "numpy.tanh", "--max-ulp", "-1"], "expected a finite number >= 0"),
        (["audit", "numpy.tanh", "--samples", "0"], "expected a positive integer"),
        (["audit", "numpy.tanh", "--plot", "/nonexistent/dir/x.png"], "is not a writable folder"),
        (["audit", "numpy.tanh", "--reference", "relu"], "unknown function 'relu'"),
        (["audit", "numpy.tanh:grad"], "no autograd"),
        (["audit", "numpy.tanh", "--exhaustive", "--samples", "3"], "not allowed with"),
        (["forms", "relu"], "relu"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(argv, message, capsys):
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("tanhproof: error:") and message in lines[0]


def test_forms_ranks_and_recommends(capsys):
    assert main(["forms", "tanh", "--fmt", "binary16"]) == 0
    out = capsys.readouterr().out
    assert "recommended:" in out and "1 - y^2" in out
    assert main(["forms", "sigmoid", "--fmt", "bfloat16", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["function"] == "sigmoid" and data["recommended"]


@pytest.mark.slow  # seconds long: off by default (the README test command under ten minutes)
def test_ctrl_c_prints_a_partial_report_and_exits_130(tmp_path):
    # A real SIGINT to a running exhaustive binary32 audit (2 worker processes), on the numpy
    # path: a first compile of the optional numba loop (about a minute) would leave no shard
    # done after 6 s.
    env = dict(os.environ, PYTHONUNBUFFERED="1", TANHPROOF_NUMBA="0")
    proc = subprocess.Popen(
        [sys.executable, "-m", "tanhproof", "audit", "numpy.tanh", "--exhaustive", "--json", "-j", "2"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    time.sleep(6)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    data = json.loads(out)
    assert data["partial"] is True and 0 < data["shards_done"] < data["shards_total"]
    assert "interrupted: the report below is partial" in err
    assert "Traceback" not in err


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal (POSIX)")
def test_progress_bar_on_a_terminal():
    import fcntl
    import pty
    import struct
    import termios
    import threading

    main_fd, child_fd = pty.openpty()
    fcntl.ioctl(child_fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 100, 0, 0))
    chunks: list[bytes] = []

    def read() -> None:
        while True:
            try:
                data = os.read(main_fd, 4096)
            except OSError:
                return
            if not data:
                return
            chunks.append(data)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tanhproof", "audit", "numpy.tanh", "--range", "1", "4", "-j", "1"],
        stdin=child_fd,
        stdout=subprocess.PIPE,
        stderr=child_fd,
    )
    out, _ = proc.communicate(timeout=120)
    os.close(child_fd)
    reader.join(5)
    os.close(main_fd)
    shown = b"".join(chunks).decode("utf-8", "replace")
    assert proc.returncode == 0
    assert "numpy.tanh:" in shown and "%|" in shown and "pt/s" in shown  # tqdm's bar on stderr
    assert out.decode().startswith("tanhproof audit: numpy.tanh")  # the report alone on stdout


@pytest.mark.parametrize("lo,hi", [("-1e-3", "1"), ("-inf", "0"), ("-0x1p-3", "1"), ("-1/3", "1")])
def test_range_ends_may_be_negative(lo, hi, capsys):
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--range", lo, hi, "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["points"] > 0


def test_plot_onto_a_folder_is_bad_input(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    folder = tmp_path / "d.png"
    folder.mkdir()
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--plot", str(folder)]) == 2
    assert "is a folder" in capsys.readouterr().err


def test_empty_range_exits_2(capsys):
    assert main(["audit", "numpy.sin", "-r", "tanh", "--fmt", "binary16", "--range", "1e6", "1e7"]) == 2
    assert "holds no binary16 value" in capsys.readouterr().err


def test_plot_without_matplotlib_is_bad_input(tmp_path, monkeypatch, capsys):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "matplotlib" else real(name, *a)
    )
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--plot", str(tmp_path / "e.png")]) == 2
    err = capsys.readouterr().err
    assert "--plot needs matplotlib: pip install 'tanhproof[plot]'" in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs Linux's /proc")
def test_plot_into_proc_is_bad_input_naming_the_path(capsys):
    # issue 10: `audit ... --plot /proc/err.png` exited 4 (FileNotFoundError from matplotlib's
    # temporary file); /proc accepts no new files, whatever os.access says.
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--plot", "/proc/err.png"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        "tanhproof: error: --plot: cannot write '/proc/err.png': cannot create a file in "
        "'/proc': no such file or directory (ENOENT); see 'tanhproof --help'\n"
    )


def test_plot_failing_after_the_audit_is_an_output_failure(tmp_path, monkeypatch, capsys):
    # The folder was writable when checked, but the disk is full when the plot is written:
    # the complete report is still written, then one line, exit 2.
    pytest.importorskip("matplotlib")
    import errno

    from tanhproof.audits import _report as auditreport

    def full(report, path):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(auditreport, "plot_report", full)
    target = tmp_path / "e.png"
    assert main(["audit", "numpy.tanh", "--fmt", "binary16", "--json", "--plot", str(target)]) == 2
    captured = capsys.readouterr()
    report = json.loads(captured.out)  # the whole report, not a partial one
    assert report["partial"] is False and report["shards_done"] == report["shards_total"]
    assert captured.err == (
        f"tanhproof: error: --plot: cannot write {str(target)!r}: no space left on device (ENOSPC)\n"
    )
    assert list(tmp_path.iterdir()) == []
