"""Lab 04: backpropagation by hand and the numerical gradient check."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array, expect_number
from dlcourse.reference import loss_and_grads

lab = Lab("04_backpropagation", "Neural networks and backpropagation")


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def _reference_f_grads(a, b, c, x1, x2):
    g = a * x1 + b * x2
    return 2 * g * x1, 2 * g * x2, -1.0


# --------------------------------------------------------------------------- 1. chain rule
@lab.exercise("chain_rule", hints=[
    'Write f as two steps: first an inner quantity g that is linear in a and b, then f from g and c. Then df/da = df/dg * dg/da.',
    "df/dg = 2*g, dg/da = x1, dg/db = x2, and c enters f with a minus sign, so df/dc = -1.",
    'Return a tuple of three numbers in the order (df/da, df/db, df/dc), evaluated at the given values; compare one of them with a finite difference to be sure.',
])
def _check_chain_rule(f_grads):
    points = [(-1.0, 3.0, 0.5, 0.5, 2.0), (0.3, -2.0, -4.0, -1.5, 0.25), (2.0, 1.0, 2.0, 2.0, -1.0)]
    for point in points:
        answer = call_learner(f_grads, *point, what="f_grads(a, b, c, x1, x2)")
        expect(isinstance(answer, (tuple, list, np.ndarray)) and len(answer) == 3,
               "f_grads should return a tuple of three numbers (df_da, df_db, df_dc).")
        mine = [expect_number(v, what=name) for v, name in zip(answer, ("df_da", "df_db", "df_dc"))]
        ref = _reference_f_grads(*point)
        where = "a={}, b={}, c={}, x1={}, x2={}".format(*point)
        if not np.isclose(mine[2], ref[2]):
            raise CheckFailure(f"df_dc is wrong at {where}: c enters f = g**2 - c with a minus sign.")
        for k, name in enumerate(("df_da", "df_db")):
            if not np.isclose(mine[k], ref[k], rtol=1e-6, atol=1e-9):
                if np.isclose(2 * mine[k], ref[k]):
                    raise CheckFailure(f"{name} is half of what it should be at {where}: the derivative of g**2 "
                                       "is 2*g.")
                raise CheckFailure(f"{name} is wrong at {where}: multiply df/dg by dg/d{name[-1]} "
                                   "(the chain rule).")
    return "All three partial derivatives match at three different points."


# --------------------------------------------------------------------------- 2. one layer
def _layer_case(seed=0, n=5, d=3, k=4):
    rng = np.random.default_rng(seed)
    X, W, b, dA = rng.normal(size=(n, d)), rng.normal(size=(d, k)), rng.normal(size=k), rng.normal(size=(n, k))
    A = _sigmoid(X @ W + b)
    dZ = dA * A * (1 - A)
    return (X, W, b, dA), (dZ @ W.T, X.T @ dZ, dZ.sum(axis=0)), dA


@lab.exercise("layer_backward", hints=[
    "Go backwards one step at a time: first dZ = dA * sigmoid'(Z), then the three gradients from dZ.",
    "sigmoid'(Z) can be written with A = sigmoid(Z) alone. Each of dW, db and dX is built from dZ and one of X, W or a sum over the batch: let the shapes in hint 3 tell you which product or transpose you need.",
    "Check the shapes: dX like X (n, d), dW like W (d, k), db like b (k,).",
])
def _check_layer_backward(dense_backward):
    for seed, (n, d, k) in enumerate([(5, 3, 4), (8, 2, 1), (1, 6, 3)]):
        args, (rdX, rdW, rdb), dA = _layer_case(seed, n, d, k)
        X, W, b, _ = args
        answer = call_learner(dense_backward, *[a.copy() for a in args], what="dense_backward(X, W, b, dA)")
        expect(isinstance(answer, (tuple, list)) and len(answer) == 3,
               "dense_backward should return a tuple (dX, dW, db).")
        dX = expect_array(answer[0], shape=X.shape, what="dX")
        dW = expect_array(answer[1], shape=W.shape, what="dW")
        db = expect_array(answer[2], what="db")
        if db.shape != b.shape:
            raise CheckFailure(f"db has shape {db.shape} but b has shape {b.shape}: add up the gradient over the "
                               "samples of the batch (axis 0).")
        if np.allclose(dW, X.T @ dA) and not np.allclose(dW, rdW):
            raise CheckFailure("dW ignores the activation: multiply dA by the sigmoid's derivative A*(1-A) first.")
        for name, mine, ref in (("dW", dW, rdW), ("db", db, rdb), ("dX", dX, rdX)):
            if not np.allclose(mine, ref, rtol=1e-6, atol=1e-9):
                raise CheckFailure(f"{name} has the right shape but not the right values (case {seed + 1} of 3).")
    return "dX, dW and db are right for three layers of different sizes."


# --------------------------------------------------------------------------- 3. numerical gradient
def _cubic(x):
    return float(np.sum(x ** 3) + 2.0 * np.sum(x[..., :1]) * np.sum(x))


def _cubic_grad(x):
    g = 3 * x ** 2 + 2.0 * np.sum(x[..., :1])
    g[..., :1] += 2.0 * np.sum(x)
    return g


@lab.exercise("numerical_gradient", hints=[
    "Loop over every entry of x: nudge it up by h, evaluate f, nudge it down by h, evaluate f, put it back.",
    "Central difference: (f(x + h e_i) - f(x - h e_i)) / (2 h). Work on a copy of x, as float.",
    "Use np.nditer(x, flags=['multi_index']) or iterate over range(x.size) on x.reshape(-1) to cover any shape.",
])
def _check_numerical_gradient(numerical_gradient):
    rng = np.random.default_rng(4)
    for shape in [(3,), (2, 3)]:
        x = rng.normal(size=shape)
        before = x.copy()
        g = call_learner(numerical_gradient, _cubic, x, 1e-3, what="numerical_gradient(f, x, h)")
        g = expect_array(g, what="the numerical gradient")
        if g.shape != x.shape:
            raise CheckFailure(f"the numerical gradient has shape {g.shape}; it should have the shape of x, {x.shape}.")
        expect(np.array_equal(x, before), "numerical_gradient changed x: restore each entry after nudging it "
                                          "(or work on a copy).")
        exact = _cubic_grad(x)
        error = np.max(np.abs(g - exact))
        if error > 1e-5:
            one_sided = np.array([(_cubic(x + 1e-3 * e) - _cubic(x)) / 1e-3
                                  for e in np.eye(x.size).reshape((x.size, *shape))]).reshape(shape)
            if np.allclose(g, one_sided, atol=1e-7):
                raise CheckFailure("this is a one-sided difference (f(x+h) - f(x)) / h: its error shrinks like h. "
                                   "Use the central difference, which is far more accurate.")
            raise CheckFailure(f"the numerical gradient is off by up to {error:.2g} on a function whose gradient "
                               "is known (with h = 1e-3 it should be within 1e-5).")
    return "Central differences match the exact gradient to within 1e-5 for h = 1e-3."


# --------------------------------------------------------------------------- 4. relative error
@lab.exercise("relative_error", hints=[
    "Use vector norms: np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b)).",
    "When both a and b are all zeros the error is 0: guard against dividing by zero.",
])
def _check_relative_error(relative_error):
    cases = [(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0])),
             (np.array([100.0, -50.0]), np.array([100.1, -50.0])),
             (np.array([[1e-8, 2e-8]]), np.array([[1.1e-8, 2e-8]])),
             (np.array([1.0, 0.0]), np.array([0.0, 1.0]))]
    for a, b in cases:
        value = expect_number(call_learner(relative_error, a.copy(), b.copy(), what="relative_error(a, b)"),
                              what="the relative error")
        ref = np.linalg.norm(a - b) / (np.linalg.norm(a) + np.linalg.norm(b))
        if np.isclose(value, np.linalg.norm(a - b)) and not np.isclose(value, ref):
            raise CheckFailure("this is the absolute error ||a - b||: divide by ||a|| + ||b|| so that tiny and huge "
                               "gradients are judged on the same scale.")
        expect(np.isclose(value, ref, rtol=1e-6, atol=1e-12),
               "the relative error is not right yet: it should be ||a - b|| / (||a|| + ||b||).")
    zero = call_learner(relative_error, np.zeros(3), np.zeros(3), what="relative_error(zeros, zeros)")
    zero = expect_number(zero, what="relative_error of two zero vectors")
    expect(zero == 0.0, "two zero vectors should have relative error 0.")
    return "Relative errors are right, including for tiny numbers and two zero vectors."


# --------------------------------------------------------------------------- 5. a two-layer network
def _network_case(seed, n=6, hidden=3):
    rng = np.random.default_rng(seed)
    params = {"W1": rng.normal(size=(2, hidden)), "b1": rng.normal(size=hidden),
              "W2": rng.normal(size=(hidden, 1)), "b2": rng.normal(size=1)}
    X = rng.normal(size=(n, 2))
    y = (rng.random(n) > 0.5).astype(float)
    return params, X, y


@lab.exercise("network_backward", hints=[
    'Forward first and keep Z1, A1 and p. Then go backwards from the loss: for a sigmoid output with a mean cross-entropy, the gradient at the output pre-activation has a simple form (chapter 03), divided by n because of the mean.',
    'The output layer is a dense layer like the one of `layer_backward`: its gradients come from dZ2 and A1, and the gradient flowing back to A1 goes through W2. Then through tanh: its derivative is 1 - tanh squared.',
    "The first layer is the same pattern once more, with X as its input. Return a dict with keys 'W1', 'b1', 'W2', 'b2', each gradient with the shape of its parameter.",
])
def _check_network_backward(network_backward):
    for seed in range(3):
        params, X, y = _network_case(seed, n=4 + 3 * seed)
        _, ref = loss_and_grads(params, X, y, "tanh")
        copy = {k: v.copy() for k, v in params.items()}
        grads = call_learner(network_backward, copy, X.copy(), y.copy(), what="network_backward(params, X, y)")
        expect(isinstance(grads, dict), f"network_backward should return a dict of gradients, not a "
                                        f"{type(grads).__name__}.")
        missing = [k for k in ("W1", "b1", "W2", "b2") if k not in grads]
        expect(not missing, f"the gradients dict has no key(s) {missing}.")
        for key in ("W2", "b2", "W1", "b1"):
            mine = expect_array(grads[key], what=f"grads['{key}']")
            if mine.shape != params[key].shape:
                raise CheckFailure(f"grads['{key}'] has shape {mine.shape}; it must have the shape of "
                                   f"params['{key}'], {params[key].shape}.")
            if not np.allclose(mine, ref[key], rtol=1e-6, atol=1e-9):
                if np.allclose(mine, ref[key] * len(y), rtol=1e-6, atol=1e-9):
                    raise CheckFailure(f"grads['{key}'] is n times too large: the loss is the mean over the batch, "
                                       "so divide by n.")
                raise CheckFailure(f"grads['{key}'] has the right shape but not the right values.")
    return "Every gradient of the two-layer network matches (three networks tried)."
