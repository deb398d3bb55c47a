"""Equal forms of a derivative, proved equal, then ranked by their floating-point accuracy.

``1 - tanh(x)**2``, ``sech(x)**2`` and ``4/(exp(x) + exp(-x))**2`` are the same
function, but not the same program: computed in binary32, ``1 - y*y`` with ``y =
tanh(x)`` cancels catastrophically and is 0 for ``|x| > 9.0109`` where the true value
is about ``6e-8``. :func:`rank_forms` takes the known forms of the first derivative of
``tanh``, ``sigmoid`` or ``softplus`` (:data:`FORMS`), or of any other catalog function
(the forms its catalog entry lists: for the activations ``silu``, ``mish``, ``gelu``,
``gelu_tanh``, ``softsign``, ``logsigmoid``, ``tanhshrink``, ``elu``, ``celu`` and
``selu``, PyTorch's backward formulas and the usual closed forms; :func:`forms_for`),
**proves** each one equal to
``diff(f(x), x)`` with :func:`tanhproof.prove` (:func:`prove_form`), evaluates every
proved form operation by operation in the format (:func:`tanhproof.audits.compile_float`),
audits it against the correctly rounded derivative (:func:`tanhproof.audits._run.audit`)
and ranks the forms by maximum, then mean, ULP error. A form that is not proved is
not measured and never ranked: its row says why; so is a proved form that cannot be
evaluated operation by operation (a case split written ``Piecewise``, or a function
without a float evaluator).

Forms with ``abs(x)`` are proved by cases on the sign of ``x``, which the prover does
itself (:func:`tanhproof.prove`). Where it leaves such a form undecided, :func:`prove_form`
tries the two halves: the form with ``abs(x)`` replaced by ``x`` equals the form on
``x >= 0`` and the one with ``-x`` equals it on ``x <= 0`` (the substitution is exact on
each half line), and each of the two is proved equal to the derivative on the whole line.

Examples
========

>>> from tanhproof.audits._forms import FORMS, prove_form
>>> [form.label for form in FORMS["softplus"]][:3]
['sigmoid(x)', '1/(1 + e^-x)', 'e^x/(1 + e^x)']
>>> p = prove_form("tanh", FORMS["tanh"][4])
>>> FORMS["tanh"][4].text, str(p.verdict)
('4*exp(-2*abs(x))/(1 + exp(-2*abs(x)))**2', 'proved')
>>> p.method  # doctest: +ELLIPSIS
'by cases on the signs of x ...'
>>> str(prove_form("tanh", "1 + tanh(x)**2").verdict)
'refuted'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy

from tanhproof._notebook import RichDisplay, short_repr
from tanhproof.audits._formlist import FORMS, Form, check_function, form_functions, forms_for
from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._formats import get_format
from tanhproof.proof._records import Proof, Verdict

if TYPE_CHECKING:
    from tanhproof.audits._run import Progress

__all__ = [
    "FORMS",
    "Form",
    "FormProof",
    "FormRow",
    "FormsReport",
    "form_functions",
    "forms_for",
    "prove_form",
    "rank_forms",
]


@dataclass(frozen=True)
class FormProof:
    """Whether a form equals the derivative: the verdict, how it was reached, and the
    :class:`~tanhproof.proof._records.Proof` records behind it (the direct attempt, then the two
    cases ``x >= 0`` and ``x <= 0`` when a proof by cases was made)."""

    function: str
    form: Form
    verdict: Verdict
    method: str
    proofs: tuple[Proof, ...]
    reason: str = ""

    @property
    def proved(self) -> bool:
        return self.verdict is Verdict.PROVED

    def __bool__(self) -> bool:
        return self.proved

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": str(self.verdict),
            "method": self.method,
            "reason": self.reason,
            "proofs": [p.to_dict() for p in self.proofs],
        }


def _as_form(form: Form | str) -> Form:
    if isinstance(form, Form):
        return form
    if isinstance(form, str):
        return Form(form.strip(), form.strip())
    raise TanhproofError(f"expected a Form or the text of a formula, got {type(form).__name__}: {form!r}")


def prove_form(function: str, form: Form | str) -> FormProof:
    """Prove that ``form`` (a :class:`Form` or formula text in ``x``) equals the first
    derivative of the catalog function ``function``.

    ``tanhproof.prove(f"diff({function}(x), x)", form.text)`` first; if that is not
    decided and the form contains ``abs(x)``, a proof by cases (see the module
    docstring), reported as ``"proved by cases x >= 0 / x <= 0 (both proved by
    ...)"``. A refutation stands; a proof by cases that fails leaves the verdict
    ``undecided``.

    Examples
    ========

    >>> p = prove_form("sigmoid", "sigmoid(x)*sigmoid(-x)")
    >>> str(p.verdict), p.method
    ('proved', 'exp-rational decision procedure')
    """
    from tanhproof.expr._catalog import CATALOG
    from tanhproof.expr._parser import symbol
    from tanhproof.numeric._reading import parse
    from tanhproof.proof._prover import prove

    if not isinstance(function, str) or function not in CATALOG:
        raise TanhproofError(f"unknown function {function!r}; known functions: {', '.join(sorted(CATALOG))}")
    form = _as_form(form)
    lhs = f"diff({function}(x), x)"
    direct = prove(lhs, form.text)
    if direct.verdict is not Verdict.UNDECIDED:
        return FormProof(function, form, direct.verdict, direct.method, (direct,), direct.reason)
    x = symbol("x")
    expr = parse(form.text)
    if not expr.has(sympy.Abs(x)):
        return FormProof(function, form, direct.verdict, direct.method, (direct,), direct.reason)
    halves = (expr.xreplace({sympy.Abs(x): x}), expr.xreplace({sympy.Abs(x): -x}))
    if any(h.has(sympy.Abs) for h in halves):
        return FormProof(
            function,
            form,
            direct.verdict,
            direct.method,
            (direct,),
            f"{direct.reason}; a proof by cases needs abs(x) as the only absolute value".lstrip("; "),
        )
    cases = tuple(prove(lhs, h) for h in halves)
    if all(c.proved for c in cases):
        methods = [c.method for c in cases]
        how = (
            f"both proved by {methods[0]}"
            if methods[0] == methods[1]
            else f"proved by {methods[0]} / {methods[1]}"
        )
        return FormProof(
            function, form, Verdict.PROVED, f"proved by cases x >= 0 / x <= 0 ({how})", (direct, *cases), ""
        )
    failed = " and ".join(
        f"x {side} 0 {c.verdict}" for side, c in zip((">=", "<="), cases, strict=True) if not c.proved
    )
    return FormProof(
        function,
        form,
        Verdict.UNDECIDED,
        direct.method,
        (direct, *cases),
        f"{direct.reason}; proof by cases failed ({failed})".lstrip("; "),
    )


@dataclass(frozen=True)
class FormRow:
    """One form in a :class:`FormsReport`: its rank (1 = most accurate; ``None`` when not
    measured), its proof, and its :class:`~tanhproof.audits._accuracyreport.AccuracyReport` (``None``
    for a form that is not proved)."""

    form: Form
    proof: FormProof
    report: Any = None
    rank: int | None = None
    note: str = ""

    @property
    def measured(self) -> bool:
        return self.report is not None

    def to_dict(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "label": self.form.label,
            "text": self.form.text,
            "proof": {
                "verdict": str(self.proof.verdict),
                "method": self.proof.method,
                "reason": self.proof.reason,
            },
            "measured": self.measured,
            "not_measured_because": self.note,
            "report": None if self.report is None else self.report.to_dict(),
        }


@dataclass(frozen=True, repr=False)
class FormsReport(RichDisplay):
    """The forms of ``function``'s derivative ranked by accuracy in ``fmt``.

    ``rows`` are the measured forms from most to least accurate (by maximum, then mean
    ULP error), then the forms that were not proved and so not measured.
    ``recommended`` is the first measured form (``None`` if none was proved).
    """

    function: str
    fmt: str
    inputs: str
    rows: tuple[FormRow, ...]
    recommended: Form | None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary."""
        rec = (
            None
            if self.recommended is None
            else {"label": self.recommended.label, "text": self.recommended.text}
        )
        return {
            "function": self.function,
            "derivative": f"{self.function}'",
            "fmt": self.fmt,
            "inputs": self.inputs,
            "recommended": rec,
            "forms": [r.to_dict() for r in self.rows],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)

    def to_text(self) -> str:
        """A table of at most 100 columns (rank, form, max and mean ULP, misrounded,
        zeros, non-finite, proof), a legend explaining them, then the recommendation."""
        from tanhproof.audits._formstable import forms_text

        return forms_text(self)

    def __str__(self) -> str:
        return self.to_text()

    def __repr__(self) -> str:
        rec = "none" if self.recommended is None else self.recommended.label
        return short_repr(
            "FormsReport", f"{self.function}' in {self.fmt}: {len(self.rows)} forms, recommended {rec}"
        )

    def _blocks(self) -> list:
        from tanhproof.audits._formstable import forms_blocks

        return forms_blocks(self)


