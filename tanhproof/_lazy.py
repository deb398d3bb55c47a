"""Lazy public names for a package's ``__init__`` (PEP 562).

A room's ``__init__`` lists its public names in ``__all__`` and says which private
module defines each; the module is imported when the name is first used, so
``import tanhproof.audits`` stays as cheap as ``import tanhproof`` (the pytest
plugin relies on it).

Examples
========

>>> getattr_, dir_ = lazy_names("tanhproof.expr", {"LIMITS": "_limits"}, ["LIMITS"])
>>> getattr_("LIMITS").max_digits > 0
True
>>> getattr_("nothing")
Traceback (most recent call last):
...
AttributeError: module 'tanhproof.expr' has no attribute 'nothing'
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_names"]


def lazy_names(
    package: str, where: Mapping[str, str], public: Iterable[str]
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``(__getattr__, __dir__)`` for ``package``: ``where[name]`` is the module (relative)
    that defines ``name``; a resolved name is cached in the package's namespace."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)
        return value

    names = sorted(public)

    def __dir__() -> list[str]:
        return sorted(set(vars(sys.modules[package])) | set(names))

    return __getattr__, __dir__
