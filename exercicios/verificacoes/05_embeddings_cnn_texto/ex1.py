"""Exercício 1 do notebook 05: a frase "I love ham and onions." nos dois vocabulários."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"
SENTENCE = "I love ham and onions."


@test_case(points=1, success_message="Ordem de aparição: confere com o tokenizador da seção 1.",
           failure_message="Use `tokenize` e o dicionário `vocabulary` da seção 1.")
def test_appearance(env):
    ids = [int(i) for i in answer(env, "ids_by_appearance", list)]
    expected = [env["vocabulary"][t] for t in env["tokenize"](SENTENCE)]
    assert len(ids) == len(expected), (
        f"A frase tem {len(expected)} palavras (a pontuação sai), mas a resposta tem {len(ids)}.")
    assert ids == expected, f"`ids_by_appearance` = {ids}; confira cada palavra em `vocabulary`."


@test_case(points=1, success_message="Ordem por frequência: os índices mudam, a frase é a mesma.",
           failure_message="Use `toy_vectorize`, que numera as palavras da mais à menos frequente.")
def test_frequency(env):
    ids = [int(i) for i in answer(env, "ids_by_frequency", list)]
    expected = env["toy_vectorize"]([SENTENCE]).numpy()[0].tolist()
    by_appearance = [env["vocabulary"][t] for t in env["tokenize"](SENTENCE)]
    assert ids != by_appearance, "Esses são os índices por aparição; o `toy_vectorize` usa outros."
    assert ids == expected, f"`ids_by_frequency` = {ids}."
