"""Lab 05: optimizer updates, early stopping, and reading learning curves."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array, expect_number
from dlcourse.reference import adam_update, momentum_update

lab = Lab("05_training_well", "Training well")

DIAGNOSES = ("underfitting", "overfitting", "good fit")


def _pair(answer, names, what):
    expect(isinstance(answer, (tuple, list)) and len(answer) == len(names),
           f"{what} should return a tuple of {len(names)} arrays ({', '.join(names)}).")
    return [expect_array(a, what=n) for a, n in zip(answer, names)]


# --------------------------------------------------------------------------- 1. momentum
@lab.exercise("momentum_step", hints=[
    "The velocity remembers past steps: new velocity = beta * old velocity - lr * gradient.",
    "Then move the weights by the new velocity: w_new = w + v_new. Return (w_new, v_new).",
])
def _check_momentum_step(momentum_step):
    rng = np.random.default_rng(1)
    w, v = rng.normal(size=3), np.zeros(3)
    ref_w, ref_v = w.copy(), v.copy()
    for step in range(4):
        g = rng.normal(size=3)
        answer = call_learner(momentum_step, w.copy(), g.copy(), v.copy(), 0.1, 0.9,
                              what="momentum_step(w, grad, velocity, lr, beta)")
        w_new, v_new = _pair(answer, ("w", "velocity"), "momentum_step")
        ref_w, ref_v = momentum_update(ref_w, g, ref_v, 0.1, 0.9)
        expect(w_new.shape == w.shape and v_new.shape == v.shape,
               f"w and velocity should keep the shape of the inputs, {w.shape}.")
        if np.allclose(w_new, ref_w) and np.allclose(v_new, -ref_v) and not np.allclose(v_new, ref_v):
            raise CheckFailure("your steps are right, but your velocity has the opposite sign (v = beta*v + lr*g, "
                               "w = w - v). This lab's convention is v = beta*v - lr*grad and w = w + v: "
                               "return that velocity.")
        if np.allclose(w_new, w - 0.1 * g) and not (np.allclose(w_new, ref_w) and np.allclose(v_new, ref_v)):
            raise CheckFailure("this is plain SGD: the old velocity (times beta) must carry over into the step.")
        if np.allclose(w_new, w - (0.9 * v - 0.1 * g)) and not np.allclose(w_new, ref_w):
            raise CheckFailure("the step goes the wrong way: with v = beta*v - lr*g the update is w + v.")
        if not np.allclose(v_new, ref_v, rtol=1e-7, atol=1e-10):
            raise CheckFailure(f"the velocity is not right at step {step + 1}: v = beta * v - lr * grad.")
        if not np.allclose(w_new, ref_w, rtol=1e-7, atol=1e-10):
            raise CheckFailure(f"the velocity is right but the weights are not at step {step + 1}: w = w + v.")
        w, v = w_new, v_new
    return "Four momentum steps in a row match."


# --------------------------------------------------------------------------- 2. Adam
@lab.exercise("adam_step", hints=[
    'Adam keeps two running averages: one of the gradient (weighted by beta1) and one of the squared gradient (weighted by beta2), each mixing the old value with the new one.',
    'Both averages start at 0, so early on they are too small: divide each by one minus its beta to the power t (the step number, starting at 1).',
    'The step divides the corrected first average by the square root of the corrected second one (plus eps). Return (w, m, v) with m and v uncorrected, since the next step continues from them.',
])
def _check_adam_step(adam_step):
    rng = np.random.default_rng(2)
    w, m, v = rng.normal(size=4), np.zeros(4), np.zeros(4)
    rw, rm, rv = w.copy(), m.copy(), v.copy()
    for t in range(1, 5):
        g = rng.normal(size=4) * 10.0 ** (-t)
        answer = call_learner(adam_step, w.copy(), g.copy(), m.copy(), v.copy(), t, 0.01,
                              what="adam_step(w, grad, m, v, t, lr)")
        w_new, m_new, v_new = _pair(answer, ("w", "m", "v"), "adam_step")
        rw_prev = rw
        rw, rm, rv = adam_update(rw, g, rm, rv, t, 0.01)
        if not np.allclose(m_new, rm, rtol=1e-7, atol=1e-12):
            raise CheckFailure(f"m (the average of the gradients) is not right at step t={t}.")
        if not np.allclose(v_new, rv, rtol=1e-7, atol=1e-16):
            raise CheckFailure(f"v (the average of the squared gradients) is not right at step t={t}.")
        if not np.allclose(w_new, rw, rtol=1e-6, atol=1e-9):
            no_bias = rw_prev - 0.01 * rm / (np.sqrt(rv) + 1e-7)
            if np.allclose(w_new, no_bias, rtol=1e-6, atol=1e-9):
                raise CheckFailure("the step is missing the bias correction m / (1 - beta1**t) and "
                                   "v / (1 - beta2**t).")
            raise CheckFailure(f"m and v are right but the new weights are not at step t={t}.")
        w, m, v = w_new, m_new, v_new
    return "Four Adam steps match, with gradients from 0.1 down to 0.0001 (Adam's steps stay about lr)."


# --------------------------------------------------------------------------- 3. early stopping
@lab.exercise("early_stopping", hints=[
    "keras.callbacks.EarlyStopping(monitor='val_loss', patience=..., restore_best_weights=True).",
    "Pass the callback to fit: model.fit(..., validation_data=(x_val, y_val), callbacks=[early_stop]).",
    "If training never stops early, raise epochs: the model must overfit before patience runs out.",
])
def _check_early_stopping(callback, model, history, x_val, y_val):
    import keras

    from dlcourse.keras_checks import expect_model

    expect(isinstance(callback, keras.callbacks.EarlyStopping),
           f"early_stop should be a keras.callbacks.EarlyStopping, not a {type(callback).__name__}.")
    expect(callback.monitor == "val_loss",
           f"the callback monitors {callback.monitor!r}: watch the validation loss, 'val_loss'.")
    expect(2 <= callback.patience <= 20, f"patience is {callback.patience}: choose between 2 and 20 epochs.")
    expect(callback.restore_best_weights is True,
           "restore_best_weights is off: without it the model keeps the last epoch's weights, not the best.")
    expect_model(model, "model", "pass the model you trained", built=False)
    expect(isinstance(history, keras.callbacks.History) and history.history,
           "history should be what model.fit(...) returned: has the model been trained?")
    expect("val_loss" in history.history,
           "history has no 'val_loss': give fit validation_data=(x_val, y_val).")
    val_losses = np.asarray(history.history["val_loss"], dtype=float)
    expect(callback.stopped_epoch > 0,
           f"training ran all {len(val_losses)} epochs without stopping early: pass the callback to fit and "
           "train for more epochs.")
    best = float(val_losses.min())
    result = model.evaluate(x_val, y_val, verbose=0)
    measured = expect_number(result[0] if isinstance(result, (list, tuple)) else result,
                             what="the model's validation loss")
    expect(np.isclose(measured, best, rtol=1e-3, atol=1e-6),
           f"the model's validation loss now is {measured:.4f}, not the best epoch's {best:.4f}: "
           "did it keep the best weights (restore_best_weights=True, and is this the model that was fitted)?")
    return (f"stopped after epoch {len(val_losses)}, kept epoch {int(np.argmin(val_losses)) + 1}; "
            f"validation loss measured {measured:.4f}")


# --------------------------------------------------------------------------- 4. diagnosis
def diagnosis_curves(epochs: int = 40) -> dict:
    """Three (train_loss, val_loss) histories, named 'A', 'B', 'C', for the diagnosis exercise."""
    rng = np.random.default_rng(5)
    e = np.arange(epochs)
    curves = {
        # training loss keeps falling, validation turns up after epoch ~10
        "A": (0.05 + 0.9 * np.exp(-e / 6), 0.35 + 0.6 * np.exp(-e / 6) + 0.012 * np.maximum(0, e - 10)),
        # both high and flat: the model is too simple
        "B": (0.62 + 0.3 * np.exp(-e / 3), 0.64 + 0.3 * np.exp(-e / 3)),
        # both low and close together
        "C": (0.12 + 0.8 * np.exp(-e / 6), 0.16 + 0.8 * np.exp(-e / 6)),
    }
    return {k: (t + rng.normal(0, 0.005, epochs), v + rng.normal(0, 0.01, epochs)) for k, (t, v) in curves.items()}


def _diagnosis_answers() -> dict:
    # The label of each curve, derived from the curves rather than stored: gap and level at the end.
    answers = {}
    for name, (train, val) in diagnosis_curves().items():
        if train[-5:].mean() > 0.4:
            answers[name] = "underfitting"
        elif val[-5:].mean() - val.min() > 0.1:
            answers[name] = "overfitting"
        else:
            answers[name] = "good fit"
    return answers


@lab.exercise("diagnose", hints=[
    "Look at the end of each plot: how high is the training loss, and how far is validation above it?",
    "Underfitting: both losses stay high. Overfitting: training keeps falling while validation turns up.",
    "A good fit: both low, close together, and validation does not rise.",
])
def _check_diagnose(answers):
    expect(isinstance(answers, dict), f"answer with a dict like {{'A': '...', 'B': '...', 'C': '...'}}, "
                                      f"not a {type(answers).__name__}.")
    keys = sorted(answers)
    expect(keys == ["A", "B", "C"], f"the dict should have exactly the keys 'A', 'B', 'C'; it has {keys}.")
    for key, label in answers.items():
        expect(isinstance(label, str) and label.strip().lower() in DIAGNOSES,
               f"the answer for {key} is {label!r}; use one of {', '.join(repr(d) for d in DIAGNOSES)}.")
    truth = _diagnosis_answers()
    wrong = [k for k in keys if answers[k].strip().lower() != truth[k]]
    if wrong:
        raise CheckFailure(f"{len(wrong)} of 3 diagnoses are not right yet (curve {', '.join(wrong)}). "
                           "Compare the level of the training loss and the gap to the validation loss.")
    return "All three curves are diagnosed correctly."
