"""Números na prosa: todo número do texto vem de uma saída, da literatura, do código ou é marcado.

As regras estão em ``_prose_numbers.py`` e no README ("Números na prosa"). Os metatestes
provam que a verificação falha quando um número da prosa muda.
"""

import copy
from dataclasses import replace
from pathlib import Path

import nbformat
import pytest
from _prose_numbers import (
    GENERIC_PERCENTS,
    check_notebook,
    matches,
    numbers_in_code,
    numbers_in_outputs,
    parse_ptbr,
    problems,
)
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def load(path):
    return nbformat.read(path, as_version=4)


def notebook(markdown, output="", code="", html=None):
    """Um notebook mínimo: uma célula de código (com uma saída) e uma célula de texto."""
    outputs = [new_output("stream", name="stdout", text=output)] if output else []
    if html:
        outputs.append(new_output("execute_result", data={"text/html": html,
                                                          "text/plain": "<tabela>"}))
    return new_notebook(cells=[new_code_cell(code, outputs=outputs),
                               new_markdown_cell(markdown)])


def flagged(nb):
    return [figure.text for figure in problems(nb, "sintético")]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_numbers_have_a_source(path):
    found = problems(load(path), path.stem)
    listing = "\n".join(f"  - {figure.describe()}" for figure in found)
    if found:
        pytest.fail(
            f"{len(found)} número(s) no texto de {path.name} sem origem: nenhuma saída do notebook "
            "os mostra (arredondados às casas do texto), a frase não cita a literatura, não são "
            "constantes do código nem têm o marcador <!-- número: motivo -->. Corrija o texto, "
            f'cite a fonte ou marque (README, "Números na prosa"):\n{listing}',
            pytrace=False,
        )


# --- Metatestes em notebooks sintéticos -------------------------------------------------------

def test_number_printed_by_the_run_passes():
    assert flagged(notebook("A ResNet acertou 79,95 % do teste.", "acurácia: 0.7995\n")) == []


def test_altered_number_fails():
    nb = notebook("A ResNet acertou 79,15 % do teste.", "acurácia: 0.7995\n")
    assert flagged(nb) == ["79,15 %"]


def test_literature_reference_accounts_for_the_number():
    assert flagged(notebook("A ResNet chega a 79,15 % (Autor, 2020).", "acurácia: 0.7995\n")) == []
    assert flagged(notebook("Segundo Page (2018), 94,0 % em 26 s.")) == []
    assert flagged(notebook("Szegedy et al. relatam 3,1 % de erro.")) == []
    # A referência vale para a frase dela, não para a seguinte.
    assert flagged(notebook("Page (2018) usa lotes grandes. Aqui deu 71,3 %.")) == ["71,3 %"]


def test_author_listed_in_the_references_cell():
    nb = notebook("O CNN-rand de Kim faz 76,1 %.")
    assert flagged(nb) == ["76,1 %"]
    nb.cells.append(new_markdown_cell("## Referências\n\n- Kim, Y. (2014). *Convolutional...*"))
    assert flagged(nb) == []


@pytest.mark.parametrize("output", ["acurácia 0.79947", "acurácia 79,947 %", "acc=79.947%"])
@pytest.mark.parametrize(("prose", "ok"), [
    ("79,9 %", True), ("79,95 %", True), ("80 %", True), ("80,1 %", False), ("79,94 %", False),
])
def test_rounding(output, prose, ok):
    assert flagged(notebook(f"A rede acertou {prose} do teste.", output)) == ([] if ok else [prose])


def test_numbers_in_tables_and_other_units():
    html = "<table><tr><th>acurácia (%)</th><th>s por época</th></tr>" \
           "<tr><td>84,24</td><td>3,5</td></tr></table>"
    nb = notebook("A regressão logística fez 84,2 %, com 3,5 s por época.", html=html)
    assert flagged(nb) == []
    nb = notebook("Ganho de 1,9× e +8,2 pontos; 8,6 mil frases.",
                  "ganho: 1,9×\ndiferença: +0.082\ntreino: 8636\n")
    assert flagged(nb) == []
    assert flagged(notebook("Ganho de 1,35×.", "ganho: 1,9×\n")) == ["1,35×"]


