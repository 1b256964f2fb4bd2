"""Lab 13: transfer learning for the presidential doggy door (Bo or not Bo)."""

from __future__ import annotations

from collections import Counter

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array
from dlcourse.keras_checks import expect_model

lab = Lab("13_transfer_learning", "Transfer learning: the presidential doggy door")

IMAGE_SHAPE = (224, 224, 3)
# Balanced accuracy on valid (10 Bo, 20 not Bo) measured on the solution (3 head epochs + 2
# fine-tuning epochs): seed 42: 0.950, seed 7: 0.925, seed 1: 0.975 (accuracy 0.967, 0.933, 0.967).
# The always-"not Bo" baseline scores 0.50 balanced accuracy and 0.67 accuracy.
TARGET_BALANCED = 0.80
BASELINE_ACCURACY = 0.67


def _sublayers(model, skip=None):
    """Every layer of ``model``, looking inside nested models except ``skip``."""
    for layer in getattr(model, "layers", []):
        yield layer
        if layer is not skip and hasattr(layer, "layers"):
            yield from _sublayers(layer, skip)


def find_base(model):
    """The pre-trained base inside ``model``: the nested model with the most weights."""
    import keras

    nested = [layer for layer in _sublayers(model) if isinstance(layer, keras.Model)
              and not isinstance(layer, keras.Sequential)]
    nested = [layer for layer in nested if layer.count_params() > 100_000]
    return max(nested, key=lambda layer: layer.count_params()) if nested else None


def _reference_first_kernel():
    import keras

    base = keras.applications.MobileNet(alpha=0.75, weights="imagenet", include_top=False,
                                        input_shape=IMAGE_SHAPE)
    return np.asarray(base.layers[1].get_weights()[0]) if base.layers[1].get_weights() else None


@lab.exercise("frozen_model", title="A frozen pre-trained base with a new head", hints=[
    "Start from chapter 12's MobileNet (alpha 0.75, ImageNet weights) without its top, for 224x224 colour images, and freeze it (`trainable`) before you build the model on top.",
    "Layers in order: `keras.Input((224, 224, 3))` -> augmentation (RandomFlip, RandomRotation, ...) -> "
    "`Rescaling(1/127.5, offset=-1)` -> `base(x, training=False)` -> `GlobalAveragePooling2D()` -> "
    "`Dropout(0.2)` -> `Dense(num_classes, activation='softmax')`.",
    "Build a fresh base inside the function every time, and use `num_classes` for the last layer.",
])
def _check_frozen_model(build_model):
    for num_classes in (2, 3):
        what = f"build_model({num_classes})"
        model = expect_model(call_learner(build_model, num_classes, what=what), f"{what}'s result",
                             "build one with keras.Model(inputs, outputs)", built=False)
        shape = tuple(model.input_shape) if not isinstance(model.input_shape, list) else None
        expect(shape is not None and shape[1:] == IMAGE_SHAPE,
               f"the model's input shape is {model.input_shape}; it should take (224, 224, 3) photos.")
        out = tuple(model.output_shape) if not isinstance(model.output_shape, list) else None
        expect(out is not None and out[1:] == (num_classes,),
               f"build_model({num_classes}) has output shape {model.output_shape}; it should give one "
               f"probability per class: (None, {num_classes}).")
        base = find_base(model)
        expect(base is not None, "there is no pre-trained base inside the model: call MobileNet(..., "
                                 "include_top=False) and use it as a layer.")
        expect(not any(w.trainable for w in base.weights) and not base.trainable,
               f"the base '{base.name}' is not frozen: set `base.trainable = False` so that training "
               "changes only the new head.")
        trainable = int(sum(np.prod(w.shape) for w in model.trainable_weights))
        expect(trainable > 0, "the model has no trainable weights at all: the new head must be trainable.")
        expect(trainable < 100_000, f"{trainable:,} weights are trainable; with the base frozen only the "
                                    "small new head (a few thousand) should be.")
        names = [type(layer).__name__ for layer in _sublayers(model, skip=base)]
        expect(any(name.startswith("Random") for name in names),
               "there is no augmentation layer (RandomFlip, RandomRotation, RandomZoom ...) before the base.")
        expect(any(name in ("GlobalAveragePooling2D", "Flatten", "GlobalMaxPooling2D") for name in names),
               "the base's feature maps need pooling (GlobalAveragePooling2D) before the Dense head.")
    reference = _reference_first_kernel()
    mine = base.layers[1].get_weights()[0] if len(base.layers) > 1 and base.layers[1].get_weights() else None
    if reference is not None and (mine is None or mine.shape != reference.shape or not np.allclose(mine, reference)):
        raise CheckFailure("the base does not hold the ImageNet weights: build MobileNet with "
                           "alpha=0.75 and weights='imagenet'.")
    rng = np.random.default_rng(0)
    photos = rng.integers(0, 256, size=(2, *IMAGE_SHAPE)).astype("float32")
    probabilities = expect_array(model(photos, training=False), shape=(2, 3), what="the model's output")
    expect(np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-3) and probabilities.min() >= 0,
           "the outputs of one photo do not sum to 1: end with `Dense(num_classes, activation='softmax')`.")


