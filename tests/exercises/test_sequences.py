"""Lab 14 checks: the solutions pass, typical mistakes fail with a useful message, junk never crashes."""

from functools import partial

import numpy as np
import pytest

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402

from dlcourse.data import sentiment_split  # noqa: E402
from dlcourse.exercises.sequences import lab  # noqa: E402
from tests.helpers import assert_fails, status

assert_fails_any_case = partial(assert_fails, ignore_case=True)


@pytest.fixture(scope="module")
def split():
    return sentiment_split()


@pytest.fixture(scope="module")
def vectorizer(split):
    (train, _), _ = split
    layer = keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=25)
    layer.adapt(train)
    return layer


def build_solution():
    model = keras.Sequential([
        keras.Input(shape=(25,)),
        keras.layers.Embedding(2000, 32, mask_zero=True),
        keras.layers.GRU(32),
        keras.layers.Dense(1, activation="sigmoid"),
    ])
    model.compile(optimizer="adam", loss="binary_crossentropy", metrics=["accuracy"])
    return model


# --------------------------------------------------------------------------- vectorizer

def test_vectorizer_solution_passes(vectorizer):
    assert status(lab, "vectorizer", vectorizer).status == "pass"


def test_vectorizer_not_adapted_fails():
    layer = keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=25)
    assert_fails_any_case(status(lab, "vectorizer", layer), "adapt")


def test_vectorizer_too_many_tokens_fails(split):
    (train, _), _ = split
    layer = keras.layers.TextVectorization(max_tokens=5000, output_sequence_length=25)
    layer.adapt(train)
    assert_fails_any_case(status(lab, "vectorizer", layer), "max_tokens=2000")


def test_vectorizer_without_length_fails(split):
    (train, _), _ = split
    layer = keras.layers.TextVectorization(max_tokens=2000)
    layer.adapt(train)
    assert_fails_any_case(status(lab, "vectorizer", layer), "output_sequence_length")


def test_vectorizer_multi_hot_fails(split):
    (train, _), _ = split
    layer = keras.layers.TextVectorization(max_tokens=2000, output_mode="multi_hot")
    layer.adapt(train)
    assert_fails_any_case(status(lab, "vectorizer", layer), "output_mode='int'")


def test_vectorizer_no_lowercase_fails(split):
    (train, _), _ = split
    layer = keras.layers.TextVectorization(max_tokens=2000, output_sequence_length=25, standardize=None)
    layer.adapt(train)
    assert status(lab, "vectorizer", layer).status == "fail"


@pytest.mark.parametrize("junk", [None, "a string", 3, np.zeros((2, 25))])
def test_vectorizer_junk_fails(junk):
    assert status(lab, "vectorizer", junk).status == "fail"


# --------------------------------------------------------------------------- sentiment_model

def test_sentiment_model_solution_passes():
    assert status(lab, "sentiment_model", build_solution).status == "pass"


