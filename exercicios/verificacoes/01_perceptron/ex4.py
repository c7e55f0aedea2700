"""Exercício 4 do notebook 01: versicolor × virginica pela pétala."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex4"


@test_case(points=1, success_message="Não converge: as duas espécies se sobrepõem.",
           failure_message="Olhe os erros por época: eles chegam a zero?")
def test_converges(env):
    converges = answer(env, "converges_vv", bool)
    assert not converges, ("Os erros por época não chegam a zero: com classes que se sobrepõem "
                           "o perceptron nunca para de corrigir.")
