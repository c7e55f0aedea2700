"""Exercícios para a sala de aula: versão do aluno, autocorretor e correção de uma pasta.

    python scripts/exercicios.py gerar [--saida build/exercicios]
        aluno/       notebooks sem as soluções (células de resposta com ``...``), com utils/ e
                     exercicios/verificacoes/ ao lado: é a pasta que o professor entrega
        professor/   um autocorretor do otter-grader por notebook (``<notebook>.zip``)
    python scripts/exercicios.py corrigir PASTA_DAS_ENTREGAS [--saida build/exercicios/notas]
        executa cada entrega (modo fast, sem internet, sem Docker), roda as verificações e
        escreve notas.csv (separador ";" e vírgula decimal) e notas.md, em português.

Nas entregas, o nome do arquivo diz o notebook: ``08_redes_profundas.ipynb`` dentro de uma pasta
por aluno (``entregas/ana/08_redes_profundas.ipynb``) ou com o nome do aluno na frente
(``entregas/ana-08_redes_profundas.ipynb``).

Nos notebooks do curso, tudo o que está na seção "Soluções" sai da versão do aluno, menos as
verificações (etiqueta ``verificacao``: ``exercises.check("exN")``) e os esqueletos das
respostas: a célula de uma solução que o aluno deve escrever tem a etiqueta ``solucao`` e o
esqueleto em ``metadata.exercicio.esqueleto``, que toma o lugar do código.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT))

from utils.checks import CHECK_TAG, CHECKS_DIR, SOLUTION_TAG  # noqa: E402
from utils.formatting import decimal, percent  # noqa: E402

ANSWERS_HEADING = """## Respostas

