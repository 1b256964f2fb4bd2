import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIRROR = Path(os.environ.get("DLCOURSE_DATA_DIR", ROOT.parent / "shared" / "data"))


@pytest.fixture
def mirror(monkeypatch) -> Path:
    if not (MIRROR / "mnist").is_dir():
        pytest.skip("the offline data mirror is not available (set DLCOURSE_DATA_DIR)")
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(MIRROR))
    return MIRROR


@pytest.fixture
def isolated_data(tmp_path, monkeypatch):
    """An empty data folder and cache, and no network: what a fresh offline laptop has."""
    import urllib.error
    import urllib.request

    data_dir, cache = tmp_path / "data", tmp_path / "cache"
    data_dir.mkdir()
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(data_dir))
    monkeypatch.setenv("DLCOURSE_CACHE_DIR", str(cache))

    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network (test)")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    return data_dir, cache
