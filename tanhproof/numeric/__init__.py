"""Values: arb evaluation, rigorous enclosures, the Ziv loop, correct rounding to
decimal digits and IEEE formats, Taylor arithmetic, bulk references and sampling.

Every number comes from a rigorous enclosure (python-flint ``arb`` balls); a value
is rounded once, from the enclosure, after the working precision has been raised
until both ends round alike (one Ziv loop serves :func:`tanhproof.evaluate`,
:func:`tanhproof.round_to` and the bulk references). Imports only
:mod:`tanhproof.expr`.

Public names, beyond ``tanhproof.enclose``, ``evaluate`` and ``round_to``:

- the IEEE formats as data: :class:`Format`, :data:`FORMATS` (binary16, bfloat16,
  binary32, binary64), :data:`MODES` (the four rounding modes), :func:`get_format`
  and :class:`FormatError`;
- exact rounding and ULPs: :func:`round_exact` (a rational to a format),
  :func:`round_array` (a numpy array to a narrower format), :func:`next_up`,
  :func:`next_down`, :func:`ulp` and :func:`ulp_error` (in ULPs of the exact value's
  binade); :func:`rounding_of` and its :class:`Rounded` record (``round_to`` with
  the method and, for NaN, the reason);
- bit patterns: :func:`float_to_bits`, :func:`bits_to_float`, and every value of a
  format of 32 bits or fewer, :func:`all_values` and :func:`count_values`;
- bulk references: :func:`reference`, correctly rounded values of a catalog function
  or its derivative for a whole numpy array, and its :class:`BulkResult`;
- Taylor arithmetic: :func:`taylor_coefficients` (exact Maclaurin coefficients) and
  :func:`tangent_numbers`;
- :class:`Dyadic`, the exact rationals ``m * 2**e`` that bound enclosures and
  certified counterexamples (``tanhproof.Counterexample.lower`` and ``upper``).

The modules whose names start with ``_`` are internal. Names are imported lazily,
on first use, so importing this room does not import numpy or SymPy.

Examples
========

>>> import numpy as np
>>> from tanhproof.numeric import reference, ulp
>>> r = reference("tanh", np.array([0.5, 10.0], dtype=np.float32), "binary32")
>>> r.values.tolist(), r.fallback
([0.46211716532707214, 1.0], 0)
>>> ulp(1.0, "binary16")
Fraction(1, 1024)
"""

import typing as _typing

from tanhproof._lazy import lazy_names as _lazy_names

__all__ = [  # noqa: RUF022 - plain sorted(), as tests/test_public_api.py checks
    "BulkResult",
    "Dyadic",
    "FORMATS",
    "Format",
    "FormatError",
    "MODES",
    "Rounded",
    "all_values",
    "bits_to_float",
    "count_values",
    "float_to_bits",
    "get_format",
    "next_down",
    "next_up",
    "reference",
    "round_array",
    "round_exact",
    "rounding_of",
    "tangent_numbers",
    "taylor_coefficients",
    "ulp",
    "ulp_error",
]

_WHERE = {
    "BulkResult": "_bulk",
    "Dyadic": "_dyadic",
    "FORMATS": "_formats",
    "Format": "_formats",
    "FormatError": "_formats",
    "MODES": "_formats",
    "Rounded": "_rounding",
    "all_values": "_bitpatterns",
    "bits_to_float": "_bitpatterns",
    "count_values": "_bitpatterns",
    "float_to_bits": "_bitpatterns",
    "get_format": "_formats",
    "next_down": "_ulps",
    "next_up": "_ulps",
    "reference": "_bulk",
    "round_array": "_arrayrounding",
    "round_exact": "_formats",
    "rounding_of": "_rounding",
    "tangent_numbers": "_maclaurin",
    "taylor_coefficients": "_maclaurin",
    "ulp": "_ulps",
    "ulp_error": "_ulps",
}

if _typing.TYPE_CHECKING:  # pragma: no cover
    from tanhproof.numeric._arrayrounding import round_array
    from tanhproof.numeric._bitpatterns import all_values, bits_to_float, count_values, float_to_bits
    from tanhproof.numeric._bulk import BulkResult, reference
    from tanhproof.numeric._dyadic import Dyadic
    from tanhproof.numeric._formats import FORMATS, MODES, Format, FormatError, get_format, round_exact
    from tanhproof.numeric._maclaurin import tangent_numbers, taylor_coefficients
    from tanhproof.numeric._rounding import Rounded, rounding_of
    from tanhproof.numeric._ulps import next_down, next_up, ulp, ulp_error

__getattr__, __dir__ = _lazy_names(__name__, _WHERE, __all__)
