import keras
import pytest

from dlcourse.data import ASL_LETTERS, load_image
from dlcourse.exercises.deployment import lab


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3, activation="relu"),
                             keras.layers.Flatten(), keras.layers.Dense(24, activation="softmax")])


def fmt(path):
    return load_image(path, size=(28, 28), mode="L").astype("float32") / 255


def make_predict(model, preprocess=fmt):
    def predict_letter(path):
        p = model.predict(preprocess(path)[None, :, :, None], verbose=0)[0]
        return ASL_LETTERS[int(p.argmax())], float(p.max())
    return predict_letter


def test_format():
    assert lab.evaluate("to_training_format", fmt).status == "pass"
    unscaled = lab.evaluate("to_training_format", lambda p: load_image(p, size=(28, 28), mode="L").astype("float32"))
    assert unscaled.status == "fail" and "255" in unscaled.message
    colour = lab.evaluate("to_training_format", lambda p: load_image(p, size=(28, 28)) / 255)
    assert colour.status == "fail" and "grayscale" in colour.message
    big = lab.evaluate("to_training_format", lambda p: load_image(p, size=(64, 64), mode="L") / 255)
    assert big.status == "fail" and "28x28" in big.message
    mirrored = lab.evaluate("to_training_format", lambda p: fmt(p)[:, ::-1])
    assert mirrored.status == "fail"


def test_save(model, tmp_path):
    def save(m, folder):
        path = f"{folder}/m.keras"
        m.save(path)
        return path
    assert lab.evaluate("save_model", save, model).status == "pass"
    no_return = lab.evaluate("save_model", lambda m, f: m.save(f"{f}/m.keras"), model)
    assert no_return.status == "fail" and "return" in no_return.message
    wrong_ext = lab.evaluate("save_model", lambda m, f: (m.save_weights(f"{f}/m.weights.h5"), f"{f}/m.weights.h5")[1], model)
    assert wrong_ext.status == "fail" and ".keras" in wrong_ext.message
    missing = lab.evaluate("save_model", lambda m, f: f"{f}/nothing.keras", model)
    assert missing.status == "fail" and "no such file" in missing.message


def test_save_model_with_augmentation_layers(tmp_path):
    """Chapter 10's models carry random layers; the check must compare them at inference."""
    from dlcourse.asl_models import augmentation_pipeline, letter_cnn

    def save(m, folder):
        m.save(f"{folder}/m.keras")
        return f"{folder}/m.keras"

    augmented = letter_cnn(augmentation_pipeline(), width=4)
    assert lab.evaluate("save_model", save, augmented).status == "pass"
    other = letter_cnn(augmentation_pipeline(), width=4)
    wrong = lab.evaluate("save_model", lambda m, f: save(other, f), augmented)
    assert wrong.status == "fail" and "predicts differently" in wrong.message


def test_predict(model):
    assert lab.evaluate("predict_letter", make_predict(model), model).status == "pass"
    first = lab.evaluate("predict_letter", lambda p: ("A", 0.5), model)
    assert first.status == "fail"
    index = lab.evaluate("predict_letter", lambda p: (int(make_predict(model)(p)[0] != "A"), 0.5), model)
    assert index.status == "fail" and "letter" in index.message
    unscaled = make_predict(model, lambda p: fmt(p) * 255)
    result = lab.evaluate("predict_letter", unscaled, model)
    assert result.status in ("pass", "fail")  # an untrained model may agree by chance; must not crash

    def no_check(path):
        try:
            return make_predict(model)(path)
        except Exception:
            return "A", 0.1
    refuses = lab.evaluate("predict_letter", no_check, model)
    assert refuses.status == "fail" and "not an image" in refuses.message


@pytest.mark.parametrize("junk", [None, "text", 3, lambda p: None, lambda p: 1 / 0, lambda p: ("A", 7.0),
                                  lambda p: ("J", 0.5)])
def test_predict_junk(model, junk):
    assert lab.evaluate("predict_letter", junk, model).status == "fail"


def test_junk_models():
    assert lab.evaluate("save_model", lambda m, f: None, None).status == "fail"
    assert lab.evaluate("predict_letter", lambda p: ("A", 0.5), "model").status == "fail"
    for junk in [None, "text", lambda p: None, lambda p: 1 / 0]:
        assert lab.evaluate("to_training_format", junk).status == "fail"
