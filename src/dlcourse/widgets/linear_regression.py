"""Chapter 02, linear regression: a line through data, its loss, and gradient descent on the loss.

Plain functions compute (:func:`cost`, :func:`gradients`, :func:`gradient_descent`,
:func:`describe_run`) and draw (:func:`draw_fit`, :func:`draw_descent`); :func:`fit_widget` and
:func:`descent_widget` wire them to sliders.
"""

from __future__ import annotations

import numpy as np

WORKED_X = np.array([1.0, 2.0])
WORKED_Y = np.array([3.0, 5.0])
START = (-2.0, 4.0)  # where gradient descent starts in the widget: slope -2, intercept 4


def widget_data() -> tuple[np.ndarray, np.ndarray]:
    """Twelve points scattered around y = 1.5 x + 1 (the same every call)."""
    rng = np.random.default_rng(7)
    x = np.linspace(-2.0, 2.0, 12)
    y = 1.5 * x + 1.0 + rng.normal(0.0, 0.6, size=x.size)
    return x, y


def predict(x, m, b):
    return m * np.asarray(x, dtype=float) + b


def mse(y, y_hat) -> float:
    return float(np.mean((np.asarray(y, dtype=float) - np.asarray(y_hat, dtype=float)) ** 2))


def cost(m, b, x, y):
    """J(m, b) = 1/(2n) * sum((m x + b - y)^2); ``m`` and ``b`` may be arrays (a grid)."""
    m = np.asarray(m, dtype=float)[..., None]
    b = np.asarray(b, dtype=float)[..., None]
    return np.mean((m * x + b - y) ** 2, axis=-1) / 2


def gradients(m: float, b: float, x, y) -> tuple[float, float]:
    """dJ/dm = mean((m x + b - y) x), dJ/db = mean(m x + b - y)."""
    error = m * x + b - y
    return float(np.mean(error * x)), float(np.mean(error))


def least_squares(x, y) -> tuple[float, float]:
    """The analytic solution: slope cov(x, y) / var(x), intercept mean(y) - slope mean(x)."""
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    slope = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    return float(slope), float(y.mean() - slope * x.mean())


def gradient_descent(x, y, learning_rate: float, steps: int, start=START):
    """Run ``steps`` updates; return the path of (m, b), shape (steps + 1, 2), and the costs."""
    m, b = start
    path = [(m, b)]
    for _ in range(int(steps)):
        dm, db = gradients(m, b, x, y)
        m, b = m - learning_rate * dm, b - learning_rate * db
        path.append((m, b))
        if not (np.isfinite(m) and np.isfinite(b)) or max(abs(m), abs(b)) > 1e6:
            break
    path = np.array(path)
    return path, cost(path[:, 0], path[:, 1], x, y)


def describe_run(path, costs, x, y) -> str:
    """A verdict on a run: diverges, bounces, too small, zig-zags, or about right."""
    best = float(cost(*least_squares(x, y), x, y))
    if not np.isfinite(costs[-1]) or costs[-1] > costs[0]:
        return "diverges: the learning rate is too large"
    m_best = least_squares(x, y)[0]
    flips = np.sum(np.diff(np.sign(path[:, 0] - m_best)) != 0)
    far = costs[-1] - best > 0.05 * (costs[0] - best)
    if far and flips >= 3:
        return "too large: bounces across the valley"
    if far:
        return "too small: still far from the bottom"
    if flips >= 3:
        return "converges, but zig-zags across the valley"
    return "about right: converges smoothly"


