"""Exercício 2 do notebook 08: o desvio de z com todas as 1.000 entradas acesas."""

OK_FORMAT = False

import math  # noqa: E402

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex2"


@test_case(points=1, success_message="N(0, 1): desvio √1.001 ≈ 31,6.",
           failure_message="Var(z) = 1.000 · Var(w) + Var(b); o desvio é a raiz da variância.")
def test_normal(env):
    value = answer(env, "std_normal_all_on")
    assert abs(value - 1001) > 1, "1.001 é a variância de z; o exercício pede o desvio (a raiz)."
    assert abs(value - math.sqrt(1000)) > 1e-3, (
        "√1.000 esquece o viés: ele também é N(0, 1) e soma 1 à variância.")
    assert abs(value - math.sqrt(1001)) < 0.005, f"`std_normal_all_on` = {value:g}."


@test_case(points=1, success_message="N(0, 1/√n_in): desvio √2 ≈ 1,41.",
           failure_message="Com Var(w) = 1/1.000, as 1.000 entradas somam variância 1; "
                           "some o viés.")
def test_scaled(env):
    value = answer(env, "std_scaled_all_on")
    assert abs(value - 1.0) > 1e-3, "1 esquece o viés: Var(z) = 1.000 · (1/1.000) + 1 = 2."
    assert abs(value - 2.0) > 1e-3, "2 é a variância de z; o exercício pede o desvio (a raiz)."
    assert abs(value - math.sqrt(2)) < 0.005, f"`std_scaled_all_on` = {value:g}."
