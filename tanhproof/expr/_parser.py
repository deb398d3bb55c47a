"""The safe parser: text to SymPy expression through a whitelist.

The text is read by Python's :mod:`ast` module (which only builds a syntax tree and
runs nothing) and every node of the tree is checked against a whitelist before a
SymPy object is built from it. Nothing is ever passed to ``eval``, ``exec``,
``sympify`` or ``parse_expr``.

Accepted grammar
================

* integers, and decimals such as ``0.1`` or ``1e-30``, taken **exactly** as
  rationals (``0.1`` is 1/10, not the binary double nearest to it);
* ``+ - * / **``, unary minus and plus, parentheses;
* the constants ``pi`` and ``E``;
* the catalog's functions (:func:`tanhproof.expr._catalog.function_names`), called with
  one positional argument;
* ``diff(expr, var)`` and ``diff(expr, var, n)``, kept unevaluated as a SymPy
  ``Derivative``;
* variables: any other identifier not starting with ``_``; variables are real.

Everything else (attribute access, subscripts, calls of unknown names, keywords,
lambdas, comprehensions, strings, comparisons, ``^``) is rejected with a
:class:`~tanhproof.ParseError` naming the column and the problem. The limits of
:mod:`tanhproof.expr._limits` bound the text length, nesting depth, literal size,
numeric exponents and the number of variables
(:class:`~tanhproof.LimitError`).

Examples
========

>>> from tanhproof.expr._parser import read
>>> read("1 - tanh(x)**2").expr
1 - tanh(x)**2
>>> read("0.1 + x").expr
x + 1/10
>>> read("diff(tanh(x), x)").expr
Derivative(tanh(x), x)
>>> read("__import__('os')")
Traceback (most recent call last):
...
tanhproof.ParseError: names starting with '_' are not allowed: '__import__' (at column 1 of "__import__('os')")
"""

from __future__ import annotations

import ast
import dataclasses
from fractions import Fraction
from typing import NoReturn

import sympy

from tanhproof.expr._aswritten import call_as_written, negated, product_as_written, sum_as_written
from tanhproof.expr._catalog import CATALOG
from tanhproof.expr._domain import Condition, conditions_for, conditions_of
from tanhproof.expr._errors import LimitError, ParseError
from tanhproof.expr._limits import LIMITS
from tanhproof.expr._sizes import digits, int_digits, power_digits, short

__all__ = ["ConstantBound", "Reading", "read", "read_node", "symbol", "syntax_tree"]

_CONSTANTS = {"pi": sympy.pi, "E": sympy.E}
_RESERVED = frozenset({"diff"})

# Built as written (tanhproof.expr._aswritten): SymPy's automatic evaluation would
# otherwise rewrite the claim before tanhproof judges it.


#: Functions whose value grows like exp(|u|) (or that SymPy evaluates through exp).
_GROWING = frozenset({"exp", "sinh", "cosh", "tanh", "sech", "csch", "coth", "sigmoid", "softplus", "erf"})


_FORBIDDEN = {
    ast.Attribute: "attribute access",
    ast.Subscript: "subscripts",
    ast.Lambda: "lambdas",
    ast.ListComp: "comprehensions",
    ast.SetComp: "comprehensions",
    ast.DictComp: "comprehensions",
    ast.GeneratorExp: "comprehensions",
    ast.Compare: "comparisons (give the two sides separately)",
    ast.BoolOp: "boolean operators",
    ast.IfExp: "conditional expressions",
    ast.NamedExpr: "assignment expressions",
    ast.Starred: "starred arguments",
    ast.List: "lists",
    ast.Tuple: "tuples",
    ast.Set: "sets",
    ast.Dict: "dicts",
    ast.JoinedStr: "strings",
    ast.Await: "await",
    ast.Yield: "yield",
    ast.YieldFrom: "yield",
    ast.Slice: "slices",
}


def symbol(name: str) -> sympy.Symbol:
    """The SymPy symbol the parser uses for the variable ``name`` (real).

    >>> symbol("x") == read("x").expr
    True
    """
    return sympy.Symbol(name, real=True)


