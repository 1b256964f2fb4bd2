"""The checking layer's Keras checks: each passes on a right model or tensor and fails clearly on a wrong one."""

import numpy as np
import pytest

keras = pytest.importorskip("keras")

from dlcourse.checking import CheckFailure  # noqa: E402
from dlcourse.keras_checks import (activation_name, dense_layers, expect_compiled_for_one_hot,  # noqa: E402
                                   expect_image_tensor, expect_model, expect_softmax_output, measured_accuracy,
                                   predicted_classes)

L = keras.layers


def classifier(classes=10, activation="softmax", loss="categorical_crossentropy"):
    model = keras.Sequential([keras.Input((784,)), L.Dense(16, activation="relu"),
                              L.Dense(classes, activation=activation)])
    if loss is not None:
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def fails(check, *args, words=(), **kwargs):
    with pytest.raises(CheckFailure) as failure:
        check(*args, **kwargs)
    for word in words:
        assert word in str(failure.value), str(failure.value)
    return str(failure.value)


def test_expect_model():
    model = classifier()
    assert expect_model(model) is model
    fails(expect_model, None, words=("your model is None", "Keras model", "`return`"))
    fails(expect_model, "model", words=("is a str, not a Keras model", "keras.Sequential"))
    fails(expect_model, np.zeros(3), "the trained model", "pass your trained Keras model",
          words=("the trained model is a ndarray", "pass your trained Keras model"))
    fails(expect_model, None, "the model", "pass your trained Keras model", words=("Keras model: pass your",))
    lazy = keras.Sequential([L.Dense(3)])
    fails(expect_model, lazy, words=("not built", "keras.Input"))
    assert expect_model(lazy, built=False) is lazy


def test_dense_layers_and_activations():
    model = keras.Sequential([keras.Input((28, 28, 1)), L.Flatten(), L.Dense(8, activation="relu"), L.Dense(3)])
    dense = dense_layers(model)
    assert [layer.units for layer in dense] == [8, 3]
    assert [activation_name(layer) for layer in dense] == ["relu", "linear"]


def test_expect_softmax_output():
    expect_softmax_output(classifier(), 10)
    fails(expect_softmax_output, classifier(classes=24), 10, words=("(None, 24)", "10 classes"))
    fails(expect_softmax_output, classifier(activation="sigmoid"), 10, "the trained model",
          words=("the trained model", "'sigmoid'", "softmax"))


def test_expect_compiled_for_one_hot():
    expect_compiled_for_one_hot(classifier())
    expect_compiled_for_one_hot(classifier(loss=keras.losses.CategoricalCrossentropy()))
    fails(expect_compiled_for_one_hot, classifier(loss=None), words=("not compiled", "model.compile"))
    fails(expect_compiled_for_one_hot, classifier(loss="sparse_categorical_crossentropy"), words=("sparse", "one-hot"))
    fails(expect_compiled_for_one_hot, classifier(loss="mse"), words=("'mse'", "categorical cross-entropy"))


def bright_or_dark(inputs=(784,)):
    """Class 1 when the image's pixels (in [0, 1]) add up to more than 100, else class 0."""
    model = keras.Sequential([keras.Input(inputs), L.Flatten(), L.Dense(2, activation="softmax")])
    kernel = np.zeros((784, 2), dtype="float32")
    kernel[:, 1] = 1.0
    model.layers[-1].set_weights([kernel, np.array([100.0, 0.0], dtype="float32")])
    return model


def test_predictions_and_accuracy_whatever_input_shape_the_model_takes():
    images = np.stack([np.zeros((28, 28)), np.full((28, 28), 255), np.full((28, 28), 255)]).astype("uint8")
    for inputs in [(784,), (28, 28, 1)]:
        model = bright_or_dark(inputs)
        assert predicted_classes(model, images.reshape(3, -1) / 255.0).tolist() == [0, 1, 1]
        assert measured_accuracy(model, images, np.array([0, 1, 1])) == 1.0
        assert measured_accuracy(model, images, np.array([1, 1, 0])) == pytest.approx(1 / 3)
    small = keras.Sequential([keras.Input((10,)), L.Dense(2, activation="softmax")])
    fails(measured_accuracy, small, images, np.array([0, 1, 1]), words=("(None, 10)", "784 pixels"))


def test_expect_image_tensor():
    raw = np.random.default_rng(0).integers(0, 256, size=(3, 28, 28)).astype("uint8")
    good = raw.reshape(-1, 28, 28, 1).astype("float32") / 255
    assert expect_image_tensor(good, raw, "x_train").shape == (3, 28, 28, 1)
    fails(expect_image_tensor, None, raw, "x_train", words=("x_train is None",))
    fails(expect_image_tensor, good.reshape(3, 784), raw, "x_train", words=("4 dimensions",))
    fails(expect_image_tensor, good.reshape(3, 1, 28, 28), raw, "x_train",
          words=("expected (3, 28, 28, 1)", "channel"))
    fails(expect_image_tensor, raw.reshape(-1, 28, 28, 1), raw, "x_train", words=("dtype uint8",))
    fails(expect_image_tensor, good * 255, raw, "x_valid", words=("x_valid", "[0, 1]"))
    fails(expect_image_tensor, good.transpose(0, 2, 1, 3), raw, "x_train", words=("not the right values",))
