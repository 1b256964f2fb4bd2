"""dlcourse.policy_gradient: the lab runs the REINFORCE loop the lecture types (chapter 18).

Two checks: lecture 17's ``train_reinforce`` and ``action_probabilities`` and the package's have
the same code (their ASTs, docstrings and the imports inside the function aside), and executing the
lecture's definitions gives the same results on a tiny seeded CartPole run.
"""

from __future__ import annotations

import ast
import inspect
import time

import numpy as np
import pytest

from dlcourse import policy_gradient
from dlcourse.reference import reference_returns
from tests.helpers import code_of, lecture_function

LECTURE = "18_reinforcement_learning.ipynb"


@pytest.mark.parametrize("name", ["train_reinforce", "action_probabilities"])
def test_the_lecture_types_the_package_code(name):
    lecture, _ = lecture_function(LECTURE, name)
    package = ast.parse(inspect.getsource(getattr(policy_gradient, name))).body[0]
    assert code_of(lecture) == code_of(package), (
        f"{LECTURE}'s {name}() and dlcourse.policy_gradient's differ: change both (the lab runs the package's)")


class FakePolicy:
    """The weights of a 4-32-2 ReLU network, returned by get_weights() as a Keras model does."""

    def __init__(self, seed=0):
        rng = np.random.default_rng(seed)
        self.weights = [rng.normal(0, 0.5, (4, 32)), np.zeros(32), rng.normal(0, 0.5, (32, 2)), np.zeros(2)]

    def get_weights(self):
        return [w.copy() for w in self.weights]


def run(train_reinforce):
    policy, updates = FakePolicy(), []

    def reinforce_update(observations, actions, returns):
        updates.append((observations.shape, actions.dtype, float(returns.mean()), float(returns.std())))
        policy.weights[3] = policy.weights[3] + [0.1, -0.1]      # the policy changes between iterations

    rewards = train_reinforce(policy, reinforce_update, reference_returns, 0.9, 3, 2, seed=5)
    return rewards, updates


def test_the_lecture_loop_behaves_like_the_package(capsys):
    gym = pytest.importorskip("gymnasium")
    namespace = {"time": time, "np": np, "gym": gym}
    for name in ("action_probabilities", "train_reinforce"):
        exec(lecture_function(LECTURE, name)[1], namespace)
    lecture = run(namespace["train_reinforce"])
    rewards, updates = run(policy_gradient.train_reinforce)
    assert (rewards, updates) == lecture
    assert len(rewards) == 6 and len(updates) == 3                    # 3 iterations of 2 episodes
    assert all(shape[1] == 4 and dtype == np.int32 for shape, dtype, _, _ in updates)
    assert all(abs(mean) < 1e-5 and abs(std - 1) < 1e-3 for _, _, mean, std in updates)   # standardised returns
    assert sum(shape[0] for shape, *_ in updates) == sum(rewards)                         # one row per step
    assert run(policy_gradient.train_reinforce) == (rewards, updates)                     # seeded
    assert capsys.readouterr().out.splitlines()[-1].startswith("training took")


def test_action_probabilities_are_a_softmax():
    weights = FakePolicy(3).get_weights()
    p = policy_gradient.action_probabilities(np.array([0.1, -0.2, 0.03, 0.4]), weights)
    logits = np.maximum(np.array([0.1, -0.2, 0.03, 0.4]) @ weights[0], 0) @ weights[2]
    assert p.shape == (2,) and np.isclose(p.sum(), 1)
    assert np.isclose(p[1] / p[0], np.exp(logits[1] - logits[0]))
