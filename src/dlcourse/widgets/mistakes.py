"""Look at a classifier's mistakes: a grid of misclassified images, filtered by true class.

``find_mistakes`` and ``mistakes_figure`` are plain functions (tests and the book call them);
``mistakes_widget`` wires them to a page slider and a class dropdown.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np

ALL = "all"


def find_mistakes(labels, probabilities, true_class=ALL) -> np.ndarray:
    """Indices of the wrong predictions, most confident first; only ``true_class`` unless "all".

    ``labels`` are class indices (N,); ``probabilities`` are the model's outputs (N, classes).
    """
    labels = np.asarray(labels).reshape(-1)
    probabilities = np.asarray(probabilities)
    predicted = probabilities.argmax(axis=1)
    wrong = predicted != labels
    if true_class != ALL:
        wrong &= labels == int(true_class)
    indices = np.flatnonzero(wrong)
    confidence = probabilities[indices, predicted[indices]]
    return indices[np.argsort(-confidence, kind="stable")]


def mistakes_figure(images, labels, probabilities, class_names: Sequence[str] | None = None,
                    true_class=ALL, page: int = 0, rows: int = 2, cols: int = 6):
    """A grid of misclassified images (page ``page``), each titled true -> predicted (confidence)."""
    import matplotlib.pyplot as plt

    images = np.asarray(images)
    probabilities = np.asarray(probabilities)
    labels = np.asarray(labels).reshape(-1)
    names = list(class_names) if class_names is not None else [str(i) for i in range(probabilities.shape[1])]
    mistakes = find_mistakes(labels, probabilities, true_class)
    per_page = rows * cols
    pages = max(1, -(-len(mistakes) // per_page))
    page = int(min(max(page, 0), pages - 1))
    shown = mistakes[page * per_page:(page + 1) * per_page]
    figure, axes = plt.subplots(rows, cols, figsize=(1.6 * cols, 1.9 * rows + 0.5))
    for ax in np.ravel(axes):
        ax.axis("off")
    for ax, index in zip(np.ravel(axes), shown):
        guess = int(probabilities[index].argmax())
        ax.imshow(images[index].reshape(28, 28), cmap="gray_r", vmin=0, vmax=images.max() or 1)
        ax.set_title(f"{names[labels[index]]} → {names[guess]}\n({probabilities[index, guess]:.0%})",
                     fontsize=9, color="firebrick")
    which = "all classes" if true_class == ALL else f"true class {names[int(true_class)]}"
    figure.suptitle(f"{len(mistakes)} mistakes ({which}), page {page + 1} of {pages}", fontsize=11)
    figure.tight_layout()
    return figure


def mistakes_widget(images, labels, probabilities, class_names: Sequence[str] | None = None,
                    frame_classes: Sequence | None = None, frame_pages: int = 2):
    """A page slider and a true-class dropdown over :func:`mistakes_figure`."""
    import ipywidgets as widgets

    from dlcourse.widgets.core import explorer

    n_classes = np.asarray(probabilities).shape[1]
    names = list(class_names) if class_names is not None else [str(i) for i in range(n_classes)]
    options = [("all", ALL)] + [(name, i) for i, name in enumerate(names)]
    count = len(find_mistakes(labels, probabilities))
    pages = max(1, -(-count // 12))

    def draw(true_class=ALL, page=0):
        return mistakes_figure(images, labels, probabilities, names, true_class, page)

    controls = {
        "true_class": widgets.Dropdown(options=options, value=ALL, description="true class"),
        "page": widgets.IntSlider(value=0, min=0, max=pages - 1, description="page"),
    }
    classes = list(frame_classes) if frame_classes is not None else [ALL] + list(range(min(n_classes, 10)))
    frames = {"true_class": classes, "page": list(range(min(frame_pages, pages)))}
    return explorer(draw, controls, frames,
                    alt="A grid of misclassified images, each titled with its true and predicted class.")