class _Builder:
    def __init__(self, text: str):
        self.text = text
        self.variables: set[str] = set()
        self.conditions: dict[Condition, None] = {}  # each with the text of the construct imposing it
        self.bounds: list[ConstantBound] = []

    def record(self, func, args: tuple, node: ast.AST | None = None) -> None:
        for c in conditions_for(func, args):
            if c not in self.conditions:
                shown = ast.get_source_segment(self.text, node) if node is not None else None
                self.conditions[
                    dataclasses.replace(c, where=shown or sympy.sstr(func(*args, evaluate=False)))
                ] = None

    def column(self, node: ast.AST | None) -> int | None:
        """The 1-based column (in characters) where ``node`` starts."""
        col = getattr(node, "col_offset", None)
        if col is None:
            return None
        # ast counts UTF-8 bytes; report characters
        return len(self.text.encode("utf-8", "surrogatepass")[:col].decode("utf-8", "ignore")) + 1

    def fail(self, message: str, node: ast.AST | None = None, cls: type[ParseError] = ParseError) -> NoReturn:
        raise cls(message, text=self.text, position=self.column(node))

    def build(self, node: ast.AST, depth: int = 0) -> sympy.Expr:
        if depth > LIMITS.max_depth:
            self.fail(f"expression nested deeper than the limit of {LIMITS.max_depth}", node, LimitError)
        if isinstance(node, ast.Constant):
            return self.constant(node)
        if isinstance(node, ast.Name):
            return self.name(node)
        if isinstance(node, ast.UnaryOp):
            operand = self.build(node.operand, depth + 1)
            if isinstance(node.op, ast.USub):
                return negated(operand)
            if isinstance(node.op, ast.UAdd):
                return operand
            self.fail(f"operator {type(node.op).__name__!r} is not allowed", node)
        if isinstance(node, ast.BinOp):
            return self.binop(node, depth)
        if isinstance(node, ast.Call):
            return self.call(node, depth)
        what = _FORBIDDEN.get(type(node), f"syntax {type(node).__name__!r}")
        self.fail(f"{what} not allowed", node)

    def constant(self, node: ast.Constant) -> sympy.Expr:
        value = node.value
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            kind = "strings" if isinstance(value, (str, bytes)) else f"{type(value).__name__} literals"
            self.fail(f"{kind} not allowed", node)
        source = (ast.get_source_segment(self.text, node) or repr(value)).replace("_", "")
        if isinstance(value, int):
            size = int_digits(value)
            number = sympy.Integer(value)
        else:
            mantissa, _, exponent = source.lower().partition("e")
            shift = abs(int(exponent)) if exponent else 0
            size = sum(ch.isdigit() for ch in mantissa) + shift
            if size <= LIMITS.max_literal_digits:
                frac = Fraction(source)
                number = sympy.Rational(frac.numerator, frac.denominator)
        if size > LIMITS.max_literal_digits:
            self.fail(
                f"numeric literal with about {size} digits exceeds the limit of {LIMITS.max_literal_digits}",
                node,
                LimitError,
            )
        return number

    def name(self, node: ast.Name) -> sympy.Expr:
        ident = node.id
        if ident.startswith("_"):
            self.fail(f"names starting with '_' are not allowed: {ident!r}", node)
        if ident in _CONSTANTS:
            return _CONSTANTS[ident]
        if ident in CATALOG or ident in _RESERVED:
            self.fail(f"function {ident!r} used without an argument, write {ident}(x)", node)
        self.variables.add(ident)
        if len(self.variables) > LIMITS.max_variables:
            self.fail(
                f"more than {LIMITS.max_variables} variables (the limit): {', '.join(sorted(self.variables))}",
                node,
                LimitError,
            )
        return symbol(ident)

    def binop(self, node: ast.BinOp, depth: int) -> sympy.Expr:
        # A chain a + b - c + ... (or a * b / c ...) is one level of nesting, not n:
        # walk its left spine iteratively, and build one flat sum (or product) of
        # the operands as written.
        chain = [node]
        left = node.left
        while isinstance(left, ast.BinOp) and _same_family(left.op, chain[-1].op):
            chain.append(left)
            left = left.left
        first = self.build(left, depth + 1)
        if len(chain) == 1 and type(chain[0].op) not in _OP_FAMILY:
            return self.apply(chain[0], first, self.build(chain[0].right, depth + 1))
        operands = [first]
        for link in reversed(chain):
            right = self.build(link.right, depth + 1)
            op = type(link.op)
            if op is ast.Div:
                if right == 0:
                    self.fail("division by zero", link)
                self.record(sympy.Pow, (right, sympy.Integer(-1)), link)
                right = 1 / right if right.is_Rational else sympy.Pow(right, -1, evaluate=False)
            elif op is ast.Sub:
                right = negated(right)
            operands.append(right)
        result = (sum_as_written if _OP_FAMILY[type(chain[0].op)] == "add" else product_as_written)(operands)
        if result.is_Number and digits(result) > LIMITS.max_literal_digits:
            self.fail(
                f"constant with about {digits(result)} digits exceeds the limit of {LIMITS.max_literal_digits}",
                chain[0],
                LimitError,
            )
        return result

    def operator_at(self, node: ast.BinOp) -> ast.AST:
        """A stand-in node whose column is the operator's, for error messages."""
        raw = self.text.encode("utf-8", "surrogatepass")
        col = node.left.end_col_offset or 0
        while col < len(raw) and raw[col : col + 1] in (b" ", b")", b"\t"):
            col += 1
        return ast.Name(id="", col_offset=col)

    def apply(self, node: ast.BinOp, left: sympy.Expr, right: sympy.Expr) -> sympy.Expr:
        """A binary operator outside the + - * / families: only ``**`` is allowed."""
        op = type(node.op)
        if op is ast.BitXor:
            self.fail("'^' is not a power here, use '**'", self.operator_at(node))
        if op is not ast.Pow:
            self.fail(f"operator {op.__name__!r} is not allowed", self.operator_at(node))
        return self.power(left, right, node)

    def power(self, base: sympy.Expr, exponent: sympy.Expr, node: ast.AST) -> sympy.Expr:
        if exponent.is_Number:
            if abs(exponent) > LIMITS.max_exponent:
                self.fail(
                    f"exponent {short(exponent)} exceeds the limit of {LIMITS.max_exponent}",
                    node,
                    LimitError,
                )
            if base == 0 and exponent.is_negative:
                self.fail("division by zero (0 to a negative power)", node)
            if base.is_Number and base != 0:
                size = power_digits(base, exponent)
                if size > LIMITS.max_literal_digits:
                    self.fail(
                        f"{short(base)}**{short(exponent)} would have about {size} digits, over the limit of "
                        f"{LIMITS.max_literal_digits}",
                        node,
                        LimitError,
                    )
                if not exponent.is_Integer and digits(base) > LIMITS.max_root_digits:
                    self.fail(
                        f"a non-integer power of a constant with {digits(base)} digits exceeds the limit of "
                        f"{LIMITS.max_root_digits} digits for roots",
                        node,
                        LimitError,
                    )
        self.record(sympy.Pow, (base, exponent), node)
        if not exponent.free_symbols and not exponent.is_Rational:
            self.bound_constant(exponent, "a power's exponent", node)
        if base.is_Rational and exponent.is_Integer:
            return sympy.Pow(base, exponent)  # exact rational arithmetic
        return sympy.Pow(base, exponent, evaluate=False)

    def call(self, node: ast.Call, depth: int) -> sympy.Expr:
        if not isinstance(node.func, ast.Name):
            what = _FORBIDDEN.get(type(node.func), "calls of computed functions")
            self.fail(f"{what} not allowed", node.func)
        fname = node.func.id
        if fname.startswith("_"):
            self.fail(f"names starting with '_' are not allowed: {fname!r}", node.func)
        if node.keywords:
            self.fail(f"keyword arguments not allowed in {fname}(...)", node)
        if fname == "diff":
            return self.diff(node, depth)
        if fname not in CATALOG:
            hint = f"; known functions: {', '.join(sorted(CATALOG))}"
            self.fail(f"unknown function {fname!r}{hint}", node.func)
        if len(node.args) != 1:
            self.fail(f"{fname}() takes exactly one argument, got {len(node.args)}", node)
        arg = self.build(node.args[0], depth + 1)
        func = CATALOG[fname].func
        if fname in _GROWING and not arg.free_symbols and not arg.is_Rational:
            self.bound_constant(arg, f"{fname}(...)", node)
        if fname == "sqrt":
            self.record(sympy.Pow, (arg, sympy.S.Half), node)
        else:
            self.record(func, (arg,), node)
        return call_as_written(func, arg)

    def bound_constant(self, value: sympy.Expr, where: str, node: ast.AST) -> None:
        """Record a constant argument (or exponent) whose size must stay within
        ``LIMITS.max_constant_argument``.

        ``exp(exp(exp(exp(3))))`` is a real number, but its argument has 10**8 digits
        before the point: SymPy's own assumption queries on it (``is_negative``) run
        mpmath at that precision and never return. Bounding it needs a value, so the
        numeric room checks what is recorded here
        (:func:`tanhproof.numeric._reading.parse_with_conditions`).
        """
        self.bounds.append(ConstantBound(value, where, self.column(node)))

    def diff(self, node: ast.Call, depth: int) -> sympy.Expr:
        if len(node.args) not in (2, 3):
            self.fail(f"diff(expr, var[, n]) takes 2 or 3 arguments, got {len(node.args)}", node)
        expr = self.build(node.args[0], depth + 1)
        var_node = node.args[1]
        if not isinstance(var_node, ast.Name) or var_node.id in _CONSTANTS:
            self.fail("the second argument of diff must be a variable name", var_node)
        var = self.name(var_node)
        order = 1
        if len(node.args) == 3:
            n_node = node.args[2]
            if not (isinstance(n_node, ast.Constant) and type(n_node.value) is int):
                self.fail("the order of diff must be a positive integer literal", n_node)
            order = n_node.value
            if order < 1:
                self.fail(f"the order of diff must be a positive integer, got {order}", n_node)
            if order > LIMITS.max_diff_order:
                self.fail(
                    f"diff order {order} exceeds the limit of {LIMITS.max_diff_order}", n_node, LimitError
                )
        result = sympy.Derivative(expr, (var, order))
        total = sum(int(n) for _v, n in result.variable_count) if isinstance(result, sympy.Derivative) else 0
        if total > LIMITS.max_diff_order:
            self.fail(
                f"total derivative order {total} exceeds the limit of {LIMITS.max_diff_order}",
                node,
                LimitError,
            )
        return result


