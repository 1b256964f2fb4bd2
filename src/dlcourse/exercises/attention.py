"""Lab 15: scaled dot-product attention, a causal mask, positional encoding and a transformer classifier."""

from __future__ import annotations

import numpy as np

from dlcourse.checking import CheckFailure, Lab, call_learner, expect, expect_array
from dlcourse.data import sentiment_split
from dlcourse.keras_checks import expect_model, sentence_accuracy
from dlcourse.reference import causal_mask as reference_causal_mask
from dlcourse.reference import scaled_dot_product_attention as reference_attention
from dlcourse.reference import sinusoidal_encoding, stable_softmax

lab = Lab("15_attention", "Attention and a transformer classifier")

SEQUENCE_LENGTH = 25
MAX_TOKENS = 2000
GIVEN_VALID = 300           # of chapter 14's 600 validation sentences, the lab hands out the first 300
# Accuracy on the 300 held-back sentences of the solution's transformer (one block, 2 heads, learned
# positions, 4 epochs, batch 32): 0.817 (seed 42), 0.803 (0), 0.763 (1), 0.780 (2), 0.747 (7), mean
# 0.782 +- 0.026; untrained: 0.447 (seed 42), 0.540 (seed 0). Without positions it scores the same
# (0.790, 0.803: sentiment depends little on order), so only an untrained or broken model fails.
TRANSFORMER_TARGET = 0.70


def lab_split():
    """(train_sentences, train_labels), (valid_sentences, valid_labels): chapter 14's 2,400 training
    sentences and the first 300 of its validation sentences. The check scores on the other 300."""
    (train, train_labels), (valid, valid_labels) = sentiment_split()
    return (train, train_labels), (valid[:GIVEN_VALID], valid_labels[:GIVEN_VALID])


def _held_back():
    _, (valid, valid_labels) = sentiment_split()
    return valid[GIVEN_VALID:], valid_labels[GIVEN_VALID:]


# --------------------------------------------------------------------------- attention
def _attention_result(function, q, k, v, mask=None, what="attention(q, k, v)"):
    args = (q, k, v) if mask is None else (q, k, v, mask)
    out = call_learner(function, *[a.copy() for a in args], what=what)
    expect(isinstance(out, (tuple, list)) and len(out) == 2,
           f"{what} returned a {type(out).__name__}; it should return two arrays: "
           "(output, weights).")
    output = expect_array(out[0], what=f"the output of {what}")
    weights = expect_array(out[1], what=f"the weights of {what}")
    return output, weights


