"""Lab 03 checks: the solutions pass, typical mistakes fail with a useful message, junk never crashes."""

import numpy as np
import pytest

from dlcourse.exercises.logistic_regression import ACCURACY_TARGET, lab
from dlcourse.reference import two_blobs
from tests.helpers import failing_with


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def predict_proba(X, w, b):
    return sigmoid(X @ w + b)


def one_hot(labels, num_classes):
    return np.eye(num_classes)[labels]


def binary_cross_entropy(y, p, eps=1e-7):
    p = np.clip(p, eps, 1 - eps)
    return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))


def fit_logistic(X, y, learning_rate=0.5, epochs=300):
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(epochs):
        p = predict_proba(X, w, b)
        w = w - learning_rate * X.T @ (p - y) / len(y)
        b = b - learning_rate * np.mean(p - y)
    return w, b


SOLUTIONS = {"sigmoid": sigmoid, "predict_proba": predict_proba, "one_hot": one_hot,
             "binary_cross_entropy": binary_cross_entropy, "fit_logistic": fit_logistic}


failing = failing_with(lab)


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_solution_passes(name):
    result = lab.evaluate(name, SOLUTIONS[name])
    assert result.status == "pass", result.message


def test_sigmoid_mistakes():
    def in_place(z):
        z *= -1
        return 1 / (1 + np.exp(z))

    failing("sigmoid", lambda z: 1 / (1 + np.exp(z)), "increase")
    failing("sigmoid", in_place, "in place")
    failing("sigmoid", lambda z: np.maximum(0, z), "0.5")


def test_predict_proba_mistakes():
    failing("predict_proba", lambda X, w, b: X @ w + b, "sigmoid")
    failing("predict_proba", lambda X, w, b: sigmoid(X @ w), "bias")
    failing("predict_proba", lambda X, w, b: sigmoid(X * w + b), "shape")


def test_one_hot_mistakes():
    failing("one_hot", lambda labels, k: np.eye(k)[labels + 1 if labels.max() + 1 < k else labels], "one column off")
    failing("one_hot", lambda labels, k: np.eye(labels.max() + 1)[labels], "shape")
    failing("one_hot", lambda labels, k: np.eye(k)[labels].T, "shape")
    failing("one_hot", lambda labels, k: labels, "shape")


def test_binary_cross_entropy_mistakes():
    def no_clip(y, p):
        return np.mean(-(y * np.log(p) + (1 - y) * np.log(1 - p)))

    def swapped(y, p):
        return binary_cross_entropy(1 - y, p)

    def summed(y, p):
        return binary_cross_entropy(y, p) * len(y)

    def no_minus(y, p):
        return -binary_cross_entropy(y, p)

    failing("binary_cross_entropy", no_clip, "clip")
    failing("binary_cross_entropy", swapped, "swapped")
    failing("binary_cross_entropy", summed, "mean")
    failing("binary_cross_entropy", no_minus, "minus")


def test_fit_logistic_mistakes():
    def untrained(X, y):
        return np.zeros(2), 0.0

    def uphill(X, y):
        w, b = np.zeros(2), 0.0
        for _ in range(50):
            p = predict_proba(X, w, b)
            w = w + 0.5 * X.T @ (p - y) / len(y)
            b = b + 0.5 * np.mean(p - y)
        return w, b

    failing("fit_logistic", untrained, "still zero")
    failing("fit_logistic", uphill, "measured")
    failing("fit_logistic", lambda X, y: (np.zeros(3), 0.0), "shape")
    failing("fit_logistic", lambda X, y: np.zeros(2), "(w, b)")


@pytest.mark.parametrize("seed", [1, 5, 9])
def test_accuracy_target_has_a_margin(seed):
    w, b = fit_logistic(*two_blobs(200, seed=seed))
    for test_seed in (2, 3, 4):
        X, y = two_blobs(1000, seed=test_seed)
        assert np.mean((predict_proba(X, w, b) > 0.5) == y) >= ACCURACY_TARGET + 0.025


def test_fit_logistic_variants_that_reach_the_accuracy_still_fail():
    def variant(mean=True, bias=True, one_epoch=False):
        def fit(X, y, learning_rate=0.5, epochs=300):
            w, b = np.zeros(X.shape[1]), 0.0
            for _ in range(1 if one_epoch else epochs):
                p = predict_proba(X, w, b)
                w = w - learning_rate * X.T @ (p - y) / (len(y) if mean else 1)
                b = b - (learning_rate * np.mean(p - y) if bias else 0.0)
            return w, b
        return fit

    failing("fit_logistic", variant(mean=False), "mean")
    failing("fit_logistic", variant(bias=False), "bias")
    failing("fit_logistic", variant(one_epoch=True), "single step")
    failing("fit_logistic", lambda X, y: fit_logistic(X, y), "learning_rate and epochs")
