"""Os números que os notebooks imprimem estão em pt-BR: vírgula decimal e ponto de milhar.

Toda saída que o aluno lê (``print``, o valor da última linha de uma célula) usa
``utils.formatting``; só os logs do próprio Keras (barra de progresso do ``fit``,
``model.summary()``, avisos em stderr) ficam como o Keras os escreve.
"""

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))

# 0.5, 8.65, 1.4142 (mas não versões como 3.11.7 nem nomes como cifar10.npz); um ponto seguido
# de grupos de três dígitos é o separador de milhar do português (101.770), não um decimal
ENGLISH_DECIMAL = re.compile(r"(?<![\w.])(?![1-9]\d{0,2}(?:\.\d{3})+(?![\w.]))\d+\.\d+(?![\w.])")
# 19256, 101770 (sem ponto de milhar); datas e horas de nomes de arquivo ficam de fora abaixo
UNSEPARATED = re.compile(r"(?<![\w.,/-])\d{5,}(?![\w./-]|,\d)")


def keras_log(line: str) -> bool:
    """Linhas que o Keras escreve sozinho: progresso do fit/evaluate e o model.summary()."""
    return ("\x1b[" in line or re.search(r"\d+/\d+ .*(?:step|ETA)", line) is not None
            or re.match(r"\s*Epoch \d+/\d+", line) is not None)


# O formato de um array, como o Python o escreve: (60000, 28, 28) é código, não um número.
SHAPE = re.compile(r"\((?:None|\d+)(?:, (?:None|\d+))*,?\)")


def english_numbers(text: str) -> list[str]:
    """As linhas com número em formato inglês (ponto decimal, milhar sem separador)."""
    found = []
    for line in text.splitlines():
        line = SHAPE.sub("(forma)", line)
        if keras_log(line) or "/" in line and re.search(r"/\w[\w.-]*/", line):
            continue  # logs do Keras e caminhos de arquivo
        if ENGLISH_DECIMAL.search(line) or UNSEPARATED.search(line):
            found.append(line.strip()[:120])
    return found


def test_english_numbers_are_found_and_portuguese_ones_pass():
    assert english_numbers("acurácia: 0.5") == ["acurácia: 0.5"]
    assert english_numbers("NumPy: [0.7061 0.378  0.2829]")
    assert english_numbers("tamanho do vocabulário: 19256")
    assert english_numbers("{'n_train': 10000, 'vgg_width': 0.5}")
    assert english_numbers("{'n_train': 20000, 'epochs': 8}")
    assert english_numbers("η = 0.001: perda 1,1880")
    assert not english_numbers("acurácia 89,16 % | 101.770 parâmetros | [0,7061 0,378]")
    assert not english_numbers("teto (R/γ)² = 6.734 correções | 6.577.610 parâmetros")
    assert not english_numbers("Python 3.11.7 | TensorFlow 2.21.0 | lido de /a/cifar10.npz")
    assert not english_numbers("1719/1719 - 4s - 2ms/step - accuracy: 0.8092 - loss: 0.5374")
    assert not english_numbers("treino: (60000, 28, 28) | saída (None, 128)")
    assert not english_numbers("execução gravada em logs/02_mlp/fashion_mnist-20261130-030528")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_printed_numbers_are_in_portuguese(path):
    nb = nbformat.read(path, as_version=4)
    problems = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("name") == "stderr":
                continue  # avisos do TensorFlow/Keras
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            problems += [f"célula {index}: {line}" for line in english_numbers(str(text))]
    assert not problems, ("números em formato inglês nas saídas (use utils.formatting):\n"
                          + "\n".join(problems))
