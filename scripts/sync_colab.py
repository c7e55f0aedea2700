"""Propaga o endereço do repositório (``utils.REPO_URL``) para os selos do Colab e as células de
preparação dos notebooks e refaz o índice de notebooks do README (título, tempo estimado por
modo e selo do Colab, lidos da introdução de cada notebook).

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
        dirty = False
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
