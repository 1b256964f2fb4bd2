import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from dlcourse.widgets.gans import draw_latent_walk, interpolate, latent_walk_widget, walk_images  # noqa: E402


def decode(z):
    """A stand-in generator: brightness follows the first latent coordinate."""
    z = np.asarray(z)
    return np.tanh(np.repeat(z[:, :1], 784, axis=1)).reshape(-1, 28, 28)


def test_interpolate_endpoints_and_midpoint():
    a, b = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    assert np.allclose(interpolate(a, b, 0), a) and np.allclose(interpolate(a, b, 1), b)
    assert np.allclose(interpolate(a, b, 0.5), [0.5, 0.5])
    mid = interpolate(a, b, 0.5, spherical=True)
    assert np.isclose(np.linalg.norm(mid), 1.0)          # slerp keeps the length


def test_walk_images_change_along_the_walk():
    images = walk_images(decode, np.full(4, -2.0), np.full(4, 2.0), steps=5)
    assert images.shape == (5, 28, 28)
    assert images.min() >= 0 and images.max() <= 1
    assert np.all(np.diff(images.mean(axis=(1, 2))) > 0)


def test_draw_and_widget_follow_the_step():
    images = walk_images(decode, np.full(4, -2.0), np.full(4, 2.0), steps=5)
    first = draw_latent_walk(images, 0)
    last = draw_latent_walk(images, 4)
    assert "step 0 of 4" in first.axes[0].get_title() and "step 4 of 4" in last.axes[0].get_title()
    assert first.axes[0].images[0].get_array().mean() < last.axes[0].images[0].get_array().mean()
    widget = latent_walk_widget(decode, np.full(4, -2.0), np.full(4, 2.0), steps=5)
    widget.set(step=3)
    assert widget.frame_values() == [{"step": i} for i in range(5)]
    assert "<img" in widget.static_html()
