"""Sphinx configuration for the tanhproof documentation (Sphinx >= 7, < 9.1)."""

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))  # the tanhproof package of this checkout
sys.path.insert(0, str(HERE / "_ext"))

import tanhproof

project = "tanhproof"
author = "tanhproof developers"
release = version = tanhproof.__version__
copyright = "tanhproof developers"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.mathjax",
    "tanhproof.sphinxext",
    "tanhproof_docs",
    "activation_audits",  # the recorded-activation-audits directive (docs/_ext)
    "myst_nb",  # notebook.ipynb, run at every build
]
exclude_patterns = ["_build", "_recorded", "Thumbs.db", ".DS_Store"]
html_theme = "alabaster"
html_static_path = ["_static"]
html_title = f"tanhproof {release}"

# Napoleon reads the SymPy-style (NumPy-like) sections of the docstrings.
napoleon_google_docstring = False
napoleon_numpy_docstring = True
autodoc_member_order = "bysource"
autodoc_typehints = "description"

# Offline math: MathJax 3 served from _static/mathjax (see fetch_mathjax.py), never
# from a CDN. The folder is git-ignored; fetch it from the npm registry if missing.
MATHJAX = HERE / "_static" / "mathjax" / "tex-chtml.js"
if not MATHJAX.exists():
    sys.path.insert(0, str(HERE))
    from fetch_mathjax import fetch

    fetch()
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {"options": {"enableMenu": False}}

# The example notebook runs at every build (nbclient, ipykernel); an error in a cell fails it.
nb_execution_mode = "force"
nb_execution_raise_on_error = True
nb_execution_timeout = 600
myst_enable_extensions = ["dollarmath"]  # $...$ in the notebook's Markdown cells, as in Jupyter

# A claim the library leaves undecided must not pass silently in our own docs.
tanhproof_undecided_is_error = True
