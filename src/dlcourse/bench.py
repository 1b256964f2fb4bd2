"""``dlcourse bench``: run every lecture and solution in a fresh kernel; record time and memory.

It measures and reports against the course's budgets; it never fails on noise. Results go to a
JSON file and a Markdown table beside it, which the instructor guide's agenda is built from.
"""

from __future__ import annotations

import json
import os
import platform
import time
from pathlib import Path

from dlcourse.running import run_notebook, store_outputs

LECTURE_BUDGET_S = 90
SOLUTION_BUDGET_S = 180
HEAVY_SOLUTION_BUDGET_S = 300  # GANs and reinforcement learning
MEMORY_BUDGET_MB = 2048
COURSE_BUDGET_S = 25 * 60
HEAVY = ("17_", "18_")


def budget_for(path: Path) -> int:
    if path.parent.name == "notebooks":
        return LECTURE_BUDGET_S
    return HEAVY_SOLUTION_BUDGET_S if path.name.startswith(HEAVY) else SOLUTION_BUDGET_S


def course_notebooks(root: Path) -> list[Path]:
    return sorted([*root.glob("notebooks/*.ipynb"), *root.glob("solutions/*.ipynb")],
                  key=lambda p: (p.name, p.parent.name))


def run_bench(root: Path, out: Path, only: list[str] | None = None, store: bool = False) -> int:
    """Run and measure each notebook; with ``store``, also save the fresh outputs in it."""
    notebooks = [Path(p) for p in only] if only else course_notebooks(root)
    results = []
    for path in notebooks:
        print(f"running {path} ...", flush=True)
        run = run_notebook(path, timeout=900)
        if store and run.ok:
            store_outputs(run, path)
        results.append({"notebook": str(path.resolve().relative_to(root.resolve())),
                        "wall_s": round(run.seconds, 1), "cpu_s": round(run.cpu_seconds, 1),
                        "peak_mb": round(run.peak_rss_mb), "ok": run.ok, "error": run.error,
                        "budget_s": budget_for(path)})
        print(f"   {run.seconds:.1f} s wall, {run.peak_rss_mb:.0f} MB peak{'' if run.ok else ', FAILED: ' + run.error}")
    if only and out.exists():  # re-measuring a few notebooks updates their rows, keeps the rest
        fresh = {r["notebook"]: r for r in results}
        previous = json.loads(out.read_text())["results"]
        results = [fresh.pop(r["notebook"], r) for r in previous] + list(fresh.values())
    report = {"machine": f"{platform.node()} {os.cpu_count()} cores {platform.machine()}",
              "date": time.strftime("%Y-%m-%d %H:%M"), "results": results,
              "total_s": round(sum(r["wall_s"] for r in results), 1)}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=1) + "\n")
    table = markdown_table(report)
    out.with_suffix(".md").write_text(table)
    out.with_name("agenda.md").write_text(agenda_markdown(report))
    print("\n" + table)
    return 0


def markdown_table(report: dict) -> str:
    lines = [f"Measured on {report['machine']}, {report['date']}.", "",
             "| notebook | wall (s) | CPU (s) | peak memory (MB) | budget (s) | within budget |",
             "|---|---:|---:|---:|---:|---|"]
    for r in report["results"]:
        within = r["ok"] and r["wall_s"] <= r["budget_s"] and r["peak_mb"] <= MEMORY_BUDGET_MB
        lines.append(f"| {r['notebook']} | {r['wall_s']} | {r['cpu_s']} | {r['peak_mb']} | {r['budget_s']} | "
                     f"{'yes' if within else 'NO' + ('' if r['ok'] else ' (failed)')} |")
    total = report["total_s"]
    lines += ["", f"Whole course: {total / 60:.1f} minutes (budget {COURSE_BUDGET_S // 60} minutes): "
              f"{'within budget' if total <= COURSE_BUDGET_S else 'OVER budget'}."]
    return "\n".join(lines) + "\n"


# The seeds' one-day timetable; each teaching block lists the chapters taught in it.
WORKSHOP_BLOCKS = [
    ("10:00", "11:20", "An introduction to deep learning", ["01", "02", "03", "06"]),
    ("11:20", "11:40", "Coffee break", []),
    ("11:40", "13:00", "How a neural network trains; convolutional networks", ["04", "05", "07", "08", "09"]),
    ("13:00", "14:00", "Lunch break", []),
    ("14:00", "15:20", "Data augmentation, deployment and pre-trained models", ["10", "11", "12", "13"]),
    ("15:20", "15:40", "Coffee break", []),
    ("15:40", "16:45", "Advanced architectures", ["14", "15", "16", "17", "18", "20"]),
    ("16:45", "17:00", "Wrap up and Q&A", ["19"]),
]


def agenda_markdown(report: dict) -> str:
    """The workshop agenda with each block's measured notebook run times (from ``bench``)."""
    by_chapter: dict[str, float] = {}
    for r in report["results"]:
        chapter = Path(r["notebook"]).name[:2]
        by_chapter[chapter] = by_chapter.get(chapter, 0.0) + r["wall_s"]
    lines = [f"Run times measured by `./course bench` on {report['machine']} ({report['date']}): the time a "
             "learner's machine spends executing the chapter's lecture and solved lab end to end.", "",
             "| time | block | chapters | measured run time |", "|---|---|---|---:|"]
    for start, end, title, chapters in WORKSHOP_BLOCKS:
        seconds = sum(by_chapter.get(c, 0.0) for c in chapters)
        names = ", ".join(chapters) if chapters else "-"
        measured = f"{seconds / 60:.1f} min" if chapters else "-"
        lines.append(f"| {start}-{end} | {title} | {names} | {measured} |")
    return "\n".join(lines) + "\n"
