"""The checking layer's checks for Keras models and image tensors.

The labs' check functions share these: is it a built Keras model, what are its Dense layers and
activations, does it end in a softmax over the classes, is it compiled for one-hot labels, what
does it predict and how accurate is it, and is an array a batch of scaled 28x28 grey images.

Keras is imported inside the functions that need it, so that this module (like
:mod:`dlcourse.checking`, which does not import it) loads without TensorFlow.
"""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, call_learner, expect, expect_array


def expect_model(model, what: str = "your model", advice: str | None = None, *, built: bool = True):
    """Fail unless ``model`` is a Keras model (and, with ``built``, knows its input shape); return it.

    ``what`` names the value in the messages. ``advice`` replaces the default hint for a value that
    is not a model, which suits a function that builds one (for a trained model handed to a check,
    say "pass your trained Keras model"). ``built=False`` accepts a model that Keras builds on its
    first call.
    """
    try:
        import keras
    except ImportError:  # pragma: no cover - the course always has Keras
        raise CheckFailure("Keras is not installed in this environment.")
    if model is None:
        raise CheckFailure(f"{what} is None, not a Keras model: "
                           + (f"{advice}." if advice else "did the function forget to `return` the model?"))
    if not isinstance(model, keras.Model):
        raise CheckFailure(f"{what} is a {type(model).__name__}, not a Keras model "
                           f"({advice or 'build one with keras.Sequential([...])'}).")
    if built:
        try:
            model.input_shape, model.output_shape
        except Exception:
            raise CheckFailure(f"{what} is not built yet: start it with keras.Input(shape=...) "
                               "so that Keras knows the input size.")
    return model


def dense_layers(model):
    """The Dense layers of ``model``, in order (not looking inside nested models)."""
    import keras

    return [layer for layer in model.layers if isinstance(layer, keras.layers.Dense)]


def activation_name(layer) -> str:
    """The name of ``layer``'s activation function ('relu', 'softmax', 'linear', ...)."""
    activation = getattr(layer, "activation", None)
    return getattr(activation, "__name__", str(activation))


def expect_softmax_output(model, classes: int, what: str = "your model"):
    """Fail unless ``model`` outputs (N, ``classes``) from a last layer with the softmax activation."""
    shape = tuple(model.output_shape)
    expect(len(shape) == 2 and shape[-1] == classes,
           f"{what} outputs shape {shape}; the last layer needs one unit per class ({classes} classes).")
    last = model.layers[-1] if model.layers else None
    name = activation_name(last) if last is not None else ""
    expect(name == "softmax",
           f"the last layer of {what} uses the '{name}' activation; class probabilities that sum to 1 "
           "need 'softmax'.")


def expect_compiled_for_one_hot(model, what: str = "your model"):
    """Fail unless ``model`` is compiled with (non-sparse) categorical cross-entropy."""
    expect(getattr(model, "optimizer", None) is not None and getattr(model, "compiled", True),
           f"{what} is not compiled: call model.compile(optimizer=..., loss=..., metrics=['accuracy']).")
    loss = getattr(model, "loss", None)
    name = loss if isinstance(loss, str) else getattr(loss, "name", None) or getattr(loss, "__name__", "")
    name = str(name).lower()
    expect("sparse" not in name,
           f"{what} is compiled with a sparse loss, which wants class numbers; the labels here are "
           "one-hot vectors.")
    expect("categorical" in name and "crossentropy" in name,
           f"{what} is compiled with the loss {name or loss!r}; a softmax classifier trained on one-hot "
           "labels uses categorical cross-entropy.")


def predicted_classes(model, images01: np.ndarray) -> np.ndarray:
    """Class predictions for images scaled to [0, 1], reshaped to whatever input the model takes."""
    shape = tuple(model.input_shape)
    wanted = tuple(d for d in shape[1:])
    if None in wanted or int(np.prod(wanted)) != 784:
        raise CheckFailure(f"your model takes inputs of shape {shape}; these images have 784 pixels.")
    x = images01.reshape((len(images01),) + wanted).astype("float32")
    probabilities = np.asarray(model.predict(x, batch_size=1024, verbose=0))
    if probabilities.ndim != 2:
        raise CheckFailure(f"your model's predictions have shape {probabilities.shape}; expected (N, classes).")
    return probabilities.argmax(axis=1)


def measured_accuracy(model, images_uint8: np.ndarray, labels: np.ndarray) -> float:
    """The accuracy of ``model`` on 28x28 images with pixels 0..255 (scaled here to [0, 1])."""
    images01 = images_uint8.reshape(len(images_uint8), -1).astype("float32") / 255.0
    return float(np.mean(predicted_classes(model, images01) == labels))


def sentence_accuracy(model, ids, labels) -> float:
    """Accuracy of a one-probability-per-sentence ``model`` on token ``ids`` (threshold 0.5)."""
    probs = call_learner(model.predict, ids, verbose=0, what="model.predict")
    probs = expect_array(probs, what="the model's predictions").reshape(-1)
    expect(probs.size == len(labels), f"{len(labels)} sentences gave {probs.size} predictions; "
                                      "expected one probability per sentence.")
    return float(np.mean((probs > 0.5) == labels))


FITTED_ON_SCORED_MARGIN = 0.01
SEEN_SAMPLE = 5000


def expect_not_fitted_on_scored_images(model, scored_accuracy: float, seen_images: np.ndarray,
                                       seen_labels: np.ndarray, scored: str, seen: str) -> None:
    """Fail when ``model`` does better on the images it is graded on than on its training images.

    An honest model scores at least as well on what it was trained on; one fitted on the graded
    images (measured: lab 06 fitted on x_test, 0.9967 there, about 0.97 on x_train) does not.
    """
    seen_accuracy = measured_accuracy(model, seen_images[:SEEN_SAMPLE], seen_labels[:SEEN_SAMPLE])
    expect(scored_accuracy <= seen_accuracy + FITTED_ON_SCORED_MARGIN,
           f"your model scores higher on the {scored} ({scored_accuracy:.4f}) than on the {seen} it was "
           f"trained on ({seen_accuracy:.4f} on {min(SEEN_SAMPLE, len(seen_labels)):,} of them): was it fitted on "
           f"the {scored}? They grade what the model learned from the {seen}; train on those only.")


def expect_image_tensor(value, raw: np.ndarray, what: str) -> np.ndarray:
    """Fail unless ``value`` is ``raw`` (28x28 images, pixels 0..255) as floats (N, 28, 28, 1) in [0, 1]."""
    array = expect_array(value, what=what)
    n = len(raw)
    expect(array.ndim == 4, f"{what} has shape {array.shape}; convolution layers want 4 dimensions: "
           "(images, height, width, channels).")
    expect(array.shape == (n, 28, 28, 1), f"{what} has shape {array.shape}; expected ({n}, 28, 28, 1): "
           "28x28 pixels with one grey channel, last.")
    expect(array.dtype.kind == "f", f"{what} has dtype {array.dtype}; scale to floating-point numbers.")
    expect(array.min() >= 0.0 and array.max() <= 1.0,
           f"{what} has values from {array.min():.4g} to {array.max():.4g}; scale the pixels to [0, 1].")
    expect(np.allclose(array.reshape(n, 784), raw.reshape(n, 784) / 255.0, atol=1e-6),
           f"{what} has the right shape and range but not the right values: keep the pixels in "
           "their order (reshape, do not transpose) and divide by 255.")
    return array
