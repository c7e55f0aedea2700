"""Exercício 1 do notebook 02: parâmetros de um MLP 784-256-128-10."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="235.146 parâmetros: pesos e vieses das três camadas.",
           failure_message="Uma camada densa n → m tem n · m pesos e m vieses.")
def test_count(env):
    n = answer(env, "n_params_mlp", int)
    assert n != 234_752, "Faltaram os vieses: cada camada tem um por neurônio."
    assert n != 235_920, "Você somou vieses demais: as entradas (784) não têm viés."
    assert n != 101_770, "Esse é o MLP 784-128-10 do notebook; o exercício pede 784-256-128-10."
    assert n == 235_146, f"`n_params_mlp` = {n}."
