"""The temperature widget: the tempered bars, the entropy and the samples follow the slider."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse.widgets.sequences import (  # noqa: E402
    apply_temperature, draw_temperature, entropy_bits, temperature_widget)

WORDS = [f"word{i}" for i in range(20)]
PROBS = np.random.default_rng(0).dirichlet(np.ones(20))
SAMPLES = {0.2: ["cold sample"], 1.0: ["warm sample"], 1.5: ["hot sample"]}


def tempered_heights(figure):
    bars = figure.axes[0].containers[1]
    return np.array([bar.get_height() for bar in bars])


def test_apply_temperature_properties():
    assert np.allclose(apply_temperature(PROBS, 1.0), PROBS)
    cold, hot = apply_temperature(PROBS, 0.2), apply_temperature(PROBS, 3.0)
    assert cold.max() > PROBS.max() > hot.max()
    assert entropy_bits(cold) < entropy_bits(PROBS) < entropy_bits(hot) <= np.log2(20) + 1e-9


def test_draw_changes_with_temperature():
    low = draw_temperature(PROBS, WORDS, 0.2, "ctx", SAMPLES)
    high = draw_temperature(PROBS, WORDS, 1.5, "ctx", SAMPLES)
    assert tempered_heights(low)[0] > tempered_heights(high)[0]
    assert "0.2" in low.axes[0].get_title() and "1.5" in high.axes[0].get_title()
    texts_low = " ".join(t.get_text() for t in low.axes[0].texts)
    texts_high = " ".join(t.get_text() for t in high.axes[0].texts)
    assert "cold sample" in texts_low and "hot sample" in texts_high
    plt.close("all")


def test_live_generate_used_between_frames():
    calls = []

    def generate(temperature):
        calls.append(temperature)
        return f"live {temperature:.1f}"

    figure = draw_temperature(PROBS, WORDS, 0.7, "ctx", SAMPLES, generate)
    assert calls == [0.7] * 3
    assert "live 0.7" in " ".join(t.get_text() for t in figure.axes[0].texts)
    plt.close("all")


def test_widget_builds_and_moves():
    widget = temperature_widget(PROBS, WORDS, "ctx", SAMPLES)
    widget.set(temperature=1.5)
    assert widget.frames == {"temperature": [0.2, 1.0, 1.5]}
    html = widget.static_html()
    assert html.count("data:image/png") >= 1 and "temperature" in html
    plt.close("all")
