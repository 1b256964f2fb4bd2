import keras
import numpy as np
import pytest

from dlcourse.exercises.data_augmentation import lab
from tests.helpers import raises

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


@pytest.mark.parametrize("junk", [None, "text", 3, raises, lambda: None, lambda: "pipeline", lambda: np.zeros(3)])
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
    assert untrained.status == "fail" and "validation accuracy measured" in untrained.message
    plain = lab.evaluate("augmented_model", small_cnn(augment=False))
    assert plain.status == "fail" and "no augmentation" in plain.message
    wrong_outputs = keras.Sequential([keras.Input((28, 28, 1)), good_pipeline(), L.Flatten(), L.Dense(10)])
    result = lab.evaluate("augmented_model", wrong_outputs)
    assert result.status == "fail" and "24 outputs" in result.message
    for junk in [None, "model", 3, np.zeros(3)]:
        result = lab.evaluate("augmented_model", junk)
        assert result.status == "fail" and "Keras model" in result.message


@pytest.fixture(scope="module")
def trained():
    """The solution's recipe (solutions/10): the lecture's CNN, plain and with the pipeline, seed 0."""
    from dlcourse.asl_models import as_images, augmentation_pipeline, train_cnn
    from dlcourse.data import load_asl

    (x, y), _ = load_asl()
    x = as_images(x)
    plain, _ = train_cnn(x, y, seed=0)
    augmented, _ = train_cnn(x, y, augmentation=augmentation_pipeline(), seed=0)
    spun, _ = train_cnn(x, y, augmentation=keras.Sequential([L.RandomRotation(0.3), L.RandomZoom(0.4)]),
                        epochs=8, seed=0)
    return plain, augmented, spun


def test_solution_model_passes_and_beats_plain(trained):
    plain, augmented, _ = trained
    result = lab.evaluate("augmented_model", augmented)
    assert result.status == "pass", result.message
    result = lab.evaluate("beats_plain", plain, augmented)
    assert result.status == "pass" and "the new signers" in result.message, result.message


def test_wrong_models_fail(trained):
    plain, augmented, spun = trained
    result = lab.evaluate("augmented_model", spun)  # half-turn rotations and big zooms, 8 epochs
    assert result.status == "fail" and "measured" in result.message
    result = lab.evaluate("beats_plain", augmented, plain)
    assert result.status == "fail" and "first model should be the plain CNN" in result.message
    result = lab.evaluate("beats_plain", plain, spun)
    assert result.status == "fail" and "at least 0.02" in result.message
    result = lab.evaluate("beats_plain", plain, small_cnn())
    assert result.status == "fail" and "at least 0.02" in result.message
    for junk in [None, "model", 3]:
        assert lab.evaluate("beats_plain", junk, augmented).status == "fail"
        assert lab.evaluate("beats_plain", plain, junk).status == "fail"


def test_without_new_signers_the_validation_photos_stand_in(trained, monkeypatch):
    from dlcourse import data

    def absent():
        raise data.DataNotFound("no new-signers file (test)")

    monkeypatch.setattr(data, "load_asl_new_signers", absent)
    plain, augmented, _ = trained
    result = lab.evaluate("beats_plain", plain, augmented)
    assert "validation photos (no new-signers file here)" in result.message
