"""Exercício 1 do notebook 01: com θ = 6, quais entradas do exemplo do show dão 1."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="Com θ = 6 só a soma 7, de (1, 1, 1), passa do limiar.",
           failure_message="Some w · x para as 8 entradas e compare cada soma com θ = 6.")
def test_theta_6(env):
    fired = answer(env, "fires_with_theta_6", list)
    fired = sorted(tuple(int(v) for v in x) for x in fired)
    assert fired != [(1, 0, 1), (1, 1, 0), (1, 1, 1)], (
        "Essas são as entradas com soma ≥ 5: o limiar agora é 6.")
    assert fired != [(0, 1, 1), (1, 0, 1), (1, 1, 0), (1, 1, 1)], (
        "Essas são as entradas com soma ≥ 4, o limiar antigo; com θ = 6 sobram menos.")
    assert fired == [(1, 1, 1)], f"`fires_with_theta_6` = {fired}."
