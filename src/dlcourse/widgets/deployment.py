"""Chapter 11 widgets: predict a letter on the sample photos, and on a photo the learner uploads.

:func:`handle_upload` is the upload button's whole logic (the FileUpload value in, a message
out); :func:`draw_prediction` draws one photo, its 28x28 version and the top probabilities.
"""

from __future__ import annotations

import sys

import numpy as np

from dlcourse.photo_prediction import Prediction, predict, predict_bytes
from dlcourse.widgets.core import explorer

SAMPLES = ["a.png", "b.png", "A.jpg", "B.jpg"]


def describe(result: Prediction | str) -> str:
    """One line for the learner: the letter and its probability, or the error message."""
    if isinstance(result, str):
        return result
    others = ", ".join(f"{letter} {p:.0%}" for letter, p in result.top(3)[1:])
    return f"Prediction: {result.letter} ({result.probability:.0%}); next: {others}."


def handle_upload(model, value) -> str:
    """What the widget shows for a FileUpload ``value`` (a tuple of dicts with name and content)."""
    if not value:
        return "Choose a photo of a hand sign (JPEG or PNG, at most 10 MB)."
    item = value[0] if isinstance(value, (tuple, list)) else next(iter(value.values()))
    name = item.get("name", "the file")
    return f"{name}: {describe(predict_bytes(model, item.get('content'), name))}"


def in_colab() -> bool:
    """Colab's kernel imports ``google.colab`` at start; no other frontend does."""
    return "google.colab" in sys.modules


COLAB_FALLBACK = ("In Colab, if the button does nothing, run <code>from dlcourse.widgets.deployment import "
                  "colab_upload; colab_upload(model)</code> in a new cell (with your model's name): it opens "
                  "Colab's own file picker.")


def colab_upload(model, upload=None) -> str:
    """Colab's file picker (``google.colab.files.upload``), then the upload widget's message.

    It waits for a choice, so it is a separate call and never part of "Run all".
    """
    if upload is None:
        from google.colab import files

        upload = files.upload
    chosen = upload() or {}
    return handle_upload(model, tuple({"name": name, "content": content} for name, content in chosen.items()))


def upload_widget(model):
    """A FileUpload button; each uploaded photo is checked, preprocessed and classified.

    In Colab the message under the button also points at :func:`colab_upload`.
    """
    import ipywidgets as widgets

    button = widgets.FileUpload(accept="image/*", multiple=False, description="Upload a photo")
    first = handle_upload(model, ())
    message = widgets.HTML(value=f"{first} {COLAB_FALLBACK}" if in_colab() else first)

    def on_change(change):
        message.value = handle_upload(model, change["new"])

    button.observe(on_change, names="value")
    return widgets.VBox([button, message])


def draw_prediction(model, image: str = "a.png"):
    """The sample photo, what the model sees (28x28 gray) and its five most likely letters."""
    import matplotlib.pyplot as plt

    from dlcourse.data import load_image, sample_images

    path = sample_images("asl_images")[image]
    result = predict(model, path)
    top = result.top(5)
    figure, axes = plt.subplots(1, 3, figsize=(10, 3.2), gridspec_kw={"width_ratios": [2, 2, 3]})
    axes[0].imshow(load_image(path))
    axes[0].set_title(f"{image} as taken")
    axes[1].imshow(result.image, cmap="gray", vmin=0, vmax=1)
    axes[1].set_title("28x28 gray: model input")
    for ax in axes[:2]:
        ax.axis("off")
    axes[2].barh([letter for letter, _ in top][::-1], [p for _, p in top][::-1], color="tab:blue")
    axes[2].set_xlim(0, 1)
    axes[2].set_xlabel("probability")
    axes[2].set_title(f"prediction: {result.letter} ({result.probability:.0%})")
    figure.suptitle(f"The model on {image}")
    figure.tight_layout()
    return figure


def prediction_widget(model):
    """Pick one of the sample photos and see the model's answer."""
    import ipywidgets as widgets

    controls = {"image": widgets.Dropdown(options=SAMPLES, value=SAMPLES[0], description="photo")}
    return explorer(lambda image=SAMPLES[0]: draw_prediction(model, image), controls,
                    {"image": SAMPLES}, alt="A hand-sign photo, its 28x28 grayscale version and the "
                    "model's five most likely letters", image_format="jpeg")


def probabilities_table(model) -> list[tuple[str, str, float]]:
    """(file, letter, probability) for every sample photo."""
    from dlcourse.data import sample_images

    paths = sample_images("asl_images")
    rows = []
    for name in SAMPLES:
        result = predict(model, paths[name])
        rows.append((name, result.letter, round(float(np.round(result.probability, 4)), 4)))
    return rows
