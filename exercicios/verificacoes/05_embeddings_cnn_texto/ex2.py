"""Exercício 2 do notebook 05: pad_sequences com maxlen=6 e com maxlen=2, truncating="post"."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex2"


def _rows(env, variable):
    rows = answer(env, variable, list)
    return [[int(v) for v in row] for row in rows]


@test_case(points=1, success_message="maxlen=6: ninguém é cortado, zeros à esquerda.",
           failure_message="keras.utils.pad_sequences(sequences, maxlen=6)")
def test_maxlen_6(env):
    rows = _rows(env, "padded_6")
    sequences = env["sequences"]
    post = [s + [0] * (6 - len(s)) for s in sequences]
    assert rows != post, "Os zeros foram para o fim; o padrão é padding=\"pre\" (no começo)."
    assert rows == [[0] * (6 - len(s)) + s for s in sequences], f"`padded_6` = {rows}."


@test_case(points=1, success_message="truncating=\"post\": ficam as duas primeiras palavras.",
           failure_message="keras.utils.pad_sequences(sequences, maxlen=2, truncating=\"post\")")
def test_maxlen_2(env):
    rows = _rows(env, "padded_2_post")
    sequences = env["sequences"]
    assert rows != [s[-2:] for s in sequences], (
        "Ficaram as duas últimas palavras: isso é truncating=\"pre\", o padrão.")
    assert rows == [s[:2] for s in sequences], f"`padded_2_post` = {rows}."
