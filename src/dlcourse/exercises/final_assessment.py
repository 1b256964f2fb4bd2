"""Lab 20: the final assessment, an end-to-end Fashion-MNIST classifier graded on held-out images.

The five graded steps: prepare the data, build an augmentation pipeline, build a CNN, train it,
and the final check, which loads the last 2,000 Fashion-MNIST test images itself (the learner
never trains or validates on them) and measures the model's accuracy on them.
"""

from __future__ import annotations

import numpy as np

# The targets, with the values they were set from, are public: the lecture announces them.
from dlcourse.assessment_targets import FINAL_TARGET, HELD_OUT, MAX_PARAMETERS, NUM_CLASSES, TRAIN_TARGET
from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array
from dlcourse.exercises.data_augmentation import check_pipeline
from dlcourse.keras_checks import expect_model

lab = Lab("20_final_assessment", "Final assessment: Fashion-MNIST")

GEOMETRIC = ("RandomRotation", "RandomZoom", "RandomTranslation", "RandomPerspective", "RandomFlip",
             "RandomShear", "RandomCrop")
REQUIRED_LAYERS = {
    "Conv2D": "a Conv2D layer (the convolutions that find edges and textures)",
    "BatchNormalization": "a BatchNormalization layer (it steadies training)",
    "MaxPooling2D": "a MaxPooling2D layer (it shrinks the feature maps)",
    "Dropout": "a Dropout layer (it fights overfitting)",
}


def all_layers(model) -> list:
    """Every layer inside ``model``, nested Sequential models and pipelines included."""
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        if hasattr(layer, "layers"):
            found.extend(all_layers(layer))
    return found


def augmentation_layers(model) -> list:
    return [layer for layer in all_layers(model) if type(layer).__name__.startswith("Random")]


