"""``dlcourse grade``: run a room's submitted labs and report per learner and per exercise."""

from __future__ import annotations

import csv
import hashlib
import json
import re
import secrets
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
    note: str = ""  # about the whole notebook: it timed out, it is not readable
    message: str = ""  # about this exercise: why its check failed, what was tampered with


CHECKED = re.compile(r"""lab\.check\(\s*['"]([\w-]+)['"]""")
UNREADABLE = "not a readable notebook (corrupt or not .ipynb JSON)"
MESSAGE_CHARS = 200


@dataclass
class CheckCell:
    id: str | None
    source: str
    exercises: list[str]
    after: str | None = None  # the id of the cell before it (where to put it back if deleted)


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


def check_cells(cells) -> list[CheckCell]:
    """The cells that call ``lab.check``, with the exercises each one checks."""
    found = []
    for index, cell in enumerate(cells):
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        names = CHECKED.findall(source)
        if cell["cell_type"] == "code" and names:
            found.append(CheckCell(cell.get("id"), source, names, cells[index - 1].get("id") if index else None))
    return found


def course_labs() -> dict:
    """Each course lab's id -> (its Lab, the module that defines its checks)."""
    from dlcourse.exercises import all_labs

    return {lab.id: (lab, next(iter(lab.exercises.values())).check.__module__) for lab in all_labs()}


def lab_of(path: Path, cells: list, labs: dict) -> str | None:
    """The lab a submission is: its file name's prefix, else the checks module it imports."""
    by_name = next((lab_id for lab_id in labs if path.stem.startswith(lab_id)), None)
    if by_name or not cells:
        return by_name
    text = json.dumps([c.get("source") for c in cells])
    modules = {module: lab_id for lab_id, (_, module) in labs.items()}
    imported = re.search(r"(dlcourse\.exercises\.\w+)", text)
    if imported and imported[1] in modules:
        return modules[imported[1]]
    own = re.search(r"""Lab\(\s*\\?['"]([\w-]+)""", text)
    return own[1] if own else None


def canonical_check_cells(lab_id: str, course_root: Path) -> list[CheckCell] | None:
    solution = course_root / "solutions" / f"{lab_id}.ipynb"
    if not solution.exists():
        return None
    return check_cells(json.loads(solution.read_text())["cells"])


def restore_check_cells(notebook, canonical: list[CheckCell], module: str | None,
                        nonce: str) -> tuple[dict[str, list[str]], dict[str, str]]:
    """Put a grader cell (running the canonical check) where each check cell is, in place.

    Returns the grader cells' ids -> the exercises they check, and the tampering found by exercise.
    """
    import nbformat

    from dlcourse.grader_cell import cell_source

    tampered: dict[str, str] = {}
    graders: dict[str, list[str]] = {}
    cells = notebook.cells
    for number, check in enumerate(canonical):
        index = _matching_cell(cells, check)
        if index is None:
            tampered.update({name: "tampered: its check cell was deleted (restored)" for name in check.exercises})
            index = _insert_position(cells, check, number)
            cells.insert(index, nbformat.v4.new_code_cell(""))
        elif "".join(cells[index].source).strip() != check.source.strip():
            tampered.update({name: "tampered: its check cell was edited (restored)" for name in check.exercises})
        grader_id = f"dlcourse-grader-{number}"
        cells[index] = nbformat.v4.new_code_cell(cell_source(check.source, module, nonce), id=grader_id)
        graders[grader_id] = check.exercises
    return graders, tampered


def _matching_cell(cells, check: CheckCell) -> int | None:
    """The submission's cell for a canonical check cell: the same cell id, else the same exercises."""
    for index, cell in enumerate(cells):
        if check.id and cell.get("id") == check.id:
            return index
    for index, cell in enumerate(cells):
        if cell.cell_type == "code" and CHECKED.findall("".join(cell.source)) == check.exercises:
            return index
    return None


def _insert_position(cells, check: CheckCell, number: int) -> int:
    """Just after the cell it followed in the solution, else after the last earlier check, else at the end."""
    ids = [cell.get("id") for cell in cells]
    for wanted in [check.after, *(f"dlcourse-grader-{n}" for n in range(number - 1, -1, -1))]:
        if wanted and wanted in ids:
            return ids.index(wanted) + 1
    return len(cells)


def read_results(notebook, graders: dict[str, list[str]], nonce: str) -> dict[str, dict]:
    """Each exercise's result, as its grader cell printed it (marked with this run's nonce)."""
    from dlcourse.grader_cell import MARK

    results = {}
    for cell in notebook.cells:
        if cell.get("id") not in graders:
            continue
        text = "".join(o.get("text", "") for o in cell.get("outputs", [])
                       if o.get("output_type") == "stream" and o.get("name") == "stdout")
        for line in text.splitlines():
            if not line.startswith(f"{MARK}-{nonce} "):
                continue
            entry = json.loads(line.split(" ", 1)[1])
            if "cell_error" in entry:
                for name in graders[cell["id"]]:
                    results.setdefault(name, {"status": "fail", "message": "its check cell raised "
                                              + entry["cell_error"], "tampered": entry["tampered"]})
            else:
                results.setdefault(entry["exercise"], entry)
    return results


PACKAGE = Path(__file__).resolve().parent
PACKAGE_CHANGED = ("tampered: the course package's check files changed while this notebook ran, so its "
                   "checks cannot be trusted: no result kept; reinstall the package before grading more")
IMPORTED = re.compile(r"^\s*(?:from|import) (dlcourse(?:\.\w+)*)", re.M)


