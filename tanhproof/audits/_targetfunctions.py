"""The numeric functions a target name may name, and the catalog function each one computes.

A target name (:mod:`tanhproof.audits._targetnames`) must name an elementwise numeric
function, never anything else a library exports (``numpy.info`` prints help text,
``numpy.save`` writes files, ``torch.hub.load`` downloads code). What is accepted:

- ``numpy.<f>`` and ``scipy.special.<f>``: a ufunc of one input and one output with a
  float loop (``numpy.tanh``, ``numpy.log1p``, ``scipy.special.expit``; not
  ``numpy.add``, not ``numpy.isnan``), and the listed ``numpy.emath`` functions;
- ``math.<f>``, ``torch.<f>`` (with ``torch.special`` and ``torch.nn.functional``) and
  ``jax.numpy.<f>``: the functions listed in :data:`FUNCTIONS`. These names are checked
  before the library is imported.

:func:`catalog_name` says which catalog function a name computes (``numpy.sinh`` ->
``sinh``, ``torch.sigmoid`` -> ``sigmoid``, ``scipy.special.expit`` -> ``sigmoid``;
``None`` for ``numpy.log1p``, which the catalog does not have), so an audit measures a
target against the function it computes unless told otherwise. :func:`callable_catalog_name`
does the same for a library function passed as a callable (``np.sinh``, ``torch.tanh``).

Examples
========

>>> catalog_name("numpy", "arcsinh"), catalog_name("torch", "nn.functional.softplus")
('asinh', 'softplus')
>>> catalog_name("numpy", "log1p") is None
True
>>> import numpy as np
>>> numeric_problem("numpy", "info", np.info)
'numpy.info is not a numpy ufunc (an elementwise function such as numpy.tanh)'
>>> numeric_problem("numpy", "isnan", np.isnan)
'numpy.isnan has no float loop (it computes isnan(x) -> bool)'
>>> numeric_problem("numpy", "tanh", np.tanh) is None
True
>>> callable_catalog_name(np.sinh)
'sinh'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = [
    "FUNCTIONS",
    "PARAMETERS",
    "Parameter",
    "call_options",
    "callable_catalog_name",
    "catalog_name",
    "listed_problem",
    "numeric_problem",
    "parse_options",
    "shown_name",
    "spellings",
]

# The catalog function each library function computes, where it is one of the catalog's.
_KNOWN: dict[str, str] = {
    **{n: n for n in ("tanh", "sinh", "cosh", "exp", "log", "sqrt", "erf", "sign", "sigmoid", "softplus")},
    **{"arcsinh": "asinh", "arccosh": "acosh", "arctanh": "atanh", "asinh": "asinh", "acosh": "acosh"},
    **{"atanh": "atanh", "abs": "abs", "absolute": "abs", "fabs": "abs", "expit": "sigmoid"},
    # activations (torch.nn.functional and jax.nn names); gelu's default depends on the library
    **{n: n for n in ("silu", "mish", "gelu", "elu", "celu", "selu", "logsigmoid", "softsign", "tanhshrink")},
    **{"swish": "silu", "log_sigmoid": "logsigmoid", "soft_sign": "softsign"},
}


def _table(names: str, prefix: str = "") -> dict[str, str | None]:
    return {prefix + n: _KNOWN.get(n) for n in names.split()}


_HYPERBOLIC = "tanh sinh cosh exp log sqrt arcsinh arccosh arctanh asinh acosh atanh"
_OTHERS = "expm1 log1p log2 log10 exp2 sin cos tan arcsin arccos arctan"

#: Per library, the accepted functions (their path below the module) and the catalog function
#: each computes (None: numeric, but not one of the catalog's). numpy and scipy.special accept
#: every unary float ufunc besides; their entries here name the ones the catalog has.
FUNCTIONS: dict[str, dict[str, str | None]] = {
    "numpy": _table(f"{_HYPERBOLIC} {_OTHERS} abs absolute fabs sign")
    | _table("sqrt log log2 log10 arcsin arccos arctanh", "emath."),
    "scipy": _table("expit erf erfc expm1 log1p exp2 log_expit ndtr"),
    "math": _table("tanh sinh cosh exp log sqrt asinh acosh atanh erf erfc fabs expm1 log1p log2 log10")
    | _table("exp2 sin cos tan asin acos atan cbrt gamma lgamma"),
    "torch": _table(f"{_HYPERBOLIC} {_OTHERS} asin acos atan erf erfc erfinv abs absolute sign sgn sigmoid")
    | _table("rsqrt reciprocal neg negative square sinc logit lgamma digamma i0")
    | _table(
        "expit erf erfc erfinv expm1 exp2 log1p logit ndtr ndtri log_ndtr i0 i0e i1 i1e sinc", "special."
    )
    | _table(
        "tanh sigmoid softplus gelu silu mish elu relu relu6 logsigmoid softsign tanhshrink hardtanh "
        "selu celu leaky_relu hardsigmoid hardswish",
        "nn.functional.",
    ),
    "jax": _table(f"{_HYPERBOLIC} {_OTHERS} asin acos atan abs absolute fabs sign cbrt reciprocal negative")
    | _table("square sinc")
    | _table(
        "sigmoid softplus silu swish gelu log_sigmoid soft_sign elu celu selu mish relu relu6 hard_tanh "
        "leaky_relu hard_sigmoid hard_silu hard_swish squareplus",
        "nn.",
    ),
}
# jax.nn's gelu is the tanh approximation unless told approximate=False.
FUNCTIONS["jax"]["nn.gelu"] = "gelu_tanh"
# numpy and scipy accept any unary float ufunc; the others only what FUNCTIONS lists.
_UFUNC_LIBRARIES = ("numpy", "scipy")


@dataclass(frozen=True)
class Parameter:
    """A keyword a target name may set in brackets, its accepted values as written (each
    with the value passed to the function and the catalog function it then computes), and
    the library's default."""

    name: str
    values: dict[str, tuple[Any, str]]
    default: str


