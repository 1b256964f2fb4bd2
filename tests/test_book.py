"""The book builds from the stored outputs, with warnings as errors, without executing anything."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.book
def test_book_builds_with_warnings_as_errors(tmp_path):
    jb = Path(sys.executable).with_name("jupyter-book")
    out = tmp_path / "book"
    result = subprocess.run([str(jb), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    html = out / "_build" / "html"
    assert (html / "book" / "intro.html").exists()
    keep = ROOT / "test-artifacts"
    keep.mkdir(exist_ok=True)
    shutil.copytree(html, keep / "book-html", dirs_exist_ok=True)


def test_toc_lists_every_notebook():
    toc = (ROOT / "_toc.yml").read_text()
    for folder in ("notebooks", "labs", "solutions"):
        for notebook in sorted((ROOT / folder).glob("*.ipynb")):
            assert f"file: {folder}/{notebook.stem}\n" in toc, f"{folder}/{notebook.name} is not in _toc.yml: run tools/make_toc.py"
