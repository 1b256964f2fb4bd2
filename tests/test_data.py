import gzip
import io
import os
import shutil
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import numpy as np
import pytest

from dlcourse import data

ROOT = Path(__file__).resolve().parents[1]


def test_mirror_loaders(mirror):
    (x, y), (xt, yt) = data.load_mnist()
    assert x.shape == (60000, 28, 28) and x.dtype == np.uint8 and xt.shape == (10000, 28, 28)
    assert set(np.unique(y)) == set(range(10))
    (x, y), (xv, yv) = data.load_asl()
    assert x.shape[1:] == (28, 28) and y.min() >= 0 and y.max() == len(data.ASL_LETTERS) - 1
    sentences, labels, sources = data.load_sentiment()
    assert len(sentences) == len(labels) == 3000 and set(sources) == {"amazon", "imdb", "yelp"}
    headlines = data.load_headlines()
    assert len(headlines) > 8000 and "Unknown" not in headlines


def test_webp_named_jpg_loads_and_folder_layout(mirror):
    webp = data.presidential_doggy_door_dir() / "train" / "bo" / "bo_13.jpg"
    assert webp.read_bytes()[8:12] == b"WEBP"
    assert data.load_image(webp, (64, 64)).shape == (64, 64, 3)
    images, labels, names, paths = data.image_folder(data.presidential_doggy_door_dir() / "valid", (32, 32))
    assert names == ["bo", "not_bo"] and images.shape[1:] == (32, 32, 3) and len(paths) == len(labels)


def test_mnist_fast_without_tensorflow(mirror):
    code = ("import time, sys; from dlcourse import data; data.load_mnist(); t = time.perf_counter(); "
            "data.load_mnist(); print(time.perf_counter() - t, 'tensorflow' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert float(out[0]) < 1.0 and out[1] == "False"


def test_keras_home_points_at_local_weights(mirror):
    env = {k: v for k, v in os.environ.items() if k != "KERAS_HOME"}
    env["DLCOURSE_DATA_DIR"] = str(mirror)
    code = "import dlcourse, os; print(os.environ['KERAS_HOME'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True)
    assert Path(out.stdout.strip()) == mirror / "keras"


def test_offline_without_copy_says_where_and_how(isolated_data):
    with pytest.raises(data.DataNotFound) as error:
        data.load_mnist()
    message = str(error.value)
    assert "mnist/train-images-idx3-ubyte.gz" in message and "Looked in" in message
    assert "dlcourse data fetch mnist" in message and "DLCOURSE_DATA_DIR" in message


def test_asl_has_manual_instructions(isolated_data):
    with pytest.raises(data.DataNotFound, match="kaggle"):
        data.load_asl()


def _serve(monkeypatch, payload: bytes, fail_first: int = 0, cut_at: int | None = None):
    calls = {"n": 0}

    class Response(io.BytesIO):
        headers = {"Content-Length": str(len(payload))}

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    def urlopen(url, timeout=None):
        calls["n"] += 1
        if calls["n"] <= fail_first:
            raise urllib.error.URLError("connection reset (test)")
        return Response(payload[:cut_at] if cut_at else payload)

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)
    return calls


def test_download_verifies_and_retries_once(mirror, isolated_data, monkeypatch):
    _, cache = isolated_data
    payload = (mirror / "mnist/t10k-labels-idx1-ubyte.gz").read_bytes()
    calls = _serve(monkeypatch, payload, fail_first=1)
    path = data.locate("mnist/t10k-labels-idx1-ubyte.gz")
    assert calls["n"] == 2 and path.parent == cache / "mnist"
    assert not list(cache.rglob("*.part"))


