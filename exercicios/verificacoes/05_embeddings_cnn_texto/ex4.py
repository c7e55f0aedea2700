"""Exercício 4 do notebook 05: memória do one-hot × embedding num lote do IMDB."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex4"


@test_case(points=1, success_message="One-hot: 1,6 GB por lote de 50 críticas.",
           failure_message="lote × comprimento × vocabulário × 4 bytes (float32).")
def test_one_hot(env):
    n = answer(env, "one_hot_bytes")
    assert abs(n - 50 * 400 * 20_000) > 1, "Faltou multiplicar por 4: cada float32 ocupa 4 bytes."
    assert abs(n - 400 * 20_000 * 4) > 1, "Esse é um texto só; o lote tem 50."
    assert abs(n - 1.6e9) < 1, f"`one_hot_bytes` = {n:g} bytes."


@test_case(points=1, success_message="Embedding: ≈ 10 MB, 156 vezes menos.",
           failure_message="lote × comprimento × dimensão do embedding × 4 bytes.")
def test_embedding(env):
    n = answer(env, "embedding_bytes")
    assert abs(n - 50 * 400 * 128) > 1, "Faltou multiplicar por 4: cada float32 ocupa 4 bytes."
    assert abs(n - 400 * 128 * 4) > 1, "Esse é um texto só; o lote tem 50."
    assert abs(n - 50 * 400 * 128 * 4) < 1, f"`embedding_bytes` = {n:g} bytes."
