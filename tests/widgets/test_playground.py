"""The chapter 04 playground: data, backprop, training and the drawing respond to the controls."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse import reference  # noqa: E402
from dlcourse.widgets import playground as pg  # noqa: E402


@pytest.mark.parametrize("kind", pg.DATASETS)
def test_make_data_shapes_and_balance(kind):
    X, y = reference.make_data(kind, n=100, seed=1)
    assert X.shape == (100, 2) and y.shape == (100,)
    assert set(np.unique(y)) == {0.0, 1.0}
    assert abs(y.mean() - 0.5) < 0.2


@pytest.mark.parametrize("activation", pg.ACTIVATIONS)
def test_backprop_matches_numerical_gradient(activation):
    X, y = reference.make_data("xor", n=30, seed=2)
    params = pg.init_params(3, seed=1)
    params["b1"] = np.array([0.1, -0.2, 0.3])
    _, grads = reference.loss_and_grads(params, X, y, activation)
    h = 1e-6
    for key in params:
        num = np.zeros_like(params[key])
        for i in np.ndindex(params[key].shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][i] += h
            minus[key][i] -= h
            num[i] = (reference.loss_and_grads(plus, X, y, activation)[0] - reference.loss_and_grads(minus, X, y, activation)[0]) / (2 * h)
        assert np.allclose(num, grads[key], atol=1e-6), key


def test_more_hidden_units_fit_the_rings_better():
    X, y = reference.make_data("circles")
    one, _ = pg.train_network(X, y, hidden=1, learning_rate=1.0, steps=300)
    eight, losses = pg.train_network(X, y, hidden=8, learning_rate=1.0, steps=300)
    assert pg.accuracy(one, X, y) < 0.8 < 0.95 < pg.accuracy(eight, X, y)
    assert losses[-1] < losses[0]


def test_tiny_learning_rate_barely_moves():
    X, y = reference.make_data("circles")
    _, small = pg.train_network(X, y, hidden=8, learning_rate=0.001, steps=100)
    _, good = pg.train_network(X, y, hidden=8, learning_rate=1.0, steps=100)
    assert small[0] - small[-1] < 0.01 < good[0] - good[-1]


def test_draw_titles_follow_controls():
    fig = pg.draw_playground("xor", hidden=2, activation="relu", learning_rate=0.3, steps=50)
    titles = [ax.get_title() for ax in fig.axes]
    assert "xor" in titles[0] and "2 relu units" in titles[0]
    assert "lr 0.3" in titles[1]
    assert len(fig.axes[1].lines[0].get_xdata()) == 51
    plt.close(fig)


def test_widget_controls_redraw():
    explorer = pg.playground_widget()
    assert len(explorer.frame_values()) <= 48
    explorer.set(dataset="moons", hidden=3, steps=100)
    values = {child._kwarg: child.value for child in explorer._interactive.children[:-1]}
    assert values["dataset"] == "moons" and values["hidden"] == 3 and values["steps"] == 100
    a = pg.draw_playground(**values)
    explorer.set(hidden=1)
    b = pg.draw_playground(**{**values, "hidden": 1})
    assert a.axes[0].get_title() != b.axes[0].get_title()
    plt.close("all")
