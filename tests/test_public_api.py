"""The public API: listed once in docs/api.rst, exactly each module's ``__all__``, cheap to import.

``tanhproof`` and each room (``tanhproof.expr``, ``numeric``, ``proof``, ``audits``,
``render``) state their public names in a sorted ``__all__``; every other name in them
starts with ``_`` (the rooms themselves aside, which are submodules). docs/api.rst
lists these names, each once, and nothing private; every module file that is not a
room's or a front end's entry point is private (``_name.py``). Rooms export their names
lazily, so ``import tanhproof.<room>`` imports neither SymPy nor numpy.
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
import inspect
import re
import subprocess
import sys
from collections import Counter
from importlib.metadata import version
from pathlib import Path

import pytest

import tanhproof

REPO = Path(__file__).resolve().parent.parent
PACKAGE = Path(tanhproof.__file__).resolve().parent
API_RST = REPO / "docs" / "api.rst"

ROOMS = ("expr", "numeric", "proof", "audits", "render")  # lowest first
FRONT_ENDS = ("cli", "pytest_plugin", "sphinxext")
# The modules whose names docs/api.rst lists one by one (the pytest plugin and the Sphinx
# extension are front ends used by name, not imported: the page refers to them).
DOCUMENTED = ("tanhproof", *(f"tanhproof.{room}" for room in ROOMS), "tanhproof.cli")
LAZY = ("tanhproof", *(f"tanhproof.{room}" for room in ROOMS))

# The names the design documents as public (DESIGN.md, "Public API"), plus the version,
# the error classes and the result records those functions return.
PUBLIC = {
    "AccuracyReport",
    "CATALOG",
    "Counterexample",
    "Derivation",
    "DomainError",
    "Enclosure",
    "LIMITS",
    "LimitError",
    "ParseError",
    "Proof",
    "Step",
    "TanhproofError",
    "Verdict",
    "__version__",
    "audit",
    "check",
    "derive",
    "enclose",
    "evaluate",
    "parse",
    "prove",
    "round_to",
}

# ``.. autofunction:: tanhproof.numeric.reference``, ``.. py:data:: tanhproof.LIMITS``, ...
_ENTRY = re.compile(
    r"^\.\. (?:auto(?:function|class|exception|data|attribute)|py:(?:function|class|exception|data)):: *"
    r"(?P<target>\S+) *$",
    re.MULTILINE,
)
_AUTOMODULE = re.compile(r"^\.\. (?:auto|py:)module:: *(?P<module>\S+) *$", re.MULTILINE)


def api_entries() -> list[tuple[str, str]]:
    """``(module, name)`` for each object docs/api.rst documents, in page order."""
    return [tuple(m["target"].rsplit(".", 1)) for m in _ENTRY.finditer(API_RST.read_text(encoding="utf-8"))]


def listed(module: str) -> list[str]:
    return [name for mod, name in api_entries() if mod == module]


def public_attributes(module) -> set[str]:
    """The names ``dir(module)`` shows that do not start with ``_``, less the rooms and
    front ends that are loaded as submodules (and the ``@py_builtins`` that pytest's
    assertion rewriting puts into the modules of a plugin's distribution)."""
    names = set()
    for name in dir(module):
        if name.startswith("_") or not name.isidentifier():
            continue
        value = getattr(module, name)
        if inspect.ismodule(value) and module is tanhproof and name in ROOMS + FRONT_ENDS:
            continue
        names.add(name)
    return names


def defined_at_top_level(module: str) -> set[str]:
    """Names a module's source defines at its top level (class, def, assignment), read with ast."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, f"{module} does not exist"
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    names = set()
    for node in tree.body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def lazy_table(module: str) -> dict[str, str]:
    """``name -> absolute module`` of a lazy ``__init__``'s table (``_WHERE`` or ``_LAZY``)."""
    mod = importlib.import_module(module)
    table = getattr(mod, "_WHERE", None)
    if table is None:
        table = mod._LAZY
        return {name: f"tanhproof.{where}" for name, where in table.items()}
    return {name: f"{module}.{where}" for name, where in table.items()}


def type_checking_imports(module: str) -> dict[str, str]:
    """``name -> module`` of the imports under ``if TYPE_CHECKING:`` in a package's ``__init__``."""
    tree = ast.parse(Path(importlib.import_module(module).__file__).read_text(encoding="utf-8"))
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom), ast.unparse(imp)
                for alias in imp.names:
                    assert alias.name not in found, f"{alias.name} imported twice"
                    found[alias.asname or alias.name] = imp.module or ""
    return found


# --------------------------------------------------------------------------- __all__


