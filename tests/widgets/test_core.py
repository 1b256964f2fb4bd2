import matplotlib

matplotlib.use("Agg")
import ipywidgets as widgets  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from dlcourse.widgets import explorer  # noqa: E402


def draw(w=1.0, kind="a"):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, w])
    ax.set_title(f"{kind} {w}")
    draw.calls.append((w, kind))
    return fig


def test_live_widget_follows_its_controls():
    draw.calls = []
    ex = explorer(draw, {"w": widgets.FloatSlider(value=1.0, min=-2, max=2), "kind": ["a", "b"]},
                  frames={"w": [-1.0, 0.0, 1.0]}, alt="a line whose slope is w")
    ex.widget
    ex.set(w=2.0, kind="b")
    assert draw.calls[-1] == (2.0, "b")


def test_static_html_has_one_frame_per_value_and_alt_text():
    draw.calls = []
    ex = explorer(draw, {"w": widgets.FloatSlider(value=0.0), "kind": "a"},
                  frames={"w": [-1.0, 0.0, 1.0]}, alt="a line whose slope is w")
    html = ex.static_html()
    assert sorted(c[0] for c in draw.calls) == [-1.0, 0.0, 1.0]
    assert html.count('type="range"') == 1 and 'alt="a line whose slope is w"' in html
    assert "http:" not in html and "https:" not in html
    bundle = ex._repr_mimebundle_()
    assert "text/html" in bundle and "application/vnd.jupyter.widget-view+json" in bundle


def test_too_many_frames_is_refused():
    ex = explorer(draw, {"w": 0.0, "kind": "a"}, frames={"w": list(range(10)), "kind": list("abcdef")}, alt="x")
    with pytest.raises(ValueError, match="48"):
        ex.static_html()


def test_frames_are_compact_and_look_the_same():
    import base64
    import io
    import re

    import numpy as np
    from PIL import Image

    from dlcourse.widgets.core import compact_frame

    figure, axes = plt.subplots(figsize=(6, 3))
    x = np.linspace(0, 6, 200)
    axes.contourf(*np.meshgrid(x, x), np.sin(np.meshgrid(x, x)[0]) * np.cos(np.meshgrid(x, x)[1]), 20)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=60)
    plt.close(figure)
    png = buffer.getvalue()
    small = compact_frame(png)
    assert small[:8] == b"\x89PNG\r\n\x1a\n" and len(small) < 0.7 * len(png)
    original = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float)
    again = np.asarray(Image.open(io.BytesIO(small)).convert("RGB"), dtype=float)
    assert np.abs(original - again).mean() < 2.0  # out of 255: the eye sees no difference
    assert compact_frame(png, "jpeg")[:2] == b"\xff\xd8"

    ex = explorer(draw, {"w": 1.0, "kind": "a"}, frames={"w": [0.0, 1.0]}, alt="photo", image_format="jpeg")
    frames = re.findall(r'"([A-Za-z0-9+/=]{200,})"', ex.static_html())
    assert frames and all(base64.b64decode(f)[:2] == b"\xff\xd8" for f in frames)
