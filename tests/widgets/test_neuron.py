"""The chapter 01 widget: the neuron's computation and its drawing follow the controls."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse.widgets import neuron as widget  # noqa: E402


def test_activations():
    u = np.array([-2.0, 0.0, 3.0])
    assert np.allclose(widget.activate(u, "linear"), u)
    assert np.allclose(widget.activate(u, "step"), [0, 0, 1])
    assert np.allclose(widget.activate(u, "relu"), [0, 0, 3])
    assert np.allclose(widget.activate(u, "sigmoid"), 1 / (1 + np.exp(-u)))
    assert np.allclose(widget.activate(u, "tanh"), np.tanh(u))
    with pytest.raises(ValueError):
        widget.activate(u, "nope")


def test_softmax_is_stable():
    p = widget.softmax(np.array([1000.0, 1001.0, 1002.0]))
    assert np.all(np.isfinite(p)) and np.isclose(p.sum(), 1) and p.argmax() == 2


def test_neuron_output():
    u, y = widget.neuron_output([2.0, 1.0], [0.5, -1.0], 0.5, "relu")
    assert u == pytest.approx(0.5) and y == pytest.approx(0.5)
    u, y = widget.neuron_output([2.0, 1.0], [0.5, -1.0], -2.0, "relu")
    assert u == pytest.approx(-2.0) and y == 0.0


def marker(figure):
    right = figure.axes[1]
    return [line for line in right.get_lines() if line.get_marker() == "o"][0].get_xydata()[0]


@pytest.mark.parametrize("activation", widget.ACTIVATIONS)
def test_draw_marks_the_output(activation):
    figure = widget.draw_neuron(x1=1.0, x2=0.5, w1=0.8, w2=-0.4, b=0.3, activation=activation)
    u, y = widget.neuron_output([1.0, 0.5], [0.8, -0.4], 0.3, activation)
    assert np.allclose(marker(figure), [u, y])
    assert activation in figure.axes[1].get_title()
    assert f"{y:.2f}" in figure._suptitle.get_text()
    plt.close(figure)


def test_explorer_controls_change_the_figure():
    explorer = widget.neuron_widget()
    assert len(explorer.frame_values()) <= 48
    seen = []
    original = explorer.draw

    def spy(**values):
        figure = original(**values)
        seen.append((values, marker(figure)))
        return figure

    explorer.draw = spy
    explorer.set(b=-3.0, activation="relu")
    values, point = seen[-1]
    assert values["b"] == -3.0 and values["activation"] == "relu"
    assert point[1] == 0.0  # u is negative: ReLU outputs 0
    explorer.set(b=2.0, activation="sigmoid")
    values, point = seen[-1]
    assert values["activation"] == "sigmoid" and 0.5 < point[1] < 1
    plt.close("all")


def test_static_html_has_frames():
    explorer = widget.neuron_widget()
    explorer.frames = {"activation": ["relu", "tanh"]}
    html = explorer.static_html()
    assert html.count("data:image/png;base64") >= 1 and "relu" in html