def watched_files(module: str | None) -> list[Path]:
    """The files the grader's fresh checks are read from: the checking code, the lab's checks module
    and the course modules that one imports."""
    files = [PACKAGE / "checking.py", PACKAGE / "grader_cell.py"]
    if module:
        own = PACKAGE.joinpath(*module.split(".")[1:]).with_suffix(".py")
        files.append(own)
        for name in IMPORTED.findall(own.read_text()):
            candidate = PACKAGE.joinpath(*name.split(".")[1:]).with_suffix(".py")
            files.append(candidate if candidate.is_file() else candidate.with_suffix("") / "__init__.py")
    return sorted({f for f in files if f.is_file()})


def fingerprint(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(str(path).encode() + b"\0" + (path.read_bytes() if path.is_file() else b"(deleted)"))
    return digest.hexdigest()


def _unreadable_rows(path: Path, learner: str, labs: dict) -> list[GradeRow]:
    lab_id = lab_of(path, [], labs)
    if lab_id is None:
        return [GradeRow(learner, path.stem, "-", "error", UNREADABLE)]
    return [GradeRow(learner, lab_id, name, "error", UNREADABLE) for name in labs[lab_id][0].exercises]


def grade_one(path: Path, learner: str, timeout: int, course_root: Path | None = None) -> list[GradeRow]:
    import nbformat

    from dlcourse import progress

    labs = course_labs()
    try:
        notebook = nbformat.reads(path.read_text(), as_version=4)
        assert isinstance(notebook.get("cells"), list)
    except Exception:  # nbformat raises many kinds for a file that is not a notebook
        return _unreadable_rows(path, learner, labs)
    lab_id = lab_of(path, notebook.cells, labs)
    known = lab_id in labs
    canonical = canonical_check_cells(lab_id, course_root or _course_root()) if known else None
    setup_note = "" if canonical or not known else "solutions/ not found: the notebook's own check cells were used"
    nonce = secrets.token_hex(16)
    graders, tampered = restore_check_cells(notebook, canonical or check_cells(notebook.cells),
                                            labs[lab_id][1] if known else None, nonce)
    with tempfile.TemporaryDirectory() as scratch:
        prepared = Path(scratch) / path.name
        nbformat.write(notebook, prepared)
        results_file = Path(scratch) / "progress.json"
        watched = watched_files(labs[lab_id][1] if known else None)
        package_before = fingerprint(watched)
        run = run_notebook(prepared, timeout=timeout, allow_errors=True, cwd=Path(scratch),
                           env={"DLCOURSE_PROGRESS_FILE": str(results_file)})
        claimed = progress.load(results_file).get(lab_id, {})
    exercises = list(labs[lab_id][0].exercises) if known else list(dict.fromkeys(
        name for names in graders.values() for name in names))
    if fingerprint(watched) != package_before:
        return [GradeRow(learner, lab_id or path.stem, name, "error", PACKAGE_CHANGED) for name in exercises or ["-"]]
    results = read_results(run.notebook, graders, nonce)
    note = "; ".join(filter(None, [setup_note, "" if run.ok else run.error]))
    rows = [_exercise_row(learner, lab_id, name, results.get(name), tampered.get(name),
                          claimed.get(name, {}), note) for name in exercises]
    return rows or [GradeRow(learner, lab_id or path.stem, "-", "error", note or "no course lab found in this notebook")]


def _exercise_row(learner: str, lab_id: str, name: str, result: dict | None, tampered: str | None,
                  claimed: dict, note: str) -> GradeRow:
    status = result["status"] if result else "not attempted"
    problems = [tampered, *(f"tampered: {t}" for t in (result or {}).get("tampered", []))]
    if status != "pass" and "pass" in (claimed.get("status"), claimed.get("best")):
        problems.append("tampered: the progress file claims a pass the grader's check does not give (ignored)")
    if status == "fail" and result and result.get("message"):
        problems.insert(0, _trimmed(result["message"]))
    return GradeRow(learner, lab_id, name, status, note, "; ".join(filter(None, problems)))


def _trimmed(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MESSAGE_CHARS else text[: MESSAGE_CHARS - 3] + "..."


def _course_root() -> Path:
    from dlcourse.cli import project_root

    return project_root()


def grade(paths: list[Path], timeout: int = 900, course_root: Path | None = None) -> list[GradeRow]:
    rows = []
    for notebook in find_notebooks(paths):
        rows.extend(grade_one(notebook, learner_of(notebook, paths), timeout, course_root))
    return rows


STATUSES = ("pass", "fail", "not attempted", "error")


def write_reports(rows: list[GradeRow], out: Path) -> tuple[Path, str]:
    """Write the CSV and a Markdown table (per learner and lab: exercises by status); return the table."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["learner", "lab", "exercise", "status", "message", "note"])
        for r in rows:
            writer.writerow([r.learner, r.lab, r.exercise, r.status, r.message, r.note])
    lines = ["| learner | lab | passed | failed | not attempted | error | note |", "|---|---|---|---|---|---|---|"]
    for learner, lab in sorted({(r.learner, r.lab) for r in rows}):
        mine = [r for r in rows if r.learner == learner and r.lab == lab]
        count = {s: sum(r.status == s for r in mine) for s in STATUSES}
        notes = [*dict.fromkeys(r.note for r in mine if r.note), *(f"{r.exercise}: {r.message}" for r in mine if r.message)]
        lines.append(f"| {learner} | {lab} | {count['pass']}/{len(mine)} | {count['fail']} | "
                     f"{count['not attempted']} | {count['error']} | {'; '.join(notes).replace('|', '/')[:300]} |")
    text = "\n".join(lines)
    out.with_suffix(".md").write_text(text + "\n")
    return out, text
