"""The ASL letter models of chapters 07-11, one definition each, for the bench, the tests and chapter 11.

The lectures type these models out (that is what they teach); everything that only *runs* them
(the bench, the tests, chapter 11's field test) imports them from here, and a test keeps the
lectures and these definitions in step.
"""

from __future__ import annotations

import math

import numpy as np

NUM_CLASSES = 24
CNN_WIDTH = 24  # filters of the first block; the next blocks double it
CNN_EPOCHS = 15
CNN_BATCH = 64
CNN_LEARNING_RATE = 3e-3


def as_images(raw: np.ndarray) -> np.ndarray:
    """uint8 images (N, 28, 28) -> float32 (N, 28, 28, 1) in [0, 1]."""
    return raw.reshape(-1, 28, 28, 1).astype("float32") / 255


def dense_network():
    """Chapter 07's 784-512-512-24 network (676,888 parameters)."""
    import keras

    return keras.Sequential([
        keras.Input(shape=(784,)),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(512, activation="relu"),
        keras.layers.Dense(NUM_CLASSES, activation="softmax"),
    ])


def conv_block(filters: int) -> list:
    import keras

    return [keras.layers.Conv2D(filters, 3, padding="same", use_bias=False),
            keras.layers.BatchNormalization(momentum=0.9),
            keras.layers.ReLU(),
            keras.layers.MaxPooling2D(2)]


def letter_cnn(augmentation=None, width: int = CNN_WIDTH):
    """Chapter 09's CNN: three Conv-BatchNorm-ReLU-MaxPool blocks, Dropout, a softmax layer.

    With ``augmentation`` (a layer), chapter 10's model: the same CNN behind the pipeline.
    """
    import keras

    front = [augmentation] if augmentation is not None else []
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        *front,
        *conv_block(width), *conv_block(2 * width), *conv_block(4 * width),
        keras.layers.Flatten(),
        keras.layers.Dropout(0.4),
        keras.layers.Dense(NUM_CLASSES, activation="softmax"),
    ])


def cosine_adam(epochs: int, n_train: int, batch_size: int = CNN_BATCH,
                learning_rate: float = CNN_LEARNING_RATE):
    """Adam whose learning rate falls from ``learning_rate`` to 0 along a cosine over the run."""
    import keras

    steps = epochs * math.ceil(n_train / batch_size)
    return keras.optimizers.Adam(keras.optimizers.schedules.CosineDecay(learning_rate, steps))


def augmentation_pipeline(seed: int | None = None):
    """Chapter 10's pipeline: small shifts of the framing, and strong changes of light."""
    import keras

    L = keras.layers
    return keras.Sequential([
        L.RandomTranslation(0.05, 0.05, fill_mode="nearest", seed=seed),
        L.RandomBrightness(0.3, value_range=(0, 1), seed=seed),
        L.RandomContrast(0.5, value_range=(0, 1), seed=seed),
    ], name="augmentation")


def dli_cnn():
    """The original DLI course's ASL model: Conv 75/50/25 with BatchNorm, MaxPool and Dropout."""
    import keras

    L = keras.layers
    return keras.Sequential([
        keras.Input(shape=(28, 28, 1)),
        L.Conv2D(75, 3, padding="same", activation="relu"), L.BatchNormalization(),
        L.MaxPool2D(2, strides=2, padding="same"),
        L.Conv2D(50, 3, padding="same", activation="relu"), L.Dropout(0.2), L.BatchNormalization(),
        L.MaxPool2D(2, strides=2, padding="same"),
        L.Conv2D(25, 3, padding="same", activation="relu"), L.BatchNormalization(),
        L.MaxPool2D(2, strides=2, padding="same"),
        L.Flatten(), L.Dense(512, activation="relu"), L.Dropout(0.3), L.Dense(NUM_CLASSES, activation="softmax"),
    ])


def train_cnn(x_train, y_train, *, augmentation=None, epochs: int = CNN_EPOCHS, seed: int = 0,
              validation_data=None, verbose=0):
    """Chapter 09's recipe (chapter 10's with ``augmentation``): returns ``(model, history)``.

    Labels are class indices (sparse); images as :func:`as_images` makes them.
    """
    import keras

    keras.utils.set_random_seed(seed)
    model = letter_cnn(augmentation)
    model.compile(optimizer=cosine_adam(epochs, len(x_train)), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    history = model.fit(x_train, y_train, epochs=epochs, batch_size=CNN_BATCH,
                        validation_data=validation_data, verbose=verbose)
    return model, history


def few_per_letter(labels: np.ndarray, per_letter: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Indices of ``per_letter`` random examples of each letter, and of all the others (held out)."""
    rng = np.random.default_rng(seed)
    chosen = np.concatenate([rng.permutation(np.flatnonzero(labels == k))[:per_letter]
                             for k in np.unique(labels)])
    held_out = np.setdiff1d(np.arange(len(labels)), chosen)
    return np.sort(chosen), held_out


def fine_tune(model, x, y, epochs: int = 10, learning_rate: float = 3e-4, seed: int = 0):
    """Go on training a (copy of a) trained model on a few new examples, gently: returns the copy."""
    import keras

    keras.utils.set_random_seed(seed)
    tuned = keras.models.clone_model(model)
    tuned.set_weights(model.get_weights())
    tuned.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    tuned.fit(x, y, epochs=epochs, batch_size=32, verbose=0)
    return tuned


def accuracy(model, x, y) -> float:
    probabilities = model.predict(x, batch_size=512, verbose=0)
    return float(np.mean(np.argmax(probabilities, axis=1) == y))
