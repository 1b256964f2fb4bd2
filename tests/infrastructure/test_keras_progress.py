"""Keras progress stays readable in every frontend (Colab, JupyterLab, the book): every fit,
evaluate and predict call in a lecture or solution passes ``verbose=0`` or ``verbose=2``; the
default animated bar writes backspaces that show as boxes in stored outputs and pages."""

import ast
import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted([*ROOT.glob("notebooks/*.ipynb"), *ROOT.glob("solutions/*.ipynb")])
KERAS_METHODS = {"fit", "evaluate", "predict"}


def python_of(cell: dict) -> str:
    source = "".join(cell["source"])
    return "\n".join("" if line.lstrip().startswith(("%", "!")) else line for line in source.split("\n"))


def unreadable_calls(notebook: Path) -> list[str]:
    problems = []
    cells = json.loads(notebook.read_text())["cells"]
    for index, cell in enumerate(c for c in cells if c["cell_type"] == "code"):
        for node in ast.walk(ast.parse(python_of(cell))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                    and node.func.attr in KERAS_METHODS):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            if None in keywords:  # **options: the caller chose
                continue
            verbose = keywords.get("verbose")
            if not (isinstance(verbose, ast.Constant) and verbose.value in (0, 2, False)):
                problems.append(f"code cell {index}, line {node.lineno}: .{node.func.attr}(...) "
                                f"{'without verbose' if verbose is None else 'with ' + ast.unparse(verbose)}")
    return problems


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_keras_calls_print_readable_progress(notebook):
    problems = unreadable_calls(notebook)
    assert not problems, f"{notebook.name}: pass verbose=2 (or 0) to: {problems}"


def test_the_scan_flags_the_default_bar_and_accepts_quiet_calls(tmp_path):
    cells = [{"cell_type": "code", "source": source} for source in
             ["%%time\nmodel.fit(x, y, epochs=2)", "model.evaluate(x, y, verbose=1)",
              "model.predict(x, verbose=0)", "model.fit(x, y, **options)"]]
    notebook = tmp_path / "n.ipynb"
    notebook.write_text(json.dumps({"cells": cells}))
    assert unreadable_calls(notebook) == ["code cell 0, line 2: .fit(...) without verbose",
                                          "code cell 1, line 1: .evaluate(...) with 1"]
