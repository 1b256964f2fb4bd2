"""The ``dlcourse`` command line: doctor, data, labs, execute, progress, grade, bench."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def project_root() -> Path:
    """The course checkout: the folder with ``solutions/`` above the current one, or the package's."""
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "solutions").is_dir() and (folder / "_toc.yml").exists():
            return folder
    return Path(__file__).resolve().parents[2]


def print_table(rows: list[tuple], header: tuple) -> None:
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for row in [header, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths)).rstrip())


def cmd_doctor(args) -> int:
    from dlcourse.doctor import diagnose

    problems = 0
    for check in diagnose():
        mark = "ok " if check.ok else ("!! " if check.fix else "-- ")
        print(f"{mark} {check.name:<20} {check.detail}")
        if not check.ok and check.fix:
            problems += 1
            print(f"    fix: {check.fix}")
    print(f"\n{problems} problem(s) found." if problems else "\nEverything the course needs is in place.")
    return 1 if problems else 0


def cmd_data(args) -> int:
    from dlcourse import data

    if args.action == "where":
        print(f"Local data folders (searched first): {', '.join(map(str, data.data_dirs()))}")
        print(f"User cache (downloads go here):      {data.cache_dir()}")
        print(f"Keras weights folder (KERAS_HOME):   {data.keras_home() or 'Keras default (~/.keras)'}")
        return 0
    if args.action == "verify":
        rows = data.verify_all()
        print_table(rows, ("file", "status", "where"))
        bad = [r for r in rows if r[1] == "CORRUPT"]
        missing = [r for r in rows if r[1] == "missing"]
        print(f"\n{len(rows) - len(bad) - len(missing)} present, {len(missing)} missing, {len(bad)} corrupt.")
        return 1 if bad else 0
    names = sorted(data.groups()) if args.all or not args.names else args.names
    failed = 0
    for name in names:
        try:
            files = data.fetch(name)
            print(f"ok  {name}: {len(files)} file(s)")
        except data.DataError as error:
            failed += 1
            print(f"!!  {name}: {error}", file=sys.stderr)
    return 1 if failed else 0


def cmd_labs(args) -> int:
    from dlcourse.labgen import generate

    problems = generate(project_root(), check=args.check)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not problems:
        print("labs/ is up to date with solutions/." if args.check else "labs/ regenerated from solutions/.")
    return 1 if problems else 0


def cmd_execute(args) -> int:
    from dlcourse.running import execute_in_place

    status = 0
    for path in args.notebooks:
        result = execute_in_place(Path(path), timeout=args.timeout)
        print(f"{'ok ' if result.ok else '!! '} {path}  {result.seconds:.1f} s  {result.error or ''}")
        status |= not result.ok
    return status


def cmd_progress(args) -> int:
    from dlcourse import progress
    from dlcourse.exercises import all_labs

    rows = progress.table(progress.load(), {lab.id: list(lab.exercises) for lab in all_labs()})
    print_table(rows, ("lab", "exercise", "status"))
    done = sum(r[2] == "pass" for r in rows)
    print(f"\n{done} of {len(rows)} exercises passed. Saved in {progress.progress_file()}")
    return 0


def cmd_grade(args) -> int:
    from dlcourse.grading import grade, write_reports

    rows = grade([Path(p) for p in args.paths], timeout=args.timeout)
    csv_path, text = write_reports(rows, Path(args.out))
    print(text)
    tampered = sorted({(r.learner, r.lab) for r in rows if "tampered" in r.message})
    if tampered:
        print(f"\nSigns of tampering (see the message column) in: "
              f"{', '.join(f'{learner}/{lab}' for learner, lab in tampered)}")
    print(f"\nReport written to {csv_path} and {csv_path.with_suffix('.md')}")
    return 0


def cmd_bench(args) -> int:
    from dlcourse.bench import run_bench

    return run_bench(project_root(), Path(args.out), only=args.notebooks, store=args.store_outputs)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dlcourse", description="The deep-learning course's tools.")
    sub = parser.add_subparsers(dest="command", required=True)

    sub.add_parser("doctor", help="check this machine for the course and say how to fix problems")

    data = sub.add_parser("data", help="find, download and verify the course data")
    data.add_argument("action", choices=["fetch", "verify", "where"])
    data.add_argument("names", nargs="*", help="data sets to fetch (default: all)")
    data.add_argument("--all", action="store_true", help="fetch every data set")

    labs = sub.add_parser("labs", help="generate labs/ from solutions/")
    labs.add_argument("--check", action="store_true", help="fail if any lab is out of date")

    execute = sub.add_parser("execute", help="run notebooks top to bottom and store their outputs")
    execute.add_argument("notebooks", nargs="+")
    execute.add_argument("--timeout", type=int, default=600, help="seconds per cell")

    sub.add_parser("progress", help="show which exercises you have passed")

    grade = sub.add_parser("grade", help="execute submitted labs and write a per-exercise report")
    grade.add_argument("paths", nargs="+", help="notebooks or folders of notebooks")
    grade.add_argument("--out", default="grades.csv", help="CSV report path (a .md table is written beside it)")
    grade.add_argument("--timeout", type=int, default=900, help="seconds allowed per notebook")

    bench = sub.add_parser("bench", help="time every lecture and solution in a fresh kernel")
    bench.add_argument("notebooks", nargs="*", help="only these notebooks")
    bench.add_argument("--out", default="bench/results.json")
    bench.add_argument("--store-outputs", action="store_true",
                       help="also save each notebook's fresh outputs (one run refreshes and measures the course)")
    return parser


COMMANDS = {"doctor": cmd_doctor, "data": cmd_data, "labs": cmd_labs, "execute": cmd_execute,
            "progress": cmd_progress, "grade": cmd_grade, "bench": cmd_bench}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return COMMANDS[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
