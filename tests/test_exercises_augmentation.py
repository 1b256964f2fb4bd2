import keras
import numpy as np
import pytest

from dlcourse.exercises.augmentation import lab

L = keras.layers


def good_pipeline():
    return keras.Sequential([L.RandomBrightness(0.2, value_range=(0, 1)),
                             L.RandomContrast(0.3, value_range=(0, 1)), L.RandomZoom(0.05)])


def test_pipeline_passes():
    assert lab.evaluate("build_augmentation", good_pipeline).status == "pass"


def test_pipeline_wrong_answers():
    few = lab.evaluate("build_augmentation", lambda: keras.Sequential([L.RandomZoom(0.1)]))
    assert few.status == "fail" and "at least three" in few.message
    vertical = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomFlip("vertical"), L.RandomZoom(0.1), L.RandomRotation(0.05)]))
    assert vertical.status == "fail" and "vertical" in vertical.message
    photometric = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomBrightness(0.2, value_range=(0, 1)), L.RandomContrast(0.2, value_range=(0, 1)),
         L.RandomBrightness(0.1, value_range=(0, 1))]))
    assert photometric.status == "fail" and "geometric" in photometric.message
    zero = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomZoom(0.0), L.RandomTranslation(0.0, 0.0), L.RandomRotation(0.0)]))
    assert zero.status == "fail" and "unchanged" in zero.message
    wrong_range = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomBrightness(0.9), L.RandomZoom(0.05), L.RandomRotation(0.03)]))
    assert wrong_range.status == "fail" and "value_range" in wrong_range.message


class AlwaysOn(keras.layers.Layer):
    def call(self, x, training=None):
        return x * 0.5


def test_pipeline_active_at_inference_fails():
    result = lab.evaluate("build_augmentation", lambda: keras.Sequential(
        [L.RandomZoom(0.1), L.RandomRotation(0.05), L.RandomTranslation(0.1, 0.1), AlwaysOn()]))
    assert result.status == "fail" and "training=False" in result.message


def boom():
    raise RuntimeError("boom")


@pytest.mark.parametrize("junk", [None, "text", 3, boom, lambda: None, lambda: "pipeline", lambda: np.zeros(3)])
def test_pipeline_junk(junk):
    assert lab.evaluate("build_augmentation", junk).status == "fail"


def small_cnn(augment=True):
    layers = [keras.Input((28, 28, 1))]
    if augment:
        layers.append(good_pipeline())
    layers += [L.Flatten(), L.Dense(24, activation="softmax")]
    return keras.Sequential(layers)


def test_model_untrained_and_junk_fail():
    untrained = lab.evaluate("augmented_model", small_cnn())
    assert untrained.status == "fail" and "target" in untrained.message
    plain = lab.evaluate("augmented_model", small_cnn(augment=False))
    assert plain.status == "fail" and "no augmentation" in plain.message
    wrong_outputs = keras.Sequential([keras.Input((28, 28, 1)), good_pipeline(), L.Flatten(), L.Dense(10)])
    result = lab.evaluate("augmented_model", wrong_outputs)
    assert result.status == "fail" and "24 outputs" in result.message
    for junk in [None, "model", 3, np.zeros(3)]:
        assert lab.evaluate("augmented_model", junk).status == "fail"


def test_model_trained_passes():
    """The solution's recipe (solutions/10): 12 epochs of the chapter-09 CNN with the pipeline."""
    from dlcourse.data import load_asl

    keras.utils.set_random_seed(42)
    (x, y), _ = load_asl()
    model = keras.Sequential([keras.Input((28, 28, 1)), good_pipeline(),
                              L.Conv2D(16, 3, activation="relu", padding="same"), L.MaxPooling2D(),
                              L.Conv2D(32, 3, activation="relu", padding="same"), L.MaxPooling2D(),
                              L.Conv2D(64, 3, activation="relu", padding="same"), L.MaxPooling2D(),
                              L.Flatten(), L.Dropout(0.3), L.Dense(128, activation="relu"),
                              L.Dense(24, activation="softmax")])
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy")
    model.fit(x[..., None] / 255, y, epochs=12, batch_size=128, verbose=0)
    result = lab.evaluate("augmented_model", model)
    assert result.status == "pass", result.message
