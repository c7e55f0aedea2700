"""Exercício 2 do notebook 09: a máscara causal de 5 posições."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex2"


@test_case(points=1, success_message="Triângulo inferior com a diagonal: cada posição vê a si "
                                     "mesma e as anteriores.",
           failure_message="Linha i, coluna j: True quando j ≤ i (np.tril).")
def test_causal(env):
    mask = np.asarray(answer(env, "causal_5", np.asarray))
    assert mask.shape == (5, 5), f"`causal_5` deve ser 5×5, não {mask.shape}."
    assert set(np.unique(mask).tolist()) <= {0, 1}, "Use True/False (ou 1/0)."
    mask = mask.astype(bool)
    expected = np.tril(np.ones((5, 5), dtype=bool))
    assert not np.array_equal(mask, expected.T), (
        "Essa é a transposta: a posição i estaria vendo o futuro (colunas j > i).")
    assert not np.array_equal(mask, np.tril(np.ones((5, 5), dtype=bool), -1)), (
        "Faltou a diagonal: cada posição também olha para si mesma.")
    assert np.array_equal(mask, expected), f"`causal_5` =\n{mask.astype(int)}"