@lab.exercise("class_weights", title="Class weights from the labels", hints=[
    'First count the photos of each class: NumPy has a function that counts how often each integer label occurs.',
    "The weight of class c is N / (K * n_c): N photos, K classes, n_c photos of class c. The rare "
    "class gets the large weight.",
    'Return a dict from each class number (a Python int) to its weight (a Python float); check that the weights times the counts give the same total for every class.',
])
def _check_class_weights(compute_class_weights):
    cases = [np.array([0] * 18 + [1] * 120), np.array([1] * 30 + [0] * 10),
             np.array([0, 1, 2, 2, 2, 2, 1, 2]), np.array([0, 1] * 5)]
    for labels in cases:
        what = f"compute_class_weights(<labels with counts {dict(sorted(Counter(labels.tolist()).items()))}>)"
        weights = call_learner(compute_class_weights, labels.copy(), what=what)
        if not isinstance(weights, dict):
            raise CheckFailure(f"{what} returned a {type(weights).__name__}; Keras's class_weight is a dict "
                               "{class index: weight}.")
        classes = sorted(set(labels.tolist()))
        keys = sorted(weights)
        expect(keys == classes, f"{what} has keys {keys}; it needs one key per class: {classes}.")
        for key, value in weights.items():
            expect(isinstance(key, (int, np.integer)), f"the key {key!r} is not an integer class index.")
            expect(isinstance(value, (int, float, np.number)) and np.isfinite(float(value)) and float(value) > 0,
                   f"the weight of class {key} is {value!r}; weights are positive numbers.")
        counts = np.bincount(labels)
        expected = {c: len(labels) / (len(counts) * counts[c]) for c in classes}
        if len(set(counts.tolist())) > 1:
            rare, common = int(np.argmin(counts)), int(np.argmax(counts))
            expect(float(weights[rare]) > float(weights[common]),
                   f"{what}: the rare class {rare} gets a smaller weight than the common class {common}; "
                   "it should be the other way round.")
        if not all(np.isclose(float(weights[c]), expected[c], rtol=1e-4) for c in classes):
            ratios = [float(weights[c]) / expected[c] for c in classes]
            if np.allclose(ratios, ratios[0], rtol=1e-4):
                raise CheckFailure(f"{what}: the ratios between classes are right but the scale is not; "
                                   "scale so that the weights, summed over all photos, add up to N (divide by K).")
            raise CheckFailure(f"{what}: the weights are not N / (K * n_c) for each class c.")


def _validation_set():
    from dlcourse.data import image_folder, presidential_doggy_door_dir

    images, labels, classes, _ = image_folder(presidential_doggy_door_dir() / "valid")
    return images.astype("float32"), labels, classes


def balanced_accuracy(labels, predictions) -> float:
    """The mean over classes of the fraction of that class predicted correctly."""
    labels, predictions = np.asarray(labels), np.asarray(predictions)
    return float(np.mean([np.mean(predictions[labels == c] == c) for c in np.unique(labels)]))


@lab.exercise("door_model", title="A trained door that beats the always-'not Bo' baseline", hints=[
    "Train the head first (base frozen, learning rate 1e-3, a few epochs, `class_weight=weights`), "
    "then unfreeze the top of the base and train again at 1e-5.",
    "After changing `trainable`, call `model.compile(...)` again, or the change has no effect.",
    "Check the model on valid yourself: `model.predict(x_valid).argmax(axis=1)` against `y_valid`. "
    "Always answering 'not Bo' already gets 0.67 accuracy: look at the Bo photos it misses.",
])
def _check_door_model(model):
    expect_model(model, "the model", "pass your trained Keras model", built=False)
    images, labels, classes = _validation_set()
    try:
        probabilities = model.predict(images, verbose=0)
    except Exception as error:
        raise CheckFailure(f"model.predict on the (30, 224, 224, 3) validation photos raised "
                           f"{type(error).__name__}: {str(error)[:200]}")
    probabilities = expect_array(probabilities, what="the model's predictions")
    expect(probabilities.ndim == 2 and probabilities.shape == (len(labels), len(classes)),
           f"the predictions have shape {probabilities.shape}; expected one probability per class: "
           f"({len(labels)}, {len(classes)}).")
    predictions = probabilities.argmax(axis=1)
    accuracy = float(np.mean(predictions == labels))
    balanced = balanced_accuracy(labels, predictions)
    bo = classes.index("bo") if "bo" in classes else 0
    found = int(np.sum((predictions == bo) & (labels == bo)))
    summary = (f"balanced accuracy on valid measured {balanced:.4f} (target {TARGET_BALANCED}); "
               f"accuracy measured {accuracy:.4f} (always 'not Bo' gets {BASELINE_ACCURACY})")
    if balanced < TARGET_BALANCED:
        raise CheckFailure(f"{summary}. The door recognises {found} of the {int(np.sum(labels == bo))} Bo "
                           "photos: is the model trained (class weights, enough epochs)?")
    return summary
