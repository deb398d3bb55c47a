"""The kernel's reader and the facts it trusts: claim text to a small tree, definitions, d/dx.

Standard library only. Text is read by Python's :mod:`ast` (which builds a syntax
tree and runs nothing) and every node is checked against a whitelist; the result
is a tree of tuples:

``("n", Fraction)`` a number, ``("v", name)`` a variable, ``("c", "E" | "pi")`` a
constant, ``("+", terms)``, ``("*", factors)``, ``("^", base, exponent)``,
``("f", name, argument)`` a function, ``("p", ((value, op, g), ...))`` SymPy's
``Piecewise((value, cond), ...)`` with each condition read as ``g op 0`` (``op`` one of
``> >= < <=``, or ``T`` for ``True``).

``a - b`` is ``a + (-1)*b`` and ``a/b`` is ``a * b**-1``; decimals are exact
(``0.1`` is 1/10); ``diff(f, x, n)`` (or SymPy's ``Derivative(f, (x, n))``) is read
as the tree of the derivative, taken by :func:`derivative`. The textbook facts the kernel trusts are two tables of claim
text in ``u``, read by this same reader: :data:`DEFINITIONS` (each catalog function
through ``exp``, ``log``, ``sqrt``, ``abs``, ``Piecewise``) and :data:`DERIVATIVES` (``f'(u)``).
:func:`derivative` applies them with the sum, product, power and chain rules, and
nothing else.

Examples
========

>>> read("tanh(x/2)")
('f', 'tanh', ('*', (('v', 'x'), ('^', ('n', Fraction(2, 1)), ('n', Fraction(-1, 1))))))
>>> read("diff(x**3, x, 2)") == read("Derivative(x**3, (x, 2))") == derivative(read("x**3"), "x", 2)
True
>>> derivative(read("x**3"), "x")
('*', (('n', Fraction(3, 1)), ('^', ('v', 'x'), ('n', Fraction(2, 1))), ('n', Fraction(1, 1))))
>>> define("sigmoid", read("2*x")) == read("1/(1 + exp(-(2*x)))")
True
"""

from __future__ import annotations

import ast
import math
from fractions import Fraction

__all__ = ["DEFINITIONS", "DERIVATIVES", "KernelError", "Undefined", "define", "derivative", "number", "read"]

_SCALE, _ALPHA = "1.0507009873554804934193349852946", "1.6732632423543772848170429916717"  # PyTorch's SELU
DEFINITIONS = {
    "sinh": "(exp(u) - exp(-u))/2",
    "cosh": "(exp(u) + exp(-u))/2",
    "tanh": "(exp(2*u) - 1)/(exp(2*u) + 1)",
    "coth": "(exp(2*u) + 1)/(exp(2*u) - 1)",
    "sech": "2/(exp(u) + exp(-u))",
    "csch": "2/(exp(u) - exp(-u))",
    "sigmoid": "1/(1 + exp(-u))",
    "softplus": "log(1 + exp(u))",
    "atanh": "log((1 + u)/(1 - u))/2",
    "asinh": "log(u + sqrt(u**2 + 1))",
    "acosh": "log(u + sqrt(u - 1)*sqrt(u + 1))",
    # activations (PyTorch's definitions; GELU through erf, softsign through abs)
    "silu": "u/(1 + exp(-u))",
    "mish": "u*((1 + exp(u))**2 - 1)/((1 + exp(u))**2 + 1)",
    "gelu": "u*(1 + erf(u/sqrt(2)))/2",
    "gelu_tanh": "u/(1 + exp(-2*sqrt(2)/sqrt(pi)*(u + 0.044715*u**3)))",
    "softsign": "u/(1 + abs(u))",
    "logsigmoid": "-log(1 + exp(-u))",
    "tanhshrink": "u - tanh(u)",
    "elu": "Piecewise((u, u > 0), (exp(u) - 1, True))",
    "celu": "Piecewise((u, u > 0), (exp(u) - 1, True))",
    "selu": f"{_SCALE}*Piecewise((u, u > 0), ({_ALPHA}*(exp(u) - 1), True))",
}
"""Each catalog function through exp, log, sqrt, abs and Piecewise; ``u`` is its argument."""

