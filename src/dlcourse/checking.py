"""Checks and hints for graded exercises, in the spirit of Kaggle's learntools.

A lab module declares its exercises once::

    lab = Lab("06_mnist_dense")

    @lab.exercise("normalize", hints=["Pixels are 0..255.", "Divide by the largest value."])
    def _check_normalize(x_train):
        expect_array(x_train, shape=(60000, 784), dtype_kind="f")
        expect(x_train.max() <= 1.0, "the largest value is above 1: scale the pixels to [0, 1].")

and a check cell in the notebook calls ``lab.check("normalize", x_train)``. A check prints one
line (correct / not right yet / not attempted yet), never the expected answer, and never lets an
exception escape into the learner's kernel, except :class:`ExerciseNotDone` for an untouched
blank, which stops "Run all" at the first unfinished exercise with a one-line message.
"""

from __future__ import annotations

import difflib
import functools
import inspect
import json
import math
import numbers
import os
import sysconfig
import traceback
from dataclasses import dataclass, field
from importlib import resources
from typing import Any, Callable

import numpy as np

from dlcourse import progress

PASS, FAIL, NOT_ATTEMPTED = "pass", "fail", "not attempted"


class ExerciseNotDone(Exception):
    """Raised by the blank that replaces a solution in a learner's lab.

    IPython shows it as one plain line (through ``_render_traceback_``), not a traceback.
    """

    def __init__(self, name: str):
        self.exercise = name
        super().__init__(
            f"Exercise '{name}' is not done yet: replace the line `lab.todo(\"{name}\")` "
            "with your code, run that cell, then run its check cell."
        )

    def _render_traceback_(self):
        return [f"✋ {self}"]


class CheckFailure(Exception):
    """Raised inside a check function with a message for the learner."""


class UnknownExercise(KeyError):
    """A check, hint or blank named an exercise the lab does not have (a typo, usually).

    IPython shows it as one line that suggests the closest name, not as a traceback.
    """

    def __init__(self, lab_id: str, name: str, known: list[str]):
        close = difflib.get_close_matches(str(name), known, n=1)
        guess = f" Did you mean {close[0]!r}?" if close else ""
        self.message = (f"Lab {lab_id} has no exercise {name!r}.{guess} Its exercises are "
                        f"{', '.join(repr(n) for n in known)}.")
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message

    def _render_traceback_(self):
        return [f"❓ {self.message}"]


MAX_MESSAGE = 500  # characters: a check line must stay readable whatever the learner's value prints
_NOT_LEARNER_CODE = tuple(os.path.realpath(p) + os.sep for p in {
    sysconfig.get_paths()["stdlib"], sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"],
    os.path.dirname(os.path.abspath(__file__))})