def test_truncated_download_is_never_used(mirror, isolated_data, monkeypatch):
    _, cache = isolated_data
    payload = (mirror / "mnist/t10k-labels-idx1-ubyte.gz").read_bytes()
    _serve(monkeypatch, payload, cut_at=len(payload) // 2)
    with pytest.raises(data.DataNotFound, match="closed after"):
        data.locate("mnist/t10k-labels-idx1-ubyte.gz")
    assert not (cache / "mnist/t10k-labels-idx1-ubyte.gz").exists() and not list(cache.rglob("*.part"))


def test_wrong_bytes_download_is_quarantined(isolated_data, monkeypatch):
    _, cache = isolated_data
    _serve(monkeypatch, gzip.compress(b"not mnist"))
    with pytest.raises(data.DataCorrupt, match="sha256"):
        data.locate("mnist/t10k-labels-idx1-ubyte.gz")
    assert not (cache / "mnist/t10k-labels-idx1-ubyte.gz").exists()


def test_ctrl_c_leaves_no_half_file(isolated_data, monkeypatch):
    _, cache = isolated_data

    def interrupted(url, timeout=None):
        raise KeyboardInterrupt

    monkeypatch.setattr(urllib.request, "urlopen", interrupted)
    with pytest.raises(KeyboardInterrupt):
        data.locate("mnist/t10k-labels-idx1-ubyte.gz")
    assert not list(cache.rglob("*")) or not [p for p in cache.rglob("*") if p.is_file()]


def test_corrupt_local_copy_is_reported_not_used(mirror, isolated_data):
    data_dir, _ = isolated_data
    (data_dir / "mnist").mkdir()
    good = (mirror / "mnist/t10k-labels-idx1-ubyte.gz").read_bytes()
    (data_dir / "mnist/t10k-labels-idx1-ubyte.gz").write_bytes(good[: len(good) // 2])
    with pytest.raises(data.DataCorrupt, match="failed its sha256 check") as error:
        data.locate("mnist/t10k-labels-idx1-ubyte.gz")
    assert "Could not find" not in str(error.value) and "download" in str(error.value)
    rows = {(p, s) for p, s, _ in data.verify_all()}
    assert ("mnist/t10k-labels-idx1-ubyte.gz", "CORRUPT") in rows


def test_corrupt_local_copy_passed_over_for_the_cache_says_so(mirror, isolated_data):
    data_dir, cache = isolated_data
    good = (mirror / "mnist/t10k-labels-idx1-ubyte.gz").read_bytes()
    for folder, payload in ((data_dir, good[: len(good) // 2]), (cache, good)):
        (folder / "mnist").mkdir(parents=True)
        (folder / "mnist/t10k-labels-idx1-ubyte.gz").write_bytes(payload)
    with pytest.warns(data.DataWarning, match=r"data/mnist/t10k-labels-idx1-ubyte.gz failed its sha256.*passed over"):
        assert data.locate("mnist/t10k-labels-idx1-ubyte.gz") == cache / "mnist/t10k-labels-idx1-ubyte.gz"


def _csv(path: Path, header: list[str], rows: list[list[int]]):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(",".join(map(str, r)) for r in [header, *rows]) + "\n")


GOOD_HEADER = ["label"] + [f"pixel{i}" for i in range(1, 785)]


@pytest.mark.parametrize("header, row, words", [
    (["letter"] + GOOD_HEADER[1:], [0] * 785, "first column"),
    (GOOD_HEADER[:-1], [0] * 784, "783 pixel columns"),
    (GOOD_HEADER, [9] + [0] * 784, "label 9 is out of range"),
    (GOOD_HEADER, [30] + [0] * 784, "out of range"),
    (GOOD_HEADER, [0] + [300] * 784, "outside 0..255"),
])
def test_bad_csv_is_explained(tmp_path, header, row, words):
    _csv(tmp_path / "bad.csv", header, [row])
    with pytest.raises(data.DataFormatError, match=words):
        data.read_sign_mnist_csv(tmp_path / "bad.csv")


def test_letters_map_to_24_classes(tmp_path):
    _csv(tmp_path / "ok.csv", GOOD_HEADER, [[24] + [1] * 784, [0] + [2] * 784, [10] + [3] * 784])
    images, codes = data.read_sign_mnist_csv(tmp_path / "ok.csv")
    classes = np.searchsorted(data.ASL_LABEL_CODES, codes)
    assert images.shape == (3, 28, 28) and "".join(data.ASL_LETTERS[c] for c in classes) == "YAK"


def test_photo_folder_errors_name_the_problem(tmp_path):
    from PIL import Image

    root = tmp_path / "photos"
    (root / "my_dog").mkdir(parents=True)
    (root / "others").mkdir()
    Image.new("RGB", (10, 10), "red").save(root / "my_dog" / "a.jpg")
    with pytest.raises(data.DataFormatError, match="others has 0 photo"):
        data.image_folder(root)
    (root / "others" / "broken.jpg").write_bytes(b"this is not a jpeg")
    with pytest.raises(data.ImageReadError, match="broken.jpg"):
        data.image_folder(root)
    with pytest.warns(UserWarning, match="broken.jpg"):
        images, labels, names, _ = data.image_folder(root, (8, 8), skip_unreadable=True)
    assert images.shape == (1, 8, 8, 3) and names == ["my_dog", "others"]
    with pytest.raises(data.DataNotFound, match="no folder"):
        data.image_folder(tmp_path / "nowhere")


def test_catalog_is_consistent():
    entries = data.catalog()
    assert len(entries) > 190
    for entry in entries.values():
        assert entry.sha256 or entry.group == "asl"
        assert entry.url or entry.group in data.MANUAL


def test_github_downloads_pin_full_commits():
    github = [e.url for e in data.catalog().values() if "githubusercontent" in e.url]
    assert len(github) > 150
    for url in github:
        commit = url.split("/")[5]
        assert len(commit) == 40 and all(c in "0123456789abcdef" for c in commit), url


def _make_catalog():
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_catalog", ROOT / "tools" / "make_catalog.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_catalog_matches_the_mirror_manifest(mirror):
    generated = _make_catalog().catalog_text(str(mirror / "MANIFEST.tsv"))
    stored = (ROOT / "src" / "dlcourse" / "catalog.tsv").read_text()
    assert generated == stored, "catalog.tsv is stale: run python tools/make_catalog.py ../shared/data/MANIFEST.tsv"


def test_short_commit_in_manifest_is_refused():
    with pytest.raises(ValueError, match="40-character"):
        _make_catalog().github_url("asl_images/a.png", "github owner/repo@26b9503 data/asl_images/a.png")


def test_search_path_names_each_folder_once(isolated_data, monkeypatch):
    data_dir, cache = isolated_data
    monkeypatch.setenv("DLCOURSE_DATA_DIR", os.pathsep.join([str(data_dir), str(cache), str(data_dir) + "/"]))
    with pytest.raises(data.DataNotFound) as error:
        data.locate("mnist/t10k-labels-idx1-ubyte.gz")
    looked = [line for line in str(error.value).splitlines() if line.startswith("  - ")]
    assert len(looked) == len(set(looked)) == 3  # data_dir, cache, the container folder


def test_new_signers_load_and_say_when_absent(mirror, isolated_data, monkeypatch):
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(mirror))
    x, y = data.load_asl_new_signers()
    assert x.shape[1:] == (28, 28) and x.dtype == np.uint8 and len(x) == len(y) > 100
    assert set(np.unique(y)) <= set(range(24))
    monkeypatch.setenv("DLCOURSE_DATA_DIR", str(isolated_data[0]))
    with pytest.raises(data.DataNotFound, match="no public download"):
        data.load_asl_new_signers()


@pytest.mark.parametrize("rows, words", [
    ([], "header but no data rows"),
    ([[0] * 785, [0] * 400], r"data row 2 \(line 3\): 400 values instead of 785"),
    ([[0] * 785, [0] * 10 + ["1.5"] + [0] * 774], r"data row 2 \(line 3\), column pixel10: '1.5' is not a whole"),
])
def test_csv_row_problems_name_the_row(tmp_path, rows, words):
    _csv(tmp_path / "bad.csv", GOOD_HEADER, rows)
    with pytest.raises(data.DataFormatError, match=words):
        data.read_sign_mnist_csv(tmp_path / "bad.csv")


def _photo_room(root: Path, *classes: str) -> Path:
    from PIL import Image

    for name in classes:
        (root / name).mkdir(parents=True)
        Image.new("RGB", (10, 10), "red").save(root / name / "a.jpg")
    return root


def test_skipped_files_and_folders_are_named_in_one_line(tmp_path):
    root = _photo_room(tmp_path / "photos", "bo", "not_bo")
    (root / "bo" / "IMG_1.HEIC").write_bytes(b"heic")
    (root / "bo" / "more").mkdir()
    with pytest.warns(data.DataWarning, match=r"skipped in .*bo: IMG_1.HEIC \(HEIC .*\); more/ \(a folder"):
        images, *_ = data.image_folder(root, (8, 8))
    assert len(images) == 2


def test_a_stray_class_folder_is_named(tmp_path):
    root = _photo_room(tmp_path / "photos", "bo", "not_bo", "Bo_extra")
    with pytest.warns(data.DataWarning, match=r"Bo_extra/ becomes a class of its own beside bo/"):
        data.image_folder(root, (8, 8))
    with pytest.raises(data.DataFormatError, match=r"Bo_extra that are not among the expected classes bo, not_bo"):
        data.image_folder(root, (8, 8), classes=["bo", "not_bo"])

def test_looked_in_names_each_folder_once(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    (tmp_path / "link").symlink_to(folder)
    spellings = [str(folder), f"{folder}/", str(tmp_path / "link"), str(folder / ".." / "data")]
    monkeypatch.setenv("DLCOURSE_DATA_DIR", os.pathsep.join(spellings))
    monkeypatch.setenv("DLCOURSE_CACHE_DIR", str(folder))
    with pytest.raises(data.DataNotFound) as error:
        data.locate("mnist/t10k-labels-idx1-ubyte.gz", download=False)
    looked = str(error.value).split("Looked in:\n")[1].split("\n")
    listed = [line for line in looked if line.startswith("  - ")]
    assert len(listed) == 2, listed  # the folder, and the image's /opt/dlcourse/data
    assert len({os.path.realpath(line[4:]) for line in listed}) == 2
