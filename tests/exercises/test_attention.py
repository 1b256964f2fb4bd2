"""Lab 15 checks: the solutions pass, typical mistakes fail with a useful message, junk never crashes."""

import numpy as np
import pytest

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402

from dlcourse.exercises.attention import TRANSFORMER_TARGET, lab, lab_split  # noqa: E402
from tests.helpers import assert_fails, status  # noqa: E402


def softmax(s, axis=-1):
    e = np.exp(s - s.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def make_attention(scale="sqrt", axis=-1, mask_mode="right"):
    def attention(q, k, v, mask=None):
        q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
        d = q.shape[-1]
        scores = q @ np.swapaxes(k, -1, -2)
        scores = scores / {"sqrt": np.sqrt(d), "d": d, "none": 1.0}[scale]
        if mask is not None and mask_mode == "right":
            scores = np.where(mask, scores, -1e9)
        if mask is not None and mask_mode == "inverted":
            scores = np.where(mask, -1e9, scores)
        weights = softmax(scores, axis=axis)
        if mask is not None and mask_mode == "after":
            weights = weights * mask
        return weights @ v, weights
    return attention


# --------------------------------------------------------------------------- attention
def test_attention_solution_passes():
    assert status(lab, "attention", make_attention()).status == "pass"


def test_attention_without_scaling_fails():
    result = assert_fails(status(lab, "attention", make_attention(scale="none")), "scaled")
    assert "sqrt" not in result.message


def test_attention_scaled_by_d_fails():
    assert_fails(status(lab, "attention", make_attention(scale="d")), "divided by d", "square root")


def test_attention_softmax_over_queries_fails():
    assert_fails(status(lab, "attention", make_attention(axis=-2)), "columns", "last axis")


def test_attention_mask_with_wrong_sign_fails():
    assert_fails(status(lab, "attention", make_attention(mask_mode="inverted")), "False")


def test_attention_mask_after_softmax_fails():
    assert_fails(status(lab, "attention", make_attention(mask_mode="after")), "before the softmax")


def test_attention_ignoring_the_mask_fails():
    assert_fails(status(lab, "attention", make_attention(mask_mode="ignored")), "mask is False")


def test_attention_full_transpose_fails_on_batches():
    def attention(q, k, v, mask=None):
        q, k, v = (np.asarray(a, dtype=float) for a in (q, k, v))
        scores = q @ k.T / np.sqrt(q.shape[-1]) if q.ndim == 2 else np.einsum("bqd,ckd->bqk", q, k) / np.sqrt(q.shape[-1])
        if mask is not None:
            scores = np.where(mask, scores, -1e9)
        w = softmax(scores)
        return w @ v, w
    assert status(lab, "attention", attention).status == "fail"


def test_attention_returning_only_output_fails():
    assert_fails(status(lab, "attention", lambda q, k, v, mask=None: make_attention()(q, k, v, mask)[0]),
                 "(output, weights)")


# --------------------------------------------------------------------------- causal mask
def test_causal_mask_solution_passes():
    assert status(lab, "causal_mask", lambda n: np.tril(np.ones((n, n), dtype=bool))).status == "pass"


def test_causal_mask_as_ints_passes():
    assert status(lab, "causal_mask", lambda n: np.tril(np.ones((n, n), dtype=int))).status == "pass"


def test_causal_mask_without_diagonal_fails():
    assert_fails(status(lab, "causal_mask", lambda n: np.tril(np.ones((n, n), dtype=bool), k=-1)), "diagonal")


def test_causal_mask_future_visible_fails():
    assert_fails(status(lab, "causal_mask", lambda n: np.triu(np.ones((n, n), dtype=bool))), "future")


def test_causal_mask_one_step_ahead_fails():
    assert_fails(status(lab, "causal_mask", lambda n: np.tril(np.ones((n, n), dtype=bool), k=1)), "future")


# --------------------------------------------------------------------------- positional encoding
def encoding(swap=False, base=10000.0, exponent="2i/d", halves=False):
    def positional_encoding(length, depth):
        p = np.arange(length)[:, None]
        i = np.arange(0, depth, 2)[None, :]
        power = i / depth if exponent == "2i/d" else (i / 2)
        angles = p / base ** power
        out = np.zeros((length, depth))
        first, second = (np.cos, np.sin) if swap else (np.sin, np.cos)
        if halves:
            out[:, : depth // 2], out[:, depth // 2:] = first(angles), second(angles)
        else:
            out[:, 0::2], out[:, 1::2] = first(angles), second(angles)
        return out
    return positional_encoding


def test_positional_encoding_solution_passes():
    assert status(lab, "positional_encoding", encoding()).status == "pass"


def test_positional_encoding_sin_cos_swapped_fails():
    assert_fails(status(lab, "positional_encoding", encoding(swap=True)), "swapped")


def test_positional_encoding_wrong_base_fails():
    assert_fails(status(lab, "positional_encoding", encoding(base=100.0)), "frequencies")


def test_positional_encoding_wrong_exponent_fails():
    assert_fails(status(lab, "positional_encoding", encoding(exponent="i")), "frequencies")


def test_positional_encoding_halves_fails():
    assert_fails(status(lab, "positional_encoding", encoding(halves=True)), "interleaves")


def test_positional_encoding_fixed_size_fails():
    fixed = encoding()
    assert_fails(status(lab, "positional_encoding", lambda length, depth: fixed(50, 16)), "arguments")


# --------------------------------------------------------------------------- transformer block
def block(residual=True, norm=True, attention=True):
    def transformer_block(x, heads, key_dim, hidden, attention_mask=None):
        d = x.shape[-1]
        if attention:
            mixed = keras.layers.MultiHeadAttention(num_heads=heads, key_dim=key_dim)(x, x)
        else:
            mixed = keras.layers.Dense(d)(x)
        x = x + mixed if residual else mixed
        x = keras.layers.LayerNormalization()(x) if norm else x
        inner = keras.layers.Dense(hidden, activation="relu")(x)
        out = keras.layers.Dense(d)(inner)
        x = x + out if residual else out
        return keras.layers.LayerNormalization()(x) if norm else x
    return transformer_block


def test_block_solution_passes():
    assert status(lab, "transformer_block", block()).status == "pass"


def test_block_without_residual_fails():
    assert_fails(status(lab, "transformer_block", block(residual=False)), "residual")


def test_block_without_layer_norm_fails():
    assert_fails(status(lab, "transformer_block", block(norm=False)), "LayerNormalization")


def test_block_without_attention_fails():
    assert_fails(status(lab, "transformer_block", block(attention=False)), "MultiHeadAttention")


def test_block_changing_width_fails():
    def transformer_block(x, heads, key_dim, hidden, attention_mask=None):
        return keras.layers.Dense(hidden)(block()(x, heads, key_dim, hidden))
    assert_fails(status(lab, "transformer_block", transformer_block), "shape")


# --------------------------------------------------------------------------- trained classifier
@pytest.fixture(scope="module")
def data():
    (train, labels), _ = lab_split()
    vectorizer = keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=25)
    vectorizer.adapt(train)
    return vectorizer, vectorizer(train).numpy(), labels


def classifier(use_block=True):
    ids = keras.Input((25,), dtype="int32")
    x = keras.layers.Embedding(2000, 32)(ids)
    if use_block:
        x = block()(x, 2, 16, 64)
    else:
        x = keras.layers.Dense(32)(x)
    pooled = keras.layers.GlobalAveragePooling1D()(x)
    model = keras.Model(ids, keras.layers.Dense(1, activation="sigmoid")(pooled))
    model.compile(optimizer="adam", loss="binary_crossentropy")
    return model


def test_lab_split_hands_out_300_validation_sentences():
    (train, _), (valid, _) = lab_split()
    assert len(train) == 2400 and len(valid) == 300


def test_untrained_transformer_fails(data):
    vectorizer, _, _ = data
    keras.utils.set_random_seed(0)
    result = assert_fails(status(lab, "train_transformer", classifier(), vectorizer), "target")
    assert str(TRANSFORMER_TARGET) in result.message


def test_model_without_attention_fails(data):
    vectorizer, _, _ = data
    assert_fails(status(lab, "train_transformer", classifier(use_block=False), vectorizer), "MultiHeadAttention")


def test_trained_transformer_passes(data):
    vectorizer, x, labels = data
    keras.utils.set_random_seed(0)
    model = classifier()
    model.fit(x, labels, epochs=4, batch_size=32, verbose=0)
    assert status(lab, "train_transformer", model, vectorizer).status == "pass"


@pytest.mark.parametrize("junk", [None, "text", 3, np.zeros((2, 25))])
def test_junk_never_crashes(junk):
    for name in lab.exercises:
        args = (junk, junk) if name == "train_transformer" else (junk,)
        assert status(lab, name, *args).status == "fail"
