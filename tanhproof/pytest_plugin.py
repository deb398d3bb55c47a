"""pytest plugin: ULP accuracy audits in test suites, with a fixture, a marker and a summary.

Installing tanhproof registers this module with pytest (entry point ``pytest11``, name
``tanhproof``; disable it with ``-p no:tanhproof``). It adds:

- the marker ``tanhproof_exhaustive`` for tests that run exhaustive audits (every value
  of a format, three NaNs standing for all of them: 63,493 inputs in binary16,
  4,278,190,085 in binary32); such tests are skipped unless pytest runs with
  ``--tanhproof-exhaustive`` (option group ``tanhproof``);
- the fixture ``tanhproof_audit``, an :class:`AuditFixture` whose
  ``assert_accurate`` and ``assert_gradient`` are those of :mod:`tanhproof.audits`
  with the default ``inputs`` set by the marker: ``"exhaustive"`` in a test marked
  ``tanhproof_exhaustive``, :data:`SAMPLES` samples otherwise;
- a ``tanhproof audits`` section at the end of the terminal report, one line per audit
  run in the session (by the fixture or by the testing helpers directly): its status,
  target, reference, format, points, maximum error and limit, test. The status is
  ``PASSED``, ``FAILED`` (the audit's AssertionError failed its test) or ``XFAIL`` (the
  test expected the failure: it caught the AssertionError, as ``pytest.raises`` or a
  doctest does), so a passing run prints no ``FAILED`` line.

The targets run in worker processes, so a target that crashes (``os._exit``, a segfault)
or hangs fails its test -- the audit's failed shards are not within any limit -- instead
of ending or stalling the pytest run; ``processes=0`` runs one in the test's own process.

pytest loads the plugin in every run of every project that has tanhproof installed,
so importing it imports only pytest and the standard library: no numpy, SymPy, torch,
jax or matplotlib, and not the audit machinery, until a test calls an assertion.

Examples
========

>>> MARKER, EXHAUSTIVE_OPTION, SAMPLES
('tanhproof_exhaustive', '--tanhproof-exhaustive', 100000)
>>> summary_line(True, "numpy.tanh", "tanh", "binary16", 63493, 0.4999, 2.0, None, "test_a.py::test_tanh")
'PASSED numpy.tanh against tanh in binary16: 63,493 points, max 0.5 ULP (limit 2) - test_a.py::test_tanh'
>>> summary_line("XFAIL", "g", "tanh'", "binary16", 257, 2038.0, 1.0, 257, "test_b.py::test_g")
"XFAIL g against tanh' in binary16: 257 points, max 2.04e+03 ULP (limit 1), 257 inputs failed, failure expected by the test - test_b.py::test_g"
"""

from __future__ import annotations

import math
from typing import Any

import pytest

__all__ = [
    "EXHAUSTIVE_OPTION",
    "MARKER",
    "SAMPLES",
    "STATUSES",
    "AuditFixture",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
    "pytest_runtest_makereport",
    "pytest_terminal_summary",
    "pytest_unconfigure",
    "summary_line",
    "tanhproof_audit",
]

#: The marker of tests that run exhaustive audits.
MARKER = "tanhproof_exhaustive"
#: The command-line option that runs them.
EXHAUSTIVE_OPTION = "--tanhproof-exhaustive"
#: The fixture's default number of sampled inputs outside exhaustive tests.
SAMPLES = 100_000

_SKIP_REASON = f"exhaustive tanhproof audit: run pytest with {EXHAUSTIVE_OPTION}"
_RECORDS = pytest.StashKey[list["_Audit"]]()
_LISTENER = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("tanhproof", "tanhproof accuracy audits")
    group.addoption(
        EXHAUSTIVE_OPTION,
        action="store_true",
        default=False,
        help=f"run the tests marked {MARKER} (exhaustive ULP audits); they are skipped otherwise",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}: the test runs an exhaustive accuracy audit (every value of a format); "
        f"skipped unless pytest runs with {EXHAUSTIVE_OPTION}. The tanhproof_audit fixture "
        "audits every input by default in such a test.",
    )
    from tanhproof.audits import _testing as testing  # light: the standard library only

    records: list[_Audit] = []
    config.stash[_RECORDS] = records

    def listen(report: Any, passed: bool, test: str) -> None:
        records.append(_Audit(report, passed, test))

    config.stash[_LISTENER] = listen
    testing._LISTENERS.append(listen)


class _Audit:
    """One audit of the session: its summary fields and its status, ``PASSED``,
    ``FAILED`` (its AssertionError failed the test) or ``XFAIL`` (the test caught the
    AssertionError: an expected failure). A failed audit's status is settled when its test's
    phase ends (the report is kept until then to recognise its error, then dropped)."""

    __slots__ = ("fields", "report", "status")

    def __init__(self, report: Any, passed: bool, test: str) -> None:
        self.fields = (
            report.target,
            report.reference,
            report.fmt,
            report.points,
            report.max_ulp,
            report.max_ulp_limit,
            report.failed,
            test,
        )
        self.status = "PASSED" if passed else ""
        self.report = None if passed else report

    def line(self) -> str:
        return summary_line(self.status or "FAILED", *self.fields)


