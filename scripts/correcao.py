"""Correção das entregas: executa cada notebook entregue e roda as verificações que o aluno viu.

Usado por ``python scripts/exercicios.py corrigir ENTREGAS`` (``make corrigir``). ``ENTREGAS`` é
uma pasta (com uma subpasta por aluno, ou com o nome do aluno no nome do arquivo) ou um único
notebook. Cada arquivo da pasta aparece no relatório: corrigido, ou não corrigido com o motivo.

Cada notebook roda num kernel novo, do início ao fim, no modo ``fast`` (sem internet e sem
Docker), numa pasta temporária; depois, no mesmo kernel, rodam as verificações do curso
(``exercicios/verificacoes``, as do professor, não as da pasta do aluno) — as mesmas que o aluno
viu com ``exercises.check``. Nenhuma resposta depende do treino da execução (o README,
"Para professores", explica como), então a nota é a que as verificações mostraram ao aluno; se
não for, a observação avisa.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from utils.checks import CHECK_TAG, Exercises, checks_folder  # noqa: E402
from utils.formatting import decimal, number, percent, points  # noqa: E402

CELL_TIMEOUT_S = 300
MARKER = "@@NOTAS_DO_CURSO@@"
ANSWER_TAG = "resposta"  # célula de resposta da versão do aluno
NOISE = re.compile(r"^(c[oó]pia de|copy of)\s+|\s*-\s*c[oó]pia$|\s*\(\d+\)$", re.IGNORECASE)


@dataclass
class Row:
    """Uma linha do relatório: um arquivo entregue."""

    arquivo: str
    aluno: str
    notebook: str = "—"
    questões: dict = field(default_factory=dict)  # exN → (pontos, possível)
    possível: float | None = None
    corrigido: bool = False
    observação: list = field(default_factory=list)
    devolutiva: dict = field(default_factory=dict)  # exN → mensagens que o aluno veria

    @property
    def pontos(self) -> float:
        return sum(score for score, _ in self.questões.values())


# ---------------------------------------------------------------- nomes dos arquivos entregues


def _plain(text: str) -> str:
    """Minúsculas sem acentos, com espaço, hífen e ponto trocados por "_" (um caractere por
    caractere, para que as posições continuem as do nome original)."""
    out = []
    for char in text:
        base = unicodedata.normalize("NFKD", char)[0].lower()
        out.append("_" if base in " -." else base)
    return "".join(out)


def identify(path: Path, base: Path, known: list[str]) -> tuple[str, str | None, str]:
    """(aluno, notebook ou None, observação sobre o nome) de um arquivo entregue.

    Aceita "08_redes_profundas.ipynb" numa pasta por aluno, "ana-08_redes_profundas.ipynb",
    e as variações que navegadores e pessoas criam: maiúsculas, hífens no lugar de "_",
    "08_redes_profundas (1).ipynb" (segundo download), "Cópia de ...". O aluno é a subpasta,
    quando há uma; senão, o que sobra do nome do arquivo."""
    stem = NOISE.sub("", path.stem).strip()
    stem = NOISE.sub("", stem).strip()  # "Cópia de x (1)"
    notebook, student_in_name = None, stem
    for name in sorted(known, key=len, reverse=True):
        found = re.search("_+".join(map(re.escape, name.split("_"))), _plain(stem))
        if found:
            notebook = name
            student_in_name = (stem[:found.start()] + " " + stem[found.end():]).strip(" -_.")
            break
    relative = path.relative_to(base) if path != base else Path(path.name)
    if len(relative.parts) > 1:
        student = relative.parts[0]
    else:
        student = student_in_name if notebook else path.stem
    note = ""
    if notebook and path.stem not in (notebook, f"{student}-{notebook}", f"{student}_{notebook}"):
        note = f"nome reconhecido como {notebook}"
    return student or "(sem nome)", notebook, note


def find_files(target: Path) -> tuple[Path, list[Path], int]:
    """(pasta base, arquivos entregues, quantos ocultos foram pulados)."""
    if target.is_file():
        return target.parent, [target], 0
    files, hidden = [], 0
    for path in sorted(target.rglob("*")):
        if not path.is_file():
            continue
        if any(part.startswith(".") for part in path.relative_to(target).parts):
            hidden += 1  # .ipynb_checkpoints, .DS_Store, .OTTER_LOG...
            continue
        files.append(path)
    return target, files, hidden


# ---------------------------------------------------------------- execução e verificações


def _grading_cell(notebook: str) -> str:
    return ("import json as _course_json\n"
            "from utils.checks import Exercises as _CourseExercises\n"
            f"print({MARKER!r} + _course_json.dumps(_CourseExercises({notebook!r})"
            ".check_all(globals()), ensure_ascii=False))\n")


def _exercise_of(cells, index: int) -> str | None:
    """O exercício de uma célula de resposta ou de verificação (pelo ``check("exN")``)."""
    for cell in cells[index:index + 3]:
        found = re.search(r'exercises\.check\("(ex\d+)"\)', cell.source)
        if found:
            return found[1]
    return None


def _where(cells, index: int) -> str:
    """Onde fica a célula, em palavras: a resposta de um exercício ou a seção da aula."""
    cell = cells[index]
    tags = cell.metadata.get("tags", [])
    exercise = _exercise_of(cells, index)
    if ANSWER_TAG in tags and exercise:
        return f"na resposta do {exercise}"
    if CHECK_TAG in tags and exercise:
        return f"na verificação do {exercise}"
    heading = "início"
    for previous in cells[:index]:
        if previous.cell_type == "markdown":
            for line in previous.source.splitlines():
                if line.startswith("#"):
                    heading = line.lstrip("# ").strip()
    return f"na célula {index + 1} da aula (seção «{heading}»)"


def cell_errors(cells, timeout: int) -> list[str]:
    """Uma linha em português por erro: o primeiro erro da aula (os seguintes costumam ser
    consequência dele e só são contados) e cada erro nas respostas e verificações."""
    lesson, exercises = [], []
    for index, cell in enumerate(cells):
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if output.get("output_type") != "error":
                continue
            where = _where(cells, index)
            if output.get("ename") == "KeyboardInterrupt":
                line = f"{where}: a célula passou de {timeout} s e foi interrompida"
            else:
                value = " ".join(str(output.get("evalue", "")).split())
                value = value if len(value) <= 300 else value[:297] + "..."
                line = f"{output.get('ename', 'erro')} {where}: {value}"
            (lesson if where.startswith("na célula") else exercises).append(line)
            break
    if len(lesson) > 1:
        lesson = [f"{lesson[0]} (e mais {len(lesson) - 1} erro(s) na aula depois dele)"]
    return lesson + exercises


def seen_by_student(cells) -> dict[str, str]:
    """O que as verificações salvas no notebook mostravam ao aluno: exN → "certo!" ou
    "a de b" (as saídas gravadas quando ele salvou o arquivo)."""
    seen = {}
    for cell in cells:
        if cell.cell_type != "code" or CHECK_TAG not in cell.metadata.get("tags", []):
            continue
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            found = re.search(r"(ex\d+): (certo!|ainda não \(([\d.,]+) de)", str(text))
            if found:
                seen[found[1]] = "certo!" if found[2] == "certo!" else found[3]
    return seen


def execute(nb, notebook: str, timeout: int) -> tuple[dict | None, list[str]]:
    """Executa o notebook num kernel novo e roda as verificações. Devolve os resultados (ou
    None, se as verificações não chegaram a rodar) e os erros, em português."""
    nb.cells.append(nbformat.v4.new_code_cell(_grading_cell(notebook),
                                              metadata={"correcao": True}))
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=pythonpath, COURSE_NOTEBOOK=f"{notebook}.ipynb",
               COURSE_MODE=os.environ.get("COURSE_MODE", "fast"))
    problems = []
    with tempfile.TemporaryDirectory(prefix="correcao-") as tmp:
        workdir = Path(tmp) / "notebooks"  # como no curso: o notebook dentro de notebooks/
        workdir.mkdir()
        client = NotebookClient(nb, kernel_name="python3", allow_errors=True,
                                interrupt_on_timeout=True,  # a célula lenta para, as outras seguem
                                timeout_func=lambda cell: max(timeout, CELL_TIMEOUT_S)
                                if cell.metadata.get("correcao") else timeout,
                                resources={"metadata": {"path": str(workdir)}})
        started = []  # índice de cada célula quando ela começa a rodar
        client.on_cell_execute = lambda cell, cell_index: started.append(cell_index)
        try:
            client.execute(env=env, stderr=subprocess.DEVNULL)  # avisos do kernel, não do aluno
        except DeadKernelError:
            running = started[-1] if started else 0  # a célula em que o kernel morreu
            problems.append(f"o kernel parou {_where(nb.cells, running)} (falta de memória, "
                            "`exit()` ou `os._exit()`?); as células seguintes não rodaram")
        except Exception as error:  # noqa: BLE001 - o relatório mostra o motivo, e segue
            problems.append(f"a execução falhou: {type(error).__name__}: {error}")
    grading = nb.cells.pop()
    problems = cell_errors(nb.cells, timeout) + problems
    for output in grading.get("outputs", []):
        text = output.get("text", "")
        if MARKER in text:
            return json.loads(text.split(MARKER, 1)[1]), problems
    if not any("kernel parou" in p for p in problems):
        problems.append("as verificações não rodaram no fim do notebook")
    return None, problems


def read_notebook(path: Path):
    """O notebook entregue, ou um ``ValueError`` que diz em português o que há de errado."""
    raw = path.read_bytes()
    if not raw.strip():
        raise ValueError("o arquivo está vazio (0 bytes úteis)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("o arquivo não é texto (um .ipynb é um JSON em UTF-8); foi "
                         "renomeado de outro formato?") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        if not text.rstrip().endswith("}"):  # um notebook completo termina com }
            raise ValueError(f"o arquivo acaba no meio do notebook (linha {error.lineno}): foi "
                             "salvo pela metade ou cortado no envio") from None
        raise ValueError(f"o JSON do notebook está quebrado na linha {error.lineno}, coluna "
                         f"{error.colno}") from None
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        raise ValueError("o arquivo é JSON, mas não é um notebook (falta a lista de células)")
    try:
        return nbformat.reads(text, as_version=4)
    except Exception as error:  # noqa: BLE001 - versão ou estrutura que o nbformat recusa
        raise ValueError(f"o nbformat não consegue ler este notebook: {error}") from None


def grade_file(path: Path, base: Path, known: list[str], gradable: list[str],
               timeout: int = CELL_TIMEOUT_S) -> Row:
    """Corrige um arquivo entregue (ou diz por que não)."""
    student, notebook, note = identify(path, base, known)
    relative = str(path.relative_to(base))
    row = Row(arquivo=relative, aluno=student, notebook=notebook or "—")
    if note:
        row.observação.append(note)
    if path.suffix.lower() != ".ipynb":
        row.observação.insert(0, "não corrigido: não é um notebook (.ipynb)")
        return row
    if notebook is None:
        row.observação.insert(0, "não corrigido: o nome do arquivo não indica um notebook do "
                                 "curso (use o nome original, como 08_redes_profundas.ipynb)")
        return row
    if notebook not in gradable:
        row.observação.insert(0, f"não corrigido: o {notebook} não tem exercícios com "
                                 "verificação automática")
        return row
    possible = Exercises(notebook).possible()
    row.possível = sum(possible.values())
    try:
        nb = read_notebook(path)
    except ValueError as error:
        row.observação.insert(0, f"não corrigido: {error}")
        return row
    seen = seen_by_student(nb.cells)
    results, problems = execute(nb, notebook, timeout)
    row.corrigido = results is not None
    for question, total in possible.items():
        result = (results or {}).get(question)
        row.questões[question] = (result["pontos"], total) if result else (0.0, total)
        row.devolutiva[question] = result["mensagens"] if result else []
    row.observação.extend(problems)
    for question, shown in sorted(seen.items()):
        score, total = row.questões.get(question, (0.0, 0.0))
        graded = "certo!" if score == total else number(score)
        if shown != graded:
            row.observação.append(f"{question}: o aluno viu {shown!r} no notebook salvo e a "
                                  f"correção deu {number(score)} de {points(total)}")
    return row


# ---------------------------------------------------------------- relatório


def _score_cells(row: Row, questions: list[str]) -> list[str]:
    return [decimal(row.questões[q][0], 1) if q in row.questões else "—" for q in questions]


def tables(rows: list[Row], hidden: int) -> tuple[str, str]:
    """(notas.csv, notas.md): ';' e vírgula decimal para a planilha; markdown para ler."""
    questions = sorted({q for r in rows for q in r.questões}, key=lambda q: int(q[2:]))
    header = ["aluno", "notebook", "arquivo", *questions, "pontos", "possível", "nota (%)",
              "observação"]
    csv, md = [";".join(header)], ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for row in rows:
        graded = row.possível is not None and row.questões
        share = row.pontos / row.possível if graded and row.possível else None
        cells = [row.aluno, row.notebook, row.arquivo, *_score_cells(row, questions),
                 decimal(row.pontos, 1) if graded else "—",
                 decimal(row.possível, 1) if row.possível is not None else "—",
                 percent(share, 0).replace(" %", "") if share is not None else "—",
                 "; ".join(row.observação)]
        csv.append(";".join(c.replace(";", ",") for c in cells))
        md.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    graded = sum(r.corrigido for r in rows)
    summary = (f"{len(rows)} arquivo(s) entregue(s): {graded} corrigido(s), "
               f"{len(rows) - graded} não corrigido(s) (o motivo está na observação).")
    if hidden:
        summary += f" {hidden} arquivo(s) oculto(s) (.ipynb_checkpoints e afins) pulado(s)."
    return "\n".join(csv) + "\n", "# Notas\n\n" + summary + "\n\n" + "\n".join(md) + "\n"


def feedback_text(row: Row) -> str:
    """A devolutiva de um aluno: o que cada verificação disse, e os erros da execução."""
    lines = [f"# {row.aluno} · {row.notebook}", "",
             f"Arquivo: `{row.arquivo}`. Nota: {number(row.pontos)} de "
             f"{points(row.possível or 0)}.", ""]
    for question, messages in row.devolutiva.items():
        lines += [f"- {m}" if k == 0 else f"  - {m}" for k, m in enumerate(messages)] or \
                 [f"- {question}: a verificação não rodou."]
    if row.observação:
        lines += ["", "Observações:", *[f"- {o}" for o in row.observação]]
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    """Grava sem deixar um arquivo pela metade (escreve ao lado e troca)."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)


