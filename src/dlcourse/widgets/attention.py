"""Attention weights of a trained transformer over a sentence, per layer and per head, as heat maps."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np

from dlcourse.widgets.core import explorer


def draw_attention(maps: Callable, sentence: str, layer: int = 1):
    """Heat maps of ``maps(sentence)``'s weights in ``layer`` (1-based), one panel per head.

    ``maps(sentence)`` returns ``(words, weights, probability)``: the sentence's tokens, weights of
    shape (layers, heads, words, words) whose rows add up to 1, and the model's positive probability.
    """
    import matplotlib.pyplot as plt

    words, weights, probability = maps(sentence)
    weights = np.asarray(weights, dtype=float)
    layer = int(min(max(layer, 1), weights.shape[0]))
    heads = weights.shape[1]
    figure, axes = plt.subplots(1, heads, figsize=(3.6 * heads + 0.6, 3.9), squeeze=False)
    for head, ax in enumerate(axes[0]):
        image = ax.imshow(weights[layer - 1, head], cmap="viridis", vmin=0, vmax=1)
        ax.set_xticks(range(len(words)), words, rotation=60, ha="right", fontsize=8)
        ax.set_yticks(range(len(words)), words, fontsize=8)
        ax.set_title(f"layer {layer}, head {head + 1}", fontsize=10)
        ax.set_xlabel("key (looked at)", fontsize=8)
        if head == 0:
            ax.set_ylabel("query (looking)", fontsize=8)
    figure.colorbar(image, ax=list(axes[0]), shrink=0.8, label="attention weight")
    figure.suptitle(f"'{sentence[:60]}': positive with probability {probability:.2f}", fontsize=10)
    return figure


def attention_widget(maps: Callable, sentences: Sequence[str], layers: int = 2):
    """A sentence box (pick one or type your own) and a layer slider over :func:`draw_attention`.

    The book shows the ``sentences`` given, pre-rendered for every layer.
    """
    import ipywidgets as widgets

    sentences = list(sentences)
    box = widgets.Combobox(value=sentences[0], options=sentences, description="sentence",
                           ensure_option=False, continuous_update=False,
                           layout=widgets.Layout(width="36em"))
    slider = widgets.IntSlider(value=1, min=1, max=layers, description="layer")

    def draw(sentence, layer):
        return draw_attention(maps, sentence or sentences[0], layer)

    return explorer(draw, {"sentence": box, "layer": slider},
                    {"sentence": sentences, "layer": list(range(1, layers + 1))},
                    alt="Heat maps of a trained transformer's attention weights over the words of a "
                        "sentence, one per head, for the chosen layer.")
