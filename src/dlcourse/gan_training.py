"""Chapter 17's GAN: the training loop the lecture types, and a measure of how digit-like samples are.

The lecture ``notebooks/17_gans.ipynb`` types :func:`train_gan` out (that is what it teaches); the
lab ``solutions/17_gans.ipynb`` runs this copy with the learner's own ``train_step``, and
``tests/test_gan_training.py`` keeps the two identical. :func:`digit_likeness` is the measurement
the lecture shows and the lab's check applies.
"""

from __future__ import annotations

import time
from functools import lru_cache

import numpy as np


def train_gan(train_step, generator, dataset, fixed_noise, epochs):
    """Run ``train_step(batch)`` over ``dataset`` for ``epochs`` epochs.

    After each epoch it keeps the last batch's ``(generator loss, discriminator loss)`` and the
    ``generator``'s images for ``fixed_noise``; returns ``(snapshots, history)``, one entry per epoch.
    """
    snapshots, history = [], []
    start = time.perf_counter()
    for epoch in range(1, epochs + 1):
        for batch in dataset:
            gen_loss, disc_loss = train_step(batch)
        history.append((float(gen_loss), float(disc_loss)))
        snapshots.append(generator(fixed_noise, training=False).numpy())
        print(f"epoch {epoch:2d}  generator loss {gen_loss:.3f}  discriminator loss {disc_loss:.3f}")
    print(f"training took {time.perf_counter() - start:.0f} s")
    return snapshots, history


@lru_cache(maxsize=1)
def _reference_digits():
    """Real test digits in [0, 1], flattened: a reference set and a held-out set."""
    from dlcourse.data import load_mnist

    _, (x_test, _) = load_mnist()
    x = x_test.reshape(len(x_test), -1).astype("float32") / 255.0
    rng = np.random.default_rng(0)
    order = rng.permutation(len(x))
    reference, held_out = x[order[:3000]], x[order[3000:3300]]
    threshold = float(np.percentile(_nearest_distance(held_out, reference), 95))
    return reference, threshold


def _nearest_distance(samples: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Root-mean-square pixel distance of each sample to its nearest reference image."""
    squared = (np.sum(samples**2, 1)[:, None] - 2 * samples @ reference.T + np.sum(reference**2, 1)[None, :])
    return np.sqrt(np.maximum(squared.min(axis=1), 0) / samples.shape[1])


def digit_likeness(images) -> float:
    """Fraction of images (N, 28, 28) in [0, 1] that lie as close to some real MNIST digit as
    real digits do (closer than 95 % of real held-out digits are to their nearest neighbour)."""
    reference, threshold = _reference_digits()
    flat = np.asarray(images, dtype="float32").reshape(len(images), -1)
    return float(np.mean(_nearest_distance(flat, reference) <= threshold))
