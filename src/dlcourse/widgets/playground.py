"""A small neural-network playground on 2-D data (chapter 04).

Everything is plain NumPy so that it is fast and testable: :func:`make_data` draws a toy data
set and :func:`loss_and_grads` backpropagates (both in :mod:`dlcourse.reference`, shared with the
checks of lab 04), :func:`train_network` trains a one-hidden-layer network by full-batch gradient
descent, :func:`draw_playground` shows the decision regions and the loss curve, and
:func:`playground_widget` wires them to sliders.
"""

from __future__ import annotations

import numpy as np

from dlcourse.reference import ACTIVATIONS, DATASETS, forward, loss_and_grads, make_data
from dlcourse.widgets.core import explorer


def init_params(hidden: int, seed: int = 0, n_in: int = 2) -> dict:
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0, 1.0, (n_in, hidden)), "b1": np.zeros(hidden),
            "W2": rng.normal(0, 1.0 / np.sqrt(hidden), (hidden, 1)), "b2": np.zeros(1)}


def train_network(X, y, hidden: int = 4, activation: str = "tanh", learning_rate: float = 0.5,
                  steps: int = 300, seed: int = 0):
    """Full-batch gradient descent; returns the trained parameters and the loss at every step."""
    params = init_params(hidden, seed, X.shape[1])
    losses = []
    for _ in range(steps):
        loss, grads = loss_and_grads(params, X, y, activation)
        losses.append(loss)
        for key in params:
            params[key] = params[key] - learning_rate * grads[key]
    losses.append(loss_and_grads(params, X, y, activation)[0])
    return params, np.array(losses)


def accuracy(params: dict, X, y, activation: str = "tanh") -> float:
    p, _ = forward(params, X, activation)
    return float(np.mean((p > 0.5) == (y > 0.5)))


def decision_grid(params: dict, activation: str, lim: float = 1.6, size: int = 80):
    xs = np.linspace(-lim, lim, size)
    gx, gy = np.meshgrid(xs, xs)
    p, _ = forward(params, np.c_[gx.ravel(), gy.ravel()], activation)
    return gx, gy, p.reshape(gx.shape)


def draw_playground(dataset: str = "circles", hidden: int = 4, activation: str = "tanh",
                    learning_rate: float = 1.0, steps: int = 300, seed: int = 0):
    """Train a 2-``hidden``-1 network and draw its decision regions and loss curve."""
    import matplotlib.pyplot as plt

    X, y = make_data(dataset, seed=seed)
    params, losses = train_network(X, y, hidden, activation, learning_rate, steps, seed)
    acc = accuracy(params, X, y, activation)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(9, 4))
    gx, gy, p = decision_grid(params, activation)
    ax1.contourf(gx, gy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
    ax1.contour(gx, gy, p, levels=[0.5], colors="k", linewidths=1.5)
    ax1.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", edgecolors="k", s=18)
    ax1.set(xlim=(-1.6, 1.6), ylim=(-1.6, 1.6), xlabel="$x_1$", ylabel="$x_2$",
            title=f"{dataset}: {hidden} {activation} units, accuracy {acc:.2f}")
    ax1.set_aspect("equal")
    ax2.plot(np.arange(len(losses)), losses, color="C0")
    ax2.set(xlabel="gradient step", ylabel="cross-entropy loss",
            title=f"loss {losses[0]:.3f} → {losses[-1]:.3f} (lr {learning_rate:g})")
    if np.all(np.isfinite(losses)) and losses.max() > 0:
        ax2.set_ylim(0, max(1.0, float(losses.max()) * 1.05))
    fig.tight_layout()
    return fig


def playground_widget():
    """Sliders for data set, hidden units, activation, learning rate and number of steps."""
    import ipywidgets as widgets

    controls = {
        "dataset": widgets.Dropdown(options=list(DATASETS), value="circles", description="data"),
        "hidden": widgets.IntSlider(value=4, min=1, max=16, description="hidden units"),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value="tanh", description="activation"),
        "learning_rate": widgets.SelectionSlider(options=[0.01, 0.03, 0.1, 0.3, 1.0, 3.0], value=1.0,
                                                 description="learning rate"),
        "steps": widgets.IntSlider(value=300, min=0, max=1000, step=50, description="train steps"),
    }
    frames = {"dataset": ["circles", "xor"], "hidden": [1, 2, 4, 8], "activation": ["tanh", "relu", "sigmoid"]}
    alt = ("Left: a toy 2-D data set with the decision regions of a one-hidden-layer network; "
           "right: its training loss against gradient steps.")
    return explorer(draw_playground, controls, frames, alt)
