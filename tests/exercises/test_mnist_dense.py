import numpy as np
import pytest

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402

from dlcourse.data import load_mnist  # noqa: E402
from dlcourse.exercises import mnist_dense  # noqa: E402
from dlcourse.exercises.mnist_dense import lab  # noqa: E402
from tests.helpers import raises, status


def dense(sizes, activations, inputs=784):
    return keras.Sequential([keras.Input(shape=(inputs,))]
                            + [keras.layers.Dense(n, activation=a) for n, a in zip(sizes, activations)])


def compiled(model, loss="categorical_crossentropy"):
    model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


# ----------------------------------------------------------------------------- prepare


def test_prepare_solution_passes():
    assert status(lab, "prepare", lambda x: x.reshape(len(x), 784).astype("float32") / 255).status == "pass"


@pytest.mark.parametrize("wrong, words", [
    (lambda x: x.reshape(len(x), 784).astype("float32"), "scale the pixels"),
    (lambda x: x.astype("float32") / 255, "784"),
    (lambda x: x.reshape(len(x), 784) // 255, "dtype"),
    (lambda x: x.reshape(len(x), 784) / x.reshape(len(x), 784).max(axis=1, keepdims=True), "values are not"),
    (lambda x: x.transpose(0, 2, 1).reshape(len(x), 784) / 255, "values are not"),
])
def test_prepare_wrong_answers_fail(wrong, words):
    result = status(lab, "prepare", wrong)
    assert result.status == "fail" and words in result.message


def test_prepare_in_place_fails():
    def in_place(x):
        x[:] = 0
        return x.reshape(len(x), 784) / 255
    result = status(lab, "prepare", in_place)
    assert result.status == "fail" and "in place" in result.message


@pytest.mark.parametrize("junk", [None, "text", 3, lambda x: None, lambda x: "text", raises, lambda: 1])
def test_prepare_junk_fails_cleanly(junk):
    assert status(lab, "prepare", junk).status == "fail"


# ----------------------------------------------------------------------------- one_hot


@pytest.fixture(scope="module")
def labels():
    (_, y_train), _ = load_mnist()
    return y_train


def test_one_hot_solution_passes(labels):
    assert status(lab, "one_hot", keras.utils.to_categorical(labels, 10)).status == "pass"


def test_one_hot_wrong_answers_fail(labels):
    result = status(lab, "one_hot", labels)
    assert result.status == "fail" and "2-D" in result.message
    result = status(lab, "one_hot", keras.utils.to_categorical(labels, 11))
    assert result.status == "fail" and "11 columns" in result.message
    result = status(lab, "one_hot", keras.utils.to_categorical(labels[::-1], 10))
    assert result.status == "fail" and "right columns" in result.message
    result = status(lab, "one_hot", keras.utils.to_categorical(labels[:100], 10))
    assert result.status == "fail" and "rows" in result.message


@pytest.mark.parametrize("junk", [None, "labels", np.zeros((3, 3, 3)), [[1, 2], [3]]])
def test_one_hot_junk_fails_cleanly(junk):
    assert status(lab, "one_hot", junk).status == "fail"


# ----------------------------------------------------------------------------- models


def test_small_model_solution_passes():
    result = status(lab, "small_model", lambda: dense([16, 16, 10], ["relu", "relu", "softmax"]))
    assert result.status == "pass", result.message


def test_small_model_wrong_answers_fail():
    result = status(lab, "small_model", lambda: dense([16, 16, 10], ["relu", "relu", "relu"]))
    assert result.status == "fail" and "softmax" in result.message
    result = status(lab, "small_model", lambda: dense([32, 16, 10], ["relu", "relu", "softmax"]))
    assert result.status == "fail" and "16 each" in result.message
    result = status(lab, "small_model", lambda: dense([16, 10], ["relu", "softmax"]))
    assert result.status == "fail" and "Dense layer" in result.message
    result = status(lab, "small_model", lambda: dense([16, 16, 10], ["relu", "relu", "softmax"], inputs=28))
    assert result.status == "fail" and "784" in result.message

    def extra_bias_free():
        return keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(16, activation="relu", use_bias=False),
                                 keras.layers.Dense(16, activation="relu"), keras.layers.Dense(10, activation="softmax")])
    result = status(lab, "small_model", extra_bias_free)
    assert result.status == "fail" and "parameters" in result.message


