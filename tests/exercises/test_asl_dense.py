import numpy as np
import pytest

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402

from dlcourse.data import load_asl  # noqa: E402
from dlcourse.exercises import asl_dense  # noqa: E402
from dlcourse.exercises.asl_dense import DIAGNOSES, lab  # noqa: E402
from tests.helpers import raises


@pytest.fixture(scope="module")
def data():
    (xt, yt), (xv, yv) = load_asl()
    flat = lambda x: x.reshape(len(x), -1).astype("float32") / 255  # noqa: E731
    return flat(xt), flat(xv), yt, yv, xt, xv


def dense_model(sizes=(64, 24), activations=("relu", "softmax"), loss="categorical_crossentropy", inputs=784):
    model = keras.Sequential([keras.Input(shape=(inputs,))]
                             + [keras.layers.Dense(n, activation=a) for n, a in zip(sizes, activations)])
    if loss:
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def test_prepare(data):
    xt, xv, _, _, raw_t, raw_v = data
    assert lab.evaluate("prepare", xt, xv).status == "pass"
    result = lab.evaluate("prepare", raw_t.reshape(len(raw_t), -1).astype(float), xv)
    assert result.status == "fail" and "[0, 1]" in result.message
    result = lab.evaluate("prepare", xt / 255, xv)
    assert result.status == "fail" and "divided twice" in result.message
    result = lab.evaluate("prepare", raw_t / 255.0, xv)
    assert result.status == "fail" and "shape" in result.message
    result = lab.evaluate("prepare", xt, xt)
    assert result.status == "fail" and "x_valid" in result.message
    for junk in (None, "x", np.zeros((2, 2)), [[1, 2], [3]]):
        assert lab.evaluate("prepare", junk, xv).status == "fail"


def test_one_hot(data):
    _, _, yt, yv, _, _ = data
    good_t, good_v = keras.utils.to_categorical(yt, 24), keras.utils.to_categorical(yv, 24)
    assert lab.evaluate("one_hot", good_t, good_v).status == "pass"
    result = lab.evaluate("one_hot", keras.utils.to_categorical(yt, 26), good_v)
    assert result.status == "fail" and "24 classes" in result.message
    result = lab.evaluate("one_hot", yt, good_v)
    assert result.status == "fail" and "2-D" in result.message
    result = lab.evaluate("one_hot", good_t, good_v[::-1])
    assert result.status == "fail" and "y_valid" in result.message
    for junk in (None, "y", np.zeros((2, 2, 2))):
        assert lab.evaluate("one_hot", junk, good_v).status == "fail"


def test_model():
    assert lab.evaluate("model", lambda: dense_model((512, 512, 24), ("relu", "relu", "softmax"))).status == "pass"
    result = lab.evaluate("model", lambda: dense_model((64, 10)))
    assert result.status == "fail" and "24 classes" in result.message
    result = lab.evaluate("model", lambda: dense_model((64, 24), ("relu", "sigmoid")))
    assert result.status == "fail" and "softmax" in result.message
    result = lab.evaluate("model", lambda: dense_model(loss=None))
    assert result.status == "fail" and "not compiled" in result.message
    result = lab.evaluate("model", lambda: dense_model((24,), ("softmax",)))
    assert result.status == "fail" and "hidden layer" in result.message
    for junk in (None, "model", raises, lambda: None, lambda: 42):
        assert lab.evaluate("model", junk).status == "fail"


def test_train(data):
    xt, xv, yt, yv, _, _ = data
    model = dense_model((512, 512, 24), ("relu", "relu", "softmax"))
    short = model.fit(xt, keras.utils.to_categorical(yt, 24), epochs=1, batch_size=64, verbose=0)
    result = lab.evaluate("train", model, short)
    assert result.status == "fail" and "val_accuracy" in result.message
    few = model.fit(xt, keras.utils.to_categorical(yt, 24), epochs=5, batch_size=64,
                    validation_data=(xv, keras.utils.to_categorical(yv, 24)), verbose=0)
    result = lab.evaluate("train", model, few)
    assert result.status == "fail" and "at least 20" in result.message
    history = model.fit(xt, keras.utils.to_categorical(yt, 24), epochs=35, batch_size=64,
                        validation_data=(xv, keras.utils.to_categorical(yv, 24)), verbose=0)
    result = lab.evaluate("train", model, history)  # 40 epochs in all, as the solution trains
    assert result.status == "pass", result.message
    untrained = dense_model((512, 512, 24), ("relu", "relu", "softmax"))
    result = lab.evaluate("train", untrained, history)
    assert result.status == "fail" and "training accuracy measured" in result.message
    result = lab.evaluate("train", model, history.history)
    assert result.status == "fail" and "History" in result.message
    for junk in (None, "model", 3):
        assert lab.evaluate("train", junk, history).status == "fail"


def test_diagnosis_accepts_only_the_right_choice_and_never_prints_it():
    assert lab.evaluate("diagnosis", "overfitting").status == "pass"
    assert lab.evaluate("diagnosis", "  Overfitting ").status == "pass"
    for wrong in DIAGNOSES:
        if wrong != "overfitting":
            result = lab.evaluate("diagnosis", wrong)
            assert result.status == "fail" and "overfitting" not in result.message
    result = lab.evaluate("diagnosis", "too many epochs")
    assert result.status == "fail" and "not one of the choices" in result.message
    for junk in (None, 1, ["overfitting"]):
        result = lab.evaluate("diagnosis", junk)
        assert result.status == "fail"
    assert "overfitting" not in asl_dense._ANSWER
