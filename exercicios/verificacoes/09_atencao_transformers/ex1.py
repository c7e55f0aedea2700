"""Exercício 1 do notebook 09: atenção à mão para Q = K = I (2×2) e V = [[1, 2], [3, 4]]."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"

_V = np.array([[1.0, 2.0], [3.0, 4.0]])


def _softmax(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


@test_case(points=1, success_message="softmax(QKᵀ/√2)·V: cada linha é uma média das linhas de V, "
                                     "com pesos ≈ 0,67 e 0,33.",
           failure_message="Calcule QKᵀ, divida por √d_k (d_k = 2), aplique a softmax em cada "
                           "linha e multiplique por V.")
def test_attention(env):
    out = np.asarray(answer(env, "attention_2x2", np.asarray), dtype=float)
    assert out.shape == (2, 2), f"`attention_2x2` deve ser 2×2, não {out.shape}."
    assert not np.allclose(out, _softmax(np.eye(2)) @ _V, atol=1e-3), (
        "Faltou dividir por √d_k = √2 antes da softmax.")
    weights = _softmax(np.eye(2) / np.sqrt(2))
    assert not np.allclose(out, _V @ weights, atol=1e-3), (
        "A saída é pesos @ V (cada linha, uma média das linhas de V), não V @ pesos.")
    assert not np.allclose(out, (weights @ _V).T, atol=1e-3), (
        "A resposta certa, transposta: cada linha da saída é a de uma consulta.")
    assert not np.allclose(out, _softmax(np.eye(2) / 2) @ _V, atol=1e-3), (
        "Divida por √d_k = √2, não por d_k = 2.")
    assert not np.allclose(out, np.eye(2) / np.sqrt(2) @ _V, atol=1e-3), (
        "Faltou a softmax: os pesos de cada linha devem ser positivos e somar 1.")
    assert np.allclose(out, _softmax(np.eye(2) / np.sqrt(2)) @ _V, atol=1e-3), (
        f"`attention_2x2` = {np.round(out, 3).tolist()}.")