DERIVATIVES = {
    "exp": "exp(u)",
    "log": "1/u",
    "sqrt": "1/(2*sqrt(u))",
    "sinh": "cosh(u)",
    "cosh": "sinh(u)",
    "tanh": "1 - tanh(u)**2",
    "coth": "1 - coth(u)**2",
    "sech": "-sech(u)*tanh(u)",
    "csch": "-csch(u)*coth(u)",
    "sigmoid": "sigmoid(u)*(1 - sigmoid(u))",
    "softplus": "sigmoid(u)",
    "atanh": "1/(1 - u**2)",
    "asinh": "1/sqrt(u**2 + 1)",
    "acosh": "1/(sqrt(u - 1)*sqrt(u + 1))",
    "erf": "2*exp(-u**2)/sqrt(pi)",
    "abs": "sign(u)",
    "sign": "0",
    "silu": "sigmoid(u)*(1 + u*(1 - sigmoid(u)))",
    "mish": "tanh(softplus(u)) + u*sigmoid(u)*(1 - tanh(softplus(u))**2)",
    "gelu": "(1 + erf(u/sqrt(2)))/2 + u*exp(-u**2/2)/sqrt(2*pi)",
    "gelu_tanh": "(1 + tanh(sqrt(2)/sqrt(pi)*(u + 0.044715*u**3)))/2 + u*(1 - tanh(sqrt(2)/sqrt(pi)*(u + "
    "0.044715*u**3))**2)*sqrt(2)/sqrt(pi)*(1 + 3*0.044715*u**2)/2",
    "softsign": "1/(1 + abs(u))**2",
    "logsigmoid": "1 - sigmoid(u)",
    "tanhshrink": "tanh(u)**2",
    "elu": "Piecewise((1, u > 0), (exp(u), True))",
    "celu": "Piecewise((1, u > 0), (exp(u), True))",
    "selu": f"{_SCALE}*Piecewise((1, u > 0), ({_ALPHA}*exp(u), True))",
}
"""``f'(u)`` for each function ``f`` (the chain rule multiplies by ``u'``); those of ``abs`` and
the definitions by cases hold where the switch is not 0 (as the prover's)."""


class KernelError(Exception):
    """A certificate the kernel cannot accept; the message says why."""


class Undefined(KernelError):
    """A division by 0 or a ``log`` of 0: the expression is undefined (everywhere it is read)."""


def num(value) -> tuple:
    return ("n", Fraction(value))


ONE, ZERO, MINUS, U = num(1), num(0), num(-1), ("v", "u")

_BINARY = {
    ast.Add: lambda a, b: ("+", (a, b)),
    ast.Sub: lambda a, b: ("+", (a, ("*", (MINUS, b)))),
    ast.Mult: lambda a, b: ("*", (a, b)),
    ast.Div: lambda a, b: ("*", (a, ("^", b, MINUS))),
    ast.Pow: lambda a, b: ("^", a, b),
}


def read(text: str) -> tuple:
    """The tree of ``text``, or :class:`KernelError` for anything outside the grammar."""
    if not isinstance(text, str) or len(text) > 100_000:
        raise KernelError("an expression must be a string (at most 100000 characters)")
    try:
        body = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError) as exc:
        raise KernelError(f"cannot read {text!r}: {exc}") from None
    return _node(body, text.strip(), 0)


