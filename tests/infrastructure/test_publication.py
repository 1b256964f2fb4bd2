"""_config.yml for publication: the placeholder check behind DLCOURSE_PUBLISH=1, and the launch
buttons each page gets, computed by sphinx-book-theme's own code from the real configuration."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qs, urlsplit

import pytest
from jupyter_book.config import get_final_config
from sphinx.errors import ConfigError
from sphinx_book_theme.header_buttons import update_context_with_repository_info
from sphinx_book_theme.header_buttons.launch import add_launch_buttons

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import publication  # noqa: E402


def sphinx_config(config_yml: Path = ROOT / "_config.yml") -> dict:
    """The Sphinx configuration Jupyter Book derives from ``_config.yml``."""
    config, _ = get_final_config(user_yaml=config_yml, cli_config={"latex_individualpages": False}, sourcedir=ROOT)
    return config


def published_config(tmp_path: Path, repository: str, hub: str) -> dict:
    text = (ROOT / "_config.yml").read_text()
    text = text.replace("https://github.com/YOUR-ORG/YOUR-REPO", repository)
    text = text.replace("https://hub.example.org", f"\"{hub}\"")
    path = tmp_path / "_config.yml"
    path.write_text(text)
    return sphinx_config(path)


class _SphinxConfig(dict):
    """Like Sphinx's ``app.config``: settings as items and as attributes."""

    __getattr__ = dict.__getitem__


def launch_urls(config: dict, page: str) -> dict[str, str]:
    """The launch buttons (name -> URL) that sphinx-book-theme puts on ``page`` (a notebook path)."""
    app = SimpleNamespace(
        config=_SphinxConfig(html_theme_options=config["html_theme_options"], html_context={}),
        builder=SimpleNamespace(theme_options=config["html_theme_options"]),
        env=SimpleNamespace(doc2path=lambda name: str(ROOT / f"{name}.ipynb"),
                            metadata={page: {"kernelspec": {"name": "python3"}}}))
    update_context_with_repository_info(app)
    context = {"pagename": page, "header_buttons": [], "sourcename": f"{page}.ipynb", **app.config.html_context}
    add_launch_buttons(app, page, "page.html", context, None)
    (group,) = context["header_buttons"]
    return {button["text"]: button["url"] for button in group["buttons"]}


def test_config_gives_the_theme_its_launch_buttons_and_repository():
    theme = sphinx_config()["html_theme_options"]
    assert theme["navigation_with_keys"] is True, "the book's own theme options must still apply"
    assert {"colab_url", "binderhub_url", "jupyterhub_url"} <= set(theme["launch_buttons"])
    assert theme["repository_url"] and theme["use_repository_button"] is True


def test_a_local_build_accepts_the_placeholders(monkeypatch):
    monkeypatch.delenv(publication.PUBLISH_FLAG, raising=False)
    config = sphinx_config()
    publication._check(None, SimpleNamespace(html_theme_options=config["html_theme_options"]))


def test_a_publication_build_names_every_placeholder(monkeypatch):
    monkeypatch.setenv(publication.PUBLISH_FLAG, "1")
    config = sphinx_config()
    with pytest.raises(ConfigError) as error:
        publication._check(None, SimpleNamespace(html_theme_options=config["html_theme_options"]))
    assert "repository.url" in str(error.value) and "launch_buttons.jupyterhub_url" in str(error.value)


def test_a_publication_build_passes_once_both_are_set(monkeypatch, tmp_path):
    monkeypatch.setenv(publication.PUBLISH_FLAG, "1")
    config = published_config(tmp_path, "https://github.com/acme/dl-course", "")
    publication._check(None, SimpleNamespace(html_theme_options=config["html_theme_options"]))


def test_a_publication_build_fails_if_the_theme_lost_its_buttons(monkeypatch):
    monkeypatch.setenv(publication.PUBLISH_FLAG, "1")
    with pytest.raises(ConfigError, match="recursive_update"):
        publication._check(None, SimpleNamespace(html_theme_options={"navigation_with_keys": True}))


@pytest.mark.parametrize("page", ["notebooks/01_neuron", "labs/06_mnist_dense"])
def test_launch_buttons_open_the_page_shown(page, tmp_path):
    config = published_config(tmp_path, "https://github.com/acme/dl-course", "https://hub.acme.org")
    urls = launch_urls(config, page)
    assert urls["Colab"] == f"https://colab.research.google.com/github/acme/dl-course/blob/main/{page}.ipynb"
    assert urls["Binder"] == f"https://mybinder.org/v2/gh/acme/dl-course/main?urlpath=lab/tree/{page}.ipynb"
    hub = urlsplit(urls["JupyterHub"])
    assert (hub.netloc, hub.path) == ("hub.acme.org", "/hub/user-redirect/git-pull")
    assert parse_qs(hub.query) == {"repo": ["https://github.com/acme/dl-course"],
                                   "urlpath": [f"lab/tree/dl-course/{page}.ipynb"], "branch": ["main"]}


def test_the_extension_is_registered_in_the_book():
    assert "publication" in sphinx_config()["extensions"]


@pytest.mark.parametrize("flag, fails", [("", False), ("1", True)])
def test_a_real_sphinx_start_obeys_the_flag(flag, fails, tmp_path):
    """Sphinx itself loads the extension; with the flag and the placeholders it stops at configuration."""
    theme_options = sphinx_config()["html_theme_options"]
    (tmp_path / "conf.py").write_text(f"extensions = ['publication']\nhtml_theme_options = {theme_options!r}\n")
    (tmp_path / "index.rst").write_text("Title\n=====\n")
    script = ("import sys; from sphinx.application import Sphinx\n"
              f"Sphinx({str(tmp_path)!r}, {str(tmp_path)!r}, {str(tmp_path / 'out')!r}, {str(tmp_path / 'doctrees')!r}, 'dummy')\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "book" / "_ext"), publication.PUBLISH_FLAG: flag}
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert (result.returncode != 0) == fails, result.stderr[-2000:]
    if fails:
        assert "not ready to publish" in result.stderr
