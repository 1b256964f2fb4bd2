"""Chapter 10 widget: preview one augmentation layer at a chosen strength on a sample photo."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dlcourse.augmentation_layers import AUGMENTATIONS, make_layer
from dlcourse.widgets.core import explorer


@lru_cache(maxsize=8)
def sample_photo(name: str = "A.jpg", size: int = 96) -> np.ndarray:
    """A course sample photo as float32 RGB in [0, 1], resized to ``size`` x ``size``."""
    from dlcourse.data import load_image, sample_images

    paths = {**sample_images("asl_images"), **sample_images("doggy_door_images")}
    return load_image(paths[name], size=(size, size)).astype("float32") / 255


def augment(image: np.ndarray, layer: str, strength: float, copies: int = 5, seed: int = 0) -> np.ndarray:
    """``copies`` augmented versions of ``image`` (H, W, C) by the layer ``layer``."""
    augmenter = make_layer(layer, strength, seed=seed)
    batch = np.repeat(np.asarray(image, dtype="float32")[None], copies, axis=0)
    return np.clip(np.asarray(augmenter(batch, training=True)), 0, 1)


def draw_augmentation(layer: str = "rotation", strength: float = 0.2, image: str = "A.jpg", seed: int = 0):
    """The original photo and five random augmentations of it."""
    import matplotlib.pyplot as plt

    photo = sample_photo(image)
    versions = augment(photo, layer, strength, seed=seed)
    figure, axes = plt.subplots(1, 6, figsize=(12, 2.6))
    axes[0].imshow(photo)
    axes[0].set_title("original")
    for i, (ax, version) in enumerate(zip(axes[1:], versions), 1):
        ax.imshow(version)
        ax.set_title(f"random #{i}")
    for ax in axes:
        ax.axis("off")
    figure.suptitle(f"{layer}, strength {strength:g}")
    figure.tight_layout()
    return figure


def augmentation_widget():
    """Choose a layer, its strength, the photo and the random seed."""
    import ipywidgets as widgets

    controls = {
        "layer": widgets.Dropdown(options=AUGMENTATIONS, value="rotation", description="layer"),
        "strength": widgets.FloatSlider(value=0.2, min=0.0, max=0.6, step=0.05, description="strength"),
        "image": widgets.Dropdown(options=["A.jpg", "B.jpg", "happy_dog.jpg", "sleepy_cat.jpg"],
                                  value="A.jpg", description="photo"),
        "seed": widgets.IntSlider(value=0, min=0, max=20, description="seed"),
    }
    frames = {"layer": AUGMENTATIONS, "strength": [0.3]}
    return explorer(draw_augmentation, controls, frames,
                    alt="A photo and five randomly augmented copies made by the chosen Keras layer",
                    image_format="jpeg")