#: The functions whose name may set a keyword in brackets, and what each value computes:
#: ``torch.nn.functional.gelu[approximate=tanh]`` is GELU's tanh approximation
#: (``gelu_tanh``), and ``jax.nn.gelu``, which is that approximation by default,
#: is the exact ``gelu`` as ``jax.nn.gelu[approximate=False]``.
PARAMETERS: dict[tuple[str, str], Parameter] = {
    ("torch", "nn.functional.gelu"): Parameter(
        "approximate", {"none": ("none", "gelu"), "tanh": ("tanh", "gelu_tanh")}, "none"
    ),
    ("jax", "nn.gelu"): Parameter(
        "approximate", {"True": (True, "gelu_tanh"), "False": (False, "gelu")}, "True"
    ),
}


def shown_name(library: str, path: str) -> str:
    """The name as a user writes it: ``("jax", "nn.gelu")`` is ``jax.nn.gelu``,
    ``("jax", "tanh")`` is ``jax.numpy.tanh``."""
    if library == "jax":
        return f"jax.{path}" if path.startswith("nn.") else f"jax.numpy.{path}"
    return f"{'scipy.special' if library == 'scipy' else library}.{path}"


def spellings() -> str:
    """Every accepted spelling of a name with a bracketed keyword, for error messages."""
    out = []
    for (library, path), p in PARAMETERS.items():
        out += [f"{shown_name(library, path)}[{p.name}={v}]" for v in p.values]
    return ", ".join(out)


def parse_options(library: str, path: str, text: str) -> tuple[dict[str, str], str | None]:
    """``({keyword: value as canonically written}, None)`` for the bracket text ``text`` of
    ``library``'s ``path`` (``"approximate=tanh"``), or ``({}, why not)``.

    >>> parse_options("jax", "nn.gelu", "approximate=false")
    ({'approximate': 'False'}, None)
    >>> parse_options("torch", "tanh", "approximate=tanh")[1]  # doctest: +ELLIPSIS
    'torch.tanh takes no keyword in brackets; the accepted ones are torch.nn.functional.gelu[approximate=none], ...'
    """
    p = PARAMETERS.get((library, path))
    where = shown_name(library, path)
    if p is None:
        return {}, f"{where} takes no keyword in brackets; the accepted ones are {spellings()}"
    key, eq, value = (part.strip() for part in text.partition("="))
    accepted = " or ".join(f"{where}[{p.name}={v}]" for v in p.values)
    if not eq or key != p.name:
        return {}, f"{where} accepts only the keyword {p.name!r} in brackets: {accepted}"
    canonical = next(
        (v for v in p.values if v == value or (v in ("True", "False") and v.lower() == value)), None
    )
    if canonical is None:
        return {}, f"{where} has no {p.name}={value!r}; use {accepted}"
    return {key: canonical}, None


