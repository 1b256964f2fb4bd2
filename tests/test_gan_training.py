"""dlcourse.gan_training: the lab runs the GAN loop the lecture types (chapter 17).

Two checks: lecture 16's ``train_gan`` and the package's have the same code (their ASTs, docstrings
aside), and executing the lecture's definition gives the same results on a tiny seeded run.
"""

from __future__ import annotations

import ast
import inspect
import time

import numpy as np

from dlcourse import gan_training
from tests.helpers import code_of, lecture_function

LECTURE = "17_gans.ipynb"


def test_the_lecture_types_the_package_loop():
    lecture, _ = lecture_function(LECTURE, "train_gan")
    package = ast.parse(inspect.getsource(gan_training.train_gan)).body[0]
    assert code_of(lecture) == code_of(package), (
        f"{LECTURE}'s train_gan() and dlcourse.gan_training's differ: change both (the lab runs the package's)")


class FakeTensor:
    def __init__(self, value):
        self.value = np.asarray(value, dtype="float32")

    def numpy(self):
        return self.value


class FakeGenerator:
    """Stands in for a Keras generator: its output depends on how many batches were trained."""

    def __init__(self):
        self.steps = 0

    def __call__(self, z, training=False):
        return FakeTensor(np.tanh(np.asarray(z)[:, :4] * (1 + self.steps)))


def run(train_gan):
    generator = FakeGenerator()
    rng = np.random.default_rng(0)
    dataset = [rng.normal(size=(5, 4)).astype("float32") for _ in range(3)]

    def train_step(batch):
        generator.steps += 1
        return np.float32(batch.mean() + generator.steps), np.float32(batch.std())

    noise = np.random.default_rng(1).normal(size=(2, 4))
    return train_gan(train_step, generator, dataset, noise, 2), dataset


def test_the_lecture_loop_behaves_like_the_package(capsys):
    _, source = lecture_function(LECTURE, "train_gan")
    namespace = {"time": time, "np": np}
    exec(source, namespace)
    (lecture_snapshots, lecture_history), _ = run(namespace["train_gan"])
    lecture_log = capsys.readouterr().out.splitlines()
    (snapshots, history), dataset = run(gan_training.train_gan)
    log = capsys.readouterr().out.splitlines()
    assert len(snapshots) == len(history) == 2                      # one entry per epoch
    assert history == lecture_history
    assert history[1] == (float(dataset[-1].mean() + 6), float(dataset[-1].std()))  # epoch 2's last batch
    assert all(np.array_equal(a, b) for a, b in zip(snapshots, lecture_snapshots))
    assert not np.array_equal(snapshots[0], snapshots[1])            # decoded after each epoch's training
    assert log[:2] == lecture_log[:2] and log[0].startswith("epoch  1  generator loss")
    assert log[-1].startswith("training took")
