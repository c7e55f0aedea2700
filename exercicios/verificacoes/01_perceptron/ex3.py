"""Exercício 3 do notebook 01: η = 1 em vez de 0,1 no treino da íris."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex3"


@test_case(points=1, success_message="Mesmas épocas: partindo de zero, η só muda a escala.",
           failure_message="Compare os erros por época dos dois treinos.")
def test_same_epochs(env):
    same = answer(env, "same_epochs", bool)
    assert same, "Rode os dois treinos e compare: os erros por época são idênticos."


@test_case(points=1, success_message="Os pesos ficam exatamente 10 vezes maiores.",
           failure_message="Divida os pesos do treino com η = 1 pelos do treino com η = 0,1.")
def test_ratio(env):
    ratio = answer(env, "weight_ratio")
    assert abs(ratio - 0.1) > 1e-6, "Essa é a razão ao contrário (η = 0,1 sobre η = 1)."
    assert abs(ratio - 1) > 1e-6, "Os pesos mudam, sim: cada correção soma η · x."
    assert abs(ratio - 10) < 1e-6, f"`weight_ratio` = {ratio:g}."
