"""Refuse to build the book for publication while ``_config.yml`` still holds a placeholder.

A publisher sets two values in ``_config.yml`` (see the README, "Publishing the book"):
``repository.url`` (the repository button, the Colab/Binder/JupyterHub launch buttons and the
notebooks' setup cell all derive from it) and ``launch_buttons.jupyterhub_url`` (or ``""`` for
no JupyterHub button). ``DLCOURSE_PUBLISH=1 jupyter-book build .`` stops with an error naming
every placeholder left; a local build without the flag keeps working with them.
"""

from __future__ import annotations

import os

from sphinx.errors import ConfigError

PLACEHOLDER_MARKS = ("YOUR-ORG", "YOUR-REPO", "hub.example.org")
PUBLISH_FLAG = "DLCOURSE_PUBLISH"


def is_placeholder(value: str) -> bool:
    return any(mark in value for mark in PLACEHOLDER_MARKS)


def publication_problems(theme_options: dict) -> list[str]:
    """What keeps these (Sphinx ``html_theme_options``) settings from being published."""
    launch = theme_options.get("launch_buttons") or {}
    if not theme_options.get("repository_url") or not launch:
        return ["the theme received no repository or launch buttons: keep `sphinx.recursive_update: true` "
                "in _config.yml (without it `sphinx.config.html_theme_options` replaces them)"]
    settings = {"repository.url": theme_options["repository_url"],
                "launch_buttons.jupyterhub_url": launch.get("jupyterhub_url", "")}
    return [f"{name} in _config.yml is still the placeholder {value!r}"
            for name, value in settings.items() if is_placeholder(value)]


def publishing() -> bool:
    return os.environ.get(PUBLISH_FLAG, "") not in ("", "0")


def _check(app, config) -> None:
    if not publishing():
        return
    problems = publication_problems(config.html_theme_options)
    if problems:
        raise ConfigError(f"{PUBLISH_FLAG} is set, but the book is not ready to publish:\n  - "
                          + "\n  - ".join(problems) + "\nSet them as the README's 'Publishing the book' says.")


def setup(app):
    app.connect("config-inited", _check)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
