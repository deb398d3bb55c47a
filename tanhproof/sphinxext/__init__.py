"""Sphinx extension: derivations and identities checked every time the site builds.

Add ``"tanhproof.sphinxext"`` to ``extensions`` in ``conf.py``. It registers the
``tanhproof`` domain:

``.. tanhproof:derivation:: tanh``
    the step-by-step derivation from :func:`tanhproof.derive`, numbered steps as
    display math, each with its rule and verdict (options ``:order:``, ``:forms:``,
    ``:branches:``, ``:rules:``);
``.. tanhproof:identity:: LHS == RHS [== ...]``
    each adjacent pair proved with :func:`tanhproof.prove`, shown with its verdict
    and method (option ``:expect: refuted`` for a claim shown to be false);
``.. tanhproof:inequality:: -1 < tanh(x) < 1``
    an inequality or a chain proved with :func:`tanhproof.prove` (option
    ``:where: x >= 0``), shown with its verdict, method and equality cases;
``.. tanhproof:limit:: 1 - tanh(x)**2``
    a limit from :func:`tanhproof.proof.prove_limit` (options ``:to:``,
    ``:value:``, ``:var:``), or with ``:asymptotic: G`` the equivalence
    ``EXPR ~ G`` from :func:`tanhproof.proof.prove_asymptotic`;
``.. tanhproof:shape:: tanh(x)``
    a shape claim from :func:`tanhproof.proof.prove_shape` (``:kind:``
    increasing, decreasing, convex, concave, maximum, minimum or inflection;
    ``:where:``, ``:at:``, ``:value:``, ``:var:``), with the derivative identity
    and sign it rests on (each of the three takes ``:expect: refuted``);
``.. tanhproof:plot:: tanh(x), diff(tanh(x), x)``
    a matplotlib figure with a legend (options ``:range:``, ``:width:``,
    ``:height:``, ``:points:``, ``:caption:``), needs the ``plot`` extra;
``:tanhproof:value:`tanh(x); x=1/2; digits=20```
    a value from :func:`tanhproof.evaluate`.

The directives and the role work in MyST Markdown pages too (``myst_parser`` or
``myst_nb`` in ``extensions``): a directive is a fence with ``:option: value`` lines
at its top, the role is written in braces::

    ```{tanhproof:inequality} tanh(x) <= x
    :where: x >= 0
    ```
    tanh(1/2) is {tanhproof:value}`tanh(x); x=1/2`.

Failures name the ``.md`` file and line. A role is reported at its own line, not at
the first line of its paragraph (:func:`tanhproof.sphinxext._base.role_line`).

Proofs ship with the page: the certificates of every identity and derivation are
re-checked by the independent kernel while the page is read (a rejection fails the
build at the directive's ``file:line``), written to ``_certificates/<page>.json`` in
the HTML output and linked next to each proof; inequalities, limits and shapes are
not re-checked yet, and say so (:mod:`tanhproof.sphinxext._certificates`).

A refuted identity, inequality, limit or shape claim, a step or form that is not
proved, a directive that cannot be read (unknown function, syntax error), or any
exception inside a directive or the role (reported as an internal error, a bug in tanhproof) is logged as an
error naming the file and line; the build goes on, every failure is listed again
when it finishes, and the exit status of ``sphinx-build`` is 1 even without
``-W``. ``undecided`` is a warning (type ``tanhproof``, subtype ``undecided``), an
error when ``tanhproof_undecided_is_error = True``.

Config values (all rebuild the environment when changed):

==================================  =======  ========================================
``tanhproof_undecided_is_error``    False    an undecided verdict fails the build
``tanhproof_value_digits``          15       default digits of ``:tanhproof:value:``
``tanhproof_plot_points``           201      default samples per curve of a plot
==================================  =======  ========================================

The extension holds no mathematics: it calls the library and formats what it
returns. It sets no time limit, so a build's verdicts are the same on every
machine. Results are kept per document on the environment (purged and merged for
parallel builds) with a fingerprint of the library's sources (subpackages
included), and a document is read again when that fingerprint changes.

Examples
========

>>> from tanhproof.sphinxext import setup
>>> callable(setup)
True
"""

from __future__ import annotations

from typing import Any

from tanhproof import __version__

__all__ = ["setup"]


def setup(app: Any) -> dict[str, Any]:
    """Register the ``tanhproof`` domain, its config values, nodes and event handlers.

    Returns the extension metadata: the version, and that both parallel reading
    and parallel writing are safe.

    Examples
    ========

    >>> from tanhproof.sphinxext import setup
    >>> setup.__module__
    'tanhproof.sphinxext'
    """
    from tanhproof.sphinxext import _certificates as certificates
    from tanhproof.sphinxext import _domain as domain
    from tanhproof.sphinxext import _plot as plot
    from tanhproof.sphinxext import _report as report
    from tanhproof.sphinxext import _style as style

    app.add_config_value("tanhproof_undecided_is_error", False, "env", bool)
    app.add_config_value("tanhproof_value_digits", 15, "env", int)
    app.add_config_value("tanhproof_plot_points", 201, "env", int)
    app.add_domain(domain.TanhproofDomain)
    plot.register(app)
    certificates.register(app)
    style.register(app)
    app.connect("env-get-outdated", domain.outdated_documents)
    app.connect("build-finished", report.fail_if_any)
    return {
        "version": __version__,
        "env_version": 3,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
