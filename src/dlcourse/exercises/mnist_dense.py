"""Lab 06: MNIST with a dense network (data preparation, two models, a trained-model check)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from dlcourse.checking import Lab, call_learner, expect, expect_array, expect_one_hot
from dlcourse.keras_checks import (activation_name, dense_layers, expect_compiled_for_one_hot, expect_model,
                                   expect_not_fitted_on_scored_images, expect_softmax_output,
                                   measured_accuracy)

lab = Lab("06_mnist_dense", "MNIST with a dense network")

# Solution: 512-512-10, Adam, batch 128, early stopping on a 10% validation split (best weights kept).
# Measured test accuracy: 0.975 (seed 42), 0.981 (seed 0). Fixed 3-6 epoch runs without it: 0.973-0.980.
TEST_ACCURACY_TARGET = 0.97


@lru_cache(maxsize=1)
def _mnist():
    from dlcourse.data import load_mnist

    return load_mnist()


# ----------------------------------------------------------------------------- exercises


@lab.exercise("prepare", title="Flatten and scale the images", hints=[
    "Each 28x28 image becomes one row of 784 numbers, and each pixel (0..255) becomes a number "
    "between 0 and 1.",
    "`images.reshape(len(images), -1)` flattens; dividing by the largest possible pixel value scales.",
    "Check the result: shape (N, 784), dtype float32 (cast it), smallest value 0 and largest 1.",
])
def _check_prepare(prepare_images):
    (x_train, _), _ = _mnist()
    sample = x_train[:64].copy()
    result = call_learner(prepare_images, sample, what="prepare_images(images)")
    expect(np.array_equal(sample, x_train[:64]), "prepare_images changed its input array in place; "
           "build a new array instead.")
    array = expect_array(result, what="prepare_images(images)")
    expect(array.ndim == 2 and array.shape == (64, 784),
           f"for 64 images of 28x28, prepare_images returned shape {array.shape}; each image should "
           "become one row of 784 pixels.")
    expect(array.dtype.kind == "f", f"prepare_images returned dtype {array.dtype}; the network needs "
           "floating-point numbers (dividing by 255 gives them).")
    expect(array.max() <= 1.0 and array.min() >= 0.0,
           f"the values go from {array.min():.4g} to {array.max():.4g}; scale the pixels to [0, 1].")
    reference = sample.reshape(64, 784) / 255.0
    expect(np.allclose(array, reference, atol=1e-6),
           "the shape and range are right but the values are not: flatten each image row by row and "
           "divide every pixel by the same number, the largest a pixel can be (not each image's own maximum).")


@lab.exercise("one_hot", title="One-hot labels", hints=[
    "The label 3 becomes a vector of 10 numbers with a single 1 at position 3.",
    "`keras.utils.to_categorical(labels, num_classes)` does it.",
    'Do it for the training labels and the test labels alike, with 10 classes; print the first row to see a single 1.',
])
def _check_one_hot(y_onehot):
    (_, y_train), _ = _mnist()
    expect_one_hot(y_onehot, y_train, 10, "y_train_onehot", "MNIST has 10 classes (the digits 0 to 9).",
                   labels_name="training labels y_train")


@lab.exercise("small_model", title="The 16-16-10 network", hints=[
    "Three Dense layers: 16 units with ReLU, 16 units with ReLU, 10 units with softmax.",
    "Start with `keras.Input(shape=(784,))`, then the three `keras.layers.Dense(...)` layers.",
    "Count: 784*16+16, 16*16+16 and 16*10+10 parameters; `model.summary()` prints them.",
])
def _check_small_model(build_small_model):
    model = expect_model(call_learner(build_small_model, what="build_small_model()"))
    shape = tuple(model.input_shape)
    expect(shape == (None, 784), f"the model takes inputs of shape {shape}; the flattened images have "
           "784 pixels: keras.Input(shape=(784,)).")
    dense = dense_layers(model)
    units = [layer.units for layer in dense]
    expect(len(dense) == 3, f"the model has {len(dense)} Dense layer(s) ({units}); the network has two "
           "hidden layers and an output layer.")
    expect(units[:2] == [16, 16], f"the hidden layers have {units[:2]} units; this small network uses 16 each.")
    expect(all(activation_name(layer) == "relu" for layer in dense[:2]),
           "the hidden layers should use the 'relu' activation.")
    expect_softmax_output(model, 10)
    count = model.count_params()
    expect(count == 784 * 16 + 16 + 16 * 16 + 16 + 16 * 10 + 10,
           f"the model has {count:,} parameters, not the number the lecture's summary shows: "
           "look for an extra layer or a missing bias.")


@lab.exercise("big_model", title="The 512-512-10 network, compiled", hints=[
    "Same recipe as the small network with 512 units per hidden layer.",
    "Compile with `optimizer='adam'`, `loss='categorical_crossentropy'` and `metrics=['accuracy']`.",
])
def _check_big_model(build_model):
    model = expect_model(call_learner(build_model, what="build_model()"))
    shape = tuple(model.input_shape)
    expect(shape == (None, 784), f"the model takes inputs of shape {shape}; expected flattened 784-pixel images.")
    units = [layer.units for layer in dense_layers(model)]
    expect(len(units) >= 3 and units[:2] == [512, 512],
           f"the Dense layers have {units} units; this network has two hidden layers of 512 units.")
    hidden = [activation_name(layer) for layer in dense_layers(model)[:-1]]
    expect(all(name == "relu" for name in hidden),
           f"the hidden layers use {hidden} activations; the task asks for ReLU hidden layers.")
    expect_softmax_output(model, 10)
    expect_compiled_for_one_hot(model)
    optimizer = type(model.optimizer).__name__
    expect(optimizer == "Adam", f"the model is compiled with {optimizer}; the task asks for Adam.")
    metrics = (model.get_compile_config() or {}).get("metrics") or []
    names = {str(getattr(m, "name", m)).lower() for m in (metrics if isinstance(metrics, (list, tuple)) else [metrics])}
    expect(names & {"accuracy", "acc", "categorical_accuracy"},
           "compile the model with metrics=['accuracy'], so that fit reports the accuracy each epoch.")


@lab.exercise("train", title="Train to 97% test accuracy", hints=[
    "Fit on the prepared training images and one-hot labels: "
    "`model.fit(x_train, y_train_onehot, epochs=5, batch_size=128, validation_split=0.1, verbose=2)`.",
    "Below target? Check the scaling to [0, 1] and use Adam. Test accuracy wobbles from epoch to epoch: "
    "`keras.callbacks.EarlyStopping(monitor='val_accuracy', patience=2, restore_best_weights=True)` "
    "keeps the best epoch.",
])
def _check_train(model):
    model = expect_model(model, "the trained model")
    expect_softmax_output(model, 10, "the trained model")
    (x_train, y_train), (x_test, y_test) = _mnist()
    accuracy = measured_accuracy(model, x_test, y_test)
    expect(accuracy >= TEST_ACCURACY_TARGET,
           f"test accuracy measured {accuracy:.4f} (target {TEST_ACCURACY_TARGET}): train longer, or check "
           "the data preparation and the model.")
    expect_not_fitted_on_scored_images(model, accuracy, x_train, y_train, "test images", "training images")
    return f"Test accuracy measured {accuracy:.4f} (target {TEST_ACCURACY_TARGET}) on {len(y_test):,} test images."