@lab.exercise("attention", title="Scaled dot-product attention", hints=[
    "Three steps: scores from the queries and the keys, a softmax that turns each query's scores "
    "into weights, and a weighted sum of the values. Write the shapes next to each line: "
    "q (Tq, d), k (Tk, d), v (Tk, dv).",
    "The scores have shape (Tq, Tk): one row per query. np.swapaxes(k, -1, -2) transposes the last "
    "two axes, so the same line works with a batch axis in front. Look at the formula for what "
    "divides the scores.",
    "Each row of weights must add up to 1, so the softmax runs along the keys' axis (axis=-1). "
    "The mask goes in before the softmax: where it is False, replace the score with a large "
    "negative number (np.where).",
])
def _check_attention(function):
    rng = np.random.default_rng(3)
    q, k, v = rng.normal(size=(3, 16)), rng.normal(size=(5, 16)), rng.normal(size=(5, 6))
    q, k = 2.0 * q, 2.0 * k          # large enough scores that the scaling shows
    output, weights = _attention_result(function, q, k, v)
    expect(weights.shape == (3, 5),
           f"3 queries and 5 keys gave weights of shape {weights.shape}; expected one row per query "
           "and one column per key.")
    expect(output.shape == (3, 6),
           f"3 queries and values of 6 numbers gave an output of shape {output.shape}; expected one "
           "row per query, as wide as the values.")
    sums = weights.sum(axis=-1)
    if not np.allclose(sums, 1, atol=1e-5):
        columns = weights.sum(axis=0)
        expect(not np.allclose(columns, 1, atol=1e-5),
               "the columns of the weights add up to 1, not the rows: take the softmax over the keys "
               "(the last axis), so that each query's weights add up to 1.")
        raise CheckFailure("the rows of the weights do not add up to 1: apply a softmax to the scores.")
    expect(np.all(weights >= 0), "some weights are negative: they should come out of a softmax.")
    reference_out, reference_weights = reference_attention(q, k, v)
    if not np.allclose(weights, reference_weights, atol=1e-6):
        scores = q @ k.T
        if np.allclose(weights, stable_softmax(scores), atol=1e-6):
            raise CheckFailure("the weights are the softmax of the raw dot products: the scores must be "
                               "scaled before the softmax (look at the formula's denominator).")
        if np.allclose(weights, stable_softmax(scores / q.shape[-1]), atol=1e-6):
            raise CheckFailure("the scores are divided by d, the key size: that shrinks them too much. "
                               "The formula divides by its square root.")
        raise CheckFailure("the weights have the right shape and rows that add up to 1, but not the "
                           "right values: check the scores (queries against keys) and the scaling.")
    expect(np.allclose(output, reference_out, atol=1e-6),
           "the weights are right but the output is not: mix the values with the weights (a matrix "
           "product of the weights and v).")
    # a mask: True where a query may look at a key
    mask = np.array([[1, 1, 0, 0, 1], [1, 0, 0, 0, 0], [1, 1, 1, 1, 1]], dtype=bool)
    output, weights = _attention_result(function, q, k, v, mask, what="attention(q, k, v, mask)")
    expect(weights.shape == (3, 5), f"with a mask the weights have shape {weights.shape}; expected (3, 5).")
    if np.all(weights[mask] < 1e-6) and np.any(weights[~mask] > 1e-3):
        raise CheckFailure("the weights are zero exactly where the mask is True: True means 'may look "
                           "at this key', so the large negative number goes where the mask is False.")
    expect(np.all(weights[~mask] < 1e-6),
           "some weights are not zero where the mask is False: masked keys must get weight 0.")
    expect(np.allclose(weights.sum(axis=-1), 1, atol=1e-5),
           "with a mask the rows of the weights no longer add up to 1: apply the mask to the scores "
           "before the softmax, not to the weights after it.")
    reference_out, reference_weights = reference_attention(q, k, v, mask)
    expect(np.allclose(weights, reference_weights, atol=1e-5) and np.allclose(output, reference_out, atol=1e-5),
           "with a mask the weights add up to 1 and are 0 where they should be, but the other values "
           "are not right: only the masked scores should change.")
    # a batch axis in front
    qb, kb, vb = rng.normal(size=(2, 4, 8)), rng.normal(size=(2, 4, 8)), rng.normal(size=(2, 4, 8))
    output, weights = _attention_result(function, qb, kb, vb, what="attention on a batch of 2 sequences")
    expect(weights.shape == (2, 4, 4) and output.shape == (2, 4, 8),
           f"a batch of 2 sequences gave weights {weights.shape} and output {output.shape}; expected "
           "(2, 4, 4) and (2, 4, 8): transpose only the last two axes of k (np.swapaxes), not all of them.")
    reference_out, _ = reference_attention(qb, kb, vb)
    expect(np.allclose(output, reference_out, atol=1e-6),
           "on a batch of 2 sequences the output is not right: each sequence must attend only within itself.")
    return "shapes, scaling, softmax axis, mask and batches all right."


# --------------------------------------------------------------------------- causal mask
@lab.exercise("causal_mask", title="A causal mask", hints=[
    "Row i is the query at position i, column j the key at position j. Which keys may a word "
    "look at when the model must predict the word after it?",
    "The answer is a triangle of True values; NumPy has functions that keep the lower or the "
    "upper triangle of a matrix (np.tril, np.triu). Check whether your triangle includes the diagonal.",
])
def _check_causal_mask(function):
    for n in (1, 4, 7):
        out = call_learner(function, n, what=f"causal_mask({n})")
        mask = expect_array(out, what=f"causal_mask({n})")
        expect(mask.shape == (n, n), f"causal_mask({n}) has shape {mask.shape}; expected ({n}, {n}).")
        expect(np.all((mask == 0) | (mask == 1)),
               f"causal_mask({n}) holds values other than True/False (or 1/0).")
        mask = mask.astype(bool)
        reference = reference_causal_mask(n)
        expect(np.all(np.diag(mask)), f"causal_mask({n}) has False on the diagonal: position i "
                                      "must be able to look at itself (its own word).")
        expect(not np.any(mask & ~reference),
               f"causal_mask({n}) lets a position look at later positions (the future): row i should "
               "allow only columns up to i.")
        expect(np.array_equal(mask, reference),
               f"causal_mask({n}) hides some earlier positions: row i should allow every column up to i.")
    return "positions see themselves and the past, never the future."


