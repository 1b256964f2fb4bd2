"""Checks and hints for lab 02: linear regression, its loss, and gradient descent."""

from __future__ import annotations

import inspect
import io
import textwrap
import tokenize

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_number

lab = Lab("02_linear_regression", "Linear regression")

_rng = np.random.default_rng(11)
_PAIRS = [(np.array([3.0, 5.0]), np.array([4.0, 3.0]))] + [
    (_rng.normal(size=n) * 3, _rng.normal(size=n) * 3) for n in (5, 17)]

FIT_TOLERANCE = 0.02  # the solution lands within 1e-4 of the least-squares line


def make_data(n: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """``n`` points around y = 2 x + 1 with x in [0, 2], as float32 (what TensorFlow expects)."""
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, 2.0, size=n)
    y = 2.0 * x + 1.0 + rng.normal(0.0, 0.3, size=n)
    return x.astype("float32"), y.astype("float32")


def _least_squares(x, y):
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    slope = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    return slope, y.mean() - slope * x.mean()


def _two_numbers(out, what):
    if not isinstance(out, (tuple, list)) or len(out) != 2:
        raise CheckFailure(f"{what} should return two numbers, (m, b); it returned "
                           f"{type(out).__name__}{'' if not hasattr(out, '__len__') else f' of length {len(out)}'}.")
    return expect_number(out[0], what=f"the slope m from {what}"), expect_number(out[1], what=f"the intercept b from {what}")


@lab.exercise("mse", hints=[
    "Take the difference between each true value and its prediction, square it, and average.",
    'Divide by the number of points n (that is what `np.mean` does), not by n - 1: the MSE is an average, not a sample variance.',
], title="Mean squared error")
def _check_mse(mse):
    for y, y_hat in sorted(_PAIRS, key=lambda pair: -pair[0].size):  # n = 2 last: there n - 1 = 1
        out = call_learner(mse, y.copy(), y_hat.copy(), what="mse(y, y_hat)")
        value = expect_number(out, what="mse(y, y_hat)")
        diff = y - y_hat
        if y.size > 2 and np.isclose(value, np.sum(diff ** 2) / (y.size - 1)):
            raise CheckFailure("this divides by n - 1, like a sample variance; the MSE is the plain mean of "
                               "the squared errors: divide by n.")
        if np.isclose(value, np.sum(diff ** 2)) and not np.isclose(value, np.mean(diff ** 2)):
            raise CheckFailure("this is the sum of the squared errors: divide by the number of examples.")
        if np.isclose(value, np.mean(np.abs(diff))) and not np.isclose(value, np.mean(diff ** 2)):
            raise CheckFailure("this is the mean absolute error: square the errors instead.")
        if np.isclose(value, np.sqrt(np.mean(diff ** 2))) and not np.isclose(value, np.mean(diff ** 2)):
            raise CheckFailure("this is the RMSE (it has a square root); the MSE has none.")
        expect(value >= 0, "a mean of squares cannot be negative: square each error before averaging.")
        expect(np.isclose(value, np.mean(diff ** 2)), f"mse is wrong for {y.size} examples.")
    return "right on the worked example and on random data."


@lab.exercise("rmse", hints=[
    "RMSE is the square root of the MSE, which brings the error back to the units of y.",
    'You already wrote `mse`: reuse it, and take the square root of what it returns (NumPy has a function for that).',
], title="Root mean squared error")
def _check_rmse(rmse):
    for y, y_hat in _PAIRS:
        out = call_learner(rmse, y.copy(), y_hat.copy(), what="rmse(y, y_hat)")
        value = expect_number(out, what="rmse(y, y_hat)")
        good = np.sqrt(np.mean((y - y_hat) ** 2))
        if np.isclose(value, good ** 2) and not np.isclose(value, good):
            raise CheckFailure("this is the MSE: take its square root.")
        if np.isclose(value, np.sqrt(np.sum((y - y_hat) ** 2))) and not np.isclose(value, good):
            raise CheckFailure("this is the root of the sum: average the squared errors before the root.")
        expect(np.isclose(value, good), f"rmse is wrong for {y.size} examples.")
    return "right on the worked example and on random data."


