"""Exercício 3 do notebook 10: o discriminador ótimo com p_dados = 0,3 e p_G = 0,1."""

OK_FORMAT = False

import math  # noqa: E402

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex3"


@test_case(points=1, success_message="D* = 0,3 / (0,3 + 0,1) = 0,75.",
           failure_message="D*(x) = p_dados(x) / (p_dados(x) + p_G(x)).")
def test_d_star(env):
    d = answer(env, "d_star")
    close = lambda value: math.isclose(d, value, rel_tol=1e-6)  # noqa: E731
    assert not close(0.25), "Trocou as densidades: D* é a fração de p_dados, a das reais."
    assert not close(3.0), "D* é uma probabilidade: divida por p_dados + p_G, não por p_G."
    assert not close(0.3), "Faltou dividir pela soma p_dados + p_G."
    assert not close(0.5), "1/2 é o D* quando p_G = p_dados; aqui elas diferem."
    assert close(0.75), f"`d_star` = {d}."