# --------------------------------------------------------------------------- positional encoding
@lab.exercise("positional_encoding", title="Sinusoidal positional encoding", hints=[
    "The result is a table with one row per position and one column per feature. Columns come in "
    "pairs (2i, 2i + 1) that share one frequency.",
    "Build the angles as an outer product: positions as a column (length, 1) divided by the "
    "frequencies' denominators as a row (1, depth / 2). Look at the formula for the exponent: "
    "it is 2i / depth, not i.",
    "Even columns (0, 2, 4, ...) hold one of sin and cos, odd columns the other: slicing with "
    "[:, 0::2] and [:, 1::2] fills them. At position 0 the row should alternate 0, 1, 0, 1.",
])
def _check_positional_encoding(function):
    out = call_learner(function, 50, 16, what="positional_encoding(50, 16)")
    table = expect_array(out, what="positional_encoding(50, 16)")
    expect(table.shape == (50, 16),
           f"positional_encoding(50, 16) has shape {table.shape}; expected one row per position and "
           "one column per feature: (50, 16).")
    expect(table.dtype.kind == "f", f"the encoding has dtype {table.dtype}; expected floating-point numbers.")
    expect(np.all(np.abs(table) <= 1 + 1e-6), "the encoding has values outside [-1, 1]: it should hold "
                                              "sines and cosines only.")
    reference = sinusoidal_encoding(50, 16)
    if np.allclose(table, reference, atol=1e-5):
        other = expect_array(call_learner(function, 7, 6, what="positional_encoding(7, 6)"),
                             what="positional_encoding(7, 6)")
        expect(other.shape == (7, 6) and np.allclose(other, sinusoidal_encoding(7, 6), atol=1e-5),
               "positional_encoding(50, 16) is right but positional_encoding(7, 6) is not: use the "
               "arguments, not fixed sizes.")
        return "sines in the even columns, cosines in the odd ones, at the right frequencies."
    row0 = table[0]
    if np.allclose(row0[0::2], 1) and np.allclose(row0[1::2], 0):
        raise CheckFailure("at position 0 the even columns are 1 and the odd ones 0: sine and cosine are "
                           "swapped (the even columns hold the sine).")
    if np.allclose(row0[:8], 0) and np.allclose(row0[8:], 1):
        raise CheckFailure("the sines fill the first half of the columns and the cosines the second: "
                           "the formula interleaves them, sine in column 2i and cosine in column 2i + 1.")
    expect(np.allclose(row0[0::2], 0, atol=1e-6) and np.allclose(row0[1::2], 1, atol=1e-6),
           "position 0 should give sin(0) = 0 in the even columns and cos(0) = 1 in the odd ones.")
    expect(np.allclose(table[:, 0], np.sin(np.arange(50)), atol=1e-5),
           "column 0 should be sin(position) (its frequency is 1): check the angles of the first pair.")
    expect(np.allclose(table[:, 0::2], reference[:, 0::2], atol=1e-5) or
           np.allclose(table[:, 1::2], reference[:, 1::2], atol=1e-5),
           "column 0 is right but the later columns change at the wrong speed: check the frequencies. "
           "The denominator is the base 10000 raised to 2i / depth, where 2i is the even column's index.")
    raise CheckFailure("the sine columns or the cosine columns are right but not both: sine and cosine of "
                       "pair i use the same angle.")


# --------------------------------------------------------------------------- the block
def _operation_names(model) -> list[str]:
    return [type(op).__name__ for op in getattr(model, "operations", [])]


