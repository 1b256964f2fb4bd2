"""Optimizers racing on a 2-D surface, and learning curves with early stopping (chapter 05).

The optimizers are written in NumPy, one pure function per update rule, so they are fast, easy to
read next to their equations, and testable:

* :func:`sgd_update`, :func:`momentum_update`, :func:`adagrad_update`, :func:`rmsprop_update`,
  :func:`adam_update` (the same conventions as Keras: momentum keeps a velocity ``v = beta v - lr g``),
  defined in :mod:`dlcourse.reference` and shared with the checks of lab 05;
* :func:`run_optimizer` follows one optimizer from a start point on :func:`surface`;
* :func:`draw_race` and :func:`optimizer_race_widget` show the race;
* :func:`early_stopping_epochs`, :func:`synthetic_curves`, :func:`draw_learning_curves` and
  :func:`learning_curves_widget` show when ``EarlyStopping`` stops and which epoch it keeps.
"""

from __future__ import annotations

import numpy as np

from dlcourse.reference import adagrad_update, adam_update, momentum_update, rmsprop_update, sgd_update
from dlcourse.widgets.core import explorer

OPTIMIZERS = ("SGD", "momentum", "Adagrad", "RMSprop", "Adam")
RACERS = ("SGD", "momentum", "RMSprop", "Adam")
COLORS = {"SGD": "C0", "momentum": "C1", "Adagrad": "C4", "RMSprop": "C2", "Adam": "C3"}

# The surface: a double well along x (tilted, so one minimum is lower) and a bowl along y.
TILT = 0.4
Y_CURVATURE = 2.0


def surface(x, y):
    """f(x, y) = (x^2 - 1)^2 + 0.4 x + 2 y^2: a global minimum, a local minimum and a saddle point."""
    return (x ** 2 - 1) ** 2 + TILT * x + Y_CURVATURE * y ** 2


def surface_grad(w):
    x, y = w
    return np.array([4 * x * (x ** 2 - 1) + TILT, 2 * Y_CURVATURE * y])


def critical_points() -> dict:
    """The surface's three critical points, all on y = 0: roots of 4x^3 - 4x + 0.4 = 0."""
    roots = np.sort(np.roots([4.0, 0.0, -4.0, TILT]).real)
    return {"global minimum": np.array([roots[0], 0.0]), "saddle point": np.array([roots[1], 0.0]),
            "local minimum": np.array([roots[2], 0.0])}


def hessian(w) -> np.ndarray:
    x, _ = w
    return np.array([[12 * x ** 2 - 4, 0.0], [0.0, 2 * Y_CURVATURE]])


def run_optimizer(name: str, start, lr: float, steps: int, grad=surface_grad) -> np.ndarray:
    """The path (steps + 1, dim) of optimizer ``name`` from ``start``, following ``grad``."""
    w = np.array(start, dtype=float)
    state = np.zeros_like(w)
    second = np.zeros_like(w)
    path = [w.copy()]
    for t in range(1, steps + 1):
        g = grad(w)
        if name == "SGD":
            w = sgd_update(w, g, lr)
        elif name == "momentum":
            w, state = momentum_update(w, g, state, lr)
        elif name == "Adagrad":
            w, state = adagrad_update(w, g, state, lr)
        elif name == "RMSprop":
            w, state = rmsprop_update(w, g, state, lr)
        elif name == "Adam":
            w, state, second = adam_update(w, g, state, second, t, lr)
        else:
            raise ValueError(f"unknown optimizer {name!r}; choose one of {OPTIMIZERS}")
        if not np.all(np.isfinite(w)) or np.max(np.abs(w)) > 1e6:
            path.append(np.full_like(w, np.nan))
            break
        path.append(w.copy())
    return np.array(path)


def where_it_ends(point) -> str:
    """Name the basin a final point sits in (or 'diverged')."""
    if not np.all(np.isfinite(point)):
        return "diverged"
    crit = critical_points()
    name, closest = min(crit.items(), key=lambda item: np.linalg.norm(item[1] - point))
    return name if np.linalg.norm(closest - point) < 0.1 else "still moving"


STARTS = {"near the saddle": (critical_points()["saddle point"][0] + 0.01, 1.5),
          "right slope": (1.9, 1.2), "left slope": (-1.8, -1.2)}


def race(start="near the saddle", lr: float = 0.05, steps: int = 60, names=RACERS) -> dict:
    """Paths of several optimizers from the same start: {name: path}."""
    point = STARTS[start] if isinstance(start, str) else start
    return {name: run_optimizer(name, point, lr, steps) for name in names}


def draw_race(start: str = "near the saddle", learning_rate: float = 0.05, steps: int = 100,
              include_adagrad: bool = False):
    """Contour map with each optimizer's path, and f along each path."""
    import matplotlib.pyplot as plt

    names = RACERS + ("Adagrad",) if include_adagrad else RACERS
    paths = race(start, learning_rate, steps, names)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(10, 4.2), gridspec_kw={"width_ratios": [1.3, 1]})
    xs, ys = np.linspace(-2.2, 2.2, 200), np.linspace(-1.6, 1.6, 160)
    gx, gy = np.meshgrid(xs, ys)
    ax1.contourf(gx, gy, surface(gx, gy), levels=30, cmap="Greys", alpha=0.5)
    ax1.contour(gx, gy, surface(gx, gy), levels=30, colors="grey", linewidths=0.4)
    for label, point in critical_points().items():
        marker = "*" if "global" in label else ("o" if "local" in label else "X")
        ax1.plot(*point, marker, color="k", ms=11 if marker == "*" else 8, zorder=5)
        ax1.annotate(label, point, textcoords="offset points", xytext=(-20, -16), fontsize=8)
    for name, path in paths.items():
        ok = np.all(np.isfinite(path), axis=1)
        ax1.plot(path[ok, 0], path[ok, 1], ".-", color=COLORS[name], ms=3, lw=1.2,
                 label=f"{name}: {where_it_ends(path[-1])}")
        values = surface(path[ok, 0], path[ok, 1])
        ax2.plot(np.arange(len(values)), values, color=COLORS[name], label=name)
    ax1.plot(*paths[names[0]][0], "s", color="k", ms=7)
    ax1.set(xlim=(-2.2, 2.2), ylim=(-1.6, 1.6), xlabel="$w_1$", ylabel="$w_2$",
            title=f"Optimizer race from the {start}, lr {learning_rate:g}")
    ax1.legend(fontsize=8, loc="upper left")
    ax2.set(xlabel="step", ylabel="f(w)", title=f"Loss along the path ({steps} steps)", ylim=(-0.6, 6))
    ax2.legend(fontsize=8)
    fig.tight_layout()
    return fig


