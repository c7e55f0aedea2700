"""Estrutura dos notebooks: esqueleto, metadados de slides, saídas de uma execução real, pt-BR.

A execução em si (nbval, modo fast) é feita pelo pytest com ``--nbval-lax`` sobre notebooks/.
"""

import re
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from utils import REPO_URL

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
CLOSING_SECTIONS = ["Resumo", "Exercícios", "Soluções", "Referências"]
MAX_NOTEBOOK_MB = 8
SKIP_TAG = "skip-execution"  # célula que só roda à mão (abre um servidor, por exemplo)

PT_WORDS = set(
    "de da do das dos que não uma um para com por em na no nas nos se e é são como mais mas ou "
    "ao aos à às pelo pela cada sua seu entre sobre quando também isso este esta essa esse "
    "onde qual muito já sem vamos vemos".split()
)
EN_WORDS = set(
    "the and of to is are with for this that from by on we it be an which can not "
    "you your our these those when will would".split()
)


def load(path):
    return nbformat.read(path, as_version=4)


def headings(nb):
    return [
        line.lstrip("#").strip()
        for cell in nb.cells if cell.cell_type == "markdown"
        for line in cell.source.splitlines() if line.startswith("## ")
    ]


def words(text):
    return re.findall(r"[a-zà-ú]+", text.lower())


def code_comments(nb):
    return [
        line.split("#", 1)[1]
        for cell in nb.cells if cell.cell_type == "code"
        for line in cell.source.splitlines()
        if line.strip().startswith("#") and "NBVAL" not in line and "noqa" not in line
    ]


def output_text(output):
    if output.get("output_type") == "stream":
        return output.get("text", "")
    return str(output.get("data", {}).get("text/plain", ""))


def test_there_are_notebooks():
    assert NOTEBOOKS, "nenhum notebook em notebooks/"
    assert NOTEBOOKS[0].name == "00_ambiente.ipynb"


def test_notebooks_have_unique_two_digit_numbers():
    for path in NOTEBOOKS:
        assert re.fullmatch(r"\d\d_[a-z0-9_]+\.ipynb", path.name), path.name
    numbers = [int(p.name[:2]) for p in NOTEBOOKS]
    assert len(set(numbers)) == len(numbers), numbers


@pytest.fixture(params=NOTEBOOKS, ids=lambda p: p.stem)
def notebook(request):
    return request.param, load(request.param)


def test_title_badge_and_summary(notebook):
    path, nb = notebook
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    title = first.source.splitlines()[0]
    assert re.match(rf"# {path.name[:2]} · \S", title), title
    owner_repo = REPO_URL.removeprefix("https://github.com/")
    badge = (
        "[![Abrir no Colab](https://colab.research.google.com/assets/colab-badge.svg)]"
        f"(https://colab.research.google.com/github/{owner_repo}/blob/main/notebooks/{path.name})"
    )
    assert badge in first.source
    summary = first.source.split(badge, 1)[1].strip()
    assert 20 <= len(words(summary)) <= 120, "resumo de 2 a 4 linhas depois do selo"


def test_objectives_and_estimated_time(notebook):
    _, nb = notebook
    intro = "\n".join(c.source for c in nb.cells[:3] if c.cell_type == "markdown")
    assert "## Objetivos" in intro
    objectives = intro.split("## Objetivos", 1)[1]
    assert len(re.findall(r"^\s*[-*] ", objectives, re.MULTILINE)) >= 2
    assert "Tempo estimado" in intro
    for mode in ("full", "reduced", "fast"):
        assert mode in intro, f"tempo estimado do modo {mode}"


def test_setup_cell_installs_on_colab_and_calls_runtime_setup(notebook):
    _, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    setup = code[0].source
    assert '"google.colab" in sys.modules' in setup
    assert f'REPO_URL = "{REPO_URL}"' in setup
    assert "cfg = runtime.setup(" in setup
    assert nb.cells.index(code[0]) <= 3, "a preparação vem logo depois da introdução"


def test_closing_sections_in_order(notebook):
    _, nb = notebook
    found = [h for h in headings(nb) if h in CLOSING_SECTIONS]
    assert found == CLOSING_SECTIONS, found
    exercises = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    block = exercises.split("## Exercícios", 1)[1].split("## Soluções", 1)[0]
    n_exercises = len(re.findall(r"^\s*\d+\.\s", block, re.MULTILINE))
    assert 3 <= n_exercises <= 6, f"{n_exercises} exercícios (esperado de 3 a 6)"


