"""Pretrained Keras weights from a folder the learner cannot write.

Keras (``keras.utils.get_file``) ignores ``KERAS_HOME`` when the learner cannot write to it: it
falls back to ``/tmp/.keras`` and downloads the weights again. Read-only weights are common: the
root-owned data baked into the course image, a read-only mount, a JupyterHub's shared data folder.
``writable_view`` gives Keras a folder it can write to whose files are links to the read-only ones,
so ``keras.applications.MobileNet(weights="imagenet")`` loads them offline, unchanged.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def is_writable(folder: Path) -> bool:
    """True if Keras would use ``folder`` (and its ``models/``) as its cache as it is."""
    models = folder / "models"
    return os.access(folder, os.W_OK) and (not models.exists() or os.access(models, os.W_OK))


def _link(source: Path, link: Path) -> None:
    """Make ``link`` a symlink to ``source``, replacing a stale link (never a real file)."""
    if link.is_symlink():
        if os.readlink(link) == str(source):
            return
        link.unlink()
    elif link.exists():
        return  # a file the learner downloaded or wrote there: keep it
    try:
        link.symlink_to(source)
    except FileExistsError:
        pass  # another process (a second kernel, a test worker) made it just now


def _mirror(source: Path, target: Path) -> None:
    """Recreate ``source``'s folders under ``target``, with links to its files."""
    for folder, _dirs, files in os.walk(source):
        relative = Path(folder).relative_to(source)
        (target / relative).mkdir(parents=True, exist_ok=True)
        for name in files:
            _link(Path(folder) / name, target / relative / name)


def _fallback_root() -> Path:
    return Path(tempfile.gettempdir()) / f"dlcourse-keras-{os.getuid()}"


def writable_view(source: Path, target: Path) -> Path:
    """A Keras home with ``source``'s files that the learner can write: ``source`` itself if it is
    writable, else ``target`` (or a per-user temporary folder if ``target`` cannot be made)
    filled with links to ``source``'s files."""
    if is_writable(source):
        return source
    for root in (target, _fallback_root()):
        try:
            _mirror(source, root)
            return root
        except OSError:
            continue
    return source  # nothing writable at all: Keras's own fallback is all that is left


def point_keras_at(home: Path) -> None:
    """Set ``KERAS_HOME`` to ``home``; if Keras is already imported, tell it too."""
    os.environ["KERAS_HOME"] = str(home)
    config = sys.modules.get("keras.src.backend.config")
    if config is not None and hasattr(config, "_KERAS_DIR"):
        config._KERAS_DIR = str(home)  # Keras reads KERAS_HOME once, when it is imported
