"""The book: built from stored outputs with warnings as errors, then read in a real browser."""

import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BROWSER = ROOT / "tests" / "infrastructure" / "browser"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def built_book(tmp_path_factory):
    jb = Path(sys.executable).with_name("jupyter-book")
    out = tmp_path_factory.mktemp("book")
    result = subprocess.run([str(jb), "build", str(ROOT), "--path-output", str(out), "-W", "-n", "--keep-going"],
                            capture_output=True, text=True, timeout=900)
    return result, out / "_build" / "html"


@pytest.mark.book
def test_book_builds_with_warnings_as_errors(built_book):
    result, html = built_book
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert (html / "book" / "intro.html").exists()
    assert "Copyright 2023" not in (html / "book" / "intro.html").read_text()
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copytree(html, ARTIFACTS / "book-html", dirs_exist_ok=True)


def test_toc_lists_every_notebook():
    toc = (ROOT / "_toc.yml").read_text()
    for folder in ("notebooks", "labs", "solutions"):
        for notebook in sorted((ROOT / folder).glob("*.ipynb")):
            assert f"file: {folder}/{notebook.stem}\n" in toc, f"{folder}/{notebook.name} is not in _toc.yml: run tools/make_toc.py"


def test_every_figure_has_a_caption_or_alt_text():
    for notebook in sorted((ROOT / "notebooks").glob("*.ipynb")):
        for index, cell in enumerate(json.loads(notebook.read_text())["cells"]):
            has_image = any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))
            if has_image:
                meta = cell["metadata"].get("mystnb", {})
                assert meta.get("image", {}).get("alt") or meta.get("figure", {}).get("caption"), \
                    f"{notebook.name} cell {index} shows a figure with no alt text or caption"


@pytest.fixture(scope="module")
def served_book(built_book):
    result, html = built_book
    if result.returncode != 0:
        pytest.skip("the book did not build")
    if subprocess.run(["bash", str(BROWSER / "install.sh")], capture_output=True).returncode != 0:
        pytest.skip("Chromium or the npm test tools could not be installed (no network?)")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}", html
    server.shutdown()


def browse(base: str, pages: list[str], shots: Path | None = None, scheme: str = "light") -> dict:
    env = {"COLOR_SCHEME": scheme, "PATH": "/usr/bin:/bin"}
    command = ["node", str(BROWSER / "book_check.mjs"), base, str(shots or ""), *pages]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=BROWSER, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout)


@pytest.mark.browser
def test_every_page_loads_offline_without_errors(served_book):
    base, html = served_book
    pages = sorted(str(p.relative_to(html)) for p in html.rglob("*.html")
                   if not p.relative_to(html).parts[0].startswith("_") and p.name not in ("search.html", "genindex.html"))
    ARTIFACTS.mkdir(exist_ok=True)
    report = browse(base, pages)
    assert report["external"] == [], f"requests left the machine: {report['external'][:5]}"
    for page, result in report["pages"].items():
        assert result["errors"] == [], f"{page}: {result['errors'][:3]}"
        for image in result["images"]:
            assert image["loaded"], f"{page}: image {image['src']} did not load"
            assert image["alt"].strip(), f"{page}: image {image['src']} has no alt text"


@pytest.mark.browser
def test_slider_on_a_lecture_page_changes_its_figure(served_book):
    base, html = served_book
    pages = sorted(str(p.relative_to(html)) for p in (html / "notebooks").glob("*.html")
                   if "dlcourse-explorer" in p.read_text())
    assert pages, "no lecture page carries a static widget"
    report = browse(base, pages)
    for page, result in report["pages"].items():
        assert result["sliders"] and all(s["changed"] for s in result["sliders"]), page


@pytest.mark.browser
def test_dark_mode_and_screenshots(served_book):
    base, _ = served_book
    shots = ARTIFACTS / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    report = browse(base, ["book/intro.html", "notebooks/01_neuron.html"], shots, scheme="dark")
    assert all(r["theme"] == "dark" for r in report["pages"].values())
    assert (shots / "book_intro.html.png").exists() and (shots / "notebooks_01_neuron.html.png").exists()


def test_chapters_are_numbered_one_way():
    """Lectures open with '# NN · Title' and solved labs with '# Lab NN · Title', as the TOC does."""
    for folder, prefix in (("notebooks", ""), ("solutions", "Lab "), ("labs", "Lab ")):
        for path in sorted((ROOT / folder).glob("[0-9][0-9]_*.ipynb")):
            first = "".join(json.loads(path.read_text())["cells"][0]["source"]).split("\n")[0]
            assert re.fullmatch(rf"# {prefix}{path.name[:2]} · [A-Z].+", first), f"{folder}/{path.name}: {first!r}"
    titles = re.findall(r'title: "(.*)"', (ROOT / "_toc.yml").read_text())
    assert titles and all(re.fullmatch(r"\d\d · .+", title) for title in titles), titles
