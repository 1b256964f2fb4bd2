"""Lab 16 checks: the solutions pass, typical mistakes fail with a useful message, junk never crashes."""

from functools import partial

import numpy as np
import pytest

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402

from dlcourse.data import load_mnist  # noqa: E402
from dlcourse.exercises.autoencoders import lab  # noqa: E402
from tests.helpers import assert_fails, status

assert_fails_any_case = partial(assert_fails, ignore_case=True)


def build(latent_dim, final="sigmoid", share=True, compile=True):
    encoder = keras.Sequential([keras.Input(shape=(784,)), keras.layers.Dense(64, activation="relu"),
                                keras.layers.Dense(latent_dim)])
    decoder = keras.Sequential([keras.Input(shape=(latent_dim,)), keras.layers.Dense(64, activation="relu"),
                                keras.layers.Dense(784, activation=final)])
    inputs = keras.Input(shape=(784,))
    if share:
        outputs = decoder(encoder(inputs))
    else:
        other = keras.Sequential([keras.Input(shape=(latent_dim,)), keras.layers.Dense(784, activation=final)])
        outputs = other(encoder(inputs))
    autoencoder = keras.Model(inputs, outputs)
    if compile:
        autoencoder.compile(optimizer="adam", loss="mse")
    return encoder, decoder, autoencoder


@pytest.fixture(scope="module")
def x_train():
    (images, _), _ = load_mnist()
    return images[:10000].reshape(-1, 784).astype("float32") / 255.0


# --------------------------------------------------------------------------- build_autoencoder

def test_build_solution_passes():
    assert status(lab, "build_autoencoder", build).status == "pass"


def test_build_without_sigmoid_fails():
    assert_fails_any_case(status(lab, "build_autoencoder", lambda d: build(d, final=None)), "sigmoid")


def test_build_fixed_latent_size_fails():
    assert_fails_any_case(status(lab, "build_autoencoder", lambda d: build(32)), "latent_dim")


def test_build_not_shared_fails():
    assert_fails_any_case(status(lab, "build_autoencoder", lambda d: build(d, share=False)), "share")


def test_build_junk_fails():
    def broken(d):
        raise TypeError("bad")
    assert_fails_any_case(status(lab, "build_autoencoder", broken), "TypeError")
    assert_fails_any_case(status(lab, "build_autoencoder", lambda d: build(d)[2]), "three")
    assert_fails_any_case(status(lab, "build_autoencoder", lambda d: (1, 2, 3)), "not a keras model")
    assert status(lab, "build_autoencoder", None).status == "fail"
    assert status(lab, "build_autoencoder", "model").status == "fail"


# --------------------------------------------------------------------------- train_autoencoder

def test_train_passes_after_training_and_fails_untrained(x_train):
    keras.utils.set_random_seed(0)
    encoder, _, autoencoder = build(32)
    assert_fails_any_case(status(lab, "train_autoencoder", encoder, autoencoder), "measured", "target")
    autoencoder.fit(x_train, x_train, epochs=8, batch_size=128, verbose=0)
    result = status(lab, "train_autoencoder", encoder, autoencoder)
    assert result.status == "pass", result.message


def test_train_wide_bottleneck_fails():
    encoder, _, autoencoder = build(100)
    assert_fails_any_case(status(lab, "train_autoencoder", encoder, autoencoder), "at most 32")


def test_train_junk_fails():
    encoder, _, autoencoder = build(8)
    assert status(lab, "train_autoencoder", None, autoencoder).status == "fail"
    assert status(lab, "train_autoencoder", encoder, "model").status == "fail"
    assert status(lab, "train_autoencoder", encoder, np.zeros((3, 784))).status == "fail"


# --------------------------------------------------------------------------- add_noise

def solution_noise(images, noise_level):
    return np.clip(images + np.random.normal(0.0, noise_level, size=images.shape), 0, 1).astype("float32")


def test_add_noise_solution_passes():
    assert status(lab, "add_noise", solution_noise).status == "pass"


def test_add_noise_unclipped_fails():
    assert_fails_any_case(status(lab, "add_noise", lambda x, s: x + np.random.normal(0, s, x.shape)), "clip")


def test_add_noise_uniform_fails():
    assert_fails_any_case(status(lab, "add_noise", lambda x, s: np.clip(x + np.random.uniform(-s, s, x.shape), 0, 1)),
                "standard deviation")


def test_add_noise_in_place_fails():
    def in_place(x, s):
        x += np.random.normal(0, s, x.shape).astype(x.dtype)
        return x
    assert_fails_any_case(status(lab, "add_noise", in_place), "new array")


def test_add_noise_positive_only_fails():
    assert_fails_any_case(status(lab, "add_noise", lambda x, s: np.clip(x + np.abs(np.random.normal(0, s, x.shape)), 0, 1)),
                "average to 0")


def test_add_noise_junk_fails():
    def broken(x, s):
        raise ValueError("no")
    assert_fails_any_case(status(lab, "add_noise", broken), "ValueError")
    assert status(lab, "add_noise", lambda x, s: None).status == "fail"
    assert_fails_any_case(status(lab, "add_noise", lambda x, s: x[:, :10]), "shape")
    assert status(lab, "add_noise", lambda x, s: "noisy").status == "fail"
    assert status(lab, "add_noise", None).status == "fail"


# --------------------------------------------------------------------------- denoise

def test_denoise_trained_passes_plain_autoencoder_fails(x_train):
    keras.utils.set_random_seed(0)
    _, _, denoiser = build(32)
    assert_fails_any_case(status(lab, "denoise", denoiser), "measured", "clean")
    np.random.seed(0)
    denoiser.fit(solution_noise(x_train, 0.4), x_train, epochs=8, batch_size=128, verbose=0)
    result = status(lab, "denoise", denoiser)
    assert result.status == "pass", result.message


def test_denoise_identity_fails():
    inputs = keras.Input(shape=(784,))
    identity = keras.Model(inputs, keras.layers.Identity()(inputs))
    assert_fails_any_case(status(lab, "denoise", identity), "measured")


def test_denoise_junk_fails():
    assert status(lab, "denoise", None).status == "fail"
    assert status(lab, "denoise", "model").status == "fail"
    assert status(lab, "denoise", lambda x: x).status == "fail"
