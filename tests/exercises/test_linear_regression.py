"""Lab 02 checks: the solutions pass, typical mistakes fail with a useful message, junk never crashes."""

import numpy as np
import pytest

from dlcourse.exercises.linear_regression import FIT_TOLERANCE, lab, make_data
from tests.helpers import failing_with


def mse(y, y_hat):
    return np.mean((y - y_hat) ** 2)


def rmse(y, y_hat):
    return np.sqrt(mse(y, y_hat))


def gradient_step(m, b, x, y, learning_rate):
    error = m * x + b - y
    return m - learning_rate * np.mean(error * x), b - learning_rate * np.mean(error)


def least_squares(x, y):
    m = np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2)
    return m, y.mean() - m * x.mean()


def fit_with_tape(x, y, learning_rate=0.3, steps=300):
    import tensorflow as tf

    x, y = tf.constant(x, tf.float32), tf.constant(y, tf.float32)
    m, b = tf.Variable(0.0), tf.Variable(0.0)
    for _ in range(steps):
        with tf.GradientTape() as tape:
            J = tf.reduce_mean((m * x + b - y) ** 2) / 2
        dm, db = tape.gradient(J, [m, b])
        m.assign_sub(learning_rate * dm)
        b.assign_sub(learning_rate * db)
    return float(m.numpy()), float(b.numpy())


SOLUTIONS = {"mse": mse, "rmse": rmse, "gradient_step": gradient_step, "least_squares": least_squares,
             "fit_with_tape": fit_with_tape}
FAST = ["mse", "rmse", "gradient_step", "least_squares"]


failing = failing_with(lab)


@pytest.mark.parametrize("name", list(SOLUTIONS))
def test_solution_passes(name):
    result = lab.evaluate(name, SOLUTIONS[name])
    assert result.status == "pass", result.message


def test_worked_example_numbers():
    y, y_hat = np.array([3.0, 5.0]), np.array([4.0, 3.0])  # data (1,3),(2,5) with m=-1, b=5
    assert mse(y, y_hat) == 2.5
    assert round(rmse(y, y_hat), 2) == 1.58


def test_mse_mistakes():
    failing("mse", lambda y, p: np.sum((y - p) ** 2), "sum")
    failing("mse", lambda y, p: np.mean(np.abs(y - p)), "absolute")
    failing("mse", lambda y, p: np.sqrt(np.mean((y - p) ** 2)), "RMSE")
    failing("mse", lambda y, p: np.mean(y - p))
    failing("mse", lambda y, p: np.sum((y - p) ** 2) / (len(y) - 1), "n - 1")


def test_rmse_mistakes():
    failing("rmse", mse, "square root")
    failing("rmse", lambda y, p: np.sqrt(np.sum((y - p) ** 2)), "average")


def test_gradient_step_mistakes():
    def uphill(m, b, x, y, lr):
        e = m * x + b - y
        return m + lr * np.mean(e * x), b + lr * np.mean(e)

    def no_rate(m, b, x, y, lr):
        e = m * x + b - y
        return m - np.mean(e * x), b - np.mean(e)

    def doubled(m, b, x, y, lr):
        e = m * x + b - y
        return m - 2 * lr * np.mean(e * x), b - 2 * lr * np.mean(e)

    def no_x(m, b, x, y, lr):
        e = m * x + b - y
        return m - lr * np.mean(e), b - lr * np.mean(e)

    failing("gradient_step", uphill, "uphill")
    failing("gradient_step", no_rate, "learning rate")
    failing("gradient_step", doubled, "twice")
    failing("gradient_step", no_x, "factor x")
    failing("gradient_step", lambda m, b, x, y, lr: (m, b), "did not change")


def test_least_squares_mistakes():
    failing("least_squares", lambda x, y: least_squares(x, y)[::-1], "swapped")
    failing("least_squares", lambda x, y: (np.sum(x * y) / np.sum(x * x), 0.0), "slope")
    failing("least_squares", lambda x, y: (least_squares(x, y)[0], y.mean()), "intercept")


def test_fit_with_tape_mistakes():
    def numpy_fit(x, y):
        return least_squares(x, y)

    def too_short(x, y):
        return fit_with_tape(x, y, steps=12)  # GradientTape inside

    def untrained(x, y):
        return 0.0, 0.0  # GradientTape forgotten

    def by_hand(x, y):  # GradientTape is named in this comment only
        m = b = 0.0
        for _ in range(300):
            error = m * x + b - y
            m, b = m - 0.3 * 2 * np.mean(error * x), b - 0.3 * 2 * np.mean(error)
        return m, b

    failing("fit_with_tape", numpy_fit, "GradientTape")
    failing("fit_with_tape", by_hand, "GradientTape")
    failing("fit_with_tape", too_short, "more steps")
    failing("fit_with_tape", untrained, "GradientTape")
    failing("fit_with_tape", lambda x, y: fit_with_tape(x, y, learning_rate=-0.01, steps=50), "far from the data")


def test_fit_target_margin():
    x, y = make_data(60, seed=3)
    m, b = fit_with_tape(x, y)
    exact = least_squares(x.astype(float), y.astype(float))
    assert max(abs(m - exact[0]), abs(b - exact[1])) < FIT_TOLERANCE / 10