def draw_fit(m: float = 0.5, b: float = 0.0):
    """Left: data, the line y = m x + b, and the errors. Right: the cost surface with (m, b) marked."""
    import matplotlib.pyplot as plt

    x, y = widget_data()
    y_hat = predict(x, m, b)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    left.scatter(x, y, color="#1f77b4", zorder=3, label="data")
    grid = np.linspace(-2.5, 2.5, 2)
    left.plot(grid, predict(grid, m, b), color="#d62728", lw=2, label=f"y = {m:.1f}x + {b:.1f}")
    left.vlines(x, np.minimum(y, y_hat), np.maximum(y, y_hat), color="grey", lw=1, label="errors")
    left.set_ylim(-6, 8)
    left.set_xlabel("x")
    left.set_ylabel("y")
    left.legend(loc="upper left", fontsize=9)
    left.set_title(f"MSE = {mse(y, y_hat):.2f}, RMSE = {np.sqrt(mse(y, y_hat)):.2f}")

    ms, bs = np.meshgrid(np.linspace(-3, 5, 81), np.linspace(-4, 6, 81))
    right.contourf(ms, bs, np.log10(cost(ms, bs, x, y)), levels=20, cmap="viridis")
    right.plot(*least_squares(x, y), "w*", ms=14, label="lowest cost")
    right.plot([m], [b], "o", color="#d62728", ms=10, mec="white", label="your line")
    right.set_xlabel("slope m")
    right.set_ylabel("intercept b")
    right.legend(loc="upper left", fontsize=9)
    right.set_title(f"cost J(m, b) = {float(cost(m, b, x, y)):.2f} (log colour scale)")
    figure.tight_layout()
    return figure


def draw_descent(learning_rate: float = 0.3, steps: int = 25):
    """Left: the path of gradient descent on the cost surface. Right: the cost after each step."""
    import matplotlib.pyplot as plt

    x, y = widget_data()
    path, costs = gradient_descent(x, y, learning_rate, steps)
    figure, (left, right) = plt.subplots(1, 2, figsize=(10, 4))
    ms, bs = np.meshgrid(np.linspace(-5, 8, 81), np.linspace(-3, 6, 81))
    left.contourf(ms, bs, np.log10(cost(ms, bs, x, y)), levels=20, cmap="viridis")
    shown = path[np.all(np.abs(path) < 50, axis=1)]
    left.plot(shown[:, 0], shown[:, 1], "o-", color="#ff7f0e", ms=4, lw=1.5, label="gradient descent")
    left.plot(*least_squares(x, y), "w*", ms=14, label="lowest cost")
    left.set_xlim(-5, 8)
    left.set_ylim(-3, 6)
    left.set_xlabel("slope m")
    left.set_ylabel("intercept b")
    left.legend(loc="lower right", fontsize=9)
    left.set_title(f"learning rate {learning_rate:g}, {len(path) - 1} steps")
    right.semilogy(np.arange(len(costs)), costs, "o-", color="#ff7f0e", ms=3)
    right.axhline(float(cost(*least_squares(x, y), x, y)), color="grey", ls="--", label="lowest possible")
    right.set_xlabel("step")
    right.set_ylabel("cost J (log scale)")
    right.legend(fontsize=9)
    right.set_title(describe_run(path, costs, x, y))
    figure.tight_layout()
    return figure


def fit_widget():
    """Slope and intercept sliders over the data, the line, the errors and the cost surface."""
    import ipywidgets as widgets

    from dlcourse.widgets.core import explorer

    controls = {
        "m": widgets.FloatSlider(value=0.5, min=-3.0, max=5.0, step=0.1, continuous_update=False),
        "b": widgets.FloatSlider(value=0.0, min=-4.0, max=6.0, step=0.1, continuous_update=False),
    }
    frames = {"m": [-1.0, 0.5, 1.5, 3.0], "b": [-2.0, 0.0, 1.0, 3.0]}
    return explorer(draw_fit, controls, frames,
                    alt="Data points with a line whose slope and intercept you choose, the errors as "
                        "vertical segments, and the cost surface with your choice marked.")


def descent_widget():
    """A learning-rate slider: gradient descent too slow, about right, zig-zagging, diverging."""
    import ipywidgets as widgets

    from dlcourse.widgets.core import explorer

    rates = [0.01, 0.03, 0.1, 0.3, 0.6, 1.0, 1.15, 1.25, 1.35, 1.5]
    controls = {
        "learning_rate": widgets.SelectionSlider(options=rates, value=0.3, continuous_update=False),
        "steps": widgets.IntSlider(value=25, min=1, max=100, continuous_update=False),
    }
    return explorer(draw_descent, controls, {"learning_rate": rates},
                    alt="Gradient descent on the cost surface of a line fit: with a small learning rate "
                        "it crawls, with a good one it reaches the lowest point, with a large one it "
                        "zig-zags or flies away.")
