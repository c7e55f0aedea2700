"""Exercício 2 do notebook 07: a maior taxa que o vale alongado tolera."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex2"


@test_case(points=1, success_message="η < 0,5: quem decide é a direção y, a de maior curvatura.",
           failure_message="Em cada direção o passo multiplica a coordenada por 1 − η · curvatura.")
def test_valley(env):
    eta = answer(env, "eta_max_valley")
    assert abs(eta - 10) > 1e-9, "10 é o limite da direção x; a direção y estoura antes."
    assert abs(eta - 0.25) > 1e-9, "0,25 zera y num passo; o limite de convergência é maior."
    assert abs(eta - 0.5) < 1e-9, f"`eta_max_valley` = {eta:g}; use η < 2 / curvatura máxima."
