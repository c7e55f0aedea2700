"""Exercício 4 do notebook 08: a época em que o EarlyStopping pararia, escrita como função.

A curva `val_loss` muda de uma execução para outra (modo, semente, CPU). Por isso a resposta é a
função `stopping_epoch`: ela é testada em curvas fixas, daqui, e na curva da própria execução, e
a mesma resposta passa em qualquer execução — inclusive na do professor, que corrige de novo."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer_function, returned  # noqa: E402

name = "ex4"

# Curvas fixas: (perdas de validação, patience, época da parada).
CURVES = [
    ([0.9, 0.7, 0.6, 0.65, 0.55, 0.56, 0.57, 0.58, 0.5, 0.6], 3, 8),
    ([0.9, 0.7, 0.6, 0.65, 0.55, 0.56, 0.57, 0.58, 0.5, 0.6], 1, 4),
    ([0.5, 0.4, 0.3, 0.2, 0.1], 2, 5),  # sempre melhora: não para antes do fim
    ([0.5, 0.5, 0.5, 0.5], 2, 3),  # empate não é melhora
]


def _reference(losses, patience):
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


def _function(env):
    return answer_function(env, "stopping_epoch", "stopping_epoch(losses, patience)",
                           ": a curva muda a cada execução, por isso a resposta é a conta, não o "
                           "número")


@test_case(points=1, success_message="`stopping_epoch` confere em curvas de teste.",
           failure_message="Percorra as perdas: guarde a melhor até agora e conte as épocas "
                           "seguidas sem melhora; pare quando a conta chegar a `patience`.")
def test_function(env):
    stopping_epoch = _function(env)
    for losses, patience, expected in CURVES:
        got = int(returned(stopping_epoch(np.array(losses), patience), "stopping_epoch"))
        best = {int(np.argmin(losses[:expected])) + 1, int(np.argmin(losses)) + 1}
        assert got not in best or got == expected, (
            f"Com a curva {losses} e patience={patience}, {got} é a época do menor valor; o "
            "treino só para `patience` épocas depois dele.")
        assert got != expected - 1, "As épocas contam a partir de 1 (a primeira é a época 1)."
        assert got == expected, (
            f"Com a curva {losses} e patience={patience}, `stopping_epoch` deu {got}; o "
            f"EarlyStopping pararia na época {expected}.")


@test_case(points=1, success_message="Na curva desta execução, `stopping_epoch` dá as mesmas "
                                     "épocas que o EarlyStopping (patience 1 e 3).",
           failure_message="Aplique a função à curva registrada: stopping_epoch(val_loss, 1).")
def test_this_run(env):
    assert env.get("val_loss", ...) is not ..., (
        "Rode o notebook desde o início: a curva `val_loss` vem da seção 6.")
    stopping_epoch = _function(env)
    losses = np.asarray(env["val_loss"])
    for patience in (1, 3):
        got, expected = stopping_epoch(losses, patience), _reference(losses, patience)
        assert got == expected, (
            f"Na curva desta execução, `stopping_epoch(val_loss, {patience})` deu {got}; o "
            f"EarlyStopping pararia na época {expected}.")
