"""Lab 08: padding, convolution and max pooling in NumPy, matched against Keras."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array, expect_number

lab = Lab("08_convolutions", "Convolutions by hand")

SEED_IMAGE = np.array([
    [0, 8, 10, 2, 4, 23, 32, 0],
    [1, 3, 11, 7, 56, 21, 45, 1],
    [4, 5, 9, 23, 34, 56, 75, 2],
    [3, 8, 12, 78, 17, 42, 22, 4],
    [6, 56, 23, 13, 34, 46, 23, 75],
    [11, 23, 45, 44, 78, 9, 9, 56],
    [43, 7, 9, 35, 7, 0, 11, 12],
])
SEED_KERNEL = np.array([[-1, 0, 1], [-1, 0, 1], [-1, 0, 1]])
BINARY_IMAGE = np.array([
    [1, 0, 1, 1, 0, 1],
    [0, 1, 0, 0, 1, 0],
    [0, 1, 1, 1, 1, 0],
    [0, 1, 1, 1, 1, 0],
    [1, 0, 1, 1, 0, 1],
    [1, 1, 0, 0, 1, 1],
])


def _keras_conv(image: np.ndarray, kernel: np.ndarray, stride: int) -> np.ndarray:
    import keras

    x = np.asarray(image, dtype="float32")[None, :, :, None]
    w = np.asarray(kernel, dtype="float32")[:, :, None, None]
    return np.asarray(keras.ops.conv(x, w, strides=stride, padding="valid"))[0, :, :, 0]


def _keras_pool(x: np.ndarray, size: int, stride: int) -> np.ndarray:
    import keras

    layer = keras.layers.MaxPooling2D(pool_size=size, strides=stride, padding="valid")
    return np.asarray(layer(np.asarray(x, dtype="float32")[None, :, :, None]))[0, :, :, 0]


# ----------------------------------------------------------------------------- padding


@lab.exercise("pad_image", title="Zero and mirror padding", hints=[
    "Add `size` rows above and below and `size` columns left and right; the result is "
    "(height + 2*size) x (width + 2*size).",
    "`np.pad(image, size, mode=...)` does both: 'constant' fills with zeros; for the mirror, "
    "the border pixel itself is repeated (look at the slide: the first padded row equals the first row).",
    "The mirror that repeats the edge is NumPy's mode='symmetric' (mode='reflect' skips the edge pixel).",
])
def _check_pad_image(pad_image):
    cases = [(BINARY_IMAGE, 1), (SEED_IMAGE, 1), (np.arange(20).reshape(4, 5), 2)]
    for mode, numpy_mode in (("zero", "constant"), ("mirror", "symmetric")):
        for image, size in cases:
            result = call_learner(pad_image, image.copy(), size, mode, what=f"pad_image(image, {size}, {mode!r})")
            wanted_shape = (image.shape[0] + 2 * size, image.shape[1] + 2 * size)
            got = expect_array(result, shape=wanted_shape, what=f"pad_image(image, {size}, {mode!r})")
            if np.array_equal(got, np.pad(image, size, mode=numpy_mode)):
                continue
            if mode == "mirror" and np.array_equal(got, np.pad(image, size, mode="reflect")):
                raise CheckFailure("your mirror padding skips the border pixel (NumPy's 'reflect'); on the "
                                   "slide the border pixel is repeated, so the first padded row equals row 0.")
            if mode == "mirror" and np.array_equal(got, np.pad(image, size, mode="edge")):
                raise CheckFailure("your mirror padding copies the edge pixel outwards ('edge'); a mirror "
                                   "reflects the image, so with size 2 the outer row is row 1, not row 0 again.")
            if not np.array_equal(got[size:-size, size:-size], image):
                raise CheckFailure(f"with mode {mode!r} the middle of the padded image is no longer the "
                                   "original image: put the image in the centre.")
            raise CheckFailure(f"the border added by mode {mode!r} has the wrong values (size {size}).")
    return "zero and mirror padding match np.pad."


# ----------------------------------------------------------------------------- convolution


@lab.exercise("conv2d", title="Convolution with a stride", hints=[
    "Output size: (H - kh) // stride + 1 rows and (W - kw) // stride + 1 columns.",
    "Output pixel (i, j) is `np.sum(image[i*stride : i*stride+kh, j*stride : j*stride+kw] * kernel)`.",
    "Do not flip the kernel: deep-learning 'convolution' is a cross-correlation. "
    "The seed example gives 25 in the top-left corner.",
])
def _check_conv2d(conv2d):
    out = call_learner(conv2d, SEED_IMAGE.copy(), SEED_KERNEL.copy(), 1, what="conv2d(seed image, [-1 0 1] kernel)")
    got = expect_array(out, shape=(5, 6), what="conv2d of the 7x8 image with a 3x3 kernel")
    flipped = _keras_conv(SEED_IMAGE, SEED_KERNEL[::-1, ::-1], 1)
    if np.allclose(got, flipped) and not np.allclose(got, _keras_conv(SEED_IMAGE, SEED_KERNEL, 1)):
        raise CheckFailure("your result is the kernel flipped (mathematical convolution); deep-learning "
                           "layers slide the kernel as it is: the top-left value should be 25 here.")
    expect(np.allclose(got, _keras_conv(SEED_IMAGE, SEED_KERNEL, 1)),
           "the 5x6 map of the seed example has wrong values: the top-left one should be 25.")
    rng = np.random.default_rng(8)
    for shape, kshape, stride in [((9, 11), (3, 3), 2), ((10, 10), (5, 5), 1), ((12, 7), (2, 4), 3), ((6, 6), (3, 3), 1)]:
        image = rng.normal(size=shape)
        kernel = rng.normal(size=kshape)
        what = f"conv2d(image {shape}, kernel {kshape}, stride={stride})"
        reference = _keras_conv(image, kernel, stride)
        got = expect_array(call_learner(conv2d, image.copy(), kernel.copy(), stride, what=what), what=what)
        if got.shape != reference.shape:
            raise CheckFailure(f"{what} has shape {got.shape}; with valid padding and this stride the output "
                               f"should be (H - kh) // stride + 1 by (W - kw) // stride + 1.")
        expect(np.allclose(got, reference, atol=1e-4),
               f"{what} does not match keras.ops.conv: check the window each stride step selects.")
    return "matches keras.ops.conv (valid padding) for several shapes and strides."


# ----------------------------------------------------------------------------- pooling


@lab.exercise("max_pool", title="Max pooling", hints=[
    "Output size: (H - size) // stride + 1 by (W - size) // stride + 1; leftover rows are dropped.",
    "Output pixel (i, j) is the max of `x[i*stride : i*stride+size, j*stride : j*stride+size]`.",
])
def _check_max_pool(max_pool):
    relu_map = np.maximum(_keras_conv(SEED_IMAGE, SEED_KERNEL, 1), 0)
    slide_map = np.vstack([relu_map, [[32, 0, 24, 2, 19, 34]]])
    rng = np.random.default_rng(2)
    for x, size, stride in [(slide_map, 2, 2), (rng.normal(size=(7, 9)), 2, 2), (rng.normal(size=(9, 9)), 3, 3),
                            (rng.normal(size=(8, 8)), 3, 1)]:
        what = f"max_pool(x of shape {x.shape}, size={size}, stride={stride})"
        reference = _keras_pool(x, size, stride)
        got = expect_array(call_learner(max_pool, x.copy(), size, stride, what=what), what=what)
        if got.shape != reference.shape:
            raise CheckFailure(f"{what} has shape {got.shape}; with no padding the output has "
                               "(H - size) // stride + 1 rows (leftover rows are dropped).")
        windows = np.lib.stride_tricks.sliding_window_view(x, (size, size))[::stride, ::stride]
        if np.allclose(got, windows.mean(axis=(-2, -1))):
            raise CheckFailure(f"{what} gives the average of each window; max pooling keeps the largest value.")
        expect(np.allclose(got, reference, atol=1e-5), f"{what} does not match keras.layers.MaxPooling2D.")
    return "matches keras.layers.MaxPooling2D."


# ----------------------------------------------------------------------------- parameters


@lab.exercise("conv_params", title="Counting a convolution layer's parameters", hints=[
    "Each filter has one weight per kernel position and per input channel.",
    "... and each filter has one bias as well. Check your formula on the original course's example: 6 filters of 5x5 on 3 channels give 456 parameters.",
])
def _check_conv_params(conv_params):
    import keras

    for filters, size, channels in [(6, 5, 3), (16, 3, 3), (32, 3, 16), (64, 3, 32), (8, 1, 1)]:
        what = f"conv_params({filters}, {size}, {channels})"
        got = expect_number(call_learner(conv_params, filters, size, channels, what=what), what=what)
        layer = keras.layers.Conv2D(filters, size)
        layer.build((None, 32, 32, channels))
        wanted = layer.count_params()
        if got == wanted:
            continue
        if got == filters * size * size * channels:
            raise CheckFailure(f"{what} leaves out the biases: every filter has one bias too.")
        if got == filters * (size * size + 1):
            raise CheckFailure(f"{what} ignores the input channels: a filter spans all {channels} of them.")
        raise CheckFailure(f"{what} does not match the parameter count Keras reports for that layer.")
    return "matches the parameter count of keras.layers.Conv2D."
