import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")
import keras  # noqa: E402

from dlcourse.data import load_mnist  # noqa: E402
from dlcourse.exercises.gans import lab  # noqa: E402
from tests.helpers import status

bce = keras.losses.BinaryCrossentropy(from_logits=True)


def good_disc(real, fake):
    return bce(tf.ones_like(real), real) + bce(tf.zeros_like(fake), fake)


def good_gen(fake):
    return bce(tf.ones_like(fake), fake)


def test_discriminator_loss_solution_passes():
    assert status(lab, "discriminator_loss", good_disc).status == "pass"


@pytest.mark.parametrize("wrong, words", [
    (lambda r, f: bce(tf.zeros_like(r), r) + bce(tf.ones_like(f), f), "swapped"),
    (lambda r, f: bce(tf.ones_like(r), r), "one half"),
    (lambda r, f: (bce(tf.ones_like(r), r) + bce(tf.zeros_like(f), f)) / 2, "half"),
    (lambda r, f: keras.losses.BinaryCrossentropy()(tf.ones_like(r), tf.sigmoid(r)) * 0 + 5.0, "not have the right value"),
])
def test_discriminator_loss_wrong_answers_fail(wrong, words):
    result = status(lab, "discriminator_loss", wrong)
    assert result.status == "fail"
    assert words in result.message


def test_generator_loss():
    assert status(lab, "generator_loss", good_gen).status == "pass"
    result = status(lab, "generator_loss", lambda f: bce(tf.zeros_like(f), f))
    assert result.status == "fail" and "target should be 1" in result.message
    result = status(lab, "generator_loss", lambda f: -bce(tf.ones_like(f), f))
    assert result.status == "fail" and "sign" in result.message


class FakeGenerator:
    """Stands in for a trained generator: returns real test digits (or something worse)."""

    input_shape = (None, 32)

    def __init__(self, mode="real"):
        _, (x_test, _) = load_mnist()
        self.digits = x_test[-500:].astype("float32") / 127.5 - 1
        self.mode = mode

    def __call__(self, z, training=False):
        z = np.asarray(z)
        n = len(z)
        if self.mode == "real":
            index = (np.abs(z[:, 0]) * 1000).astype(int) % len(self.digits)
            return self.digits[index]
        if self.mode == "collapsed":
            return np.repeat(self.digits[:1], n, axis=0)
        if self.mode == "noise":
            return np.random.default_rng(0).uniform(-1, 1, (n, 28, 28)).astype("float32")
        if self.mode == "sigmoid":
            return (self.digits[:n] + 1) / 2
        if self.mode == "wide":
            return self.digits[:n] * 3


def test_train_step_passes_with_digit_like_samples():
    result = status(lab, "train_step", FakeGenerator("real"))
    assert result.status == "pass", result.message
    assert "measured" in result.message


@pytest.mark.parametrize("mode, words", [
    ("collapsed", "nearly the same"),
    ("noise", "look like real digits"),
    ("sigmoid", "[-1, 1]"),
    ("wide", "tanh"),
])
def test_train_step_bad_generators_fail(mode, words):
    result = status(lab, "train_step", FakeGenerator(mode))
    assert result.status == "fail"
    assert words in result.message


def test_untrained_keras_generator_fails():
    keras.utils.set_random_seed(0)
    generator = keras.Sequential([keras.Input((32,)), keras.layers.Dense(128), keras.layers.LeakyReLU(0.2),
                                  keras.layers.Dense(784, activation="tanh"), keras.layers.Reshape((28, 28))])
    result = status(lab, "train_step", generator)
    assert result.status == "fail"
    wrong_shape = keras.Sequential([keras.Input((32,)), keras.layers.Dense(10, activation="tanh")])
    result = status(lab, "train_step", wrong_shape)
    assert result.status == "fail" and "784" in result.message
