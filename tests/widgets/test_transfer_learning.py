"""The lecture 13 widget: the threshold slider changes the counts, titles and confusion matrix."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse.widgets.transfer_learning import (confusion_matrix, plot_confusion, threshold_figure,  # noqa: E402
                                              threshold_scores, threshold_widget)

P_BO = np.array([0.95, 0.8, 0.6, 0.3, 0.7, 0.4, 0.2, 0.1, 0.05, 0.02])
IS_BO = np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0], dtype=bool)


def test_confusion_matrix_counts():
    matrix = confusion_matrix([0, 0, 1, 1, 1], [0, 1, 1, 1, 0], 2)
    assert matrix.tolist() == [[1, 1], [1, 2]]
    figure = plot_confusion(matrix, ["a", "b"])
    assert [t.get_text() for t in figure.axes[0].texts] == ["1", "1", "1", "2"]
    plt.close(figure)


def test_threshold_scores_move_with_threshold():
    low, mid, high = (threshold_scores(P_BO, IS_BO, t) for t in (0.1, 0.5, 0.9))
    assert (low["tp"], low["fp"]) == (4, 4)
    assert (mid["tp"], mid["fp"], mid["fn"], mid["tn"]) == (3, 1, 1, 5)
    assert (high["tp"], high["fp"]) == (1, 0)
    assert mid["accuracy"] == 0.8 and abs(mid["balanced_accuracy"] - (0.75 + 5 / 6) / 2) < 1e-12


def test_widget_threshold_changes_figure():
    explorer = threshold_widget(P_BO, IS_BO)
    texts = {}
    for threshold in (0.1, 0.5, 0.9):
        figure = explorer.draw(threshold=threshold)
        texts[threshold] = (figure.axes[0].get_title(), figure.axes[1].get_title(),
                            [t.get_text() for t in figure.axes[1].texts])
        plt.close(figure)
    assert texts[0.5][2] == ["3", "1", "1", "5"] and texts[0.9][2] == ["1", "3", "0", "6"]
    assert "0.90" in texts[0.9][1] and texts[0.1][0] != texts[0.9][0]
    explorer.set(threshold=0.9)
    assert len(explorer.frame_values()) == 19


def test_threshold_figure_marks_threshold():
    figure = threshold_figure(P_BO, IS_BO, 0.35)
    assert any(abs(line.get_xdata()[0] - 0.35) < 1e-9 for line in figure.axes[0].lines)
    plt.close(figure)