def call_options(library: str, path: str, options: dict[str, str]) -> dict[str, Any]:
    """The keyword arguments to pass to the function for the canonical ``options``."""
    p = PARAMETERS.get((library, path))
    if p is None:
        return {}
    return {k: p.values[v][0] for k, v in options.items()}


def catalog_name(library: str, path: str, options: dict[str, str] | None = None) -> str | None:
    """The catalog function that ``library``'s function ``path`` computes (with the
    bracketed ``options``, canonical as :func:`parse_options` gives them), or None when
    it is not one of the catalog's (or not known)."""
    p = PARAMETERS.get((library, path))
    if p is not None:
        return p.values[(options or {}).get(p.name, p.default)][1]
    return FUNCTIONS.get(library, {}).get(path)


def listed_problem(library: str, path: str) -> str | None:
    """Why ``library.path`` is refused before importing the library (libraries whose
    functions are listed), or None. numpy and scipy are checked on the object itself."""
    if library in _UFUNC_LIBRARIES or path in FUNCTIONS.get(library, {}):
        return None
    if library == "math":
        import math

        if not hasattr(math, path):
            return None  # a typo: "math has no attribute ...", as for numpy
    nn = path.startswith("nn.")
    examples = [
        p for p in FUNCTIONS[library] if FUNCTIONS[library][p] is not None and p.startswith("nn.") == nn
    ]
    listed = ", ".join(shown_name(library, p) for p in examples[:4])
    return (
        f"{shown_name(library, path)} is not one of the numeric functions tanhproof audits (such as {listed})"
    )


def numeric_problem(library: str, path: str, obj: Any) -> str | None:
    """Why the resolved ``obj`` (``library``'s ``path``) is not an elementwise numeric function, or None."""
    if library not in _UFUNC_LIBRARIES or path in FUNCTIONS[library]:
        return None
    import numpy as np

    shown = "scipy.special" if library == "scipy" else library
    where = f"{shown}.{path}"
    if not isinstance(obj, np.ufunc):
        return (
            f"{where} is not a {library} ufunc (an elementwise function such as {shown}.{_EXAMPLE[library]})"
        )
    if obj.nin != 1 or obj.nout != 1:
        return f"{where} takes {obj.nin} inputs and gives {obj.nout} outputs; a target is a function of one input"
    loops = [t for t in obj.types if t.split("->")[0] in ("e", "f", "d") and t.split("->")[1] == t[0]]
    if not loops:
        result = {"?": "bool"}.get(obj.types[0].split("->")[1], "no float") if obj.types else "no float"
        return f"{where} has no float loop (it computes {obj.__name__}(x) -> {result})"
    return None


_EXAMPLE = {"numpy": "tanh", "scipy": "expit"}


def callable_catalog_name(fn: Any) -> str | None:
    """The catalog function a library function passed as a callable computes (a numpy or
    scipy ufunc, a torch, jax.numpy or math function), or None."""
    import numpy as np

    name = getattr(fn, "__name__", None)
    if not isinstance(name, str):
        return None
    if isinstance(fn, np.ufunc):
        return catalog_name("numpy", name) or catalog_name("scipy", name)
    module = getattr(fn, "__module__", None) or ""
    if module == "math":
        return catalog_name("math", name)
    if module.startswith("torch"):
        base = name.removeprefix("special_")
        return next(
            (
                catalog_name("torch", p)
                for p in (base, f"special.{base}", f"nn.functional.{base}")
                if catalog_name("torch", p) is not None
            ),
            None,
        )
    if module.startswith(("jax", "jaxlib")):
        if ".nn" in module:
            return catalog_name("jax", f"nn.{name}")
        return catalog_name("jax", name)
    return None
