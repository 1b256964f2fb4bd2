"""Lab 04 checks: solutions pass, typical mistakes fail with the intended message, junk never crashes."""

import numpy as np
import pytest

from dlcourse.exercises.backpropagation import lab


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


# ---------------------------------------------------------------- solutions
def f_grads(a, b, c, x1, x2):
    g = a * x1 + b * x2
    return 2 * g * x1, 2 * g * x2, -1.0


def dense_backward(X, W, b, dA):
    A = sigmoid(X @ W + b)
    dZ = dA * A * (1 - A)
    return dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)


def numerical_gradient(f, x, h=1e-5):
    x = np.array(x, dtype=float)
    grad = np.zeros_like(x)
    for i in np.ndindex(x.shape):
        old = x[i]
        x[i] = old + h
        plus = f(x)
        x[i] = old - h
        minus = f(x)
        x[i] = old
        grad[i] = (plus - minus) / (2 * h)
    return grad


def relative_error(a, b):
    d = np.linalg.norm(a) + np.linalg.norm(b)
    return 0.0 if d == 0 else float(np.linalg.norm(np.asarray(a) - np.asarray(b)) / d)


def network_backward(params, X, y):
    n = len(y)
    A1 = np.tanh(X @ params["W1"] + params["b1"])
    p = sigmoid(A1 @ params["W2"] + params["b2"])[:, 0]
    dZ2 = ((p - y) / n)[:, None]
    dZ1 = (dZ2 @ params["W2"].T) * (1 - A1 ** 2)
    return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}


SOLUTIONS = {"chain_rule": f_grads, "layer_backward": dense_backward, "numerical_gradient": numerical_gradient,
             "relative_error": relative_error, "network_backward": network_backward}


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_solution_passes(name):
    result = lab.evaluate(name, SOLUTIONS[name])
    assert result.status == "pass", result.message


# ---------------------------------------------------------------- typical mistakes
def fail(name, value):
    result = lab.evaluate(name, value)
    assert result.status == "fail", result
    return result.message


def test_chain_rule_mistakes():
    assert "2*g" in fail("chain_rule", lambda a, b, c, x1, x2: ((a * x1 + b * x2) * x1, (a * x1 + b * x2) * x2, -1.0))
    assert "minus sign" in fail("chain_rule", lambda a, b, c, x1, x2: (*f_grads(a, b, c, x1, x2)[:2], 1.0))
    assert "chain rule" in fail("chain_rule", lambda a, b, c, x1, x2: (2 * (a * x1 + b * x2), 2 * (a * x1 + b * x2), -1.0))
    assert "tuple of three" in fail("chain_rule", lambda a, b, c, x1, x2: f_grads(a, b, c, x1, x2)[:2])


def test_layer_backward_mistakes():
    def no_activation(X, W, b, dA):
        return dA @ W.T, X.T @ dA, dA.sum(axis=0)

    def no_sum(X, W, b, dA):
        dX, dW, _ = dense_backward(X, W, b, dA)
        A = sigmoid(X @ W + b)
        return dX, dW, dA * A * (1 - A)

    def transposed(X, W, b, dA):
        dX, dW, db = dense_backward(X, W, b, dA)
        return dX, dW.T, db

    assert "activation" in fail("layer_backward", no_activation)
    assert "add up" in fail("layer_backward", no_sum)
    assert "shape" in fail("layer_backward", transposed)


def test_numerical_gradient_mistakes():
    def forward_difference(f, x, h=1e-5):
        x = np.array(x, dtype=float)
        g = np.zeros_like(x)
        for i in np.ndindex(x.shape):
            e = np.zeros_like(x)
            e[i] = h
            g[i] = (f(x + e) - f(x)) / h
        return g

    def changes_x(f, x, h=1e-5):
        grad = numerical_gradient(f, x, h)
        x += 1.0
        return grad

    def flat(f, x, h=1e-5):
        return numerical_gradient(f, x, h).ravel()

    assert "one-sided" in fail("numerical_gradient", forward_difference)
    assert "changed x" in fail("numerical_gradient", changes_x)
    assert "shape" in fail("numerical_gradient", flat)


def test_relative_error_mistakes():
    assert "absolute error" in fail("relative_error", lambda a, b: float(np.linalg.norm(a - b)))
    assert "zero vectors" in fail("relative_error",
                                  lambda a, b: float(np.nan_to_num(np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)), nan=1.0)))
    assert "not right" in fail("relative_error", lambda a, b: float(np.linalg.norm(a - b) / np.linalg.norm(a)) if np.linalg.norm(a) else 0.0)


def test_network_backward_mistakes():
    def not_mean(params, X, y):
        return {k: v * len(y) for k, v in network_backward(params, X, y).items()}

    def missing_key(params, X, y):
        grads = network_backward(params, X, y)
        del grads["b2"]
        return grads

    def relu_derivative(params, X, y):
        n = len(y)
        Z1 = X @ params["W1"] + params["b1"]
        A1 = np.tanh(Z1)
        p = sigmoid(A1 @ params["W2"] + params["b2"])[:, 0]
        dZ2 = ((p - y) / n)[:, None]
        dZ1 = (dZ2 @ params["W2"].T) * (Z1 > 0)
        return {"W1": X.T @ dZ1, "b1": dZ1.sum(axis=0), "W2": A1.T @ dZ2, "b2": dZ2.sum(axis=0)}

    assert "divide by n" in fail("network_backward", not_mean)
    assert "no key" in fail("network_backward", missing_key)
    assert "not the right values" in fail("network_backward", relu_derivative)
