"""The kernel's reader and differentiator: claim text to a small tree, and d/dx of a tree.

Standard library only. Text is read by Python's :mod:`ast` (which builds a syntax
tree and runs nothing) and every node is checked against a whitelist; the result
is a tree of tuples:

``("n", Fraction)`` a number, ``("v", name)`` a variable, ``("c", "E" | "pi")`` a
constant, ``("+", terms)``, ``("*", factors)``, ``("^", base, exponent)``,
``("f", name, argument)`` a function, ``("d", expr, variable, order)`` a derivative.

``a - b`` is ``a + (-1)*b`` and ``a/b`` is ``a * b**-1``; decimals are exact
(``0.1`` is 1/10). :func:`derivative` applies the textbook rules, one per
construct, and nothing else.

Examples
========

>>> read("tanh(x/2)")
('f', 'tanh', ('*', (('v', 'x'), ('^', ('n', Fraction(2, 1)), ('n', Fraction(-1, 1))))))
>>> read("diff(x**3, x, 2)")[0], read("Derivative(x, (x, 2))")[3]
('d', 2)
>>> derivative(read("x**3"), "x")
('*', (('n', Fraction(3, 1)), ('^', ('v', 'x'), ('n', Fraction(2, 1))), ('n', Fraction(1, 1))))
"""

from __future__ import annotations

import ast
from fractions import Fraction

__all__ = ["FUNCTIONS", "KernelError", "derivative", "number", "read"]

FUNCTIONS = frozenset(
    "exp log sinh cosh tanh sech csch coth sigmoid softplus sqrt abs Abs sign atanh asinh acosh erf".split()
)


class KernelError(Exception):
    """A certificate the kernel cannot accept; the message says why."""


def num(value) -> tuple:
    return ("n", Fraction(value))


ONE, ZERO, MINUS = num(1), num(0), num(-1)


def read(text: str) -> tuple:
    """The tree of ``text``, or :class:`KernelError` for anything outside the grammar."""
    if not isinstance(text, str) or len(text) > 100_000:
        raise KernelError("an expression must be a string (at most 100000 characters)")
    try:
        body = ast.parse(text.strip(), mode="eval").body
    except (SyntaxError, ValueError) as exc:
        raise KernelError(f"cannot read {text!r}: {exc}") from None
    return _node(body, text, 0)