_OP_FAMILY = {ast.Add: "add", ast.Sub: "add", ast.Mult: "mul", ast.Div: "mul"}


def _same_family(a: ast.operator, b: ast.operator) -> bool:
    fa = _OP_FAMILY.get(type(a))
    return fa is not None and fa == _OP_FAMILY.get(type(b))


@dataclasses.dataclass(frozen=True)
class ConstantBound:
    """A constant argument of ``exp`` or a hyperbolic function (or a constant
    exponent) whose size must stay within ``LIMITS.max_constant_argument``.

    ``where`` names the construct (``"exp(...)"``, ``"a power's exponent"``) and
    ``position`` is its 1-based column in the text.
    """

    value: sympy.Expr
    where: str
    position: int | None


@dataclasses.dataclass(frozen=True)
class Reading:
    """What the parser read: the expression as written, the domain condition of every
    construct (:mod:`tanhproof.expr._domain`, constants included) and the constants
    whose size must be bounded. Conditions and bounds on constants are decided by the
    numeric room (:mod:`tanhproof.numeric._reading`), since deciding them needs values.
    """

    expr: sympy.Expr
    conditions: tuple[Condition, ...]
    bounds: tuple[ConstantBound, ...] = ()
    text: str | None = None


def read(text: str) -> Reading:
    """Read ``text`` into a SymPy expression, accepting only the whitelisted grammar.

    Parameters
    ==========

    text : str
        An expression such as ``"1 - tanh(x)**2"``. A SymPy expression is accepted
        too and returned unchanged, and a Python ``int`` or ``Fraction`` becomes the
        exact SymPy number (so API functions can take any of these).

    Raises
    ======

    ParseError
        Syntax errors, unknown names and anything outside the grammar; the message
        names the column and the problem.
    LimitError
        A limit of :mod:`tanhproof.expr._limits` was exceeded.

    Examples
    ========

    The expression is built as written, and its domain conditions are recorded from
    the text, before SymPy's automatic simplification can drop them; the parse that
    users call, :func:`tanhproof.parse`, also decides the conditions on constants.

    >>> read("sigmoid(x)*(1 - sigmoid(x))").expr
    (1 - sigmoid(x))*sigmoid(x)
    >>> [str(c) for c in read("log(x) + atanh(2)").conditions]
    ['x > 0', '|2| < 1']
    >>> read("x.__class__")
    Traceback (most recent call last):
    ...
    tanhproof.ParseError: attribute access not allowed (at column 1 of 'x.__class__')
    """
    if isinstance(text, sympy.Basic):
        return Reading(text, conditions_of(text))
    if isinstance(text, (int, Fraction)) and not isinstance(text, bool):
        value = Fraction(text)
        return Reading(sympy.Rational(value.numerator, value.denominator), ())
    if not isinstance(text, str):
        raise ParseError(f"expected an expression as text, got {type(text).__name__}: {text!r}")
    text, tree = syntax_tree(text)
    return read_node(text, tree.body)


