"""Exercícios para a sala de aula: versão do aluno e correção de uma pasta de entregas.

    python scripts/exercicios.py gerar [--saida build/exercicios]
        aluno/       notebooks sem as soluções (células de resposta com ``...``), com utils/,
                     exercicios/verificacoes/, um README e um Makefile: é a pasta que o
                     professor entrega. Gerar de novo nunca apaga o que o aluno escreveu: um
                     arquivo alterado depois de gerado fica como está, e o comando avisa.
    python scripts/exercicios.py corrigir ENTREGAS [--saida build/exercicios/notas]
        executa cada entrega (modo fast, sem internet, sem Docker), roda as verificações e
        escreve notas.csv (separador ";" e vírgula decimal), notas.md e uma devolutiva por
        aluno, em português (veja scripts/correcao.py).

Nos notebooks do curso, tudo o que está na seção "Soluções" sai da versão do aluno, menos as
verificações (etiqueta ``verificacao``: ``exercises.check("exN")``) e os esqueletos das
respostas: a célula de uma solução que o aluno deve escrever tem a etiqueta ``solucao`` e o
esqueleto em ``metadata.exercicio.esqueleto``, que toma o lugar do código.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import correcao  # noqa: E402

from utils.checks import CHECK_TAG, CHECKS_DIR, SOLUTION_TAG  # noqa: E402

ANSWERS_HEADING = """## Respostas

**Antes de responder, rode a aula**: as respostas e as verificações usam as variáveis dela. Se
o kernel foi reiniciado (ou o notebook acabou de ser aberto), clique na primeira célula de
resposta e use *Executar → Executar todas as células acima da célula selecionada*.

Depois escreva cada resposta na célula indicada (troque os `...`) e rode a verificação logo
abaixo dela: ela diz se a resposta está certa e, nos erros mais comuns, dá uma dica. Quando a
resposta depende de um treino ou do modo de execução, o exercício pede uma função (a conta), não
o número: a função vale em qualquer execução, inclusive na do professor, que corrige rodando o
notebook de novo. As soluções comentadas estão no notebook completo do curso."""
# Na versão do aluno, o parágrafo da seção "Exercícios" que fala das soluções conferidas abaixo.
CHECKS_PARAGRAPH = re.compile(
    r"(?P<who>O exercício|Os exercícios)(?P<which>[^*]*?)(?P<verb>tem|têm) "
    r"\*\*verificação automática\*\*:.*?conferem as soluções\.", re.DOTALL)
MANIFEST = ".gerado.json"  # o que `gerar` escreveu da última vez (sha256 de cada arquivo)
STUDENT_README = ROOT / "exercicios" / "aluno" / "README.md"
STUDENT_MAKEFILE = ROOT / "exercicios" / "aluno" / "Makefile"


def _student_paragraph(match: re.Match) -> str:
    return (f"{match['who']}{match['which']}{match['verb']} **verificação automática**: na seção "
            "\"Respostas\", no fim deste notebook, cada um tem uma célula de resposta seguida de "
            "`exercises.check(\"exN\")`, que diz se a resposta está certa e, nos erros mais "
            "comuns, dá uma dica.")


def student_version(nb):
    """Cópia do notebook sem as soluções: na seção "Soluções" ficam só os esqueletos das
    respostas (no lugar do código da solução) e as verificações; o resto da aula fica igual."""
    student = nbformat.v4.new_notebook(metadata=nb.metadata)
    in_solutions = False
    for cell in nb.cells:
        cell = nbformat.from_dict(json.loads(json.dumps(cell)))  # cópia independente
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "markdown":
            cell.source = CHECKS_PARAGRAPH.sub(_student_paragraph, cell.source)
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


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def student_files() -> dict[str, bytes]:
    """Tudo o que vai para a pasta do aluno: caminho relativo → conteúdo."""
    files = {}
    for path in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")):
        student = student_version(nbformat.read(path, as_version=4))
        files[f"notebooks/{path.name}"] = (nbformat.writes(student) + "\n").encode("utf-8")
    for folder, target in ((ROOT / "utils", "utils"), (CHECKS_DIR, "exercicios/verificacoes")):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc" \
                    and not path.name.startswith("."):
                files[f"{target}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    for name in ("requirements.txt", "environment.yml", "jupyter/overrides.json",
                 "jupyter/traducao_complementar.py"):
        files[name] = (ROOT / name).read_bytes()
    files["README.md"] = STUDENT_README.read_bytes()
    files["Makefile"] = STUDENT_MAKEFILE.read_bytes()
    return files


def write_student_folder(folder: Path, files: dict[str, bytes]) -> list[str]:
    """Escreve a pasta do aluno sem perder nada do que ele escreveu. Um arquivo que existe e
    difere do que ``gerar`` escreveu da última vez (registrado em ``.gerado.json``) foi
    alterado pelo aluno: fica como está. Devolve a lista dos arquivos mantidos."""
    manifest_path = folder / MANIFEST
    try:
        previous = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        previous = {}
    manifest, kept = {}, []
    for relative, content in files.items():
        target, digest = folder / relative, _digest(content)
        if target.exists():
            current = _digest(target.read_bytes())
            if current != digest and current != previous.get(relative):
                kept.append(relative)  # alterado pelo aluno (ou de antes do registro)
                if relative in previous:
                    manifest[relative] = previous[relative]
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists() or _digest(target.read_bytes()) != digest:
            target.write_bytes(content)
        manifest[relative] = digest
    for relative, digest in previous.items():  # o que saiu do curso, se o aluno não mexeu
        target = folder / relative
        if relative not in files and target.is_file() and \
                _digest(target.read_bytes()) == digest:
            target.unlink()
    temporary = manifest_path.with_name(MANIFEST + ".tmp")
    temporary.write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    temporary.replace(manifest_path)
    return kept


def generate(out: Path) -> list[str]:
    """Pasta do aluno (notebooks sem soluções + o que eles importam), sem apagar nada dele."""
    student_dir = out / "aluno"
    kept = write_student_folder(student_dir, student_files())
    print(f"versão do aluno: {student_dir}/ (entregue a pasta inteira)")
    for relative in kept:
        print(f"  mantido sem mudanças: {relative} foi alterado depois de gerado (tem trabalho "
              "seu). Para receber a versão nova, renomeie o arquivo e rode de novo.")
    return kept


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    make = sub.add_parser("gerar", help="versão do aluno")
    make.add_argument("--saida", type=Path, default=ROOT / "build" / "exercicios")
    check = sub.add_parser("corrigir", help="corrige uma pasta de entregas (ou um notebook)")
    check.add_argument("entregas", type=Path)
    check.add_argument("--saida", type=Path, default=ROOT / "build" / "exercicios" / "notas")
    args = parser.parse_args(argv)
    if args.command == "gerar":
        generate(args.saida)
        return
    rows = correcao.grade(args.entregas, args.saida)
    if not any(row.corrigido for row in rows):
        raise SystemExit(f"erro: nenhuma entrega de {args.entregas} pôde ser corrigida; os "
                         f"motivos estão em {args.saida / 'notas.md'}.")


if __name__ == "__main__":
    main()
