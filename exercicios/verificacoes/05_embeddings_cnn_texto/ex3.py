"""Exercício 3 do notebook 05: parâmetros da CNN de texto com larguras (3,) e (2, 3, 4, 5, 6).

O vocabulário, a dimensão do embedding e o número de filtros mudam com o modo (o professor
corrige no modo fast). Por isso a resposta é a função `count_text_cnn`, testada em tamanhos
fixos, daqui, e nos tamanhos da própria execução: a mesma resposta passa em qualquer modo."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer_function, returned  # noqa: E402

name = "ex3"

SIZES = [(100, 8, 4), (5_000, 32, 16)]  # (vocabulário, dimensão do embedding, filtros)


def _reference(vocab_size, embed_dim, filters, widths):
    branches = sum((k * embed_dim + 1) * filters for k in widths)
    return vocab_size * embed_dim + branches + len(widths) * filters + 1


def _check(count, vocab_size, embed_dim, filters, widths):
    got = int(returned(count(vocab_size, embed_dim, filters, widths), "count_text_cnn"))
    expected = _reference(vocab_size, embed_dim, filters, widths)
    where = (f"(vocabulário {vocab_size}, dimensão {embed_dim}, {filters} filtros, "
             f"larguras {widths})")
    assert got != expected - vocab_size * embed_dim, (
        f"Faltou o Embedding: ele tem vocabulário × dimensão pesos {where}.")
    assert got != expected - len(widths) * filters - 1, (
        f"Faltou a camada de saída: Dense(1) sobre os filtros concatenados, mais o viés {where}.")
    assert got != expected - len(widths) * filters, (
        f"Faltaram os vieses das convoluções, um por filtro em cada ramo {where}.")
    assert got == expected, (
        f"`count_text_cnn` deu {got} {where}; cada ramo de largura k tem (k · d + 1) · F.")


def _function(env):
    return answer_function(env, "count_text_cnn",
                           "count_text_cnn(vocab_size, embed_dim, filters, widths)",
                           ": os tamanhos mudam com o modo, por isso a resposta é a conta, não o "
                           "número")


@test_case(points=1, success_message="Larguras (3,): confere.",
           failure_message="Some Embedding + ramos convolucionais + saída.")
def test_one_width(env):
    count = _function(env)
    for sizes in SIZES:
        _check(count, *sizes, (3,))
    _check(count, env["VOCAB_SIZE"], env["SIZES"]["embed_dim"], env["SIZES"]["filters"], (3,))


@test_case(points=1, success_message="Larguras (2, 3, 4, 5, 6): confere.",
           failure_message="Some Embedding + ramos convolucionais + saída.")
def test_five_widths(env):
    count = _function(env)
    widths = (2, 3, 4, 5, 6)
    for sizes in SIZES:
        _check(count, *sizes, widths)
    _check(count, env["VOCAB_SIZE"], env["SIZES"]["embed_dim"], env["SIZES"]["filters"], widths)
