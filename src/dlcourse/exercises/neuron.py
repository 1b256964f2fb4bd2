"""Checks and hints for lab 01: a neuron and its activation functions in NumPy."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import (CheckFailure, Lab, call_learner, expect, expect_array, expect_number,
                               to_numpy)

lab = Lab("01_neuron", "The neuron")

_rng = np.random.default_rng(2024)
_CASES = [(_rng.normal(size=n), _rng.normal(size=n), float(_rng.normal())) for n in (1, 3, 5, 8)]


def _array_result(function, value, name, not_finite="returns NaN or infinity for some inputs."):
    """Call the learner's elementwise function on a copy of ``value`` and check the shape."""
    given = np.array(value, dtype=float)
    with np.errstate(all="ignore"):
        out = call_learner(function, given, what=f"{name}(z)")
    array = to_numpy(out, what=f"{name}(z)")
    expect(array.dtype.kind in "fiub", f"{name}(z) returned {array.dtype} values; expected numbers.")
    expect(array.shape == np.shape(value),
           f"{name}(z) returned shape {array.shape} for an input of shape {np.shape(value)}: "
           "an activation works element by element and keeps the shape.")
    expect(np.array_equal(given, value),
           f"{name}(z) changed its input array in place: compute a new array instead of editing z.")
    expect(np.all(np.isfinite(array)), f"{name}(z) {not_finite}")
    return array.astype(float)


@lab.exercise("weighted_sum", hints=[
    "Multiply each input by its weight, add all the products up, then add the bias.",
    "With NumPy: `np.dot(x, w)` (or `np.sum(x * w)`) is the multiply-and-accumulate part.",
], title="Multiply and accumulate")
def _check_weighted_sum(weighted_sum):
    for x, w, b in _CASES:
        out = call_learner(weighted_sum, x.copy(), w.copy(), b, what="weighted_sum(x, w, b)")
        array = expect_array(out, what="weighted_sum(x, w, b)")
        if array.size == x.size and x.size > 1 and (np.allclose(array.ravel(), x * w, atol=1e-6)
                                                     or np.allclose(array.ravel(), x * w + b, atol=1e-6)):
            raise CheckFailure("weighted_sum returns one product per input: accumulate them "
                               "(add them up) into one number.")
        expect(array.size == 1, f"weighted_sum should return a single number, not shape {array.shape}.")
        value = float(array.reshape(()))
        if np.isclose(value, np.dot(x, w), atol=1e-6) and abs(b) > 1e-6:
            raise CheckFailure("the products are summed correctly, but the bias b is missing.")
        if np.isclose(value, np.sum(x) * np.sum(w) + b, atol=1e-6) and x.size > 1:
            raise CheckFailure("this multiplies the sum of the inputs by the sum of the weights: "
                               "multiply each input by its own weight first.")
        expect(np.isclose(value, np.dot(x, w) + b, atol=1e-6),
               f"weighted_sum gives the wrong value for an input of {x.size} number(s).")
    return "u = x . w + b is right for inputs of 1, 3, 5 and 8 numbers."


@lab.exercise("relu", hints=[
    "ReLU keeps positive values and replaces negative values by 0.",
    "`np.maximum(0, z)` compares element by element (`np.max` would return one number).",
], title="ReLU")
def _check_relu(relu):
    z = np.array([-3.0, -0.5, 0.0, 0.25, 2.0, 7.5])
    out = _array_result(relu, z, "relu")
    expect(np.all(out[z < 0] == 0), "negative inputs should give 0.")
    expect(np.allclose(out[z > 0], z[z > 0]), "positive inputs should come out unchanged.")
    expect(out[z == 0][0] == 0, "relu(0) should be 0.")
    grid = np.linspace(-4, 4, 12).reshape(3, 4)
    out = _array_result(relu, grid, "relu")
    expect(np.allclose(out, np.maximum(grid, 0)), "relu is wrong on a 2-D array.")
    return "negative inputs give 0, positive ones pass through, on 1-D and 2-D arrays."


