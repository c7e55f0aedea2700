"""Exercício 3 do notebook 05: parâmetros da CNN de texto com larguras (3,) e (2, 3, 4, 5, 6)."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex3"


def _expected(env, widths):
    vocab, dim, filters = env["VOCAB_SIZE"], env["SIZES"]["embed_dim"], env["SIZES"]["filters"]
    branches = sum((k * dim + 1) * filters for k in widths)
    return vocab * dim + branches + len(widths) * filters + 1, vocab * dim


def _check(env, variable, widths):
    n = answer(env, variable, int)
    expected, embedding = _expected(env, widths)
    assert n != expected - embedding, "Faltou o Embedding: ele tem VOCAB_SIZE × embed_dim pesos."
    assert n != expected - len(widths) * env["SIZES"]["filters"] - 1, (
        "Faltou a camada de saída: Dense(1) sobre os filtros concatenados, mais o viés.")
    assert n == expected, f"`{variable}` = {n}; cada ramo de largura k tem (k · d + 1) · F."


@test_case(points=1, success_message="Larguras (3,): confere.",
           failure_message="Some Embedding + ramos convolucionais + saída.")
def test_one_width(env):
    _check(env, "n_params_3", (3,))


@test_case(points=1, success_message="Larguras (2, 3, 4, 5, 6): confere.",
           failure_message="Some Embedding + ramos convolucionais + saída.")
def test_five_widths(env):
    _check(env, "n_params_2_to_6", (2, 3, 4, 5, 6))
