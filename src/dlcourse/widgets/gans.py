"""Walk in a GAN's latent space: decode points on a line between two latent vectors."""

from __future__ import annotations

import numpy as np


def interpolate(z_start, z_end, t: float, spherical: bool = False) -> np.ndarray:
    """The point a fraction ``t`` of the way from ``z_start`` to ``z_end``.

    Linear interpolation, or spherical (slerp), which keeps the vector's length typical of
    Gaussian noise instead of passing close to the origin.
    """
    a, b = np.asarray(z_start, dtype="float64"), np.asarray(z_end, dtype="float64")
    if not spherical:
        return (1 - t) * a + t * b
    cos = np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))
    omega = np.arccos(np.clip(cos, -1.0, 1.0))
    if omega < 1e-6:
        return (1 - t) * a + t * b
    return (np.sin((1 - t) * omega) * a + np.sin(t * omega) * b) / np.sin(omega)


def walk_images(decode, z_start, z_end, steps: int = 9, spherical: bool = False) -> np.ndarray:
    """Decode ``steps`` evenly spaced points from ``z_start`` to ``z_end``; images in [0, 1]."""
    ts = np.linspace(0.0, 1.0, steps)
    z = np.stack([interpolate(z_start, z_end, t, spherical) for t in ts]).astype("float32")
    images = np.asarray(decode(z), dtype="float32").reshape(steps, 28, 28)
    return np.clip((images + 1) / 2 if images.min() < 0 else images, 0, 1)


def draw_latent_walk(images: np.ndarray, step: int = 0):
    """The image at ``step`` large, the whole walk as a strip below with the current one marked."""
    import matplotlib.pyplot as plt

    n = len(images)
    step = int(np.clip(step, 0, n - 1))
    figure = plt.figure(figsize=(6.4, 3.6))
    big = figure.add_axes([0.35, 0.32, 0.3, 0.58])
    big.imshow(images[step], cmap="gray", vmin=0, vmax=1)
    big.set_axis_off()
    big.set_title(f"Latent walk: step {step} of {n - 1} (t = {step / max(n - 1, 1):.2f})")
    for i, image in enumerate(images):
        ax = figure.add_axes([0.02 + i * 0.96 / n, 0.03, 0.96 / n * 0.92, 0.22])
        ax.imshow(image, cmap="gray", vmin=0, vmax=1)
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_color("tab:red" if i == step else "white")
            spine.set_linewidth(3 if i == step else 0.5)
    return figure


def latent_walk_widget(decode, z_start, z_end, steps: int = 9):
    """Slider over a pre-rendered walk from ``z_start`` to ``z_end`` through ``decode``."""
    import ipywidgets as widgets

    from dlcourse.widgets import explorer

    images = walk_images(decode, z_start, z_end, steps)

    def draw(step=0):
        return draw_latent_walk(images, step)

    controls = {"step": widgets.IntSlider(value=0, min=0, max=steps - 1, description="step")}
    return explorer(draw, controls, {"step": list(range(steps))},
                    alt="A generated digit that morphs step by step as the latent vector moves "
                        "along a straight line between two random points.")
