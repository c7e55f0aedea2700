"""Exercícios para a sala de aula: versão do aluno, autocorretor (otter-grader, sem rede e sem
Docker) e JupyterLab em português."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import exercicios  # noqa: E402
from utils.checks import CHECKS_DIR  # noqa: E402

WITH_CHECKS = sorted(p.name for p in CHECKS_DIR.iterdir() if p.is_dir())


def read(name):
    return nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)


def code_lines(cells):
    return {line.strip() for c in cells if c.cell_type == "code"
            for line in c.source.splitlines() if len(line.strip()) > 12}


def solution_lines(nb):
    """Linhas de código das soluções (sem as triviais e sem as que a aula também usa), que não
    podem ir para o aluno."""
    solutions = [c for c in nb.cells if "solucao" in c.metadata.get("tags", [])]
    lesson = [c for c in nb.cells if "solucao" not in c.metadata.get("tags", [])]
    return code_lines(solutions) - code_lines(lesson)


@pytest.mark.parametrize("name", WITH_CHECKS)
def test_student_version_has_stubs_and_checks_but_no_solution(name):
    nb = read(name)
    student = exercicios.student_version(nb)
    markdown = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert solution_lines(nb), "o notebook deveria ter soluções marcadas"
    stubs = {line.strip() for c in nb.cells for line in
             c.metadata.get("exercicio", {}).get("esqueleto", "").splitlines()}
    leaked = sorted((solution_lines(nb) - stubs) & code_lines(student.cells))
    assert not leaked, f"código de solução na versão do aluno: {leaked[:3]}"
    assert not any("solucao" in c.metadata.get("tags", []) for c in student.cells)
    assert "## Respostas" in markdown and "## Soluções" not in markdown
    answers = [c for c in student.cells if "resposta" in c.metadata.get("tags", [])]
    checks = [c for c in student.cells if "verificacao" in c.metadata.get("tags", [])]
    questions = sorted(p.stem for p in (CHECKS_DIR / name).glob("ex*.py"))
    assert len(answers) == len(questions) and all("..." in c.source for c in answers)
    assert sum('exercises.check("' in c.source for c in checks) == len(questions)
    assert all(not c.outputs and c.execution_count is None
               for c in student.cells if c.cell_type == "code")
    # o que não é solução fica igual: o aluno lê a mesma aula
    assert [c.source for c in student.cells if c.cell_type == "markdown"][:5] == \
        [c.source for c in nb.cells if c.cell_type == "markdown"][:5]


@pytest.mark.parametrize("name", ["02_mlp", "05_embeddings_cnn_texto"])
def test_every_solution_leaves_the_student_version(name):
    """Mesmo sem verificações, nada da seção "Soluções" vai para o aluno."""
    nb = read(name)
    start = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Soluções"))
    end = next(i for i, c in enumerate(nb.cells) if c.source.startswith("## Referências"))
    solutions = [c for c in nb.cells[start + 1:end]
                 if "verificacao" not in c.metadata.get("tags", [])]
    stubs = [c for c in solutions if "exercicio" in c.metadata]  # viram células de resposta
    student = [c.source for c in exercicios.student_version(nb).cells]
    assert solutions and not {c.source for c in solutions} & set(student)
    assert len(student) == len(nb.cells) - len(solutions) + len(stubs)


def test_identify_student_and_notebook(tmp_path):
    known = ["08_redes_profundas"]
    folder = tmp_path
    assert exercicios.identify(folder / "ana" / "08_redes_profundas.ipynb", folder, known) == \
        ("ana", "08_redes_profundas")
    assert exercicios.identify(folder / "bruno-08_redes_profundas.ipynb", folder, known) == \
        ("bruno", "08_redes_profundas")
    assert exercicios.identify(folder / "tarefa.ipynb", folder, known) is None


def test_grade_table_is_portuguese(tmp_path):
    rows = [{"aluno": "ana", "notebook": "08_redes_profundas", "pontos": 6.5, "possível": 8.0,
             "questões": {"ex1": (3.0, 3.0), "ex10": (0.5, 1.0), "ex2": (3.0, 4.0)},
             "observação": ""}]
    exercicios.write_tables(rows, tmp_path)
    csv = (tmp_path / "notas.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0] == "aluno;notebook;ex1;ex2;ex10;pontos;possível;nota (%);observação"
    assert csv[1] == "ana;08_redes_profundas;3,0;3,0;0,5;6,5;8,0;81;"
    assert "| ana | 08_redes_profundas |" in (tmp_path / "notas.md").read_text(encoding="utf-8")


def test_grading_an_empty_or_missing_folder_says_what_to_do(tmp_path):
    with pytest.raises(SystemExit, match="nenhum autocorretor"):
        exercicios.grade(tmp_path, tmp_path / "notas", tmp_path / "sem_autocorretores")
    with pytest.raises(SystemExit, match="não existe"):
        exercicios.main(["corrigir", str(tmp_path / "nao_existe")])


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("exercicios")
    exercicios.generate(out)
    return out


def test_generate_writes_student_folder_and_autograders(generated):
    student = generated / "aluno"
    for name in WITH_CHECKS:
        assert (student / "notebooks" / f"{name}.ipynb").is_file()
        assert (student / "exercicios" / "verificacoes" / name / "ex1.py").is_file()
        assert (generated / "professor" / f"{name}.zip").is_file()
    assert (student / "utils" / "checks.py").is_file()
    assert len(list((student / "notebooks").glob("*.ipynb"))) == \
        len(list((ROOT / "notebooks").glob("*.ipynb")))


def test_autograder_gives_full_marks_to_solutions_and_zero_to_blank(generated, tmp_path):
    """Corrige de verdade (executa os notebooks no modo fast), sem rede e sem Docker: as soluções
    publicadas tiram a nota toda e as versões do aluno em branco, zero."""
    names = ["01_perceptron", "08_redes_profundas"]  # os dois com verificações mais rápidos
    entregas = tmp_path / "entregas"
    (entregas / "aluna").mkdir(parents=True)
    for name in names:
        nbformat.write(read(name), entregas / f"professora-{name}.ipynb")
        nbformat.write(nbformat.read(generated / "aluno" / "notebooks" / f"{name}.ipynb", 4),
                       entregas / "aluna" / f"{name}.ipynb")
    rows = exercicios.grade(entregas, tmp_path / "notas", generated / "professor")
    scores = {(r["aluno"], r["notebook"]): (r["pontos"], r["possível"], r["observação"])
              for r in rows}
    assert len(scores) == 2 * len(names)
    for name in names:
        possible = scores["professora", name][1]
        assert possible > 0 and scores["professora", name] == (possible, possible, ""), name
        assert scores["aluna", name] == (0, possible, ""), name
    table = (tmp_path / "notas" / "notas.csv").read_text(encoding="utf-8")
    assert table.count("\n") == 1 + 2 * len(names) and ";100;" in table and ";0;" in table


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_jupyterlab_starts_in_portuguese(tmp_path):
    """As configurações do curso (jupyter/overrides.json, copiadas pelo Makefile) escolhem o
    pacote de idioma pt-BR, que está instalado."""
    overrides = json.loads((ROOT / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "pt_BR"
    assert "cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json" in \
        (ROOT / "Makefile").read_text(encoding="utf-8")
    port, token = free_port(), "teste"
    env = dict(os.environ, HOME=str(tmp_path), JUPYTER_CONFIG_DIR=str(tmp_path / "config"),
               JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"))
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={tmp_path}", f"--LabApp.app_settings_dir={ROOT / 'jupyter'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=1)
                break
            except OSError:
                time.sleep(0.5)
        settings = json.load(urllib.request.urlopen(
            f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={token}"))
        assert settings["schema"]["properties"]["locale"]["default"] == "pt_BR"
        translations = json.load(urllib.request.urlopen(
            f"{base}/lab/api/translations/pt_BR?token={token}"))
        assert "jupyterlab" in translations["data"]
    finally:
        lab.terminate()
        lab.wait(timeout=30)
