"""Give a learner their own fresh copy of the course's labs and lecture notebooks.

Used by every way the course is served: the one-machine JupyterHub (a spawner
``pre_spawn_hook`` in ``deploy/jupyterhub_config.py``), the container's start script
(``deploy/start-course.sh``, which Zero-to-JupyterHub runs too), and by hand::

    python deploy/fresh_labs.py HOME [--source COURSE_DIR]

A file is copied only when the learner does not have it yet: their work is never overwritten,
and labs published during the workshop appear at their next start. Deleting a lab (or the
whole ``labs`` folder) and restarting the server gives a fresh copy of it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

FOLDERS = ("labs", "notebooks")
SKIP = {".ipynb_checkpoints", "__pycache__", ".DS_Store"}


def course_dir() -> Path:
    """The course checkout to copy from: ``$DLCOURSE_COURSE_DIR``, else this file's checkout."""
    return Path(os.environ.get("DLCOURSE_COURSE_DIR") or Path(__file__).resolve().parents[1])


def provision(home: str | os.PathLike, source: str | os.PathLike | None = None,
              folders: tuple[str, ...] = FOLDERS, uid: int | None = None,
              gid: int | None = None) -> list[Path]:
    """Copy what ``home`` lacks of ``source/<folder>`` for each folder; return the new files."""
    home, source = Path(home), Path(source or course_dir())
    copied: list[Path] = []
    home.mkdir(parents=True, exist_ok=True)
    for folder in folders:
        origin = source / folder
        if not origin.is_dir():
            continue
        for path in sorted(origin.rglob("*")):
            relative = path.relative_to(source)
            if SKIP.intersection(relative.parts) or not path.is_file():
                continue
            target = home / relative
            if target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            target.chmod(0o644)  # the source may be read-only; the learner's copy is theirs to edit
            copied.append(target)
    if uid is not None:
        for path in [home, *home.rglob("*")]:
            os.chown(path, uid, gid if gid is not None else -1)
    return copied


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", nargs="?", default=os.path.expanduser("~"))
    parser.add_argument("--source", default=None, help="the course checkout (default: this one)")
    args = parser.parse_args(argv)
    copied = provision(args.home, args.source)
    print(f"fresh_labs: {len(copied)} new file(s) in {args.home}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
