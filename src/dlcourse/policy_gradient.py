"""Chapter 18's REINFORCE agent for CartPole: the policy's NumPy forward pass and the training loop.

The lecture ``notebooks/18_reinforcement_learning.ipynb`` types both out (that is what it teaches);
the lab ``solutions/18_reinforcement_learning.ipynb`` runs these copies with the learner's own
``discounted_returns`` and ``reinforce_update``, and ``tests/test_policy_gradient.py`` keeps the two
identical.
"""

from __future__ import annotations

import time

import numpy as np


def action_probabilities(observation, weights):
    """The policy's forward pass in NumPy: much faster than calling Keras once per time step."""
    w1, b1, w2, b2 = weights
    logits = np.maximum(observation @ w1 + b1, 0) @ w2 + b2
    e = np.exp(logits - logits.max())
    return e / e.sum()


def train_reinforce(policy, reinforce_update, discounted_returns, gamma, iterations, episodes_per_update,
                    seed=42):
    """REINFORCE on CartPole-v1; returns the total reward of every training episode.

    Each iteration plays ``episodes_per_update`` episodes with ``policy`` (a Keras model with one
    hidden ReLU layer and two logits), sampling its actions, standardises the returns that
    ``discounted_returns(rewards, gamma)`` gives, and calls ``reinforce_update(observations,
    actions, returns)`` once. Episode ``k`` starts from ``env.reset(seed=k)``.
    """
    import gymnasium as gym

    env = gym.make("CartPole-v1")
    rng = np.random.default_rng(seed)
    episode_rewards, episode = [], 0
    start = time.perf_counter()
    for iteration in range(iterations):
        weights = policy.get_weights()
        observations, actions, returns = [], [], []
        for _ in range(episodes_per_update):
            observation, _ = env.reset(seed=episode)
            episode += 1
            rewards = []
            while True:
                p_right = action_probabilities(observation, weights)[1]
                action = int(rng.random() < p_right)          # sample: explore while learning
                observations.append(observation)
                actions.append(action)
                observation, reward, terminated, truncated, _ = env.step(action)
                rewards.append(reward)
                if terminated or truncated:
                    break
            episode_rewards.append(sum(rewards))
            returns.append(discounted_returns(rewards, gamma))
        returns = np.concatenate(returns)
        returns = (returns - returns.mean()) / (returns.std() + 1e-8)   # a baseline: compare to average
        reinforce_update(np.array(observations, "float32"), np.array(actions, "int32"),
                         returns.astype("float32"))
        if (iteration + 1) % 10 == 0:
            print(f"iteration {iteration + 1:3d}  episodes {episode:4d}  "
                  f"mean reward of the last 20 episodes {np.mean(episode_rewards[-20:]):6.1f}")
    print(f"training took {time.perf_counter() - start:.0f} s")
    return episode_rewards