def test_sentiment_model_without_recurrent_layer_fails():
    def build():
        model = keras.Sequential([keras.Input(shape=(25,)), keras.layers.Embedding(2000, 16),
                                  keras.layers.GlobalAveragePooling1D(),
                                  keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        return model
    assert_fails_any_case(status(lab, "sentiment_model", build), "recurrent")


def test_sentiment_model_two_softmax_units_fails():
    def build():
        model = keras.Sequential([keras.Input(shape=(25,)), keras.layers.Embedding(2000, 16),
                                  keras.layers.LSTM(8), keras.layers.Dense(2, activation="softmax")])
        model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
        return model
    assert_fails_any_case(status(lab, "sentiment_model", build), "(4, 1)")


def test_sentiment_model_small_embedding_fails():
    def build():
        model = keras.Sequential([keras.Input(shape=(25,)), keras.layers.Embedding(100, 16),
                                  keras.layers.GRU(8), keras.layers.Dense(1, activation="sigmoid")])
        model.compile(optimizer="adam", loss="binary_crossentropy")
        return model
    assert_fails_any_case(status(lab, "sentiment_model", build), "input_dim")


def test_sentiment_model_not_compiled_fails():
    def build():
        return keras.Sequential([keras.Input(shape=(25,)), keras.layers.Embedding(2000, 16),
                                 keras.layers.GRU(8), keras.layers.Dense(1, activation="sigmoid")])
    assert_fails_any_case(status(lab, "sentiment_model", build), "compile")


def test_sentiment_model_junk_fails():
    def broken():
        raise ValueError("oops")
    assert_fails_any_case(status(lab, "sentiment_model", broken), "ValueError")
    assert status(lab, "sentiment_model", lambda: None).status == "fail"
    assert status(lab, "sentiment_model", lambda: "model").status == "fail"
    assert status(lab, "sentiment_model", None).status == "fail"
    assert status(lab, "sentiment_model", build_solution()).status == "fail"   # a model, not a function


# --------------------------------------------------------------------------- train_sentiment

def test_train_sentiment_trained_passes_untrained_fails(split, vectorizer):
    (train, train_labels), _ = split
    keras.utils.set_random_seed(42)
    model = build_solution()
    untrained = status(lab, "train_sentiment", model, vectorizer)
    assert_fails_any_case(untrained, "measured", "target")
    model.fit(vectorizer(train).numpy(), train_labels, epochs=3, batch_size=32, verbose=0)
    result = status(lab, "train_sentiment", model, vectorizer)
    assert result.status == "pass", result.message
    assert "measured" in result.message


def test_train_sentiment_junk_fails(vectorizer):
    assert status(lab, "train_sentiment", None, vectorizer).status == "fail"
    assert status(lab, "train_sentiment", "model", vectorizer).status == "fail"
    assert status(lab, "train_sentiment", build_solution(), None).status == "fail"


# --------------------------------------------------------------------------- apply_temperature

def solution_temperature(probs, temperature):
    weights = np.asarray(probs, dtype="float64") ** (1 / temperature)
    return weights / weights.sum()


def test_temperature_solution_passes():
    assert status(lab, "apply_temperature", solution_temperature).status == "pass"


def test_temperature_multiplied_fails():
    def wrong(probs, temperature):
        weights = np.asarray(probs) * temperature
        return weights / weights.sum()
    assert_fails_any_case(status(lab, "apply_temperature", wrong), "not the right values")


def test_temperature_power_t_fails():
    def wrong(probs, temperature):
        weights = np.asarray(probs) ** temperature
        return weights / weights.sum()
    assert_fails_any_case(status(lab, "apply_temperature", wrong), "1 / temperature")


def test_temperature_not_normalized_fails():
    assert_fails_any_case(status(lab, "apply_temperature", lambda p, t: np.asarray(p) ** (1 / t)), "sum")


def test_temperature_junk_fails():
    def broken(p, t):
        raise ZeroDivisionError("no")
    assert_fails_any_case(status(lab, "apply_temperature", broken), "ZeroDivisionError")
    assert status(lab, "apply_temperature", lambda p, t: None).status == "fail"
    assert status(lab, "apply_temperature", lambda p, t: "x").status == "fail"
    assert_fails_any_case(status(lab, "apply_temperature", lambda p, t: np.ones(3) / 3), "shape")
    assert status(lab, "apply_temperature", None).status == "fail"


# --------------------------------------------------------------------------- generate

VOCAB = ["", "[UNK]"] + [f"w{i}" for i in range(40)]
PROBS = np.random.default_rng(3).dirichlet(np.full(len(VOCAB), 0.5))
PROBS[2] = PROBS.max() * 3   # one clearly most likely word
PROBS /= PROBS.sum()


def make_generate(temperature_used=None, greedy=False, keep_seed=True, extra=0, allow_unk=False):
    def generate(seed_text, n_words, temperature=1.0):
        new = []
        for _ in range(n_words + extra):
            probs = PROBS.copy()
            if not allow_unk:
                probs[:2] = 0
            probs = solution_temperature(probs / probs.sum(), temperature_used or temperature)
            index = int(np.argmax(probs)) if greedy else np.random.choice(len(probs), p=probs)
            new.append(VOCAB[index])
        return " ".join(([seed_text] if keep_seed else []) + new)
    return generate


def test_generate_solution_passes():
    assert status(lab, "generate", make_generate()).status == "pass"


def test_generate_greedy_fails():
    assert_fails_any_case(status(lab, "generate", make_generate(greedy=True)), "temperature 1.5")


def test_generate_ignoring_temperature_fails():
    assert_fails_any_case(status(lab, "generate", make_generate(temperature_used=1.0)), "temperature 0.05")


def test_generate_without_seed_fails():
    assert_fails_any_case(status(lab, "generate", make_generate(keep_seed=False)), "seed")


def test_generate_wrong_length_fails():
    assert_fails_any_case(status(lab, "generate", make_generate(extra=1)), "5 new")


def test_generate_junk_fails():
    def broken(seed, n, t):
        raise KeyError("vocab")
    assert_fails_any_case(status(lab, "generate", broken), "KeyError")
    assert_fails_any_case(status(lab, "generate", lambda s, n, t: ["the", "new"]), "str")
    assert status(lab, "generate", lambda s, n, t: None).status == "fail"
    assert status(lab, "generate", None).status == "fail"
