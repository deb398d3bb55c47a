"""The command line when its surroundings fail: output faults, closed streams, the safety net.

Issue 10, sections 5 and 6: ``tanhproof ... > /dev/full`` and a closed stdout gave a
traceback and exit 1 ("refuted"); with stderr closed, bad input exited 1; ``--help``
and ``--version`` to /dev/full exited 0 and lost the text. An output failure is now
exit 2 with one line on stderr; a closed stderr never changes the exit code; one
wall-clock limit (``--time-limit``) guards the whole command and names itself.

Process-level behaviour is tested in subprocesses (a closed descriptor is not
``subprocess.DEVNULL``: the child closes it itself), the rest in-process.
"""

from __future__ import annotations

import errno
import io
import json
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import tanhproof
from tanhproof.cli import _safetynet as safetynet
from tanhproof.cli._main import main
from tanhproof.cli._parser import DEFAULT_TIME_LIMIT, build_parser
from tanhproof.cli._streams import (
    OutputError,
    describe_os_error,
    guard_std_fds,
    say,
    write_output,
)
from tanhproof.proof._records import Proof, Verdict

STOPPED = (
    "tanhproof: error: stopped by the wall-clock safety net after {} s (--time-limit); "
    "the verdict does not depend on it\n"
)
HAS_DEV_FULL = os.path.exists("/dev/full")
needs_dev_full = pytest.mark.skipif(not HAS_DEV_FULL, reason="no /dev/full on this system")
POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX descriptors and signals")

# Commands whose result is written to stdout, and the exit code each gives when the
# output arrives: every subcommand, proved and refuted, the help and version texts.
WRITING = [
    (["prove", "x", "x"], 0),
    (["prove", "tanh(x)", "sinh(x)"], 1),
    (["--help"], 0),
    (["prove", "--help"], 0),
    (["--version"], 0),
    (["eval", "tanh(x)", "--at", "x=1/2", "--digits", "5"], 0),
    (["derive", "tanh", "--format", "markdown"], 0),
    (["audit", "numpy.tanh", "--fmt", "binary16", "--range", "1", "2"], 0),
    (["forms", "tanh", "--fmt", "binary16", "--range", "1", "2", "--json"], 0),
]


