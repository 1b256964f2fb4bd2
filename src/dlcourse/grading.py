"""``dlcourse grade``: run a room's submitted labs and report per learner and per exercise."""

from __future__ import annotations

import csv
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from dlcourse.running import run_notebook


@dataclass
class GradeRow:
    learner: str
    lab: str
    exercise: str
    status: str
    note: str = ""


def find_notebooks(paths: list[Path]) -> list[Path]:
    found = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts))
        else:
            found.append(path)
    return found


def learner_of(path: Path, roots: list[Path]) -> str:
    """A learner is named by their sub-folder (room/alice/06_mnist.ipynb) or by the file's stem."""
    for root in roots:
        if root.is_dir() and path.is_relative_to(root) and len(path.relative_to(root).parts) > 1:
            return path.relative_to(root).parts[0]
    return path.stem


def grade_one(path: Path, learner: str, timeout: int) -> list[GradeRow]:
    from dlcourse import progress
    from dlcourse.exercises import all_labs

    try:
        notebook = json.loads(path.read_text())
        assert isinstance(notebook, dict) and isinstance(notebook.get("cells"), list)
    except (OSError, UnicodeDecodeError, ValueError, AssertionError):
        return [GradeRow(learner, path.name, "-", "error", "not a readable notebook (corrupt or not .ipynb JSON)")]
    labs = {lab.id: lab for lab in all_labs()}
    lab_id = next((lid for lid in labs if path.stem.startswith(lid)), None)
    with tempfile.TemporaryDirectory() as scratch:
        results_file = Path(scratch) / "progress.json"
        run = run_notebook(path, timeout=timeout, allow_errors=True, cwd=Path(scratch),
                           env={"DLCOURSE_PROGRESS_FILE": str(results_file)})
        results = progress.load(results_file)
    note = "" if run.ok else run.error
    rows = []
    if lab_id is None and results:
        lab_id = next(iter(results))
    if lab_id in labs:
        exercises = list(labs[lab_id].exercises)
    else:  # a lab the package does not know: its exercises are the ones its cells check
        named = re.findall(r"""lab\.(?:check|todo)\(\s*['"]([\w-]+)['"]""", json.dumps(notebook["cells"]).replace('\\"', '"'))
        exercises = list(dict.fromkeys([*named, *results.get(lab_id, {})]))
    for name in exercises:
        entry = results.get(lab_id, {}).get(name)
        status = entry["status"] if entry else "not attempted"
        rows.append(GradeRow(learner, lab_id or path.name, name, status, note))
    if not rows:
        rows.append(GradeRow(learner, path.name, "-", "error", note or "no course lab found in this notebook"))
    return rows


def grade(paths: list[Path], timeout: int = 900) -> list[GradeRow]:
    rows = []
    for notebook in find_notebooks(paths):
        rows.extend(grade_one(notebook, learner_of(notebook, paths), timeout))
    return rows


def write_reports(rows: list[GradeRow], out: Path) -> tuple[Path, str]:
    """Write the CSV and a Markdown table (per learner: exercises passed); return the table text."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["learner", "lab", "exercise", "status", "note"])
        for r in rows:
            writer.writerow([r.learner, r.lab, r.exercise, r.status, r.note])
    lines = ["| learner | lab | passed | failed | not attempted | note |", "|---|---|---|---|---|---|"]
    keys = sorted({(r.learner, r.lab) for r in rows})
    for learner, lab in keys:
        mine = [r for r in rows if r.learner == learner and r.lab == lab]
        count = {s: sum(r.status == s for r in mine) for s in ("pass", "fail", "not attempted")}
        note = next((r.note for r in mine if r.note), "")
        if any(r.status == "error" for r in mine):
            note = note or "error"
        lines.append(f"| {learner} | {lab} | {count['pass']}/{len(mine)} | {count['fail']} | "
                     f"{count['not attempted']} | {note.replace('|', '/')[:120]} |")
    text = "\n".join(lines)
    out.with_suffix(".md").write_text(text + "\n")
    return out, text
