"""Checks of lab 13: the solution passes, typical mistakes fail with their message, junk never crashes."""

import numpy as np
import pytest

import dlcourse  # noqa: F401  (points Keras at the local weights before Keras loads)
from dlcourse.exercises.transfer_learning import balanced_accuracy, lab

keras = pytest.importorskip("keras")


def build_model(num_classes, *, freeze=True, augment=True, weights="imagenet", activation="softmax", pool=True):
    base = keras.applications.MobileNet(alpha=0.75, weights=weights, include_top=False, input_shape=(224, 224, 3))
    base.trainable = not freeze
    inputs = keras.Input(shape=(224, 224, 3))
    x = keras.Sequential([keras.layers.RandomFlip("horizontal")], name="augment")(inputs) if augment else inputs
    x = keras.layers.Rescaling(1 / 127.5, offset=-1)(x)
    x = base(x, training=False)
    x = keras.layers.GlobalAveragePooling2D()(x) if pool else keras.layers.Flatten()(x)
    outputs = keras.layers.Dense(num_classes, activation=activation)(x)
    return keras.Model(inputs, outputs)


def weights(labels):
    counts = np.bincount(labels)
    return {int(c): float(len(labels) / (len(counts) * counts[c])) for c in range(len(counts))}


# ----------------------------------------------------------------------------- frozen_model


def test_frozen_model_solution_passes():
    assert lab.evaluate("frozen_model", build_model).status == "pass"


def test_frozen_model_base_not_frozen_fails():
    result = lab.evaluate("frozen_model", lambda n: build_model(n, freeze=False))
    assert result.status == "fail" and "not frozen" in result.message


def test_frozen_model_fixed_two_outputs_fails():
    result = lab.evaluate("frozen_model", lambda n: build_model(2))
    assert result.status == "fail" and "output shape" in result.message


def test_frozen_model_without_augmentation_fails():
    result = lab.evaluate("frozen_model", lambda n: build_model(n, augment=False))
    assert result.status == "fail" and "augmentation" in result.message


def test_frozen_model_random_weights_fails():
    result = lab.evaluate("frozen_model", lambda n: build_model(n, weights=None))
    assert result.status == "fail" and "ImageNet weights" in result.message


def test_frozen_model_without_softmax_fails():
    result = lab.evaluate("frozen_model", lambda n: build_model(n, activation=None))
    assert result.status == "fail" and "softmax" in result.message


def test_frozen_model_without_base_fails():
    def small(n):
        inputs = keras.Input((224, 224, 3))
        x = keras.layers.RandomFlip()(inputs)
        x = keras.layers.GlobalAveragePooling2D()(x)
        return keras.Model(inputs, keras.layers.Dense(n, activation="softmax")(x))

    result = lab.evaluate("frozen_model", small)
    assert result.status == "fail" and "no pre-trained base" in result.message


@pytest.mark.parametrize("junk", [None, "model", lambda n: None, lambda n: 1 / 0, lambda: 1,
                                  lambda n: keras.Sequential([keras.Input((4,)), keras.layers.Dense(n)])])
def test_frozen_model_junk_fails_cleanly(junk):
    assert lab.evaluate("frozen_model", junk).status == "fail"


# ----------------------------------------------------------------------------- class_weights


def test_class_weights_solution_passes():
    assert lab.evaluate("class_weights", weights).status == "pass"


def test_class_weights_inverted_fails():
    def inverted(labels):
        counts = np.bincount(labels)
        return {c: counts[c] / len(labels) for c in range(len(counts))}

    result = lab.evaluate("class_weights", inverted)
    assert result.status == "fail" and "other way round" in result.message


def test_class_weights_wrong_scale_fails():
    def unscaled(labels):
        counts = np.bincount(labels)
        return {c: 1 / counts[c] for c in range(len(counts))}

    result = lab.evaluate("class_weights", unscaled)
    assert result.status == "fail" and "scale" in result.message


def test_class_weights_only_two_classes_fails():
    def two(labels):
        counts = np.bincount(labels)
        return {0: len(labels) / (2 * counts[0]), 1: len(labels) / (2 * counts[1])}

    result = lab.evaluate("class_weights", two)
    assert result.status == "fail" and "keys" in result.message


@pytest.mark.parametrize("junk", [None, "w", lambda y: None, lambda y: [1.0, 2.0], lambda y: 1 / 0,
                                  lambda y: {0: "a", 1: "b"}, lambda y: {"bo": 1.0, "not_bo": 2.0}])
def test_class_weights_junk_fails_cleanly(junk):
    assert lab.evaluate("class_weights", junk).status == "fail"


# ----------------------------------------------------------------------------- door_model


@pytest.fixture(scope="module")
def trained_door():
    """The frozen model with its head fitted on the base's features of the training photos."""
    from dlcourse import data

    keras.utils.set_random_seed(0)
    images, labels, _, _ = data.image_folder(data.presidential_doggy_door_dir() / "train")
    model = build_model(2, augment=False)
    features = keras.Model(model.input, model.layers[-2].output).predict(images.astype("float32"), verbose=0)
    head = keras.Sequential([keras.Input(features.shape[1:]), keras.layers.Dense(2, activation="softmax")])
    head.compile(optimizer=keras.optimizers.Adam(1e-2), loss="sparse_categorical_crossentropy")
    head.fit(features, labels, epochs=60, batch_size=32, class_weight=weights(labels), verbose=0)
    model.layers[-1].set_weights(head.layers[-1].get_weights())
    return model


def test_door_model_trained_passes(trained_door):
    result = lab.evaluate("door_model", trained_door)
    assert result.status == "pass" and "measured" in result.message


def test_door_model_always_not_bo_fails():
    model = build_model(2, augment=False)
    dense = model.layers[-1]
    kernel, _ = dense.get_weights()
    dense.set_weights([np.zeros_like(kernel), np.array([0.0, 5.0], dtype="float32")])
    result = lab.evaluate("door_model", model)
    assert result.status == "fail" and "measured 0.5000" in result.message and "0 of the 10" in result.message


def test_door_model_wrong_output_shape_fails():
    result = lab.evaluate("door_model", build_model(1, augment=False, activation="sigmoid"))
    assert result.status == "fail" and "shape" in result.message


@pytest.mark.parametrize("junk", [None, "model", lambda x: x, 0.97,
                                  keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])])
def test_door_model_junk_fails_cleanly(junk):
    assert lab.evaluate("door_model", junk).status == "fail"


def test_balanced_accuracy():
    labels = np.array([0, 0, 1, 1, 1, 1])
    assert balanced_accuracy(labels, np.ones(6, int)) == 0.5
    assert balanced_accuracy(labels, labels) == 1.0
