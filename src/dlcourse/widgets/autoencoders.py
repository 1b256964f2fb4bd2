"""Autoencoder explorers: walk the 2-D latent space, and turn up the noise for a denoiser."""

from __future__ import annotations

from typing import Callable

import numpy as np

from dlcourse.widgets.core import explorer

NOISE_FRAMES = [0.0, 0.2, 0.4, 0.6, 0.8]


def add_noise(images, noise_level: float, seed: int = 0) -> np.ndarray:
    """Gaussian noise with standard deviation ``noise_level``, clipped to [0, 1] (reproducible)."""
    images = np.asarray(images, dtype="float32")
    noise = np.random.default_rng(seed).normal(0.0, noise_level, images.shape)
    return np.clip(images + noise, 0.0, 1.0).astype("float32")


def mse(a, b) -> float:
    return float(np.mean((np.asarray(a, dtype=float) - np.asarray(b, dtype=float)) ** 2))


def denoising_rows(clean, denoise: Callable, noise_level: float, seed: int = 0):
    """(noisy, cleaned, error of noisy, error of cleaned) for the digits ``clean`` (N, 784)."""
    clean = np.asarray(clean, dtype="float32")
    noisy = add_noise(clean, noise_level, seed)
    cleaned = np.asarray(denoise(noisy), dtype="float32").reshape(clean.shape)
    return noisy, cleaned, mse(noisy, clean), mse(cleaned, clean)


def draw_denoising(clean, denoise: Callable, noise_level: float = 0.4, seed: int = 0):
    """Three rows of digits: the originals, with noise added, and what ``denoise`` makes of them."""
    import matplotlib.pyplot as plt

    clean = np.asarray(clean, dtype="float32")
    noisy, cleaned, before, after = denoising_rows(clean, denoise, noise_level, seed)
    n = len(clean)
    figure, axes = plt.subplots(3, n, figsize=(1.1 * n, 3.8))
    axes = np.asarray(axes).reshape(3, n)
    for row, (images, label) in enumerate([(clean, "original"), (noisy, f"noisy\nMSE {before:.3f}"),
                                           (cleaned, f"denoised\nMSE {after:.3f}")]):
        for i in range(n):
            axes[row, i].imshow(images[i].reshape(28, 28), cmap="gray", vmin=0, vmax=1)
            axes[row, i].set_xticks([]); axes[row, i].set_yticks([])
        axes[row, 0].set_ylabel(label, fontsize=9)
    figure.suptitle(f"Noise level {noise_level:g}: error {before:.3f} before, {after:.3f} after denoising",
                    fontsize=10)
    figure.tight_layout()
    return figure


def noise_widget(clean, denoise: Callable):
    """A noise-level slider over :func:`draw_denoising`."""
    import ipywidgets as widgets

    slider = widgets.SelectionSlider(options=NOISE_FRAMES, value=0.4, description="noise_level")
    return explorer(lambda noise_level: draw_denoising(clean, denoise, noise_level),
                    {"noise_level": slider}, {"noise_level": NOISE_FRAMES},
                    alt="Rows of digits: originals, the same digits with Gaussian noise, and the "
                        "denoising autoencoder's output, for the chosen noise level.")


def draw_latent(codes, labels, decode: Callable, z1: float = 0.0, z2: float = 0.0):
    """Left: the 2-D codes coloured by digit with a cross at (z1, z2); right: the decoded image there."""
    import matplotlib.pyplot as plt

    codes = np.asarray(codes, dtype=float)
    labels = np.asarray(labels)
    figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3.8), gridspec_kw={"width_ratios": [1.6, 1]})
    points = left.scatter(codes[:, 0], codes[:, 1], c=labels, cmap="tab10", s=4, vmin=-0.5, vmax=9.5)
    figure.colorbar(points, ax=left, ticks=range(10), label="digit")
    left.plot([z1], [z2], marker="X", markersize=14, color="black", markeredgecolor="white")
    left.set_xlabel("latent z1"); left.set_ylabel("latent z2")
    left.set_title("2-D codes of test digits")
    image = np.asarray(decode(np.array([[z1, z2]], dtype="float32")), dtype=float).reshape(28, 28)
    right.imshow(image, cmap="gray", vmin=0, vmax=1)
    right.set_xticks([]); right.set_yticks([])
    right.set_title(f"decoded at ({z1:.1f}, {z2:.1f})")
    figure.tight_layout()
    return figure


def latent_grid(codes, steps: int = 5) -> list[float]:
    """``steps`` rounded values spread over the central 90% of the codes (both axes together)."""
    low, high = np.percentile(np.asarray(codes, dtype=float), [5, 95])
    return [round(float(v), 1) for v in np.linspace(low, high, steps)]


def latent_widget(codes, labels, decode: Callable, steps: int = 5):
    """Two sliders pick a point of the latent plane; the decoder draws the digit it encodes."""
    import ipywidgets as widgets

    grid = latent_grid(codes, steps)
    low, high = grid[0], grid[-1]
    middle = grid[len(grid) // 2]
    controls = {name: widgets.FloatSlider(value=middle, min=low, max=high, step=0.1, description=name)
                for name in ("z1", "z2")}
    return explorer(lambda z1, z2: draw_latent(codes, labels, decode, z1, z2), controls,
                    {"z1": grid, "z2": grid},
                    alt="Scatter plot of two-dimensional codes coloured by digit with a marker at the "
                        "chosen point, beside the image the decoder produces from that point.")
