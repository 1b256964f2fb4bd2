import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from dlcourse.widgets.mistakes import ALL, find_mistakes, mistakes_figure, mistakes_widget  # noqa: E402


def _data():
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, size=(40, 28, 28)).astype(np.uint8)
    labels = np.arange(40) % 4
    probabilities = np.full((40, 4), 0.1)
    probabilities[np.arange(40), labels] = 0.7  # right by default
    wrong = np.arange(0, 40, 3)  # 14 mistakes
    probabilities[wrong] = 0.1
    probabilities[wrong, (labels[wrong] + 1) % 4] = 0.5 + wrong / 100
    return images, labels, probabilities, wrong


def test_find_mistakes_filters_and_orders_by_confidence():
    _, labels, probabilities, wrong = _data()
    found = find_mistakes(labels, probabilities)
    assert sorted(found) == sorted(wrong)
    assert list(found) == sorted(wrong, reverse=True)  # larger index = more confident here
    only = find_mistakes(labels, probabilities, true_class=2)
    assert len(only) > 0 and all(labels[i] == 2 for i in only)
    assert len(only) < len(found)


def test_figure_titles_change_with_class_and_page():
    images, labels, probabilities, wrong = _data()
    names = ["A", "B", "C", "D"]
    first = mistakes_figure(images, labels, probabilities, names, ALL, 0, rows=2, cols=3)
    second = mistakes_figure(images, labels, probabilities, names, ALL, 1, rows=2, cols=3)
    title1, title2 = first._suptitle.get_text(), second._suptitle.get_text()
    assert "14 mistakes" in title1 and "page 1 of 3" in title1 and "page 2 of 3" in title2
    shown1 = [ax.get_title() for ax in first.axes if ax.get_title()]
    shown2 = [ax.get_title() for ax in second.axes if ax.get_title()]
    assert len(shown1) == 6 and shown1 != shown2
    one_class = mistakes_figure(images, labels, probabilities, names, 1, 0)
    titles = [ax.get_title() for ax in one_class.axes if ax.get_title()]
    assert titles and all(t.startswith("B → C") for t in titles)
    assert "true class B" in one_class._suptitle.get_text()
    huge_page = mistakes_figure(images, labels, probabilities, names, ALL, 99, rows=2, cols=3)
    assert "page 3 of 3" in huge_page._suptitle.get_text()
    plt.close("all")


def test_widget_controls_redraw():
    images, labels, probabilities, _ = _data()
    view = mistakes_widget(images, labels, probabilities, ["A", "B", "C", "D"], frame_classes=[ALL, 0])
    assert len(view.frame_values()) == 4
    view.set(true_class=3, page=0)
    html = view.static_html()
    assert html.count("data:image/png;base64") >= 1 and "true_class" in html
    plt.close("all")
