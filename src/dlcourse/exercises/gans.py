"""Lab 17: complete the training step of a GAN on handwritten digits."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_number
from dlcourse.gan_training import digit_likeness

lab = Lab("17_gans", "Generative adversarial networks")


def _bce_with_logits(labels: np.ndarray, logits: np.ndarray) -> float:
    """Mean binary cross-entropy computed from logits, the numerically stable way."""
    logits = np.asarray(logits, dtype=np.float64)
    return float(np.mean(np.maximum(logits, 0) - logits * labels + np.log1p(np.exp(-np.abs(logits)))))


def _logit_cases():
    rng = np.random.default_rng(16)
    cases = []
    for n in (1, 8, 64):
        real = rng.normal(1.0, 2.0, size=(n, 1)).astype("float32")
        fake = rng.normal(-1.0, 2.0, size=(n, 1)).astype("float32")
        cases.append((real, fake))
    cases.append((np.full((4, 1), 3.0, "float32"), np.full((4, 1), -2.0, "float32")))
    return cases


def _as_tensor(array):
    import tensorflow as tf

    return tf.constant(array)


@lab.exercise(
    "discriminator_loss",
    hints=[
        "The discriminator should say 1 (real) for real images and 0 (fake) for generated ones.",
        "Add two binary cross-entropies: one between ones and `real_output`, one between zeros "
        "and `fake_output`. The outputs are logits, so use `from_logits=True`.",
        "`cross_entropy(tf.ones_like(real_output), real_output) + "
        "cross_entropy(tf.zeros_like(fake_output), fake_output)`",
    ],
)
def _check_discriminator_loss(discriminator_loss):
    for real, fake in _logit_cases():
        value = expect_number(call_learner(discriminator_loss, _as_tensor(real), _as_tensor(fake)),
                              "discriminator_loss(real_output, fake_output)")
        expected = _bce_with_logits(np.ones_like(real), real) + _bce_with_logits(np.zeros_like(fake), fake)
        if np.isclose(value, expected, rtol=1e-4, atol=1e-5):
            continue
        swapped = _bce_with_logits(np.zeros_like(real), real) + _bce_with_logits(np.ones_like(fake), fake)
        only_real = _bce_with_logits(np.ones_like(real), real)
        only_fake = _bce_with_logits(np.zeros_like(fake), fake)
        probs = (_bce_from_probs(np.ones_like(real), real) + _bce_from_probs(np.zeros_like(fake), fake))
        if np.isclose(value, swapped, rtol=1e-4):
            raise CheckFailure("the labels are swapped: real images should be labelled 1 and fakes 0.")
        if np.isclose(value, only_real, rtol=1e-4) or np.isclose(value, only_fake, rtol=1e-4):
            raise CheckFailure("only one half of the loss is there: add the loss on real images "
                               "and the loss on fake images.")
        if np.isclose(value, expected / 2, rtol=1e-4):
            raise CheckFailure("your loss is half the expected one: add the two terms, do not average them.")
        if np.isfinite(probs) and np.isclose(value, probs, rtol=1e-3):
            raise CheckFailure("the discriminator outputs logits (no sigmoid): use "
                               "BinaryCrossentropy(from_logits=True).")
        raise CheckFailure("the loss does not have the right value for some real/fake outputs.")


def _bce_from_probs(labels, probs):
    p = np.clip(np.asarray(probs, dtype=np.float64), 1e-7, 1 - 1e-7)
    if np.any((np.asarray(probs) < 0) | (np.asarray(probs) > 1)):
        return float("nan")
    return float(np.mean(-(labels * np.log(p) + (1 - labels) * np.log(1 - p))))


@lab.exercise(
    "generator_loss",
    hints=[
        "The generator wins when the discriminator calls its fakes real.",
        "Use binary cross-entropy between ones and `fake_output` (logits).",
        "`cross_entropy(tf.ones_like(fake_output), fake_output)`",
    ],
)
def _check_generator_loss(generator_loss):
    for _real, fake in _logit_cases():
        value = expect_number(call_learner(generator_loss, _as_tensor(fake)), "generator_loss(fake_output)")
        expected = _bce_with_logits(np.ones_like(fake), fake)
        if np.isclose(value, expected, rtol=1e-4, atol=1e-5):
            continue
        zeros = _bce_with_logits(np.zeros_like(fake), fake)
        if np.isclose(value, zeros, rtol=1e-4) or np.isclose(value, -zeros, rtol=1e-4):
            raise CheckFailure("the generator's target should be 1 ('real'): it wants the "
                               "discriminator to be fooled, not to be right.")
        if np.isclose(value, -expected, rtol=1e-4):
            raise CheckFailure("the sign is flipped: the loss to minimise is the cross-entropy itself.")
        raise CheckFailure("the loss does not have the right value for some fake outputs.")


def sample_generator(generator, n: int = 200, seed: int = 0) -> np.ndarray:
    """Draw ``n`` images from ``generator`` with a fixed seed; returns an array, as produced."""
    dims = getattr(generator, "input_shape", None)
    if dims is None or len(dims) != 2 or not dims[1]:
        raise CheckFailure("pass the trained generator (a Keras model whose input is a latent vector).")
    z = np.random.default_rng(seed).normal(size=(n, int(dims[1]))).astype("float32")
    out = call_learner(generator, z, what="generator(z)")
    if hasattr(out, "numpy"):
        out = out.numpy()
    return np.asarray(out, dtype="float32")


LIKENESS_TARGET = 0.5  # solution: 0.955-0.965 / 0.910 (seeds 42 / 7); uniform noise 0.0; untrained generator 0.0


@lab.exercise(
    "train_step",
    hints=[
        "Inside one `tf.GradientTape` block (or two), generate images from noise, run the "
        "discriminator on real and on fake images, and compute both losses.",
        "Take `gen_tape.gradient(gen_loss, generator.trainable_variables)` and "
        "`disc_tape.gradient(disc_loss, discriminator.trainable_variables)`, then call each "
        "optimizer's `apply_gradients(zip(gradients, variables))`.",
        "Each network gets the gradient of its own loss: the generator's optimizer with the generator's "
        "gradients, the discriminator's optimizer with the discriminator's gradients.",
    ],
)
def _check_train_step(generator):
    samples = sample_generator(generator)
    expect(samples.size == 200 * 784, f"the generator gives arrays of shape {samples.shape[1:]} per "
           "sample; expected 28x28 = 784 pixels.")
    expect(np.all(np.isfinite(samples)), "the generated images contain NaN or infinite values.")
    expect(samples.min() >= -1.0001 and samples.max() <= 1.0001,
           f"generated pixels run from {samples.min():.3g} to {samples.max():.3g}; with a tanh output "
           "they should lie in [-1, 1].")
    expect(samples.min() < -0.5, "no generated pixel is below -0.5: the training images use [-1, 1] "
           "(background -1), so the generator's output should too (tanh).")
    images = (samples.reshape(200, 28, 28) + 1.0) / 2.0
    spread = float(images.std(axis=0).mean())
    expect(spread > 0.05, f"all samples look nearly the same (pixel spread across samples {spread:.3f}): "
           "the generator has collapsed or has not learned. Is each optimizer updating its own network?")
    expect(images.mean() < 0.5, "the samples are mostly bright: MNIST digits are light strokes on a "
           "dark background. Did the generator train?")
    likeness = digit_likeness(images)
    expect(likeness >= LIKENESS_TARGET,
           f"only {likeness:.0%} of the samples look like real digits, measured {likeness:.3f} "
           f"(target {LIKENESS_TARGET}). Check both losses and the gradient updates, and train for "
           "all the epochs.")
    return f"measured {likeness:.3f} (target {LIKENESS_TARGET}): share of samples as close to a real digit as real digits are."