def _node(node: ast.AST, text: str, depth: int) -> tuple:
    if depth > 200:
        raise KernelError("expression nested too deeply")
    deeper = depth + 1
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        source = ast.get_source_segment(text.strip(), node) or repr(node.value)
        return num(Fraction(source.replace("_", "")))
    if isinstance(node, ast.Name):
        if node.id in ("E", "pi"):
            return ("c", node.id)
        if node.id.startswith("_") or node.id in FUNCTIONS or node.id in ("diff", "Derivative"):
            raise KernelError(f"{node.id!r} is not a variable")
        return ("v", node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        inner = _node(node.operand, text, deeper)
        return ("*", (MINUS, inner)) if isinstance(node.op, ast.USub) else inner
    if isinstance(node, ast.BinOp):
        a, b = _node(node.left, text, deeper), _node(node.right, text, deeper)
        op = type(node.op)
        if op is ast.Add:
            return ("+", (a, b))
        if op is ast.Sub:
            return ("+", (a, ("*", (MINUS, b))))
        if op is ast.Mult:
            return ("*", (a, b))
        if op is ast.Div:
            return ("*", (a, ("^", b, MINUS)))
        if op is ast.Pow:
            return ("^", a, b)
        raise KernelError(f"operator {op.__name__} is not allowed")
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        name, args = node.func.id, node.args
        if name in FUNCTIONS and len(args) == 1:
            return ("f", "abs" if name == "Abs" else name, _node(args[0], text, deeper))
        if name in ("diff", "Derivative") and len(args) >= 2:
            return _derivative_node(name, args, text, deeper)
    raise KernelError(f"not allowed in a claim: {ast.dump(node)[:80]}")


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
        tree = ("d", tree, spec.id, count)
    return tree


def number(t: tuple) -> Fraction | None:
    """The value of a tree made of numbers only (``2**-3/5``), else None."""
    kind = t[0]
    if kind == "n":
        return t[1]
    if kind in ("+", "*"):
        values = [number(a) for a in t[1]]
        if None in values:
            return None
        total = Fraction(0 if kind == "+" else 1)
        for v in values:
            total = total + v if kind == "+" else total * v  # type: ignore[operator]
        return total
    if kind == "^":
        b, e = number(t[1]), number(t[2])
        if b is None or e is None or e.denominator != 1 or abs(e) > 10_000 or (b == 0 and e < 0):
            return None
        return b ** int(e)
    return None


def _sum(*terms) -> tuple:
    return ("+", terms)


def _prod(*factors) -> tuple:
    return ("*", factors)


def _pow(base: tuple, k) -> tuple:
    return ("^", base, num(k))


def _f(name: str, arg: tuple) -> tuple:
    return ("f", name, arg)


def derivative(t: tuple, x: str, order: int = 1) -> tuple:
    """``d^order/dx^order`` of the tree ``t``, by the rules below (no simplification)."""
    for _ in range(order):
        t = _d(t, x)
    return t


def _d(t: tuple, x: str) -> tuple:
    kind = t[0]
    if kind in ("n", "c"):
        return ZERO
    if kind == "v":
        return ONE if t[1] == x else ZERO
    if kind == "d":  # the inner derivative first
        return _d(derivative(t[1], t[2], t[3]), x)
    if kind == "+":  # linearity
        return _sum(*(_d(a, x) for a in t[1]))
    if kind == "*":  # product rule
        fs = t[1]
        return _sum(*(_prod(*fs[:i], _d(fs[i], x), *fs[i + 1 :]) for i in range(len(fs))))
    if kind == "^":
        base, e = t[1], t[2]
        if not _mentions(e, x):  # power rule, b**e with e free of x
            k = number(e)
            return _prod(e, ("^", base, _sum(e, MINUS) if k is None else num(k - 1)), _d(base, x))
        # b**e = exp(e*log(b)) for b > 0
        return _prod(t, _sum(_prod(_d(e, x), _f("log", base)), _prod(e, _d(base, x), _pow(base, -1))))
    name, u = t[1], t[2]
    du = _d(u, x)
    return _prod(_OUTER[name](u), du)  # chain rule


def _mentions(t: tuple, x: str) -> bool:
    """Whether ``x`` occurs in ``t`` (a derivative counts as mentioning every variable)."""
    kind = t[0]
    if kind in ("n", "c"):
        return False
    if kind in ("v", "d"):
        return kind == "d" or t[1] == x
    if kind in ("+", "*"):
        return any(_mentions(a, x) for a in t[1])
    return _mentions(t[2], x) or (kind == "^" and _mentions(t[1], x))


def _sqrt_both(u: tuple) -> tuple:
    """sqrt(u - 1)*sqrt(u + 1), as the catalog writes acosh."""
    return _prod(_f("sqrt", _sum(u, MINUS)), _f("sqrt", _sum(u, ONE)))


#: f'(u) for each function f (the chain rule multiplies by u').
_OUTER = {
    "exp": lambda u: _f("exp", u),
    "log": lambda u: _pow(u, -1),
    "sinh": lambda u: _f("cosh", u),
    "cosh": lambda u: _f("sinh", u),
    "tanh": lambda u: _sum(ONE, _prod(MINUS, _pow(_f("tanh", u), 2))),
    "coth": lambda u: _sum(ONE, _prod(MINUS, _pow(_f("coth", u), 2))),
    "sech": lambda u: _prod(MINUS, _f("sech", u), _f("tanh", u)),
    "csch": lambda u: _prod(MINUS, _f("csch", u), _f("coth", u)),
    "sigmoid": lambda u: _prod(_f("sigmoid", u), _sum(ONE, _prod(MINUS, _f("sigmoid", u)))),
    "softplus": lambda u: _f("sigmoid", u),
    "sqrt": lambda u: _prod(num(Fraction(1, 2)), _pow(_f("sqrt", u), -1)),
    "atanh": lambda u: _pow(_sum(ONE, _prod(MINUS, _pow(u, 2))), -1),
    "asinh": lambda u: _pow(_f("sqrt", _sum(_pow(u, 2), ONE)), -1),
    "acosh": lambda u: _pow(_sqrt_both(u), -1),
    "erf": lambda u: _prod(num(2), _f("exp", _prod(MINUS, _pow(u, 2))), _pow(_f("sqrt", ("c", "pi")), -1)),
    "abs": lambda u: _f("sign", u),
    "sign": lambda u: ZERO,
}
