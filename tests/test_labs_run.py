"""Every generated lab, run top to bottom, stops at its first blank with a message naming it."""

import json
from pathlib import Path

import pytest

from dlcourse.labgen import exercises_in
from dlcourse.running import run_notebook

ROOT = Path(__file__).resolve().parents[1]
LABS = sorted((ROOT / "labs").glob("*.ipynb"))


@pytest.mark.notebook
@pytest.mark.parametrize("lab", LABS, ids=[p.stem for p in LABS])
def test_fresh_lab_stops_at_first_blank(lab, mirror):
    first = exercises_in(json.loads((ROOT / "solutions" / lab.name).read_text()))[0]
    result = run_notebook(lab, timeout=300)
    assert result.error.startswith(f"ExerciseNotDone: Exercise '{first}' is not done yet"), result.error
