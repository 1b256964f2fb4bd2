import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse.widgets.reinforcement_learning import (discount_widget, draw_cartpole, draw_returns, draw_strip,  # noqa: E402
                                            episode_widget, returns_for)


def test_returns_depend_on_gamma():
    assert np.allclose(returns_for(0.0, 10), 1.0)
    assert np.isclose(returns_for(1.0, 10)[0], 10)
    assert returns_for(0.9, 100)[0] < returns_for(0.99, 100)[0]
    normalized = returns_for(0.9, 50, normalize=True)
    assert abs(normalized.mean()) < 1e-9 and np.isclose(normalized.std(), 1, atol=1e-6)


def test_draw_returns_lines_and_titles_change():
    low = draw_returns(0.5, 40)
    high = draw_returns(0.99, 40)
    y_low = low.axes[0].lines[0].get_ydata()
    y_high = high.axes[0].lines[0].get_ydata()
    assert y_low[0] < y_high[0]
    assert "0.5" in low.axes[0].get_title() and "0.99" in high.axes[0].get_title()
    assert "normalized" in draw_returns(0.9, 40, True).axes[0].get_ylabel()


def test_discount_widget_controls():
    widget = discount_widget()
    widget.set(gamma=0.99, normalize=True)
    assert len(widget.frame_values()) == 14


def test_draw_cartpole_tilts_the_pole():
    figure, ax = plt.subplots()
    draw_cartpole(ax, [0.5, 0, 0.2, 0])
    pole = ax.lines[-1]
    xs = pole.get_xdata()
    assert xs[0] == 0.5 and xs[1] > 0.5        # leaning right
    strip = draw_strip([[0, 0, 0, 0], [1, 0, -0.2, 0]], [0, 10], "strip")
    assert len(strip.axes) == 2 and "t = 10" in strip.axes[1].get_title()


def test_episode_widget_frames():
    states = np.zeros((30, 4))
    states[:, 2] = np.linspace(0, 0.2, 30)
    widget = episode_widget(states)
    assert widget.frame_values()[0] == {"step": 0} and widget.frame_values()[-1] == {"step": 29}
    widget.set(step=5)