@lab.exercise("sigmoid", hints=[
    "The sigmoid is 1 / (1 + e^(-z)).",
    "`np.exp(-z)` works element by element on an array.",
], title="Sigmoid")
def _check_sigmoid(sigmoid):
    z = np.array([-30.0, -4.0, -1.0, 0.0, 0.5, 2.0, 30.0])
    out = _array_result(sigmoid, z, "sigmoid")
    expect(abs(out[3] - 0.5) < 1e-6, f"sigmoid(0) should be 0.5, yours gives {out[3]:.4g}.")
    expect(np.all((out >= 0) & (out <= 1)),
           "sigmoid outputs should stay between 0 and 1: check the sign of the 1 in the denominator.")
    expect(np.all(np.diff(out) >= 0), "sigmoid should increase with z: check the sign inside the exponential.")
    reference = 1.0 / (1.0 + np.exp(-z))
    expect(np.allclose(out, reference, atol=1e-6), "sigmoid has the right shape of curve but not the right values.")
    return "values between 0 and 1, sigmoid(0) = 0.5, increasing, correct values."


@lab.exercise("softmax", hints=[
    "Softmax exponentiates each value, then divides by the sum of the exponentials.",
    "e^1000 overflows to infinity. Subtracting the largest value from every entry first does not "
    "change the result (the factor cancels) and keeps every exponent at or below 0.",
], title="A numerically stable softmax")
def _check_softmax(softmax):
    z = np.array([2.0, 1.0, 0.1, -1.0])
    out = _array_result(softmax, z, "softmax")
    expect(np.all(out > 0), "softmax outputs should all be positive.")
    expect(abs(out.sum() - 1) < 1e-6, f"softmax outputs should add up to 1; yours add up to {out.sum():.4g}.")
    expect(np.allclose(out, np.exp(z) / np.exp(z).sum(), atol=1e-6),
           "softmax outputs add up to 1 but are not the exponentials divided by their sum.")
    big = np.array([1000.0, 1001.0, 1002.0])
    out = _array_result(softmax, big, "softmax",
                        not_finite="gives NaN or infinity for z = [1000, 1001, 1002]: e^1000 overflows. "
                                   "Shift the inputs before exponentiating.")
    expect(np.allclose(out, np.exp(big - 1002) / np.exp(big - 1002).sum(), atol=1e-6),
           "softmax is wrong for large inputs.")
    wide = np.array([0.0, 2000.0])
    out = _array_result(softmax, wide, "softmax",
                        not_finite="gives NaN or infinity for z = [0, 2000]: after your shift some exponent "
                                   "is still far above 0 (e^710 already overflows). Which value, subtracted "
                                   "from every entry, leaves every exponent at or below 0?")
    expect(np.allclose(out, [0.0, 1.0], atol=1e-6), "softmax is wrong for z = [0, 2000].")
    return "probabilities that add up to 1, also for inputs as large as 1000."


@lab.exercise("neuron", hints=[
    "A neuron first computes u with weighted_sum, then applies the activation to u.",
    'Your function takes the activation as an argument: call it on the result of `weighted_sum`, not on x.',
], title="A whole neuron")
def _check_neuron(neuron):
    activations = {"relu": lambda u: np.maximum(0.0, u), "tanh": np.tanh, "square": lambda u: u ** 2}
    for x, w, b in _CASES[1:]:
        for name, f in activations.items():
            out = call_learner(neuron, x.copy(), w.copy(), b, f, what="neuron(x, w, b, activation)")
            value = expect_number(out, what="neuron(x, w, b, activation)")
            if np.isclose(value, np.dot(x, w) + b, atol=1e-6) and not np.isclose(value, f(np.dot(x, w) + b)):
                raise CheckFailure("neuron returns u itself: apply the activation to u.")
            if np.isclose(value, np.dot(f(x), w) + b, atol=1e-6) and not np.isclose(value, f(np.dot(x, w) + b)):
                raise CheckFailure("the activation is applied to the inputs; apply it to u, after the sum.")
            expect(np.isclose(value, f(np.dot(x, w) + b), atol=1e-6),
                   f"neuron gives the wrong output with the {name} activation.")
    return "activation(x . w + b) is right for three different activations."
