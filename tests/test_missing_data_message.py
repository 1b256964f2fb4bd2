"""The missing-data message names each searched folder once, however it was spelled."""

from __future__ import annotations

import os

import pytest

from dlcourse import data


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
