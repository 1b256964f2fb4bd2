import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from dlcourse.augmentation_layers import AUGMENTATIONS, RandomChannelShift, make_layer  # noqa: E402
from dlcourse.widgets import data_augmentation as aug  # noqa: E402

PHOTO = np.random.default_rng(0).random((32, 32, 3)).astype("float32")


@pytest.mark.parametrize("name", AUGMENTATIONS)
def test_each_layer_changes_in_training_only(name):
    layer = make_layer(name, 0.3, seed=1)
    batch = np.repeat(PHOTO[None], 4, axis=0)
    assert np.allclose(np.asarray(layer(batch, training=False)), batch)
    assert not np.allclose(np.asarray(layer(batch, training=True)), batch)


def test_strength_zero_and_unknown():
    batch = np.repeat(PHOTO[None], 2, axis=0)
    assert np.allclose(np.asarray(make_layer("channel shift", 0.0)(batch, training=True)), batch)
    with pytest.raises(ValueError):
        make_layer("sepia")


def test_channel_shift_offsets_per_channel():
    out = np.asarray(RandomChannelShift(0.2, seed=3)(np.full((3, 8, 8, 3), 0.5, "float32"), training=True))
    offsets = (out - 0.5).mean(axis=(1, 2))
    assert np.all(np.abs(offsets) <= 0.2 + 1e-6) and np.unique(offsets.round(5)).size > 3


def test_draw_and_widget(monkeypatch):
    monkeypatch.setattr(aug, "sample_photo", lambda name="A.jpg", size=96: PHOTO)
    weak = aug.draw_augmentation("rotation", 0.05, "A.jpg", 0)
    strong = aug.draw_augmentation("rotation", 0.5, "A.jpg", 0)
    assert weak._suptitle.get_text() == "rotation, strength 0.05"
    diff = [np.abs(np.asarray(f.axes[1].images[0].get_array()) - PHOTO).mean() for f in (weak, strong)]
    assert diff[1] > diff[0]
    other = aug.draw_augmentation("brightness", 0.3, "A.jpg", 1)
    assert "brightness" in other._suptitle.get_text()
    widget = aug.augmentation_widget()
    widget.set(layer="zoom", strength=0.4)
    assert len(widget.frame_values()) <= 48