def _env() -> dict[str, str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("TANHPROOF_DEBUG", None)
    return env


def _tanhproof(*argv: str, stdout=subprocess.PIPE, stderr=subprocess.PIPE, close=(), code: str = ""):
    """Run ``python -m tanhproof ARGV`` (or ``code`` then ``main()``), closing the descriptors ``close``."""
    command = [sys.executable, "-m", "tanhproof", *argv]
    if code:
        command = [
            sys.executable,
            "-c",
            code + "\nfrom tanhproof.cli._main import main\nraise SystemExit(main())",
            *argv,
        ]

    def close_fds() -> None:
        for fd in close:
            os.close(fd)

    return subprocess.run(
        command,
        stdout=stdout,
        stderr=stderr,
        env=_env(),
        timeout=300,
        preexec_fn=close_fds if close else None,
        check=False,
    )


def _one_error_line(stderr: bytes) -> str:
    text = stderr.decode("utf-8")
    assert "Traceback" not in text, text
    assert text.count("\n") == 1 and text.startswith("tanhproof: error: "), text
    return text


# -- output faults, process level ---------------------------------------------------------
@needs_dev_full
@pytest.mark.parametrize("argv, _", WRITING)
def test_dev_full_is_an_output_failure(argv, _):
    with open("/dev/full", "w") as full:
        done = _tanhproof(*argv, stdout=full)
    assert done.returncode == 2
    assert _one_error_line(done.stderr) == (
        "tanhproof: error: cannot write the output to stdout: no space left on device (ENOSPC)\n"
    )


@POSIX
@pytest.mark.parametrize("argv", [["prove", "x", "x"], ["prove", "tanh(x)", "sinh(x)"], ["--version"]])
def test_closed_stdout_is_an_output_failure(argv):
    done = _tanhproof(*argv, stdout=None, close=(1,))
    assert done.returncode == 2
    assert (
        _one_error_line(done.stderr)
        == "tanhproof: error: cannot write the output: standard output is closed\n"
    )


@POSIX
def test_reader_gone_is_an_output_failure():
    read_end, write_end = os.pipe()
    os.close(read_end)  # nobody will read: every write gets EPIPE
    try:
        done = _tanhproof("prove", "tanh(x)", "sinh(x)", stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 2
    assert _one_error_line(done.stderr) == (
        "tanhproof: error: cannot write the output to stdout: the reader closed the pipe (EPIPE)\n"
    )


@POSIX
@pytest.mark.parametrize(
    "argv, expected",
    [
        (["prove", "tanh(", "x"], 2),  # bad input: was exit 1 with stderr closed
        (["prove", "x", "x"], 0),
        (["prove", "tanh(x)", "sinh(x)"], 1),
        (["frob"], 2),
    ],
)
def test_closed_or_full_stderr_keeps_the_exit_code(argv, expected):
    assert _tanhproof(*argv, stdout=subprocess.DEVNULL, stderr=None, close=(2,)).returncode == expected
    if HAS_DEV_FULL:
        with open("/dev/full", "w") as full:
            assert _tanhproof(*argv, stdout=subprocess.DEVNULL, stderr=full).returncode == expected


@needs_dev_full
@POSIX
def test_output_failure_with_stderr_closed_is_still_exit_2():
    with open("/dev/full", "w") as full:
        done = _tanhproof("prove", "tanh(x)", "sinh(x)", stdout=full, stderr=None, close=(2,))
    assert done.returncode == 2


@POSIX
def test_closed_descriptors_are_not_reused_for_files(tmp_path):
    # A file opened after start-up must not become "stdout" or "stderr".
    code = textwrap.dedent(f"""
        import os
        os.close(1); os.close(2)
        from tanhproof.cli._streams import guard_std_fds
        guard_std_fds()
        fd = os.open({str(tmp_path / "f")!r}, os.O_WRONLY | os.O_CREAT)
        os.write(os.open({str(tmp_path / "fd")!r}, os.O_WRONLY | os.O_CREAT), str(fd).encode())
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    assert int((tmp_path / "fd").read_text()) > 2


# -- output faults, in-process: every command x every fault -------------------------------
class _Faulty(io.StringIO):
    """A stdout whose write or flush fails with ``error`` (an exception instance)."""

    def __init__(self, error: BaseException, on: str):
        super().__init__()
        self.error, self.on = error, on

    def write(self, text):
        if self.on == "write":
            raise self.error
        return super().write(text)

    def flush(self):
        if self.on == "flush":
            raise self.error


FAULTS = st.one_of(
    st.none(),  # stdout closed at start-up: Python's sys.stdout is None
    st.builds(
        _Faulty,
        st.sampled_from(
            [
                BrokenPipeError(errno.EPIPE, "Broken pipe"),
                OSError(errno.ENOSPC, "No space"),
                OSError(errno.EBADF, "Bad file descriptor"),
                OSError(errno.EIO, "I/O error"),
                ValueError("I/O operation on closed file."),
            ]
        ),
        st.sampled_from(["write", "flush"]),
    ),
)
STDERRS = st.sampled_from(["ok", "closed", "failing"])


def _stderr(kind: str):
    if kind == "closed":
        return None
    if kind == "failing":
        return _Faulty(OSError(errno.ENOSPC, "No space"), "flush")
    return io.StringIO()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(command=st.sampled_from(WRITING), stdout=FAULTS, stderr_kind=STDERRS)
def test_any_command_any_output_fault_is_exit_2_without_traceback(command, stdout, stderr_kind):
    argv, _ = command
    stderr = _stderr(stderr_kind)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdout", stdout)
        mp.setattr(sys, "stderr", stderr)
        code = main(list(argv))
    assert code == 2
    if stderr_kind == "ok":
        err = stderr.getvalue()
        assert err.count("\n") == 1 and "Traceback" not in err, err
        assert err.startswith("tanhproof: error: cannot write the output"), err


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    command=st.sampled_from(
        [*WRITING, (["prove", "tanh(", "x"], 2), (["prove", "x"], 2), (["derive", "--order", "0", "tanh"], 2)]
    ),
    stderr_kind=STDERRS,
)
def test_a_failing_stderr_never_changes_the_exit_code(command, stderr_kind):
    argv, expected = command
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "stdout", io.StringIO())
        mp.setattr(sys, "stderr", _stderr(stderr_kind))
        assert main(list(argv)) == expected


def test_internal_error_with_closed_stderr_is_still_exit_4(monkeypatch):
    def broken(lhs, rhs, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setitem(vars(tanhproof), "prove", broken)
    monkeypatch.setenv("TANHPROOF_DEBUG", "1")  # the traceback cannot be printed either
    monkeypatch.setattr(sys, "stderr", None)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    assert main(["prove", "x", "x"]) == 4


def test_help_text_arrives_whole(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: tanhproof") and "--time-limit SECONDS" in out and out.endswith("\n")


# -- the stream helpers -------------------------------------------------------------------
@pytest.mark.parametrize(
    "error, reason",
    [
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), "the reader closed the pipe (EPIPE)"),
        (OSError(errno.ENOSPC, "No space left on device"), "no space left on device (ENOSPC)"),
        (OSError(errno.EBADF, "Bad file descriptor"), "the file descriptor is closed (EBADF)"),
        (OSError(errno.EACCES, "Permission denied"), "permission denied (EACCES)"),
    ],
)
def test_describe_os_error(error, reason):
    assert describe_os_error(error) == reason


def test_write_output_and_say():
    out = io.StringIO()
    write_output("a\nb", out)
    assert out.getvalue() == "a\nb\n"
    with pytest.raises(OutputError, match="standard output is closed"):
        write_output("x", _Faulty(ValueError("closed"), "write"))
    err = io.StringIO()
    say("one\n  line", err)
    assert err.getvalue() == "one line\n"
    say("lost", _Faulty(OSError(errno.EPIPE, "Broken pipe"), "flush"))  # never raises


def test_write_output_escapes_what_the_encoding_cannot_hold():
    out = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    write_output("tanh′ = 1 − tanh²", out)
    out.seek(0)
    assert out.read() == "tanh\\u2032 = 1 \\u2212 tanh\\xb2\n"


def test_guard_std_fds_leaves_open_descriptors_alone():
    before = [os.fstat(fd).st_ino for fd in (0, 1, 2)]
    guard_std_fds()
    assert [os.fstat(fd).st_ino for fd in (0, 1, 2)] == before


# -- the wall-clock safety net ------------------------------------------------------------
def _limit(argv):
    from tanhproof.cli._main import _time_limit

    return _time_limit(build_parser().parse_args(argv))


@pytest.mark.parametrize(
    "argv, seconds",
    [
        ([], DEFAULT_TIME_LIMIT),
        (["prove", "x", "x"], DEFAULT_TIME_LIMIT),
        (["derive", "tanh"], DEFAULT_TIME_LIMIT),
        (["eval", "x", "--at", "x=1"], DEFAULT_TIME_LIMIT),
        (["audit", "numpy.tanh"], None),
        (["forms", "tanh"], None),
        (["--time-limit", "5", "prove", "x", "x"], 5.0),
        (["--time-limit", "5", "prove", "x", "x", "--time-limit", "7"], 7.0),  # the subcommand's own wins
        (["prove", "x", "x", "--time-limit", "none"], None),
        (["audit", "numpy.tanh", "--time-limit", "3600"], 3600.0),
        (["--time-limit", "NONE"], None),
    ],
)
def test_time_limit_defaults(argv, seconds):
    assert DEFAULT_TIME_LIMIT == 600
    assert _limit(argv) == seconds


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon", "1e9"])
def test_time_limit_bad_values_are_usage_errors(value, capsys):
    assert main(["prove", "x", "x", "--time-limit", value]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1
    assert "argument --time-limit: expected seconds" in captured.err


def _hang(*args, **kwargs):
    time.sleep(60)
    raise AssertionError("the safety net did not fire")


def test_time_limit_stops_the_command_and_names_itself(monkeypatch, capsys):
    monkeypatch.setitem(vars(tanhproof), "prove", _hang)
    assert main(["prove", "x", "x", "--time-limit", "0.2"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""  # no verdict at all
    assert captured.err == STOPPED.format("0.2")
    assert signal.getsignal(signal.SIGALRM) is not None and signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_time_limit_is_not_a_verdict_even_if_the_library_swallows_it(monkeypatch, capsys):
    def swallowing(lhs, rhs, **kwargs):
        try:
            time.sleep(60)
        except BaseException:  # noqa: BLE001 - a library that catches everything and answers anyway
            return Proof(sympy.Symbol("x"), sympy.Symbol("x"), Verdict.UNDECIDED, "gave up", seconds=0.0)
        raise AssertionError("the safety net did not fire")

    monkeypatch.setitem(vars(tanhproof), "prove", swallowing)
    monkeypatch.setitem(vars(tanhproof), "derive", _hang)
    assert main(["prove", "x", "x", "--time-limit", "0.2"]) == 2
    assert capsys.readouterr().err == STOPPED.format("0.2")


@POSIX
def test_time_limit_in_a_real_process():
    done = _tanhproof(
        "prove",
        "--time-limit",
        "0.5",
        "x",
        "x",
        code="import time, tanhproof\ntanhproof.prove = lambda *a, **k: time.sleep(60)",
    )
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode() == STOPPED.format("0.5")


@POSIX
def test_hard_stop_when_the_work_does_not_return_to_python():
    # SIGALRM blocked: like a long call into C, the signal cannot interrupt it; the
    # watchdog ends the process after the grace period.
    code = (
        "import signal, time, tanhproof.cli._main, tanhproof.cli._safetynet\n"
        "tanhproof.cli._safetynet.DEFAULT_GRACE = 0.5\n"
        "def stuck(*a, **k):\n"
        "    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGALRM})\n"
        "    time.sleep(60)\n"
        "tanhproof.cli._main.dispatch = stuck"
    )
    done = _tanhproof("prove", "--time-limit", "0.5", "x", "x", code=code)
    assert done.returncode == 2 and done.stdout == b""
    assert done.stderr.decode() == (
        STOPPED.format("0.5")[:-1] + " (the work did not stop; the process was ended)\n"
    )


def test_audit_stopped_by_the_net_writes_its_partial_report(capsys):
    # Every binary32 value in [1, 16] (33,554,433 inputs) through math.tanh (a Python loop)
    # takes minutes.
    argv = ["audit", "math.tanh", "--fmt", "binary32", "--range", "1", "16", "-j", "1", "--json"]
    code = main([*argv, "--time-limit", "3"])
    captured = capsys.readouterr()
    assert code == 2
    assert captured.err == STOPPED.format("3")[:-1] + "; the report below is partial\n"
    report = json.loads(captured.out)
    assert report["partial"] is True and report["shards_done"] < report["shards_total"]


class TestSafetyNet:
    def test_disarmed_and_restored_after_the_block(self):
        seen = []
        old = signal.signal(signal.SIGALRM, lambda *a: seen.append(1))
        try:
            signal.setitimer(signal.ITIMER_REAL, 1000)
            with safetynet.SafetyNet(500) as net:
                assert signal.getitimer(signal.ITIMER_REAL)[0] <= 500
            assert not net.fired
            assert signal.getitimer(signal.ITIMER_REAL)[0] > 500  # the outer timer is back
            assert signal.getsignal(signal.SIGALRM) is not net._on_alarm
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        assert seen == []

    def test_is_a_keyboard_interrupt_that_except_exception_cannot_catch(self):
        assert issubclass(safetynet.TimeLimitExceeded, KeyboardInterrupt)
        assert not issubclass(safetynet.TimeLimitExceeded, Exception)

    def test_outside_the_main_thread_only_the_watchdog_runs(self):
        import threading

        fired = threading.Event()
        result = []

        def work():
            with safetynet.SafetyNet(0.1, hard_stop=fired.set, grace=0.1) as net:
                fired.wait(30)
            result.append(net.fired)

        thread = threading.Thread(target=work)
        thread.start()
        thread.join(60)
        assert result == [True]
