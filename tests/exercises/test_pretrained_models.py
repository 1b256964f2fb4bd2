"""Checks of lab 12: the solution passes, typical mistakes fail with their message, junk never crashes."""

from pathlib import Path

import numpy as np
import pytest

import dlcourse  # noqa: F401  (points Keras at the local weights before Keras loads)
from dlcourse import data
from dlcourse.exercises.pretrained_models import lab
from tests.helpers import status


def good_prepare(path):
    from keras.applications.mobilenet import preprocess_input

    return preprocess_input(data.load_image(path, (224, 224)).astype("float32")[None])


def is_dog(i):
    return 151 <= i <= 268


def is_cat(i):
    return 281 <= i <= 285


@pytest.fixture(scope="module")
def model():
    import keras

    return keras.applications.MobileNet(alpha=0.75, weights="imagenet")


# ----------------------------------------------------------------------------- prepare_image


def test_prepare_image_solution_passes():
    assert status(lab, "prepare_image", good_prepare).status == "pass"


def test_prepare_image_accepts_keras_load_img():
    import keras
    from keras.applications.mobilenet import preprocess_input

    def prepare(path):
        x = keras.utils.img_to_array(keras.utils.load_img(path, target_size=(224, 224)))
        return preprocess_input(np.expand_dims(x, 0))

    assert status(lab, "prepare_image", prepare).status == "pass"


def test_prepare_image_without_preprocessing_fails():
    result = status(lab, "prepare_image", lambda p: data.load_image(p, (224, 224)).astype("float32")[None])
    assert result.status == "fail" and "not preprocessed" in result.message


def test_prepare_image_scaled_to_unit_range_fails():
    result = status(lab, "prepare_image", lambda p: data.load_image(p, (224, 224)).astype("float32")[None] / 255)
    assert result.status == "fail" and "[0, 1]" in result.message


def test_prepare_image_without_batch_axis_fails():
    result = status(lab, "prepare_image", lambda p: good_prepare(p)[0])
    assert result.status == "fail" and "batch axis" in result.message


def test_prepare_image_wrong_size_fails():
    result = status(lab, "prepare_image", lambda p: data.load_image(p, (160, 160)).astype("float32")[None] / 127.5 - 1)
    assert result.status == "fail" and "shape" in result.message


def test_prepare_image_bgr_or_other_photo_fails():
    assert "BGR" in status(lab, "prepare_image", lambda p: good_prepare(p)[..., ::-1]).message
    result = status(lab, "prepare_image", lambda p: np.rot90(good_prepare(p), axes=(1, 2)))
    assert result.status == "fail" and "does not look like the photo" in result.message


@pytest.mark.parametrize("junk", [None, "text", 3, lambda p: None, lambda p: "x", lambda p: 1 / 0,
                                  lambda p: np.zeros((2, 2)), lambda p: np.full((1, 224, 224, 3), np.nan)])
def test_prepare_image_junk_fails_cleanly(junk):
    assert status(lab, "prepare_image", junk).status == "fail"


# ----------------------------------------------------------------------------- dog_or_cat


def test_dog_or_cat_solution_passes():
    assert status(lab, "dog_or_cat", is_dog, is_cat).status == "pass"


def test_dog_or_cat_range_end_excluded_fails():
    result = status(lab, "dog_or_cat", lambda i: i in range(151, 268), is_cat)
    assert result.status == "fail" and "is_dog(268)" in result.message and "both ends" in result.message


def test_dog_or_cat_wrong_cat_range_fails():
    result = status(lab, "dog_or_cat", is_dog, lambda i: 281 < i <= 285)
    assert result.status == "fail" and "is_cat(281)" in result.message


def test_dog_or_cat_returning_text_fails():
    result = status(lab, "dog_or_cat", lambda i: "dog" if is_dog(i) else "", is_cat)
    assert result.status == "fail" and "True or False" in result.message


@pytest.mark.parametrize("junk", [(None, None), ("a", "b"), (lambda i: 1 / 0, is_cat), (is_dog, 5)])
def test_dog_or_cat_junk_fails_cleanly(junk):
    assert status(lab, "dog_or_cat", *junk).status == "fail"


# ----------------------------------------------------------------------------- doggy_door


def make_door(model, rule):
    def door(path):
        probabilities = model.predict(good_prepare(path), verbose=0)
        return rule(probabilities[0])
    return door


def test_doggy_door_solution_passes(model):
    door = make_door(model, lambda p: is_dog(int(np.argmax(p))))
    assert status(lab, "doggy_door", door).status == "pass"


def test_doggy_door_top5_lets_the_cat_in(model):
    door = make_door(model, lambda p: any(is_dog(i) for i in np.argsort(p)[::-1][:5]))
    result = status(lab, "doggy_door", door)
    assert result.status == "fail" and "cat" in result.message


def test_doggy_door_not_cat_lets_the_bear_in(model):
    door = make_door(model, lambda p: not is_cat(int(np.argmax(p))))
    result = status(lab, "doggy_door", door)
    assert result.status == "fail" and "bear" in result.message


def test_doggy_door_by_file_name_fails():
    result = status(lab, "doggy_door", lambda path: "dog" in str(path))
    assert result.status == "fail" and "shut for the photo of a dog" in result.message


def test_doggy_door_by_file_size_fails():
    from dlcourse.exercises.pretrained_models import _photos
    dog_size = _photos()["happy_dog.jpg"].stat().st_size
    others = [_photos()[name].stat().st_size for name in ("sleepy_cat.jpg", "brown_bear.jpg")]
    by_size = (lambda path: Path(path).stat().st_size >= dog_size) if dog_size > max(others) else \
        (lambda path: Path(path).stat().st_size <= dog_size)
    assert status(lab, "doggy_door", by_size).status == "fail"
    known_sizes = lambda path: Path(path).stat().st_size == dog_size
    assert status(lab, "doggy_door", known_sizes).status == "fail"


def test_padded_photos_still_read_as_the_same_picture(tmp_path):
    from dlcourse.exercises.pretrained_models import _difference, _visitors, reference_input
    visitors = _visitors(tmp_path)
    for (plain, animal), (padded, same) in zip(visitors[::2], visitors[1::2]):
        assert animal == same and padded.stat().st_size > plain.stat().st_size
        assert _difference(reference_input(plain), reference_input(padded)) == 0


def test_doggy_door_printing_only_fails(model):
    result = status(lab, "doggy_door", lambda path: print("come in"))
    assert result.status == "fail" and "return True" in result.message


@pytest.mark.parametrize("junk", [None, "door", lambda p: 1 / 0, lambda: True])
def test_doggy_door_junk_fails_cleanly(junk):
    assert status(lab, "doggy_door", junk).status == "fail"
