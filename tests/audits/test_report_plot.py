"""The audit plot (``--plot``, issue 15): the legend stays off the data, x tick labels never touch."""

import itertools

import numpy as np
import pytest

from tanhproof.audits._report import MAX_TICKS, plot_report, report_figure, symlog_ticks
from tanhproof.audits._run import audit

matplotlib = pytest.importorskip("matplotlib")


@pytest.fixture(scope="module")
def grad16():
    """The gradient rule 1 - y^2 of torch.tanh's backward (the docs' plot), on every binary16 value."""

    def rule(x):
        return (1 - np.tanh(x) ** 2).astype(x.dtype)

    return audit(rule, "tanh'", "binary16", "exhaustive", max_ulp=1, processes=0)


def _drawn(report):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = report_figure(report)
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return fig, canvas.get_renderer()


def test_the_legend_covers_no_point(grad16):
    # Today the legend sat in the upper left corner of the axes, over the two largest errors
    # (2,048 ULP near x = -4.5).
    fig, renderer = _drawn(grad16)
    (ax,) = fig.axes
    legends = [*fig.legends, *([ax.get_legend()] if ax.get_legend() else [])]
    assert len(legends) == 1
    box = legends[0].get_window_extent(renderer)
    points = ax.transData.transform(np.array(grad16.profile, dtype=float).clip(min=(-np.inf, 1e-3)))
    inside = [(x, y) for x, y in points if box.x0 <= x <= box.x1 and box.y0 <= y <= box.y1]
    assert inside == []
    # nor the axes at all: nothing drawn later can end up under it
    assert not box.overlaps(ax.get_window_extent(renderer))


def test_tick_labels_do_not_collide(grad16):
    fig, renderer = _drawn(grad16)
    (ax,) = fig.axes
    labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
    assert 5 <= len(labels) <= MAX_TICKS
    boxes = sorted((t.get_window_extent(renderer) for t in labels), key=lambda b: b.x0)
    for left, right in itertools.pairwise(boxes):
        assert left.x1 < right.x0, "x tick labels overlap"
    texts = [t.get_text() for t in labels]
    assert "0" in texts and any(t.startswith("$-10^") for t in texts)  # both sides labelled
    assert "ULP" in ax.get_ylabel()  # the error axis says its unit


@pytest.mark.parametrize(
    ("lo", "hi"), [(-65504.0, 65504.0), (0.0, 3.4e38), (-1e-4, 1e-4), (-3.4e38, -1.0), (-2.0, 1e300)]
)
def test_symlog_ticks_are_few_and_ordered(lo, hi):
    ticks = symlog_ticks(lo, hi)
    assert ticks == sorted(ticks) and 0.0 in ticks and len(ticks) <= MAX_TICKS
    assert (min(ticks) < 0) == (lo < 0) and (max(ticks) > 0) == (hi > 0)
    assert max(abs(t) for t in ticks) >= min(max(abs(lo), abs(hi)), 1e300) / 10


def test_plot_report_writes_the_figure(grad16, tmp_path):
    path = tmp_path / "plot.png"
    plot_report(grad16, path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plot.png"]