def reference_prepare(images: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """What ``prepare`` should do: (N, 28, 28, 1) float32 in [0, 1], and one-hot labels."""
    x = images.reshape(-1, 28, 28, 1).astype("float32") / 255
    y = np.eye(NUM_CLASSES, dtype="float32")[labels]
    return x, y


def _fashion_sample(n: int = 500):
    from dlcourse.data import load_fashion_mnist

    (x_train, y_train), _ = load_fashion_mnist()
    return x_train[:n], y_train[:n]


def held_out_set():
    """The graded images: the last 2,000 of the Fashion-MNIST test set, prepared by the reference."""
    from dlcourse.data import load_fashion_mnist

    _, (x_test, y_test) = load_fashion_mnist()
    x, _ = reference_prepare(x_test[-HELD_OUT:], y_test[-HELD_OUT:])
    return x, np.asarray(y_test[-HELD_OUT:], dtype="int64")


# ----------------------------------------------------------------------------- step 1


@lab.exercise("prepare_data", title="Step 1: prepare the data", hints=[
    "Two things: images become float32 of shape (N, 28, 28, 1) with values in [0, 1]; labels "
    "become one-hot rows of length 10.",
    "`images[..., None]` (or `images.reshape(-1, 28, 28, 1)`) adds the channel axis; "
    "`.astype(\"float32\") / 255` scales the pixels.",
    "`keras.utils.to_categorical(labels, 10)` turns the labels 0..9 into one-hot rows.",
])
def _check_prepare_data(prepare):
    images, labels = _fashion_sample()
    result = call_learner(prepare, images.copy(), labels.copy(), what="prepare(images, labels)")
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise CheckFailure(f"prepare(images, labels) returned a {type(result).__name__}; return a pair "
                           "`x, y` (the images, then the labels).")
    x, y = result
    n = len(images)
    x = expect_array(x, what="the prepared images x", dtype_kind="f")
    expect(x.shape == (n, 28, 28, 1),
           f"the prepared images have shape {x.shape}; a CNN wants (N, 28, 28, 1): "
           "28x28 pixels and one grey channel. Do not flatten them.")
    expect(x.max() > 0.05, f"the largest pixel is {x.max():.4g}: did you divide by 255 twice?")
    expect(x.min() >= 0 and x.max() <= 1,
           f"the prepared pixels range from {x.min():.4g} to {x.max():.4g}; scale them to [0, 1] "
           "by dividing by 255.")
    ref_x, ref_y = reference_prepare(images, labels)
    expect(np.allclose(x, ref_x, atol=1e-3),
           "the prepared images have the right shape and range but not the right values: keep the "
           "images in their order and divide every pixel by 255 (no shuffling, no other scaling).")
    y = expect_array(y, what="the prepared labels y")
    if y.ndim == 1:
        raise CheckFailure(f"the labels have shape {y.shape}: they are still class numbers. One-hot "
                           "encode them into rows of 10 values.")
    expect(y.shape == (n, NUM_CLASSES),
           f"the prepared labels have shape {y.shape}; expected one row of {NUM_CLASSES} values per image.")
    expect(np.all((y == 0) | (y == 1)) and np.allclose(y.sum(axis=1), 1),
           "each label row should hold a single 1 and nine 0s (one-hot).")
    expect(np.array_equal(y.argmax(axis=1), labels),
           "the 1 of each one-hot row is not at the image's class number: keep labels in the same "
           "order as the images.")
    return f"x {x.shape} in [0, 1], y {y.shape} one-hot."


# ----------------------------------------------------------------------------- step 2


@lab.exercise("build_augmentation", title="Step 2: an augmentation pipeline", hints=[
    "Return `keras.Sequential([...])` of at least two preprocessing layers such as "
    "`keras.layers.RandomTranslation`, `RandomZoom`, `RandomRotation`.",
    "Keep it mild for 28x28 clothes: shifts and zooms of 5-10 %, rotations of a few degrees. "
    "Every item in Fashion-MNIST is upright: no vertical flip.",
    "The background is black (0): `fill_mode=\"constant\"` fills the uncovered border with 0.",
])
def _check_build_augmentation(build_augmentation):
    batch, _ = reference_prepare(*_fashion_sample(16))
    return check_pipeline(build_augmentation, batch, min_layers=2,
                          why_geometric=": clothes are not always centred",
                          upright="every Fashion-MNIST item is upright, so upside-down trousers would "
                                  "teach the model images it will never see.")


# ----------------------------------------------------------------------------- step 3


def _loss_name(loss) -> str:
    if loss is None:
        return ""
    if isinstance(loss, str):
        return loss.lower()
    name = getattr(loss, "name", None) or getattr(loss, "__name__", None) or type(loss).__name__
    return str(name).lower()


@lab.exercise("build_model", title="Step 3: the CNN", hints=[
    "Start with `keras.Input(shape=(28, 28, 1))`, then your augmentation pipeline, then blocks of "
    "Conv2D -> BatchNormalization -> MaxPooling2D, then Flatten, Dropout, Dense layers.",
    "The last layer is `keras.layers.Dense(10, activation=\"softmax\")`: one probability per class.",
    'Compile inside build_model with Adam, the cross-entropy that matches one-hot labels, and the accuracy metric.',
])
def _check_build_model(build_model):
    model = expect_model(call_learner(build_model, what="build_model()"), "build_model()'s result",
                         "return a keras.Model, for example a keras.Sequential", built=False)
    try:
        input_shape = tuple(model.input_shape)
    except Exception:
        raise CheckFailure("the model has no input shape: start it with keras.Input(shape=(28, 28, 1)).")
    expect(input_shape[1:] == (28, 28, 1),
           f"the model's input shape is {input_shape}; it should take images of shape (28, 28, 1).")
    names = {type(layer).__name__ for layer in all_layers(model)}
    for layer_name, description in REQUIRED_LAYERS.items():
        expect(layer_name in names, f"the model has no {layer_name}: add {description}.")
    expect(augmentation_layers(model), "the model has no augmentation layers: put your pipeline from "
                                       "step 2 right after the input.")
    expect(model.count_params() <= MAX_PARAMETERS,
           f"the model has {model.count_params():,} parameters; keep it under {MAX_PARAMETERS:,} so it "
           "trains in minutes on a CPU (fewer filters, or another pooling layer before Flatten).")
    batch, _ = reference_prepare(*_fashion_sample(8))
    try:
        output = np.asarray(model(batch, training=False))
    except Exception as error:
        raise CheckFailure(f"the model fails on a batch of shape {batch.shape}: {type(error).__name__}: {error}")
    expect(output.shape == (8, NUM_CLASSES),
           f"the model outputs shape {output.shape} for 8 images; it needs {NUM_CLASSES} outputs, one per class.")
    expect(np.all(output >= 0) and np.allclose(output.sum(axis=1), 1, atol=1e-3),
           "the outputs are not probabilities: give the last layer activation=\"softmax\".")
    expect(getattr(model, "optimizer", None) is not None and getattr(model, "loss", None) is not None,
           "the model is not compiled: call model.compile(...) inside build_model().")
    loss = _loss_name(model.loss)
    expect("sparse" not in loss, "the loss is sparse categorical cross-entropy, which wants class numbers; "
                                 "our labels are one-hot, so use \"categorical_crossentropy\".")
    expect("categorical" in loss and "crossentropy" in loss.replace("_", ""),
           f"the loss is {loss or 'unknown'}; a 10-class softmax with one-hot labels wants "
           "\"categorical_crossentropy\".")
    return f"{len(all_layers(model))} layers, {model.count_params():,} parameters."


# ----------------------------------------------------------------------------- step 4


@lab.exercise("train", title="Step 4: train", hints=[
    "Build a fresh model, then `fit` it on the training arrays with the validation arrays as `validation_data` and `verbose=2`; the lecture's tips give a budget of epochs and batch size that fits in a few minutes.",
    "The check reads `history.history[\"val_accuracy\"]`: compile with metrics=[\"accuracy\"] and pass "
    "validation_data to fit.",
    "Below the target? Train a few more epochs, make the augmentation milder, or use a learning rate "
    "of about 1e-3 with Adam.",
])
def _check_train(history):
    record = getattr(history, "history", history)
    if not isinstance(record, dict):
        raise CheckFailure(f"expected the History that model.fit returns, got {type(history).__name__}.")
    expect("accuracy" in record, "the history has no 'accuracy': compile the model with metrics=[\"accuracy\"].")
    expect("val_accuracy" in record, "the history has no 'val_accuracy': pass validation_data=(x_valid, y_valid) "
                                     "to model.fit.")
    values = expect_array(record["val_accuracy"], ndim=1, what="history['val_accuracy']")
    expect(values.size >= 1, "the history is empty: did training run for at least one epoch?")
    final = float(values[-1])
    expect(final >= TRAIN_TARGET, f"the last validation accuracy is measured {final:.4f} (target "
                                  f"{TRAIN_TARGET}): train longer or make the augmentation milder.")
    return f"{values.size} epochs, last validation accuracy measured {final:.4f} (target {TRAIN_TARGET})."


# ----------------------------------------------------------------------------- step 5


@lab.exercise("final_assessment", title="Step 5: the graded check on held-out images", hints=[
    "Pass the trained model itself: `lab.check(\"final_assessment\", model)`.",
    "The check prepares the held-out images like step 1 does (float32, (N, 28, 28, 1), in [0, 1]): "
    "your model must expect exactly that input.",
    "Below the target? More epochs, a second Conv block, or milder augmentation usually help; never "
    "train on the Fashion-MNIST test set.",
])
def _check_final_assessment(model):
    expect_model(model, "the model", "pass your trained Keras model", built=False)
    x, labels = held_out_set()
    try:
        probabilities = np.asarray(model.predict(x, batch_size=500, verbose=0))
    except Exception as error:
        raise CheckFailure(f"the model cannot predict on images of shape (N, 28, 28, 1): "
                           f"{type(error).__name__}: {error}")
    expect(probabilities.ndim == 2 and probabilities.shape == (len(x), NUM_CLASSES),
           f"the model outputs shape {probabilities.shape} for {len(x)} images; it needs {NUM_CLASSES} "
           "outputs per image.")
    accuracy = float(np.mean(probabilities.argmax(axis=1) == labels))
    expect(accuracy >= FINAL_TARGET,
           f"accuracy on the {HELD_OUT:,} held-out images measured {accuracy:.4f} (target {FINAL_TARGET}): "
           "train longer, make the augmentation milder, or check that the model was trained on images "
           "prepared like step 1.")
    return f"accuracy on the {HELD_OUT:,} held-out images measured {accuracy:.4f} (target {FINAL_TARGET}). Passed!"
