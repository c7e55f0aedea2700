"""Exercício 2 do notebook 01: o perceptron aprende a porta NÃO-E (NAND)."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex2"

INPUTS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]])


@test_case(points=2, success_message="Os pesos encontrados fazem a NAND: 1, 1, 1, 0.",
           failure_message="Treine com os rótulos da NAND, [1, 1, 1, 0], e guarde os pesos e "
                           "o viés em `w_nand` e `b_nand`.")
def test_nand(env):
    w = np.asarray(answer(env, "w_nand", np.asarray), dtype=float).ravel()
    b = answer(env, "b_nand")
    assert w.shape == (2,), f"`w_nand` deve ter 2 pesos (um por entrada), não forma {w.shape}."
    outputs = (INPUTS @ w + b >= 0).astype(int).tolist()  # o degrau do notebook: 1 se z ≥ 0
    assert outputs != [0, 0, 0, 1], "Esses pesos fazem a porta E; a NAND é o contrário dela."
    assert outputs == [1, 1, 1, 0], f"Com esses pesos as saídas são {outputs}, não [1, 1, 1, 0]."