def syntax_tree(text: str) -> tuple[str, ast.Expression]:
    """The stripped ``text`` and its Python syntax tree, with the checks :func:`read`
    makes before building anything (length, one line, characters, syntax).

    The tree is only parsed, never compiled or run; the claim reader
    (:mod:`tanhproof.expr._claims`) takes comparisons apart with it and builds each
    side with :func:`read_node`.

    >>> syntax_tree(" x < 1 ")[0]
    'x < 1'
    """
    if len(text) > LIMITS.max_text_length:
        raise LimitError(
            f"expression of {len(text)} characters exceeds the limit of {LIMITS.max_text_length}"
        )
    text = text.strip()
    if not text:
        raise ParseError("empty expression")
    if "\n" in text or "\r" in text:
        raise ParseError("expression must be on one line", text=text)
    bad = next((ch for ch in text if 0xD800 <= ord(ch) <= 0xDFFF), None)
    if bad is not None:
        raise ParseError(f"invalid character {bad!r}", text=text, position=text.index(bad) + 1)
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        msg = exc.msg or "invalid syntax"
        if "nested" in msg or "too many" in msg:
            raise LimitError(f"expression too deeply nested ({msg})", text=text) from None
        position = max(exc.offset or 1, 1)
        raise ParseError(f"syntax error: {msg}", text=text, position=position) from None
    except ValueError as exc:  # e.g. an integer literal over Python's own digit limit
        raise LimitError(f"numeric literal too large: {exc}", text=text) from None
    except (RecursionError, MemoryError) as exc:
        raise LimitError(f"expression too large to parse ({type(exc).__name__})", text=text) from None
    return text, tree


def read_node(text: str, node: ast.AST) -> Reading:
    """Build the node ``node`` of the syntax tree of ``text`` (:func:`syntax_tree`) as
    :func:`read` builds a whole text: the same whitelist, conditions and bounds; errors
    name columns of the whole ``text``.

    >>> text, tree = syntax_tree("tanh(x) < 1")
    >>> read_node(text, tree.body.left).expr
    tanh(x)
    """
    builder = _Builder(text)
    try:
        expr = builder.build(node)
    except RecursionError:
        raise LimitError(
            f"expression nested deeper than the limit of {LIMITS.max_depth}", text=text
        ) from None
    return Reading(expr, tuple(builder.conditions), tuple(builder.bounds), text)
