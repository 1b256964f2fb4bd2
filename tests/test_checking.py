import numpy as np
import pytest

from dlcourse import progress
from dlcourse.checking import (CheckFailure, ExerciseNotDone, Lab, UnknownExercise, call_learner, expect,
                               expect_array, expect_close, expect_number)


@pytest.fixture(autouse=True)
def private_progress(tmp_path, monkeypatch):
    monkeypatch.setenv("DLCOURSE_PROGRESS_FILE", str(tmp_path / "progress.json"))


def make_lab():
    lab = Lab("99_demo")

    @lab.exercise("double", hints=["Multiply by two.", "Use `2 * x`."])
    def _(double):
        xs = np.array([1.0, -2.0, 3.5])
        expect_close(call_learner(double, xs), 2 * xs, what="double(x)")

    @lab.exercise("scale", hints=["Pixels go up to 255."])
    def _(x):
        expect_array(x, shape=(None, 784), dtype_kind="f", value_range=(0, 1), what="x_train")

    return lab


def test_pass_fail_and_not_attempted(capsys):
    lab = make_lab()
    assert lab.check("double", lambda x: 2 * x).status == "pass"
    assert "✅ double: correct" in capsys.readouterr().out
    result = lab.check("double", lambda x: x + 2)
    assert result.status == "fail" and "not the right values" in result.message
    with pytest.raises(ExerciseNotDone, match="double"):
        lab.check("double", lambda x: lab.todo("double"))
    assert progress.load()["99_demo"]["double"]["best"] == "pass"


@pytest.mark.parametrize("junk, words", [
    (None, "expected a function"), ("2x", "expected a function"), (42, "expected a function"),
    (lambda x: None, "None"), (lambda x: "text", "text"), (lambda x: 1 / 0, "ZeroDivisionError"),
    (lambda x: np.zeros((2, 2)), "shape"),
])
def test_junk_never_crashes(junk, words):
    result = make_lab().evaluate("double", junk)
    assert result.status == "fail" and words in result.message


@pytest.mark.parametrize("value, words", [
    (np.zeros((10, 28, 28), "float32"), "shape"),
    (np.zeros((10, 784), "uint8"), "dtype"),
    (np.full((10, 784), 255.0), "between 0 and 1"),
    (np.full((10, 784), np.nan), "NaN"),
    ("pixels", "text"),
    (None, "None"),
])
def test_array_checks_say_what_is_wrong(value, words):
    result = make_lab().evaluate("scale", value)
    assert result.status == "fail" and words in result.message


def test_messages_never_reveal_the_reference():
    result = make_lab().evaluate("double", lambda x: x * 3)
    assert "7.0" not in result.message and "-4" not in result.message


def test_tensor_input_is_accepted():
    tf = pytest.importorskip("tensorflow")
    assert make_lab().evaluate("scale", tf.zeros((3, 784))).status == "pass"


def test_hints_in_order_and_capped(capsys):
    lab = make_lab()
    lab.hint("double")
    lab.hint("double", 2)
    lab.hint("double", 9)
    out = capsys.readouterr().out.splitlines()
    assert "Hint 1/2" in out[0] and "lab.hint('double', 2)" in out[0]
    assert "Hint 2/2" in out[1] and "2 * x" in out[1] and "Hint 2/2" in out[2]


def test_unknown_exercise_names_the_known_ones():
    with pytest.raises(KeyError, match="double"):
        make_lab().check("tripple", 1)


def test_a_typo_in_the_name_is_one_line_with_a_suggestion():
    lab = make_lab()
    for call in (lambda: lab.check("dubble", 1), lambda: lab.hint("dubble"), lambda: lab.todo("dubble")):
        with pytest.raises(UnknownExercise) as error:
            call()
        lines = error.value._render_traceback_()
        assert len(lines) == 1 and "Did you mean 'double'?" in lines[0] and "'scale'" in lines[0]
    with pytest.raises(UnknownExercise) as error:
        lab.check("zzz", 1)
    assert "Did you mean" not in str(error.value)


def test_too_few_or_too_many_values_name_the_parameters():
    lab = Lab("99_demo")

    @lab.exercise("early_stopping", hints=["h"])
    def _check_early_stopping(model, history, patience, restore):
        return "ok"

    few = lab.evaluate("early_stopping", 1)
    assert few.status == "fail" and "takes 4 value(s)" in few.message
    assert "model, history, patience, restore" in few.message and "passes 1" in few.message
    assert "missing" not in few.message
    many = lab.evaluate("early_stopping", 1, 2, 3, 4, 5)
    assert many.status == "fail" and "passes 5" in many.message
    assert lab.evaluate("early_stopping", 1, 2, 3, 4).status == "pass"


def test_error_line_points_into_the_learners_code_not_numpy():
    def relu(z):
        return np.max(0, z)  # a realistic mistake: np.max for np.maximum

    with pytest.raises(CheckFailure) as error:
        call_learner(relu, np.array([1.0, -1.0]), what="relu(z)")
    message = str(error.value)
    line = relu.__code__.co_firstlineno + 1
    assert f"(line {line} of your code)" in message, message


def test_huge_values_do_not_flood_the_check_line():
    lab = Lab("99_demo")

    @lab.exercise("door", hints=["h"])
    def _(answer):
        expect(isinstance(answer, bool), f"door() returned {answer!r}; return True or False.")

    result = lab.evaluate("door", np.linspace(0, 1, 5000).tolist())
    assert result.status == "fail" and len(result.line()) < 600 and "message cut" in result.message


def test_not_done_renders_as_one_line():
    error = ExerciseNotDone("normalize")
    assert error._render_traceback_() == [f"✋ {error}"] and "normalize" in str(error)


def test_helpers():
    with pytest.raises(CheckFailure):
        expect(False, "nope")
    assert expect_number(np.array([[2.5]])) == 2.5
    with pytest.raises(CheckFailure, match="single number"):
        expect_number([1, 2])
    with pytest.raises(CheckFailure, match="inf"):
        expect_number(float("inf"))


def test_progress_keeps_best_and_lists_unattempted(tmp_path):
    path = tmp_path / "p.json"
    progress.record("01_x", "a", "pass", path)
    progress.record("01_x", "a", "fail", path)
    rows = progress.table(progress.load(path), {"01_x": ["a", "b"]})
    assert rows == [("01_x", "a", "pass"), ("01_x", "b", "not attempted")]


def test_solution_shows_the_code_and_progress_notes_it(capsys, monkeypatch):
    from dlcourse import checking
    monkeypatch.setattr(checking, "_solution_code", lambda: {"99_demo": {"double": "return 2 * x\n"}})
    lab = make_lab()
    lab.hint("double", 2)
    assert "lab.solution('double')" in capsys.readouterr().out
    lab.solution("double")
    assert "return 2 * x" in capsys.readouterr().out
    assert progress.load()["99_demo"]["double"]["solution_viewed"]
    lab.check("double", lambda x: 2 * x)
    entry = progress.load()["99_demo"]["double"]
    assert entry["best"] == "pass" and entry["solution_viewed"], "a later pass must not erase the record"
    lab.solution("scale")
    assert "No solution is stored" in capsys.readouterr().out


def test_every_lab_exercise_has_stored_solution_code():
    from dlcourse import checking
    from dlcourse.exercises import all_labs
    stored = checking._solution_code()
    for lab in all_labs():
        marked = [name for name in lab.exercises if name in stored.get(lab.id, {})]
        assert marked, f"{lab.id}: no solution code stored (run ./course labs)"
