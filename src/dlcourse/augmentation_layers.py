"""Chapter 10: the augmentation layers of the course, including a small channel-shift layer.

Keras 3 has preprocessing layers for flips, rotation, zoom, translation (width/height shift),
perspective (a random homography), brightness and contrast. It has no channel shift (adding a
different random offset to each colour channel), so :class:`RandomChannelShift` provides one.
All of them are active only when called with ``training=True`` (as ``fit`` does) and pass
images through unchanged at inference.
"""

from __future__ import annotations

import keras

AUGMENTATIONS = ["horizontal flip", "vertical flip", "rotation", "zoom", "width/height shift",
                 "perspective", "brightness", "contrast", "channel shift"]


@keras.saving.register_keras_serializable(package="dlcourse")
class RandomChannelShift(keras.layers.Layer):
    """Add a random offset in [-factor, factor] x value range to each channel of each image."""

    def __init__(self, factor: float = 0.1, value_range=(0.0, 1.0), seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.factor = float(factor)
        self.value_range = tuple(value_range)
        self.seed = seed
        self.generator = keras.random.SeedGenerator(seed)

    def call(self, images, training=None):
        if not training or self.factor == 0:
            return images
        low, high = self.value_range
        shape = keras.ops.shape(images)
        offsets = keras.random.uniform((shape[0], 1, 1, shape[-1]), -self.factor, self.factor,
                                       seed=self.generator) * (high - low)
        return keras.ops.clip(images + keras.ops.cast(offsets, images.dtype), low, high)

    def compute_output_shape(self, input_shape):
        return input_shape

    def get_config(self):
        return {**super().get_config(), "factor": self.factor, "value_range": list(self.value_range),
                "seed": self.seed}


def make_layer(name: str, strength: float = 0.2, seed: int | None = None) -> keras.layers.Layer:
    """One augmentation layer by name; ``strength`` in [0, 1] sets its range (images in [0, 1])."""
    s = float(strength)
    layers = keras.layers
    factories = {
        "horizontal flip": lambda: layers.RandomFlip("horizontal", seed=seed),
        "vertical flip": lambda: layers.RandomFlip("vertical", seed=seed),
        "rotation": lambda: layers.RandomRotation(s / 2, fill_mode="nearest", seed=seed),  # +-s/2 of a turn
        "zoom": lambda: layers.RandomZoom(s, fill_mode="nearest", seed=seed),
        "width/height shift": lambda: layers.RandomTranslation(s, s, fill_mode="nearest", seed=seed),
        "perspective": lambda: layers.RandomPerspective(factor=1.0, scale=min(s, 1.0), seed=seed),
        "brightness": lambda: layers.RandomBrightness(s, value_range=(0, 1), seed=seed),
        "contrast": lambda: layers.RandomContrast(min(s, 1.0), value_range=(0, 1), seed=seed),
        "channel shift": lambda: RandomChannelShift(s, seed=seed),
    }
    if name not in factories:
        raise ValueError(f"unknown augmentation {name!r}; choose one of {AUGMENTATIONS}")
    return factories[name]()
