import datetime
import io

import keras
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from dlcourse.data import sample_images  # noqa: E402
from dlcourse.photo_prediction import MAX_UPLOAD_BYTES, Prediction, predict_bytes, preprocess_photo  # noqa: E402
from dlcourse.widgets import deployment as upload  # noqa: E402


@pytest.fixture(scope="module")
def model():
    keras.utils.set_random_seed(0)
    return keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Flatten(),
                             keras.layers.Dense(24, activation="softmax")])


def png_bytes(size=(40, 30)):
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.random.default_rng(0).integers(0, 255, (*size, 3), dtype=np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def test_preprocess_formats():
    path = sample_images("asl_images")["a.png"]
    batch = preprocess_photo(path)
    assert batch.shape == (1, 28, 28, 1) and batch.dtype == np.float32 and 0 <= batch.min() <= batch.max() <= 1
    assert preprocess_photo(png_bytes()).shape == (1, 28, 28, 1)
    assert preprocess_photo(np.zeros((50, 60), np.uint8)).shape == (1, 28, 28, 1)


def test_predict_bytes_good_and_bad(model):
    good = predict_bytes(model, png_bytes(), "me.png")
    assert isinstance(good, Prediction) and 0 <= good.probability <= 1 and len(good.top(3)) == 3
    cases = {b"": "empty", b"hello, not a photo": "not an image", png_bytes()[:60]: "damaged",
             png_bytes() + bytes(MAX_UPLOAD_BYTES): "MB"}
    for data, words in cases.items():
        message = predict_bytes(model, data, "x.png")
        assert isinstance(message, str) and words in message
    assert "not file content" in predict_bytes(model, None)


def test_handle_upload(model):
    assert "Choose a photo" in upload.handle_upload(model, ())
    ok = upload.handle_upload(model, ({"name": "me.png", "content": memoryview(png_bytes())},))
    assert ok.startswith("me.png: Prediction:")
    bad = upload.handle_upload(model, ({"name": "cv.pdf", "content": b"%PDF-1.4 ..."},))
    assert "cv.pdf" in bad and "Sorry" in bad


def test_widgets(model):
    box = upload.upload_widget(model)
    button, message = box.children
    button.value = ({"name": "n.txt", "content": memoryview(b"text"), "size": 4, "type": "text/plain",
                     "last_modified": datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc)},)
    assert "Sorry" in message.value
    figure_a = upload.draw_prediction(model, "a.png")
    figure_b = upload.draw_prediction(model, "B.jpg")
    assert "a.png" in figure_a._suptitle.get_text() and "B.jpg" in figure_b._suptitle.get_text()
    assert not np.array_equal(figure_a.axes[1].images[0].get_array(), figure_b.axes[1].images[0].get_array())
    assert len(upload.prediction_widget(model).frame_values()) == 4
    rows = upload.probabilities_table(model)
    assert [r[0] for r in rows] == upload.SAMPLES
