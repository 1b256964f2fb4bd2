"""Lab 18: discounted returns and a REINFORCE agent for CartPole."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array
from dlcourse.reference import reference_returns

lab = Lab("18_reinforcement_learning", "Reinforcement learning")


def _return_cases():
    rng = np.random.default_rng(17)
    return [
        ([1.0, 1.0, 1.0], 0.9),
        ([0.0, 0.0, 5.0], 0.5),
        (list(rng.normal(size=12).round(3)), 0.99),
        ([1.0] * 30, 0.95),
        ([2.0, -1.0, 0.5, 3.0], 0.0),
        ([1.0, 2.0, 3.0], 1.0),
    ]


@lab.exercise(
    "discounted_returns",
    hints=[
        "The return at step t is the reward at t plus gamma times the return at step t + 1; the "
        "last step's return is just its reward.",
        'Loop backwards from the last step, keeping one running total that you discount and add the reward to at each step; store it at each index.',
        "For `normalize=True`, subtract the mean of the returns and divide by their standard "
        "deviation (add a small 1e-8 so a constant array does not divide by zero).",
    ],
)
def _check_discounted_returns(discounted_returns):
    for rewards, gamma in _return_cases():
        got = call_learner(discounted_returns, list(rewards), gamma,
                           what=f"discounted_returns(rewards, gamma={gamma})")
        array = expect_array(got, ndim=1, what=f"discounted_returns(..., gamma={gamma})")
        expect(array.shape == (len(rewards),),
               f"for {len(rewards)} rewards you returned {array.shape[0]} values: one return per step.")
        expected = reference_returns(rewards, gamma)
        if np.allclose(array, expected, rtol=1e-5, atol=1e-6):
            continue
        forward = reference_returns(rewards[::-1], gamma)[::-1]
        prefix = np.array([sum(gamma ** (t - k) * rewards[k] for k in range(t + 1)) for t in range(len(rewards))])
        if np.allclose(array, forward) or np.allclose(array, prefix):
            raise CheckFailure("the returns run the wrong way: G_t sums the rewards from t to the END of "
                               "the episode (loop backwards).")
        if not np.isclose(array[-1], rewards[-1]):
            raise CheckFailure("the last step's return should equal its reward (nothing comes after it).")
        if np.allclose(array, np.cumsum(np.asarray(rewards)[::-1])[::-1]):
            raise CheckFailure(f"with gamma={gamma} the future rewards must be discounted: you summed them "
                               "without gamma.")
        raise CheckFailure(f"the returns for gamma={gamma} are not right ({len(rewards)} rewards).")
    for rewards, gamma in _return_cases()[2:4]:
        got = call_learner(discounted_returns, list(rewards), gamma, normalize=True,
                           what="discounted_returns(rewards, gamma, normalize=True)")
        array = expect_array(got, shape=(len(rewards),), what="the normalized returns")
        if np.allclose(array, reference_returns(rewards, gamma, True), rtol=1e-4, atol=1e-4):
            continue
        if np.allclose(array, reference_returns(rewards, gamma), rtol=1e-5):
            raise CheckFailure("with normalize=True the returns should be standardised (mean 0, std 1).")
        if abs(array.mean()) > 1e-4 or abs(array.std() - 1) > 1e-3:
            raise CheckFailure(f"normalized returns should have mean 0 and standard deviation 1; yours "
                               f"have mean {array.mean():.3g} and std {array.std():.3g}.")
        raise CheckFailure("the normalized returns are not right: normalize the discounted returns "
                           "(not the rewards).")


EVAL_SEEDS = list(range(1000, 1020))


def _as_policy(agent):
    """A function observation -> action from a callable or a Keras model giving 2 scores."""
    if hasattr(agent, "predict") and hasattr(agent, "layers"):
        import tensorflow as tf

        forward = tf.function(lambda x: agent(x, training=False))

        def act(observation):
            scores = forward(tf.constant(np.asarray(observation, "float32")[None]))
            return int(np.argmax(np.asarray(scores)[0]))
        return act
    if not callable(agent):
        raise CheckFailure(f"expected a function observation -> action (or a Keras policy model), got "
                           f"{type(agent).__name__}.")
    return agent


def episode_lengths(act, seeds=EVAL_SEEDS, max_steps: int = 500) -> list[int]:
    """Run ``act(observation) -> 0 or 1`` on CartPole-v1 from each seed; return episode lengths."""
    import gymnasium as gym

    env = gym.make("CartPole-v1", max_episode_steps=max_steps)
    lengths = []
    try:
        for seed in seeds:
            observation, _ = env.reset(seed=seed)
            steps = 0
            while True:
                action = call_learner(act, observation, what="your policy")
                if hasattr(action, "numpy"):
                    action = action.numpy()
                try:
                    action = np.asarray(action)
                except ValueError:  # ragged: a tuple of an array and None, say
                    action = np.asarray(None)
                if action.size != 1 or action.dtype.kind not in "iub" or int(action) not in (0, 1):
                    raise CheckFailure(f"your policy returned {action!r:.40}; CartPole's actions are 0 (push "
                                       "left) and 1 (push right).")
                observation, _reward, terminated, truncated, _ = env.step(int(action))
                steps += 1
                if terminated or truncated:
                    break
            lengths.append(steps)
    finally:
        env.close()
    return lengths


def random_baseline(seeds=EVAL_SEEDS) -> float:
    rng = np.random.default_rng(0)
    return float(np.mean(episode_lengths(lambda _obs: int(rng.integers(2)), seeds)))


AGENT_TARGET = 150  # solution: 500.0 / 370.4 steps (seeds 42 / 7) on these 20 seeds; random policy: 21.7


CURVE_WINDOW = 20


@lab.exercise(
    "agent",
    hints=[
        "Pass the Keras `policy` you trained and the `episode_rewards` that `train_reinforce` returned "
        "for it: the check wants to see that the agent learned, then plays it greedily.",
        "If the curve does not rise or the agent is barely better than random, check the sign of the "
        "loss (minus the mean of log-probability times normalized return) and train for more iterations.",
        "Acting greedily (the action with the larger logit) at evaluation time usually scores higher "
        "than sampling, and the check acts greedily.",
    ],
)
def _check_agent(policy, episode_rewards):
    if not (hasattr(policy, "predict") and hasattr(policy, "layers")):
        raise CheckFailure(f"pass your trained Keras policy model (got {type(policy).__name__}): this exercise "
                           "grades an agent that learned from its episodes, not a hand-written rule.")
    rewards = expect_array(episode_rewards, what="episode_rewards").astype("float64").ravel()
    expect(rewards.size >= 2 * CURVE_WINDOW,
           f"episode_rewards has {rewards.size} entries; pass the list `train_reinforce` returned (one "
           f"total reward per training episode, at least {2 * CURVE_WINDOW}).")
    first, last = rewards[:CURVE_WINDOW].mean(), rewards[-CURVE_WINDOW:].mean()
    expect(last >= 2 * first and last >= first + 30,
           f"the training curve does not rise: {first:.1f} steps per episode over the first {CURVE_WINDOW} "
           f"episodes, {last:.1f} over the last {CURVE_WINDOW}. Train the policy you pass, with the update "
           "you wrote, and pass the rewards of that training.")
    act = _as_policy(policy)
    lengths = episode_lengths(act)
    mean = float(np.mean(lengths))
    baseline = random_baseline()
    expect(mean >= AGENT_TARGET,
           f"your agent balances the pole for {mean:.1f} steps on average over {len(lengths)} episodes, "
           f"measured {mean:.1f} (target {AGENT_TARGET}; a random policy lasts {baseline:.1f}).")
    return (f"the training curve rose (steps per episode, first {CURVE_WINDOW} episodes measured {first:.1f}, "
            f"last {CURVE_WINDOW} measured {last:.1f}); greedy play: "
            f"measured {mean:.1f} (target {AGENT_TARGET}) steps per episode over {len(lengths)} fixed seeds; "
            f"random policy: {baseline:.1f}.")


def _reinforce_losses(logits, actions, returns):
    """The right loss and the mistakes it is told apart from, as NumPy functions of the logits."""
    def log_softmax(z):
        z = z - z.max(axis=1, keepdims=True)
        return z - np.log(np.exp(z).sum(axis=1, keepdims=True))
    log_probs = log_softmax(logits)[np.arange(len(actions)), actions]
    return {"right": -np.mean(log_probs * returns), "colleague": np.mean(log_probs * returns),
            "sum": -np.sum(log_probs * returns)}


@lab.exercise("fixed_loss", title="Find the bug in a colleague's REINFORCE loss", hints=[
    "Compare the colleague's loss with the one you wrote in exercise 2, term by term.",
    "For an action the policy is sure of, is `sparse_softmax_cross_entropy_with_logits` large or small? "
    "And the log-probability of that action? Compare their signs.",
    "Gradient descent on minus the mean of log-probability times return makes actions with positive "
    "(normalized) returns more likely. Check which way yours goes on a tiny example.",
])
def _check_fixed_loss(fixed_loss):
    import tensorflow as tf

    rng = np.random.default_rng(5)
    logits = rng.normal(size=(16, 2)).astype("float32")
    actions = rng.integers(0, 2, size=16).astype("int32")
    returns = rng.normal(size=16).astype("float32")
    variable = tf.Variable(logits)
    with tf.GradientTape() as tape:
        loss = call_learner(fixed_loss, variable, tf.constant(actions), tf.constant(returns),
                            what="fixed_loss(logits, actions, returns)")
    expect(isinstance(loss, (tf.Tensor, tf.Variable)) and loss.shape.rank == 0,
           f"fixed_loss should return one number as a TensorFlow tensor (a scalar); it returned {loss!r:.60}.")
    expect(tape.gradient(loss, variable) is not None,
           "the loss does not depend on the logits through TensorFlow: keep every step in `tf` (no `.numpy()` "
           "or NumPy functions), so that the tape can follow it back to the policy.")
    value = float(loss)
    losses = _reinforce_losses(logits.astype("float64"), actions, returns.astype("float64"))
    if np.isclose(value, losses["colleague"], rtol=1e-4, atol=1e-6):
        raise CheckFailure("this loss still has the colleague's sign: gradient descent on it makes the actions "
                           "that led to long episodes *less* likely, which is why their curve falls.")
    if np.isclose(value, losses["sum"], rtol=1e-4, atol=1e-6):
        raise CheckFailure("the direction is right, but this sums over the steps: take the mean, as the "
                           "colleague's loop does, so that the step size does not grow with the episodes.")
    expect(np.isclose(value, losses["right"], rtol=1e-4, atol=1e-6),
           "this is not minus the mean of log-probability times return for these logits, actions and returns.")
    return "descent on your loss makes the actions with positive returns more likely, as REINFORCE needs."
