"""Chapter 01, the neuron: one neuron with two inputs, a bias and a choice of activation.

The plain functions (:func:`activate`, :func:`neuron_output`, :func:`draw_neuron`) compute and
draw; :func:`neuron_widget` wires them to sliders and an activation picker.
"""

from __future__ import annotations

import numpy as np

ACTIVATIONS = ("linear", "step", "sigmoid", "tanh", "relu")

FORMULAS = {
    "linear": r"$f(u) = u$",
    "step": r"$f(u) = 1$ if $u > 0$ else $0$",
    "sigmoid": r"$f(u) = 1 / (1 + e^{-u})$",
    "tanh": r"$f(u) = \tanh(u)$",
    "relu": r"$f(u) = \max(0, u)$",
}


def activate(u, name: str):
    """Apply the activation ``name`` (one of :data:`ACTIVATIONS`) element by element."""
    u = np.asarray(u, dtype=float)
    if name == "linear":
        return u
    if name == "step":
        return (u > 0).astype(float)
    if name == "sigmoid":
        return 0.5 * (1.0 + np.tanh(0.5 * u))  # the same as 1 / (1 + exp(-u)), without overflow
    if name == "tanh":
        return np.tanh(u)
    if name == "relu":
        return np.maximum(0.0, u)
    raise ValueError(f"unknown activation {name!r}; choose one of {', '.join(ACTIVATIONS)}")


def softmax(z):
    """Softmax of a vector (subtracting the largest value first, so large inputs do not overflow)."""
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def neuron_output(x, w, b: float, activation: str) -> tuple[float, float]:
    """Multiply and accumulate, add the bias, activate: returns ``(u, f(u))``."""
    u = float(np.dot(np.asarray(x, dtype=float), np.asarray(w, dtype=float)) + b)
    return u, float(activate(u, activation))


def draw_neuron(x1: float = 1.0, x2: float = 0.5, w1: float = 0.8, w2: float = -0.4,
                b: float = 0.0, activation: str = "relu"):
    """Left: the neuron with its inputs and weights. Right: the activation with the output marked."""
    import matplotlib.pyplot as plt

    u, y = neuron_output([x1, x2], [w1, w2], b, activation)
    figure, (left, right) = plt.subplots(1, 2, figsize=(9.5, 3.8), gridspec_kw={"width_ratios": [1, 1.2]})

    left.set_xlim(0, 10)
    left.set_ylim(0, 6)
    left.axis("off")
    for (value, weight, height, name) in [(x1, w1, 4.5, "1"), (x2, w2, 1.5, "2")]:
        left.add_patch(plt.Circle((1.2, height), 0.6, color="#dbe9f6", ec="#2b5d8a"))
        left.text(1.2, height, f"{value:+.1f}", ha="center", va="center", fontsize=10)
        left.text(1.2, height + 0.85, f"$x_{name}$", ha="center", fontsize=11)
        colour = "#1f77b4" if weight >= 0 else "#d62728"
        left.plot([1.8, 5.0], [height, 3.0], color=colour, lw=0.8 + 2.5 * min(abs(weight), 2))
        left.text(3.3, (height + 3.0) / 2 + 0.35, f"$w_{name}$={weight:+.1f}", ha="center", fontsize=10,
                  color=colour)
    left.add_patch(plt.Circle((5.8, 3.0), 0.9, color="#fde7c8", ec="#b5651d"))
    left.text(5.8, 3.25, r"$\Sigma$", ha="center", va="center", fontsize=14)
    left.text(5.8, 2.55, "f", ha="center", va="center", fontsize=11, style="italic")
    left.text(5.8, 1.6, f"b={b:+.1f}", ha="center", fontsize=10)
    left.annotate("", xy=(9.2, 3.0), xytext=(6.7, 3.0), arrowprops={"arrowstyle": "->", "lw": 1.5})
    left.text(8.0, 3.35, f"u={u:+.2f}", ha="center", fontsize=10)
    left.text(8.0, 2.4, f"out={y:.2f}", ha="center", fontsize=10, weight="bold")

    grid = np.linspace(-5, 5, 401)
    right.plot(grid, activate(grid, activation), color="#b5651d", lw=2, label=FORMULAS[activation])
    shown = np.clip(u, -5, 5)
    right.axvline(shown, color="grey", ls="--", lw=1)
    right.plot([shown], [np.clip(y, -5, 5)], "o", color="black", ms=9,
               label=f"u = {u:.2f} -> output {y:.2f}")
    right.set_xlim(-5, 5)
    right.set_ylim(-1.5, 5.2) if activation in ("linear", "relu") else right.set_ylim(-1.2, 1.2)
    right.set_xlabel("u = w1*x1 + w2*x2 + b")
    right.set_ylabel("f(u)")
    right.legend(loc="upper left", fontsize=9)
    right.set_title(f"{activation} activation")
    figure.suptitle(f"One neuron: u = {u:.2f}, output = {y:.2f}")
    figure.tight_layout()
    return figure


def neuron_widget():
    """Sliders for the two inputs, the two weights and the bias, and an activation picker."""
    import ipywidgets as widgets

    from dlcourse.widgets.core import explorer

    def slider(value, low=-2.0, high=2.0):
        return widgets.FloatSlider(value=value, min=low, max=high, step=0.1, continuous_update=False)

    controls = {
        "x1": slider(1.0), "x2": slider(0.5), "w1": slider(0.8), "w2": slider(-0.4),
        "b": slider(0.0, -3.0, 3.0),
        "activation": widgets.Dropdown(options=list(ACTIVATIONS), value="relu"),
    }
    frames = {"activation": list(ACTIVATIONS), "b": [-2.0, -1.0, 0.0, 1.0, 2.0]}
    return explorer(draw_neuron, controls, frames,
                    alt="A neuron with two inputs and its activation function; the output is marked "
                        "on the activation curve and moves as the inputs, weights and bias change.")
