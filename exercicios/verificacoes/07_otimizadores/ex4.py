"""Exercício 4 do notebook 07: a regra linear entre lote e taxa de aprendizado."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex4"


def _check(env, variable, batch):
    eta = answer(env, variable)
    k = batch / 64
    assert abs(eta - 0.01 / k) > 1e-12, "Ao contrário: lote maior pede taxa maior."
    assert abs(eta - 0.01 * k**0.5) > 1e-9, "Essa é a regra da raiz quadrada; use a linear."
    assert abs(eta - 0.01 * k) < 1e-9, f"`{variable}` = {eta:g}; lote × k → taxa × k."


@test_case(points=1, success_message="Lote 256 = 4 × 64: η = 0,04.",
           failure_message="Multiplique η = 0,01 pelo mesmo fator do lote.")
def test_256(env):
    _check(env, "eta_256", 256)


@test_case(points=1, success_message="Lote 4096 = 64 × 64: η = 0,64 (arriscado sem aquecimento).",
           failure_message="Multiplique η = 0,01 pelo mesmo fator do lote.")
def test_4096(env):
    _check(env, "eta_4096", 4096)