@lab.exercise("transformer_block", title="A transformer encoder block", hints=[
    "Two parts, each followed by the same pattern. Part 1: keras.layers.MultiHeadAttention(...) "
    "called with the sequence as query and value. Part 2: two Dense layers applied to every position.",
    "The pattern after each part: add the part's input to its output (the residual connection), "
    "then normalise with keras.layers.LayerNormalization(). With KerasTensors, `a + b` works.",
    "The second Dense layer must give back as many features as the block's input "
    "(x.shape[-1]), or the residual addition cannot work.",
])
def _check_transformer_block(function):
    import keras

    inputs = keras.Input((10, 16))
    out = call_learner(function, inputs, 2, 8, 32, what="transformer_block(inputs, 2, 8, 32)")
    expect(out is not None, "transformer_block(...) returned None: return the block's output tensor.")
    try:
        model = keras.Model(inputs, out)
    except Exception as error:
        raise CheckFailure(f"could not make a model from the block's output ({type(error).__name__}): "
                           "return the tensor the last layer gives, built from `x`.")
    shape = tuple(model.output_shape)
    expect(shape == (None, 10, 16),
           f"a block on sequences of shape (10, 16) gives shape {shape[1:]}; a block must keep the "
           "shape of its input (10, 16), so that blocks can be stacked.")
    names = _operation_names(model)
    expect(names.count("MultiHeadAttention") >= 1,
           "the block has no keras.layers.MultiHeadAttention: part 1 is self-attention.")
    attention = next(op for op in model.operations if type(op).__name__ == "MultiHeadAttention")
    expect(attention.num_heads == 2 and attention.key_dim == 8,
           f"the attention layer has {attention.num_heads} head(s) of key_dim {attention.key_dim}; use "
           "the function's arguments heads=2 and key_dim=8.")
    dense = [op for op in model.operations if type(op).__name__ == "Dense"]
    expect(len(dense) >= 2 and any(getattr(d, "units", None) == 32 for d in dense),
           "the feed-forward part should be two Dense layers, the first with `hidden` (32) units.")
    expect(names.count("LayerNormalization") >= 2,
           f"the block has {names.count('LayerNormalization')} LayerNormalization layer(s); each of the "
           "two parts needs one.")
    expect(names.count("Add") >= 2,
           f"the block has {names.count('Add')} residual addition(s); each of the two parts adds its "
           "input back to its output.")
    x = np.random.default_rng(0).normal(size=(3, 10, 16)).astype("float32")
    y = expect_array(call_learner(model, x, what="the block on random sequences"), what="the block's output")
    expect(y.shape == (3, 10, 16), f"3 sequences gave an output of shape {y.shape}; expected (3, 10, 16).")
    return f"attention, feed-forward, {names.count('Add')} residual connections and {names.count('LayerNormalization')} layer norms."


# --------------------------------------------------------------------------- train the classifier
def held_back_accuracy(model, vectorizer) -> float:
    """Accuracy of ``model`` on the 300 validation sentences the lab does not hand out."""
    sentences, labels = _held_back()
    ids = expect_array(call_learner(vectorizer, list(sentences), what="the vectorizer on sentences"),
                       what="the vectorizer's output")
    expect(ids.ndim == 2 and ids.shape[1] == SEQUENCE_LENGTH,
           f"the vectorizer gives ids of shape {ids.shape}; expected ({len(sentences)}, {SEQUENCE_LENGTH}).")
    return sentence_accuracy(model, ids, labels)


@lab.exercise("train_transformer", title="A transformer classifier above the target", hints=[
    "The model: keras.Input((25,), dtype='int32'), a token embedding plus a position embedding "
    "(or your positional_encoding), your transformer_block, an average over the positions, and "
    "Dense(1, activation='sigmoid').",
    "Compile with optimizer='adam' and loss='binary_crossentropy'; 3 to 5 epochs with batch_size=32 or "
    "64 are enough for 2,400 sentences, more overfit.",
    "If the accuracy stays near 0.5, check that the labels go with their sentences (same order) and "
    "that you trained the model you pass to the check.",
])
def _check_train_transformer(model, vectorizer):
    expect_model(model, "the first value", "pass your trained Keras model", built=False)
    expect(hasattr(vectorizer, "get_vocabulary"), "pass the TextVectorization layer as the second value.")
    names = [type(op).__name__ for op in getattr(model, "operations", [])]
    expect("MultiHeadAttention" in names,
           "the model has no MultiHeadAttention layer: build it with your transformer_block.")
    accuracy = held_back_accuracy(model, vectorizer)
    message = f"measured {accuracy:.4f} on 300 sentences your code never saw (target {TRANSFORMER_TARGET})"
    expect(accuracy >= TRANSFORMER_TARGET,
           f"accuracy {message}; always answering 'positive' gives about 0.5. Train a little longer, "
           "or check the labels and the vectorizer.")
    return f"Accuracy {message}."
