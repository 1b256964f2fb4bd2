"""Lab 11: preprocess new photos, save and reload a model, predict a letter from a file."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array, expect_number
from dlcourse.keras_checks import expect_model

lab = Lab("11_deployment", "Deployment: from a trained model to a prediction on a new photo")

SAMPLES = ["a.png", "b.png", "A.jpg", "B.jpg"]


def _samples() -> dict[str, Path]:
    from dlcourse.data import sample_images

    return {name: Path(p) for name, p in sample_images("asl_images").items() if name in SAMPLES}


def _references(path: Path) -> list[np.ndarray]:
    """The photo in training format, resized bilinearly and with nearest neighbours."""
    from PIL import Image

    with Image.open(path) as photo:
        gray = photo.convert("L")
        return [np.asarray(gray.resize((28, 28), method), dtype=np.float32) / 255.0
                for method in (Image.Resampling.BILINEAR, Image.Resampling.NEAREST)]


@lab.exercise("to_training_format", title="A photo in the training format", hints=[
    "The model was trained on 28x28 grayscale images with values in [0, 1].",
    "`dlcourse.data.load_image(path, size=(28, 28), mode=\"L\")` reads, converts to gray and resizes.",
    "Then divide by 255 and make it float: `image.astype(\"float32\") / 255`.",
])
def _check_to_training_format(to_training_format):
    for name, path in _samples().items():
        what = f"to_training_format({name!r})"
        result = call_learner(to_training_format, str(path), what=what)
        array = expect_array(result, what=what)
        if array.shape in ((28, 28, 3), (28, 28, 4)):
            raise CheckFailure(f"{what} has shape {array.shape}: the model expects one gray channel, "
                               "convert the photo to grayscale (mode 'L').")
        if array.shape in ((1, 28, 28, 1), (28, 28, 1), (1, 28, 28)):
            array = array.reshape(28, 28)
        if array.shape != (28, 28):
            raise CheckFailure(f"{what} has shape {array.shape}; resize the photo to 28x28 pixels.")
        if array.dtype.kind != "f":
            raise CheckFailure(f"{what} has dtype {array.dtype}; the model was trained on floats in [0, 1].")
        if array.max() > 1.0:
            raise CheckFailure(f"{what} has values up to {array.max():.0f}: scale the pixels to [0, 1] "
                               "as during training (divide by 255).")
        expect(array.min() >= 0.0, f"{what} has negative values; pixels should lie in [0, 1].")
        distance = min(np.abs(array - ref).mean() for ref in _references(path))
        if distance > 0.04:
            flipped = min(np.abs(array[:, ::-1] - ref).mean() for ref in _references(path))
            if flipped < 0.04:
                raise CheckFailure(f"{what} is mirrored left-right; keep the photo as it is.")
            raise CheckFailure(f"{what} does not look like the photo reduced to 28x28 gray "
                               f"(mean difference {distance:.2f}); resize the whole photo without cropping.")
    return "all four sample photos come out as 28x28 gray images in [0, 1]."


@lab.exercise("save_model", title="Save a model as a .keras file", hints=[
    'A Keras model has a method that writes everything (architecture, weights, optimizer state) to one file.',
    "The path must end in `.keras`, for example `Path(folder) / \"asl.keras\"`; return that path.",
])
def _check_save_model(save_model, model):
    import keras

    expect_model(model, "the second argument", "pass your trained Keras model", built=False)
    with tempfile.TemporaryDirectory() as folder:
        result = call_learner(save_model, model, folder, what="save_model(model, folder)")
        expect(result is not None, "save_model should return the path of the file it wrote.")
        if not isinstance(result, (str, Path)):
            raise CheckFailure(f"save_model returned a {type(result).__name__}; return the file's path.")
        path = Path(result)
        expect(path.is_file(), f"save_model returned {path.name!r}, but no such file exists: did it call model.save?")
        expect(path.suffix == ".keras", f"the file is {path.name!r}; Keras 3 saves whole models as '.keras' files.")
        expect(Path(folder) in path.resolve().parents or path.resolve().parent == Path(folder).resolve(),
               "save the file inside the folder given as the second argument.")
        try:
            loaded = keras.models.load_model(path)
        except Exception as error:
            raise CheckFailure(f"keras.models.load_model could not read the file back: {error}") from None
        probe = np.random.default_rng(0).random((4, *model.inputs[0].shape[1:])).astype("float32")
        expect(np.allclose(np.asarray(model(probe, training=False)),
                           np.asarray(loaded(probe, training=False)), atol=1e-5),
               "the reloaded model predicts differently from the original: save the trained model.")
    return "the .keras file reloads into a model that predicts exactly like the original."


@lab.exercise("predict_letter", title="predict_letter(path)", hints=[
    "Preprocess with your to_training_format, then add the batch and channel axes: "
    "`x[None, :, :, None]` has shape (1, 28, 28, 1).",
    '`model.predict` returns one row of probabilities per image in the batch; take the row of your one image, then the position of its largest value names the letter in `ASL_LETTERS`.',
    "For a file that is not an image, raise an exception with a clear message (or return one "
    "as a string) instead of predicting.",
])
def _check_predict_letter(predict_letter, model):
    from dlcourse.data import ASL_LETTERS

    expect_model(model, "the second argument", "pass your trained Keras model", built=False)
    for name, path in _samples().items():
        what = f"predict_letter({name!r})"
        result = call_learner(predict_letter, str(path), what=what)
        if not isinstance(result, (tuple, list)) or len(result) != 2:
            raise CheckFailure(f"{what} returned {type(result).__name__}; return a pair (letter, probability).")
        letter, probability = result
        expect(isinstance(letter, str) and letter in ASL_LETTERS,
               f"{what} returned the letter {letter!r}; it should be one of {ASL_LETTERS}.")
        probability = expect_number(probability, what=f"the probability returned by {what}")
        expect(0.0 <= probability <= 1.0, f"{what} returned the probability {probability:.3g}, outside [0, 1].")
        references = [np.asarray(model(ref[None, :, :, None], training=False))[0] for ref in _references(path)]
        matches = [p for p in references if ASL_LETTERS[int(np.argmax(p))] == letter]
        if not matches:
            raise CheckFailure(f"{what} gives {letter!r}, but your model gives another letter for this photo "
                               "in the training format: check the preprocessing and the letter lookup.")
        expect(any(abs(float(p.max()) - probability) < 0.05 for p in matches),
               f"{what} returns a probability that is not the model's probability of that letter.")
    with tempfile.TemporaryDirectory() as folder:
        broken = Path(folder) / "broken.png"
        broken.write_bytes(b"this is not a picture" * 10)
        try:
            outcome = predict_letter(str(broken))
        except Exception as error:
            expect(str(error).strip(), "predict_letter raised an exception without a message on a broken file.")
        else:
            if not isinstance(outcome, str):
                raise CheckFailure("predict_letter returned a prediction for a file that is not an image; "
                                   "raise an error with a clear message (or return the message) instead.")
    return "the four sample photos get your model's letters, and a broken file gets a clear error."
