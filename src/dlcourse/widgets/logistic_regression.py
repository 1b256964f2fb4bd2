"""Chapter 03, logistic regression: a decision boundary that moves with the weights, and the
cross-entropy loss as a function of the model's confidence.

Plain functions compute (:func:`two_blobs`, from :mod:`dlcourse.reference`, :func:`probability`,
:func:`cross_entropy`, :func:`scores`) and draw (:func:`draw_boundary`, :func:`draw_cross_entropy`);
:func:`boundary_widget` and :func:`cross_entropy_widget` wire them to sliders.
"""

from __future__ import annotations

import numpy as np

from dlcourse.reference import two_blobs  # the data of the widget and of lab 03

EPS = 1e-7


def xor_data(n: int = 200, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Points in the four corners of a square; class 1 where exactly one coordinate is positive."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1.0, 1.0, size=(n, 2))
    X += 0.15 * np.sign(X)
    y = ((X[:, 0] > 0) != (X[:, 1] > 0)).astype(int)
    return X, y


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def probability(X, w1: float, w2: float, b: float):
    """P(class 1 | x) = sigmoid(w1 x1 + w2 x2 + b) for each row of ``X``."""
    X = np.asarray(X, dtype=float)
    return sigmoid(X[..., 0] * w1 + X[..., 1] * w2 + b)


def cross_entropy(y, p) -> float:
    """Mean binary cross-entropy, with p clipped to [EPS, 1 - EPS]."""
    p = np.clip(np.asarray(p, dtype=float), EPS, 1 - EPS)
    y = np.asarray(y, dtype=float)
    return float(np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p))))


def scores(w1: float, w2: float, b: float, X=None, y=None) -> tuple[float, float]:
    """Accuracy and cross-entropy of the classifier (w1, w2, b) on the widget's data."""
    if X is None:
        X, y = two_blobs()
    p = probability(X, w1, w2, b)
    return float(np.mean((p > 0.5) == (y == 1))), cross_entropy(y, p)


def boundary_points(w1: float, w2: float, b: float, limit: float = 3.5):
    """Two points on the line w1 x1 + w2 x2 + b = 0 inside the square [-limit, limit]^2 (or None)."""
    if abs(w2) > 1e-9:
        x1 = np.array([-limit, limit])
        return x1, -(w1 * x1 + b) / w2
    if abs(w1) > 1e-9:
        return np.full(2, -b / w1), np.array([-limit, limit])
    return None


def draw_boundary(w1: float = 1.0, w2: float = 1.0, b: float = 0.0):
    """The data, the model's probability as a background, and the decision boundary p = 0.5."""
    import matplotlib.pyplot as plt

    X, y = two_blobs()
    accuracy, loss = scores(w1, w2, b, X, y)
    figure, axes = plt.subplots(figsize=(5.6, 4.8))
    g1, g2 = np.meshgrid(np.linspace(-3.5, 3.5, 81), np.linspace(-3.5, 3.5, 81))
    shading = axes.contourf(g1, g2, probability(np.stack([g1, g2], axis=-1), w1, w2, b),
                            levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.45)
    figure.colorbar(shading, ax=axes, label="P(class 1)")
    axes.scatter(*X[y == 0].T, s=14, color="#1f4e9c", label="class 0")
    axes.scatter(*X[y == 1].T, s=14, color="#b2182b", marker="^", label="class 1")
    line = boundary_points(w1, w2, b)
    if line is not None:
        axes.plot(*line, color="black", lw=2, label="boundary (p = 0.5)")
    axes.set_xlim(-3.5, 3.5)
    axes.set_ylim(-3.5, 3.5)
    axes.set_xlabel("x1")
    axes.set_ylabel("x2")
    axes.legend(loc="lower right", fontsize=8)
    axes.set_title(f"w=({w1:g}, {w2:g}), b={b:g}: accuracy {accuracy:.2f}, cross-entropy {loss:.2f}",
                   fontsize=10)
    figure.tight_layout()
    return figure


def draw_cross_entropy(confidence: float = 0.8, label: int = 1):
    """The loss -log(p) (true class 1) and -log(1 - p) (true class 0) against the predicted p."""
    import matplotlib.pyplot as plt

    p = np.linspace(0.001, 0.999, 500)
    loss = cross_entropy([label], [confidence])
    figure, axes = plt.subplots(figsize=(6.4, 4.0))
    axes.plot(p, -np.log(p), color="#b2182b", lw=2, label="true class 1: -log(p)")
    axes.plot(p, -np.log(1 - p), color="#1f4e9c", lw=2, label="true class 0: -log(1 - p)")
    axes.plot([confidence], [loss], "o", color="black", ms=10, label=f"your prediction: loss {loss:.2f}")
    axes.set_ylim(0, 7)
    axes.set_xlabel("predicted probability of class 1, p")
    axes.set_ylabel("cross-entropy loss")
    axes.legend(loc="upper center", fontsize=9)
    verdict = "confident and right" if (confidence > 0.5) == (label == 1) else "misplaced confidence"
    axes.set_title(f"true class {label}, p = {confidence:g}: loss {loss:.2f} ({verdict})")
    figure.tight_layout()
    return figure


def boundary_widget():
    """Sliders for w1, w2 and b over the data, the probability map and the boundary."""
    import ipywidgets as widgets

    from dlcourse.widgets.core import explorer

    def slider(value):
        return widgets.FloatSlider(value=value, min=-3.0, max=3.0, step=0.1, continuous_update=False)

    controls = {"w1": slider(1.0), "w2": slider(1.0), "b": slider(0.0)}
    frames = {"w1": [-1.0, 1.0, 2.0], "w2": [-1.0, 1.0, 2.0], "b": [-1.0, 0.0, 1.0]}
    return explorer(draw_boundary, controls, frames,
                    alt="Two classes of points in the plane, the logistic model's probability as a "
                        "background colour, and the straight decision boundary, which turns and "
                        "shifts as the weights and bias change.")


def cross_entropy_widget():
    """A confidence slider and the true label: how the cross-entropy punishes misplaced confidence."""
    import ipywidgets as widgets

    from dlcourse.widgets.core import explorer

    levels = [0.01, 0.05, 0.2, 0.5, 0.8, 0.95, 0.99]
    controls = {
        "confidence": widgets.SelectionSlider(options=levels, value=0.8, continuous_update=False),
        "label": widgets.ToggleButtons(options=[0, 1], value=1),
    }
    return explorer(draw_cross_entropy, controls, {"confidence": levels, "label": [0, 1]},
                    alt="Cross-entropy loss against the predicted probability: small when a confident "
                        "prediction is right, growing without bound when it is confidently wrong.")
