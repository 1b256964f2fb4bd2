"""Chapter 11: use a trained ASL model on new photos (files or uploaded bytes).

The ASL models of the course take what they were trained on: 28x28 grayscale images scaled to
[0, 1], shape (batch, 28, 28, 1). :func:`preprocess_photo` turns any photo into that format;
:func:`predict_bytes` is the whole logic of the upload widget (bytes in, a result or a clear error
message out), so that tests can drive it without a browser.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np

from dlcourse.data import ASL_LETTERS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # 10 MB
IMAGE_SIZE = (28, 28)


class PhotoError(ValueError):
    """A photo that cannot be used, with a message for the learner."""


def to_training_format(image: np.ndarray) -> np.ndarray:
    """An RGB or grayscale ``uint8`` image of any size -> float32 (28, 28) in [0, 1]."""
    from PIL import Image

    array = np.asarray(image)
    if array.ndim == 3 and array.shape[-1] == 1:
        array = array[..., 0]
    if array.ndim not in (2, 3):
        raise PhotoError(f"expected an image of shape (height, width[, channels]), got {array.shape}")
    photo = Image.fromarray(array.astype(np.uint8))
    photo = photo.convert("L").resize((IMAGE_SIZE[1], IMAGE_SIZE[0]), Image.Resampling.BILINEAR)
    return np.asarray(photo, dtype=np.float32) / 255.0


def decode_image(data: bytes, name: str = "the file") -> np.ndarray:
    """Bytes of a photo -> ``uint8`` RGB array; :class:`PhotoError` for anything else."""
    from PIL import Image, UnidentifiedImageError

    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise PhotoError(f"{name} is not file content (got {type(data).__name__}).")
    data = bytes(data)
    if len(data) == 0:
        raise PhotoError(f"{name} is empty (0 bytes).")
    if len(data) > MAX_UPLOAD_BYTES:
        raise PhotoError(f"{name} is {len(data) / 2**20:.1f} MB; the limit is "
                         f"{MAX_UPLOAD_BYTES // 2**20} MB. Send a smaller photo.")
    try:
        with Image.open(io.BytesIO(data)) as photo:
            photo.load()
            return np.asarray(photo.convert("RGB"), dtype=np.uint8)
    except (UnidentifiedImageError, Image.DecompressionBombError):
        raise PhotoError(f"{name} is not an image that can be read (JPEG, PNG, WebP, ...).") from None
    except (OSError, ValueError, SyntaxError) as error:
        raise PhotoError(f"{name} looks like an image but is damaged or truncated ({error}).") from None


def preprocess_photo(source) -> np.ndarray:
    """A path, bytes or an image array -> a batch of one, float32 (1, 28, 28, 1) in [0, 1]."""
    from pathlib import Path

    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.is_file():
            raise PhotoError(f"There is no file {path}.")
        image = decode_image(path.read_bytes(), path.name)
    elif isinstance(source, (bytes, bytearray, memoryview)):
        image = decode_image(source)
    else:
        image = np.asarray(source)
    return to_training_format(image)[None, :, :, None]


@dataclass
class Prediction:
    letter: str
    probability: float
    probabilities: np.ndarray = field(repr=False)
    image: np.ndarray = field(repr=False)

    def top(self, k: int = 3) -> list[tuple[str, float]]:
        order = np.argsort(self.probabilities)[::-1][:k]
        return [(ASL_LETTERS[i], float(self.probabilities[i])) for i in order]


def predict(model, source) -> Prediction:
    """Predict the ASL letter of one photo (path, bytes or array) with ``model``."""
    batch = preprocess_photo(source)
    probabilities = np.asarray(model(batch, training=False))[0]
    best = int(np.argmax(probabilities))
    return Prediction(ASL_LETTERS[best], float(probabilities[best]), probabilities, batch[0, :, :, 0])


def predict_bytes(model, data, name: str = "the file") -> Prediction | str:
    """The upload widget's logic: a :class:`Prediction`, or an error message (a ``str``)."""
    try:
        image = decode_image(data, name)
        return predict(model, image)
    except PhotoError as error:
        return f"Sorry, {error}"
