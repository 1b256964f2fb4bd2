import keras
import numpy as np
import pytest

from dlcourse.exercises.final_assessment import lab, reference_prepare
from tests.helpers import raises

L = keras.layers


# ----------------------------------------------------------------------------- prepare_data


def prepare(images, labels):
    return images[..., None].astype("float32") / 255, keras.utils.to_categorical(labels, 10)


def test_prepare_passes():
    assert lab.evaluate("prepare_data", prepare).status == "pass"
    assert lab.evaluate("prepare_data", reference_prepare).status == "pass"


def test_prepare_wrong_answers():
    flat = lab.evaluate("prepare_data", lambda x, y: (x.reshape(len(x), -1) / 255, np.eye(10)[y]))
    assert flat.status == "fail" and "(N, 28, 28, 1)" in flat.message
    unscaled = lab.evaluate("prepare_data", lambda x, y: (x[..., None].astype("float32"), np.eye(10)[y]))
    assert unscaled.status == "fail" and "[0, 1]" in unscaled.message
    twice = lab.evaluate("prepare_data", lambda x, y: (x[..., None] / 255 / 255, np.eye(10)[y]))
    assert twice.status == "fail" and "twice" in twice.message
    sparse = lab.evaluate("prepare_data", lambda x, y: (x[..., None] / 255, y))
    assert sparse.status == "fail" and "one-hot" in sparse.message.lower()
    integers = lab.evaluate("prepare_data", lambda x, y: (x[..., None], np.eye(10)[y]))
    assert integers.status == "fail" and "dtype" in integers.message
    shuffled = lab.evaluate("prepare_data", lambda x, y: (x[::-1, :, :, None] / 255, np.eye(10)[y[::-1]]))
    assert shuffled.status == "fail" and "order" in shuffled.message
    wrong_hot = lab.evaluate("prepare_data", lambda x, y: (x[..., None] / 255, np.eye(10)[(y + 1) % 10]))
    assert wrong_hot.status == "fail" and "class number" in wrong_hot.message


@pytest.mark.parametrize("junk", [None, "text", 3, raises, lambda x, y: None, lambda x, y: "xy",
                                  lambda x, y: (None, None), lambda x, y: (x, y, x), lambda x: x])
def test_prepare_junk(junk):
    assert lab.evaluate("prepare_data", junk).status == "fail"


# ----------------------------------------------------------------------------- build_augmentation


def good_pipeline():
    return keras.Sequential([L.RandomTranslation(0.05, 0.05, fill_mode="constant"),
                             L.RandomZoom(0.05, fill_mode="constant")])


def test_augmentation_passes():
    assert lab.evaluate("build_augmentation", good_pipeline).status == "pass"


class AlwaysOn(keras.layers.Layer):
    def call(self, x, training=None):
        return x * 0.5


def test_augmentation_wrong_answers():
    one = lab.evaluate("build_augmentation", lambda: keras.Sequential([L.RandomZoom(0.1)]))
    assert one.status == "fail" and "at least two" in one.message
    vertical = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomFlip("vertical"), L.RandomZoom(0.1)]))
    assert vertical.status == "fail" and "vertical" in vertical.message
    photometric = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomBrightness(0.2, value_range=(0, 1)), L.RandomContrast(0.2, value_range=(0, 1))]))
    assert photometric.status == "fail" and "geometric" in photometric.message
    zero = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomZoom(0.0), L.RandomTranslation(0.0, 0.0)]))
    assert zero.status == "fail" and "unchanged" in zero.message
    always = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomZoom(0.1), L.RandomTranslation(0.1, 0.1), AlwaysOn()]))
    assert always.status == "fail" and "training=False" in always.message


@pytest.mark.parametrize("junk", [None, "text", 3, raises, lambda: None, lambda: "pipeline", lambda: np.zeros(3)])
def test_augmentation_junk(junk):
    assert lab.evaluate("build_augmentation", junk).status == "fail"


# ----------------------------------------------------------------------------- build_model


def make_model(loss="categorical_crossentropy", augment=True, batchnorm=True, dropout=True,
               outputs=10, activation="softmax", compiled=True, input_shape=(28, 28, 1), filters=16):
    layers = [keras.Input(input_shape)]
    if augment:
        layers.append(good_pipeline())
    layers += [L.Conv2D(filters, 3, padding="same", activation="relu")]
    if batchnorm:
        layers.append(L.BatchNormalization())
    layers += [L.MaxPooling2D(), L.Flatten()]
    if dropout:
        layers.append(L.Dropout(0.3))
    layers.append(L.Dense(outputs, activation=activation))
    model = keras.Sequential(layers)
    if compiled:
        model.compile(optimizer="adam", loss=loss, metrics=["accuracy"])
    return model


