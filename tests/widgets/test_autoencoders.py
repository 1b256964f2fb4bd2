"""Autoencoder widgets: the noise slider changes the noisy digits and errors; the latent point moves."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse.widgets.autoencoders import (  # noqa: E402
    add_noise, denoising_rows, draw_denoising, draw_latent, latent_grid, latent_widget, noise_widget)

CLEAN = np.random.default_rng(0).uniform(0.3, 0.7, size=(4, 784)).astype("float32")
CODES = np.random.default_rng(1).normal(size=(200, 2))
LABELS = np.arange(200) % 10


def blur(images):
    return np.full_like(images, 0.5)


def decode(z):
    return np.full((1, 784), 1 / (1 + np.exp(-z[0, 0])), dtype="float32")


def test_noise_grows_with_level():
    _, _, before_low, _ = denoising_rows(CLEAN, blur, 0.1)
    _, _, before_high, _ = denoising_rows(CLEAN, blur, 0.6)
    assert before_high > before_low > 0
    assert np.array_equal(add_noise(CLEAN, 0.0), CLEAN)


def test_draw_denoising_titles_follow_level():
    low, high = draw_denoising(CLEAN, blur, 0.1), draw_denoising(CLEAN, blur, 0.6)
    assert "0.1" in low._suptitle.get_text() and "0.6" in high._suptitle.get_text()
    noisy_low = low.axes[len(CLEAN)].images[0].get_array()
    noisy_high = high.axes[len(CLEAN)].images[0].get_array()
    assert np.std(noisy_high - CLEAN[0].reshape(28, 28)) > np.std(noisy_low - CLEAN[0].reshape(28, 28))
    plt.close("all")


def test_draw_latent_marker_and_image_move():
    a = draw_latent(CODES, LABELS, decode, -2.0, 0.0)
    b = draw_latent(CODES, LABELS, decode, 2.0, 1.0)
    marker_a = a.axes[0].lines[0].get_xydata()[0]
    marker_b = b.axes[0].lines[0].get_xydata()[0]
    assert tuple(marker_a) == (-2.0, 0.0) and tuple(marker_b) == (2.0, 1.0)
    assert a.axes[1].images[0].get_array().mean() < b.axes[1].images[0].get_array().mean()
    assert "(2.0, 1.0)" in b.axes[1].get_title()
    plt.close("all")


def test_widgets_build_and_move():
    grid = latent_grid(CODES, 4)
    assert len(grid) == 4 and grid == sorted(grid)
    widget = latent_widget(CODES, LABELS, decode, steps=4)
    widget.set(z1=grid[0], z2=grid[-1])
    assert len(widget.frame_values()) == 16
    noise = noise_widget(CLEAN, blur)
    noise.set(noise_level=0.8)
    assert "data:image/png" in noise.static_html()
    plt.close("all")
