"""O tempo de leitura da introdução vem do conteúdo, por uma regra só (scripts/sync_colab.py)."""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import sync_colab  # noqa: E402


def _notebook(*cells):
    nb = nbformat.v4.new_notebook()
    for kind, source in cells:
        maker = nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell
        nb.cells.append(maker(source))
    return nb


INTRO = ("md", "# 99 · Teste\n\n**Tempo estimado:** aula de uns 90 min. Execução: modo `reduced` "
               "≈ 1 min.")


def test_reading_counts_prose_and_code_with_one_rule():
    words = " ".join(["palavra"] * (20 * sync_colab.PROSE_WORDS_PER_MINUTE))
    code = "\n".join(f"x{i} = {i}" for i in range(10 * sync_colab.CODE_LINES_PER_MINUTE))
    nb = _notebook(INTRO, ("md", "## 1. Texto\n\n" + words), ("code", code + "\n\n\n"))
    assert sync_colab.reading_minutes(nb) == (30, 0)


def test_optional_sections_count_apart_and_solutions_and_references_not_at_all():
    words = " ".join(["palavra"] * (10 * sync_colab.PROSE_WORDS_PER_MINUTE))
    nb = _notebook(INTRO, ("md", "## 1. Principal\n\n" + words),
                   ("md", "## 2. Avançado (opcional)\n\n" + words),
                   ("md", "## 3. De volta\n\n" + words),
                   ("md", "## Soluções\n\n" + words), ("code", "x = 1\n" * 500),
                   ("md", "## Referências\n\n" + words))
    assert sync_colab.reading_minutes(nb) == (20, 10)


def test_comments_and_link_addresses_are_not_read():
    nb = _notebook(INTRO, ("md", "<!-- " + "oculto " * 2000 + "-->\n[texto](https://a.b/c/d/e)"))
    assert sync_colab.reading_minutes(nb)[0] <= 5


def test_fix_reading_rewrites_only_the_reading_part_of_the_intro():
    words = " ".join(["palavra"] * (40 * sync_colab.PROSE_WORDS_PER_MINUTE))
    nb = _notebook(INTRO, ("md", "## 1. Texto\n\n" + words),
                   ("md", "## 2. Extra (opcional)\n\n" + words[: len(words) // 4]))
    assert sync_colab._fix_reading(nb)
    assert nb.cells[0].source.endswith(
        "**Tempo estimado:** leitura de uns 40 min (texto e código; as seções opcionais, mais "
        "uns 10 min). Execução: modo `reduced` ≈ 1 min.")
    assert not sync_colab._fix_reading(nb)  # a segunda vez não muda nada


@pytest.mark.parametrize("path", sorted((ROOT / "notebooks").glob("*.ipynb")), ids=lambda p: p.stem)
def test_every_notebook_states_the_computed_reading_time(path):
    nb = nbformat.read(path, as_version=4)
    intro = "\n".join(c.source for c in nb.cells[:3] if c.cell_type == "markdown")
    assert f"**Tempo estimado:** {sync_colab.reading_text(nb)}" in intro, (
        "o tempo de leitura da introdução não é o calculado: rode python scripts/sync_colab.py")
