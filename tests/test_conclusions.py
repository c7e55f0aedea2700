"""Conclusões na prosa: toda frase que compara resultados cita a comparação impressa que a sustenta.

As regras estão em ``_conclusions.py`` e no README ("Conclusões na prosa"). Os metatestes, com
notebooks sintéticos, provam que a verificação falha em cada tipo de erro.
"""

from pathlib import Path

import nbformat
import pytest
from _conclusions import problems, recorded_comparisons
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from utils import stats

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
# Notebooks já revistos sob a convenção: neles, todo parágrafo que compara resultados precisa do
# marcador. Nos outros, os marcadores que existem são conferidos.
CONVERTED = {"00_ambiente", "01_perceptron", "02_mlp", "03_cnn_lenet",
             "04_cifar10_batchnorm_aumento", "05_embeddings_cnn_texto", "06_lstm_gru",
             "07_otimizadores", "08_redes_profundas", "09_atencao_transformers",
             "10_autoencoders_gan"}


def notebook(markdown, comparisons=None):
    """Um notebook mínimo: o texto e o registro impresso com ``comparisons`` {chave: (diff, se)}."""
    lines = ["Registro da execução", "  comparações (A − B, com o intervalo de 95 %):"]
    lines += [f"    {key} = {stats.describe_difference(diff, se)}"
              for key, (diff, se) in (comparisons or {}).items()]
    report = new_code_cell("cfg.report()", outputs=[
        new_output("stream", name="stdout", text="\n".join(lines) + "\n")])
    return new_notebook(cells=[new_markdown_cell(markdown), report])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_conclusion_rests_on_a_printed_comparison(path):
    nb = nbformat.read(path, as_version=4)
    found = problems(nb, enforce_words=path.stem in CONVERTED)
    assert not found, "\n".join(found)


# O 00 mede o ambiente e não compara resultados: não tem comparações a registrar.
WITHOUT_COMPARISONS = {"00_ambiente"}


def test_converted_notebooks_exist_and_use_the_record():
    for name in CONVERTED - WITHOUT_COMPARISONS:
        nb = nbformat.read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        assert recorded_comparisons(nb), f"{name}: nenhuma comparação no registro impresso"


# ---------------------------------------------------------------- metatestes


def test_the_record_is_read_back_with_its_verdict():
    nb = notebook("", {"bn_menos_simples": (0.76, 0.006), "bn_menos_residual": (-0.01, 0.006)})
    record = recorded_comparisons(nb)
    assert record["bn_menos_simples"]["verdict"] == "acima"
    assert record["bn_menos_simples"]["diff"] == pytest.approx(76.0)
    assert record["bn_menos_residual"] == {"diff": -1.0, "low": -2.2, "high": 0.2,
                                           "verdict": "dentro", "unit": "pontos"}


def test_a_comparison_in_another_unit_is_read_and_checked():
    lines = ["Registro da execução", "  comparações (A − B, com o intervalo de 95 %):",
             "    bpc = " + stats.describe_difference(-0.05, 0.01, unit="bits por caractere")]
    report = new_code_cell("cfg.report()", outputs=[
        new_output("stream", name="stdout", text="\n".join(lines) + "\n")])
    nb = new_notebook(cells=[new_markdown_cell(
        "O Transformer fica à frente. <!-- conclusão: bpc acima negativa -->"), report])
    record = recorded_comparisons(nb)["bpc"]
    assert record["unit"] == "bits por caractere" and record["diff"] == pytest.approx(-0.05)
    assert problems(nb) == []
    nb.cells[0].source = "O Transformer fica à frente. <!-- conclusão: bpc positiva -->"
    assert "bits por caractere" in problems(nb)[0]


@pytest.mark.parametrize(("claim", "diff", "ok"), [
    ("acima positiva", 0.05, True), ("acima", -0.05, True), ("dentro", 0.001, True),
    ("negativa", -0.001, True), ("acima", 0.001, False), ("dentro", 0.05, False),
    ("positiva", -0.05, False), ("acima negativa", 0.05, False),
])
def test_a_marker_is_checked_against_the_record(claim, diff, ok):
    nb = notebook(f"A BN supera a rede simples. <!-- conclusão: k {claim} -->",
                  {"k": (diff, 0.01)})
    found = problems(nb)
    assert (found == []) == ok, found
    if not ok:
        assert "a frase afirma" in found[0] and "`k`" in found[0]


def test_a_comparison_missing_from_the_record_is_caught():
    found = problems(notebook("X supera Y. <!-- conclusão: k acima -->", {}))
    assert len(found) == 1 and "não está no registro impresso" in found[0]


@pytest.mark.parametrize("text", [
    "Com BN, a rede supera a simples.", "A diferença ficou acima do ruído.",
    "Trocar a semente não muda o resultado.", "A rede saturada ainda está atrás.",
    "O Adam tende a convergir antes.", "A residual é melhor que a BN.",
    "A diferença é muito maior que o erro padrão."])
def test_a_conclusion_without_marker_is_caught_in_converted_notebooks(text):
    found = problems(notebook(text))
    assert len(found) == 1 and "não diz de onde vem a conclusão" in found[0]
    assert problems(notebook(text), enforce_words=False) == []


def test_sources_and_theory_need_their_evidence():
    assert problems(notebook("O Adam tende a convergir antes (Kingma e Ba, 2015). "
                             "<!-- conclusão: fonte -->")) == []
    assert "sem autor e ano" in problems(notebook("O Adam tende a convergir antes. "
                                                  "<!-- conclusão: fonte -->"))[0]
    assert problems(notebook("Nada muda de escala, então o resultado não muda. "
                             "<!-- conclusão: teoria: softmax invariante a deslocamento -->")) == []
    assert "sem o motivo" in problems(notebook("Não muda. <!-- conclusão: teoria -->"))[0]
    assert "diga o que" in problems(notebook("Supera. <!-- conclusão: k maior -->",
                                             {"k": (0.1, 0.01)}))[0]