def test_model_passes():
    assert lab.evaluate("build_model", make_model).status == "pass"
    loss_object = lab.evaluate("build_model", lambda: make_model(loss=keras.losses.CategoricalCrossentropy()))
    assert loss_object.status == "pass", loss_object.message


@pytest.mark.parametrize("kwargs, words", [
    ({"batchnorm": False}, "BatchNormalization"),
    ({"dropout": False}, "Dropout"),
    ({"augment": False}, "no augmentation"),
    ({"outputs": 24}, "10 outputs"),
    ({"activation": None}, "softmax"),
    ({"compiled": False}, "not compiled"),
    ({"loss": "sparse_categorical_crossentropy"}, "one-hot"),
    ({"loss": "mse"}, "categorical_crossentropy"),
    ({"input_shape": (28, 28, 3)}, "input shape"),
    ({"filters": 2600}, "parameters"),
])
def test_model_wrong_answers(kwargs, words):
    result = lab.evaluate("build_model", lambda: make_model(**kwargs))
    assert result.status == "fail" and words in result.message, result.message


def test_model_without_conv_fails():
    dense = keras.Sequential([keras.Input((28, 28, 1)), good_pipeline(), L.BatchNormalization(),
                              L.MaxPooling2D(), L.Flatten(), L.Dropout(0.2), L.Dense(10, activation="softmax")])
    dense.compile(optimizer="adam", loss="categorical_crossentropy")
    result = lab.evaluate("build_model", lambda: dense)
    assert result.status == "fail" and "Conv2D" in result.message


@pytest.mark.parametrize("junk", [None, "text", 3, raises, lambda: None, lambda: "model", lambda: np.zeros(3),
                                  lambda: keras.layers.Dense(10)])
def test_model_junk(junk):
    assert lab.evaluate("build_model", junk).status == "fail"


# ----------------------------------------------------------------------------- train


class FakeHistory:
    def __init__(self, history):
        self.history = history


def test_train_history():
    good = FakeHistory({"accuracy": [0.8, 0.88], "val_accuracy": [0.84, 0.9]})
    assert lab.evaluate("train", good).status == "pass"
    low = lab.evaluate("train", FakeHistory({"accuracy": [0.5], "val_accuracy": [0.6]}))
    assert low.status == "fail" and "target" in low.message
    no_val = lab.evaluate("train", FakeHistory({"accuracy": [0.9], "loss": [0.3]}))
    assert no_val.status == "fail" and "validation_data" in no_val.message
    no_metric = lab.evaluate("train", FakeHistory({"loss": [0.3], "val_loss": [0.4]}))
    assert no_metric.status == "fail" and "metrics" in no_metric.message


@pytest.mark.parametrize("junk", [None, "text", 3, np.zeros(3), FakeHistory({"accuracy": [], "val_accuracy": []}),
                                  FakeHistory({"accuracy": [1], "val_accuracy": "high"}), FakeHistory(None)])
def test_train_junk(junk):
    assert lab.evaluate("train", junk).status == "fail"


# ----------------------------------------------------------------------------- final_assessment


def test_final_untrained_and_junk_fail():
    untrained = lab.evaluate("final_assessment", make_model())
    assert untrained.status == "fail" and "target" in untrained.message and "held-out" in untrained.message
    wrong_outputs = lab.evaluate("final_assessment", make_model(outputs=5))
    assert wrong_outputs.status == "fail" and "10" in wrong_outputs.message
    flat = keras.Sequential([keras.Input((784,)), L.Dense(10, activation="softmax")])
    assert lab.evaluate("final_assessment", flat).status == "fail"
    for junk in [None, "model", 3, np.zeros(3), raises]:
        assert lab.evaluate("final_assessment", junk).status == "fail"


def test_final_trained_passes():
    """A short version of the solution's recipe passes the held-out check."""
    from dlcourse.data import load_fashion_mnist

    keras.utils.set_random_seed(42)
    (x, y), _ = load_fashion_mnist()
    x_train, y_train = prepare(x[:20000], y[:20000])
    model = keras.Sequential([
        keras.Input((28, 28, 1)), good_pipeline(),
        L.Conv2D(32, 3, padding="same", activation="relu"), L.BatchNormalization(), L.MaxPooling2D(),
        L.Conv2D(64, 3, padding="same", activation="relu"), L.BatchNormalization(), L.MaxPooling2D(),
        L.Flatten(), L.Dropout(0.25), L.Dense(128, activation="relu"), L.Dropout(0.25),
        L.Dense(10, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss="categorical_crossentropy", metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=6, batch_size=64, verbose=0)
    result = lab.evaluate("final_assessment", model)
    assert result.status == "pass", result.message
