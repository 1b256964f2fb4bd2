"""The shared ASL models stay in step with what the lectures teach; the helpers do what they say."""

import json
import re
from pathlib import Path

import numpy as np
import pytest

import dlcourse

dlcourse.setup(seed=0, tensorflow=True)

import keras  # noqa: E402

from dlcourse import asl_models  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def code_cells(name):
    notebook = json.loads((ROOT / "notebooks" / name).read_text())
    return ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]


def layer_signature(model):
    keep = ("filters", "kernel_size", "padding", "use_bias", "momentum", "pool_size", "rate", "units",
            "activation", "height_factor", "width_factor", "factor", "value_range", "fill_mode")
    return [(type(layer).__name__, {k: v for k, v in layer.get_config().items() if k in keep})
            for layer in model.layers]


def test_chapter_09_lecture_builds_the_shared_cnn():
    source = next(c for c in code_cells("09_asl_cnn.ipynb") if "def conv_block" in c)
    namespace = {"keras": keras}
    exec(source.replace("cnn.summary()", ""), namespace)
    assert layer_signature(namespace["cnn"]) == layer_signature(asl_models.letter_cnn())
    assert asl_models.letter_cnn().count_params() == 73_488


def test_chapter_10_lecture_uses_the_shared_pipeline():
    source = next(c for c in code_cells("10_data_augmentation.ipynb") if "augmentation = keras.Sequential" in c)
    block = re.search(r"augmentation = keras\.Sequential\(\[.*?\], name=\"augmentation\"\)", source, re.S).group(0)
    namespace = {"keras": keras}
    exec(block, namespace)
    assert layer_signature(namespace["augmentation"]) == layer_signature(asl_models.augmentation_pipeline())


def test_chapter_07_dense_network_has_the_taught_size():
    assert asl_models.dense_network().count_params() == 676_888


def test_few_per_letter_splits_without_overlap():
    labels = np.repeat(np.arange(24), 10)
    few, rest = asl_models.few_per_letter(labels, 3, seed=1)
    assert len(few) == 72 and np.all(np.bincount(labels[few], minlength=24) == 3)
    assert not set(few) & set(rest) and len(few) + len(rest) == len(labels)
    again, _ = asl_models.few_per_letter(labels, 3, seed=1)
    other, _ = asl_models.few_per_letter(labels, 3, seed=2)
    assert np.array_equal(few, again) and not np.array_equal(few, other)


def test_fine_tune_leaves_the_original_model_alone():
    rng = np.random.default_rng(0)
    x = rng.random((48, 28, 28, 1), dtype=np.float32)
    y = np.repeat(np.arange(24), 2)
    model = asl_models.letter_cnn(width=4)
    before = [w.copy() for w in model.get_weights()]
    tuned = asl_models.fine_tune(model, x, y, epochs=1)
    assert tuned is not model
    assert all(np.array_equal(a, b) for a, b in zip(before, model.get_weights()))
    assert any(not np.array_equal(a, b) for a, b in zip(before, tuned.get_weights()))


def test_cosine_adam_falls_to_zero():
    optimizer = asl_models.cosine_adam(epochs=2, n_train=640, batch_size=64)
    assert float(optimizer.learning_rate) == pytest.approx(asl_models.CNN_LEARNING_RATE)
    optimizer.iterations.assign(10)
    assert float(optimizer.learning_rate) == pytest.approx(asl_models.CNN_LEARNING_RATE / 2)
    optimizer.iterations.assign(20)
    assert float(optimizer.learning_rate) == pytest.approx(0.0, abs=1e-9)
