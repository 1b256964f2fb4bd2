"""The attention widget: one heat map per head, the layer slider moves, frames pre-rendered."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse.reference import scaled_dot_product_attention  # noqa: E402
from dlcourse.widgets.attention import attention_widget, draw_attention  # noqa: E402

SENTENCES = ["the food was good", "not good at all"]
calls = []


def maps(sentence):
    calls.append(sentence)
    words = sentence.split()
    rng = np.random.default_rng(len(words))
    x = rng.normal(size=(2, 2, len(words), 4))
    _, weights = scaled_dot_product_attention(x, x, x)
    weights[1] = np.eye(len(words))              # layer 2: each word looks at itself
    return words, weights, 0.8


def test_draw_shows_each_head_of_the_layer():
    figure = draw_attention(maps, "the food was good", layer=2)
    heat = [ax for ax in figure.axes if ax.get_title().startswith("layer")]
    assert [ax.get_title() for ax in heat] == ["layer 2, head 1", "layer 2, head 2"]
    assert np.allclose(heat[0].images[0].get_array(), np.eye(4))
    assert [t.get_text() for t in heat[0].get_xticklabels()] == ["the", "food", "was", "good"]
    assert "0.80" in figure._suptitle.get_text()
    plt.close("all")


def test_layer_is_clamped():
    figure = draw_attention(maps, "not good at all", layer=9)
    assert figure.axes[0].get_title() == "layer 2, head 1"
    plt.close("all")


def test_widget_typed_sentence_and_frames():
    widget = attention_widget(maps, SENTENCES)
    assert widget.frames == {"sentence": SENTENCES, "layer": [1, 2]}
    calls.clear()
    widget.set(sentence="a sentence i typed")
    assert "a sentence i typed" in calls
    html = widget.static_html()
    assert html.count("data:image/png") >= 1 and "sentence" in html
    plt.close("all")