def optimizer_race_widget():
    """Start point, learning rate and number of steps for SGD, momentum, RMSprop and Adam."""
    import ipywidgets as widgets

    controls = {
        "start": widgets.Dropdown(options=list(STARTS), value="near the saddle", description="start"),
        "learning_rate": widgets.SelectionSlider(options=[0.005, 0.01, 0.02, 0.05, 0.1, 0.2], value=0.05,
                                                 description="learning rate"),
        "steps": widgets.IntSlider(value=100, min=5, max=300, step=5, description="steps"),
        "include_adagrad": widgets.Checkbox(value=False, description="add Adagrad"),
    }
    frames = {"start": list(STARTS), "learning_rate": [0.01, 0.02, 0.05, 0.1, 0.2]}
    alt = ("Contour map of a surface with a global minimum, a local minimum and a saddle point, with the "
           "paths of SGD, momentum, RMSprop and Adam; right: the loss along each path.")
    return explorer(draw_race, controls, frames, alt)


# --------------------------------------------------------------------------- early stopping
def early_stopping_epochs(val_losses, patience: int = 5, min_delta: float = 0.0):
    """What ``keras.callbacks.EarlyStopping(monitor='val_loss', patience=...)`` does with these losses.

    Returns ``(best_epoch, last_epoch)``, both counted from 0: the epoch whose weights
    ``restore_best_weights=True`` keeps, and the last epoch that runs.
    """
    losses = np.asarray(val_losses, dtype=float)
    best, best_epoch, wait = np.inf, 0, 0
    for epoch, loss in enumerate(losses):
        wait += 1
        if loss < best - min_delta:
            best, best_epoch, wait = loss, epoch, 0
            continue
        if wait >= patience and epoch > 0:
            return best_epoch, epoch
    return best_epoch, len(losses) - 1


def synthetic_curves(epochs: int = 80, overfit_from: int = 25, noise: float = 0.02, seed: int = 0):
    """Training and validation loss of a model that starts to overfit at epoch ``overfit_from``."""
    rng = np.random.default_rng(seed)
    e = np.arange(epochs)
    train = 0.15 + 0.85 * np.exp(-e / 12) - 0.0015 * e
    val = 0.3 + 0.75 * np.exp(-e / 12) + 0.004 * np.maximum(0, e - overfit_from) ** 1.3 / 2
    return train + rng.normal(0, noise / 2, epochs), val + rng.normal(0, noise, epochs)


def draw_learning_curves(train, val, patience: int = 5, title: str = "Learning curves"):
    """Both curves, the best epoch (kept by restore_best_weights) and where training stops."""
    import matplotlib.pyplot as plt

    best, last = early_stopping_epochs(val, patience)
    epochs = np.arange(1, len(train) + 1)
    fig, ax = plt.subplots(figsize=(7, 4))
    ax.plot(epochs, train, color="C0", label="training loss")
    ax.plot(epochs, val, color="C1", label="validation loss")
    ax.axvspan(last + 1.5, len(train) + 0.5, color="grey", alpha=0.15, label="never trained (stopped)")
    ax.axvline(best + 1, color="C2", ls="--", label=f"best epoch {best + 1} (weights kept)")
    ax.axvline(last + 1, color="C3", ls=":", label=f"stops after epoch {last + 1}")
    ax.plot(best + 1, val[best], "o", color="C2")
    ax.set(xlabel="epoch", ylabel="loss", title=f"{title} (patience {patience})")
    ax.legend(fontsize=8)
    fig.tight_layout()
    return fig


def _draw_synthetic(patience: int = 5, noise: float = 0.02, overfit_from: int = 25):
    train, val = synthetic_curves(overfit_from=overfit_from, noise=noise)
    return draw_learning_curves(train, val, patience, title=f"Overfitting from epoch {overfit_from}")


def learning_curves_widget():
    """Patience, noise and the onset of overfitting for the early-stopping picture."""
    import ipywidgets as widgets

    controls = {
        "patience": widgets.IntSlider(value=5, min=1, max=20, description="patience"),
        "noise": widgets.SelectionSlider(options=[0.0, 0.01, 0.02, 0.04, 0.08], value=0.02,
                                         description="noise"),
        "overfit_from": widgets.IntSlider(value=25, min=5, max=60, step=5, description="overfits from"),
    }
    frames = {"patience": [1, 2, 5, 10, 20], "noise": [0.02, 0.08]}
    alt = ("Training and validation loss against epochs, with the best validation epoch and the epoch where "
           "early stopping ends training marked.")
    return explorer(_draw_synthetic, controls, frames, alt)
