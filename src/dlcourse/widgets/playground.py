"""A small neural-network playground on 2-D data (chapter 04).

Everything is plain NumPy so that it is fast and testable: :func:`make_data` draws a toy data
set, :func:`train_network` trains a one-hidden-layer network by full-batch gradient descent with
hand-written backpropagation, :func:`draw_playground` shows the decision regions and the loss
curve, and :func:`playground_widget` wires them to sliders.
"""

from __future__ import annotations

import numpy as np

from dlcourse.widgets.core import explorer

DATASETS = ("circles", "xor", "moons")
ACTIVATIONS = ("tanh", "relu", "sigmoid")


def make_data(kind: str = "circles", n: int = 200, noise: float = 0.1, seed: int = 0):
    """Return ``X`` (n, 2) and labels ``y`` (n,) in {0, 1} for a toy 2-D problem."""
    rng = np.random.default_rng(seed)
    half = n // 2
    if kind == "circles":
        angle = rng.uniform(0, 2 * np.pi, n)
        radius = np.r_[rng.uniform(0.0, 0.5, half), rng.uniform(0.8, 1.2, n - half)]
        X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
        y = np.r_[np.zeros(half), np.ones(n - half)]
    elif kind == "xor":
        X = rng.uniform(-1, 1, size=(n, 2))
        X += np.sign(X) * 0.1  # keep a small gap around the axes
        y = (X[:, 0] * X[:, 1] < 0).astype(float)
    elif kind == "moons":
        t = rng.uniform(0, np.pi, n)
        top = np.c_[np.cos(t[:half]), np.sin(t[:half])]
        bottom = np.c_[1 - np.cos(t[half:]), 0.5 - np.sin(t[half:])]
        X = np.r_[top, bottom] - [0.5, 0.25]
        y = np.r_[np.zeros(half), np.ones(n - half)]
    else:
        raise ValueError(f"unknown data set {kind!r}; choose one of {DATASETS}")
    X = X + rng.normal(0, noise, X.shape)
    return X.astype(float), y.astype(float)


def activate(z: np.ndarray, name: str) -> np.ndarray:
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(0.0, z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    raise ValueError(f"unknown activation {name!r}; choose one of {ACTIVATIONS}")


def activate_grad(z: np.ndarray, name: str) -> np.ndarray:
    """Derivative of the activation with respect to its input, at ``z``."""
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(float)
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1.0 - s)
    raise ValueError(f"unknown activation {name!r}; choose one of {ACTIVATIONS}")


def init_params(hidden: int, seed: int = 0, n_in: int = 2) -> dict:
    rng = np.random.default_rng(seed)
    return {"W1": rng.normal(0, 1.0, (n_in, hidden)), "b1": np.zeros(hidden),
            "W2": rng.normal(0, 1.0 / np.sqrt(hidden), (hidden, 1)), "b2": np.zeros(1)}


def forward(params: dict, X: np.ndarray, activation: str = "tanh"):
    """Probabilities ``p`` (n,) and the intermediate values the backward pass needs."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = activate(Z1, activation)
    Z2 = A1 @ params["W2"] + params["b2"]
    p = 1.0 / (1.0 + np.exp(-Z2[:, 0]))
    return p, {"X": X, "Z1": Z1, "A1": A1}


def loss_and_grads(params: dict, X: np.ndarray, y: np.ndarray, activation: str = "tanh"):
    """Mean binary cross-entropy and its gradient for every parameter (backpropagation)."""
    p, cache = forward(params, X, activation)
    eps = 1e-12
    loss = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    n = len(y)
    dZ2 = ((p - y) / n)[:, None]                    # sigmoid + cross-entropy together
    grads = {"W2": cache["A1"].T @ dZ2, "b2": dZ2.sum(axis=0)}
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * activate_grad(cache["Z1"], activation)
    grads["W1"] = cache["X"].T @ dZ1
    grads["b1"] = dZ1.sum(axis=0)
    return float(loss), grads


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
