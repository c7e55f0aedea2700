"""Testes do benchmark: execução de um notebook pequeno, registro lido do arquivo, metas."""

import json
import subprocess
import sys
from pathlib import Path

import nbformat

from benchmarks.targets import shortfalls

ROOT = Path(__file__).resolve().parents[1]

RECORDING_CELL = """
from utils import runtime
cfg = runtime.Config(mode="fast", seed=0, device=runtime.DeviceInfo(kind="CPU", cpu_cores=2),
                     notebook="99_teste.ipynb")
cfg.record(test_accuracy_mlp=0.5, seconds_per_epoch_mlp=1.25)
cfg.report()
"""


def row(notebook="02_mlp.ipynb", mode="reduced", wall_s=100.0, **results):
    return {"notebook": notebook, "mode": mode, "wall_s": wall_s, "results": results}


def test_shortfalls_flags_accuracy_time_and_missing_metrics():
    assert shortfalls(row(test_accuracy_mlp=0.89)) == []
    low = shortfalls(row(test_accuracy_mlp=0.80))
    assert len(low) == 1 and "80,00 % < 88,5 %" in low[0]
    assert shortfalls(row()) == ["test_accuracy_mlp não registrado"]
    slow = shortfalls(row(wall_s=900, test_accuracy_mlp=0.9))
    assert slow == ["tempo 900 s > 600 s"]
    # meta de acurácia do 03 só vale no modo full; o tempo do fast vale sempre
    assert shortfalls(row("03_cnn_lenet.ipynb", "reduced", test_accuracy_cnn=0.5)) == []
    assert shortfalls(row("03_cnn_lenet.ipynb", "fast", wall_s=75)) == ["tempo 75 s > 60 s"]


def test_benchmark_runs_a_notebook_and_reads_its_record(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(RECORDING_CELL)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    path = tmp_path / "99_teste.ipynb"
    nbformat.write(nb, path)
    results = tmp_path / "resultados"
    proc = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--mode", "fast", "--machine", "teste",
         "--results", str(results), str(path)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = (results / "teste-fast.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["ok"] and result["notebook"] == "99_teste.ipynb" and result["mode"] == "fast"
    assert result["results"] == {"test_accuracy_mlp": 0.5, "seconds_per_epoch_mlp": 1.25}
    assert result["wall_s"] > 0 and result["peak_memory_mb"] > 0
    table = (results / "README.md").read_text(encoding="utf-8")
    assert "| teste | fast | 99_teste.ipynb |" in table and "50,00 %" in table
    assert (results / "tempos.png").stat().st_size > 0


def test_benchmark_records_a_failing_notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("raise RuntimeError('quebrado')")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, tmp_path / "97_quebrado.ipynb")
    results = tmp_path / "resultados"
    subprocess.run(
        [sys.executable, "benchmarks/run.py", "--mode", "fast", "--machine", "teste",
         "--results", str(results), str(tmp_path / "97_quebrado.ipynb")],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=True,
    )
    result = json.loads((results / "teste-fast.jsonl").read_text(encoding="utf-8"))
    assert not result["ok"] and "quebrado" in result["error"]
    assert "falhou" in (results / "README.md").read_text(encoding="utf-8")
