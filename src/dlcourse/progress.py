"""The learner's progress: every check result, saved locally as they go.

Results live in one JSON file (``$DLCOURSE_PROGRESS_FILE``, default
``~/.dlcourse/progress.json``): ``{lab: {exercise: {"status": ..., "time": ...}}}``.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path


def progress_file() -> Path:
    custom = os.environ.get("DLCOURSE_PROGRESS_FILE")
    if custom:
        return Path(custom)
    return Path(os.environ.get("DLCOURSE_HOME", Path.home() / ".dlcourse")) / "progress.json"


def load(path: Path | None = None) -> dict:
    path = path or progress_file()
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def record(lab: str, exercise: str, status: str, path: Path | None = None) -> None:
    """Save one result; a pass is never overwritten by a later non-pass of the same exercise."""
    path = path or progress_file()
    data = load(path)
    entry = data.setdefault(lab, {}).get(exercise, {})
    best = "pass" if "pass" in (status, entry.get("best")) else status
    data[lab][exercise] = {"status": status, "best": best, "time": time.strftime("%Y-%m-%d %H:%M:%S")}
    if entry.get("solution_viewed"):
        data[lab][exercise]["solution_viewed"] = entry["solution_viewed"]
    _save(data, path)


def record_solution_viewed(lab: str, exercise: str, path: Path | None = None) -> None:
    """Note that the learner opened the solution of an exercise (kept beside its results)."""
    path = path or progress_file()
    data = load(path)
    entry = data.setdefault(lab, {}).setdefault(exercise, {"status": "not attempted", "best": "not attempted"})
    entry["solution_viewed"] = time.strftime("%Y-%m-%d %H:%M:%S")
    _save(data, path)


def _save(data: dict, path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, suffix=".tmp") as tmp:
            json.dump(data, tmp, indent=1, sort_keys=True)
        os.replace(tmp.name, path)
    except OSError:
        pass  # a read-only home must not break a check


def table(data: dict, all_labs: dict[str, list[str]] | None = None) -> list[tuple[str, str, str]]:
    """Rows (lab, exercise, best status) for every known exercise, attempted or not."""
    rows = []
    labs = dict(all_labs or {})
    for lab, exercises in data.items():
        labs.setdefault(lab, [])
        for name in exercises:
            if name not in labs[lab]:
                labs[lab].append(name)
    for lab in sorted(labs):
        for name in labs[lab]:
            entry = data.get(lab, {}).get(name)
            rows.append((lab, name, entry["best"] if entry else "not attempted"))
    return rows
