"""Lab 10: an augmentation pipeline of Keras preprocessing layers, and a model trained with it."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array

lab = Lab("10_data_augmentation", "Data augmentation for the ASL letters")

# Validation accuracy of the solution's augmented CNN (12 epochs, see solutions/10), measured on
# 2 CPU cores: 0.3675 (seed 42), 0.3604 (seed 7), 0.2880 (seed 123). Chance level is 1/24 = 0.04.
VALID_TARGET = 0.22

GEOMETRIC = ("RandomRotation", "RandomZoom", "RandomTranslation", "RandomPerspective", "RandomFlip",
             "RandomShear", "RandomCrop")
PHOTOMETRIC = ("RandomBrightness", "RandomContrast", "RandomChannelShift", "RandomColorJitter")


def augmentation_layers(model) -> list:
    """Every augmentation layer inside ``model`` (nested Sequential models included)."""
    found = []
    for layer in getattr(model, "layers", []):
        name = type(layer).__name__
        if name in GEOMETRIC + PHOTOMETRIC or name.startswith("Random"):
            found.append(layer)
        elif hasattr(layer, "layers"):
            found.extend(augmentation_layers(layer))
    return found


def _asl_batch(n: int = 16) -> np.ndarray:
    from dlcourse.data import load_asl

    (_, _), (x_valid, _) = load_asl()
    return x_valid[:n, :, :, None].astype("float32") / 255


def check_pipeline(build_augmentation, batch: np.ndarray, *, min_layers: int, upright: str,
                   why_geometric: str = "") -> str:
    """The checks every augmentation exercise shares (chapter 10, the final assessment)."""
    import keras

    pipeline = call_learner(build_augmentation, what="build_augmentation()")
    if not isinstance(pipeline, keras.layers.Layer):
        raise CheckFailure(f"build_augmentation() returned a {type(pipeline).__name__}; return a "
                           "keras.Sequential of preprocessing layers.")
    layers = augmentation_layers(pipeline) if hasattr(pipeline, "layers") else (
        [pipeline] if type(pipeline).__name__.startswith("Random") else [])
    names = [type(layer).__name__ for layer in layers]
    words = {2: "two", 3: "three"}
    expect(len(layers) >= min_layers, f"the pipeline has {len(layers)} augmentation layer(s) "
                                      f"({', '.join(names) or 'none'}); use at least "
                                      f"{words.get(min_layers, min_layers)} different ones.")
    expect(any(n in GEOMETRIC for n in names),
           f"add at least one geometric layer (rotation, zoom, shift, perspective){why_geometric}.")
    for layer in layers:
        if type(layer).__name__ == "RandomFlip" and "vertical" in str(getattr(layer, "mode", "")):
            raise CheckFailure(f"the pipeline flips vertically: {upright}")
    try:
        inactive = np.asarray(pipeline(batch, training=False))
        active = np.asarray(pipeline(batch, training=True))
    except Exception as error:
        raise CheckFailure(f"the pipeline fails on a batch of shape {batch.shape}: {type(error).__name__}: {error}")
    expect_array(active, shape=batch.shape, what="the augmented batch")
    expect(np.allclose(inactive, batch, atol=1e-6),
           "with training=False the pipeline changes the images; augmentation must be off at inference.")
    expect(not np.allclose(active, batch, atol=1e-3),
           "with training=True the pipeline leaves the images unchanged: are the factors all zero?")
    expect(active.min() > -0.05 and active.max() < 1.05,
           f"augmented pixels range from {active.min():.2f} to {active.max():.2f}; set value_range=(0, 1) "
           "on brightness/contrast layers so they stay in [0, 1].")
    return f"{len(layers)} layers ({', '.join(names)}), active in training only."


@lab.exercise("build_augmentation", title="An augmentation pipeline", hints=[
    "Return `keras.Sequential([...])` of preprocessing layers such as `keras.layers.RandomRotation`, "
    "`RandomZoom`, `RandomTranslation`, `RandomBrightness(..., value_range=(0, 1))`, `RandomContrast`.",
    "Keep it mild for 28x28 letters: rotations of a few degrees (factor 0.03 to 0.05), zoom and shifts "
    "of 5-10 %. Hands are never upside down: no vertical flip.",
    "Pass `value_range=(0, 1)` to the brightness and contrast layers: our pixels are scaled to [0, 1].",
])
def _check_pipeline(build_augmentation):
    return check_pipeline(build_augmentation, _asl_batch(), min_layers=3,
                          upright="nobody signs upside down, so those images would teach the model "
                                  "hands it will never see.")


@lab.exercise("augmented_model", title="Train with augmentation", hints=[
    "Put the pipeline right after `keras.Input(shape=(28, 28, 1))`, then the CNN of chapter 09.",
    "Compile with `sparse_categorical_crossentropy` and `metrics=[\"accuracy\"]`, then fit on "
    "x_train, y_train with validation_data=(x_valid, y_valid).",
    "Augmented models learn more slowly: give them a few more epochs than the plain CNN.",
])
def _check_model(model):
    import keras

    from dlcourse.data import load_asl

    if not isinstance(model, keras.Model):
        raise CheckFailure(f"expected a trained Keras model, got {type(model).__name__}.")
    expect(augmentation_layers(model), "the model has no augmentation layers: put your pipeline inside it.")
    (_, _), (x_valid, y_valid) = load_asl()
    x_valid = x_valid[..., None].astype("float32") / 255
    try:
        probabilities = np.asarray(model.predict(x_valid, verbose=0))
    except Exception as error:
        raise CheckFailure(f"the model cannot predict on images of shape (N, 28, 28, 1): {error}")
    expect(probabilities.ndim == 2 and probabilities.shape[1] == 24,
           f"the model outputs shape {probabilities.shape}; it needs 24 outputs, one per letter.")
    accuracy = float(np.mean(probabilities.argmax(axis=1) == y_valid))
    expect(accuracy >= VALID_TARGET, f"validation accuracy measured {accuracy:.4f} (target {VALID_TARGET}): "
                                     "train longer or make the augmentation milder.")
    return f"validation accuracy measured {accuracy:.4f} (target {VALID_TARGET})."
