"""Exercício 4 do notebook 08: em que época o EarlyStopping pararia, na curva registrada."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex4"


def _expected(losses, patience):
    """Época (a partir de 1) da parada; len(losses) se a curva acaba antes."""
    best, wait = np.inf, 0
    for epoch, loss in enumerate(losses, start=1):
        if loss < best:
            best, wait = loss, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch
    return len(losses)


def _check(env, variable, patience):
    assert "val_loss" in env, "Rode o notebook desde o início: a curva `val_loss` vem da seção 6."
    value = answer(env, variable, int)
    losses = np.asarray(env["val_loss"])
    expected = _expected(losses, patience)
    best = int(np.argmin(losses[:expected])) + 1
    assert value != best or best == expected, (
        f"{value} é a época do menor valor; o treino só para `patience` épocas depois dele.")
    assert value != expected - 1, "As épocas contam a partir de 1 (a primeira é a época 1)."
    assert value == expected, f"`{variable}` = {value}; percorra `val_loss` época a época."


@test_case(points=1, success_message="patience=1: confere com a curva registrada.",
           failure_message="Conte as épocas seguidas sem um novo mínimo de `val_loss`.")
def test_patience_1(env):
    _check(env, "stop_patience_1", 1)


@test_case(points=1, success_message="patience=3: confere com a curva registrada.",
           failure_message="Conte as épocas seguidas sem um novo mínimo de `val_loss`.")
def test_patience_3(env):
    _check(env, "stop_patience_3", 3)
