"""Floating-point evaluation of a formula, operation by operation, in an IEEE format.

:func:`compile_float` turns an expression in one variable into a
:class:`FloatProgram`: a numpy callable that computes the formula the way a program
written in that format would, every ``+``, ``-``, ``*``, ``/``, power and function
call rounded to the format as it happens. It is what :mod:`tanhproof.audits._forms` measures:
mathematically equal forms of a derivative give different floating-point results, and
the audit says how far each one is from the correctly rounded value.

Explanation
===========

The expression is read as SymPy holds it after parsing (see
:func:`tanhproof.parse`), with these rules:

* a sum is evaluated term by term from the left, in SymPy's order of the terms; a term
  with a minus sign is subtracted (``1 - tanh(x)**2`` is ``1 - t*t``);
* a product is split into a numerator and a denominator: factors with a negative
  exponent and the denominator of a rational coefficient go below the line, each side
  is multiplied from the left and the result is one division (``4/(e + f)**2`` is
  ``4 / (s*s)`` with ``s = e + f``, ``sech(x/2)**2/4`` is ``(c*c) / 4``); a negative
  coefficient is a negation (exact);
* a square is ``b*b`` (as frameworks write ``1 - y*y``); other integer powers are one
  ``numpy.power`` call with the integer exponent in the format's dtype; ``**(1/2)`` is
  ``numpy.sqrt``; a negative exponent alone is ``1 / b**n``;
* a function call goes through the catalog's numpy evaluator
  (``tanhproof.numeric._evaluators.EVALUATORS[name].numpy``) on an array of the format's dtype;
  functions without one (``erf``) cannot be compiled;
* a subexpression without the variable is a constant, rounded to the format once
  (correctly, from its exact value).

SymPy's automatic simplification can change the text's operations: it distributes a
numeric factor over a sum (``(1 + tanh(x/2))/2`` becomes ``tanh(x/2)/2 + 1/2``) and
collects like terms. For the forms of :mod:`tanhproof.audits._forms` this only moves an exact
power-of-two scaling, which changes no result outside the subnormal range.
:attr:`FloatProgram.steps` lists the operations as compiled.

binary16, binary32 and binary64 compute in ``float16``, ``float32`` and ``float64``
(numpy computes a ``float16`` operation in ``float32`` and rounds once to binary16,
which is correctly rounded for ``+ - * /`` and ``sqrt`` because 24 >= 2*11 + 2).
bfloat16, which numpy lacks, computes each operation in ``float32`` and rounds the
result to bfloat16 with :func:`tanhproof.numeric._arrayrounding.round_array` after every operation
(again innocuous double rounding for the basic operations: 24 >= 2*8 + 2). If an
evaluator returns a wider dtype than the format's (for example float64), its result
is cast back to the format's dtype at once, so every intermediate value is a value of
the format. Floating-point warnings (overflow, 0/0) are suppressed: they are part of
what is measured.

Examples
========

>>> import numpy as np
>>> from tanhproof.audits._floateval import compile_float
>>> f = compile_float("1 - tanh(x)**2", "binary32")
>>> f.steps
('t0 = 1', 't1 = x', 't2 = tanh(t1)', 't3 = t2 * t2', 't4 = t0 - t3')
>>> x = np.array([0.5, 10.0], dtype=np.float32)
>>> f(x).tolist()  # tanh(10) rounds to 1 in binary32: the gradient becomes 0
[0.7864477038383484, 0.0]
>>> compile_float("sech(x)**2", "binary32")(x)[1] > 0
np.True_
"""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np
import sympy

from tanhproof.expr._errors import TanhproofError
from tanhproof.numeric._arrayrounding import round_array
from tanhproof.numeric._evaluators import EVALUATORS
from tanhproof.numeric._formats import Format, get_format, round_exact

__all__ = ["FloatProgram", "compile_float"]

_BINARY = {"add": "+", "sub": "-", "mul": "*", "div": "/"}


