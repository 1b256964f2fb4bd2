"""`dlcourse doctor` on MobileNet's weights: present, downloadable, or chapters 12 and 13 will fail."""

from __future__ import annotations

import pytest

from dlcourse import doctor


@pytest.fixture
def keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    (tmp_path / "models").mkdir()
    return tmp_path


def test_no_weights_and_no_network_says_chapters_12_and_13_fail(keras_home):
    check = doctor.check_weights(online=False)
    assert not check.ok
    assert "mobilenet_7_5_224_tf.h5" in check.detail and "not reachable" in check.detail
    assert "Chapters 12 and 13 will fail" in check.fix
    assert str(keras_home / "models") in check.fix and "DLCOURSE_DATA_DIR" in check.fix


def test_only_the_no_top_file_missing_names_chapter_13(keras_home):
    for name in ("mobilenet_7_5_224_tf.h5", "imagenet_class_index.json"):
        (keras_home / "models" / name).write_bytes(b"x")
    check = doctor.check_weights(online=False)
    assert not check.ok and check.fix.startswith("Chapter 13 will fail")


def test_no_weights_with_network_is_ok_and_says_they_download(keras_home):
    check = doctor.check_weights(online=True)
    assert check.ok and "downloads them on first use" in check.detail


def test_all_weights_present(keras_home):
    for name in doctor.WEIGHTS:
        (keras_home / "models" / name).write_bytes(b"x")
    check = doctor.check_weights(online=False)
    assert check.ok and "present" in check.detail and not check.fix


def test_diagnose_reports_the_weights_failure_offline(keras_home, monkeypatch):
    monkeypatch.setattr(doctor, "network_available", lambda *a, **k: False)
    weights = [c for c in doctor.check_data() if c.name == "keras weights"]
    assert len(weights) == 1 and not weights[0].ok and "will fail" in weights[0].fix
