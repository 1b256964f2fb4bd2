"""Lecture 12 widget: a photo and the top classes a pre-trained ImageNet model gives it."""

from __future__ import annotations

from typing import Callable

import numpy as np

DOG_CLASSES = range(151, 269)
CAT_CLASSES = range(281, 286)


def door_decision(index: int) -> str:
    """What the doggy door does for ImageNet class ``index``."""
    if index in DOG_CLASSES:
        return "dog: the door opens"
    if index in CAT_CLASSES:
        return "cat: the door stays shut"
    return "not a dog: the door stays shut"


def top_classes(probabilities, k: int = 5) -> list[tuple[int, str, float]]:
    """The ``k`` most likely ImageNet classes as (index, name, probability), best first."""
    from keras.applications.mobilenet import decode_predictions

    probabilities = np.asarray(probabilities, dtype="float32").reshape(1, 1000)
    order = np.argsort(probabilities[0])[::-1][:k]
    names = [name for _, name, _ in decode_predictions(probabilities, top=k)[0]]
    return [(int(i), n, float(probabilities[0, i])) for i, n in zip(order, names)]


def top_classes_figure(image, top: list[tuple[int, str, float]], title: str = ""):
    """The photo on the left, a bar chart of its top classes on the right, the decision as title."""
    import matplotlib.pyplot as plt

    figure, (left, right) = plt.subplots(1, 2, figsize=(8.5, 3.4), gridspec_kw={"width_ratios": [1, 1.3]})
    left.imshow(np.asarray(image, dtype=np.uint8))
    left.axis("off")
    left.set_title(title or "photo", fontsize=10)
    labels = [f"{name} ({index})" for index, name, _ in top][::-1]
    values = [p for _, _, p in top][::-1]
    colors = ["tab:green" if i in DOG_CLASSES else "tab:orange" if i in CAT_CLASSES else "tab:gray"
              for i, _, _ in top][::-1]
    right.barh(labels, values, color=colors)
    right.set_xlim(0, 1)
    right.set_xlabel("probability")
    right.set_title(f"top {len(top)}: {door_decision(top[0][0])}", fontsize=10)
    figure.tight_layout()
    return figure


def top_classes_widget(predict: Callable, photos: dict, preprocess: Callable, k: int = 5):
    """A dropdown of photos and a preprocessing switch; shows each photo's top ``k`` classes.

    ``predict(batch)`` returns (1, 1000) probabilities, ``photos`` maps names to file paths and
    ``preprocess`` is the model's ``preprocess_input``. Predictions are computed once, up front.
    """
    import ipywidgets as widgets

    from dlcourse.data import load_image
    from dlcourse.widgets import explorer

    names = sorted(photos)
    images = {name: load_image(photos[name], (224, 224)) for name in names}
    results = {}
    for name in names:
        raw = images[name].astype("float32")[None]
        for on in (True, False):
            batch = preprocess(raw.copy()) if on else raw
            results[name, on] = top_classes(np.asarray(predict(batch)), k)

    def draw(photo=names[0], preprocessed=True):
        state = "preprocessed" if preprocessed else "raw 0..255 pixels (no preprocess_input)"
        return top_classes_figure(images[photo], results[photo, preprocessed], f"{photo}, {state}")

    controls = {"photo": widgets.Dropdown(options=names, value=names[0], description="photo"),
                "preprocessed": widgets.Checkbox(value=True, description="preprocess_input")}
    return explorer(draw, controls, frames={"photo": names, "preprocessed": [True, False]},
                    alt="A photo next to a bar chart of the five ImageNet classes the model finds most "
                        "likely for it, with the doggy door's decision.",
                    image_format="jpeg")
