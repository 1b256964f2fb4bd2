"""The lecture 12 widget: the photo dropdown and the preprocessing switch change the drawing."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import dlcourse  # noqa: E402,F401
from dlcourse import data  # noqa: E402
from dlcourse.widgets.pretrained_models import door_decision, top_classes, top_classes_figure, top_classes_widget  # noqa: E402


def fake_predict(batch):
    """A stand-in model: a dog when the pixels are preprocessed, a cat for raw pixels, by brightness."""
    probabilities = np.full((1, 1000), 1e-4, dtype="float32")
    if batch.max() <= 1.0:
        probabilities[0, 151 + int((batch.mean() + 1) * 50) % 100] = 0.9
    else:
        probabilities[0, 283] = 0.9
    return probabilities / probabilities.sum()


def test_door_decision_ranges():
    assert "opens" in door_decision(151) and "opens" in door_decision(268)
    assert "cat" in door_decision(281) and "cat" in door_decision(285)
    assert "not a dog" in door_decision(269) and "not a dog" in door_decision(294)


def test_top_classes_sorted_and_named():
    p = np.zeros((1, 1000), dtype="float32")
    p[0, [294, 151, 285]] = [0.6, 0.3, 0.1]
    best = top_classes(p, k=3)
    assert [i for i, _, _ in best] == [294, 151, 285]
    assert best[0][1] == "brown_bear" and best[1][1] == "Chihuahua"


def test_figure_title_shows_decision():
    p = np.zeros((1, 1000), dtype="float32")
    p[0, 285] = 1.0
    figure = top_classes_figure(np.zeros((224, 224, 3), np.uint8), top_classes(p), "a cat")
    assert "cat" in figure.axes[1].get_title()
    plt.close(figure)


def test_widget_controls_change_the_figure():
    from keras.applications.mobilenet import preprocess_input

    photos = data.sample_images("doggy_door_images")
    explorer = top_classes_widget(fake_predict, photos, preprocess_input)
    titles = {}
    for photo in sorted(photos):
        for on in (True, False):
            figure = explorer.draw(photo=photo, preprocessed=on)
            titles[photo, on] = (figure.axes[0].get_title(), figure.axes[1].get_title(),
                                 [t.get_text() for t in figure.axes[1].get_yticklabels()])
            plt.close(figure)
    assert len({t[0] for t in titles.values()}) == 6
    assert all("opens" in titles[p, True][1] for p in photos)
    assert all("cat" in titles[p, False][1] for p in photos)
    explorer.set(photo="sleepy_cat.jpg", preprocessed=False)
    assert len(explorer.frame_values()) == 6
    assert "<img" in explorer.static_html()
