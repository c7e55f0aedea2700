"""Exercício 1 do notebook 04: parâmetros que use_bias=False tira das convoluções da VGG.

A pergunta é sobre a VGG de largura 1 (2.397.226 parâmetros), a mesma em todos os modos: a
resposta não depende da largura que o modo da execução usa (o professor corrige no modo fast)."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="448 = 32 + 32 + 64 + 64 + 128 + 128: um viés por filtro "
                                     "em cada uma das seis convoluções.",
           failure_message="Some o número de filtros das seis convoluções da VGG de largura 1 "
                           "(32 → 64 → 128, duas convoluções por bloco).")
def test_biases(env):
    n = answer(env, "conv_biases_removed", int)
    assert n != 6, "Não é um viés por camada: é um por filtro."
    assert n != 224, ("224 é a conta na largura 0,5 (a do modo reduced); o exercício pede a VGG "
                      "de largura 1.")
    assert n != 32 + 64 + 128, "Cada bloco tem duas convoluções, e cada uma tem os seus vieses."
    assert n == 448, f"`conv_biases_removed` = {n}."
