"""How the extension reports a failed check: an error at ``file:line``, then a failed build.

Each failure is logged at once (``path:line: ERROR: tanhproof:identity: ...``) and
recorded on the environment (:mod:`tanhproof.sphinxext._domain`), so that parallel
readers' failures are merged. When the build finishes, the ``build-finished``
handler :func:`fail_if_any` logs them again as one list and sets the exit status
to 1 (as ``sphinx.ext.linkcheck`` does for broken links), so ``sphinx-build`` exits
non-zero without ``-W``. The failures stay on the saved environment until the
page is fixed, so an incremental build that reads nothing fails just the same.
:func:`raise_if_any` raises :class:`TanhproofBuildError` instead, for callers that
want an exception.

Examples
========

>>> str(TanhproofBuildError("docs/a.rst:3: tanhproof:identity: refuted"))
'docs/a.rst:3: tanhproof:identity: refuted'
"""

from __future__ import annotations

from typing import Any

from sphinx.errors import SphinxError
from sphinx.util import logging

__all__ = [
    "TanhproofBuildError",
    "debug_traceback",
    "fail",
    "fail_if_any",
    "failure_lines",
    "raise_if_any",
    "record_check",
    "undecided",
]

logger = logging.getLogger(__name__)


class TanhproofBuildError(SphinxError):
    """A claim on a page was refuted, not proved, or could not be read."""

    category = "tanhproof check failed"


def _where(env: Any, docname: str, line: int | None) -> str:
    path = env.doc2path(docname)
    try:
        from pathlib import Path

        path = Path(path).relative_to(Path.cwd())
    except ValueError:
        pass
    return f"{path}:{line}" if line else f"{path}"


def fail(env: Any, docname: str, line: int | None, message: str) -> None:
    """Log ``message`` as an error at ``docname:line`` and record it on ``env``."""
    logger.error(message, location=(docname, line), type="tanhproof", subtype="failed")
    env.get_domain("tanhproof").record_failure(docname, line, message)


def record_check(env: Any, docname: str, line: int | None, kind: str, text: str, verdict: str) -> None:
    """Record on ``env`` one check made at ``docname:line`` (for summaries and rebuilds)."""
    env.get_domain("tanhproof").record_check(docname, line, kind, text, verdict)


def debug_traceback(exc: BaseException, docname: str, line: int | None) -> None:
    """The traceback of an internal error, for a bug report (shown by ``sphinx-build -vv``)."""
    import traceback

    text = "".join(traceback.format_exception(exc)).rstrip()
    logger.debug("tanhproof: traceback of the internal error:\n%s", text, location=(docname, line))


def undecided(env: Any, docname: str, line: int | None, message: str) -> None:
    """A warning at ``docname:line``, or a failure when ``tanhproof_undecided_is_error``."""
    if env.config.tanhproof_undecided_is_error:
        fail(env, docname, line, message + " (tanhproof_undecided_is_error = True)")
    else:
        logger.warning(message, location=(docname, line), type="tanhproof", subtype="undecided")


def failure_lines(env: Any) -> list[str]:
    """Every recorded failure as ``path:line: tanhproof:<directive>: message``."""
    failures = env.get_domain("tanhproof").failures()
    return [f"{_where(env, docname, line)}: {message}" for docname, line, message in failures]


def _summary(lines: list[str]) -> str:
    head = f"{len(lines)} tanhproof check{'s' if len(lines) > 1 else ''} failed:"
    return "\n".join([head, *(f"  {line}" for line in lines)])


def raise_if_any(env: Any) -> None:
    """Raise :class:`TanhproofBuildError` listing the failures, if there are any."""
    lines = failure_lines(env)
    if lines:
        raise TanhproofBuildError(_summary(lines))


def fail_if_any(app: Any, exception: Exception | None) -> None:
    """``build-finished``: log the failures as one list and make the exit status 1."""
    if exception is not None or app.env is None:
        return
    lines = failure_lines(app.env)
    if lines:
        logger.error(_summary(lines), type="tanhproof", subtype="failed")
        app.statuscode = 1
