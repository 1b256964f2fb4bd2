"""Generate learners' labs from solved labs: ``solutions/NN_name.ipynb`` -> ``labs/NN_name.ipynb``.

In a solution, exercise code sits between two marker lines::

    def relu(x):
        # BEGIN SOLUTION relu
        return np.maximum(0, x)
        # END SOLUTION

The lab gets, at the BEGIN line's indentation, ``lab.todo("relu")  # YOUR CODE HERE``; that blank
stops "Run all" with a message naming the exercise. The blocks themselves go to the package's
``solutions.json``, which ``lab.solution("relu")`` shows on purpose (as learntools' ``solution()``). Cells tagged ``solution-only`` are left out,
all outputs and execution counts are cleared, and everything else is kept as it is.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
from pathlib import Path

BEGIN = re.compile(r"^(?P<indent>[ \t]*)# BEGIN SOLUTION (?P<name>[A-Za-z_][\w-]*)\s*$")
END = re.compile(r"^[ \t]*# END SOLUTION\s*$")
SOLUTION_ONLY_TAG = "solution-only"


class MarkerError(ValueError):
    pass


def blank_source(source: str, where: str = "") -> str:
    """Replace each marked solution block of one cell with a named blank."""
    out, inside = [], None
    for number, line in enumerate(source.split("\n"), 1):
        begin = BEGIN.match(line)
        if begin:
            if inside:
                raise MarkerError(f"{where} line {number}: BEGIN SOLUTION inside the block of {inside!r}")
            inside = begin["name"]
            out.append(f'{begin["indent"]}lab.todo("{inside}")  # YOUR CODE HERE')
        elif END.match(line):
            if not inside:
                raise MarkerError(f"{where} line {number}: END SOLUTION without BEGIN SOLUTION")
            inside = None
        elif inside is None:
            out.append(line)
    if inside:
        raise MarkerError(f"{where}: BEGIN SOLUTION {inside!r} is never closed by END SOLUTION")
    return "\n".join(out)


def exercises_in(notebook: dict) -> list[str]:
    names = []
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            for line in _text(cell["source"]).split("\n"):
                match = BEGIN.match(line)
                if match:
                    names.append(match["name"])
    return names


def solution_code(notebook: dict) -> dict[str, str]:
    """The code of each marked block, dedented, by exercise name (blocks of one name are joined)."""
    code: dict[str, list[str]] = {}
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        inside = None
        for line in _text(cell["source"]).split("\n"):
            begin = BEGIN.match(line)
            if begin:
                inside = begin["name"]
                code.setdefault(inside, [])
            elif END.match(line):
                inside = None
            elif inside:
                code[inside].append(line)
    return {name: textwrap.dedent("\n".join(lines)).strip() + "\n" for name, lines in code.items()}


def _text(source) -> str:
    return "".join(source) if isinstance(source, list) else source


def make_lab(solution: dict, where: str = "") -> dict:
    lab = copy.deepcopy(solution)
    cells = []
    for index, cell in enumerate(lab["cells"]):
        if SOLUTION_ONLY_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        if cell["cell_type"] == "code":
            cell["source"] = blank_source(_text(cell["source"]), f"{where} cell {index}")
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    lab["cells"] = cells
    return lab


def serialize(notebook: dict) -> str:
    """The same layout nbformat writes (indent 1, keys sorted, trailing newline)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def generate(root: Path, check: bool = False) -> list[str]:
    """Write (or, with ``check``, compare) every lab; return the problems found."""
    problems = []
    solutions = sorted((root / "solutions").glob("*.ipynb"))
    problems += _write_solution_code(root, solutions, check)
    for solution_path in solutions:
        lab_path = root / "labs" / solution_path.name
        solution = json.loads(solution_path.read_text())
        if not exercises_in(solution):
            problems.append(f"{solution_path}: no '# BEGIN SOLUTION <name>' marker: a lab needs exercises")
            continue
        try:
            expected = serialize(make_lab(solution, str(solution_path)))
        except MarkerError as error:
            problems.append(str(error))
            continue
        current = lab_path.read_text() if lab_path.exists() else None
        if current == expected:
            continue
        if check:
            problems.append(f"{lab_path} is out of date with {solution_path}: run `./course labs`")
        else:
            lab_path.parent.mkdir(exist_ok=True)
            lab_path.write_text(expected)
    for lab_path in sorted((root / "labs").glob("*.ipynb")):
        if not (root / "solutions" / lab_path.name).exists():
            problems.append(f"{lab_path} has no solution in solutions/: labs are generated, never written by hand")
    return problems


SOLUTION_CODE = Path("src/dlcourse/solutions.json")


def _write_solution_code(root: Path, solutions: list[Path], check: bool) -> list[str]:
    code = {path.stem: solution_code(json.loads(path.read_text())) for path in solutions}
    expected = json.dumps(code, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    target = root / SOLUTION_CODE
    if target.exists() and target.read_text() == expected:
        return []
    if check:
        return [f"{SOLUTION_CODE} is out of date with solutions/: run `./course labs`"]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(expected)
    return []
