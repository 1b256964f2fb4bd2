"""Lab 16: compress and reconstruct digits with an autoencoder, then clean noisy ones."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array
from dlcourse.keras_checks import expect_model

lab = Lab("16_autoencoders", "Autoencoders: compress, reconstruct, denoise")

# Held-out MSE of the solution's 784-128-32-128-784 autoencoder (10,000 digits, 10 epochs):
# 0.0154 (seed 42), 0.0168 (seed 7), 0.0155 (seed 1); the mean digit gives 0.069, an untrained
# autoencoder 0.23.
RECONSTRUCTION_TARGET = 0.025
MAX_LATENT = 32
NOISE_LEVEL = 0.4
# Denoising, noise 0.4: the solution reaches 0.0236 (seed 42), 0.0228 (seed 7), 0.0238 (seed 1);
# the noisy digits themselves are at 0.080 from the clean ones.
DENOISE_TARGET = 0.035


def held_out_digits(n: int = 1000):
    """The last ``n`` MNIST test digits, flattened to 784 values in [0, 1], and their labels."""
    from dlcourse.data import load_mnist

    _, (images, labels) = load_mnist()
    return images[-n:].reshape(n, 784).astype("float32") / 255.0, labels[-n:]


def _model_output(model, x, what):
    out = call_learner(model, x, what=what)
    return expect_array(out, what=what)


@lab.exercise("build_autoencoder", title="Encoder and decoder", hints=[
    "The encoder maps 784 pixels to `latent_dim` numbers (Dense layers that get narrower); the "
    "decoder maps `latent_dim` numbers back to 784 pixels (Dense layers that get wider).",
    "End the decoder with `Dense(784, activation='sigmoid')` so that every pixel is between 0 and 1, "
    "like the input images.",
    'Chain them with the functional API: start from a `keras.Input` of 784 pixels, pass it through the encoder and then the decoder, and build a `keras.Model` from the input to that output.',
])
def _check_build_autoencoder(build):
    x = held_out_digits(8)[0]
    for latent_dim in (2, 16):
        parts = call_learner(build, latent_dim, what=f"build_autoencoder({latent_dim})")
        expect(isinstance(parts, (tuple, list)) and len(parts) == 3,
               f"build_autoencoder({latent_dim}) should return three models "
               "(encoder, decoder, autoencoder).")
        encoder, decoder, autoencoder = parts
        for name, model in zip(("encoder", "decoder", "autoencoder"), parts):
            expect_model(model, f"the {name}", built=False)
        codes = _model_output(encoder, x, "the encoder's output for 8 digits")
        expect(codes.shape == (8, latent_dim),
               f"with latent_dim={latent_dim} the encoder turns 8 digits into shape {codes.shape}; "
               f"expected (8, {latent_dim}).")
        images = _model_output(decoder, codes, "the decoder's output for 8 codes")
        expect(images.shape == (8, 784),
               f"the decoder turns 8 codes into shape {images.shape}; expected (8, 784).")
        wide = np.random.default_rng(0).normal(scale=20, size=(8, latent_dim)).astype("float32")
        wide_images = _model_output(decoder, wide, "the decoder's output for large codes")
        expect(wide_images.min() >= 0 and wide_images.max() <= 1,
               "the decoder's pixels leave the range [0, 1]: end it with a sigmoid activation.")
        full = _model_output(autoencoder, x, "the autoencoder's output for 8 digits")
        expect(full.shape == (8, 784),
               f"the autoencoder turns 8 digits into shape {full.shape}; expected (8, 784).")
        expect(np.allclose(full, images, atol=1e-4),
               "the autoencoder does not give decoder(encoder(x)): build it from the same encoder "
               "and decoder objects so that they share their weights.")


@lab.exercise("train_autoencoder", title="Reconstruction error below the target", hints=[
    "Train the autoencoder to copy its input: `autoencoder.fit(x_train, x_train, ...)`.",
    "Compile with `optimizer='adam', loss='mse'` (or 'binary_crossentropy'); 10 epochs with "
    "batch_size=128 on 10,000 digits are enough.",
    f"Keep the bottleneck small: at most {MAX_LATENT} numbers per digit.",
])
def _check_train_autoencoder(encoder, autoencoder):
    for model, what in ((encoder, "the first value"), (autoencoder, "the second value")):
        expect_model(model, what, "pass two Keras models: the encoder and the trained autoencoder", built=False)
    x, _ = held_out_digits()
    codes = _model_output(encoder, x[:8], "the encoder's output")
    expect(codes.ndim == 2 and codes.shape[1] <= MAX_LATENT,
           f"the encoder keeps {codes.shape[1:]} numbers per digit; compress to at most {MAX_LATENT}.")
    reconstruction = expect_array(call_learner(autoencoder.predict, x, verbose=0, what="autoencoder.predict"),
                                  shape=x.shape, what="the reconstructions")
    mse = float(np.mean((reconstruction - x) ** 2))
    message = f"measured {mse:.4f} (target {RECONSTRUCTION_TARGET})"
    expect(mse <= RECONSTRUCTION_TARGET,
           f"the mean squared error on 1,000 held-out digits is {message}; the mean digit alone "
           "gives 0.069. Train longer or check that the targets are the inputs.")
    return f"Held-out reconstruction error {message}."


@lab.exercise("add_noise", title="Corrupt the digits", hints=[
    "Add Gaussian noise: `np.random.normal(0.0, noise_level, size=images.shape)` has standard "
    "deviation `noise_level`.",
    "Pixels must stay between 0 and 1: `np.clip(..., 0.0, 1.0)`.",
    "Return a new array; do not change `images` in place (avoid `+=`).",
])
def _check_add_noise(add_noise):
    gray = np.full((200, 784), 0.5, dtype="float32")
    original = gray.copy()
    for level in (0.05, 0.1):
        noisy = expect_array(call_learner(add_noise, gray, level, what=f"add_noise(images, {level})"),
                             shape=gray.shape, what=f"add_noise(images, {level})")
        expect(np.array_equal(gray, original),
               "add_noise changed the images passed to it: return a new array instead.")
        spread = float(np.std(noisy - gray))
        expect(spread > 0, f"add_noise(images, {level}) returned the images unchanged.")
        expect(abs(abs(float(np.mean(noisy - gray)))) < 0.2 * level,
               f"the noise of add_noise(images, {level}) does not average to 0: use noise centred on 0.")
        expect(0.9 * level < spread < 1.1 * level,
               f"the noise of add_noise(images, {level}) has standard deviation {spread:.3f}; it should "
               f"be {level}: use Gaussian noise with standard deviation noise_level.")
    digits = held_out_digits(50)[0]
    noisy = expect_array(call_learner(add_noise, digits, 0.5, what="add_noise(digits, 0.5)"),
                         shape=digits.shape, what="add_noise(digits, 0.5)")
    expect(noisy.min() >= 0 and noisy.max() <= 1,
           f"the noisy digits range from {noisy.min():.2f} to {noisy.max():.2f}: clip them to [0, 1].")
    same = expect_array(call_learner(add_noise, digits, 0.0, what="add_noise(digits, 0.0)"),
                        shape=digits.shape, what="add_noise(digits, 0.0)")
    expect(np.allclose(same, digits), "add_noise(digits, 0.0) should return the digits unchanged.")


@lab.exercise("denoise", title="A denoising autoencoder", hints=[
    "Inputs are the noisy digits, targets the clean ones: `fit(add_noise(x_train, 0.4), x_train, ...)`.",
    "A fresh autoencoder from build_autoencoder(32), compiled with loss 'mse', trained for about "
    "10 epochs, is enough.",
    "If the error stays above the target, make sure the targets are the clean digits, not the noisy ones.",
])
def _check_denoise(denoiser):
    expect_model(denoiser, "the denoiser", "pass your trained Keras model", built=False)
    clean, _ = held_out_digits()
    noisy = np.clip(clean + np.random.default_rng(15).normal(0, NOISE_LEVEL, clean.shape), 0, 1).astype("float32")
    cleaned = expect_array(call_learner(denoiser.predict, noisy, verbose=0, what="denoiser.predict"),
                           shape=clean.shape, what="the denoised digits")
    before = float(np.mean((noisy - clean) ** 2))
    mse = float(np.mean((cleaned - clean) ** 2))
    message = f"measured {mse:.4f} (target {DENOISE_TARGET})"
    expect(mse <= DENOISE_TARGET,
           f"on 1,000 held-out digits with noise {NOISE_LEVEL} the error to the clean digits is "
           f"{message}; the noisy digits themselves are at {before:.3f}. Train on noisy inputs with "
           "clean targets.")
    return f"Error to the clean digits {message} (noisy input: {before:.3f})."
