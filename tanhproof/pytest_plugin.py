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
  run in the session (by the fixture or by the testing helpers directly): passed
  or failed, target, reference, format, points, maximum error and limit, test.

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
"""

from __future__ import annotations

import math
from typing import Any

import pytest

__all__ = [
    "EXHAUSTIVE_OPTION",
    "MARKER",
    "SAMPLES",
    "AuditFixture",
    "pytest_addoption",
    "pytest_collection_modifyitems",
    "pytest_configure",
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
_RECORDS = pytest.StashKey[list]()
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

    records: list[tuple] = []
    config.stash[_RECORDS] = records

    def listen(report: Any, passed: bool, test: str) -> None:
        records.append(
            (
                passed,
                report.target,
                report.reference,
                report.fmt,
                report.points,
                report.max_ulp,
                report.max_ulp_limit,
                report.failed,
                test,
            )
        )

    config.stash[_LISTENER] = listen
    testing._LISTENERS.append(listen)


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


def summary_line(
    passed: bool,
    target: str,
    reference: str,
    fmt: str,
    points: int,
    max_ulp: float,
    limit: float | None,
    failed: int | None,
    test: str,
) -> str:
    """One line of the ``tanhproof audits`` section."""
    line = f"{'PASSED' if passed else 'FAILED'} {target} against {reference} in {fmt}: {points:,} points, "
    line += f"max {_ulp(max_ulp)} ULP"
    if limit is not None:
        line += f" (limit {limit:g})"
    if not passed and failed:
        line += f", {failed:,} input{'' if failed == 1 else 's'} failed"
    return line + (f" - {test}" if test else "")


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    records = config.stash.get(_RECORDS, None)
    if not records:
        return
    terminalreporter.write_sep("=", "tanhproof audits")
    for record in records:
        passed = record[0]
        terminalreporter.write_line(summary_line(*record), green=passed, red=not passed)
