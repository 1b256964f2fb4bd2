"""Where downloads go with no course settings (Colab, a bare Jupyter): the user's own cache,
which lives as long as the machine or runtime does; the settings override it in order."""

from pathlib import Path

from dlcourse import data


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