def write_report(rows: list[Row], out: Path, hidden: int = 0) -> None:
    """notas.csv, notas.md e devolutivas/; as notas anteriores vão para anteriores/."""
    out.mkdir(parents=True, exist_ok=True)
    previous = [out / "notas.csv", out / "notas.md"]
    if any(p.exists() for p in previous):
        stamp = time.strftime("%Y-%m-%d_%H%M%S")
        (out / "anteriores").mkdir(exist_ok=True)
        for path in previous:
            if path.exists():
                shutil.copy2(path, out / "anteriores" / f"{path.stem}_{stamp}{path.suffix}")
    csv, md = tables(rows, hidden)
    _write(out / "notas.csv", csv)
    _write(out / "notas.md", md)
    feedback = out / "devolutivas"
    feedback.mkdir(exist_ok=True)
    for row in rows:
        if row.corrigido:
            name = re.sub(r"[^\w.-]+", "_", f"{row.aluno}-{row.notebook}")
            _write(feedback / f"{name}.md", feedback_text(row))
    print(f"notas em {out / 'notas.csv'} e {out / 'notas.md'}; devolutivas em {feedback}/")


def course_notebooks() -> tuple[list[str], list[str]]:
    """(todos os notebooks do curso, os que têm verificações)."""
    known = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    gradable = []
    for name in known:
        try:
            checks_folder(name)
        except FileNotFoundError:
            continue
        gradable.append(name)
    return known, gradable


def grade(target: Path, out: Path, timeout: int = CELL_TIMEOUT_S) -> list[Row]:
    """Corrige uma pasta de entregas (ou um notebook) e grava o relatório em ``out``."""
    if not target.exists():
        raise SystemExit(f"erro: {target} não existe. Indique a pasta das entregas (ou um "
                         "notebook): make corrigir ENTREGAS=entregas/")
    base, files, hidden = find_files(target)
    if not files:
        raise SystemExit(f"erro: a pasta {target} está vazia (nenhum arquivo para corrigir); "
                         "as notas anteriores ficaram como estavam.")
    known, gradable = course_notebooks()
    rows = []
    for k, path in enumerate(files, start=1):
        row = grade_file(path, base, known, gradable, timeout)
        rows.append(row)
        result = (f"{number(row.pontos)} de {points(row.possível)}" if row.questões
                  else "não corrigido")
        print(f"[{k}/{len(files)}] {row.arquivo} → {row.aluno} · {row.notebook}: {result}"
              + (f" ({'; '.join(row.observação)})" if row.observação else ""), flush=True)
    rows.sort(key=lambda r: (r.aluno.lower(), r.notebook, r.arquivo))
    write_report(rows, out, hidden)
    return rows
