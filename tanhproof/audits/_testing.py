"""Assertions for test suites: is an implementation accurate to K ULPs of the correctly rounded value?

:func:`assert_accurate` runs :func:`tanhproof.audits._run.audit` over the inputs and
raises :class:`AssertionError` when the result is not within ``max_ulp``;
:func:`assert_gradient` does the same for a gradient against the reference's
derivative. The failure message reads like :func:`pytest.approx`'s: the worst input
in hex and decimal, what came back, the correctly rounded value, the error and how
many inputs failed. Both return the :class:`~tanhproof.audits._accuracyreport.AccuracyReport` when
they pass, so a test can assert more (``report.zero_where_nonzero == 0``).

They work in any test runner; under pytest the plugin (:mod:`tanhproof.pytest_plugin`)
adds a fixture, a marker for exhaustive audits and a summary of every audit of the
session.

Explanation
===========

**Targets.** ``fn`` is a target name (``"numpy.tanh"``, ``"torch.tanh"``,
``"torch.tanh:grad"``, ...) or a callable from a numpy array of the format's values
to an array of the same shape and dtype; see :mod:`tanhproof.audits._targets`.

**Gradients.** :func:`assert_gradient` measures against the derivative of
``reference`` (``"tanh"`` means sech^2(x), computed from ``x`` itself, never from a
rounded tanh). Its ``fn`` must compute gradient values: a ``":grad"`` name (the
autograd backward of torch or jax), or a callable that *returns the gradient*, such as
``tanhproof.audits.torch_grad(torch.tanh)`` (torch autograd, numpy in and out) or
your own ``lambda x: 1 - np.tanh(x) ** 2``. A name that computes values
(``"torch.tanh"``) is refused with a one-line
:class:`~tanhproof.audits.TargetError`.

**Passing.** A check passes when every normal and subnormal input is within
``max_ulp`` and every zero, infinite and NaN input gives the correctly rounded result
bit for bit (:meth:`~tanhproof.audits._accuracyreport.AccuracyReport.within`). A bad target, format
or reference is an error, not a failure: a one-line
:class:`~tanhproof.TanhproofError`. An audit interrupted with Ctrl-C raises
:class:`KeyboardInterrupt` again, so the test run stops.

Importing this module is cheap: the audit machinery is imported on the first call.

Examples
========

>>> import numpy as np
>>> report = assert_accurate(np.tanh, "tanh", "binary16", max_ulp=0.5, inputs="exhaustive")
>>> report.points, report.not_correctly_rounded
(63493, 0)
>>> assert_gradient(lambda x: 1 - np.tanh(x) ** 2, "tanh", "binary16", max_ulp=1, inputs=(4, 5))
Traceback (most recent call last):
...
AssertionError: <lambda> is not within 1 ULP of tanh' in binary16 (correctly rounded reference)
  worst input: x = 0x1.208p+2 (4.5078125)
  got:         0x0p+0 (0.0)
  expected:    0x1.fd8p-12 (0.0004858970642089844) correctly rounded
  error:       2.04e+03 ULP (limit 1)
  failed:      257 of 257 inputs; 127 zero where the true value is not; wrong sign: 0
  first zero:  x = 0x1.208p+2 (4.5078125) (smallest |x| where 0 came back)
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable
from typing import Any

__all__ = ["assert_accurate", "assert_gradient", "failure_message"]

# Listeners told about every check: the pytest plugin pushes one per pytest session
# (a stack, so that a pytest run inside a test -- pytester -- records its own audits).
# The AssertionError of a failed check carries its report as ``tanhproof_report``, so the
# plugin can tell a failure that failed its test from one the test expected and caught.
_LISTENERS: list[Callable[[Any, bool, str], None]] = []

# Special input categories whose result must match bit for bit, in the order the
# message names the first mismatch.
_EXACT_SPECIALS = ("zero", "infinity", "nan")


def _n(v: int) -> str:
    return f"{v:,}"


def _ulp(v: float) -> str:
    if math.isinf(v):
        return "inf"
    return f"{v:.3g}" if v < 1e5 else f"{v:.4g}"


def _limit(v: float) -> str:
    return f"{v:g}"


def _value(hex_text: str, value: Any) -> str:
    """``hex (decimal)``; ``value`` is a float or a JSON stand-in such as ``"nan"``."""
    return f"{hex_text} ({value!r})" if isinstance(value, float) else f"{hex_text} ({value})"


def failure_message(report: Any, max_ulp: float | None = None) -> str:
    """The failure message for an :class:`~tanhproof.audits._accuracyreport.AccuracyReport` that is
    not within ``max_ulp`` (default: the report's own ``max_ulp_limit``).

    Examples
    ========

    >>> from tanhproof.audits._accuracyreport import AccuracyReport, Point
    >>> r = AccuracyReport(target="my_tanh", reference="tanh", fmt="binary16", points=10, max_ulp=1.5,
    ...                    worst=Point(0.5, 0.4619140625, 0.46142578125, 1.5), failed=2, max_ulp_limit=1.0)
    >>> print(failure_message(r))
    my_tanh is not within 1 ULP of tanh in binary16 (correctly rounded reference)
      worst input: x = 0x1p-1 (0.5)
      got:         0x1.d9p-2 (0.4619140625)
      expected:    0x1.d88p-2 (0.46142578125) correctly rounded
      error:       1.5 ULP (limit 1)
      failed:      2 of 10 inputs; 0 zero where the true value is not; wrong sign: 0
    """
    r = report
    limit = r.max_ulp_limit if max_ulp is None else max_ulp
    limit_text = _limit(limit) if limit is not None else "?"
    lines = [
        f"{r.target} is not within {limit_text} ULP of {r.reference} in {r.fmt} (correctly rounded reference)"
    ]
    w = r.worst
    if w is not None:
        lines.append(f"  worst input: x = {_value(w.x_hex, w.x)}")
        lines.append(f"  got:         {_value(w.got_hex, w.got)}")
        lines.append(f"  expected:    {_value(w.expected_hex, w.expected)} correctly rounded")
        lines.append(f"  error:       {_ulp(r.max_ulp)} ULP (limit {limit_text})")
    else:
        lines.append("  worst input: none (no normal input was measured)")
    zero = f"{_n(r.zero_where_nonzero)} zero where the true value is not"
    failed = r.failed if r.failed is not None else r.not_correctly_rounded
    lines.append(
        f"  failed:      {_n(failed)} of {_n(r.points)} inputs; {zero}; wrong sign: {_n(r.wrong_sign)}"
    )
    if r.first_zero_where_nonzero is not None:
        from tanhproof.numeric._formats import to_hex

        x = r.first_zero_where_nonzero
        lines.append(
            f"  first zero:  x = {_value(to_hex(x, short=True), x)} (smallest |x| where 0 came back)"
        )
    if getattr(r, "shard_failures", ()):  # the target raised, died or hung on some inputs
        from tanhproof.audits._report import failure_lines

        lines += ["  " + line for line in failure_lines(r.shard_failures)]
    sub = r.specials.get("subnormal")
    if sub and limit is not None and sub.get("max_ulp", 0.0) > limit:
        lines.append(
            f"  subnormal:   max error {_ulp(sub['max_ulp'])} ULP (limit {limit_text}) over "
            f"{_n(sub['points'])} subnormal inputs"
        )
    for cat in _EXACT_SPECIALS:
        s = r.specials.get(cat)
        if s and s.get("mismatches") and s.get("examples"):
            ex = s["examples"][0]
            lines.append(
                f"  special:     x = {_value(ex['x_hex'], ex['x'])}: got {_value(ex['got_hex'], ex['got'])}, "
                f"expected {_value(ex['expected_hex'], ex['expected'])} "
                f"({_n(s['mismatches'])} of {_n(s['points'])} {cat} inputs mismatched)"
            )
            break
    return "\n".join(lines)


def _current_test() -> str:
    """The running pytest test's node id, or ``""`` outside pytest."""
    text = os.environ.get("PYTEST_CURRENT_TEST", "")
    return text.rsplit(" (", 1)[0] if text.endswith(")") else text


def _audit(
    fn: Any, reference: Any, fmt: str, max_ulp: float, inputs: Any, processes: int | None, gradient: bool
) -> Any:
    from tanhproof.audits._run import audit

    if gradient:
        from tanhproof.audits._targeterror import TargetError
        from tanhproof.audits._targets import resolve

        target = resolve(fn, fmt)
        if not target.gradient and target.spec is not None:
            library = target.spec.split(".")[0]
            hint = (
                f"'{target.spec}:grad'" if library in ("torch", "jax") else "a ':grad' name of torch or jax"
            )
            raise TargetError(
                f"target {target.name!r} computes values, not a gradient; use {hint} "
                "or a callable that returns gradient values"
            )
        fn = target
        if isinstance(reference, str) and not reference.strip().endswith("'"):
            reference = reference.strip() + "'"
    return audit(fn, reference, fmt, inputs, max_ulp=max_ulp, processes=processes)


def _check(
    fn: Any,
    reference: Any,
    fmt: str,
    max_ulp: float,
    inputs: Any,
    processes: int | None,
    gradient: bool,
    sink: list | None = None,
) -> Any:
    """Run the audit, tell the listeners, and raise AssertionError unless it passes."""
    __tracebackhide__ = True
    from tanhproof.expr._errors import TanhproofError

    try:
        report = _audit(fn, reference, fmt, max_ulp, inputs, processes, gradient)
    except TanhproofError as exc:  # its one line says it all: no traceback through the library
        raise exc.with_traceback(None) from None
    if report.partial:  # Ctrl-C: stop the test run, as without the audit
        raise KeyboardInterrupt
    passed = report.within(float(max_ulp))
    if sink is not None:
        sink.append(report)
    error = None
    if not passed:
        error = AssertionError(failure_message(report, float(max_ulp)))
        error.tanhproof_report = report  # type: ignore[attr-defined]  # which audit raised it
    if _LISTENERS:
        _LISTENERS[-1](report, passed, _current_test())
    if error is not None:
        raise error
    return report


def assert_accurate(
    fn: Any,
    reference: str = "tanh",
    fmt: str = "binary32",
    max_ulp: float = 1.0,
    inputs: Any = 100_000,
    *,
    processes: int | None = None,
) -> Any:
    """Assert that ``fn`` is within ``max_ulp`` ULPs of the correctly rounded ``reference`` in ``fmt``.

    ``fn`` is a target name or a callable (see :func:`tanhproof.audits.resolve`);
    ``reference`` a catalog function name (``"tanh"``, ``"sigmoid"``, ``"tanh'"``);
    ``fmt`` one of ``"binary16"``, ``"bfloat16"``, ``"binary32"``, ``"binary64"``;
    ``inputs`` is ``"exhaustive"``, a number of samples, ``(lo, hi)`` or a numpy
    array, as for :func:`tanhproof.audit`; ``processes`` the number of
    worker processes (default: every core for audits of a million inputs or more).
    A gradient name (``"torch.tanh:grad"``) is measured against the derivative.

    Returns the :class:`~tanhproof.AccuracyReport`; raises
    :class:`AssertionError` with a message naming the worst input when the target is
    not within ``max_ulp`` (or gives a wrong result at a zero, infinite or NaN input),
    and a one-line :class:`~tanhproof.TanhproofError` for a bad target, format,
    reference or inputs.

    Examples
    ========

    >>> import math
    >>> r = assert_accurate("math.tanh", "tanh", "binary16", max_ulp=0.5, inputs=(-1, 1))
    >>> r.points, r.max_ulp <= 0.5
    (30722, True)
    >>> assert_accurate("numpy.tanhh", "tanh", "binary16")
    Traceback (most recent call last):
    ...
    tanhproof.audits.TargetError: target 'numpy.tanhh' does not resolve: numpy has no attribute 'tanhh'
    """
    __tracebackhide__ = True
    return _check(fn, reference, fmt, max_ulp, inputs, processes, gradient=False)


def assert_gradient(
    fn: Any,
    reference: str = "tanh",
    fmt: str = "binary32",
    max_ulp: float = 1.0,
    inputs: Any = 100_000,
    *,
    processes: int | None = None,
) -> Any:
    """Assert that the gradient ``fn`` is within ``max_ulp`` ULPs of the correctly rounded
    derivative of ``reference`` (``reference + "'"``; sech^2 for ``"tanh"``) in ``fmt``.

    ``fn`` computes gradient values: a ``":grad"`` name (``"torch.tanh:grad"``,
    ``"jax.numpy.tanh:grad"``: what backpropagation computes), or a callable returning
    the gradient, numpy in and out -- ``tanhproof.audits.torch_grad(torch.tanh)`` or
    ``tanhproof.audits.jax_grad(jnp.tanh)`` build one from a torch or jax function.
    ``reference`` may already carry the ``'``. The other arguments, the return value
    and the errors are those of :func:`assert_accurate`.

    Examples
    ========

    >>> import numpy as np
    >>> def sech2(x):                      # the gradient computed from x, not from tanh(x)
    ...     return (1 / np.cosh(x.astype(np.float64)) ** 2).astype(x.dtype)
    >>> assert_gradient(sech2, "tanh", "binary16", max_ulp=1, inputs=(4, 5)).zero_where_nonzero
    0
    >>> assert_gradient("numpy.tanh", "tanh", "binary16")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tanhproof.audits.TargetError: target 'numpy.tanh' computes values, not a gradient; use a ':grad' name ...
    """
    __tracebackhide__ = True
    return _check(fn, reference, fmt, max_ulp, inputs, processes, gradient=True)