@pytest.mark.parametrize("module", DOCUMENTED)
def test_all_is_sorted_without_repeats(module):
    names = importlib.import_module(module).__all__
    assert names == sorted(names)
    assert len(names) == len(set(names))


def test_top_level_names_are_the_designed_ones():
    assert set(tanhproof.__all__) == PUBLIC


@pytest.mark.parametrize("module", DOCUMENTED)
def test_nothing_else_is_public(module):
    mod = importlib.import_module(module)
    for name in mod.__all__:  # resolve the lazy names first: then they are attributes too
        getattr(mod, name)
    assert public_attributes(mod) == {name for name in mod.__all__ if not name.startswith("_")}


@pytest.mark.parametrize("module", DOCUMENTED)
def test_public_objects_come_from_tanhproof(module):
    mod = importlib.import_module(module)
    for name in mod.__all__:
        value = getattr(mod, name)
        if inspect.isclass(value) or inspect.isfunction(value):
            assert value.__module__.split(".")[0] == "tanhproof", (name, value.__module__)


@pytest.mark.parametrize("module", LAZY)
def test_lazy_table_points_at_the_defining_module(module):
    """Each name is imported from the private module that defines it (not one that
    re-exports it), and the TYPE_CHECKING imports that mypy reads say the same."""
    table = lazy_table(module)
    assert set(table) == set(importlib.import_module(module).__all__) - {"__version__"}
    wrong = {name: where for name, where in table.items() if name not in defined_at_top_level(where)}
    assert wrong == {}, f"not defined where the table says: {wrong}"
    assert type_checking_imports(module) == table


@pytest.mark.parametrize("module", LAZY)
def test_dir_lists_the_names_before_they_are_used(module):
    code = f"import {module} as m; print(sorted(set(m.__all__) - set(dir(m))))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


@pytest.mark.parametrize("module", LAZY)
def test_unknown_attribute(module):
    mod = importlib.import_module(module)
    with pytest.raises(AttributeError, match=f"module '{module}' has no attribute 'nope'"):
        mod.nope  # noqa: B018


def test_version_matches_metadata():
    assert tanhproof.__version__ == version("tanhproof")


# --------------------------------------------------------------------------- docs/api.rst


def test_api_rst_lists_each_name_once():
    counts = Counter(f"{module}.{name}" for module, name in api_entries())
    assert [entry for entry, n in counts.items() if n > 1] == []


def test_api_rst_lists_only_public_modules():
    modules = {module for module, _ in api_entries()}
    assert modules <= set(DOCUMENTED), f"not a public module: {sorted(modules - set(DOCUMENTED))}"
    text = API_RST.read_text(encoding="utf-8")
    assert [m["module"] for m in _AUTOMODULE.finditer(text)] == list(DOCUMENTED)
    private = re.findall(r"tanhproof(?:\.\w+)*\._(?!_)\w*", text)
    assert private == [], f"docs/api.rst names private modules: {private}"


@pytest.mark.parametrize(
    ("module", "name"), [pytest.param(*entry, id=".".join(entry)) for entry in api_entries()]
)
def test_every_name_api_rst_lists_resolves(module, name):
    assert getattr(importlib.import_module(module), name) is not None


@pytest.mark.parametrize("module", DOCUMENTED)
def test_api_rst_lists_exactly_all(module):
    assert sorted(listed(module)) == sorted(importlib.import_module(module).__all__)


def test_api_rst_lists_each_object_once():
    """No class or function has two public homes (say, tanhproof.X and tanhproof.room.X)."""
    homes: dict[int, list[str]] = {}
    for module, name in api_entries():
        value = getattr(importlib.import_module(module), name)
        if inspect.isclass(value) or inspect.isfunction(value):
            homes.setdefault(id(value), []).append(f"{module}.{name}")
    assert [names for names in homes.values() if len(names) > 1] == []


def test_api_rst_refers_to_the_front_ends():
    """The pytest plugin's fixture, marker and option and the Sphinx extension's
    directives and role, as docs/api.rst names them, are the ones they register."""
    from tanhproof import pytest_plugin

    text = API_RST.read_text(encoding="utf-8")
    for name in ("tanhproof_audit", pytest_plugin.MARKER, pytest_plugin.EXHAUSTIVE_OPTION):
        assert f"``{name}``" in text, name
    assert callable(pytest_plugin.tanhproof_audit)
    for page in ("cli", "guide-pytest", "guide-sphinx"):
        assert f":doc:`{page}`" in text, page
    assert '``extensions = ["tanhproof.sphinxext"]``' in text

    pytest.importorskip("sphinx")
    from tanhproof.sphinxext._domain import TanhproofDomain

    registered = {f"tanhproof:{name}" for name in (*TanhproofDomain.directives, *TanhproofDomain.roles)}
    named = set(re.findall(r"``(tanhproof:\w+)``", text))
    assert named == registered