def _learner_line(error: BaseException) -> int | None:
    """The line of the learner's own code where ``error`` happened (not a line inside NumPy or Keras)."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = os.path.realpath(frame.filename)
        if not path.startswith(_NOT_LEARNER_CODE) and "site-packages" not in path:
            return frame.lineno
    return None


def _shorten(message: str) -> str:
    if len(message) <= MAX_MESSAGE:
        return message
    return message[: MAX_MESSAGE - 20].rstrip() + " ... (message cut)"


def expect(condition: Any, message: str) -> None:
    """Fail the check with ``message`` unless ``condition`` holds."""
    if not condition:
        raise CheckFailure(message)


def to_numpy(value: Any, what: str = "your answer") -> np.ndarray:
    """Turn arrays, tensors, lists and numbers into a NumPy array, or fail clearly."""
    if value is None:
        raise CheckFailure(f"{what} is None: did the function forget to `return` its result?")
    if isinstance(value, (str, bytes)):
        raise CheckFailure(f"{what} is text ({value!r:.40}), but a number or an array was expected.")
    if hasattr(value, "numpy") and callable(value.numpy):
        value = value.numpy()
    try:
        array = np.asarray(value)
    except Exception:
        raise CheckFailure(f"{what} could not be read as an array (it is a {type(value).__name__}).")
    if array.dtype == object:
        raise CheckFailure(f"{what} is not a numeric array (it is a {type(value).__name__}).")
    return array


def expect_array(
    value: Any,
    *,
    shape: tuple | None = None,
    ndim: int | None = None,
    dtype_kind: str | None = None,
    value_range: tuple[float, float] | None = None,
    what: str = "your answer",
) -> np.ndarray:
    """Check the shape, number of dimensions, dtype kind and value range of an array."""
    array = to_numpy(value, what)
    if ndim is not None and array.ndim != ndim:
        raise CheckFailure(f"{what} has {array.ndim} dimension(s) (shape {array.shape}); expected {ndim}.")
    if shape is not None:
        if array.ndim != len(shape) or any(w is not None and w != s for w, s in zip(shape, array.shape)):
            wanted = tuple("any" if w is None else w for w in shape)
            raise CheckFailure(f"{what} has shape {array.shape}; expected shape {wanted}.")
    kinds = {"f": "floating-point", "i": "integer", "u": "unsigned integer", "b": "boolean"}
    if dtype_kind is not None and array.dtype.kind not in dtype_kind:
        names = " or ".join(kinds.get(k, k) for k in dtype_kind)
        raise CheckFailure(f"{what} has dtype {array.dtype}; expected a {names} array.")
    if array.dtype.kind in "fc" and array.size and not np.all(np.isfinite(array)):
        raise CheckFailure(f"{what} contains NaN or infinite values.")
    if value_range is not None and array.size:
        low, high = value_range
        if array.min() < low or array.max() > high:
            raise CheckFailure(
                f"{what} has values from {array.min():.4g} to {array.max():.4g}; "
                f"they should lie between {low} and {high}."
            )
    return array


def expect_close(value: Any, reference: Any, *, rtol: float = 1e-5, atol: float = 1e-6,
                 what: str = "your answer", advice: str = "") -> None:
    """Compare with a reference computed by the check, without revealing the reference."""
    ref = np.asarray(reference, dtype=float)
    array = expect_array(value, what=what)
    if array.shape != ref.shape:
        if array.size == ref.size == 1:
            array = array.reshape(ref.shape)
        else:
            raise CheckFailure(f"{what} has shape {array.shape}; expected shape {ref.shape}.")
    if not np.allclose(array.astype(float), ref, rtol=rtol, atol=atol):
        wrong = int(np.sum(~np.isclose(array.astype(float), ref, rtol=rtol, atol=atol)))
        where = f" ({wrong} of {ref.size} values differ)" if ref.size > 1 else ""
        raise CheckFailure(f"{what} has the right shape but not the right values{where}. {advice}".strip())


def expect_one_hot(value: Any, labels: np.ndarray, num_classes: int, what: str, classes_note: str,
                   labels_name: str = "labels") -> np.ndarray:
    """Check a one-hot table against integer ``labels``: shape, 0/1 rows with a single 1, order."""
    array = expect_array(value, what=what)
    expect(array.ndim == 2, f"{what} has shape {array.shape}; one-hot labels are a 2-D table: "
           "one row per image, one column per class.")
    expect(array.shape[0] == len(labels), f"{what} has {array.shape[0]} rows, but there are "
           f"{len(labels)} {labels_name}.")
    expect(array.shape[1] == num_classes, f"{what} has {array.shape[1]} columns; {classes_note}")
    expect(np.all((array == 0) | (array == 1)) and np.all(array.sum(axis=1) == 1),
           f"each row of {what} should hold a single 1 and zeros everywhere else.")
    expect(np.array_equal(array.argmax(axis=1), labels),
           f"the 1s of {what} are not in the right columns: encode the {labels_name}, in their order.")
    return array


def expect_number(value: Any, what: str = "your answer") -> float:
    """Return ``value`` as a float, failing clearly for None, text, or arrays of many values."""
    array = to_numpy(value, what)
    if array.size != 1:
        raise CheckFailure(f"{what} should be a single number, but it has shape {array.shape}.")
    number = float(array.reshape(()))
    if not math.isfinite(number):
        raise CheckFailure(f"{what} is {number}: look for a division by zero or a log of 0.")
    return number


def call_learner(function: Any, *args, what: str | None = None, **kwargs) -> Any:
    """Call the learner's function; report its own exception as a failure, not a crash."""
    if not callable(function):
        raise CheckFailure(f"expected a function, got {type(function).__name__}.")
    name = what or f"{getattr(function, '__name__', 'your function')}()"
    try:
        return function(*args, **kwargs)
    except ExerciseNotDone:
        raise
    except Exception as error:
        line = _learner_line(error)
        where = f" (line {line} of your code)" if line is not None else ""
        raise CheckFailure(f"{name} raised {type(error).__name__}: {error}{where}.") from None


@dataclass
class Exercise:
    name: str
    check: Callable[..., Any]
    hints: list[str] = field(default_factory=list)
    title: str = ""


@dataclass
class Result:
    lab: str
    exercise: str
    status: str
    message: str

    def _ipython_display_(self):
        """A check cell shows only the line ``check`` printed, not this object."""

    def line(self) -> str:
        mark = {PASS: "✅", FAIL: "❌", NOT_ATTEMPTED: "⬜"}[self.status]
        label = {PASS: "correct", FAIL: "not right yet", NOT_ATTEMPTED: "not attempted yet"}[self.status]
        text = f"{mark} {self.exercise}: {label}"
        return f"{text}. {self.message}" if self.message else f"{text}."


