"""The chapter 02 widgets: the fit and the gradient-descent views follow their controls."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse.widgets import linear_regression as widget  # noqa: E402


def test_worked_example():
    y_hat = widget.predict(widget.WORKED_X, -1, 5)
    assert np.array_equal(y_hat, [4, 3])
    assert widget.mse(widget.WORKED_Y, y_hat) == 2.5
    assert round(np.sqrt(widget.mse(widget.WORKED_Y, y_hat)), 2) == 1.58
    assert float(widget.cost(-1, 5, widget.WORKED_X, widget.WORKED_Y)) == 1.25
    assert widget.least_squares(widget.WORKED_X, widget.WORKED_Y) == pytest.approx((2.0, 1.0))


def test_gradients_match_finite_differences():
    x, y = widget.widget_data()
    dm, db = widget.gradients(0.3, -0.2, x, y)
    h = 1e-6
    assert dm == pytest.approx((widget.cost(0.3 + h, -0.2, x, y) - widget.cost(0.3 - h, -0.2, x, y)) / (2 * h), rel=1e-4)
    assert db == pytest.approx((widget.cost(0.3, -0.2 + h, x, y) - widget.cost(0.3, -0.2 - h, x, y)) / (2 * h), rel=1e-4)


@pytest.mark.parametrize("rate,verdict", [(0.01, "too small"), (0.3, "about right"), (1.0, "zig-zags"),
                                          (1.25, "bounces"), (1.5, "diverges")])
def test_learning_rate_verdicts(rate, verdict):
    x, y = widget.widget_data()
    path, costs = widget.gradient_descent(x, y, rate, 25)
    assert verdict in widget.describe_run(path, costs, x, y)


def test_draw_fit_follows_the_sliders():
    titles, lines = [], []
    for m, b in [(0.5, 0.0), (1.5, 1.0), (-1.0, 3.0)]:
        figure = widget.draw_fit(m, b)
        titles.append(figure.axes[0].get_title())
        line = figure.axes[0].get_lines()[0].get_xydata()
        lines.append(line)
        assert np.allclose(line[:, 1], m * line[:, 0] + b)
        marker = [l for l in figure.axes[1].get_lines() if l.get_marker() == "o"][0].get_xydata()[0]
        assert np.allclose(marker, [m, b])
        plt.close(figure)
    assert len(set(titles)) == 3
    x, y = widget.widget_data()
    assert f"MSE = {widget.mse(y, widget.predict(x, 1.5, 1.0)):.2f}" in titles[1]


def test_draw_descent_follows_the_learning_rate():
    titles, lengths = [], []
    for rate in (0.01, 0.3, 1.5):
        figure = widget.draw_descent(rate, 20)
        titles.append(figure.axes[1].get_title())
        lengths.append(len(figure.axes[1].get_lines()[0].get_xdata()))
        plt.close(figure)
    assert "too small" in titles[0] and "about right" in titles[1] and "diverges" in titles[2]
    assert lengths[1] == 21


def test_explorers_drive_the_drawings():
    for make, values in [(widget.fit_widget, {"m": 2.0, "b": -1.0}),
                         (widget.descent_widget, {"learning_rate": 1.5, "steps": 10})]:
        explorer = make()
        assert len(explorer.frame_values()) <= 48
        seen = []
        original = explorer.draw
        explorer.draw = lambda **v: (seen.append(v), original(**v))[1]
        explorer.set(**values)
        assert all(seen[-1][k] == v for k, v in values.items())
    plt.close("all")
