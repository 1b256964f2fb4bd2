"""Lab 12: pre-trained models and the automated doggy door.

The checks use the course's three sample photos (``dlcourse.data.sample_images("doggy_door_images")``),
copied under neutral file names, each also padded to a random larger size, so that a door cannot
cheat by reading the file's name or size.
"""

from __future__ import annotations

import contextlib
import io
import tempfile
from pathlib import Path

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array

lab = Lab("12_pretrained_models", "Pre-trained models: the doggy door")

IMAGE_SIZE = (224, 224)
DOG_CLASSES = range(151, 269)  # ImageNet 151 (Chihuahua) .. 268 (Mexican hairless), both included
CAT_CLASSES = range(281, 286)  # 281 (tabby) .. 285 (Egyptian cat), both included
PHOTOS = {"happy_dog.jpg": "dog", "sleepy_cat.jpg": "cat", "brown_bear.jpg": "bear"}


def reference_input(path) -> np.ndarray:
    """What MobileNet expects for one photo: (1, 224, 224, 3) float32 in [-1, 1]."""
    from dlcourse.data import load_image

    pixels = load_image(path, IMAGE_SIZE).astype("float32")
    return (pixels / 127.5 - 1.0)[None]


def _photos() -> dict[str, Path]:
    from dlcourse.data import sample_images

    return sample_images("doggy_door_images")


@lab.exercise("prepare_image", title="Turn a photo file into MobileNet's input", hints=[
    "Three steps: read the file at 224x224 (`dlcourse.data.load_image(path, (224, 224))` or "
    "`keras.utils.load_img(path, target_size=(224, 224))`), add a batch axis, then preprocess.",
    "The model takes a batch: `x[None]` or `np.expand_dims(x, 0)` turns (224, 224, 3) into (1, 224, 224, 3).",
    "`keras.applications.mobilenet.preprocess_input(x.astype('float32'))` maps 0..255 to -1..1 "
    "(it is x / 127.5 - 1).",
])
def _check_prepare_image(prepare_image):
    for name, path in sorted(_photos().items()):
        what = f"prepare_image('{name}')"
        value = call_learner(prepare_image, str(path), what=what)
        array = expect_array(value, what=what)
        if array.ndim == 3:
            raise CheckFailure(f"{what} has shape {array.shape}: add a batch axis so that it is "
                               "(1, 224, 224, 3), one image in a batch of one.")
        expect_array(array, shape=(1, 224, 224, 3), what=what)
        expect(array.dtype.kind == "f", f"{what} has dtype {array.dtype}; preprocessed pixels are floats.")
        low, high = float(array.min()), float(array.max())
        expect(high <= 1.0001, f"{what} has values up to {high:.4g}: the pixels are not preprocessed yet. "
                               "MobileNet was trained on pixels mapped to [-1, 1] by its preprocess_input.")
        expect(low < -0.2, f"{what} has values from {low:.3g} to {high:.3g}: that looks like pixels scaled "
                           "to [0, 1]. MobileNet's preprocess_input maps 0..255 to [-1, 1].")
        expect(low >= -1.0001, f"{what} has values down to {low:.4g}, below -1.")
        reference = reference_input(path)
        # Compare 8x8-pixel block averages: resizing methods (nearest, bilinear...) differ pixel by
        # pixel but agree on the picture (measured: at most 0.017 apart; BGR order: 0.08 and more).
        if _difference(array, reference) > 0.05:
            if _difference(array[..., ::-1], reference) <= 0.05:
                raise CheckFailure(f"{what} has its colour channels in BGR order; keep them RGB.")
            raise CheckFailure(f"{what} has the right shape and range but does not look like the photo "
                               "resized to 224x224 (was it cropped, rotated or read from another file?).")


def _difference(a, b) -> float:
    def pool(x):
        return np.asarray(x, dtype="float64").reshape(28, 8, 28, 8, 3).mean(axis=(1, 3))
    return float(np.mean(np.abs(pool(a[0]) - pool(b[0]))))


