"""Exercícios para a sala de aula: versão do aluno, autocorretor (otter-grader, sem rede e sem
Docker) e JupyterLab em português."""

import json
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import correcao  # noqa: E402

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


def test_student_version_speaks_to_the_student(name="08_redes_profundas"):
    """Na versão do aluno, nada fala de "soluções abaixo", e a seção "Respostas" manda rodar a
    aula antes (o caminho do menu do JupyterLab em português)."""
    student = exercicios.student_version(read(name))
    markdown = "\n".join(c.source for c in student.cells if c.cell_type == "markdown")
    assert "conferem as soluções" not in markdown
    assert 'na seção "Respostas", no fim deste notebook' in markdown
    assert "Executar → Executar todas as células acima da célula selecionada" in markdown
    assert "pede uma função" in markdown


@pytest.mark.parametrize(("path", "expected"), [
    ("ana/08_redes_profundas.ipynb", ("ana", "08_redes_profundas", "")),
    ("bruno-08_redes_profundas.ipynb", ("bruno", "08_redes_profundas", "")),
    ("ana/08_redes_profundas (1).ipynb", ("ana", "08_redes_profundas", "reconhecido")),
    ("ana/08_Redes_Profundas.ipynb", ("ana", "08_redes_profundas", "reconhecido")),
    ("Carla Dias - 08-redes-profundas (2).ipynb", ("Carla Dias", "08_redes_profundas",
                                                  "reconhecido")),
    ("davi/Cópia de 08_redes_profundas.ipynb", ("davi", "08_redes_profundas", "reconhecido")),
    ("eva/01_perceptron.ipynb", ("eva", "01_perceptron", "")),
    ("tarefa.ipynb", ("tarefa", None, "")),
])
def test_identify_is_tolerant_and_says_what_it_matched(tmp_path, path, expected):
    known = ["01_perceptron", "08_redes_profundas"]
    student, notebook, note = correcao.identify(tmp_path / path, tmp_path, known)
    assert (student, notebook) == expected[:2]
    assert (expected[2] in note) if expected[2] else note == ""


