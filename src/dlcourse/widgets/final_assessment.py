"""Chapter 20 widget: browse the Fashion-MNIST classes before the assessment."""

from __future__ import annotations

import numpy as np

from dlcourse.widgets.core import explorer


def class_examples(images: np.ndarray, labels: np.ndarray, cls: int, count: int = 12,
                   start: int = 0) -> np.ndarray:
    """``count`` images of class ``cls``, from its ``start``-th example on (wrapping around)."""
    indices = np.flatnonzero(np.asarray(labels) == cls)
    if indices.size == 0:
        raise ValueError(f"there is no image of class {cls}")
    chosen = indices[(start + np.arange(count)) % indices.size]
    return np.asarray(images)[chosen]


def draw_class(images: np.ndarray, labels: np.ndarray, class_names: list[str], cls: int = 0,
               start: int = 0, show_mean: bool = True):
    """Twelve examples of one class, and (optionally) the mean image of the whole class."""
    import matplotlib.pyplot as plt

    examples = class_examples(images, labels, cls, 12, start)
    columns = 7 if show_mean else 6
    figure, axes = plt.subplots(2, columns, figsize=(1.4 * columns, 3.2))
    for ax, image in zip(axes[:, :6].ravel(), examples):
        ax.imshow(image, cmap="gray_r", vmin=0, vmax=255)
    if show_mean:
        mean = np.asarray(images)[np.asarray(labels) == cls].mean(axis=0)
        axes[0, 6].imshow(mean, cmap="magma")
        axes[0, 6].set_title("class mean", fontsize=9)
        share = float(np.mean(np.asarray(labels) == cls))
        axes[1, 6].text(0.5, 0.5, f"{share:.1%}\nof all\nimages", ha="center", va="center", fontsize=10)
        axes[1, 6].set_title("share", fontsize=9)
    for ax in axes.ravel():
        ax.set_xticks([])
        ax.set_yticks([])
    count = int(np.sum(np.asarray(labels) == cls))
    figure.suptitle(f"class {cls}: {class_names[cls]} ({count:,} images), examples from #{start}")
    figure.tight_layout()
    return figure


def fashion_browser_widget(images: np.ndarray, labels: np.ndarray, class_names: list[str]):
    """Pick a class and page through its examples."""
    import ipywidgets as widgets

    def draw(cls=0, start=0, show_mean=True):
        return draw_class(images, labels, class_names, cls, start, show_mean)

    controls = {
        "cls": widgets.Dropdown(options=[(f"{i}: {name}", i) for i, name in enumerate(class_names)],
                                value=0, description="class"),
        "start": widgets.IntSlider(value=0, min=0, max=600, step=12, description="first example"),
        "show_mean": widgets.Checkbox(value=True, description="class mean"),
    }
    frames = {"cls": list(range(len(class_names)))}
    return explorer(draw, controls, frames,
                    alt="Twelve Fashion-MNIST images of the chosen class with the class's mean image")
