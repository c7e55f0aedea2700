"""Exercício 4 do notebook 09: um valor da codificação de posição senoidal."""

OK_FORMAT = False

import math  # noqa: E402

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex4"


@test_case(points=1, success_message="PE(3, 2) = sen(3 / 10.000^(2/8)) = sen(0,3) ≈ 0,2955.",
           failure_message="Dimensão par 2i = 2 (i = 1): sen(p / 10.000^(2i/d)), com p = 3, "
                           "d = 8.")
def test_value(env):
    value = answer(env, "pe_3_2")
    assert not math.isclose(value, math.cos(0.3), abs_tol=1e-3), (
        "Dimensão par usa o seno; o cosseno é das dimensões ímpares.")
    assert not math.isclose(value, math.sin(3 / 10000 ** (1 / 8)), abs_tol=1e-3), (
        "O expoente é 2i/d com 2i = 2 (a própria dimensão), não i/d.")
    assert not math.isclose(value, math.sin(3 / 10000 ** (4 / 8)), abs_tol=1e-3), (
        "Com 2i = 2, o expoente é 2/8, não 4/8.")
    assert math.isclose(value, math.sin(0.3), abs_tol=1e-4), f"`pe_3_2` = {value}."
