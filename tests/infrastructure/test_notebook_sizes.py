"""Stored notebooks stay small: a clone, the book and a learner's browser all pay for every byte.

Measured 2026-12-02 after palette PNG / JPEG frames: notebooks/ 13 MB in all (was 23 MB), the
largest lecture 1.23 MB, the largest cell 0.87 MB (chapter 10's grid of 54 augmented photos), the
largest widget 0.68 MB (chapter 05's optimizer race). The budgets leave room for a new chapter.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MB = 1_000_000
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.ipynb"))
LABS = sorted((ROOT / "labs").glob("*.ipynb"))

BUDGET = {"notebooks": 16 * MB, "solutions": 2.5 * MB, "labs": 0.5 * MB}
PER_NOTEBOOK = 1.6 * MB
PER_CELL = 0.95 * MB
PER_WIDGET = 0.75 * MB


def outputs_size(cell: dict) -> int:
    return len(json.dumps(cell.get("outputs", []), ensure_ascii=False))


def is_widget(cell: dict) -> bool:
    return any("dlcourse-explorer" in "".join(output.get("data", {}).get("text/html", ""))
               for output in cell.get("outputs", []))


@pytest.mark.parametrize("folder", list(BUDGET))
def test_folder_within_budget(folder):
    total = sum(p.stat().st_size for p in (ROOT / folder).glob("*.ipynb"))
    assert total <= BUDGET[folder], f"{folder}/ holds {total / MB:.1f} MB (budget {BUDGET[folder] / MB:.1f} MB)"


@pytest.mark.parametrize("path", NOTEBOOKS + SOLUTIONS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_notebook_and_its_cells_within_budget(path):
    size = path.stat().st_size
    assert size <= PER_NOTEBOOK, f"{path.name} is {size / MB:.2f} MB (budget {PER_NOTEBOOK / MB} MB)"
    for index, cell in enumerate(json.loads(path.read_text())["cells"]):
        budget = PER_WIDGET if is_widget(cell) else PER_CELL
        assert outputs_size(cell) <= budget, (
            f"{path.name} cell {index} stores {outputs_size(cell) / MB:.2f} MB of output (budget "
            f"{budget / MB} MB): fewer widget frames, image_format='jpeg' for photographs, smaller figures")


def test_labs_store_no_outputs():
    for path in LABS:
        cells = json.loads(path.read_text())["cells"]
        assert not any(cell.get("outputs") for cell in cells), f"{path.name} stores outputs"
