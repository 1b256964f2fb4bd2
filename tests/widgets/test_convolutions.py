import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from dlcourse.widgets import convolutions as kernels  # noqa: E402


def test_parse_kernel():
    assert kernels.parse_kernel("1 0 -1; 2 0 -2; 1 0 -1").shape == (3, 3)
    assert kernels.parse_kernel("1,2\n3,4").tolist() == [[1, 2], [3, 4]]
    for bad in ["", "1 2; 3", "a b c"]:
        with pytest.raises(ValueError):
            kernels.parse_kernel(bad)


def test_apply_kernel_padding_and_stride():
    image = np.arange(36.0).reshape(6, 6)
    identity = np.array(kernels.PRESETS["identity"])
    assert kernels.apply_kernel(image, identity, "valid").shape == (4, 4)
    assert np.array_equal(kernels.apply_kernel(image, identity, "zero"), image)
    assert kernels.apply_kernel(image, identity, "mirror", stride=2).shape == (3, 3)
    edges = kernels.apply_kernel(image, np.array(kernels.PRESETS["vertical edges [-1 0 1]"]))
    assert np.allclose(edges, 6.0)  # brightness grows by 1 per column: 3 rows x 2


def test_draw_kernel_changes_with_controls(monkeypatch):
    photo = np.tile(np.linspace(0, 1, 40), (30, 1))
    monkeypatch.setattr(kernels, "load_gray", lambda name: photo)
    titles = []
    for preset, padding, stride in [("blur", "zero", 1), ("vertical edges (Sobel)", "valid", 1),
                                    ("identity", "mirror", 3)]:
        figure = kernels.draw_kernel("A.jpg", preset, "", padding, stride)
        titles.append(figure.axes[2].get_title())
        assert figure._suptitle.get_text() == f"Kernel: {preset}"
    assert titles == ["output: 30x40 (zero, stride 1)", "output: 28x38 (valid, stride 1)",
                      "output: 10x14 (mirror, stride 3)"]
    bad = kernels.draw_kernel("A.jpg", "custom", "1 2; 3", "zero", 1)
    assert "error" in bad.axes[1].get_title()


def test_kernel_widget_set(monkeypatch):
    photo = np.random.default_rng(0).random((20, 24))
    monkeypatch.setattr(kernels, "load_gray", lambda name: photo)
    widget = kernels.kernel_widget()
    widget.set(preset="horizontal edges (Sobel)", stride=2)
    assert widget.frame_values() and len(widget.frame_values()) <= 48


def test_feature_maps():
    import keras

    model = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(4, 3, name="conv_a"),
                              keras.layers.MaxPooling2D(name="pool_a"), keras.layers.Flatten(),
                              keras.layers.Dense(10)])
    images = np.random.default_rng(1).random((3, 28, 28)).astype("float32")
    assert kernels.conv_layer_names(model) == ["conv_a", "pool_a"]
    assert kernels.feature_maps(model, images[0], "conv_a").shape == (26, 26, 4)
    assert kernels.feature_maps(model, images[0], "pool_a").shape == (13, 13, 4)
    figure = kernels.draw_feature_maps(model, images, 1, "pool_a")
    assert "pool_a: output 13x13x4 for image 1" in figure._suptitle.get_text()
