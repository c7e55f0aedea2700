"""Exercício 3 do notebook 08: E[ReLU(z)²] = 1/2 por simulação."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex3"


@test_case(points=1, success_message="E[ReLU(z)²] ≈ 1/2: a ReLU divide o segundo momento por 2.",
           failure_message="Sorteie muitos z ~ N(0, 1), aplique a ReLU, eleve ao quadrado e tire "
                           "a média.")
def test_moment(env):
    value = answer(env, "relu_second_moment")
    assert abs(value - 0.399) > 0.01, "≈ 0,399 é E[ReLU(z)]: faltou elevar ao quadrado."
    assert abs(value - 0.159) > 0.01, (
        "≈ 0,159 é E[ReLU(z)]²: eleve cada valor ao quadrado antes da média, não a média.")
    assert abs(value - 1.0) > 0.02, "≈ 1 é E[z²]: aplique a ReLU antes de elevar ao quadrado."
    assert abs(value - 0.5) < 0.01, f"`relu_second_moment` = {value:.4f}; use mais amostras?"