@lab.exercise("gradient_step", hints=[
    "The gradients of J = 1/(2n) * sum((m x + b - y)^2) are dJ/dm = mean((m x + b - y) * x) and "
    "dJ/db = mean(m x + b - y).",
    "Move against the gradient: m_new = m - learning_rate * dJ/dm, and the same for b.",
], title="One step of gradient descent")
def _check_gradient_step(gradient_step):
    rng = np.random.default_rng(5)
    for trial in range(3):
        x = rng.uniform(-2, 3, size=6 + trial)
        y = rng.normal(size=x.size) + 2 * x
        m, b, lr = float(rng.normal()), float(rng.normal()), [0.1, 0.05, 0.3][trial]
        out = call_learner(gradient_step, m, b, x.copy(), y.copy(), lr,
                           what="gradient_step(m, b, x, y, learning_rate)")
        new_m, new_b = _two_numbers(out, "gradient_step")
        error = m * x + b - y
        dm, db = np.mean(error * x), np.mean(error)
        step_m, step_b = new_m - m, new_b - b
        if np.allclose([step_m, step_b], [0, 0]):
            raise CheckFailure("m and b did not change: return the updated values.")
        if np.allclose([step_m, step_b], [lr * dm, lr * db], atol=1e-6):
            raise CheckFailure("the step goes uphill: subtract the gradient (times the learning rate).")
        if np.allclose([step_m, step_b], [-dm, -db], atol=1e-6):
            raise CheckFailure("the step ignores the learning rate: multiply the gradient by it.")
        if np.allclose([step_m, step_b], [-2 * lr * dm, -2 * lr * db], atol=1e-6):
            raise CheckFailure("the step is twice too long: with the 1/2 in J = 1/(2n) sum(...)^2 the "
                               "gradient has no factor 2.")
        if np.isclose(step_b, -lr * db, atol=1e-6) and np.isclose(step_m, -lr * db, atol=1e-6):
            raise CheckFailure("the slope's gradient is missing the factor x: dJ/dm = mean(error * x).")
        expect(np.isclose(step_b, -lr * db, atol=1e-6), "the new intercept b is wrong.")
        expect(np.isclose(step_m, -lr * dm, atol=1e-6), "the new slope m is wrong.")
    return "both updates are right for three different data sets and learning rates."


@lab.exercise("least_squares", hints=[
    "The slope is sum((x - mean(x)) * (y - mean(y))) / sum((x - mean(x))^2).",
    "Once you have the slope m, the intercept is b = mean(y) - m * mean(x).",
], title="The analytic solution")
def _check_least_squares(least_squares):
    rng = np.random.default_rng(8)
    for n in (2, 10, 50):
        x = rng.uniform(-3, 3, size=n)
        y = 0.7 * x - 1.2 + rng.normal(0, 0.5, size=n)
        out = call_learner(least_squares, x.copy(), y.copy(), what="least_squares(x, y)")
        m, b = _two_numbers(out, "least_squares")
        good_m, good_b = _least_squares(x, y)
        if np.isclose(m, good_b, atol=1e-6) and np.isclose(b, good_m, atol=1e-6):
            raise CheckFailure("slope and intercept are swapped: return (m, b).")
        expect(np.isclose(m, good_m, atol=1e-6), f"the slope is not the least-squares slope ({n} points).")
        expect(np.isclose(b, good_b, atol=1e-6), f"the slope is right but the intercept is not ({n} points).")
    return "slope and intercept match the least-squares line on three data sets."


def _names_in_code(function) -> set[str] | None:
    """The names used in ``function``'s code (not in its comments or strings), or None if unknown."""
    try:
        source = textwrap.dedent(inspect.getsource(function))
        tokens = tokenize.generate_tokens(io.StringIO(source).readline)
        return {token.string for token in tokens if token.type == tokenize.NAME}
    except (OSError, TypeError, tokenize.TokenError, IndentationError, SyntaxError):
        return None


def _call_counting_tapes(function, *args):
    """Call ``function``; return its result and how many ``tf.GradientTape``s it opened."""
    import tensorflow as tf

    original, opened = tf.GradientTape, []

    class CountingTape(original):
        def __init__(self, *a, **k):
            opened.append(1)
            super().__init__(*a, **k)

    tf.GradientTape = CountingTape
    try:
        return call_learner(function, *args, what="fit_with_tape(x, y)"), len(opened)
    finally:
        tf.GradientTape = original


@lab.exercise("fit_with_tape", hints=[
    'm and b must be `tf.Variable`s so that the tape watches them. In each step, compute the cost while a `tf.GradientTape` is recording, then ask the tape for the gradient of the cost with respect to both variables.',
    'A variable is updated in place: look at `assign_sub` (subtract the learning rate times the gradient, since descent goes against the gradient). Return plain Python floats, not tensors.',
    "If the line is not close enough, take more steps or a larger learning rate (0.3 works here).",
], title="Fit with TensorFlow's GradientTape")
def _check_fit_with_tape(fit_with_tape):
    x, y = make_data(n=60, seed=3)
    out, tapes = _call_counting_tapes(fit_with_tape, x.copy(), y.copy())
    names = _names_in_code(fit_with_tape) or set()  # what its code names; comments and strings do not count
    expect(tapes or "GradientTape" in names,
           "fit_with_tape should compute the gradients with tf.GradientTape (the point of this exercise): "
           "it ran without opening one.")
    m, b = _two_numbers(out, "fit_with_tape")
    good_m, good_b = _least_squares(x, y)
    gap = max(abs(m - good_m), abs(b - good_b))
    expect(gap < 1.0, f"the fitted line is far from the data (measured {gap:.3g} away from the best line): "
                      "check the sign of the update and the cost.")
    expect(gap < FIT_TOLERANCE,
           f"the line is close but not at the bottom yet (measured {gap:.3g}, target below {FIT_TOLERANCE}): "
           "take more steps or a larger learning rate.")
    return f"m and b match the analytic solution (measured {gap:.2g}, target below {FIT_TOLERANCE})."
