"""Exercício 1 do notebook 04: parâmetros que use_bias=False tira das convoluções."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="Um viés por filtro em cada uma das seis convoluções.",
           failure_message="Some o número de filtros das seis convoluções do modelo deste modo "
                           "(a largura está em SIZES[\"vgg_width\"]).")
def test_biases(env):
    n = answer(env, "conv_biases_removed", int)
    model = env.get("bn_model")
    assert model is not None, "Rode o notebook desde o início: `bn_model` vem da seção 4."
    filters = [layer.filters for layer in model.layers if type(layer).__name__ == "Conv2D"]
    expected = sum(filters)
    assert n != len(filters), "Não é um viés por camada: é um por filtro."
    assert n != 448 or expected == 448, (
        "448 é a conta na largura 1; este modo usa a largura de SIZES[\"vgg_width\"].")
    assert n == expected, f"`conv_biases_removed` = {n}; os filtros das convoluções são {filters}."