class FloatProgram:
    """A compiled formula: call it with a numpy array of the format's input dtype.

    ``ops`` is the straight-line program: each entry computes one register from
    earlier ones (``("x",)``, ``("const", value)``, ``("neg", i)``, ``("add" | "sub" |
    "mul" | "div", i, j)``, ``("pow", i, j)``, ``("sqrt", i)``, ``("call", name, i)``);
    the last register is the result. The program holds no SymPy objects, so it pickles
    (worker processes can run it). ``__name__`` and ``__qualname__`` are the formula's
    text, the name an audit report shows.

    Examples
    ========

    >>> import pickle
    >>> p = compile_float("sech(x)**2", "binary16")
    >>> p.__qualname__, p.fmt
    ('sech(x)**2', 'binary16')
    >>> pickle.loads(pickle.dumps(p)).steps == p.steps
    True
    """

    def __init__(self, text: str, fmt: str, ops: tuple[tuple, ...]):
        self.text = text
        self.fmt = fmt
        self.ops = ops
        self.__name__ = text
        self.__qualname__ = text

    def __repr__(self) -> str:
        return f"FloatProgram({self.text!r}, fmt={self.fmt!r})"

    @property
    def steps(self) -> tuple[str, ...]:
        """The operations as text, one per register (``t2 = t1 * t1``)."""
        out = []
        for k, op in enumerate(self.ops):
            kind = op[0]
            if kind == "x":
                rhs = "x"
            elif kind == "const":
                rhs = repr(op[1]) if op[1] != int(op[1]) or abs(op[1]) > 2**53 else str(int(op[1]))
            elif kind == "neg":
                rhs = f"-t{op[1]}"
            elif kind in _BINARY:
                rhs = f"t{op[1]} {_BINARY[kind]} t{op[2]}"
            elif kind == "pow":
                rhs = f"power(t{op[1]}, t{op[2]})"
            elif kind == "sqrt":
                rhs = f"sqrt(t{op[1]})"
            else:
                rhs = f"{op[1]}(t{op[2]})"
            out.append(f"t{k} = {rhs}")
        return tuple(out)

    def __call__(self, x: np.ndarray) -> np.ndarray:
        f = get_format(self.fmt)
        dtype = f.dtype
        bf16 = f.name == "bfloat16"
        xs: np.ndarray = np.asarray(x, dtype=dtype)

        def fix(v: Any) -> np.ndarray:
            v = np.asarray(v)
            if v.dtype != dtype:
                v = v.astype(dtype)
            if bf16:
                v = round_array(v.astype(np.float64), f)
            return v

        regs: list[Any] = []
        with np.errstate(all="ignore"):
            for op in self.ops:
                kind = op[0]
                if kind == "x":
                    v = xs
                elif kind == "const":
                    v = dtype(op[1])
                elif kind == "neg":
                    v = -regs[op[1]]
                elif kind == "add":
                    v = fix(regs[op[1]] + regs[op[2]])
                elif kind == "sub":
                    v = fix(regs[op[1]] - regs[op[2]])
                elif kind == "mul":
                    v = fix(regs[op[1]] * regs[op[2]])
                elif kind == "div":
                    v = fix(regs[op[1]] / regs[op[2]])
                elif kind == "pow":
                    v = fix(np.power(regs[op[1]], regs[op[2]]))
                elif kind == "sqrt":
                    v = fix(np.sqrt(regs[op[1]]))
                else:
                    function = EVALUATORS[op[1]].numpy
                    if function is None:
                        raise TanhproofError(f"{op[1]} has no numpy evaluator")
                    v = fix(function(np.asarray(regs[op[2]], dtype=dtype)))
                regs.append(v)
        result: np.ndarray = np.broadcast_to(np.asarray(regs[-1], dtype=dtype), xs.shape)
        return np.array(result, dtype=dtype, copy=True)


