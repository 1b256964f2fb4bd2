"""The chapter 05 widgets: optimizer updates, the race on the surface, early-stopping curves."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse import reference  # noqa: E402
from dlcourse.widgets import training_well as opt  # noqa: E402


def test_critical_points_have_zero_gradient_and_right_type():
    points = opt.critical_points()
    for name, point in points.items():
        assert np.allclose(opt.surface_grad(point), 0, atol=1e-9)
        eig = np.linalg.eigvalsh(opt.hessian(point))
        assert (eig < 0).sum() == (1 if name == "saddle point" else 0)
    assert opt.surface(*points["global minimum"]) < opt.surface(*points["local minimum"])


def test_updates_match_keras_conventions():
    w, g = np.array([1.0, -2.0]), np.array([0.5, 0.1])
    assert np.allclose(reference.sgd_update(w, g, 0.1), [0.95, -2.01])
    w2, v = reference.momentum_update(w, g, np.array([1.0, 0.0]), 0.1, 0.9)
    assert np.allclose(v, [0.85, -0.01]) and np.allclose(w2, w + v)
    w3, m, s = reference.adam_update(w, g, np.zeros(2), np.zeros(2), 1, 0.1)
    assert np.allclose(w - w3, 0.1 * np.sign(g), rtol=1e-5)   # Adam's first step is lr * sign(g)
    w4, acc = reference.adagrad_update(w, g, np.zeros(2), 0.1)
    assert np.allclose(w - w4, 0.1 * np.sign(g), rtol=1e-5)
    w5, avg = reference.rmsprop_update(w, g, np.zeros(2), 0.1)
    assert np.allclose(avg, 0.1 * g ** 2)


def test_adam_matches_keras():
    import keras

    var = keras.Variable(np.array([1.0, -2.0], dtype="float32"))
    optimizer = keras.optimizers.Adam(learning_rate=0.1, epsilon=1e-7)
    w, m, v = np.array([1.0, -2.0]), np.zeros(2), np.zeros(2)
    for t in range(1, 4):
        grad = np.array([0.5, -0.1]) * t
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(grad.astype("float32")), var)])
        w, m, v = reference.adam_update(w, grad, m, v, t, 0.1)
    assert np.allclose(np.asarray(var), w, atol=1e-5)


def test_race_outcomes():
    paths = opt.race("right slope", lr=0.05, steps=150, names=opt.OPTIMIZERS)
    assert opt.where_it_ends(paths["SGD"][-1]) == "local minimum"
    assert opt.where_it_ends(paths["momentum"][-1]) == "global minimum"
    diverged = opt.race("right slope", lr=0.2, steps=60)
    assert opt.where_it_ends(diverged["SGD"][-1]) == "diverged"
    near = opt.race("near the saddle", lr=0.01, steps=30)
    sgd_moved = np.linalg.norm(near["SGD"][-1][:1] - near["SGD"][0][:1])
    adam_moved = np.linalg.norm(near["Adam"][-1][:1] - near["Adam"][0][:1])
    assert adam_moved > 5 * sgd_moved   # Adam leaves the saddle direction much faster


def test_draw_race_follows_controls():
    fig = opt.draw_race("left slope", learning_rate=0.1, steps=20, include_adagrad=True)
    assert "left slope" in fig.axes[0].get_title() and "lr 0.1" in fig.axes[0].get_title()
    labels = [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    assert any(label.startswith("Adagrad") for label in labels) and len(labels) == 5
    assert all(len(line.get_xdata()) <= 21 for line in fig.axes[1].lines)
    plt.close(fig)


@pytest.mark.parametrize("patience", [1, 3, 10])
def test_early_stopping_epochs_like_keras(patience):
    import keras

    losses = [1.0, 0.8, 0.7, 0.72, 0.69, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2, 1.3, 1.4]
    best, last = opt.early_stopping_epochs(losses, patience)

    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, restore_best_weights=False)
    callback.set_model(keras.Sequential([keras.Input((1,)), keras.layers.Dense(1)]))
    callback.model.stop_training = False
    callback.on_train_begin()
    ran = len(losses) - 1
    for epoch, loss in enumerate(losses):
        callback.on_epoch_end(epoch, {"val_loss": loss})
        if callback.model.stop_training:
            ran = epoch
            break
    assert (best, last) == (callback.best_epoch, ran)


def test_learning_curves_widget_changes_with_patience():
    explorer = opt.learning_curves_widget()
    assert len(explorer.frame_values()) <= 48
    a = opt._draw_synthetic(patience=1)
    b = opt._draw_synthetic(patience=20)
    line_a = [line for line in a.axes[0].lines if line.get_linestyle() == ":"][0].get_xdata()[0]
    line_b = [line for line in b.axes[0].lines if line.get_linestyle() == ":"][0].get_xdata()[0]
    assert line_a < line_b
    explorer.set(patience=7, noise=0.04)
    values = {c._kwarg: c.value for c in explorer._interactive.children[:-1]}
    assert values["patience"] == 7 and values["noise"] == 0.04
    plt.close("all")


def test_race_widget_frames():
    explorer = opt.optimizer_race_widget()
    assert 0 < len(explorer.frame_values()) <= 48
    explorer.set(start="left slope", learning_rate=0.1)
    values = {c._kwarg: c.value for c in explorer._interactive.children[:-1]}
    assert values["start"] == "left slope" and values["learning_rate"] == 0.1
    plt.close("all")
