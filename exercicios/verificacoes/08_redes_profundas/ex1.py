"""Exercício 1 do notebook 08: o máximo da derivada da sigmoide e (1/4)^10."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="σ′ é máxima em z = 0.",
           failure_message="σ′(z) = σ(z)(1 − σ(z)) é simétrica em torno de z = 0.")
def test_where(env):
    z = answer(env, "z_at_max")
    assert abs(z) < 1e-2, f"`z_at_max` = {z:g}: a derivada é máxima onde σ(z) = 1/2."


@test_case(points=1, success_message="O máximo de σ′ é 1/4.",
           failure_message="Calcule σ(0)(1 − σ(0)).")
def test_value(env):
    value = answer(env, "max_derivative")
    assert abs(value - 0.5) > 1e-3, "0,5 é σ(0), o valor da sigmoide; a pergunta é a derivada."
    assert abs(value - 1.0) > 1e-3, "1 é a derivada máxima da tanh, não da sigmoide."
    assert abs(value - 0.25) < 1e-3, f"`max_derivative` = {value:g}, mas σ′(0) = 1/2 · 1/2."


@test_case(points=1, success_message="(1/4)^10 ≈ 9,5 × 10⁻⁷: o gradiente quase some.",
           failure_message="Eleve 1/4 à décima potência (em Python, 0.25 ** 10).")
def test_product(env):
    value = answer(env, "product_10_layers")
    assert abs(value - 2.5) > 1e-6, "2,5 = 10 × 1/4: o produto de 10 fatores é uma potência."
    assert abs(value - 0.25 ** 10) < 1e-9, f"`product_10_layers` = {value:g}, longe de (1/4)^10."
