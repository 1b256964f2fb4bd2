import numpy as np

from dlcourse.exercises.convolutions import lab


def good_pad(image, size, mode):
    return np.pad(image, size, mode={"zero": "constant", "mirror": "symmetric"}[mode])


def good_conv(image, kernel, stride=1):
    kh, kw = kernel.shape
    rows = (image.shape[0] - kh) // stride + 1
    cols = (image.shape[1] - kw) // stride + 1
    return np.array([[np.sum(image[i * stride:i * stride + kh, j * stride:j * stride + kw] * kernel)
                      for j in range(cols)] for i in range(rows)], dtype=float)


def good_pool(x, size=2, stride=2):
    rows = (x.shape[0] - size) // stride + 1
    cols = (x.shape[1] - size) // stride + 1
    return np.array([[x[i * stride:i * stride + size, j * stride:j * stride + size].max()
                      for j in range(cols)] for i in range(rows)], dtype=float)


def test_solutions_pass():
    assert lab.evaluate("pad_image", good_pad).status == "pass"
    assert lab.evaluate("conv2d", good_conv).status == "pass"
    assert lab.evaluate("max_pool", good_pool).status == "pass"
    assert lab.evaluate("conv_params", lambda f, k, c: f * (k * k * c + 1)).status == "pass"


def test_pad_wrong_answers():
    reflect = lab.evaluate("pad_image", lambda im, s, m: np.pad(im, s, mode="constant" if m == "zero" else "reflect"))
    assert reflect.status == "fail" and "border pixel" in reflect.message
    no_pad = lab.evaluate("pad_image", lambda im, s, m: im)
    assert no_pad.status == "fail" and "shape" in no_pad.message
    ones = lab.evaluate("pad_image", lambda im, s, m: np.pad(im, s, constant_values=1))
    assert ones.status == "fail" and "border" in ones.message


def test_conv_wrong_answers():
    flipped = lab.evaluate("conv2d", lambda im, k, s=1: good_conv(im, k[::-1, ::-1], s))
    assert flipped.status == "fail" and "flipped" in flipped.message
    no_stride = lab.evaluate("conv2d", lambda im, k, s=1: good_conv(im, k, 1))
    assert no_stride.status == "fail" and "shape" in no_stride.message
    same = lab.evaluate("conv2d", lambda im, k, s=1: good_conv(np.pad(im, 1), k, s))
    assert same.status == "fail"


def test_pool_wrong_answers():
    def average(x, size=2, stride=2):
        w = np.lib.stride_tricks.sliding_window_view(x, (size, size))[::stride, ::stride]
        return w.mean(axis=(-2, -1))
    result = lab.evaluate("max_pool", average)
    assert result.status == "fail" and "average" in result.message
    wrong_stride = lab.evaluate("max_pool", lambda x, size=2, stride=2: good_pool(x, size, 1))
    assert wrong_stride.status == "fail" and "shape" in wrong_stride.message


def test_params_wrong_answers():
    no_bias = lab.evaluate("conv_params", lambda f, k, c: f * k * k * c)
    assert no_bias.status == "fail" and "bias" in no_bias.message
    no_channels = lab.evaluate("conv_params", lambda f, k, c: f * (k * k + 1))
    assert no_channels.status == "fail" and "channels" in no_channels.message
