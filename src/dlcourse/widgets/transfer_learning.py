"""Lecture 13 widget: move the decision threshold of the Bo door and watch the confusion matrix."""

from __future__ import annotations

import numpy as np


def confusion_matrix(labels, predictions, num_classes: int = 2) -> np.ndarray:
    """Counts[i, j]: photos of true class i predicted as class j."""
    matrix = np.zeros((num_classes, num_classes), dtype=np.int64)
    for true, predicted in zip(np.asarray(labels, dtype=int), np.asarray(predictions, dtype=int)):
        matrix[true, predicted] += 1
    return matrix


def plot_confusion(matrix, class_names, ax=None, title: str = "confusion matrix"):
    """Draw ``matrix`` with its counts written in the cells."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(3.6, 3.2))
    ax.imshow(matrix, cmap="Blues", vmin=0)
    ax.grid(False)
    for (i, j), count in np.ndenumerate(matrix):
        ax.text(j, i, str(count), ha="center", va="center",
                color="white" if count > matrix.max() / 2 else "black", fontsize=12)
    ax.set_xticks(range(len(class_names)), class_names)
    ax.set_yticks(range(len(class_names)), class_names)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    ax.set_title(title, fontsize=10)
    return ax.figure


def threshold_scores(p_bo, is_bo, threshold: float) -> dict:
    """Door opens when P(Bo) >= threshold: the counts and accuracies that follow."""
    p_bo, is_bo = np.asarray(p_bo, dtype=float), np.asarray(is_bo, dtype=bool)
    opens = p_bo >= threshold
    tp, fn = int(np.sum(opens & is_bo)), int(np.sum(~opens & is_bo))
    fp, tn = int(np.sum(opens & ~is_bo)), int(np.sum(~opens & ~is_bo))
    recall_bo = tp / max(tp + fn, 1)
    recall_other = tn / max(tn + fp, 1)
    return {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "accuracy": (tp + tn) / max(len(p_bo), 1),
            "balanced_accuracy": (recall_bo + recall_other) / 2}


def threshold_figure(p_bo, is_bo, threshold: float = 0.5):
    """Left: each validation photo's P(Bo) by true class with the threshold; right: the confusion matrix."""
    import matplotlib.pyplot as plt

    p_bo, is_bo = np.asarray(p_bo, dtype=float), np.asarray(is_bo, dtype=bool)
    scores = threshold_scores(p_bo, is_bo, threshold)
    figure, (left, right) = plt.subplots(1, 2, figsize=(8.5, 3.3), gridspec_kw={"width_ratios": [1.5, 1]})
    rng = np.random.default_rng(0)
    for row, (mask, name, color) in enumerate(((~is_bo, "not Bo", "tab:gray"), (is_bo, "Bo", "tab:blue"))):
        left.scatter(p_bo[mask], row + rng.uniform(-0.15, 0.15, mask.sum()), color=color, alpha=0.8)
    left.axvline(threshold, color="tab:red", linestyle="--", label=f"threshold {threshold:.2f}")
    left.set_yticks([0, 1], ["not Bo", "Bo"])
    left.set_xlim(-0.02, 1.02)
    left.set_xlabel("P(Bo) from the model")
    left.legend(loc="center left", fontsize=8)
    left.set_title(f"accuracy {scores['accuracy']:.2f}, balanced {scores['balanced_accuracy']:.2f}", fontsize=10)
    matrix = np.array([[scores["tp"], scores["fn"]], [scores["fp"], scores["tn"]]])
    plot_confusion(matrix, ["Bo", "not Bo"], ax=right, title=f"door opens when P(Bo) >= {threshold:.2f}")
    right.set_xticks([0, 1], ["opens", "shut"])
    figure.tight_layout()
    return figure


def threshold_widget(p_bo, is_bo):
    """A threshold slider over the validation photos' P(Bo)."""
    import ipywidgets as widgets

    from dlcourse.widgets import explorer

    def draw(threshold=0.5):
        return threshold_figure(p_bo, is_bo, threshold)

    values = [float(round(v, 2)) for v in np.linspace(0.05, 0.95, 19)]
    control = widgets.SelectionSlider(options=values, value=0.5, description="threshold")
    return explorer(draw, {"threshold": control}, frames={"threshold": values},
                    alt="Validation photos placed by the model's probability that they show Bo, with a "
                        "movable threshold, next to the confusion matrix that threshold gives.")
