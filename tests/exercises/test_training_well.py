"""Lab 05 checks: solutions pass, typical mistakes fail with the intended message, junk never crashes."""

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from dlcourse.exercises import training_well  # noqa: E402
from dlcourse.exercises.training_well import lab  # noqa: E402
from tests.helpers import raises


def momentum_step(w, grad, velocity, lr, beta=0.9):
    velocity = beta * velocity - lr * grad
    return w + velocity, velocity


def adam_step(w, grad, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    m = beta1 * m + (1 - beta1) * grad
    v = beta2 * v + (1 - beta2) * grad ** 2
    return w - lr * (m / (1 - beta1 ** t)) / (np.sqrt(v / (1 - beta2 ** t)) + eps), m, v


RIGHT = {"A": "overfitting", "B": "underfitting", "C": "good fit"}


def fail(name, *values):
    result = lab.evaluate(name, *values)
    assert result.status == "fail", result
    return result.message


def test_lab_shape():
    assert lab.id == "05_training_well"
    assert len(lab.exercises) >= 3
    assert all(ex.hints for ex in lab.exercises.values())


# ---------------------------------------------------------------- momentum and Adam
def test_momentum():
    assert lab.evaluate("momentum_step", momentum_step).status == "pass"
    assert "plain SGD" in fail("momentum_step", lambda w, g, v, lr, beta: (w - lr * g, v))
    assert "velocity is not right" in fail("momentum_step", lambda w, g, v, lr, beta: (w + (v - lr * g), v - lr * g))
    def opposite_sign(w, g, v, lr, beta):
        v = beta * v + lr * g
        return w - v, v
    message = fail("momentum_step", opposite_sign)
    assert "opposite sign" in message and "plain SGD" not in message
    assert "wrong way" in fail("momentum_step",
                               lambda w, g, v, lr, beta: (w - (beta * v - lr * g), beta * v - lr * g))


def test_adam():
    assert lab.evaluate("adam_step", adam_step).status == "pass"

    def no_bias_correction(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g ** 2
        return w - lr * m / (np.sqrt(v) + eps), m, v

    def no_sqrt(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
        m = beta1 * m + (1 - beta1) * g
        v = beta2 * v + (1 - beta2) * g ** 2
        return w - lr * (m / (1 - beta1 ** t)) / (v / (1 - beta2 ** t) + eps), m, v

    def returns_corrected(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
        m = (beta1 * m + (1 - beta1) * g) / (1 - beta1 ** t)
        v = (beta2 * v + (1 - beta2) * g ** 2) / (1 - beta2 ** t)
        return w - lr * m / (np.sqrt(v) + eps), m, v

    assert "bias correction" in fail("adam_step", no_bias_correction)
    assert "new weights are not" in fail("adam_step", no_sqrt)
    assert "m (the average" in fail("adam_step", returns_corrected)


JUNK = [None, "text", 3, np.zeros(4), raises, lambda *a: None, lambda *a: "xyz", lambda *a: (np.zeros(2),) * 3,
        lambda *a: (None, None, None)]


@pytest.mark.parametrize("name", ["momentum_step", "adam_step"])
@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_update_junk(name, junk):
    result = lab.evaluate(name, junk)
    assert result.status == "fail" and result.message


# ---------------------------------------------------------------- early stopping
@pytest.fixture(scope="module")
def data():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 2)).astype("float32")
    y = (x[:, 0] * x[:, 1] + rng.normal(0, 0.7, 80) > 0).astype("float32")
    return x[:40], y[:40], x[40:], y[40:]


def make_model():
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(64, activation="relu"), keras.layers.Dense(1, activation="sigmoid")])
    model.compile(optimizer=keras.optimizers.Adam(0.02), loss="binary_crossentropy")
    return model


def train(data, callback, epochs=200, use_callback=True):
    x, y, xv, yv = data
    model = make_model()
    history = model.fit(x, y, validation_data=(xv, yv), epochs=epochs, verbose=0,
                        callbacks=[callback] if use_callback else [])
    return model, history


def test_early_stopping_solution_passes(data):
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    model, history = train(data, callback)
    result = lab.evaluate("early_stopping", callback, model, history, data[2], data[3])
    assert result.status == "pass", result.message
    assert "measured" in result.message


def test_early_stopping_without_restore(data):
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5)
    model, history = train(data, callback)
    assert "restore_best_weights" in fail("early_stopping", callback, model, history, data[2], data[3])


def test_early_stopping_wrong_monitor(data):
    callback = keras.callbacks.EarlyStopping(monitor="loss", patience=5, restore_best_weights=True)
    assert "val_loss" in fail("early_stopping", callback, make_model(), None, data[2], data[3])


def test_early_stopping_callback_not_passed_to_fit(data):
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    model, history = train(data, callback, epochs=8, use_callback=False)
    assert "without stopping early" in fail("early_stopping", callback, model, history, data[2], data[3])


def test_early_stopping_other_model(data):
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    _, history = train(data, callback)
    fresh = make_model()   # an untrained model: not the fitted one
    assert "best epoch" in fail("early_stopping", callback, fresh, history, data[2], data[3])


def test_early_stopping_junk(data):
    callback = keras.callbacks.EarlyStopping(monitor="val_loss", patience=5, restore_best_weights=True)
    for junk in [(None, None, None), ("text", "model", "h"), (callback, None, None), (callback, make_model(), None),
                 (callback, make_model(), "history"), (callback, raises, None)]:
        result = lab.evaluate("early_stopping", *junk, data[2], data[3])
        assert result.status == "fail" and result.message


# ---------------------------------------------------------------- diagnosis
def test_diagnose():
    assert lab.evaluate("diagnose", RIGHT).status == "pass"
    assert lab.evaluate("diagnose", {k: v.upper() + " " for k, v in RIGHT.items()}).status == "pass"
    swapped = {**RIGHT, "A": "underfitting", "B": "overfitting"}
    message = fail("diagnose", swapped)
    assert "2 of 3" in message
    for label in training_well.DIAGNOSES:  # never reveals the right label
        assert label not in message
    assert "one of" in fail("diagnose", {**RIGHT, "C": "fine"})
    assert "keys" in fail("diagnose", {"A": "overfitting"})


@pytest.mark.parametrize("junk", [None, "overfitting", ["overfitting"] * 3, {1: 2, 3: 4, 5: 6},
                                  {"A": None, "B": 1, "C": []}])
def test_diagnose_junk(junk):
    result = lab.evaluate("diagnose", junk)
    assert result.status == "fail" and result.message


def test_diagnosis_curves_match_labels():
    curves = training_well.diagnosis_curves()
    train_a, val_a = curves["A"]
    assert val_a[-1] - val_a.min() > 0.1 and train_a[-1] < 0.2
    assert curves["B"][0][-1] > 0.5
    assert abs(curves["C"][1][-1] - curves["C"][0][-1]) < 0.1
