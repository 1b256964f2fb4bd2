import json

import nbformat

from dlcourse.bench import agenda_markdown, budget_for, run_bench


def test_bench_measures_and_writes_table_and_agenda(tmp_path):
    for folder, code in (("notebooks", "x = sum(range(10**6))"), ("solutions", "import numpy as np; a = np.ones((500, 500))")):
        (tmp_path / folder).mkdir()
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(code)]
        nbformat.write(nb, tmp_path / folder / "06_demo.ipynb")
    out = tmp_path / "bench" / "results.json"
    assert run_bench(tmp_path, out) == 0
    report = json.loads(out.read_text())
    assert [r["notebook"] for r in report["results"]] == ["notebooks/06_demo.ipynb", "solutions/06_demo.ipynb"]
    assert all(r["ok"] and r["wall_s"] > 0 and r["peak_mb"] > 10 for r in report["results"])
    assert "| notebooks/06_demo.ipynb |" in (out.with_suffix(".md")).read_text()
    agenda = (out.with_name("agenda.md")).read_text()
    assert "10:00-11:20" in agenda and "min" in agenda


def test_budgets(tmp_path):
    from pathlib import Path

    assert budget_for(Path("notebooks/01_neuron.ipynb")) == 90
    assert budget_for(Path("solutions/06_mnist_dense.ipynb")) == 180
    assert budget_for(Path("solutions/17_gans.ipynb")) == 300
    report = {"machine": "m", "date": "d", "results": [{"notebook": "notebooks/01_x.ipynb", "wall_s": 120.0}]}
    assert "| 10:00-11:20 | An introduction to deep learning | 01, 02, 03, 06 | 2.0 min |" in agenda_markdown(report)


def test_remeasuring_one_notebook_keeps_the_other_rows(tmp_path):
    import json

    (tmp_path / "notebooks").mkdir()
    for name in ("01_a", "02_b"):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell("1 + 1")]
        nbformat.write(nb, tmp_path / "notebooks" / f"{name}.ipynb")
    out = tmp_path / "results.json"
    run_bench(tmp_path, out)
    run_bench(tmp_path, out, only=[str(tmp_path / "notebooks" / "02_b.ipynb")])
    assert [r["notebook"] for r in json.loads(out.read_text())["results"]] == ["notebooks/01_a.ipynb", "notebooks/02_b.ipynb"]
