"""Exercício 3 do notebook 09: parâmetros de MultiHeadAttention(4 cabeças, key_dim 32), d = 128."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex3"


@test_case(points=1, success_message="66.048 parâmetros: 3 · (128 · 128 + 128) para Q, K e V e "
                                     "128 · 128 + 128 para a saída.",
           failure_message="Q, K e V: d · h · d_k pesos + h · d_k vieses cada; a saída: "
                           "h · d_k · d + d.")
def test_params(env):
    n = answer(env, "mha_128", int)
    assert n != 3 * (128 * 128 + 128), "Faltou a projeção de saída W_O (e o seu viés)."
    assert n != 4 * 128 * 128, "Faltaram os vieses das quatro projeções."
    assert n != 3 * (128 * 32 + 32) + 32 * 128 + 128, (
        "Essa é uma cabeça só: cada projeção leva às 4 cabeças, d · (h · d_k) = 128 · 128.")
    assert n != 4 * 128 * 128 + 3 * 128, "Faltou o viés da projeção de saída (128)."
    assert n == 66_048, f"`mha_128` = {n}."
