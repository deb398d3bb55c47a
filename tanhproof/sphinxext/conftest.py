"""pytest: the doctests of this package need Sphinx (the ``docs`` extra); skip them without it."""

import importlib.util

collect_ignore_glob = [] if importlib.util.find_spec("sphinx") else ["*.py"]
