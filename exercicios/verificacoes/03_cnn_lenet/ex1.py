"""Exercício 1 do notebook 03: forma da saída e parâmetros de Conv2D(16, 5, strides=2, "same")."""

OK_FORMAT = False

from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex1"


@test_case(points=1, success_message="Saída 16×16×16: \"same\" com stride 2 divide o lado por 2.",
           failure_message="Com padding \"same\", o lado da saída é ⌈N / s⌉; os canais são os "
                           "filtros.")
def test_shape(env):
    shape = tuple(int(v) for v in answer(env, "shape_ex1", tuple) if v is not None)
    assert shape != (14, 14, 16), "14×14 é o padding \"valid\"; aqui é \"same\"."
    assert shape != (32, 32, 16), "Faltou o stride 2: ele divide o lado por 2."
    assert shape != (16, 16, 3), "Os canais da saída são os filtros (16), não os da entrada."
    assert shape == (16, 16, 16), f"`shape_ex1` = {shape}; escreva (altura, largura, canais)."


@test_case(points=1, success_message="1.216 parâmetros: (5 · 5 · 3 + 1) · 16.",
           failure_message="(k · k · c_in + 1) · c_out, e não depende do tamanho da imagem.")
def test_params(env):
    n = answer(env, "params_ex1", int)
    assert n != 5 * 5 * 16 + 16, "Faltaram os 3 canais de entrada: cada filtro é 5 × 5 × 3."
    assert n != 5 * 5 * 3 * 16, "Faltaram os vieses, um por filtro."
    assert n == 1216, f"`params_ex1` = {n}."
