"""The upload widget in Colab: a pointer to Colab's own file picker, and that picker's path."""

import sys
import types

import pytest

from dlcourse.widgets import deployment
from tests.widgets.test_deployment import model, png_bytes  # noqa: F401 (a fixture and a helper)


@pytest.fixture
def colab(monkeypatch):
    """What a Colab kernel has: ``google.colab`` imported, with ``files.upload`` returning name -> bytes."""
    chosen = {}
    files = types.SimpleNamespace(upload=lambda: dict(chosen))
    colab_module = types.ModuleType("google.colab")
    colab_module.files = files
    monkeypatch.setitem(sys.modules, "google.colab", colab_module)
    return chosen


def test_outside_colab_the_widget_shows_only_the_button_and_its_prompt(model):
    assert not deployment.in_colab()
    button, message = deployment.upload_widget(model).children
    assert "colab_upload" not in message.value and "Choose a photo" in message.value


def test_in_colab_the_widget_names_the_fallback(model, colab):
    _, message = deployment.upload_widget(model).children
    assert "Choose a photo" in message.value and "colab_upload(model)" in message.value


def test_colab_upload_classifies_the_chosen_photo(model, colab):
    colab["me.png"] = png_bytes()
    assert deployment.colab_upload(model).startswith("me.png: Prediction: ")


def test_colab_upload_with_nothing_chosen_or_a_bad_file(model, colab):
    assert "Choose a photo" in deployment.colab_upload(model)
    colab["cv.pdf"] = b"%PDF-1.4 ..."
    assert deployment.colab_upload(model).startswith("cv.pdf: Sorry,")
