"""Exercício 4 do notebook 01: versicolor × virginica pela pétala, e a prova de que nenhuma reta
separa as duas espécies (uma medida que aparece nas duas)."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402
from sklearn.datasets import load_iris  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex4"


def _petals(species):
    iris = load_iris()
    return {tuple(float(v) for v in p) for p in iris.data[iris.target == species][:, [2, 3]]}


@test_case(points=1, success_message="Não converge em 30 épocas: os erros por época não zeram.",
           failure_message="Olhe os erros por época: eles chegam a zero?")
def test_converges(env):
    converges = answer(env, "converges_vv", bool)
    assert not converges, "Os erros por época não chegam a zero nas 30 épocas."


@test_case(points=1, success_message="Essa medida aparece nas duas espécies: nenhuma reta separa "
                                     "dois pontos idênticos.",
           failure_message="Monte o conjunto de pares (comprimento, largura) da pétala de cada "
                           "espécie e faça a interseção (`&` entre dois `set`).")
def test_shared_petal(env):
    petal = answer(env, "shared_petal", tuple)
    assert len(petal) == 2, (
        f"`shared_petal` deve ter 2 números (comprimento, largura da pétala), não {len(petal)}.")
    petal = tuple(round(float(v), 1) for v in petal)
    versicolor, virginica = _petals(1), _petals(2)
    assert petal in versicolor or petal in virginica, (
        f"{petal} não é a pétala de nenhuma versicolor nem virginica (comprimento e largura da "
        "pétala, em cm, nessa ordem).")
    assert petal in versicolor, f"{petal} só aparece em virginica; procure uma que esteja nas duas."
    assert petal in virginica, f"{petal} só aparece em versicolor; procure uma que esteja nas duas."
