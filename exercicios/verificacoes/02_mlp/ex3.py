"""Exercício 3 do notebook 02: 20 passos de descida do gradiente no exemplo de backpropagation."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex3"


def _loss(env, variable):
    loss = answer(env, variable)
    assert loss >= 0, f"`{variable}` = {loss:g}: a entropia cruzada nunca é negativa."
    assert loss < 0.2869, (f"`{variable}` = {loss:g} é maior que a perda inicial (0,2869): o "
                           "passo vai contra o gradiente, w ← w − η ∂L/∂w.")
    return loss


@test_case(points=1, success_message="η = 0,5: a perda cai para ≈ 0,048 em 20 passos.",
           failure_message="Repita 20 vezes: forward, gradientes, w ← w − η ∂L/∂w.")
def test_eta_half(env):
    loss = _loss(env, "loss_eta_0_5")
    assert abs(loss - 0.2384) > 1e-3, "Essa é a perda depois de 1 passo; são 20."
    assert abs(loss - 0.0476) < 1e-3, f"`loss_eta_0_5` = {loss:.4f}."


@test_case(points=1, success_message="η = 20: a perda chega perto de zero, sem divergir.",
           failure_message="Mesmo código, com η = 20.")
def test_eta_20(env):
    loss = _loss(env, "loss_eta_20")
    assert loss < 1e-3, f"`loss_eta_20` = {loss:.4f}; com η = 20 ela fica abaixo de 0,001."
