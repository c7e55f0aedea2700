"""Exercício 1 do notebook 07: descida do gradiente na parábola θ²."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="η = 0,5: o fator 1 − 2η zera θ num passo.",
           failure_message="Um passo faz θ ← θ − η · 2θ = (1 − 2η) θ.")
def test_one_step(env):
    eta = answer(env, "eta_one_step")
    assert abs(eta - 1) > 1e-9, "Com η = 1 o fator é −1: θ troca de sinal e não sai do lugar."
    assert abs(eta - 0.5) < 1e-9, f"`eta_one_step` = {eta:g}; para que η o fator 1 − 2η é 0?"


@test_case(points=1, success_message="Converge para 0 < η < 1.",
           failure_message="Há convergência quando |1 − 2η| < 1.")
def test_limit(env):
    eta = answer(env, "eta_converge_limit")
    assert abs(eta - 2) > 1e-9, "η < 2 vale para θ²/2 (derivada θ); aqui a derivada é 2θ."
    assert abs(eta - 1) < 1e-9, f"`eta_converge_limit` = {eta:g}; resolva |1 − 2η| < 1."
