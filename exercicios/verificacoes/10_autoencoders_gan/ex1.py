"""Exercício 1 do notebook 10: KL(N(1; 0,25) ‖ N(0; 1)) à mão, numa dimensão."""

OK_FORMAT = False

import math  # noqa: E402

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"

_MU, _VAR = 1.0, 0.25


def _kl(log_var, var, half=0.5):
    return -half * (1 + log_var - _MU**2 - var)


@test_case(points=1, success_message="KL ≈ 0,818 nats: −½ (1 + ln 0,25 − 1 − 0,25).",
           failure_message="Use KL = −½ (1 + log σ² − μ² − σ²), com μ = 1 e σ² = 0,25 "
                           "(log natural).")
def test_kl(env):
    kl = answer(env, "kl_1d")
    close = lambda value: math.isclose(kl, value, rel_tol=1e-3)  # noqa: E731
    assert not close(_kl(math.log(_VAR), _VAR, half=1.0)), "Faltou o fator ½ da fórmula."
    assert not close(-_kl(math.log(_VAR), _VAR)), (
        "O sinal está trocado: o KL nunca é negativo.")
    assert not close(_kl(math.log(0.5), 0.5)), (
        "σ² = 0,25 é a variância; σ = 0,5 é o desvio. A fórmula usa σ² nos dois termos.")
    assert not close(_kl(math.log(0.5), _VAR)), (
        "O termo do log é log σ² = ln 0,25, não log σ = ln 0,5.")
    assert not close(_kl(math.log10(_VAR), _VAR)), (
        "Use o logaritmo natural (np.log), não o de base 10: o KL sai em nats.")
    assert close(_kl(math.log(_VAR), _VAR)), f"`kl_1d` = {kl:.4f}."