def _default_inputs(fmt: str) -> Any:
    return "exhaustive" if get_format(fmt).width <= 16 else 1_000_000


def rank_forms(
    function: str,
    fmt: str = "binary32",
    inputs: Any = None,
    *,
    processes: int | None = None,
    progress: Progress = None,
    forms: Iterable[Form | str] | None = None,
    seed: int = 0,
) -> FormsReport:
    """Prove each form of ``function``'s derivative (:data:`FORMS`), measure the proved
    ones in ``fmt`` and rank them.

    Each proved form is compiled with :func:`tanhproof.audits.compile_float` (its
    name in the audit report is its text) and audited against ``function'``. A form
    that gives 0 where the derivative is not, or NaN or an infinity where it is finite,
    ranks below every form that never does; within each group the forms are ranked by
    max ULP, then by how many results were NaN or infinite, then by mean ULP; ties keep
    the order of :data:`FORMS`. An interrupted audit (Ctrl-C)
    stops the ranking: KeyboardInterrupt is raised again, as a partial ranking would
    compare forms measured over different inputs.

    Parameters
    ==========

    function : str
        ``"tanh"``, ``"sigmoid"``, ``"softplus"`` or another catalog function
        (:func:`form_functions`).
    fmt : str
        ``"binary16"``, ``"bfloat16"``, ``"binary32"`` or ``"binary64"``.
    inputs
        As for :func:`tanhproof.audit`; by default every value for the 16-bit
        formats and 1,000,000 samples for binary32 and binary64.
    processes, progress, seed
        Passed to :func:`~tanhproof.audit` for each form (``seed`` draws the
        samples, the same for every form).
    forms : iterable of Form or str, optional
        Other forms to prove and rank instead of ``FORMS[function]``.

    Raises
    ======

    TanhproofError
        One line: an unknown function (the message lists the choices), an unknown
        format, bad inputs.

    Examples
    ========

    >>> import numpy as np
    >>> r = rank_forms("tanh", "binary16", np.array([0.5, 5.0, 10.0], dtype=np.float16))
    >>> r.recommended.label != "1 - y^2"
    True
    >>> rank_forms("relu")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    tanhproof.TanhproofError: no forms for function 'relu'; choose one of ...
    """
    from tanhproof.audits._floateval import compile_float
    from tanhproof.audits._run import audit

    check_function(function)
    fmt = get_format(fmt).name
    if inputs is None:
        inputs = _default_inputs(fmt)
    measured: list[tuple[int, FormRow]] = []
    unmeasured: list[FormRow] = []
    description = None
    chosen = forms_for(function) if forms is None else tuple(_as_form(f) for f in forms)
    for k, form in enumerate(chosen):
        try:
            proof = prove_form(function, form)
        except TanhproofError as exc:  # a form the parser or the prover does not take
            why = str(exc)
            if form.text.startswith("Piecewise("):
                why = "written by cases (Piecewise), which formulas in x cannot express"
            proof = FormProof(function, form, Verdict.UNDECIDED, "not attempted", (), why)
        if not proof.proved:
            unmeasured.append(FormRow(form, proof))
            continue
        try:
            program = compile_float(form.text, fmt)
        except TanhproofError as exc:
            why = f"cannot be evaluated operation by operation in {fmt}: {exc}"
            unmeasured.append(FormRow(form, proof, note=why))
            continue
        report = audit(
            program,
            reference=f"{function}'",
            fmt=fmt,
            inputs=inputs,
            processes=processes,
            progress=progress,
            seed=seed,
        )
        if report.partial:
            raise KeyboardInterrupt
        description = description or getattr(report, "inputs", None)
        measured.append((k, FormRow(form, proof, report)))
    # The reports' max_ulp and mean_ulp are never NaN (an invalid result counts as inf).
    measured.sort(key=lambda item: (*_rank_key(item[1].report), item[0]))
    rows = tuple(FormRow(r.form, r.proof, r.report, rank) for rank, (_, r) in enumerate(measured, start=1))
    rows += tuple(unmeasured)
    recommended = rows[0].form if measured else None
    if description is None:
        description = _describe(inputs)
    return FormsReport(function, fmt, str(description), rows, recommended)


def _rank_key(report: Any) -> tuple[bool, float, int, float]:
    """Sort key of a measured form: a form with zeros where the derivative is not 0 or
    non-finite results comes after every form without them; then max ULP, non-finite
    results, mean ULP."""
    from tanhproof.audits._formstable import nonfinite

    bad = report.zero_where_nonzero > 0 or nonfinite(report) > 0
    return (bad, report.max_ulp, nonfinite(report), report.mean_ulp)


def _describe(inputs: Any) -> str:
    """The inputs in words, when no audit ran to describe them."""
    if isinstance(inputs, str):
        return inputs
    if isinstance(inputs, int):
        return f"{inputs} samples"
    if isinstance(inputs, tuple) and len(inputs) == 2:
        return f"range [{inputs[0]}, {inputs[1]}]"
    size = getattr(inputs, "size", None)
    return f"{size} given values" if size is not None else repr(inputs)[:60]
