import numpy as np
import pytest

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402

from dlcourse.data import load_asl  # noqa: E402
from dlcourse.exercises import asl_cnn  # noqa: E402
from dlcourse.exercises.asl_cnn import lab  # noqa: E402
from tests.helpers import raises

L = keras.layers


@pytest.fixture(scope="module")
def data():
    (xt, _), (xv, _) = load_asl()
    return xt, xv


def cnn(layers=None, inputs=(28, 28, 1), classes=24, compile_loss="categorical_crossentropy"):
    if layers is None:
        layers = [L.Conv2D(8, 3, activation="relu"), L.BatchNormalization(), L.MaxPool2D(2), L.Dropout(0.2),
                  L.Flatten(), L.Dense(32, activation="relu")]
    model = keras.Sequential([keras.Input(shape=inputs)] + layers + [L.Dense(classes, activation="softmax")])
    if compile_loss:
        model.compile(optimizer="adam", loss=compile_loss, metrics=["accuracy"])
    return model


def test_reshape(data):
    xt, xv = data
    good_t, good_v = xt.reshape(-1, 28, 28, 1) / 255, xv.reshape(-1, 28, 28, 1) / 255
    assert lab.evaluate("reshape", good_t, good_v).status == "pass"
    result = lab.evaluate("reshape", xt.reshape(len(xt), -1) / 255, good_v)
    assert result.status == "fail" and "4 dimensions" in result.message
    result = lab.evaluate("reshape", xt.reshape(-1, 1, 28, 28) / 255, good_v)
    assert result.status == "fail" and "1, 28, 28)" in result.message and "channel, last" in result.message
    result = lab.evaluate("reshape", xt.reshape(-1, 28, 28, 1).astype(float), good_v)
    assert result.status == "fail" and "[0, 1]" in result.message
    result = lab.evaluate("reshape", xt.transpose(0, 2, 1).reshape(-1, 28, 28, 1) / 255, good_v)
    assert result.status == "fail" and "transpose" in result.message
    for junk in (None, "x", np.zeros(5), [[1], [2, 3]]):
        assert lab.evaluate("reshape", junk, good_v).status == "fail"


def test_cnn_solution_passes():
    assert lab.evaluate("cnn", cnn).status == "pass"


def test_cnn_wrong_answers_fail():
    result = lab.evaluate("cnn", lambda: cnn(inputs=(784,), layers=[L.Dense(32, activation="relu")]))
    assert result.status == "fail" and "input" in result.message
    result = lab.evaluate("cnn", lambda: cnn(layers=[L.Conv2D(8, 3, activation="relu"), L.MaxPool2D(2),
                                                     L.Flatten(), L.Dropout(0.2)]))
    assert result.status == "fail" and "BatchNormalization" in result.message
    result = lab.evaluate("cnn", lambda: cnn(layers=[L.Conv2D(8, 3), L.BatchNormalization(), L.Dropout(0.2),
                                                     L.Flatten()]))
    assert result.status == "fail" and "MaxPooling2D" in result.message
    result = lab.evaluate("cnn", lambda: cnn(classes=25))
    assert result.status == "fail" and "24 classes" in result.message
    result = lab.evaluate("cnn", lambda: cnn(compile_loss=None))
    assert result.status == "fail" and "not compiled" in result.message
    for junk in (None, "cnn", raises, lambda: None, lambda: 1):
        assert lab.evaluate("cnn", junk).status == "fail"


def test_linear_convolutions_fail_and_separate_activations_pass():
    linear = [L.Conv2D(8, 3), L.BatchNormalization(), L.MaxPool2D(2), L.Conv2D(16, 3), L.MaxPool2D(2),
              L.Dropout(0.2), L.Flatten(), L.Dense(32, activation="relu")]
    result = lab.evaluate("cnn", lambda: cnn(layers=linear))
    assert result.status == "fail" and "2 of the Conv2D layers have no activation" in result.message
    one_linear = [L.Conv2D(8, 3, activation="relu"), L.MaxPool2D(2), L.Conv2D(16, 3), L.BatchNormalization(),
                  L.MaxPool2D(2), L.Dropout(0.2), L.Flatten(), L.Dense(32, activation="relu")]
    result = lab.evaluate("cnn", lambda: cnn(layers=one_linear))
    assert result.status == "fail" and "1 of the Conv2D" in result.message
    separate = [L.Conv2D(8, 3, use_bias=False), L.BatchNormalization(), L.Activation("relu"), L.MaxPool2D(2),
                L.Conv2D(16, 3, use_bias=False), L.BatchNormalization(), L.ReLU(), L.MaxPool2D(2),
                L.Flatten(), L.Dropout(0.2), L.Dense(32, activation="relu")]
    assert lab.evaluate("cnn", lambda: cnn(layers=separate)).status == "pass"


def test_train_check(monkeypatch):
    result = lab.evaluate("train", cnn())
    assert result.status == "fail" and "validation accuracy measured" in result.message
    result = lab.evaluate("train", cnn(classes=10))
    assert result.status == "fail" and "24" in result.message
    for junk in (None, "model", np.zeros(3)):
        assert lab.evaluate("train", junk).status == "fail"
    from dlcourse import keras_checks
    for module in (asl_cnn, keras_checks):  # graded and training images alike
        monkeypatch.setattr(module, "measured_accuracy", lambda *a: asl_cnn.VALID_ACCURACY_TARGET + 0.01)
    result = lab.evaluate("train", cnn())
    assert result.status == "pass" and "measured" in result.message


def test_model_fitted_on_the_validation_images_fails():
    _, (x_valid, y_valid) = asl_cnn._asl()
    keras.utils.set_random_seed(0)
    model = cnn(layers=[L.Conv2D(16, 3, activation="relu"), L.MaxPool2D(2), L.Flatten(), L.Dense(64, activation="relu")])
    model.fit(x_valid[..., None] / 255, keras.utils.to_categorical(y_valid, asl_cnn.NUM_CLASSES), epochs=40,
              batch_size=32, verbose=0)
    result = lab.evaluate("train", model)
    assert result.status == "fail" and "fitted on the validation images" in result.message, result.message
