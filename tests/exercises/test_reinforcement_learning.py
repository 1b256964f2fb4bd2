import numpy as np
import pytest

from dlcourse.exercises.reinforcement_learning import episode_lengths, lab, random_baseline
from dlcourse.reference import reference_returns
from tests.helpers import raises


def good_returns(rewards, gamma, normalize=False):
    return reference_returns(rewards, gamma, normalize)


def test_reference_worked_example():
    assert np.allclose(reference_returns([1, 1, 1], 0.9), [2.71, 1.9, 1.0])


def test_discounted_returns_solution_passes():
    assert lab.evaluate("discounted_returns", good_returns).status == "pass"


def forward(rewards, gamma, normalize=False):
    out, running = [], 0.0
    for r in rewards:
        running = r + gamma * running
        out.append(running)
    return np.array(out)


def no_gamma(rewards, gamma, normalize=False):
    return np.cumsum(np.asarray(rewards, float)[::-1])[::-1]


def no_normalize(rewards, gamma, normalize=False):
    return reference_returns(rewards, gamma)


def normalize_rewards(rewards, gamma, normalize=False):
    r = np.asarray(rewards, float)
    if normalize:
        r = (r - r.mean()) / (r.std() + 1e-8)
    return reference_returns(r, gamma)


def off_by_one(rewards, gamma, normalize=False):
    return gamma * reference_returns(rewards, gamma, normalize)


@pytest.mark.parametrize("wrong, words", [
    (forward, "wrong way"),
    (no_gamma, "discounted"),
    (no_normalize, "standardised"),
    (normalize_rewards, "mean 0"),
    (off_by_one, "last step"),
])
def test_discounted_returns_wrong_answers_fail(wrong, words):
    result = lab.evaluate("discounted_returns", wrong)
    assert result.status == "fail"
    assert words in result.message, result.message


@pytest.mark.parametrize("junk", [None, "text", 5, raises, lambda r, g, normalize=False: None,
                                  lambda r, g, normalize=False: "abc",
                                  lambda r, g, normalize=False: np.ones((2, 2)),
                                  lambda r, g: reference_returns(r, g)])
def test_discounted_returns_junk_fails_cleanly(junk):
    result = lab.evaluate("discounted_returns", junk)
    assert result.status == "fail", result


def balancing_policy(observation):
    """A hand-written controller: push towards the side the pole is falling to."""
    _x, _v, angle, angular_velocity = observation
    return int(angle + 0.5 * angular_velocity > 0)


def test_random_baseline_is_short():
    assert 15 < random_baseline() < 35


def test_agent_good_policy_passes():
    assert np.mean(episode_lengths(balancing_policy)) > 150
    result = lab.evaluate("agent", balancing_policy)
    assert result.status == "pass", result.message
    assert "measured" in result.message and "random policy" in result.message


@pytest.mark.parametrize("weak", [lambda o: 0, lambda o: 1, lambda o: int(o[0] > 0)])
def test_agent_weak_policies_fail(weak):
    result = lab.evaluate("agent", weak)
    assert result.status == "fail"
    assert "target" in result.message


def test_untrained_keras_policy_fails():
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(2)])
    result = lab.evaluate("agent", model)
    assert result.status == "fail" and "target" in result.message


@pytest.mark.parametrize("junk, words", [
    (None, "expected a function"),
    ("policy", "expected a function"),
    (raises, "raised"),
    (lambda o: 2, "actions are 0"),
    (lambda o: "left", "actions are 0"),
    (lambda o: np.array([0, 1]), "actions are 0"),
])
def test_agent_junk_fails_cleanly(junk, words):
    result = lab.evaluate("agent", junk)
    assert result.status == "fail"
    assert words in result.message, result.message
