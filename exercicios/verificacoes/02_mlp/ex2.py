"""Exercício 2 do notebook 02: softmax com logits deslocados e multiplicados."""

OK_FORMAT = False

import numpy as np  # noqa: E402
from otter.test_files import test_case  # noqa: E402

from utils.checks import answer  # noqa: E402

name = "ex2"


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def _probabilities(env, variable):
    p = np.asarray(answer(env, variable, np.asarray), dtype=float)
    assert p.shape == (10,), f"`{variable}` deve ter 10 probabilidades, não forma {p.shape}."
    assert np.all(np.isfinite(p)), (
        f"`{variable}` tem nan ou inf: e^1000 estoura o float. Subtraia o maior logit antes da "
        "exponencial (a softmax estável da seção 3).")
    return p


@test_case(points=1, success_message="Somar 1000 a todos os logits não muda a softmax.",
           failure_message="p_shifted = softmax(logits + 1000).")
def test_shift(env):
    p = _probabilities(env, "p_shifted")
    assert np.isclose(p.sum(), 1), f"As probabilidades somam {p.sum():.4g}, não 1."
    assert np.allclose(p, _softmax(np.asarray(env["logits"]))), (
        "`p_shifted` deveria ser igual à softmax dos logits originais.")


@test_case(points=1, success_message="Com 2z a maior probabilidade cresce: a softmax fica mais "
                                     "confiante.",
           failure_message="p_doubled = softmax(2 * logits).")
def test_double(env):
    p = _probabilities(env, "p_doubled")
    logits = np.asarray(env["logits"])
    assert not np.allclose(p, _softmax(logits)), (
        "Multiplicar os logits muda a softmax (ao contrário de somar uma constante).")
    assert np.allclose(p, _softmax(2 * logits)), "`p_doubled` deveria ser a softmax de 2 · logits."