@lab.exercise("dog_or_cat", title="Dog and cat classes from the class index", hints=[
    "The dog classes are 151 to 268 and the cat classes 281 to 285, both ends included.",
    "Python's `range(a, b)` stops before b: a test like `151 <= index <= 268` includes both ends.",
    'Return a bool (True or False), not the index or a probability; try it on 150, 151, 268 and 269.',
])
def _check_dog_or_cat(is_dog, is_cat):
    for function, name, wanted, animal in ((is_dog, "is_dog", DOG_CLASSES, "dog"),
                                           (is_cat, "is_cat", CAT_CLASSES, "cat")):
        if not callable(function):
            raise CheckFailure(f"{name} should be a function of a class index, not a {type(function).__name__}.")
        for index in range(1000):
            answer = call_learner(function, index, what=f"{name}({index})")
            if not isinstance(answer, (bool, np.bool_)):
                raise CheckFailure(f"{name}({index}) returned {answer!r} ({type(answer).__name__}); "
                                   "return True or False.")
            if bool(answer) != (index in wanted):
                says = "True" if answer else "False"
                truth = f"class {index} is {'a' if index in wanted else 'not a'} {animal}"
                edge = " Check the ends of the range: both ends are included." if (
                    index in (wanted.start - 1, wanted.start, wanted.stop - 1, wanted.stop)) else ""
                raise CheckFailure(f"{name}({index}) returns {says}, but {truth}.{edge}")
        numpy_index = np.int64(wanted.start)
        answer = call_learner(function, numpy_index, what=f"{name}(np.int64({wanted.start}))")
        expect(isinstance(answer, (bool, np.bool_)) and bool(answer),
               f"{name} must also work on the NumPy integer that `argmax` returns (np.int64({wanted.start})).")


def _visitors(folder: Path) -> list[tuple[Path, str]]:
    """Each photo twice under a neutral name: as it is, and padded after the JPEG's end marker
    (image readers ignore the padding) with a random number of bytes that makes it larger than
    every original, so a door that goes by the file's name or size cannot pass."""
    photos = {name: _photos()[name].read_bytes() for name in sorted(PHOTOS)}
    largest = max(len(data) for data in photos.values())
    rng = np.random.default_rng()
    visitors = []
    for name, data in photos.items():
        for padded in (False, True):
            path = folder / f"visitor_{len(visitors) + 1}.jpg"
            padding = bytes(int(rng.integers(largest, 2 * largest))) if padded else b""
            path.write_bytes(data + padding)
            visitors.append((path, PHOTOS[name]))
    return visitors


@lab.exercise("doggy_door", title="The automated doggy door", hints=[
    'Reuse your pieces: prepare the photo with your `prepare_image`, ask the model for its class probabilities (quietly), and take the class with the highest one.',
    "Open the door only for a dog: `return is_dog(index)`. Cats (and everything else) stay out.",
    "Printing a message is nice, but the function must *return* True (door opens) or False.",
])
def _check_doggy_door(doggy_door):
    if not callable(doggy_door):
        raise CheckFailure(f"doggy_door should be a function of a file path, not a {type(doggy_door).__name__}.")
    with tempfile.TemporaryDirectory() as folder:
        for number, (path, animal) in enumerate(_visitors(Path(folder)), 1):
            with contextlib.redirect_stdout(io.StringIO()):
                answer = call_learner(doggy_door, str(path), what=f"doggy_door(<photo of a {animal}>)")
            if not isinstance(answer, (bool, np.bool_)):
                raise CheckFailure(f"doggy_door returned {answer!r} ({type(answer).__name__}); return True "
                                   "when the door opens and False when it stays shut.")
            if animal == "dog" and not answer:
                raise CheckFailure("the door stays shut for the photo of a dog. Is the top class a dog "
                                   "class (151..268)? Did you preprocess the photo?")
            if animal != "dog" and answer:
                raise CheckFailure(f"the door opens for the photo of a {animal}: only dogs may come in.")