def _raised_reports(error: BaseException | None) -> list[Any]:
    """The audit reports carried by ``error`` and the exceptions it was raised from."""
    out: list[Any] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        report = getattr(error, "tanhproof_report", None)
        if report is not None:
            out.append(report)
        error = error.__cause__ or error.__context__
    return out


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Any:
    """Settle the failed audits of this test phase: ``FAILED`` when their AssertionError
    is what the phase raised, ``XFAIL`` when the test caught it (``pytest.raises``, a
    doctest expecting the traceback) or is marked ``xfail``."""
    outcome = yield
    records = item.config.stash.get(_RECORDS, None)
    pending = [a for a in records or () if a.report is not None]
    if not pending:
        return
    raised = _raised_reports(call.excinfo.value if call.excinfo is not None else None)
    expected = hasattr(outcome.get_result(), "wasxfail")  # a test marked xfail failed, as expected
    for audit in pending:
        if any(r is audit.report for r in raised):
            audit.status = "XFAIL" if expected else "FAILED"
        elif call.when == "call" or call.when == "teardown":
            audit.status = "XFAIL"
        else:
            continue  # set up, not yet run: an audit of a fixture, settled by the test's phases
        audit.report = None


def pytest_unconfigure(config: pytest.Config) -> None:
    listen = config.stash.get(_LISTENER, None)
    if listen is None:
        return
    from tanhproof.audits import _testing as testing

    if listen in testing._LISTENERS:
        testing._LISTENERS.remove(listen)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption(EXHAUSTIVE_OPTION):
        return
    skip = pytest.mark.skip(reason=_SKIP_REASON)
    for item in items:
        if item.get_closest_marker(MARKER) is not None:
            item.add_marker(skip)


class AuditFixture:
    """What the ``tanhproof_audit`` fixture returns: the assertions of
    :func:`tanhproof.audits.assert_accurate` and :func:`tanhproof.audits.assert_gradient`
    with this test's default ``inputs``, and the reports of
    the audits it ran (``reports``, in order, failed ones included)."""

    def __init__(self, inputs: Any = SAMPLES) -> None:
        self.inputs = inputs
        self.reports: list[Any] = []

    def __repr__(self) -> str:
        return f"<tanhproof_audit inputs={self.inputs!r}, {len(self.reports)} reports>"

    def assert_accurate(
        self,
        fn: Any,
        reference: str = "tanh",
        fmt: str = "binary32",
        max_ulp: float = 1.0,
        inputs: Any = None,
        *,
        processes: int | None = None,
    ) -> Any:
        """:func:`tanhproof.audits.assert_accurate`; ``inputs`` defaults to the fixture's."""
        __tracebackhide__ = True
        from tanhproof.audits._testing import _check

        inputs = self.inputs if inputs is None else inputs
        return _check(fn, reference, fmt, max_ulp, inputs, processes, gradient=False, sink=self.reports)

    def assert_gradient(
        self,
        fn: Any,
        reference: str = "tanh",
        fmt: str = "binary32",
        max_ulp: float = 1.0,
        inputs: Any = None,
        *,
        processes: int | None = None,
    ) -> Any:
        """:func:`tanhproof.audits.assert_gradient`; ``inputs`` defaults to the fixture's."""
        __tracebackhide__ = True
        from tanhproof.audits._testing import _check

        inputs = self.inputs if inputs is None else inputs
        return _check(fn, reference, fmt, max_ulp, inputs, processes, gradient=True, sink=self.reports)


@pytest.fixture
def tanhproof_audit(request: pytest.FixtureRequest) -> AuditFixture:
    """ULP accuracy assertions (``assert_accurate``, ``assert_gradient``) that audit
    every input of the format in a test marked ``tanhproof_exhaustive`` and
    :data:`SAMPLES` samples otherwise."""
    exhaustive = request.node.get_closest_marker(MARKER) is not None
    return AuditFixture("exhaustive" if exhaustive else SAMPLES)


def _ulp(v: float) -> str:
    if math.isinf(v):
        return "inf"
    return f"{v:.3g}" if v < 1e5 else f"{v:.4g}"


#: The status words of the summary's lines.
STATUSES = ("PASSED", "FAILED", "XFAIL")


def summary_line(
    status: bool | str,
    target: str,
    reference: str,
    fmt: str,
    points: int,
    max_ulp: float,
    limit: float | None,
    failed: int | None,
    test: str,
) -> str:
    """One line of the ``tanhproof audits`` section. ``status`` is one of :data:`STATUSES`
    (``True``/``False`` stand for ``PASSED``/``FAILED``): ``XFAIL`` is a failed audit whose
    test expected the failure (it caught the AssertionError) and passed."""
    word = status if isinstance(status, str) else ("PASSED" if status else "FAILED")
    if word not in STATUSES:
        raise ValueError(f"unknown status {status!r}; one of {', '.join(STATUSES)}")
    line = f"{word} {target} against {reference} in {fmt}: {points:,} points, "
    line += f"max {_ulp(max_ulp)} ULP"
    if limit is not None:
        line += f" (limit {limit:g})"
    if word != "PASSED" and failed:
        line += f", {failed:,} input{'' if failed == 1 else 's'} failed"
    if word == "XFAIL":
        line += ", failure expected by the test"
    return line + (f" - {test}" if test else "")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    """The ``tanhproof audits`` section: every audit the session ran, those that failed
    their test first (``FAILED``), then ``PASSED`` and ``XFAIL`` in the order they ran."""
    records = config.stash.get(_RECORDS, None)
    if not records:
        return
    terminalreporter.write_sep("=", "tanhproof audits")
    for audit in sorted(records, key=lambda a: (a.status or "FAILED") != "FAILED"):
        word = audit.status or "FAILED"
        terminalreporter.write_line(
            audit.line(), green=word == "PASSED", red=word == "FAILED", yellow=word == "XFAIL"
        )