Escreva cada resposta na célula indicada (troque os `...`) e rode a célula de verificação logo
abaixo dela: ela diz se a resposta está certa e, nos erros mais comuns, dá uma dica. As
soluções comentadas estão no notebook completo do curso."""
GRADING_TIMEOUT_S = 600


def student_version(nb):
    """Cópia do notebook sem as soluções: na seção "Soluções" ficam só os esqueletos das
    respostas (no lugar do código da solução) e as verificações; o resto da aula fica igual."""
    student = nbformat.v4.new_notebook(metadata=nb.metadata)
    in_solutions = False
    for cell in nb.cells:
        cell = nbformat.from_dict(json.loads(json.dumps(cell)))  # cópia independente
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown" and cell.source.startswith("## "):
            in_solutions = cell.source.startswith("## Soluções")
            if in_solutions:
                cell.source = ANSWERS_HEADING
        elif in_solutions or SOLUTION_TAG in tags:
            stub = cell.metadata.get("exercicio", {}).get("esqueleto")
            if stub and cell.cell_type == "code":
                cell.source = stub
                cell.metadata.pop("exercicio")
                cell.metadata["tags"] = [t for t in tags if t != SOLUTION_TAG] + ["resposta"]
            elif CHECK_TAG not in tags:
                continue
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
            cell.metadata.pop("execution", None)
        student.cells.append(cell)
    return student


def generate(out: Path) -> None:
    """Pasta do aluno (notebooks sem soluções + o que eles importam) e autocorretores."""
    student_dir, teacher_dir = out / "aluno", out / "professor"
    for folder in (student_dir, teacher_dir):
        shutil.rmtree(folder, ignore_errors=True)
    (student_dir / "notebooks").mkdir(parents=True)
    teacher_dir.mkdir(parents=True)
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        nbformat.write(student_version(nb), student_dir / "notebooks" / path.name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".OTTER_LOG")
    shutil.copytree(ROOT / "utils", student_dir / "utils", ignore=ignore)
    shutil.copytree(CHECKS_DIR, student_dir / "exercicios" / "verificacoes", ignore=ignore)
    for name in ("requirements.txt", "environment.yml"):
        shutil.copy(ROOT / name, student_dir / name)
    for tests in sorted(p for p in CHECKS_DIR.iterdir() if p.is_dir()):
        otter(["generate", "-t", str(tests), "--no-requirements", "--no-environment",
               "--no-config", "-o", str(teacher_dir / f"{tests.name}.zip")], cwd=teacher_dir)
    print(f"versão do aluno: {student_dir}/ (entregue a pasta inteira)")
    print(f"autocorretores: {teacher_dir}/<notebook>.zip")


def otter(args, cwd, timeout=None):
    """Roda o otter-grader do mesmo ambiente Python; interrompe com SIGINT se passar do tempo."""
    env = dict(os.environ, PYTHONPATH=str(ROOT), COURSE_MODE=os.environ.get("COURSE_MODE", "fast"))
    process = subprocess.Popen([sys.executable, "-m", "otter", *args], cwd=cwd, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.send_signal(signal.SIGINT)  # o otter limpa a pasta temporária
        output, _ = process.communicate()
        raise TimeoutError(f"a correção passou de {timeout} s") from None
    if process.returncode != 0:
        raise RuntimeError(f"otter {args[0]} falhou:\n{output[-2000:]}")
    return output


def identify(path: Path, folder: Path, known: list[str]) -> tuple[str, str] | None:
    """(aluno, notebook) de uma entrega, pelo nome do arquivo e da pasta."""
    for notebook in known:
        if path.name.endswith(f"{notebook}.ipynb"):
            prefix = path.name[: -len(f"{notebook}.ipynb")].strip("-_ ")
            student = prefix or (path.parent.name if path.parent != folder else path.stem)
            return student, notebook
    return None


def grade(folder: Path, out: Path, autograders: Path) -> list[dict]:
    known = sorted(p.stem for p in autograders.glob("*.zip"))
    if not known:
        raise SystemExit(f"nenhum autocorretor em {autograders}; rode antes: make exercicios")
    rows = []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.parts:
            continue
        found = identify(path, folder, known)
        if found is None:
            print(f"ignorado (nome sem notebook conhecido): {path.relative_to(folder)}")
            continue
        student, notebook = found
        row = {"aluno": student, "notebook": notebook, "pontos": 0.0, "possível": 0.0,
               "questões": {}, "observação": ""}
        with tempfile.TemporaryDirectory() as tmp:
            try:
                otter(["run", "-a", str(autograders / f"{notebook}.zip"), "-o", tmp, "--no-logo",
                       str(path.resolve())], cwd=tmp, timeout=GRADING_TIMEOUT_S)
                results = json.loads((Path(tmp) / "results.json").read_text(encoding="utf-8"))
            except (RuntimeError, TimeoutError, OSError, ValueError) as error:
                row["observação"] = f"não foi possível corrigir: {str(error).splitlines()[0]}"
                results = {"tests": []}
        for test in results["tests"]:
            if re.fullmatch(r"ex\d+", test.get("name", "")):
                row["questões"][test["name"]] = (test["score"], test["max_score"])
        row["pontos"] = sum(s for s, _ in row["questões"].values())
        row["possível"] = sum(m for _, m in row["questões"].values())
        rows.append(row)
        print(f"{student} · {notebook}: {decimal(row['pontos'], 1)} de "
              f"{decimal(row['possível'], 1)} pontos {row['observação']}".rstrip())
    write_tables(rows, out)
    return rows


def write_tables(rows: list[dict], out: Path) -> None:
    """notas.csv (para a planilha: ';' e vírgula decimal) e notas.md (para ler)."""
    out.mkdir(parents=True, exist_ok=True)
    questions = sorted({q for r in rows for q in r["questões"]}, key=lambda q: int(q[2:]))
    header = ["aluno", "notebook", *questions, "pontos", "possível", "nota (%)", "observação"]
    lines, table = [";".join(header)], ["| " + " | ".join(header) + " |",
                                         "|" + "---|" * len(header)]
    for r in rows:
        scores = [decimal(r["questões"][q][0], 1) if q in r["questões"] else "—"
                  for q in questions]
        share = r["pontos"] / r["possível"] if r["possível"] else 0.0
        cells = [r["aluno"], r["notebook"], *scores, decimal(r["pontos"], 1),
                 decimal(r["possível"], 1), percent(share, 0).replace(" %", ""), r["observação"]]
        lines.append(";".join(cells))
        table.append("| " + " | ".join(cells) + " |")
    (out / "notas.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "notas.md").write_text("# Notas\n\n" + "\n".join(table) + "\n", encoding="utf-8")
    print(f"notas em {out / 'notas.csv'} e {out / 'notas.md'}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("gerar", help="versão do aluno e autocorretores")
    make.add_argument("--saida", type=Path, default=ROOT / "build" / "exercicios")
    check = sub.add_parser("corrigir", help="corrige uma pasta de entregas")
    check.add_argument("entregas", type=Path)
    check.add_argument("--autocorretores", type=Path,
                       default=ROOT / "build" / "exercicios" / "professor")
    check.add_argument("--saida", type=Path, default=ROOT / "build" / "exercicios" / "notas")
    args = parser.parse_args(argv)
    if args.command == "gerar":
        generate(args.saida)
    else:
        if not args.entregas.is_dir():
            raise SystemExit(f"a pasta de entregas {args.entregas} não existe")
        grade(args.entregas, args.saida, args.autocorretores)


if __name__ == "__main__":
    main()
