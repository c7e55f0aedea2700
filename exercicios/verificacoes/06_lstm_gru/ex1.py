"""Exercício 1 do notebook 06: parâmetros de GRU(128) e LSTM(128) sobre embeddings de 100."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="GRU(128): 88.320 parâmetros.",
           failure_message="GRU: 3 · [n(d + n) + 2n], com d = 100 e n = 128.")
def test_gru(env):
    n = answer(env, "gru_params", int)
    assert n != 3 * (128 * 228 + 128), (
        "Faltou um vetor de viés: a GRU do Keras (reset_after=True) tem dois por portão.")
    assert n != 128 * 228 + 2 * 128, "Faltou multiplicar por 3: a GRU tem 3 blocos de pesos."
    assert n == 88_320, f"`gru_params` = {n}."


@test_case(points=1, success_message="LSTM(128): 117.248 parâmetros.",
           failure_message="LSTM: 4 · [n(d + n) + n], com d = 100 e n = 128.")
def test_lstm(env):
    n = answer(env, "lstm_params", int)
    assert n != 128 * 228 + 128, "Faltou multiplicar por 4: três portões e a candidata."
    assert n != 4 * 128 * 228, "Faltaram os vieses, um por neurônio em cada um dos 4 blocos."
    assert n == 117_248, f"`lstm_params` = {n}."
