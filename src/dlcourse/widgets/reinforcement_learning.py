"""Reinforcement-learning pictures: discounted returns for a discount factor, and CartPole drawn
from its state vector (no pygame needed)."""

from __future__ import annotations

import numpy as np

from dlcourse.reference import reference_returns

POLE_LENGTH = 1.0   # drawn length (CartPole's half-length is 0.5)
X_LIMIT = 2.4       # the episode ends when the cart leaves [-2.4, 2.4]


def returns_for(gamma: float, length: int = 50, normalize: bool = False) -> np.ndarray:
    """Discounted returns of an episode that earns +1 each step (CartPole's reward)."""
    return reference_returns(np.ones(length), gamma, normalize)


def draw_returns(gamma: float = 0.9, length: int = 100, normalize: bool = False):
    import matplotlib.pyplot as plt

    returns = returns_for(gamma, length, normalize)
    figure, ax = plt.subplots()
    ax.plot(np.arange(length), returns, "o-", ms=3, label=f"$G_t$, $\\gamma$ = {gamma}")
    if not normalize and gamma < 1:
        ax.axhline(1 / (1 - gamma), color="gray", ls="--", label=f"1/(1-$\\gamma$) = {1 / (1 - gamma):.1f}")
    ax.set_xlabel("time step t")
    ax.set_ylabel("normalized return" if normalize else "return $G_t$")
    horizon = "infinite" if gamma >= 1 else f"{1 / (1 - gamma):.0f} steps"
    ax.set_title(f"Returns of a {length}-step episode, gamma = {gamma} (horizon ~ {horizon})")
    ax.legend(loc="upper right")
    return figure


def discount_widget():
    import ipywidgets as widgets

    from dlcourse.widgets import explorer

    gammas = [0.0, 0.5, 0.8, 0.9, 0.95, 0.99, 1.0]
    controls = {
        "gamma": widgets.SelectionSlider(options=gammas, value=0.9, description="gamma"),
        "length": widgets.IntSlider(value=100, min=10, max=500, step=10, description="length"),
        "normalize": widgets.Checkbox(value=False, description="normalize"),
    }
    return explorer(draw_returns, controls, {"gamma": gammas, "normalize": [False, True]},
                    alt="Discounted returns along an episode with reward 1 per step: with a small gamma "
                        "they are flat near 1/(1-gamma) and fall only at the end; with gamma 1 they fall "
                        "linearly from the episode length to 1.")


def draw_cartpole(ax, state, title: str = "") -> None:
    """Draw the cart and the pole for ``state`` = (x, x_dot, theta, theta_dot) on ``ax``."""
    from matplotlib.patches import Rectangle

    x, _x_dot, theta, _theta_dot = (float(v) for v in state)
    ax.set_xlim(-X_LIMIT - 0.4, X_LIMIT + 0.4)
    ax.set_ylim(-0.4, 1.4)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.plot([-X_LIMIT, X_LIMIT], [0, 0], color="black", lw=1)
    for edge in (-X_LIMIT, X_LIMIT):
        ax.plot([edge, edge], [-0.1, 0.1], color="tab:red", lw=2)
    ax.add_patch(Rectangle((x - 0.25, -0.08), 0.5, 0.2, color="tab:blue"))
    tip = (x + POLE_LENGTH * np.sin(theta), 0.12 + POLE_LENGTH * np.cos(theta))
    ax.plot([x, tip[0]], [0.12, tip[1]], color="tab:orange", lw=4, solid_capstyle="round")
    if title:
        ax.set_title(title, fontsize=9)


def draw_strip(states, steps, suptitle: str):
    """Several CartPole states side by side (an image strip)."""
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(states), figsize=(1.8 * len(states), 2.0))
    for ax, state, step in zip(np.atleast_1d(axes), states, steps):
        draw_cartpole(ax, state, f"t = {step}\nangle {np.degrees(state[2]) + 0.0:+.1f}°")
    figure.suptitle(suptitle)
    figure.tight_layout()
    return figure


def episode_widget(states):
    """A frame slider over a recorded episode (``states``: one state vector per step)."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from dlcourse.widgets import explorer

    states = np.asarray(states)
    last = len(states) - 1

    def draw(step=0):
        figure, ax = plt.subplots(figsize=(5, 2.4))
        draw_cartpole(ax, states[min(int(step), last)])
        ax.set_title(f"CartPole at step {min(int(step), last)} of {last}")
        return figure

    frames = sorted(set(int(s) for s in np.linspace(0, last, min(24, last + 1))))
    controls = {"step": widgets.IntSlider(value=0, min=0, max=last, description="step")}
    return explorer(draw, controls, {"step": frames},
                    alt="The cart and pole at a chosen time step of one episode.")
