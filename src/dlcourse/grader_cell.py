"""The grader's side of a check cell, run inside the learner's kernel by ``dlcourse grade``.

The grader runs, in place of each check cell, a cell that imports a fresh copy of this module and
of the lab's checks (``dlcourse`` is taken out of ``sys.modules`` for that import and put back
after), then runs the canonical check source with ``lab`` bound to the fresh checks. A learner's
patch of ``lab.check``, of ``dlcourse.checking`` or of the progress file therefore changes no
result; the patches found are reported. Each result leaves as one stdout line marked with a nonce
the grader makes at grading time, which the learner's cells never see.
"""

from __future__ import annotations

import json
import types

from dlcourse import checking

MARK = "DLCOURSE-GRADE"

CELL = '''def _dlcourse_grader():
    import importlib, sys
    ours = [name for name in sys.modules if name == "dlcourse" or name.startswith("dlcourse.")]
    learners = {{name: sys.modules.pop(name) for name in ours}}
    try:
        grader = importlib.import_module("dlcourse.grader_cell")
        checks = importlib.import_module({module!r}) if {module!r} else None
    finally:
        for name in [n for n in sys.modules if n == "dlcourse" or n.startswith("dlcourse.")]:
            del sys.modules[name]
        sys.modules.update(learners)
    grader.run({source!r}, checks, {nonce!r}, get_ipython().user_ns, learners)
_dlcourse_grader(); del _dlcourse_grader
'''


def cell_source(check_source: str, module: str | None, nonce: str) -> str:
    """The code the grader runs instead of a check cell (``module`` None: the notebook's own lab)."""
    return CELL.format(source=check_source, module=module, nonce=nonce)


class _GradingLab:
    """Stands for ``lab`` in the canonical check cell: evaluates with the fresh checks, prints results."""

    def __init__(self, lab, nonce: str, tampered: list[str]):
        self._lab, self._nonce, self._tampered = lab, nonce, tampered

    def check(self, name: str, *args, **kwargs):
        result = self._lab.evaluate(name, *args, **kwargs)
        print(f"{MARK}-{self._nonce} " + json.dumps({
            "exercise": name, "status": result.status, "message": result.message,
            "tampered": self._tampered}))
        return result

    def __getattr__(self, attribute):
        return getattr(self._lab, attribute)


def _changed_code(fresh, learners) -> list[str]:
    """Names of functions (and methods) whose code in ``learners`` is not the code in ``fresh``."""
    changed = []
    for name, obj in vars(fresh).items():
        theirs = getattr(learners, name, None)
        if isinstance(obj, types.FunctionType):
            if getattr(theirs, "__code__", None) != obj.__code__:
                changed.append(name)
        elif isinstance(obj, type) and obj.__module__ == fresh.__name__:
            changed += [f"{name}.{method}" for method in _changed_code(_Namespace(obj), _Namespace(theirs))]
    return changed


class _Namespace:
    """A class's own attributes, seen as a module's (for :func:`_changed_code`)."""

    def __init__(self, cls):
        self.__dict__.update(vars(cls) if isinstance(cls, type) else {})


def _tampering(checks, user_ns: dict, learners: dict) -> list[str]:
    found = []
    learner_checking = learners.get("dlcourse.checking")
    if learner_checking is not None:
        found += [f"dlcourse.checking.{name} was replaced" for name in _changed_code(checking, learner_checking)]
    learner_lab = user_ns.get("lab")
    if checks is not None and learner_lab is not None:
        if {"check", "evaluate"} & set(getattr(learner_lab, "__dict__", {})):
            found.append("lab.check was replaced")
        for name, exercise in getattr(learner_lab, "exercises", {}).items():
            fresh = checks.lab.exercises.get(name)
            if fresh is not None and getattr(exercise.check, "__code__", None) != fresh.check.__code__:
                found.append(f"the check of {name} was replaced")
    return found


def _accept_learners_blank(learners: dict) -> None:
    """The learner's functions raise their own ``ExerciseNotDone`` (from the learner's ``lab.todo``):
    the fresh checks must read it as "not attempted", not as a crash of the learner's code."""
    theirs = getattr(learners.get("dlcourse.checking"), "ExerciseNotDone", None)
    if isinstance(theirs, type) and issubclass(theirs, Exception) and theirs.__name__ == "ExerciseNotDone":
        checking.ExerciseNotDone = theirs


def run(source: str, checks, nonce: str, user_ns: dict, learners: dict) -> None:
    """Run the canonical check ``source`` in the learner's namespace, ``lab`` being the fresh checks."""
    lab = checks.lab if checks is not None else user_ns.get("lab")
    tampered = _tampering(checks, user_ns, learners)
    if checks is not None:
        _accept_learners_blank(learners)
    namespace = dict(user_ns, lab=_GradingLab(lab, nonce, tampered))
    try:
        exec(compile(source, "<check cell>", "exec"), namespace)
    except Exception as error:  # the check cell itself failed: a name the learner never defined, say
        print(f"{MARK}-{nonce} " + json.dumps({"cell_error": f"{type(error).__name__}: {error}",
                                                "tampered": tampered}))
