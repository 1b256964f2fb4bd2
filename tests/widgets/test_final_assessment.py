import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from dlcourse.widgets import final_assessment as fa  # noqa: E402

NAMES = [f"class {i}" for i in range(10)]
RNG = np.random.default_rng(0)
LABELS = np.repeat(np.arange(10), 30)
IMAGES = (RNG.random((300, 28, 28)) * 50 + LABELS[:, None, None] * 20).astype("uint8")


def test_class_examples_pick_the_class_and_wrap():
    examples = fa.class_examples(IMAGES, LABELS, 3, count=12, start=0)
    assert examples.shape == (12, 28, 28)
    assert np.array_equal(examples[0], IMAGES[LABELS == 3][0])
    wrapped = fa.class_examples(IMAGES, LABELS, 3, count=12, start=24)
    assert np.array_equal(wrapped[6], IMAGES[LABELS == 3][0])
    with pytest.raises(ValueError):
        fa.class_examples(IMAGES, LABELS, 11)


def test_draw_class_changes_with_controls():
    first = fa.draw_class(IMAGES, LABELS, NAMES, cls=2, start=0)
    assert "class 2" in first._suptitle.get_text() and "30 images" in first._suptitle.get_text()
    shown = np.asarray(first.axes[0].images[0].get_array())
    assert np.array_equal(shown, IMAGES[LABELS == 2][0])
    later = fa.draw_class(IMAGES, LABELS, NAMES, cls=2, start=12)
    assert np.array_equal(np.asarray(later.axes[0].images[0].get_array()), IMAGES[LABELS == 2][12])
    other = fa.draw_class(IMAGES, LABELS, NAMES, cls=7, start=0, show_mean=False)
    assert "class 7" in other._suptitle.get_text() and len(other.axes) == 12
    with_mean = fa.draw_class(IMAGES, LABELS, NAMES, cls=7)
    assert len(with_mean.axes) == 14
    mean = np.asarray(with_mean.axes[6].images[0].get_array())
    assert np.allclose(mean, IMAGES[LABELS == 7].mean(axis=0))
    assert with_mean.axes[13].texts[0].get_text().startswith("10.0%")


def test_widget_controls_and_frames():
    widget = fa.fashion_browser_widget(IMAGES, LABELS, NAMES)
    widget.set(cls=5, start=12)
    assert len(widget.frame_values()) == 10
    assert "data:image/png;base64" in widget.static_html()