class _Compiler:
    def __init__(self, text: str, f: Format, var: sympy.Symbol | None):
        self.text = text
        self.f = f
        self.var = var
        self.ops: list[tuple] = []
        self.memo: dict[Any, int] = {}

    def fail(self, problem: str) -> TanhproofError:
        return TanhproofError(f"cannot compile {self.text!r} to {self.f.name}: {problem}")

    def emit(self, op: tuple) -> int:
        if op in self.memo:
            return self.memo[op]
        self.ops.append(op)
        self.memo[op] = len(self.ops) - 1
        return len(self.ops) - 1

    def const(self, value: sympy.Expr) -> int:
        if value.is_Float:
            value = sympy.Rational(value)  # the binary value SymPy holds, exactly
        if value.is_Rational:
            rounded = round_exact(Fraction(int(value.p), int(value.q)), self.f)
        else:
            if value.is_real is False or value.has(sympy.zoo, sympy.nan, sympy.oo):
                raise self.fail(f"the constant {sympy.sstr(value)} is not a finite real number")
            from tanhproof.numeric._rounding import round_to
            from tanhproof.proof._exact import proved_equal

            try:
                rounded = float(round_to(value, self.f.name, exact=proved_equal))
            except TanhproofError as exc:
                raise self.fail(f"the constant {sympy.sstr(value)} cannot be rounded ({exc})") from None
        return self.emit(("const", float(rounded)))

    def build(self, e: sympy.Expr) -> int:
        if e == self.var:
            return self.emit(("x",))
        if not e.free_symbols:
            return self.const(e)
        if e.is_Add:
            return self.sum(e.args)
        if e.is_Mul:
            return self.product(e)
        if e.is_Pow:
            return self.power(e.base, e.exp)
        if isinstance(e, sympy.Derivative):
            raise self.fail("a derivative must be computed first (give its closed form)")
        from tanhproof.expr._catalog import entry_for

        entry = entry_for(e)
        if entry is None or len(e.args) != 1:
            raise self.fail(f"unsupported operation {type(e).__name__}")
        if EVALUATORS[entry.name].numpy is None:
            raise self.fail(f"{entry.name} has no numpy evaluator")
        return self.emit(("call", entry.name, self.build(e.args[0])))

    def sum(self, terms) -> int:
        # a - b, not -b + a: a positive term leads where there is one (the sign of a
        # NaN, and the rounding of -0, follow the operation an implementation writes).
        first, *rest = sorted(terms, key=lambda t: bool(t.could_extract_minus_sign()))
        negative = first.could_extract_minus_sign()
        r = self.build(-first if negative else first)
        acc = self.emit(("neg", r)) if negative else r
        for term in rest:
            negative = term.could_extract_minus_sign()
            r = self.build(-term if negative else term)
            acc = self.emit(("sub" if negative else "add", acc, r))
        return acc

    def product(self, e: sympy.Expr) -> int:
        coeff, factors = e.as_coeff_mul()
        negative = coeff < 0
        coeff = -coeff if negative else coeff
        num: list[int] = []
        den: list[int] = []
        if coeff.is_Rational:
            if coeff.p != 1:
                num.append(self.const(sympy.Integer(coeff.p)))
            if coeff.q != 1:
                den.append(self.const(sympy.Integer(coeff.q)))
        elif coeff != 1:
            num.append(self.const(coeff))
        for factor in factors:
            if factor.is_Pow and factor.exp.is_Number and factor.exp < 0:
                den.append(self.power(factor.base, -factor.exp))
            else:
                num.append(self.build(factor))
        top = self.chain(num) if num else self.const(sympy.Integer(1))
        if den:
            top = self.emit(("div", top, self.chain(den)))
        return self.emit(("neg", top)) if negative else top

    def chain(self, regs: list[int]) -> int:
        acc = regs[0]
        for r in regs[1:]:
            acc = self.emit(("mul", acc, r))
        return acc

    def power(self, base: sympy.Expr, exponent: sympy.Expr) -> int:
        if exponent.is_Number and exponent < 0:
            return self.emit(("div", self.const(sympy.Integer(1)), self.power(base, -exponent)))
        b = self.build(base)
        if exponent == 1:
            return b
        if exponent == 2:
            return self.emit(("mul", b, b))
        if exponent == sympy.S.Half:
            return self.emit(("sqrt", b))
        return self.emit(("pow", b, self.build(exponent)))


def compile_float(expr: str | sympy.Expr, fmt: str | Format = "binary32") -> FloatProgram:
    """Compile ``expr`` (text or a parsed expression in one variable) for ``fmt``.

    Parameters
    ==========

    expr : str or sympy.Expr
        The formula, e.g. ``"1 - tanh(x)**2"``; text goes through
        :func:`tanhproof.parse`. At most one variable.
    fmt : str
        ``"binary16"``, ``"bfloat16"``, ``"binary32"`` or ``"binary64"``.

    Returns
    =======

    FloatProgram
        A callable taking an array of the format's input dtype (``float16``,
        ``float32`` holding bfloat16 values, ``float32``, ``float64``) and returning a
        new array of that dtype: the formula computed operation by operation in the
        format (see the module docstring for the rules).

    Raises
    ======

    TanhproofError
        One line: an unknown format, a parse error, more than one variable, a
        derivative left unevaluated, or a function without a numpy evaluator.

    Examples
    ========

    >>> import numpy as np
    >>> x = np.array([1.0, 20.0], dtype=np.float16)
    >>> compile_float("4/(exp(x) + exp(-x))**2", "binary16")(x).tolist()  # exp(20) overflows
    [0.419921875, 0.0]
    >>> compile_float("erf(x)", "binary32")
    Traceback (most recent call last):
    ...
    tanhproof.TanhproofError: cannot compile 'erf(x)' to binary32: erf has no numpy evaluator
    """
    f = get_format(fmt)
    if isinstance(expr, str):
        from tanhproof.numeric._reading import parse

        text = expr.strip()
        e = parse(expr)
    elif isinstance(expr, sympy.Expr):
        e = expr
        text = sympy.sstr(expr)
    else:
        raise TanhproofError(f"cannot compile {expr!r}: expected an expression as text or a SymPy expression")
    symbols = sorted(e.free_symbols, key=lambda s: s.name)
    if len(symbols) > 1:
        names = ", ".join(s.name for s in symbols)
        raise TanhproofError(f"cannot compile {text!r} to {f.name}: one variable expected, got {names}")
    compiler = _Compiler(text, f, symbols[0] if symbols else None)
    compiler.build(e)  # a constant formula is broadcast to the shape of x
    return FloatProgram(text, f.name, tuple(compiler.ops))