def test_report_lists_every_file_with_its_reason(tmp_path):
    """Sem executar nada: cada arquivo da pasta vira uma linha, com o motivo quando não é
    corrigido; "possível" é o total do notebook, mesmo sem correção."""
    entregas = tmp_path / "entregas"
    (entregas / "ana").mkdir(parents=True)
    (entregas / "ana" / "resposta.py").write_text("print(1)\n", encoding="utf-8")
    (entregas / "ana" / "tarefa.ipynb").write_text("{}", encoding="utf-8")
    text = (ROOT / "notebooks" / "08_redes_profundas.ipynb").read_text(encoding="utf-8")
    (entregas / "bruno-08_redes_profundas.ipynb").write_text(text[: len(text) // 2],
                                                              encoding="utf-8")
    (entregas / "carla-08_redes_profundas.ipynb").write_text("", encoding="utf-8")
    (entregas / "davi-00_ambiente.ipynb").write_text(text, encoding="utf-8")
    (entregas / ".ipynb_checkpoints").mkdir()
    (entregas / ".ipynb_checkpoints" / "x.ipynb").write_text("{}", encoding="utf-8")
    rows = correcao.grade(entregas, tmp_path / "notas")
    reasons = {r.arquivo: "; ".join(r.observação) for r in rows}
    assert not any(r.corrigido for r in rows) and len(rows) == 5
    assert "não é um notebook (.ipynb)" in reasons["ana/resposta.py"]
    assert "não indica um notebook do curso" in reasons["ana/tarefa.ipynb"]
    assert "acaba no meio do notebook" in reasons["bruno-08_redes_profundas.ipynb"]
    assert "está vazio" in reasons["carla-08_redes_profundas.ipynb"]
    assert "não tem exercícios" in reasons["davi-00_ambiente.ipynb"]
    bruno = next(r for r in rows if r.aluno == "bruno")
    assert bruno.possível == 8 and bruno.notebook == "08_redes_profundas"
    report = (tmp_path / "notas" / "notas.md").read_text(encoding="utf-8")
    assert all(f"| {name} |" in report for name in reasons)
    assert "5 arquivo(s) entregue(s): 0 corrigido(s)" in report
    assert "1 arquivo(s) oculto(s)" in report
    csv = (tmp_path / "notas" / "notas.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0].startswith("aluno;notebook;arquivo;") and len(csv) == 6
    assert any(line.startswith("bruno;08_redes_profundas;") and ";8,0;—;" in line
               for line in csv)
    with pytest.raises(SystemExit, match="nenhuma entrega .* pôde ser corrigida"):
        exercicios.main(["corrigir", str(entregas), "--saida", str(tmp_path / "notas")])


def test_empty_or_missing_input_fails_and_keeps_earlier_grades(tmp_path):
    out = tmp_path / "notas"
    out.mkdir()
    (out / "notas.csv").write_text("aluno;nota\nana;100\n", encoding="utf-8")
    (tmp_path / "vazia").mkdir()
    for target in (tmp_path / "vazia", tmp_path / "nao_existe"):
        with pytest.raises(SystemExit) as exit_info:
            exercicios.main(["corrigir", str(target), "--saida", str(out)])
        assert exit_info.value.code not in (0, None)
        assert "vazia" in str(exit_info.value) or "não existe" in str(exit_info.value)
    assert (out / "notas.csv").read_text(encoding="utf-8") == "aluno;nota\nana;100\n"
    assert sorted(p.name for p in out.iterdir()) == ["notas.csv"]


def test_a_new_report_keeps_the_previous_one(tmp_path):
    row = correcao.Row(arquivo="ana/08_redes_profundas.ipynb", aluno="ana",
                       notebook="08_redes_profundas",
                       questões={"ex1": (3.0, 3.0), "ex10": (0.5, 1.0)},
                       possível=4.0, corrigido=True, devolutiva={"ex1": ["ex1: certo!"]})
    correcao.write_report([row], tmp_path)
    first = (tmp_path / "notas.csv").read_text(encoding="utf-8")
    assert first.splitlines() == [
        "aluno;notebook;arquivo;ex1;ex10;pontos;possível;nota (%);observação",
        "ana;08_redes_profundas;ana/08_redes_profundas.ipynb;3,0;0,5;3,5;4,0;88;"]
    correcao.write_report([], tmp_path)
    saved = [p.read_text(encoding="utf-8") for p in (tmp_path / "anteriores").glob("*.csv")]
    assert saved == [first]
    feedback = (tmp_path / "devolutivas" / "ana-08_redes_profundas.md").read_text(
        encoding="utf-8")
    assert "Nota: 3,5 de 4 pontos." in feedback and "- ex1: certo!" in feedback


def test_regenerating_never_overwrites_student_work(tmp_path):
    """Gerar de novo mantém o notebook que o aluno alterou (e avisa) e os arquivos que ele
    criou; o que ele não tocou é atualizado quando o curso muda."""
    out = tmp_path / "exercicios"
    assert exercicios.generate(out) == []
    student = out / "aluno"
    assert (student / "README.md").is_file() and (student / "Makefile").is_file()
    answered = student / "notebooks" / "08_redes_profundas.ipynb"
    nb = nbformat.read(answered, as_version=4)
    nb.cells[-1].source += "\n# minha resposta"
    nbformat.write(nb, answered)
    mine = answered.read_bytes()
    (student / "notebooks" / "rascunho.ipynb").write_text("{}", encoding="utf-8")
    untouched = student / "notebooks" / "01_perceptron.ipynb"
    untouched.write_text("versão antiga gerada", encoding="utf-8")  # simula o curso mudando
    manifest = json.loads((student / ".gerado.json").read_text(encoding="utf-8"))
    manifest["notebooks/01_perceptron.ipynb"] = exercicios._digest(untouched.read_bytes())
    (student / ".gerado.json").write_text(json.dumps(manifest), encoding="utf-8")
    kept = exercicios.generate(out)
    assert kept == ["notebooks/08_redes_profundas.ipynb"]
    assert answered.read_bytes() == mine
    assert (student / "notebooks" / "rascunho.ipynb").read_text(encoding="utf-8") == "{}"
    assert untouched.read_text(encoding="utf-8") != "versão antiga gerada"  # atualizado
    assert exercicios.generate(out) == ["notebooks/08_redes_profundas.ipynb"]  # e continua
    assert answered.read_bytes() == mine


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    out = tmp_path_factory.mktemp("exercicios")
    exercicios.generate(out)
    return out


def test_generate_writes_student_folder(generated):
    student = generated / "aluno"
    for name in WITH_CHECKS:
        assert (student / "notebooks" / f"{name}.ipynb").is_file()
        assert (student / "exercicios" / "verificacoes" / name / "ex1.py").is_file()
    assert (student / "utils" / "checks.py").is_file()
    assert (student / "jupyter" / "overrides.json").is_file()
    assert len(list((student / "notebooks").glob("*.ipynb"))) == \
        len(list((ROOT / "notebooks").glob("*.ipynb")))
    readme = (student / "README.md").read_text(encoding="utf-8")
    assert "make curso" in readme and "Rode a aula primeiro" in readme
    assert "curso:" in (student / "Makefile").read_text(encoding="utf-8")


def saw(nb):
    """O que as verificações gravadas no notebook mostraram a quem o executou."""
    return correcao.seen_by_student(nb.cells)


# Notebooks cujas verificações leem variáveis da execução (curvas, tamanhos do modo).
RUN_DEPENDENT = ["04_cifar10_batchnorm_aumento", "05_embeddings_cnn_texto", "08_redes_profundas"]


def test_grades_equal_what_the_student_saw(generated, tmp_path):
    """Corrige de verdade (modo fast, sem rede e sem Docker). Os notebooks publicados foram
    executados no modo reduced, com as respostas certas: cada verificação gravada diz
    "certo!", e a correção, num modo diferente, dá a nota toda, sem nenhuma observação. Uma
    entrega com erro tira zero (com "possível" igual ao total) e diz qual célula e qual erro."""
    entregas = tmp_path / "entregas"
    (entregas / "aluna").mkdir(parents=True)
    for name in RUN_DEPENDENT:
        nb = read(name)
        assert "reduced" in json.dumps(nb.cells[-1].get("outputs", []))  # o registro do modo
        assert saw(nb) and set(saw(nb).values()) == {"certo!"}, name
        nbformat.write(nb, entregas / f"professora-{name}.ipynb")
    broken = nbformat.read(generated / "aluno" / "notebooks" / "01_perceptron.ipynb", 4)
    answer = next(c for c in broken.cells if "resposta" in c.metadata.get("tags", []))
    answer.source = "fires_with_theta_6 = [x for x in entradas if soma(x) >= 6]"
    nbformat.write(broken, entregas / "aluna" / "01_Perceptron (1).ipynb")
    rows = {(r.aluno, r.notebook): r for r in correcao.grade(entregas, tmp_path / "notas")}
    assert len(rows) == 1 + len(RUN_DEPENDENT)
    for name in RUN_DEPENDENT:
        row = rows["professora", name]
        assert row.corrigido and row.pontos == row.possível > 0, (name, row.observação)
        assert row.observação == [], (name, row.observação)
    broken_row = rows["aluna", "01_perceptron"]
    assert broken_row.corrigido and broken_row.pontos == 0 and broken_row.possível == 7
    assert broken_row.observação[0] == "nome reconhecido como 01_perceptron"
    assert broken_row.observação[1] == (
        "NameError na resposta do ex1: name 'entradas' is not defined"), broken_row.observação
    report = (tmp_path / "notas" / "notas.md").read_text(encoding="utf-8")
    assert "| aluna | 01_perceptron | aluna/01_Perceptron (1).ipynb |" in report
    assert ";100;" in (tmp_path / "notas" / "notas.csv").read_text(encoding="utf-8")
    feedback = tmp_path / "notas" / "devolutivas" / "aluna-01_perceptron.md"
    assert "troque o `...`" in feedback.read_text(encoding="utf-8")


def test_a_single_notebook_can_be_graded(tmp_path):
    """ENTREGAS pode ser um arquivo só (aqui um notebook cortado, para não executar nada)."""
    text = (ROOT / "notebooks" / "01_perceptron.ipynb").read_text(encoding="utf-8")
    single = tmp_path / "ana-01_perceptron.ipynb"
    single.write_text(text[:1000], encoding="utf-8")
    [row] = correcao.grade(single, tmp_path / "notas")
    assert (row.arquivo, row.aluno, row.notebook) == (single.name, "ana", "01_perceptron")
    assert "acaba no meio do notebook" in row.observação[0] and row.possível == 7


def test_a_cell_past_the_time_limit_and_a_dead_kernel_are_reported(tmp_path):
    """Uma célula que passa do tempo é interrompida e as outras seguem; um kernel que morre
    é dito com a célula em que morreu. Os exercícios valem 0 e "possível" é o total."""
    for student, cells in [("ana", ["import time\ntime.sleep(60)", "x = 1"]),
                           ("bruno", ["x = 1", "import os\nos._exit(1)", "y = 2"])]:
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
        nbformat.write(nb, tmp_path / f"{student}-08_redes_profundas.ipynb")
    rows = {r.aluno: r for r in correcao.grade(tmp_path, tmp_path / "notas", timeout=5)}
    assert rows["ana"].corrigido and rows["ana"].pontos == 0 and rows["ana"].possível == 8
    assert rows["ana"].observação == [
        "na célula 1 da aula (seção «início»): a célula passou de 5 s e foi interrompida"]
    assert not rows["bruno"].corrigido and rows["bruno"].possível == 8
    assert rows["bruno"].observação[0].startswith("o kernel parou na célula 2 da aula")
