"""Exercício 4 do notebook 10: o EQM por pixel da PCA a partir dos autovalores, como função.

A resposta é a função `pca_mse(eigenvalues, k)`, testada em autovalores fixos daqui: a mesma
resposta vale em qualquer execução."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer_function, returned  # noqa: E402

name = "ex4"

_EIGENVALUES = np.array([6.0, 3.0, 2.0, 1.0, 0.5])


@test_case(points=1, success_message="`pca_mse` soma os autovalores descartados e divide pelo "
                                     "número de pixels.",
           failure_message="O erro é a variância que a PCA joga fora: a soma de eigenvalues[k:], "
                           "dividida por len(eigenvalues).")
def test_function(env):
    pca_mse = answer_function(env, "pca_mse", "pca_mse(eigenvalues, k)")
    got = float(returned(pca_mse(_EIGENVALUES.copy(), 2), "pca_mse"))
    close = lambda value: np.isclose(got, value, rtol=1e-6)  # noqa: E731
    total, kept, dropped = _EIGENVALUES.sum(), _EIGENVALUES[:2].sum(), _EIGENVALUES[2:].sum()
    assert not close(kept / 5), "Essa é a variância que a PCA guarda; o erro é a que ela descarta."
    assert not close(dropped), "Faltou dividir pelo número de pixels (de autovalores)."
    assert not close(dropped / 2) and not close(dropped / 3), (
        "Divida pelo número total de pixels (de autovalores), não por k nem pelos descartados.")
    assert not close(_EIGENVALUES[3:].sum() / 5), (
        "Deixou um autovalor a menos: com k componentes, os descartados começam no índice k.")
    assert not close(_EIGENVALUES[1:].sum() / 5), (
        "Deixou um autovalor a mais: os k primeiros (índices 0 a k − 1) ficam.")
    assert not close(total / 5), "Com k componentes, os k primeiros autovalores não entram no erro."
    assert close(dropped / 5), f"pca_mse([6, 3, 2, 1, 0,5], 2) deu {got}; esperado {dropped / 5}."
    rng = np.random.default_rng(0)
    values = np.sort(rng.exponential(size=20))[::-1]
    for k in (0, 5, 19):
        got = float(returned(pca_mse(values.copy(), k), "pca_mse"))
        assert np.isclose(got, values[k:].sum() / 20), (
            f"Com 20 autovalores e k = {k}, `pca_mse` deu {got:.4f}; esperado "
            f"{values[k:].sum() / 20:.4f}.")
