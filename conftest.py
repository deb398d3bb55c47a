"""pytest configuration for the whole checkout.

The doctests of :mod:`tanhproof.sphinxext` need Sphinx (the ``docs`` extra); the
README's test command installs only ``.[test]``, so without Sphinx they are not
collected (the Sphinx tests in ``tests/test_sphinxext.py`` skip with a reason).
"""

import importlib.util

collect_ignore_glob = [] if importlib.util.find_spec("sphinx") else ["tanhproof/sphinxext/*"]
