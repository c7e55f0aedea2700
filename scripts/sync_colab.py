"""Propaga o endereço do repositório (``utils.REPO_URL``) para os selos do Colab e as células de
preparação dos notebooks, calcula o tempo de leitura de cada notebook a partir do conteúdo e
refaz o índice de notebooks do README (título, tempo estimado por modo e selo do Colab, lidos da
introdução de cada notebook).

O tempo de leitura segue uma regra só, a mesma para todos os notebooks: as palavras do texto a
``PROSE_WORDS_PER_MINUTE`` e as linhas de código a ``CODE_LINES_PER_MINUTE`` (ler e entender, sem
contar a execução), arredondado para 5 min; as seções com "(opcional)" no título contam à parte,
e as soluções e as referências não contam.

    python scripts/sync_colab.py           # reescreve o que estiver diferente
    python scripts/sync_colab.py --check   # só confere (sai com código 1 se algo diferir)

Publicar o curso num novo endereço = mudar ``REPO_URL`` em ``utils/__init__.py`` e rodar este
script. Os testes de estrutura usam ``--check`` para garantir que nada ficou para trás.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from utils import REPO_URL  # noqa: E402

COLAB_LINK = re.compile(
    r"https://colab\.research\.google\.com/github/[^/\s)]+/[^/\s)]+/blob/main/notebooks/"
    r"(?P<name>[\w.-]+\.ipynb)"
)
SETUP_LINE = re.compile(r'^REPO_URL = "[^"]*"', re.MULTILINE)
INDEX_START, INDEX_END = "<!-- indice:inicio -->", "<!-- indice:fim -->"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"


PROSE_WORDS_PER_MINUTE = 120  # texto técnico, com fórmulas (um texto comum: uns 200)
CODE_LINES_PER_MINUTE = 15  # uma linha a cada 4 s: ler e entender, sem contar a execução
READING = re.compile(
    r"(\*\*Tempo estimado:\*\*) (?:leitura|aula) de uns \d+ min(?: \([^()]*\))?\.")
SECTION = re.compile(r"^## +(?P<title>.+)$", re.M)
SKIPPED_SECTIONS = ("Soluções", "Referências")


def _words(markdown: str) -> int:
    text = re.sub(r"<!--.*?-->", " ", markdown, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)|\]\([^)]*\)", " ", text)  # imagens e endereços de links
    return len(re.findall(r"[^\W_]+", text))


def _code_lines(code: str) -> int:
    return sum(1 for line in code.splitlines() if line.strip())


def reading_minutes(nb) -> tuple[int, int]:
    """(minutos do caminho principal, minutos das seções opcionais), pela regra do módulo."""
    minutes = {"main": 0.0, "optional": 0.0, None: 0.0}
    part = "main"
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for heading in SECTION.finditer(cell.source):
                title = heading["title"]
                part = (None if title.startswith(SKIPPED_SECTIONS) else
                        "optional" if "(opcional)" in title else "main")
            minutes[part] += _words(cell.source) / PROSE_WORDS_PER_MINUTE
        elif cell.cell_type == "code":
            minutes[part] += _code_lines(cell.source) / CODE_LINES_PER_MINUTE

    def rounded(value: float) -> int:
        return int(5 * round(value / 5)) if value >= 2.5 else (5 if value > 0 else 0)

    return rounded(minutes["main"]), rounded(minutes["optional"])


def reading_text(nb) -> str:
    """O começo da linha de tempo da introdução: "leitura de uns 70 min (...)."."""
    main, optional = reading_minutes(nb)
    extra = f"; as seções opcionais, mais uns {optional} min" if optional else ""
    return f"leitura de uns {main} min (texto e código{extra})."


def _fix_reading(nb) -> bool:
    """Reescreve a estimativa de leitura da introdução; devolve se algo mudou."""
    for cell in nb.cells[:3]:
        if cell.cell_type == "markdown" and READING.search(cell.source):
            fixed = READING.sub(lambda m: f"{m[1]} {reading_text(nb)}", cell.source, count=1)
            changed = fixed != cell.source
            cell.source = fixed
            return changed
    return False


def colab_url(notebook_name: str, repo_url: str = REPO_URL) -> str:
    """Endereço que abre ``notebooks/<notebook_name>`` no Colab."""
    owner_repo = repo_url.removeprefix("https://github.com/").strip("/")
    return f"https://colab.research.google.com/github/{owner_repo}/blob/main/notebooks/{notebook_name}"


def notebook_info(path: Path) -> dict:
    """Título, resumo e tempo estimado, lidos da introdução do notebook (usado também pelo site)."""
    nb = nbformat.read(path, as_version=4)
    first = nb.cells[0].source.splitlines()
    summary = " ".join(line for line in first[1:] if line and not line.startswith("[!["))
    intro = "\n".join(cell.source for cell in nb.cells[:3] if cell.cell_type == "markdown")
    match = re.search(r"\*\*Tempo estimado:\*\*\s*(.+?)(?:\n\n|$)", intro, re.S)
    return {"name": path.stem, "file": path.name, "title": first[0].lstrip("# ").strip(),
            "summary": summary, "time": " ".join(match.group(1).split()) if match else "",
            "notebook": nb}


# Na introdução de cada notebook, a CPU a que o tempo do modo `reduced` se refere; no índice do
# README ela é dita uma vez, acima da tabela, e sai de cada linha.
CPU_CLASS = re.compile(r" numa CPU de laptop com 2 núcleos e AVX2 \((?:(?P<note>[^()]*?); )?"
                       r"menos numa CPU com AVX-512; o notebook 00 estima o tempo na sua máquina\)")


def readme_index() -> str:
    """Tabela markdown com todos os notebooks, na ordem."""
    lines = ["| nº | notebook | tempo estimado | Colab |", "|---|---|---|---|"]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        info = notebook_info(path)
        title = info["title"].split("·", 1)[-1].strip()
        time = CPU_CLASS.sub(lambda m: f" ({m['note']})" if m["note"] else "", info["time"])
        time = time.replace("|", "/")
        badge = f"[![Abrir no Colab]({BADGE_IMAGE})]({colab_url(path.name)})"
        lines.append(f"| {path.name[:2]} | [{title}](notebooks/{path.name}) | {time} | {badge} |")
    return "\n".join(lines)


def _fix_index(text: str) -> str:
    if INDEX_START not in text or INDEX_END not in text:
        return text
    before, rest = text.split(INDEX_START, 1)
    after = rest.split(INDEX_END, 1)[1]
    return f"{before}{INDEX_START}\n{readme_index()}\n{INDEX_END}{after}"


def _fix_links(text: str) -> str:
    return COLAB_LINK.sub(lambda m: colab_url(m.group("name")), text)


def _fix_setup(text: str) -> str:
    return SETUP_LINE.sub(f'REPO_URL = "{REPO_URL}"', text)


def sync(check: bool = False) -> list[str]:
    """Atualiza (ou só confere) notebooks e README; devolve os arquivos que estavam diferentes."""
    changed = []
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        dirty = _fix_reading(nb)
        for cell in nb.cells:
            fixed = _fix_links(cell.source)
            if cell.cell_type == "code":
                fixed = _fix_setup(fixed)
            if fixed != cell.source:
                cell.source, dirty = fixed, True
        if dirty:
            changed.append(str(path.relative_to(ROOT)))
            if not check:
                nbformat.write(nb, path)
    readme = ROOT / "README.md"
    if readme.exists():
        text = readme.read_text(encoding="utf-8")
        fixed = _fix_index(_fix_links(text))
        if fixed != text:
            changed.append("README.md")
            if not check:
                readme.write_text(fixed, encoding="utf-8")
    return changed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="só confere, sem alterar arquivos")
    args = parser.parse_args()
    changed = sync(check=args.check)
    if not changed:
        print(f"Tudo de acordo com REPO_URL = {REPO_URL}")
        return 0
    verb = "Diferem de" if args.check else "Atualizados para"
    print(f"{verb} REPO_URL = {REPO_URL}: " + ", ".join(changed))
    return 1 if args.check else 0


if __name__ == "__main__":
    sys.exit(main())