def test_every_cell_has_slide_metadata(notebook):
    _, nb = notebook
    for i, cell in enumerate(nb.cells):
        slide_type = cell.metadata.get("slideshow", {}).get("slide_type")
        assert slide_type in SLIDE_TYPES, f"célula {i} sem slide_type válido: {slide_type!r}"
    assert nb.cells[0].metadata.slideshow.slide_type == "slide"
    for cell in nb.cells:
        if cell.cell_type == "markdown" and cell.source.startswith("## ") and not \
                cell.source.startswith("## Objetivos"):
            assert cell.metadata.slideshow.slide_type in {"slide", "skip"}, cell.source[:40]


def test_committed_outputs_come_from_a_clean_run(notebook):
    path, nb = notebook
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()
            and SKIP_TAG not in c.metadata.get("tags", [])]
    assert all(c.execution_count is not None for c in code), "há células não executadas"
    counts = [c.execution_count for c in code]
    assert counts == sorted(counts), "células executadas fora de ordem"
    assert sum(bool(c.outputs) for c in code) >= len(code) // 2, "faltam saídas"
    for cell in code:
        for out in cell.outputs:
            assert out.output_type != "error", f"erro salvo em {path.name}: {out.get('ename')}"
            text = output_text(out)
            assert "Traceback" not in text
            if out.get("name") == "stderr":
                assert "Warning" not in text, f"aviso sem explicação: {text[:200]}"
            assert text.count("\n") <= 200, "saída longa demais (barra de progresso por passo?)"
    assert path.stat().st_size < MAX_NOTEBOOK_MB * 1e6


def test_solutions_stay_out_of_the_slides(notebook):
    """Da seção "Soluções" até "Referências", nada entra nos slides (nem as verificações)."""
    _, nb = notebook
    inside = False
    for cell in nb.cells:
        if cell.source.startswith("## "):
            inside = cell.source.startswith("## Soluções")
        if inside or "verificacao" in cell.metadata.get("tags", []):
            assert cell.metadata.slideshow.slide_type == "skip", cell.source[:60]


def test_cells_skipped_headless_are_also_skipped_by_nbval_and_explained(notebook):
    """Uma célula que o executor pula (tag do nbclient) também é pulada pelo nbval, fica sem
    saída publicada, e o texto logo acima diz ao aluno que ela não roda sozinha."""
    _, nb = notebook
    for k, cell in enumerate(nb.cells):
        if SKIP_TAG in cell.metadata.get("tags", []):
            assert "nbval-skip" in cell.metadata.tags, cell.source[:60]
            assert not cell.outputs and cell.execution_count is None, cell.source[:60]
            assert "não roda sozinha" in nb.cells[k - 1].source, cell.source[:60]


def test_last_cell_prints_the_run_record(notebook):
    _, nb = notebook
    last = [c for c in nb.cells if c.cell_type == "code"][-1]
    assert "cfg.report()" in last.source
    text = "".join(output_text(o) for o in last.outputs)
    for field in ("Registro da execução", "modo:", "dispositivo:", "data:", "tempo total:"):
        assert field in text
    assert re.search(r"modo:\s+(full|reduced)", text), "saídas publicadas: modo full ou reduced"


def test_checked_cells_have_no_imports(notebook):
    _, nb = notebook
    checked = [c for c in nb.cells if c.cell_type == "code" and "NBVAL_CHECK_OUTPUT" in c.source]
    for cell in checked:
        assert not re.search(r"^\s*(import|from)\s", cell.source, re.MULTILINE), cell.source[:80]
        assert cell.outputs, "célula conferida pelo nbval sem saída publicada"


def test_text_is_brazilian_portuguese(notebook):
    _, nb = notebook
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    for text in markdown + ["\n".join(code_comments(nb))]:
        tokens = words(re.sub(r"`[^`]*`|\$[^$]*\$|\(http[^)]*\)", " ", text))
        pt = sum(t in PT_WORDS for t in tokens)
        en = sum(t in EN_WORDS for t in tokens)
        if pt + en >= 6:
            assert pt >= 3 * en, f"texto parece inglês (pt={pt}, en={en}): {text[:120]!r}"


def test_training_uses_compact_logs(notebook):
    _, nb = notebook
    for cell in nb.cells:
        keras_code = re.sub(r"PCA\([^)]*\)\.fit\(", "", cell.source)  # o fit do scikit-learn
        if cell.cell_type == "code" and ".fit(" in keras_code:
            assert re.search(r"verbose\s*=\s*[02]", cell.source), cell.source[:120]


def test_no_deprecated_keras_idioms(notebook):
    _, nb = notebook
    source = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    for pattern in (r"\binput_shape\s*=", r"\blr\s*=", "ImageDataGenerator", "tf.keras"):
        assert not re.search(pattern, source), f"idioma antigo: {pattern}"


def test_colab_links_match_repo_url():
    proc = subprocess.run(
        [sys.executable, "scripts/sync_colab.py", "--check"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
