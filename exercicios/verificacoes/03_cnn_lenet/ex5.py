"""Exercício 5 do notebook 03: parâmetros que o GlobalAveragePooling2D remove."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex5"


@test_case(points=1, success_message="10.240 parâmetros a menos: a densa recebe 128, não 1.152.",
           failure_message="A densa final tem (entradas) × 10 pesos; compare 3 · 3 · 128 e 128 "
                           "entradas.")
def test_difference(env):
    n = answer(env, "params_removed_by_gap", int)
    assert n != 1152, "1.152 é o tamanho do vetor que entrava na densa, não os parâmetros."
    assert n != 1152 - 128, "Essa é a diferença no tamanho do vetor; cada entrada tem 10 pesos."
    assert n == 10_240, f"`params_removed_by_gap` = {n}."
