"""Números como se escrevem em português do Brasil: vírgula decimal e ponto de milhar.

    from utils.formatting import percent, decimal, thousands
    percent(0.8930)        # '89,30 %'
    percent(0.5, 0)        # '50 %'
    decimal(22.384, 2)     # '22,38'
    thousands(101770)      # '101.770'
    number(-0.0995, "+.4f")  # '-0,0995' (qualquer formato do Python, com vírgula decimal)
    number(9.54e-07, ".2e")  # '9,54e-07'
    points(1)              # '1 ponto' (singular entre 0 e 2, como se escreve)
    vector([-0.66, 0.592], ".3f")  # '[-0,660 0,592]' (um vetor impresso, como a NumPy, em pt-BR)
    matrix([[3.5, 1], [0, 2]], "g")  # '[[3,5   1]\n [  0   2]]' (uma matriz, colunas alinhadas)
    settings({"n_train": 10000, "vgg_width": 0.5})  # 'n_train = 10.000\nvgg_width = 0,5'
    print(model_summary(model))  # o model.summary() do Keras, com 101.770 e (397,54 KB)

Use estas funções em tudo o que um aluno lê (saídas impressas, tabelas, rótulos de gráficos),
para que os números das saídas tenham a mesma forma que os do texto.
"""

from __future__ import annotations

import numbers
import re


def _check(value, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name}: espero um número, não {type(value).__name__}.")
    return float(value)


def decimal(value, digits: int = 2) -> str:
    """``22.384`` → ``'22,38'``: vírgula decimal e ponto separando os milhares."""
    return number(_check(value, "decimal"), f",.{digits}f")


def number(value, spec: str = "g") -> str:
    """Formata com uma especificação do Python (``"+.4f"``, ``".2e"``, ``"6.3g"``, ``",.0f"``)
    e troca os separadores: vírgula decimal, ponto de milhar."""
    number_ = _check(value, "number")
    if not isinstance(spec, str) or "%" in spec:
        raise ValueError(f"number: especificação inválida {spec!r}; para porcentagem, "
                         "use percent().")
    try:
        text = format(number_, spec)
    except ValueError as error:
        raise ValueError(f"number: especificação inválida {spec!r} ({error}).") from None
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def percent(value, digits: int = 2) -> str:
    """Fração → porcentagem: ``0.893`` → ``'89,30 %'`` (espaço antes do %, como no texto)."""
    return f"{decimal(100 * _check(value, 'percent'), digits)} %"


def thousands(value) -> str:
    """Inteiro com ponto de milhar: ``101770`` → ``'101.770'``."""
    number = _check(value, "thousands")
    if number != int(number):
        raise ValueError(f"thousands: espero um inteiro, não {value!r}; use decimal().")
    return decimal(int(number), 0)


def points(value, digits: int | None = None) -> str:
    """``1`` → ``'1 ponto'``, ``2.5`` → ``'2,5 pontos'``, ``0`` → ``'0 pontos'``: singular
    entre 0 e 2 (exclusive), como em "1,5 ponto"; ``digits`` fixa as casas decimais."""
    amount = _check(value, "points")
    text = number(amount, "g") if digits is None else decimal(amount, digits)
    return f"{text} {'ponto' if 0 < abs(amount) < 2 else 'pontos'}"


def _numbers(values, name: str, ndim: int, what: str):
    """``values`` como array de floats com ``ndim`` dimensões, ou um erro em pt-BR."""
    import numpy as np

    try:
        array = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name}: espero números, não {values!r}.") from None
    if array.ndim != ndim:
        raise ValueError(f"{name}: espero {what}, não forma {array.shape}.")
    return array


def vector(values, spec: str = "g") -> str:
    """Um vetor (lista ou array 1-D) entre colchetes, cada número com ``number(valor, spec)``:
    ``vector([0.0007, 0.0858], ".4f")`` → ``'[0,0007 0,0858]'``. É o ``print`` de um array da
    NumPy, com vírgula decimal."""
    flat = _numbers(values, "vector", 1, "um vetor (1-D)")
    return "[" + " ".join(number(float(v), spec) for v in flat) + "]"


def matrix(values, spec: str = "g") -> str:
    """Uma matriz (2-D) como a NumPy a imprime, com vírgula decimal e colunas alinhadas à
    direita: ``matrix([[3.5, 1], [0, 2]])`` → ``'[[3,5   1]\\n [  0   2]]'``."""
    array = _numbers(values, "matrix", 2, "uma matriz (2-D)")
    cells = [[number(float(v), spec) for v in row] for row in array]
    width = max((len(c) for row in cells for c in row), default=0)
    rows = ["[" + " ".join(c.rjust(width) for c in row) + "]" for row in cells]
    return "[" + "\n ".join(rows) + "]"


def settings(mapping, spec: str = "g", sep: str = "\n") -> str:
    """Um dicionário de configuração, uma linha por chave, com os números em pt-BR:
    ``settings({"n_train": 10000, "vgg_width": 0.5})`` → ``'n_train = 10.000\\nvgg_width = 0,5'``.
    Inteiros ganham ponto de milhar; ``None`` sai como "tudo" (o conjunto inteiro). Com
    ``sep=" | "``, tudo numa linha: ``'n_train = 10.000 | vgg_width = 0,5'``."""
    if not isinstance(mapping, dict):
        raise TypeError(f"settings: espero um dicionário, não {type(mapping).__name__}.")
    width = max((len(str(k)) for k in mapping), default=0) if "\n" in sep else 0

    def show(value):
        if value is None:
            return "tudo"
        if isinstance(value, bool) or not isinstance(value, numbers.Real):
            return str(value) if not isinstance(value, (list, tuple)) else \
                "(" + ", ".join(show(v) for v in value) + ")"
        if float(value) == int(value) and not isinstance(value, float):
            return thousands(value)
        return number(value, spec)

    return sep.join(f"{str(k).ljust(width)} = {show(v)}" for k, v in mapping.items())


def model_summary(model) -> str:
    """O texto do ``model.summary()`` do Keras com os números em pt-BR: ``101,770`` vira
    ``101.770`` e ``(397.54 KB)`` vira ``(397,54 KB)``. Imprima com ``print(model_summary(m))``."""
    if not callable(getattr(model, "summary", None)) or not hasattr(model, "count_params"):
        raise TypeError(f"model_summary: espero um modelo do Keras, não {type(model).__name__}.")
    if not getattr(model, "built", True):
        raise ValueError("model_summary: o modelo ainda não foi construído; crie-o com "
                         "keras.Input(...) ou chame-o uma vez num lote antes do resumo.")
    lines = []
    model.summary(print_fn=lambda text, **_: lines.append(text))
    text = "\n".join(lines).rstrip("\n")
    text = re.sub(r"(?<=\d),(?=\d{3}(?!\d))", "\0", text)  # separador de milhar do Keras
    text = re.sub(r"(?<=\d)\.(?=\d)", ",", text)  # ponto decimal
    return text.replace("\0", ".")
