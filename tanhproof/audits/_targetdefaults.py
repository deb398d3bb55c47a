"""What an audit takes when it is not told: the reference a target computes, and its inputs.

**Reference.** It follows the target: ``numpy.sinh`` is measured against ``sinh``,
``torch.sigmoid`` and ``scipy.special.expit`` against ``sigmoid``, ``torch.tanh:grad``
against ``tanh'``, ``torch.nn.functional.gelu`` against ``gelu`` and ``jax.nn.gelu``
(jax's default is the tanh approximation) against ``gelu_tanh``, a library function passed as a callable (``np.sinh``, or
``torch_grad(torch.tanh)``) likewise, and a recorded file against the function it names
(an ``.npz``'s ``reference`` string, or the ``<ufunc>`` of NumPy's
``umath-validation-set-<ufunc>.csv``). Where the target's function is not in the catalog
(``numpy.log1p``), or the target is an arbitrary callable, there is no default: the audit
stops with a one-line error asking for the reference. (The table is
:mod:`tanhproof.audits._targetfunctions`.)

**Inputs.** Every value of a 16-bit format (binary16 and bfloat16: at most 2^16 bit
patterns, seconds of work), one million samples otherwise
(:func:`tanhproof.audits._sweep.plan`: bit patterns, values, hard regions, specials).
The 2^32 sweep of binary32 is asked for by name (``inputs="exhaustive"``,
``--exhaustive``). A recorded target's inputs are the file's, and no others may be given.

Examples
========

>>> from tanhproof.audits._targets import resolve
>>> default_reference(resolve("numpy.sinh")), default_reference(resolve("torch.sigmoid"))
('sinh', 'sigmoid')
>>> audit_defaults(resolve("torch.tanh:grad", "binary16"), None, None)
('tanh', 'exhaustive')
>>> audit_defaults(resolve("numpy.tanh", "binary32"), None, None)
('tanh', 1000000)
>>> audit_defaults(resolve("numpy.log1p"), None, None)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
tanhproof.audits.TargetError: no reference for target 'numpy.log1p': the catalog has no function numpy.log1p computes; ...
"""

from __future__ import annotations

from typing import Any

from tanhproof.audits._recordedfiles import quiet_inputs, recorded_data
from tanhproof.audits._targeterror import TargetError
from tanhproof.audits._targetfunctions import callable_catalog_name
from tanhproof.audits._targetnames import parse_name
from tanhproof.numeric._formats import get_format

__all__ = ["DEFAULT_SAMPLES", "audit_defaults", "default_inputs", "default_reference"]

#: The samples an audit of a format wider than 16 bits takes by default.
DEFAULT_SAMPLES = 1_000_000


def default_reference(target: Any) -> str | None:
    """The catalog function a resolved target computes (without ``'``; an audit adds it
    for a gradient target), or None when it cannot be told."""
    data = recorded_data(target)
    if data is not None:
        return data.reference
    if target.spec is not None:
        return parse_name(target.spec).reference
    source = target._source
    hinted = getattr(source, "_tanhproof_reference", None)
    if isinstance(hinted, str):
        return hinted
    return callable_catalog_name(source)


def default_inputs(fmt: Any) -> Any:
    """``"exhaustive"`` for a format of 16 bits, :data:`DEFAULT_SAMPLES` samples otherwise.

    >>> default_inputs("bfloat16"), default_inputs("binary64")
    ('exhaustive', 1000000)
    """
    return "exhaustive" if get_format(fmt).width <= 16 else DEFAULT_SAMPLES


def _no_reference(target: Any) -> TargetError:
    from tanhproof.expr._catalog import CATALOG

    label = repr(target.name) if target.spec is not None or recorded_data(target) else target.name
    data = recorded_data(target)
    if data is not None:
        why = (
            f"the file names {data.names}, which is not a catalog function"
            if data.names
            else "the file names no function (an .npz may hold a 'reference' string)"
        )
    elif target.spec is not None:
        why = f"the catalog has no function {target.spec.partition(':')[0]} computes"
    else:
        why = "tanhproof cannot tell which function a callable computes"
    names = ", ".join(sorted(CATALOG))
    return TargetError(
        f"no reference for target {label}: {why}; name it with --reference R "
        f"(reference=R in Python), R one of {names}, with ' for a derivative"
    )


def audit_defaults(target: Any, reference: str | None, inputs: Any) -> tuple[str, Any]:
    """``(reference, inputs)`` for an audit of the resolved ``target``: the ones given, or
    the defaults (see the module docstring); a one-line TargetError where there is none."""
    data = recorded_data(target)
    if data is not None:
        if inputs is not None:
            raise TargetError(
                f"target {target.name!r} is recorded: its inputs are the file's "
                f"({data.x.size:,}); give no inputs (--exhaustive, --samples or --range)"
            )
        inputs = quiet_inputs(data)
    elif inputs is None:
        inputs = default_inputs(target.fmt)
    if reference is None:
        reference = default_reference(target)
        if reference is None:
            raise _no_reference(target)
    return reference, inputs
