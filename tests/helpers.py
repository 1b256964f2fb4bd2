"""The helpers the tests of the labs' checks share, and those that read a lecture's code."""

from __future__ import annotations

import ast
import copy
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def raises(*args, **kwargs):
    """A learner's function that crashes, whatever it is given."""
    raise RuntimeError("boom")


def status(lab, name: str, *args, **kwargs):
    """The result of exercise ``name``'s check on ``args``, without printing or recording it."""
    return lab.evaluate(name, *args, **kwargs)


def assert_fails(result, *words: str, ignore_case: bool = False):
    """``result`` must be a failure whose message contains every one of ``words``."""
    assert result.status == "fail", result
    message = result.message.lower() if ignore_case else result.message
    for word in words:
        assert (word.lower() if ignore_case else word) in message, result.message
    return result


def failing_with(lab):
    """``failing(name, value, *words)``: exercise ``name`` of ``lab`` must fail on ``value`` naming ``words``."""

    def failing(name: str, value, *words: str):
        return assert_fails(lab.evaluate(name, value), *words)

    return failing


def lecture_function(notebook: str, name: str) -> tuple[ast.FunctionDef, str]:
    """The definition of function ``name`` in ``notebooks/<notebook>``'s code cells, and its source."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text(encoding="utf-8"))["cells"]
    for cell in cells:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or f"def {name}(" not in source:
            continue
        for node in ast.parse(source).body:
            if isinstance(node, ast.FunctionDef) and node.name == name:
                return node, ast.get_source_segment(source, node)
    raise AssertionError(f"{notebook} no longer defines {name}(): the lecture should type it as a function")


def code_of(function: ast.FunctionDef) -> str:
    """``ast.dump`` of a function without its docstring and the imports at the top of its body."""
    body = list(function.body)
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    while body and isinstance(body[0], (ast.Import, ast.ImportFrom)):
        body = body[1:]
    stripped = copy.copy(function)
    stripped.body = body
    return ast.dump(stripped, include_attributes=False)
