import keras
import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")

from dlcourse.widgets import applications as adv  # noqa: E402


@pytest.fixture(scope="module")
def trained():
    """A small dense MNIST model trained for a few seconds, and test digits it gets right."""
    from dlcourse.data import load_mnist

    keras.utils.set_random_seed(0)
    (x, y), (xt, yt) = load_mnist()
    x = x[:5000].reshape(-1, 784).astype("float32") / 255
    xt = xt[:300].reshape(-1, 784).astype("float32") / 255
    model = keras.Sequential([keras.Input((784,)), keras.layers.Dense(64, activation="relu"),
                              keras.layers.Dense(10, activation="softmax")])
    model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
    model.fit(x, y[:5000], epochs=3, batch_size=128, verbose=0)
    return model, xt, yt[:300]


def test_fgsm_stays_within_budget(trained):
    model, x, y = trained
    for epsilon in (0.0, 0.05, 0.2):
        adversarial = adv.fgsm(model, x[:20], y[:20], epsilon)
        assert adversarial.shape == x[:20].shape
        assert adversarial.min() >= 0 and adversarial.max() <= 1
        assert np.abs(adversarial - x[:20]).max() <= epsilon + 1e-6
    assert np.allclose(adv.fgsm(model, x[:5], y[:5], 0.0), x[:5])


def test_accuracy_falls_as_epsilon_grows(trained):
    model, x, y = trained
    accuracies = adv.accuracy_under_attack(model, x, y, [0.0, 0.05, 0.1, 0.25])
    assert accuracies[0] > 0.8
    assert accuracies[1] < accuracies[0] and accuracies[3] < accuracies[1]
    assert accuracies[3] < 0.2


def test_draw_attack_and_widget(trained):
    model, x, y = trained
    calm = adv.draw_attack(model, x, y, index=0, epsilon=0.0)
    assert "epsilon = 0" in calm._suptitle.get_text() and "not fooled" in calm._suptitle.get_text()
    assert np.allclose(np.asarray(calm.axes[1].images[0].get_array()), 0)
    strong = adv.draw_attack(model, x, y, index=0, epsilon=0.3)
    perturbation = np.asarray(strong.axes[1].images[0].get_array())
    assert np.abs(perturbation).max() == pytest.approx(0.3, abs=1e-5)
    assert "fooled" in strong._suptitle.get_text()
    bars_clean = [p.get_height() for p in strong.axes[3].patches[:10]]
    bars_adv = [p.get_height() for p in strong.axes[3].patches[10:20]]
    assert np.argmax(bars_clean) == y[0] and np.argmax(bars_adv) != y[0]
    widget = adv.adversarial_widget(model, x[:5], y[:5])
    widget.set(epsilon=0.2, index=2)
    assert len(widget.frame_values()) <= 48
