"""Exercício 3 do notebook 07: passo do AdaGrad e do RMSprop com gradiente constante g = 1."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex3"


@test_case(points=1, success_message="AdaGrad: passo/η = 1/√(0,1 + t) ≈ 0,01 em t = 10.000.",
           failure_message="O acumulador do AdaGrad (Keras) começa em 0,1 e soma g² = 1 a cada "
                           "passo; o passo é η/√acumulador.")
def test_adagrad(env):
    step = answer(env, "adagrad_step_10000")
    assert abs(step - 1) > 1e-3, "O passo do AdaGrad não fica constante: o acumulador só cresce."
    assert abs(step - 1e-4) > 1e-5, "Faltou a raiz: o passo divide por √acumulador."
    assert abs(step - (0.1 + 10_000) ** -0.5) < 1e-4, f"`adagrad_step_10000` = {step:g}."


@test_case(points=1, success_message="RMSprop: a média móvel de g² vai a 1 e o passo tende a η.",
           failure_message="v_t = ρ v + (1 − ρ) g² com v_0 = 0; o passo é η/√v_t.")
def test_rmsprop(env):
    step = answer(env, "rmsprop_step_limit")
    assert abs(step - 0.1) > 1e-3, "0,1 = 1 − ρ é o peso de cada g² na média, não o passo."
    assert abs(step) > 1e-3, "O passo do RMSprop não some: a média móvel de g² fica em 1."
    assert abs(step - 1) < 1e-3, f"`rmsprop_step_limit` = {step:g} (passo/η para t grande)."
