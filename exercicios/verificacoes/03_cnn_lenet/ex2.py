"""Exercício 2 do notebook 03: convolução com stride e padding, à mão."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer_function  # noqa: E402

name = "ex2"


def _reference(x, kernels, biases, stride, padding):
    x = np.pad(x, ((padding, padding), (padding, padding), (0, 0)))
    k, n_filters = kernels.shape[0], kernels.shape[3]
    n_out = (x.shape[0] - k) // stride + 1
    out = np.zeros((n_out, n_out, n_filters))
    for i in range(n_out):
        for j in range(n_out):
            window = x[stride * i:stride * i + k, stride * j:stride * j + k, :, None]
            out[i, j] = np.sum(window * kernels, axis=(0, 1, 2)) + biases
    return out


@test_case(points=2, success_message="conv2d_general confere com a conta de referência "
                                     "(stride 2, padding 0 e 1).",
           failure_message="Pad com zeros (np.pad), janela começando em (s·i, s·j), tamanho "
                           "⌊(N + 2p − k)/s⌋ + 1.")
def test_general(env):
    conv = answer_function(env, "conv2d_general",
                           "conv2d_general(x, kernels, biases, stride, padding)")
    rng = np.random.default_rng(0)
    x, kernels = rng.normal(size=(8, 8, 3)), rng.normal(size=(3, 3, 3, 4))
    biases = rng.normal(size=4)
    for padding in (0, 1):
        expected = _reference(x, kernels, biases, 2, padding)
        got = np.asarray(conv(x, kernels, biases, stride=2, padding=padding))
        stride_1 = (8 + 2 * padding - 3 + 1,) * 2 + (4,)
        assert got.shape != stride_1, (
            "A saída tem o tamanho de stride 1: a janela deve andar `stride` pixels por vez.")
        assert got.shape == expected.shape, (
            f"Com padding {padding} e stride 2 a saída deveria ter forma {expected.shape}, "
            f"não {got.shape}" + (": o padding não foi aplicado." if padding else "."))
        assert np.allclose(got, expected), (
            f"Forma certa, valores errados (padding {padding}): some os canais e o viés.")
