"""Lab 01 checks: the solutions pass, typical mistakes fail with a useful message, junk never crashes."""

import numpy as np
import pytest

from dlcourse.exercises.neuron import lab
from tests.helpers import failing_with


def weighted_sum(x, w, b):
    return np.dot(x, w) + b


def relu(z):
    return np.maximum(0, z)


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def neuron(x, w, b, activation):
    return activation(weighted_sum(x, w, b))


SOLUTIONS = {"weighted_sum": weighted_sum, "relu": relu, "sigmoid": sigmoid, "softmax": softmax,
             "neuron": neuron}


failing = failing_with(lab)


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_solution_passes(name):
    result = lab.evaluate(name, SOLUTIONS[name])
    assert result.status == "pass", result.message


def test_weighted_sum_mistakes():
    failing("weighted_sum", lambda x, w, b: np.dot(x, w), "bias")
    failing("weighted_sum", lambda x, w, b: x * w + b, "one product per input")
    failing("weighted_sum", lambda x, w, b: np.sum(x) * np.sum(w) + b, "own weight")


def test_relu_mistakes():
    def in_place(z):
        z[z < 0] = 0
        return z

    failing("relu", lambda z: np.max(z), "shape")
    failing("relu", np.abs, "negative inputs")
    failing("relu", in_place, "in place")
    failing("relu", lambda z: np.maximum(1, z), "negative inputs")


def test_sigmoid_mistakes():
    failing("sigmoid", lambda z: 1 / (1 + np.exp(z)), "increase")
    failing("sigmoid", lambda z: np.exp(-z) / (1 + np.exp(-z)), "increase")
    failing("sigmoid", lambda z: 1 / (1 - np.exp(-z)))
    failing("sigmoid", np.tanh, "0.5")


def test_softmax_mistakes():
    failing("softmax", lambda z: np.exp(z) / np.exp(z).sum(), "overflow")
    failing("softmax", lambda z: z / z.sum())
    failing("softmax", lambda z: np.exp(z - z.max()), "add up to 1")
    for shift in (np.min, np.mean, lambda z: z[0]):  # stable on [1000, 1001, 1002], not on [0, 2000]
        failing("softmax", lambda z, shift=shift: np.exp(z - shift(z)) / np.exp(z - shift(z)).sum(), "[0, 2000]")


def test_neuron_mistakes():
    failing("neuron", lambda x, w, b, f: weighted_sum(x, w, b), "apply the activation")
    failing("neuron", lambda x, w, b, f: weighted_sum(f(x), w, b), "applied to the inputs")
