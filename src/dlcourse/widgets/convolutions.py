"""Chapter 08 widgets: a kernel editor on a real photo, and the feature maps of a small CNN.

The computing functions (:func:`parse_kernel`, :func:`apply_kernel`, :func:`feature_maps`) are
plain NumPy/Keras and are what the tests drive; the ``draw_*`` functions return a matplotlib
Figure; the ``*_widget`` functions wire them to ipywidgets through :func:`explorer`.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dlcourse.widgets.core import explorer

PRESETS: dict[str, list[list[float]]] = {
    "identity": [[0, 0, 0], [0, 1, 0], [0, 0, 0]],
    "blur": [[0.06, 0.13, 0.06], [0.13, 0.25, 0.13], [0.06, 0.13, 0.06]],
    "sharpen": [[0, -1, 0], [-1, 5, -1], [0, -1, 0]],
    "vertical edges [-1 0 1]": [[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]],
    "vertical edges (Sobel)": [[1, 0, -1], [2, 0, -2], [1, 0, -1]],
    "horizontal edges (Sobel)": [[1, 2, 1], [0, 0, 0], [-1, -2, -1]],
}
PADDINGS = ["valid", "zero", "mirror"]


def kernel_text(kernel) -> str:
    """Write a kernel as the editor shows it: rows separated by ``;``."""
    return "; ".join(" ".join(f"{v:g}" for v in row) for row in np.asarray(kernel, dtype=float))


def parse_kernel(text: str) -> np.ndarray:
    """Read ``"1 0 -1; 2 0 -2; 1 0 -1"`` (rows split by ``;`` or new lines) into a 2-D array.

    Raises ``ValueError`` with a readable message for ragged rows, non-numbers or an empty text.
    """
    rows = [r for r in str(text).replace("\n", ";").split(";") if r.strip()]
    if not rows:
        raise ValueError("the kernel is empty: type rows of numbers separated by ';'")
    try:
        values = [[float(v) for v in row.replace(",", " ").split()] for row in rows]
    except ValueError:
        raise ValueError(f"the kernel {text!r} has something that is not a number") from None
    if len({len(r) for r in values}) != 1:
        raise ValueError("every row of the kernel needs the same number of values")
    return np.array(values)


def pad(image: np.ndarray, size: int, padding: str) -> np.ndarray:
    """Pad a 2-D image by ``size`` pixels: ``"zero"`` adds zeros, ``"mirror"`` reflects the border."""
    if padding == "valid" or size == 0:
        return image
    if padding == "zero":
        return np.pad(image, size, mode="constant")
    if padding == "mirror":
        return np.pad(image, size, mode="symmetric")
    raise ValueError(f"unknown padding {padding!r}; use one of {PADDINGS}")


def apply_kernel(image: np.ndarray, kernel: np.ndarray, padding: str = "valid", stride: int = 1) -> np.ndarray:
    """Slide ``kernel`` over a 2-D ``image`` (cross-correlation, as deep-learning libraries do)."""
    image = np.asarray(image, dtype=float)
    kernel = np.asarray(kernel, dtype=float)
    kh, kw = kernel.shape
    image = pad(image, kh // 2, padding) if kh == kw else image
    windows = np.lib.stride_tricks.sliding_window_view(image, (kh, kw))[::stride, ::stride]
    return np.einsum("ijkl,kl->ij", windows, kernel)


@lru_cache(maxsize=8)
def load_gray(name: str, max_side: int = 160) -> np.ndarray:
    """A course sample photo (ASL or doggy-door) as a grayscale float image in [0, 1]."""
    from PIL import Image

    from dlcourse.data import sample_images

    paths = {**sample_images("asl_images"), **sample_images("doggy_door_images")}
    with Image.open(paths[name]) as photo:
        photo = photo.convert("L")
        scale = max_side / max(photo.size)
        photo = photo.resize((max(1, round(photo.width * scale)), max(1, round(photo.height * scale))))
        return np.asarray(photo, dtype=float) / 255.0


def draw_kernel(image: str = "A.jpg", preset: str = "vertical edges (Sobel)", custom: str = "",
                padding: str = "zero", stride: int = 1):
    """The photo, the kernel (as numbers) and the filtered photo side by side."""
    import matplotlib.pyplot as plt

    try:
        kernel = parse_kernel(custom) if preset == "custom" else np.array(PRESETS[preset], dtype=float)
        error = ""
    except ValueError as problem:
        kernel, error = np.array(PRESETS["identity"], dtype=float), str(problem)
    photo = load_gray(image)
    result = apply_kernel(photo, kernel, padding=padding, stride=int(stride))
    figure, axes = plt.subplots(1, 3, figsize=(10, 3.6), gridspec_kw={"width_ratios": [3, 2, 3]})
    axes[0].imshow(photo, cmap="gray", vmin=0, vmax=1)
    axes[0].set_title(f"{image}: {photo.shape[0]}x{photo.shape[1]}")
    axes[1].imshow(kernel, cmap="coolwarm", vmin=-np.abs(kernel).max() or -1, vmax=np.abs(kernel).max() or 1)
    for (i, j), v in np.ndenumerate(kernel):
        axes[1].text(j, i, f"{v:g}", ha="center", va="center", fontsize=11)
    axes[1].set_title("kernel" if not error else f"kernel error:\n{error}", fontsize=9 if error else None)
    axes[2].imshow(result, cmap="gray")
    axes[2].set_title(f"output: {result.shape[0]}x{result.shape[1]} ({padding}, stride {stride})")
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    figure.suptitle(f"Kernel: {preset}")
    figure.tight_layout()
    return figure


def kernel_widget():
    """Pick a photo and a kernel (or type your own), choose padding and stride, see the result."""
    import ipywidgets as widgets

    controls = {
        "image": widgets.Dropdown(options=["A.jpg", "B.jpg", "happy_dog.jpg", "brown_bear.jpg"],
                                  value="A.jpg", description="image"),
        "preset": widgets.Dropdown(options=[*PRESETS, "custom"], value="vertical edges (Sobel)",
                                   description="kernel"),
        "custom": widgets.Text(value="0 -1 0; -1 4 -1; 0 -1 0", description="custom",
                               continuous_update=False),
        "padding": widgets.ToggleButtons(options=PADDINGS, value="zero", description="padding"),
        "stride": widgets.IntSlider(value=1, min=1, max=4, description="stride"),
    }
    frames = {"image": ["A.jpg", "happy_dog.jpg"], "preset": list(PRESETS)}
    return explorer(draw_kernel, controls, frames,
                    alt="A photo, a 3x3 kernel and the photo filtered by that kernel")


# ----------------------------------------------------------------------------- feature maps


def conv_layer_names(model) -> list[str]:
    """Names of the model's convolution and pooling layers, in order."""
    return [layer.name for layer in model.layers if "conv" in layer.name or "pool" in layer.name]


