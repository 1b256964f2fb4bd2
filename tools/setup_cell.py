"""Insert (or update) the course setup cell as the first code cell of every lecture and solution.

    python tools/setup_cell.py           # write the cell into notebooks/*.ipynb and solutions/*.ipynb
    python tools/setup_cell.py --check   # fail, naming the notebooks, if any is missing or out of date

The cell does nothing where the course package is installed (the local venv, the container,
Binder) and installs it where it is missing (Colab, a bare Jupyter), pinned to the course's
version, from the repository set in ``_config.yml``; ``DLCOURSE_WHEEL`` points it at a local
wheel instead. pip's default strategy leaves what is already installed (TensorFlow, Keras,
matplotlib on Colab) alone unless the course needs a newer version. The logic lives in the cell
itself because the package that could hold it is what may be missing. Its stored output is the
line it prints in an installed environment, so nbval compares it. Labs get the cell from their
solution through ``./course labs``.
"""

from __future__ import annotations

import argparse
import copy
import json
import sys
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "solutions")
CELL_ID = "course-setup"
TAG = "course-setup"

TEMPLATE = '''\
# Course setup: installs the course package only where it is missing (Colab, a bare Jupyter).
import importlib.metadata, importlib.util, os, subprocess, sys
SOURCE = os.environ.get("DLCOURSE_WHEEL") or "dlcourse @ git+{repository}@v{version}"
if importlib.util.find_spec("dlcourse") is None:
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", SOURCE], check=True)
    importlib.invalidate_caches()
    print(f"Installed dlcourse {{importlib.metadata.version('dlcourse')}} from {{SOURCE}}.")
else:
    print(f"dlcourse {{importlib.metadata.version('dlcourse')}} is installed: nothing to set up.")'''


def course_version(root: Path = ROOT) -> str:
    return tomllib.loads((root / "pyproject.toml").read_text())["project"]["version"]


def repository_url(root: Path = ROOT) -> str:
    config = yaml.safe_load((root / "_config.yml").read_text())
    return config["repository"]["url"].rstrip("/")


def cell_source(root: Path = ROOT) -> str:
    return TEMPLATE.format(repository=repository_url(root), version=course_version(root))


def installed_line(root: Path = ROOT) -> str:
    """What the cell prints where the course package (of the course's version) is installed."""
    return f"dlcourse {course_version(root)} is installed: nothing to set up.\n"


def setup_cell(root: Path = ROOT) -> dict:
    return {
        "cell_type": "code",
        "execution_count": 1,
        "id": CELL_ID,
        "metadata": {"tags": [TAG]},
        "outputs": [{"name": "stdout", "output_type": "stream", "text": [installed_line(root)]}],
        "source": _lines(cell_source(root)),
    }


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def is_setup_cell(cell: dict) -> bool:
    return cell.get("id") == CELL_ID or TAG in cell.get("metadata", {}).get("tags", [])


def with_setup_cell(notebook: dict, root: Path = ROOT) -> dict:
    """The notebook with exactly one setup cell, placed before its first other code cell."""
    updated = copy.deepcopy(notebook)
    cells = [cell for cell in updated["cells"] if not is_setup_cell(cell)]
    first_code = next((i for i, cell in enumerate(cells) if cell["cell_type"] == "code"), len(cells))
    cells.insert(first_code, setup_cell(root))
    updated["cells"] = cells
    return updated


def serialize(notebook: dict) -> str:
    """The layout the course's notebooks are stored in (nbformat's: indent 1, keys sorted)."""
    return json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def course_notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(path for folder in FOLDERS for path in (root / folder).glob("*.ipynb"))


def apply(paths: list[Path], check: bool, root: Path = ROOT) -> list[Path]:
    """Write the cell into each notebook (or, with ``check``, only compare); return those out of date."""
    stale = []
    for path in paths:
        current = path.read_text()
        expected = serialize(with_setup_cell(json.loads(current), root))
        if current != expected:
            stale.append(path)
            if not check:
                path.write_text(expected)
    return stale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only report notebooks without the current cell")
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: notebooks/ and solutions/")
    args = parser.parse_args(argv)
    stale = apply(args.notebooks or course_notebooks(), check=args.check)
    for path in stale:
        print(f"{path}: {'setup cell missing or out of date' if args.check else 'setup cell written'}")
    if args.check and stale:
        print("Run `python tools/setup_cell.py` (then `./course labs`) to write the setup cell.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
