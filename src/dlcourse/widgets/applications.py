"""Applications tour: the fast gradient sign method (FGSM) against a small MNIST classifier.

``fgsm`` makes adversarial images: each pixel moves by ``epsilon`` in the direction that raises
the model's loss, ``x_adv = clip(x + epsilon * sign(dL/dx), 0, 1)``. The widget shows one digit,
the perturbation and the perturbed digit with the model's predictions as ``epsilon`` grows.
"""

from __future__ import annotations

import numpy as np

from dlcourse.widgets.core import explorer


def input_gradient_sign(model, x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """The sign of the gradient of the cross-entropy loss with respect to the input pixels."""
    import keras
    import tensorflow as tf

    x = tf.convert_to_tensor(np.asarray(x, dtype="float32"))
    labels = tf.convert_to_tensor(np.asarray(labels, dtype="int64"))
    with tf.GradientTape() as tape:
        tape.watch(x)
        probabilities = model(x, training=False)
        loss = keras.losses.sparse_categorical_crossentropy(labels, probabilities)
    return np.sign(tape.gradient(loss, x).numpy())


def fgsm(model, x: np.ndarray, labels: np.ndarray, epsilon: float,
         gradient_sign: np.ndarray | None = None) -> np.ndarray:
    """Adversarial versions of ``x`` (pixels in [0, 1]) with an L-infinity budget ``epsilon``."""
    if gradient_sign is None:
        gradient_sign = input_gradient_sign(model, x, labels)
    return np.clip(np.asarray(x, dtype="float32") + epsilon * gradient_sign, 0.0, 1.0).astype("float32")


def accuracy_under_attack(model, x: np.ndarray, labels: np.ndarray, epsilons) -> list[float]:
    """The model's accuracy on FGSM images, one value per ``epsilon``."""
    sign = input_gradient_sign(model, x, labels)
    result = []
    for epsilon in epsilons:
        predictions = np.asarray(model.predict(fgsm(model, x, labels, epsilon, sign), verbose=0)).argmax(axis=1)
        result.append(float(np.mean(predictions == np.asarray(labels))))
    return result


def draw_attack(model, images: np.ndarray, labels: np.ndarray, index: int = 0, epsilon: float = 0.1):
    """Original digit, perturbation, adversarial digit, and both probability bar charts."""
    import matplotlib.pyplot as plt

    x = np.asarray(images[index:index + 1], dtype="float32")
    y = np.asarray(labels[index:index + 1])
    adversarial = fgsm(model, x, y, epsilon)
    p_clean = np.asarray(model(x, training=False))[0]
    p_adv = np.asarray(model(adversarial, training=False))[0]
    side = int(round(np.sqrt(x.shape[-1]))) if x.ndim == 2 else x.shape[1]
    figure, axes = plt.subplots(1, 4, figsize=(12, 3))
    axes[0].imshow(x.reshape(side, side), cmap="gray", vmin=0, vmax=1)
    axes[0].set_title(f"original: {p_clean.argmax()} ({p_clean.max():.0%})")
    axes[1].imshow((adversarial - x).reshape(side, side), cmap="coolwarm", vmin=-0.3, vmax=0.3)
    axes[1].set_title(f"perturbation (±{epsilon:g})")
    axes[2].imshow(adversarial.reshape(side, side), cmap="gray", vmin=0, vmax=1)
    axes[2].set_title(f"adversarial: {p_adv.argmax()} ({p_adv.max():.0%})")
    for ax in axes[:3]:
        ax.axis("off")
    digits = np.arange(len(p_clean))
    axes[3].bar(digits - 0.2, p_clean, width=0.4, label="original")
    axes[3].bar(digits + 0.2, p_adv, width=0.4, label="adversarial")
    axes[3].set_xticks(digits)
    axes[3].set_ylim(0, 1)
    axes[3].set_title("predicted probabilities")
    axes[3].legend(fontsize=8)
    fooled = "fooled" if p_adv.argmax() != y[0] else "not fooled"
    figure.suptitle(f"FGSM with epsilon = {epsilon:g}: true digit {int(y[0])}, model {fooled}")
    figure.tight_layout()
    return figure


def adversarial_widget(model, images: np.ndarray, labels: np.ndarray):
    """An epsilon slider (and a choice of test digit) for the FGSM attack."""
    import ipywidgets as widgets

    def draw(epsilon=0.1, index=0):
        return draw_attack(model, images, labels, index, epsilon)

    controls = {
        "epsilon": widgets.FloatSlider(value=0.1, min=0.0, max=0.3, step=0.02, description="epsilon"),
        "index": widgets.IntSlider(value=0, min=0, max=len(images) - 1, description="test digit"),
    }
    frames = {"epsilon": [0.0, 0.02, 0.05, 0.08, 0.1, 0.15, 0.2, 0.3], "index": [0, 1]}
    return explorer(draw, controls, frames,
                    alt="A test digit, the FGSM perturbation, the perturbed digit, and the model's "
                        "probabilities before and after the attack")
