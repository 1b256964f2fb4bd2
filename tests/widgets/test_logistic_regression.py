"""The chapter 03 widgets: the decision boundary and the cross-entropy view follow their controls."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse import reference  # noqa: E402
from dlcourse.widgets import logistic_regression as widget  # noqa: E402


def test_data_sets():
    X, y = reference.two_blobs()
    assert X.shape == (200, 2) and set(y) == {0, 1} and y.mean() == 0.5
    X, y = widget.xor_data()
    assert np.all(y == ((X[:, 0] > 0) != (X[:, 1] > 0)))


def test_scores_follow_the_weights():
    good = widget.scores(1.0, 1.0, 0.0)
    flipped = widget.scores(-1.0, -1.0, 0.0)
    assert good[0] > 0.85 and flipped[0] < 0.15
    assert good[1] < flipped[1]


def test_boundary_points_lie_on_the_boundary():
    for w1, w2, b in [(1.0, 1.0, 0.0), (2.0, -1.0, 1.0), (1.0, 0.0, -1.0)]:
        x1, x2 = widget.boundary_points(w1, w2, b)
        assert np.allclose(w1 * x1 + w2 * x2 + b, 0)
    assert widget.boundary_points(0.0, 0.0, 1.0) is None


def boundary_line(figure):
    return [line for line in figure.axes[0].get_lines() if line.get_label().startswith("boundary")]


def test_draw_boundary_moves_with_the_weights():
    titles = []
    for w1, w2, b in [(1.0, 1.0, 0.0), (2.0, -1.0, 1.0), (0.0, 0.0, 0.5)]:
        figure = widget.draw_boundary(w1, w2, b)
        titles.append(figure.axes[0].get_title())
        lines = boundary_line(figure)
        if w1 or w2:
            x1, x2 = lines[0].get_xydata().T
            assert np.allclose(w1 * x1 + w2 * x2 + b, 0)
        else:
            assert not lines
        plt.close(figure)
    accuracy = widget.scores(1.0, 1.0, 0.0)[0]
    assert f"accuracy {accuracy:.2f}" in titles[0]
    assert len(set(titles)) == 3


def test_cross_entropy_view():
    right = widget.draw_cross_entropy(0.95, 1)
    wrong = widget.draw_cross_entropy(0.95, 0)
    marks = [[l for l in f.axes[0].get_lines() if l.get_marker() == "o"][0].get_xydata()[0] for f in (right, wrong)]
    assert marks[0][1] == pytest.approx(-np.log(0.95), rel=1e-6)
    assert marks[1][1] == pytest.approx(-np.log(0.05), rel=1e-6)
    assert "misplaced" in wrong.axes[0].get_title() and "right" in right.axes[0].get_title()
    assert widget.cross_entropy([1], [0.0]) < 20  # clipped, finite
    plt.close("all")


def test_explorers_drive_the_drawings():
    for make, values in [(widget.boundary_widget, {"w1": -2.0, "w2": 0.5, "b": 1.0}),
                         (widget.cross_entropy_widget, {"confidence": 0.05, "label": 1})]:
        explorer = make()
        assert len(explorer.frame_values()) <= 48
        seen = []
        original = explorer.draw
        explorer.draw = lambda **v: (seen.append((v, original(**v))), seen[-1][1])[1]
        explorer.set(**values)
        drawn_values, figure = seen[-1]
        assert all(drawn_values[k] == v for k, v in values.items())
        assert figure.axes[0].get_title()
    plt.close("all")
