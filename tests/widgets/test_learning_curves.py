import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse.widgets.learning_curves import as_history, curves_figure, curves_widget, gap_at  # noqa: E402

OVERFIT = {"accuracy": [0.3, 0.6, 0.8, 0.95], "val_accuracy": [0.2, 0.25, 0.22, 0.2],
           "loss": [2.0, 1.2, 0.6, 0.2], "val_loss": [2.5, 2.6, 3.0, 3.5]}
GOOD = {"accuracy": [0.5, 0.8, 0.9], "val_accuracy": [0.5, 0.78, 0.88],
        "loss": [1.5, 0.6, 0.3], "val_loss": [1.5, 0.7, 0.4]}


class FakeHistory:
    history = GOOD


def test_gap_grows_for_overfitting_and_clips_epochs():
    assert gap_at(OVERFIT, 1) < gap_at(OVERFIT, 4)
    assert np.isclose(gap_at(OVERFIT, 4), 0.75)
    assert gap_at(OVERFIT, 99) == gap_at(OVERFIT, 4)
    assert np.isclose(gap_at(FakeHistory(), 3), 0.02)
    assert as_history(FakeHistory())["accuracy"] == GOOD["accuracy"]


def test_figure_follows_metric_and_epochs():
    figure = curves_figure({"dense": OVERFIT}, "accuracy", 2)
    lines = figure.axes[0].get_lines()
    assert len(lines) == 2 and list(lines[0].get_xdata()) == [1, 2]
    assert list(lines[1].get_ydata()) == [0.2, 0.25]
    assert "0.60/0.25" in figure.axes[0].get_title()
    loss = curves_figure({"dense": OVERFIT, "cnn": GOOD}, "loss", None)
    ax = loss.axes[0]
    assert len(ax.get_lines()) == 4 and ax.get_ylabel() == "loss"
    assert list(ax.get_lines()[2].get_xdata()) == [1, 2, 3]  # shorter run keeps its own length
    plt.close("all")


def test_widget_frames_and_controls():
    view = curves_widget({"dense": OVERFIT, "cnn": GOOD})
    assert {v["metric"] for v in view.frame_values()} == {"accuracy", "loss"}
    assert max(v["epochs"] for v in view.frame_values()) == 4
    view.set(metric="loss", epochs=2)
    assert "data:image/png;base64" in view.static_html()
    plt.close("all")