def test_loose_integers_in_outputs_are_not_percentages():
    # "Epoch 1/20" não justifica "20 %"; a constante 0.2 do código, sim.
    assert flagged(notebook("Um *Dropout* de 20 %.", "Epoch 1/20\n")) == ["20 %"]
    nb = notebook("Um *Dropout* de 20 %.", "Epoch 1/20\n", code="layers.Dropout(0.2)")
    assert flagged(nb) == []


def test_math_code_links_and_comments_are_ignored():
    text = ("Em $p = 79{,}15$ e $$79,15 \\%$$, em `79,15 %`, em [x](https://a.b/79,15) e em "
            "<!-- 79,15 % --> não há número da prosa.")
    assert check_notebook(notebook(text)) == []


def test_marker_and_generic_percentages():
    assert flagged(notebook("Com duas classes, o chute acerta 50 %; treino a 100 %.")) == []
    assert flagged(notebook("Com 10 classes, o chute acerta 10 %.")) == ["10 %"]
    marked = "Com 10 classes, o chute acerta 10 %.\n<!-- número: teoria (1/10) -->"
    assert flagged(notebook(marked)) == []
    # O marcador precisa de um motivo e só vale para o próprio parágrafo.
    assert flagged(notebook("O chute acerta 10 %. <!-- número: -->")) == ["10 %"]
    other = "<!-- número: teoria -->\n\nCom 10 classes, o chute acerta 10 %."
    assert flagged(notebook(other)) == ["10 %"]


def test_references_cell_is_not_checked():
    nb = notebook("## Referências\n\n- Um livro: 88,6 % no Fashion-MNIST.")
    assert check_notebook(nb) == []


# --- Metateste num notebook de verdade ---------------------------------------------------------

def alterations(digits):
    """O número com o último algarismo trocado: '89,30' → '89,31', '89,32'..."""
    for step in range(1, 10):
        yield digits[:-1] + str((int(digits[-1]) + step) % 10)


def first_figure_matched_to_an_output():
    """O primeiro número medido (três algarismos significativos ou mais, como 0,8805 ou
    89,30 %) justificado só por uma saída, e uma alteração dele que nenhuma saída nem constante
    do código justifique."""
    for path in NOTEBOOKS:
        nb = load(path)
        outputs, code = numbers_in_outputs(nb), numbers_in_code(nb)
        for figure in check_notebook(nb, path.stem):
            digits = nb.cells[figure.cell].source[figure.start:figure.end]
            if figure.reasons != ["saída"] or len(digits.replace(",", "").lstrip("0.")) < 3:
                continue
            for altered in alterations(digits):
                value, _ = parse_ptbr(altered)
                probe = replace(figure, value=value)
                generic = figure.unit == "%" and value in GENERIC_PERCENTS
                if not (generic or matches(probe, outputs) or matches(probe, code)):
                    return path, nb, figure, altered
    pytest.skip("nenhum número medido da prosa vem só de uma saída; nada a alterar")


def test_altering_a_run_figure_in_a_real_notebook_is_reported():
    path, nb, figure, altered = first_figure_matched_to_an_output()
    assert parse_ptbr(nb.cells[figure.cell].source[figure.start:figure.end])[0] == figure.value
    assert not any((f.cell, f.start) == (figure.cell, figure.start) for f in problems(nb))

    changed = copy.deepcopy(nb)
    source = changed.cells[figure.cell].source
    changed.cells[figure.cell].source = source[:figure.start] + altered + source[figure.end:]
    reported = [(f.cell, f.start, f.text) for f in problems(changed, path.stem)]
    assert any(cell == figure.cell and start == figure.start and text.startswith(altered)
               for cell, start, text in reported), (
        f'{path.name}, célula {figure.cell}: "{figure.text}" trocado por "{altered}" não foi '
        f"apontado; apontados: {reported}"
    )