class Lab:
    """The exercises of one lab, with ``check`` and ``hint`` for the notebook."""

    def __init__(self, lab_id: str, title: str = ""):
        self.id = lab_id
        self.title = title
        self.exercises: dict[str, Exercise] = {}

    def exercise(self, name: str, hints: list[str], title: str = ""):
        """Register the decorated function as the check of exercise ``name``."""
        if len(hints) < 1:
            raise ValueError(f"exercise {name!r} needs at least one hint")

        def register(check: Callable[..., Any]) -> Callable[..., Any]:
            self.exercises[name] = Exercise(name, check, list(hints), title or name)
            return check

        return register

    def _get(self, name: str) -> Exercise:
        if name not in self.exercises:
            raise UnknownExercise(self.id, name, list(self.exercises))
        return self.exercises[name]

    def _arguments_problem(self, exercise: Exercise, args, kwargs) -> str | None:
        """A message when the check cell passes too few or too many values, else None."""
        try:
            signature = inspect.signature(exercise.check)
            signature.bind(*args, **kwargs)
        except TypeError:
            wanted = [p for p in signature.parameters]
            return (f"lab.check({exercise.name!r}, ...) takes {len(wanted)} value(s) after the name, "
                    f"in this order: {', '.join(wanted)}; this cell passes {len(args) + len(kwargs)}.")
        except ValueError:  # no signature to read: let the call decide
            return None
        return None

    def evaluate(self, name: str, *args, **kwargs) -> Result:
        """Run the check of ``name`` and return its result without printing or recording it."""
        exercise = self._get(name)
        if any(arg is Ellipsis for arg in args):
            return Result(self.id, name, NOT_ATTEMPTED, "Replace the `...` with your answer.")
        problem = self._arguments_problem(exercise, args, kwargs)
        if problem:
            return Result(self.id, name, FAIL, problem)
        try:
            message = exercise.check(*args, **kwargs)
            return Result(self.id, name, PASS, _shorten(message or ""))
        except ExerciseNotDone:
            return Result(self.id, name, NOT_ATTEMPTED,
                          "Fill in the blank above (it says `lab.todo`), then run this cell again.")
        except CheckFailure as failure:
            return Result(self.id, name, FAIL, _shorten(str(failure)))
        except Exception as error:  # a bug in the learner's value must never crash the check
            return Result(self.id, name, FAIL,
                          _shorten(f"checking your answer raised {type(error).__name__}: {error}"))

    def check(self, name: str, *args, **kwargs) -> Result:
        """Check exercise ``name``; print one line and record the result in the learner's progress.

        An untouched blank stops the notebook here with :class:`ExerciseNotDone`, so that
        "Run all" halts at the first unfinished exercise.
        """
        result = self.evaluate(name, *args, **kwargs)
        progress.record(result.lab, result.exercise, result.status)
        if result.status == NOT_ATTEMPTED:
            raise ExerciseNotDone(name)
        print(result.line())
        return result

    def hint(self, name: str, level: int = 1) -> None:
        """Print hint number ``level`` (1 is the gentlest) for exercise ``name``."""
        hints = self._get(name).hints
        level = max(1, min(int(level), len(hints)))
        more = (f" (more: lab.hint({name!r}, {level + 1}))" if level < len(hints)
                else f" (still stuck? lab.solution({name!r}) shows the code)")
        print(f"💡 Hint {level}/{len(hints)} for {name}: {hints[level - 1]}{more}")

    def solution(self, name: str) -> None:
        """Show the solution's code for exercise ``name``; your progress notes that you looked."""
        self._get(name)
        code = _solution_code().get(self.id, {}).get(name)
        if code is None:
            print(f"No solution is stored for {name!r} in this version of the course.")
            return
        progress.record_solution_viewed(self.id, name)
        print(f"📖 Solution for {name} (your progress notes that you viewed it):\n\n{code}")

    def todo(self, name: str):
        """The blank in a learner's lab: stops with a message naming the exercise."""
        self._get(name)
        raise ExerciseNotDone(name)

    def __repr__(self) -> str:
        return f"Lab({self.id!r}, exercises={list(self.exercises)})"


@functools.cache
def _solution_code() -> dict:
    return json.loads(resources.files("dlcourse").joinpath("solutions.json").read_text(encoding="utf-8"))


def is_number(value: Any) -> bool:
    return isinstance(value, numbers.Number) and not isinstance(value, bool)
