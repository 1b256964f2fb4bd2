"""Reference mathematics shared by the widgets and the exercises' checks, one definition each.

Plain NumPy, no plotting and no checking: the widgets draw with these functions and the checks
compare a learner's answer with them. Neither ``dlcourse.widgets`` nor ``dlcourse.exercises`` is
imported here, and each may import this module (``tests/test_layers.py`` keeps it that way).

* toy data sets: :func:`two_blobs` (chapter 03), :func:`make_data` (chapters 04-05);
* the small network of chapter 04: :func:`activate`, :func:`activate_grad`, :func:`forward`,
  :func:`loss_and_grads` (mean binary cross-entropy and backpropagation);
* the optimizer updates of chapter 05: :func:`sgd_update`, :func:`momentum_update`,
  :func:`adagrad_update`, :func:`rmsprop_update`, :func:`adam_update` (Keras's conventions: momentum
  keeps a velocity ``v = beta v - lr g``);
* discounted returns of chapter 18: :func:`reference_returns`.
"""

from __future__ import annotations

import numpy as np

DATASETS = ("circles", "xor", "moons")
ACTIVATIONS = ("tanh", "relu", "sigmoid")


# --------------------------------------------------------------------------- toy data sets
def two_blobs(n: int = 200, seed: int = 0, spread: float = 0.9) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points in 2-D: class 0 around (-1, -1), class 1 around (1, 1); labels 0/1 (shuffled)."""
    rng = np.random.default_rng(seed)
    y = (np.arange(n) % 2).astype(int)
    centres = np.where(y[:, None] == 1, 1.0, -1.0)
    X = centres + rng.normal(0.0, spread, size=(n, 2))
    order = rng.permutation(n)
    return X[order], y[order]


def make_data(kind: str = "circles", n: int = 200, noise: float = 0.1, seed: int = 0):
    """Return ``X`` (n, 2) and labels ``y`` (n,) in {0, 1} for a toy 2-D problem."""
    rng = np.random.default_rng(seed)
    half = n // 2
    if kind == "circles":
        angle = rng.uniform(0, 2 * np.pi, n)
        radius = np.r_[rng.uniform(0.0, 0.5, half), rng.uniform(0.8, 1.2, n - half)]
        X = np.c_[radius * np.cos(angle), radius * np.sin(angle)]
        y = np.r_[np.zeros(half), np.ones(n - half)]
    elif kind == "xor":
        X = rng.uniform(-1, 1, size=(n, 2))
        X += np.sign(X) * 0.1  # keep a small gap around the axes
        y = (X[:, 0] * X[:, 1] < 0).astype(float)
    elif kind == "moons":
        t = rng.uniform(0, np.pi, n)
        top = np.c_[np.cos(t[:half]), np.sin(t[:half])]
        bottom = np.c_[1 - np.cos(t[half:]), 0.5 - np.sin(t[half:])]
        X = np.r_[top, bottom] - [0.5, 0.25]
        y = np.r_[np.zeros(half), np.ones(n - half)]
    else:
        raise ValueError(f"unknown data set {kind!r}; choose one of {DATASETS}")
    X = X + rng.normal(0, noise, X.shape)
    return X.astype(float), y.astype(float)


# --------------------------------------------------------------------------- the small network
def activate(z: np.ndarray, name: str) -> np.ndarray:
    if name == "tanh":
        return np.tanh(z)
    if name == "relu":
        return np.maximum(0.0, z)
    if name == "sigmoid":
        return 1.0 / (1.0 + np.exp(-z))
    raise ValueError(f"unknown activation {name!r}; choose one of {ACTIVATIONS}")


def activate_grad(z: np.ndarray, name: str) -> np.ndarray:
    """Derivative of the activation with respect to its input, at ``z``."""
    if name == "tanh":
        return 1.0 - np.tanh(z) ** 2
    if name == "relu":
        return (z > 0).astype(float)
    if name == "sigmoid":
        s = 1.0 / (1.0 + np.exp(-z))
        return s * (1.0 - s)
    raise ValueError(f"unknown activation {name!r}; choose one of {ACTIVATIONS}")


def forward(params: dict, X: np.ndarray, activation: str = "tanh"):
    """Probabilities ``p`` (n,) and the intermediate values the backward pass needs."""
    Z1 = X @ params["W1"] + params["b1"]
    A1 = activate(Z1, activation)
    Z2 = A1 @ params["W2"] + params["b2"]
    p = 1.0 / (1.0 + np.exp(-Z2[:, 0]))
    return p, {"X": X, "Z1": Z1, "A1": A1}


def loss_and_grads(params: dict, X: np.ndarray, y: np.ndarray, activation: str = "tanh"):
    """Mean binary cross-entropy and its gradient for every parameter (backpropagation)."""
    p, cache = forward(params, X, activation)
    eps = 1e-12
    loss = -np.mean(y * np.log(p + eps) + (1 - y) * np.log(1 - p + eps))
    n = len(y)
    dZ2 = ((p - y) / n)[:, None]                    # sigmoid + cross-entropy together
    grads = {"W2": cache["A1"].T @ dZ2, "b2": dZ2.sum(axis=0)}
    dA1 = dZ2 @ params["W2"].T
    dZ1 = dA1 * activate_grad(cache["Z1"], activation)
    grads["W1"] = cache["X"].T @ dZ1
    grads["b1"] = dZ1.sum(axis=0)
    return float(loss), grads


# --------------------------------------------------------------------------- optimizer updates
def sgd_update(w, g, lr):
    """w <- w - lr * g."""
    return w - lr * g


def momentum_update(w, g, velocity, lr, beta=0.9):
    """v <- beta v - lr g ; w <- w + v. Returns (w, v)."""
    velocity = beta * velocity - lr * g
    return w + velocity, velocity


def adagrad_update(w, g, accumulator, lr, eps=1e-7):
    """s <- s + g^2 ; w <- w - lr g / (sqrt(s) + eps). Returns (w, s)."""
    accumulator = accumulator + g ** 2
    return w - lr * g / (np.sqrt(accumulator) + eps), accumulator


def rmsprop_update(w, g, avg_sq, lr, rho=0.9, eps=1e-7):
    """s <- rho s + (1 - rho) g^2 ; w <- w - lr g / (sqrt(s) + eps). Returns (w, s)."""
    avg_sq = rho * avg_sq + (1 - rho) * g ** 2
    return w - lr * g / (np.sqrt(avg_sq) + eps), avg_sq


def adam_update(w, g, m, v, t, lr, beta1=0.9, beta2=0.999, eps=1e-7):
    """Adam step number ``t`` (starting at 1). Returns (w, m, v)."""
    m = beta1 * m + (1 - beta1) * g
    v = beta2 * v + (1 - beta2) * g ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    return w - lr * m_hat / (np.sqrt(v_hat) + eps), m, v


# --------------------------------------------------------------------------- discounted returns
def reference_returns(rewards, gamma: float, normalize: bool = False) -> np.ndarray:
    """G_t = r_t + gamma * G_{t+1}, computed backwards; optionally standardised."""
    rewards = np.asarray(rewards, dtype=np.float64)
    returns = np.zeros_like(rewards)
    running = 0.0
    for t in range(len(rewards) - 1, -1, -1):
        running = rewards[t] + gamma * running
        returns[t] = running
    if normalize:
        returns = (returns - returns.mean()) / (returns.std() + 1e-8)
    return returns


# --------------------------------------------------------------------------- attention (chapter 15)
def stable_softmax(scores, axis: int = -1) -> np.ndarray:
    """Softmax along ``axis``, shifted by the maximum so that large scores do not overflow."""
    scores = np.asarray(scores, dtype=float)
    shifted = scores - np.max(scores, axis=axis, keepdims=True)
    weights = np.exp(shifted)
    return weights / np.sum(weights, axis=axis, keepdims=True)


def scaled_dot_product_attention(q, k, v, mask=None) -> tuple[np.ndarray, np.ndarray]:
    """``softmax(q k^T / sqrt(d) + masked) v`` over the last two axes; returns (output, weights).

    ``q`` is (..., Tq, d), ``k`` (..., Tk, d), ``v`` (..., Tk, dv). ``mask`` (broadcastable to
    (..., Tq, Tk)) is True (or 1) where a query may look at a key, Keras's convention; masked
    scores get a large negative number before the softmax, so their weights are 0.
    """
    q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
    scores = q @ np.swapaxes(k, -1, -2) / np.sqrt(q.shape[-1])
    if mask is not None:
        scores = np.where(np.asarray(mask).astype(bool), scores, -1e9)
    weights = stable_softmax(scores, axis=-1)
    return weights @ v, weights


def causal_mask(length: int) -> np.ndarray:
    """(length, length) booleans: position i may look at positions 0..i (itself included)."""
    return np.tril(np.ones((length, length), dtype=bool))


def sinusoidal_encoding(length: int, depth: int, base: float = 10000.0) -> np.ndarray:
    """The transformer's positional encoding, (length, depth): ``sin`` on even, ``cos`` on odd columns.

    ``PE[p, 2i] = sin(p / base**(2i / depth))`` and ``PE[p, 2i + 1] = cos(p / base**(2i / depth))``.
    """
    positions = np.arange(length)[:, None].astype(float)
    pairs = np.arange(0, depth, 2)[None, :].astype(float)
    angles = positions / base ** (pairs / depth)
    encoding = np.zeros((length, depth))
    encoding[:, 0::2] = np.sin(angles)
    encoding[:, 1::2] = np.cos(angles[:, : depth // 2])
    return encoding
