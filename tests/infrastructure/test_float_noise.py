"""No output that nbval compares prints raw floating-point noise.

Values such as 2.220446049250313e-16 or 0.30000000000000004 depend on summation order and thread
count, so a fresh clone's CI can print a different one. Compared outputs round (``f"{x:.4f}"``) or
state a bound ("below 1e-12"). One test per notebook family: the lecture and its solved lab.
"""

import configparser
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FAMILIES = sorted({p.stem for folder in ("notebooks", "solutions") for p in (ROOT / folder).glob("*.ipynb")})
# A float's full repr (ten or more significant digits), or a value near float64's rounding
# error (1e-13 and below) that is not a stated bound ("below 1e-12", "< 1e-15").
LONG_REPR = r"(?<![\w.])-?\d*\.0*[1-9]\d{9,}"
TINY_VALUE = r"(?<!below )(?<!under )(?<!than )(?<!< )\b\d(\.\d+)?e-(1[3-9]|[2-9]\d|\d{3})\b"
FLOAT_NOISE = re.compile(f"{LONG_REPR}|{TINY_VALUE}")
UNCOMPARED_TAGS = {"nbval-ignore-output", "nbval-skip", "raises-exception"}
# A cell whose tiny values are real magnitudes computed far above rounding error (chapter 05's
# vanishing activations, 2 significant digits) carries this tag after a reviewer checked it.
REVIEWED_TAG = "tiny-values-reviewed"


def sanitizers() -> list[tuple[re.Pattern, str]]:
    config = configparser.ConfigParser(interpolation=None)
    config.read(ROOT / "tests" / "sanitize.cfg")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


def compared_texts(notebook: Path):
    for index, cell in enumerate(json.loads(notebook.read_text())["cells"]):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] != "code" or UNCOMPARED_TAGS & tags:
            continue
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                continue
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            yield index, "".join(text), REVIEWED_TAG in tags


def float_noise(notebook: Path, rules) -> list[str]:
    found = []
    for index, text, reviewed in compared_texts(notebook):
        for pattern, replacement in rules:
            text = pattern.sub(replacement, text)
        noise = re.compile(LONG_REPR) if reviewed else FLOAT_NOISE
        found += [f"{notebook.parent.name}/{notebook.name} cell {index}: {m.group(0)}" for m in noise.finditer(text)]
    return found


def test_the_pattern_tells_noise_from_rounded_numbers():
    noisy = ["2.220446049250313e-16", "0.30000000000000004", "difference 1.7e-16", "x = -0.123456789012345",
             "0.0001234567891"]
    clean = ["0.9123", "loss 2.303", "below 1e-12", "error < 1e-15", "accuracy 0.97 (3 seeds)",
             "1.5e-05 learning rate", "1,527 passed", "seed 20260101"]
    assert all(FLOAT_NOISE.search(t) for t in noisy)
    assert not any(FLOAT_NOISE.search(t) for t in clean)


@pytest.mark.parametrize("family", FAMILIES)
def test_no_compared_output_prints_float_noise(family):
    rules = sanitizers()
    notebooks = [ROOT / folder / f"{family}.ipynb" for folder in ("notebooks", "solutions")]
    found = [line for nb in notebooks if nb.exists() for line in float_noise(nb, rules)]
    assert not found, "round these outputs or print a bound:\n" + "\n".join(found)
