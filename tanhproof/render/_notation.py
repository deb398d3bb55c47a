r"""One notation for caveats and numbers: what the claims use, in every format.

A caveat that carries its mathematics (a ``Caveat`` of :mod:`tanhproof.proof._caveats`:
``subject``, ``phrase``, ``relation``) is printed like the claims it qualifies: plain
one-line mathematics in text (:func:`tanhproof.render._plaintext.plain`), LaTeX in the
LaTeX and Markdown output. Consecutive caveats on one subject are said once
(``d/dx [atanh(x)] needs x ≠ 1, x ≠ −1, |x| < 1``). A caveat that is only text is
shown as it is (escaped in LaTeX, as code in Markdown).

Numbers of numeric evidence keep their magnitude: a value outside ``[1e-4, 1e6)`` is
written in scientific notation (``3.7217702199033247264…e47``, never a cut-off run of
digits), and agreement is stated relative to the value (``|lhs − rhs| ≤ 1.35e-53·|lhs|``)
whenever the check carries a rigorous relative bound.

Examples
========

>>> from types import SimpleNamespace as C
>>> import sympy
>>> x = sympy.Symbol("x")
>>> c1 = C(subject=sympy.atanh(x), phrase="needs", relation=sympy.Ne(x, 1))
>>> c2 = C(subject=sympy.atanh(x), phrase="needs", relation=sympy.Lt(sympy.Abs(x), 1))
>>> caveat_items([c1, c2, "f: needs y > 0"], "text", True)
['atanh(x) needs x ≠ 1, |x| < 1', 'f: needs y > 0']
>>> caveat_items([c1], "text", False), caveat_items([c1], "latex", True)
(['atanh(x) needs x != 1'], ['$\\operatorname{atanh}{\\left(x \\right)}$ needs $x \\neq 1$'])
>>> number_text("3721770219903324726360123456789012345678901234567.8"), number_text("0.25")
('3.7217702199033247263…e48', '0.25')
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from tanhproof.render._latexmath import latex
from tanhproof.render._plaintext import plain

__all__ = ["agreement_text", "caveat_items", "latex_number", "latex_text", "number_text"]

#: Significant digits shown of a numeric-evidence value (the JSON output has all).
SHOWN_DIGITS = 20


def latex_text(text: str) -> str:
    """Escape ``text`` for LaTeX's text mode."""
    special = {
        "\\": r"\textbackslash{}",
        "&": r"\&",
        "%": r"\%",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "{": r"\{",
        "}": r"\}",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
    return "".join(special.get(ch, ch) for ch in text)


def latex_number(text: str) -> str:
    """``1e-55`` as ``10^{-55}``, ``2.5e-60`` as ``2.5 \\cdot 10^{-60}``; others unchanged."""
    match = re.fullmatch(r"([-+]?[0-9.]+)[eE]([-+]?[0-9]+)", text.strip())
    if not match:
        return f"\\text{{{latex_text(text)}}}"
    mantissa, exponent = match.group(1), int(match.group(2))
    power = f"10^{{{exponent}}}"
    return power if mantissa in ("1", "1.0") else f"{mantissa} \\cdot {power}"


def _math(expr: Any, fmt: str, unicode: bool) -> str:
    if fmt == "text":
        return plain(expr, unicode=unicode)
    return f"${latex(expr)}$"


def caveat_items(caveats: Iterable[Any], fmt: str, unicode: bool) -> list[str]:
    """The caveats as items in ``fmt`` (``text``, ``latex``: text mode with ``$...$``
    math, ``markdown``), consecutive ones on one subject and phrase joined."""
    items: list[str] = []
    group: tuple[Any, str] | None = None
    relations: list[str] = []

    def flush() -> None:
        if group is not None:
            items.append(f"{_math(group[0], fmt, unicode)} {group[1]} {', '.join(relations)}")

    for c in caveats:
        subject = getattr(c, "subject", None)
        if subject is None:
            flush()
            group, relations = None, []
            text = str(c)
            items.append(text if fmt == "text" else latex_text(text) if fmt == "latex" else f"`{text}`")
            continue
        key = (subject, c.phrase)
        if key != group:
            flush()
            group, relations = key, []
        shown = _math(c.relation, fmt, unicode)
        if shown not in relations:
            relations.append(shown)
    flush()
    return items


def number_text(text: str, unicode: bool = True) -> str:
    """A decimal string of numeric evidence for reading: about :data:`SHOWN_DIGITS`
    significant digits, an ellipsis where nonzero digits were cut, scientific
    notation outside ``[1e-4, 1e6)``.

    >>> number_text("-1.8617295151285044214567e+54"), number_text("0.14914645207033285650912", False)
    ('-1.8617295151285044214…e54', '0.14914645207033285650...')
    """
    more = "…" if unicode else "..."
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    if not value.is_finite() or value == 0:
        return text
    exponent = value.adjusted()
    sign, digits, _ = value.as_tuple()
    if -4 <= exponent < 6:
        cut = SHOWN_DIGITS + 2 + (1 if sign else 0)  # sign, "0." or the point
        fixed = format(value, "f")
        shown, rest = fixed[:cut], fixed[cut:]
    else:
        digits_text = "".join(str(d) for d in digits)
        head, rest = digits_text[:SHOWN_DIGITS], digits_text[SHOWN_DIGITS:]
        head = head if rest else head.rstrip("0") or "0"
        mantissa = head[0] + ("." + head[1:] if len(head) > 1 else "")
        shown = f"{'-' if sign else ''}{mantissa}"
    ellipsis = more if rest.strip("0.") else ""
    return f"{shown}{ellipsis}" if -4 <= exponent < 6 else f"{shown}{ellipsis}e{exponent}"


def agreement_text(check: Any, fmt: str, unicode: bool) -> str:
    """``|lhs − rhs| ≤ 1.35e-53·|lhs|`` (relative, when the check has a rigorous
    relative bound), else ``|lhs − rhs| ≤ 3.05e-60``; LaTeX: ``|\\Delta| \\le ...``.

    >>> from types import SimpleNamespace as C
    >>> agreement_text(C(bound="2.51e1", relative="1.35e-53"), "text", True)
    '|lhs − rhs| ≤ 1.35e-53·|lhs|'
    >>> agreement_text(C(bound="2.51e1", relative="1.35e-53"), "latex", True)
    '|\\\\Delta| \\\\le 1.35 \\\\cdot 10^{-53}\\\\,|\\\\text{lhs}|'
    """
    relative = getattr(check, "relative", None)
    if fmt == "text":
        le, minus, times = ("≤", "−", "·") if unicode else ("<=", "-", "*")
        scale = f"{times}|lhs|" if relative else ""
        return f"|lhs {minus} rhs| {le} {relative or check.bound}{scale}"
    scale = r"\,|\text{lhs}|" if relative else ""
    return f"|\\Delta| \\le {latex_number(str(relative or check.bound))}{scale}"
