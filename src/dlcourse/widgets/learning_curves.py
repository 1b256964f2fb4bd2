"""A learning-curve viewer: training vs validation curves of one or more Keras histories.

``curves_figure`` draws (tests and the book call it); ``curves_widget`` adds a metric dropdown and
an epoch slider, so a learner can watch the gap between training and validation open up.
"""

from __future__ import annotations

from typing import Mapping

import numpy as np

COLORS = ["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"]


def as_history(history) -> dict[str, list[float]]:
    """A Keras ``History`` or a plain dict of lists -> dict of lists of floats."""
    data = getattr(history, "history", history)
    return {key: [float(v) for v in values] for key, values in dict(data).items()}


def gap_at(history, epoch: int, metric: str = "accuracy") -> float:
    """Training minus validation ``metric`` at 1-based ``epoch`` (clipped to the run's length)."""
    data = as_history(history)
    train, valid = data[metric], data[f"val_{metric}"]
    index = int(min(max(epoch, 1), len(train))) - 1
    return train[index] - valid[index]


def curves_figure(histories: Mapping[str, object], metric: str = "accuracy", epochs: int | None = None):
    """Training (solid) and validation (dashed) ``metric`` per epoch for each named history."""
    import matplotlib.pyplot as plt

    figure, ax = plt.subplots(figsize=(6.4, 4.0))
    notes = []
    for color, (name, history) in zip(COLORS * 4, histories.items()):
        data = as_history(history)
        train, valid = np.array(data[metric]), np.array(data[f"val_{metric}"])
        last = len(train) if epochs is None else int(min(max(epochs, 1), len(train)))
        x = np.arange(1, last + 1)
        ax.plot(x, train[:last], "-o", ms=3, color=color, label=f"{name}: training")
        ax.plot(x, valid[:last], "--s", ms=3, color=color, label=f"{name}: validation")
        notes.append(f"{name} {train[last - 1]:.2f}/{valid[last - 1]:.2f}")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric)
    if metric == "accuracy":
        ax.set_ylim(0, 1.02)
    ax.legend(fontsize=8)
    ax.set_title(f"{metric} (training/validation): " + ", ".join(notes), fontsize=10)
    figure.tight_layout()
    return figure


def curves_widget(histories: Mapping[str, object], frame_epochs: list[int] | None = None):
    """A metric dropdown and an epoch slider over :func:`curves_figure`."""
    import ipywidgets as widgets

    from dlcourse.widgets.core import explorer

    length = max(len(as_history(h)["accuracy"]) for h in histories.values())

    def draw(metric="accuracy", epochs=length):
        return curves_figure(histories, metric, epochs)

    if frame_epochs is None:
        step = max(1, length // 8)
        frame_epochs = sorted(set(list(range(1, length + 1, step)) + [length]))
    controls = {
        "metric": widgets.Dropdown(options=["accuracy", "loss"], value="accuracy", description="metric"),
        "epochs": widgets.IntSlider(value=length, min=1, max=length, description="epochs"),
    }
    return explorer(draw, controls, {"metric": ["accuracy", "loss"], "epochs": frame_epochs},
                    alt="Training and validation curves per epoch; the gap between them shows overfitting.")
