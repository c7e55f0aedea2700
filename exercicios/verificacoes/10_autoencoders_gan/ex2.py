"""Exercício 2 do notebook 10: a forma da saída de Conv2DTranspose(32, 3, strides=2, "valid")."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex2"


@test_case(points=1, success_message="(15, 15, 32): (7 − 1) · 2 + 3 = 15 de lado, um canal "
                                     "por filtro.",
           failure_message="Lado da saída com padding 'valid': (entrada − 1) · passo + núcleo; "
                           "canais: o número de filtros.")
def test_shape(env):
    shape = answer(env, "transposed_shape", tuple)
    assert len(shape) != 4, "Sem o lote: só (altura, largura, canais)."
    assert len(shape) == 3, f"`transposed_shape` deve ter 3 números, não {len(shape)}."
    assert all(isinstance(n, (int, np.integer)) for n in shape), (
        f"`transposed_shape` deve ter 3 inteiros, não {shape}.")
    shape = tuple(int(n) for n in shape)
    assert shape[:2] != (14, 14), "(14, 14) seria com padding='same'; aqui é 'valid'."
    assert shape[:2] != (17, 17), "Faltou o −1: (entrada − 1) · passo + núcleo."
    assert shape[2] != 64, "Os canais de saída são os 32 filtros da camada, não os 64 da entrada."
    assert shape == (15, 15, 32), f"`transposed_shape` = {shape}."