def _node(node: ast.AST, text: str, depth: int) -> tuple:
    if depth > 200:
        raise KernelError("expression nested too deeply")
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return num(Fraction((ast.get_source_segment(text, node) or repr(node.value)).replace("_", "")))
    if isinstance(node, ast.Name):
        if node.id in ("E", "pi"):
            return ("c", node.id)
        if node.id.startswith("_") or node.id in DERIVATIVES or node.id in ("Abs", "diff", "Derivative"):
            raise KernelError(f"{node.id!r} is not a variable")
        return ("v", node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _node(node.operand, text, depth + 1)
        return ("*", (MINUS, inner)) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        return _BINARY[type(node.op)](_node(node.left, text, depth + 1), _node(node.right, text, depth + 1))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name, args = node.func.id, node.args
        if (name in DERIVATIVES or name == "Abs") and len(args) == 1:
            return ("f", "abs" if name == "Abs" else name, _node(args[0], text, depth + 1))
        if name in ("diff", "Derivative") and len(args) >= 2:
            return _derivative_node(name, args, text, depth + 1)
        pieces = [a.elts for a in args if isinstance(a, ast.Tuple) and len(a.elts) == 2]
        if name == "Piecewise" and args and len(pieces) == len(args):
            return ("p", tuple(_piece(p, text, depth + 1) for p in pieces))
    raise KernelError(f"not allowed in a claim: {ast.dump(node)[:80]}")


_RELATIONS = {ast.Gt: ">", ast.GtE: ">=", ast.Lt: "<", ast.LtE: "<="}


def _piece(elts: list, text: str, depth: int) -> tuple:
    """``(value, op, g)`` for a piece ``(value, lhs op rhs)``, ``g = lhs - rhs`` (``True``: ``T``)."""
    value, cond = _node(elts[0], text, depth), elts[1]
    if isinstance(cond, ast.Constant) and cond.value is True:
        return (value, "T", ZERO)
    if isinstance(cond, ast.Compare) and len(cond.ops) == 1 and type(cond.ops[0]) in _RELATIONS:
        g = _BINARY[ast.Sub](_node(cond.left, text, depth), _node(cond.comparators[0], text, depth))
        return (value, _RELATIONS[type(cond.ops[0])], g)
    raise KernelError(f"a condition of Piecewise must be one comparison or True: {ast.dump(cond)[:80]}")


def _derivative_node(name: str, args: list, text: str, depth: int) -> tuple:
    """``diff(f, x[, n])`` and SymPy's printing ``Derivative(f, x, (y, n), ...)``."""
    tree = _node(args[0], text, depth)
    specs = [(args[1], args[2])] if name == "diff" and len(args) == 3 else [(a, None) for a in args[1:]]
    for spec, order in specs:
        if isinstance(spec, ast.Tuple) and len(spec.elts) == 2 and name == "Derivative":
            spec, order = spec.elts
        count = 1 if order is None else getattr(order, "value", None)
        if not isinstance(spec, ast.Name) or type(count) is not int or not 1 <= count <= 100:
            raise KernelError("a derivative needs a variable and an order 1..100")
        tree = derivative(tree, spec.id, count)
    return tree


def number(t: tuple) -> Fraction | None:
    """The value of a tree made of numbers only (``2**-3/5``), else None."""
    if t[0] == "n":
        return t[1]
    if t[0] in ("+", "*"):
        values = [v for v in map(number, t[1]) if v is not None]
        if len(values) < len(t[1]):
            return None
        return sum(values, Fraction(0)) if t[0] == "+" else math.prod(values, start=Fraction(1))
    if t[0] == "^":
        b, e = number(t[1]), number(t[2])
        if b is not None and e is not None and e.denominator == 1 and abs(e) <= 10_000 and (b or e >= 0):
            return b ** int(e)
    return None


_TABLES: dict[str, tuple] = {}


def define(name: str, u: tuple, table: dict[str, str] = DEFINITIONS) -> tuple:
    """The tree of ``table[name]`` with the tree ``u`` for the variable ``u``."""
    text = table[name]
    rule = _TABLES.get(text) or _TABLES.setdefault(text, read(text))
    return _put(rule, u)


def _put(t: tuple, u: tuple) -> tuple:
    return u if t == U else tuple(_put(a, u) if isinstance(a, tuple) else a for a in t)


def derivative(t: tuple, x: str, order: int = 1) -> tuple:
    """``d^order/dx^order`` of the tree ``t``, by the rules below (no simplification)."""
    for _ in range(order):
        t = _d(t, x)
    return t


def _d(t: tuple, x: str) -> tuple:
    kind = t[0]
    if kind in ("n", "c", "v"):
        return ONE if t == ("v", x) else ZERO
    if kind == "+":  # linearity
        return ("+", tuple(_d(a, x) for a in t[1]))
    if kind == "*":  # product rule
        fs = t[1]
        return ("+", tuple(("*", (*fs[:i], _d(f, x), *fs[i + 1 :])) for i, f in enumerate(fs)))
    if kind == "p":  # each case differentiated (where its condition holds on an open set)
        return ("p", tuple((_d(v, x), op, g) for v, op, g in t[1]))
    if kind == "f":  # chain rule
        return ("*", (define(t[1], t[2], DERIVATIVES), _d(t[2], x)))
    base, e = t[1], t[2]
    if not _mentions(e, x):  # power rule, b**e with e free of x
        k = number(e)
        return ("*", (e, ("^", base, ("+", (e, MINUS)) if k is None else num(k - 1)), _d(base, x)))
    return ("*", (t, _d(("*", (e, ("f", "log", base))), x)))  # b**e = exp(e*log(b)) for b > 0


def _mentions(t: tuple, x: str) -> bool:
    """Whether ``x`` occurs in ``t``."""
    kind = t[0]
    if kind == "v":
        return t[1] == x
    parts = t[1] if kind in ("+", "*") else t[1:] if kind == "^" else t[2:] if kind == "f" else ()
    parts = [a for v, _op, g in t[1] for a in (v, g)] if kind == "p" else parts
    return any(_mentions(a, x) for a in parts)
