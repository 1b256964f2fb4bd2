"""Sampling temperature: how it reshapes a next-word distribution and what the generator writes."""

from __future__ import annotations

import textwrap
from typing import Callable, Sequence

import numpy as np

from dlcourse.widgets.core import explorer

FRAME_TEMPERATURES = [0.2, 0.5, 1.0, 1.5]


def apply_temperature(probs, temperature: float) -> np.ndarray:
    """``probs ** (1 / temperature)``, renormalized (computed through logs for stability)."""
    probs = np.asarray(probs, dtype=float)
    temperature = max(float(temperature), 1e-3)
    logits = np.log(np.clip(probs, 1e-12, None)) / temperature
    weights = np.exp(logits - logits.max())
    return weights / weights.sum()


def entropy_bits(probs) -> float:
    """Shannon entropy in bits: how many equally likely choices the distribution amounts to (log2)."""
    probs = np.asarray(probs, dtype=float)
    probs = probs[probs > 0]
    return float(-(probs * np.log2(probs)).sum())


def nearest(samples: dict, temperature: float):
    """The key of ``samples`` closest to ``temperature`` (None when there are none)."""
    if not samples:
        return None
    return min(samples, key=lambda t: abs(float(t) - temperature))


def draw_temperature(probs, words: Sequence[str], temperature: float = 1.0, context: str = "",
                     samples: dict | None = None, generate: Callable | None = None, top: int = 12):
    """Bars: the top next words before and after the temperature; below, sampled headlines."""
    import matplotlib.pyplot as plt

    probs = np.asarray(probs, dtype=float)
    tempered = apply_temperature(probs, temperature)
    order = np.argsort(probs)[::-1][:top]
    figure, ax = plt.subplots(figsize=(7.5, 4.6))
    x = np.arange(len(order))
    ax.bar(x - 0.2, probs[order], width=0.4, label="model (T = 1)", color="#9aa5b1")
    ax.bar(x + 0.2, tempered[order], width=0.4, label=f"T = {temperature:g}", color="#d9480f")
    ax.set_xticks(x, [words[i] for i in order], rotation=45, ha="right")
    ax.set_ylabel("probability of the next word")
    ax.set_ylim(0, 1)
    ax.legend(loc="upper right")
    ax.set_title(f"Next word after '{context}' at temperature {temperature:g}: "
                 f"entropy {entropy_bits(tempered):.2f} bits", fontsize=10)
    lines = []
    exact = [t for t in (samples or {}) if abs(float(t) - temperature) < 1e-9]
    if exact:
        lines = list(samples[exact[0]])[:3]
        label = f"pre-generated samples at T = {temperature:g}"
    elif generate is not None:
        lines = [generate(temperature) for _ in range(3)]
        label = f"samples at T = {temperature:g}"
    elif samples:
        key = nearest(samples, temperature)
        lines = list(samples[key])[:3]
        label = f"pre-generated samples at T = {key:g}"
    if lines:
        text = label + ":\n" + "\n".join("• " + textwrap.shorten(str(s), 80) for s in lines)
        ax.text(0.98, 0.72, text, transform=ax.transAxes, ha="right", va="top", fontsize=8.5,
                bbox={"facecolor": "white", "alpha": 0.85, "edgecolor": "#cccccc"})
    figure.tight_layout()
    return figure


def temperature_widget(probs, words: Sequence[str], context: str = "", samples: dict | None = None,
                       generate: Callable | None = None):
    """A temperature slider over :func:`draw_temperature`.

    ``samples`` maps a few temperatures to texts generated beforehand (the book's frames show
    them); ``generate(temperature)``, when given, writes fresh samples live in JupyterLab.
    """
    import ipywidgets as widgets

    frames = sorted(samples) if samples else FRAME_TEMPERATURES
    slider = widgets.FloatSlider(value=1.0 if 1.0 in frames else frames[0], min=0.1, max=2.0,
                                 step=0.1, description="temperature")

    def draw(temperature):
        return draw_temperature(probs, words, temperature, context, samples, generate)

    return explorer(draw, {"temperature": slider}, {"temperature": list(frames)},
                    alt="Bar chart of the most likely next words before and after applying the "
                        "sampling temperature, with sample headlines written at that temperature.")
