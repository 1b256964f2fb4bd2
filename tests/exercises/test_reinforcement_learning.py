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


RISING = [20.0] * 20 + [60.0] * 100 + [300.0] * 20


def keras_policy(weights=None, seed=0):
    """A two-logit Keras policy; with ``weights`` (4 numbers), logit 1 minus logit 0 is their dot product."""
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(seed)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(2)])
    if weights is not None:
        model.set_weights([np.stack([np.zeros(4), np.asarray(weights, "float32")], axis=1), np.zeros(2)])
    return model


BALANCING_WEIGHTS = [0.0, 0.0, 1.0, 0.5]  # the hand-written controller above, as a linear policy


def test_agent_that_learned_and_balances_passes():
    assert np.mean(episode_lengths(balancing_policy)) > 150
    result = lab.evaluate("agent", keras_policy(BALANCING_WEIGHTS), RISING)
    assert result.status == "pass", result.message
    assert "measured" in result.message and "random policy" in result.message and "curve rose" in result.message


def test_hand_written_rule_is_not_a_trained_agent():
    result = lab.evaluate("agent", balancing_policy, RISING)
    assert result.status == "fail" and "hand-written rule" in result.message
    result = lab.evaluate("agent", lambda o: int(o[2] + o[3] > 0), RISING)
    assert result.status == "fail" and "Keras policy" in result.message


@pytest.mark.parametrize("curve, words", [
    ([25.0] * 140, "does not rise"),
    (list(np.linspace(300, 20, 140)), "does not rise"),
    ([20.0] * 10, "at least 40"),
])
def test_good_weights_without_a_learning_curve_fail(curve, words):
    result = lab.evaluate("agent", keras_policy(BALANCING_WEIGHTS), curve)
    assert result.status == "fail" and words in result.message, result.message


@pytest.mark.parametrize("weights", [[0, 0, 0, 0], [-1, 0, 0, 0], [0, 0, -1, -0.5]])
def test_agent_weak_policies_fail(weights):
    result = lab.evaluate("agent", keras_policy(weights), RISING)
    assert result.status == "fail"
    assert "target" in result.message


def test_untrained_keras_policy_fails():
    keras = pytest.importorskip("keras")
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(32, activation="relu"), keras.layers.Dense(2)])
    result = lab.evaluate("agent", model, RISING)
    assert result.status == "fail" and "target" in result.message


@pytest.mark.parametrize("junk, words", [
    (None, "Keras policy"),
    ("policy", "Keras policy"),
    (raises, "Keras policy"),
    (lambda o: 2, "Keras policy"),
])
def test_agent_junk_fails_cleanly(junk, words):
    result = lab.evaluate("agent", junk, RISING)
    assert result.status == "fail"
    assert words in result.message, result.message


@pytest.mark.parametrize("junk", [None, "abc", [[1, 2], [3]], np.zeros((0,)), 5])
def test_agent_junk_rewards_fail_cleanly(junk):
    result = lab.evaluate("agent", keras_policy(BALANCING_WEIGHTS), junk)
    assert result.status == "fail", result


# ----------------------------------------------------------------------------- fixed_loss
tf = pytest.importorskip("tensorflow")


def fixed_loss(logits, actions, returns):
    log_probs = -tf.nn.sparse_softmax_cross_entropy_with_logits(labels=actions, logits=logits)
    return -tf.reduce_mean(log_probs * returns)


def colleague_loss(logits, actions, returns):
    log_probs = tf.nn.sparse_softmax_cross_entropy_with_logits(labels=actions, logits=logits)
    return -tf.reduce_mean(log_probs * returns)


def test_fixed_loss_solution_passes():
    assert lab.evaluate("fixed_loss", fixed_loss).status == "pass"


@pytest.mark.parametrize("wrong, words", [
    (colleague_loss, "colleague's sign"),
    (lambda z, a, g: -fixed_loss(z, a, g), "colleague's sign"),
    (lambda z, a, g: -tf.reduce_sum(-tf.nn.sparse_softmax_cross_entropy_with_logits(labels=a, logits=z) * g),
     "take the mean"),
    (lambda z, a, g: tf.constant(float(fixed_loss(z, a, g).numpy())), "depend on the logits"),
    (lambda z, a, g: -tf.reduce_mean(tf.nn.log_softmax(z)[:, 0] * g), "not minus the mean"),
    (lambda z, a, g: fixed_loss(z, a, g) * tf.ones(3), "scalar"),
])
def test_fixed_loss_mistakes_fail(wrong, words):
    result = lab.evaluate("fixed_loss", wrong)
    assert result.status == "fail" and words in result.message, result.message


@pytest.mark.parametrize("junk", [None, "loss", 3, raises, lambda z, a, g: None, lambda z, a, g: "x"])
def test_fixed_loss_junk_fails_cleanly(junk):
    assert lab.evaluate("fixed_loss", junk).status == "fail"