def feature_maps(model, image: np.ndarray, layer: str) -> np.ndarray:
    """The activations ``(height, width, channels)`` of ``layer`` for one image of shape (28, 28)."""
    import keras

    probe = keras.Model(inputs=model.inputs, outputs=model.get_layer(layer).output)
    batch = np.asarray(image, dtype="float32").reshape(1, *model.inputs[0].shape[1:])
    return np.asarray(probe(batch, training=False))[0]


def draw_feature_maps(model, images: np.ndarray, index: int = 0, layer: str | None = None, columns: int = 8):
    """The input digit and every channel of one layer's output, as small gray images."""
    import matplotlib.pyplot as plt

    layer = layer or conv_layer_names(model)[0]
    maps = feature_maps(model, images[index], layer)
    channels = maps.shape[-1]
    rows = int(np.ceil(channels / columns))
    figure, axes = plt.subplots(rows, columns + 1, figsize=(1.3 * (columns + 1), 1.4 * rows + 0.6), squeeze=False)
    for ax in axes.ravel():
        ax.axis("off")
    axes[0, 0].imshow(images[index], cmap="gray")
    axes[0, 0].set_title("input", fontsize=9)
    for c in range(channels):
        ax = axes[c // columns, 1 + c % columns]
        ax.imshow(maps[..., c], cmap="viridis")
        ax.set_title(f"#{c}", fontsize=8)
    figure.suptitle(f"{layer}: output {maps.shape[0]}x{maps.shape[1]}x{channels} for image {index}")
    figure.tight_layout()
    return figure


def feature_maps_widget(model, images: np.ndarray):
    """Choose an image and a layer of ``model``; see what each filter responds to."""
    import ipywidgets as widgets

    names = conv_layer_names(model)

    def draw(index=0, layer=names[0]):
        return draw_feature_maps(model, images, index, layer)

    controls = {"index": widgets.IntSlider(value=0, min=0, max=len(images) - 1, description="image"),
                "layer": widgets.Dropdown(options=names, value=names[0], description="layer")}
    frames = {"index": list(range(min(4, len(images)))), "layer": names}
    return explorer(draw, controls, frames,
                    alt="An input digit and the feature maps that one layer of a small CNN makes of it")