# --------------------------------------------------------------------------- README and docs

_PRIVATE_NAME = re.compile(r"tanhproof(?:\.\w+)*\._(?!_)\w*")
_FROM_IMPORT = re.compile(r"from (tanhproof(?:\.\w+)*) import \(?([\w, ]+)\)?")
_IMPORT = re.compile(r"^\s*(?:>>> )?import (tanhproof(?:\.\w+)*)", re.MULTILINE)


def user_facing_files() -> list[Path]:
    docs = REPO / "docs"
    skip = {"_build", "_static", "_recorded"}
    found = [REPO / "README.md"]
    for path in sorted(docs.rglob("*")):
        if path.suffix in {".rst", ".py"} and not skip & set(path.relative_to(docs).parts):
            found.append(path)
    return found


@pytest.mark.parametrize("path", user_facing_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_readme_and_docs_use_only_public_names(path):
    """Users never need a private module: README.md and docs/ (pages, conf.py, the docs'
    own extension and scripts) import and name only public names. A page may still point
    at a private *file* (``tanhproof/numeric/_ziv.py``) where it explains internals."""
    text = path.read_text(encoding="utf-8")
    assert _PRIVATE_NAME.findall(text) == []
    for module, names in _FROM_IMPORT.findall(text):
        assert module in DOCUMENTED, f"{module} is not a public module"
        public = set(importlib.import_module(module).__all__)
        for name in (n.strip() for n in names.split(",")):
            assert name in public, f"from {module} import {name}: not in {module}.__all__"
    for module in _IMPORT.findall(text):
        assert module in DOCUMENTED, f"import {module}: not a public module"


def public_objects() -> list[tuple[str, object]]:
    found = []
    for module in DOCUMENTED:
        mod = importlib.import_module(module)
        found += [(f"{module}.{name}", getattr(mod, name)) for name in mod.__all__]
    return found


@pytest.mark.parametrize("module", DOCUMENTED)
def test_module_docstrings_name_only_public_names(module):
    assert _PRIVATE_NAME.findall(importlib.import_module(module).__doc__ or "") == []


def test_docstrings_of_public_names_name_only_public_names():
    """docs/api.rst shows these docstrings: they point at public names, never at a
    private module (``tanhproof.audits._run.audit`` is ``tanhproof.audit``)."""
    private = {}
    for name, value in public_objects():
        if not (inspect.isclass(value) or inspect.isfunction(value)):
            continue
        docs = [inspect.getdoc(value) or ""]
        if inspect.isclass(value):
            docs += [
                getattr(member, "__doc__", None) or "" for key, member in vars(value).items() if key[0] != "_"
            ]
        found = sorted({hit for doc in docs for hit in _PRIVATE_NAME.findall(doc)})
        if found:
            private[name] = found
    assert private == {}, "docstrings naming private modules:\n" + "\n".join(
        f"  {name}: {', '.join(found)}" for name, found in private.items()
    )


# --------------------------------------------------------------------------- private modules


def test_every_other_module_is_private():
    """Below tanhproof/, only the rooms and front ends and their entry points have
    public names; every other module and folder starts with ``_``."""
    packages = set(ROOMS) | {"cli", "sphinxext"}
    entry_points = {"__init__.py", "__main__.py", "py.typed"}
    public = []
    for path in sorted(PACKAGE.rglob("*")):
        parts = path.relative_to(PACKAGE).parts
        if "__pycache__" in parts or path.suffix == ".pyc":
            continue
        if path.is_dir():
            if len(parts) > 1 or parts[0] not in packages:
                if not parts[-1].startswith("_"):
                    public.append(path)
            continue
        if len(parts) == 1 and path.name == "pytest_plugin.py":
            continue
        if path.name in entry_points or path.name.startswith("_"):
            continue
        public.append(path)
    assert [str(p.relative_to(PACKAGE)) for p in public] == []
    assert (PACKAGE / "py.typed").is_file()


# --------------------------------------------------------------------------- import cost


@pytest.mark.parametrize(
    "code",
    [
        "import tanhproof",
        "import tanhproof.cli._main",
        "from tanhproof.cli._main import main; main(['--version'])",
    ],
)
def test_import_does_not_import_sympy(code):
    check = f"import sys\n{code}\nprint('sympy' in sys.modules, 'mpmath' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", check], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "False False"


def test_importing_the_rooms_is_cheap():
    heavy = ("sympy", "mpmath", "numpy", "flint")
    code = (
        f"import sys\nimport {', '.join(f'tanhproof.{room}' for room in ROOMS)}\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