@pytest.mark.parametrize("junk", [None, "model", raises, lambda: None, lambda: "model", lambda: np.zeros(3)])
def test_model_junk_fails_cleanly(junk):
    assert status(lab, "small_model", junk).status == "fail"
    assert status(lab, "big_model", junk).status == "fail"


def test_big_model_solution_passes():
    result = status(lab, "big_model", lambda: compiled(dense([512, 512, 10], ["relu", "relu", "softmax"])))
    assert result.status == "pass", result.message


def test_big_model_wrong_answers_fail():
    result = status(lab, "big_model", lambda: dense([512, 512, 10], ["relu", "relu", "softmax"]))
    assert result.status == "fail" and "not compiled" in result.message
    result = status(lab, "big_model", lambda: compiled(dense([512, 512, 10], ["relu", "relu", "softmax"]),
                                                    "sparse_categorical_crossentropy"))
    assert result.status == "fail" and "sparse" in result.message
    result = status(lab, "big_model", lambda: compiled(dense([512, 512, 10], ["relu", "relu", "softmax"]), "mse"))
    assert result.status == "fail" and "cross-entropy" in result.message
    result = status(lab, "big_model", lambda: compiled(dense([16, 16, 10], ["relu", "relu", "softmax"])))
    assert result.status == "fail" and "512" in result.message
    for hidden in ("sigmoid", None):
        result = status(lab, "big_model", lambda h=hidden: compiled(dense([512, 512, 10], [h, h, "softmax"])))
        assert result.status == "fail" and "ReLU" in result.message, result.message


def test_big_model_compiled_otherwise_fails():
    def with_compile(**settings):
        model = dense([512, 512, 10], ["relu", "relu", "softmax"])
        model.compile(loss="categorical_crossentropy", **settings)
        return model

    result = status(lab, "big_model", lambda: with_compile(optimizer="sgd", metrics=["accuracy"]))
    assert result.status == "fail" and "SGD" in result.message and "Adam" in result.message
    result = status(lab, "big_model", lambda: with_compile(optimizer="adam"))
    assert result.status == "fail" and "metrics=['accuracy']" in result.message


# ----------------------------------------------------------------------------- train


def test_untrained_and_wrong_models_fail():
    untrained = compiled(dense([512, 512, 10], ["relu", "relu", "softmax"]))
    result = status(lab, "train", untrained)
    assert result.status == "fail" and "test accuracy measured" in result.message and "target" in result.message
    result = status(lab, "train", compiled(dense([32, 24], ["relu", "softmax"])))
    assert result.status == "fail" and "10 classes" in result.message
    for junk in (None, "model", np.zeros(3)):
        assert status(lab, "train", junk).status == "fail"


def test_trained_model_passes():
    (x, y), _ = load_mnist()
    model = compiled(dense([512, 512, 10], ["relu", "relu", "softmax"]))
    model.fit(x.reshape(len(x), 784) / 255, keras.utils.to_categorical(y, 10), epochs=3, batch_size=128, verbose=0)
    result = status(lab, "train", model)
    assert result.status == "pass", result.message
    assert "measured" in result.message


def test_model_taking_images_is_measured_too(monkeypatch):
    model = keras.Sequential([keras.Input(shape=(28, 28)), keras.layers.Flatten(),
                              keras.layers.Dense(10, activation="softmax")])
    result = status(lab, "train", model)
    assert result.status == "fail" and "measured" in result.message
    from dlcourse import keras_checks
    for module in (mnist_dense, keras_checks):
        monkeypatch.setattr(module, "measured_accuracy", lambda *a: 0.99)
    assert status(lab, "train", model).status == "pass"


def test_model_fitted_on_the_test_images_fails():
    _, (x_test, y_test) = load_mnist()
    keras.utils.set_random_seed(0)
    model = compiled(dense([256, 10], ["relu", "softmax"]))
    model.fit(x_test.reshape(len(x_test), 784) / 255, keras.utils.to_categorical(y_test, 10), epochs=8,
              batch_size=128, verbose=0)
    result = status(lab, "train", model)
    assert result.status == "fail" and "fitted on the test images" in result.message, result.message
