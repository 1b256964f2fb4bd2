"""What a learner meets on Colab, offline: where downloads go with no course settings, and the
upload widget's fallback to Colab's own file picker (with a stand-in ``google.colab``)."""

import sys
import types
from pathlib import Path

import pytest

from dlcourse import data
from dlcourse.widgets import deployment
from tests.widgets.test_deployment import model, png_bytes  # noqa: F401 (a fixture and a helper)


def test_default_cache_is_under_home(monkeypatch, tmp_path):
    for name in ("DLCOURSE_CACHE_DIR", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    assert data.cache_dir() == Path(tmp_path) / ".cache" / "dlcourse"


def test_xdg_then_course_setting_override_it(monkeypatch, tmp_path):
    monkeypatch.delenv("DLCOURSE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert data.cache_dir() == tmp_path / "xdg" / "dlcourse"
    monkeypatch.setenv("DLCOURSE_CACHE_DIR", str(tmp_path / "mine"))
    assert data.cache_dir() == tmp_path / "mine"


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
