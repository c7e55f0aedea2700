"""Incerteza dos resultados: quanto de uma acurácia (ou de uma diferença) é ruído.

Uma acurácia medida em ``n`` imagens de teste é uma proporção: mesmo sem mudar nada no modelo,
outro conjunto de teste do mesmo tamanho daria um número um pouco diferente. O erro padrão
binomial, :math:`\\sqrt{p(1-p)/n}`, mede essa flutuação. Para comparar **dois modelos no mesmo
teste**, a conta certa é a pareada: olhamos, imagem a imagem, quem acertou, e só as imagens em que
os dois discordam contam (é a ideia do teste de McNemar). Entre sementes de treino, a medida é o
desvio padrão das repetições.

Uso típico::

    from utils import stats
    acc, se = stats.accuracy_with_error(y_test, predictions)
    diff, se_diff = stats.paired_difference(y_test, predictions_a, predictions_b)
    print(stats.describe_difference(diff, se_diff))
"""

from __future__ import annotations

import numpy as np

from utils.formatting import decimal

Z_95 = 1.96  # quantil da normal para um intervalo de 95 %


def _labels(values, name: str) -> np.ndarray:
    """Rótulos inteiros 1-D: aceita rótulos (n,) ou (n, 1) e probabilidades (n, classes)."""
    array = np.asarray(values)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    elif array.ndim == 2:
        array = array.argmax(axis=1)
    if array.ndim != 1:
        raise ValueError(
            f"{name}: espero rótulos com forma (n,) ou (n, 1), ou probabilidades (n, classes); "
            f"recebi a forma {array.shape}."
        )
    if array.size == 0:
        raise ValueError(f"{name}: o conjunto está vazio; não há acurácia a medir.")
    if not (np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.bool_)):
        if not np.issubdtype(array.dtype, np.floating) or not np.all(array == np.round(array)):
            raise ValueError(f"{name}: os rótulos devem ser inteiros (tipo recebido: "
                             f"{array.dtype}).")
    return array.astype(np.int64)


def _correct(y_true, y_pred, name: str = "y_pred") -> np.ndarray:
    truth = _labels(y_true, "y_true")
    predicted = _labels(y_pred, name)
    if truth.shape != predicted.shape:
        raise ValueError(
            f"{name} tem {predicted.shape[0]} exemplos e y_true tem {truth.shape[0]}: "
            "compare previsões e rótulos do mesmo conjunto."
        )
    return predicted == truth


def binomial_se(accuracy: float, n: int) -> float:
    """Erro padrão de uma acurácia medida em ``n`` exemplos: √(p(1−p)/n)."""
    if not 0.0 <= accuracy <= 1.0:
        raise ValueError(f"A acurácia deve estar entre 0 e 1, não {accuracy!r}.")
    if n < 1:
        raise ValueError(f"O número de exemplos deve ser positivo, não {n!r}.")
    return float(np.sqrt(accuracy * (1.0 - accuracy) / n))


def accuracy_with_error(y_true, y_pred) -> tuple[float, float]:
    """Acurácia e seu erro padrão binomial. ``y_pred`` pode ser rótulos ou probabilidades."""
    correct = _correct(y_true, y_pred)
    accuracy = float(correct.mean())
    return accuracy, binomial_se(accuracy, correct.size)


def paired_difference(y_true, pred_a, pred_b) -> tuple[float, float]:
    """Diferença de acurácia (A − B) no mesmo teste e seu erro padrão pareado.

    O erro padrão vem da diferença imagem a imagem (+1, 0 ou −1): imagens em que os dois modelos
    acertam ou erram juntos não pesam, o que deixa a comparação mais precisa que subtrair dois
    erros binomiais independentes.
    """
    a = _correct(y_true, pred_a, "pred_a").astype(float)
    b = _correct(y_true, pred_b, "pred_b").astype(float)
    per_image = a - b
    se = per_image.std(ddof=1) / np.sqrt(per_image.size) if per_image.size > 1 else 0.0
    return float(per_image.mean()), float(se)


def mean_sd(values) -> tuple[float, float]:
    """Média e desvio padrão amostral (ddof=1) de repetições, por exemplo sementes."""
    array = np.asarray(values, dtype=float)
    if array.ndim != 1 or array.size == 0:
        raise ValueError(f"Espero uma lista de números; recebi a forma {array.shape}.")
    if not np.all(np.isfinite(array)):
        raise ValueError("Há valores não finitos (nan ou inf) entre as repetições.")
    sd = float(array.std(ddof=1)) if array.size > 1 else 0.0
    return float(array.mean()), sd


def _quantile(df: int | None) -> float:
    """1,96 (normal) ou, com ``df`` graus de liberdade, o quantil 97,5 % da t de Student."""
    if df is None:
        return Z_95
    if isinstance(df, bool) or not isinstance(df, (int, np.integer)) or df < 1:
        raise ValueError(f"graus de liberdade: um inteiro ≥ 1, não {df!r}.")
    from scipy.stats import t

    return float(t.ppf(0.975, df))


def interval(diff: float, se: float, df: int | None = None) -> tuple[float, float]:
    """Intervalo de 95 % de uma diferença com erro padrão ``se``: diff ± 1,96 · se, ou, com
    ``df`` graus de liberdade (poucas sementes), diff ± t₀,₉₇₅(df) · se."""
    if not (np.isfinite(diff) and np.isfinite(se)) or se < 0:
        raise ValueError(f"interval: diferença e erro padrão finitos, erro ≥ 0 (recebi {diff!r}, "
                         f"{se!r}).")
    q = _quantile(df)
    return float(diff - q * se), float(diff + q * se)


def above_noise(diff: float, se: float, df: int | None = None) -> bool:
    """Se o intervalo de 95 % da diferença exclui o zero ("acima do ruído")."""
    low, high = interval(diff, se, df)
    return low > 0 or high < 0


def seeds_difference(differences) -> tuple[float, float, int]:
    """Diferença média entre sementes (uma diferença A − B por semente, cada uma nas mesmas
    imagens de teste), seu erro padrão (desvio entre sementes / √k) e os graus de liberdade
    (k − 1), para ``describe_difference(..., df=...)`` ou ``cfg.compare(..., df=...)``."""
    array = np.asarray(differences, dtype=float).ravel()
    if array.size < 2:
        raise ValueError("seeds_difference: são precisas pelo menos 2 sementes.")
    mean, sd = mean_sd(array)
    return mean, sd / np.sqrt(array.size), int(array.size - 1)


def seeds_paired_difference(y_true, preds_a, preds_b) -> tuple[float, float, int]:
    """Diferença A − B média entre sementes, nas mesmas imagens de teste, com as **duas** fontes
    de ruído: a do treino (o desvio entre sementes, como em ``seeds_difference``) e a da escolha
    das imagens de teste (o erro pareado da diferença imagem a imagem, já na média das
    sementes). Todas as sementes usam o mesmo teste: o desvio entre elas não vê a segunda fonte.
    Os dois erros padrão se somam em quadratura, uma conta conservadora (a parte que varia por
    imagem e por semente entra nas duas). Os graus de liberdade são os de Welch–Satterthwaite
    para essa soma: perto de k − 1 quando manda o desvio entre as k sementes (estimado com
    poucas), maiores quando manda o erro das imagens (estimado com muitas); nunca menos que
    k − 1.

    ``preds_a`` e ``preds_b``: uma previsão por semente (rótulos, probabilidades ou acertos 0/1
    quando ``y_true`` é ``None``), na mesma ordem de sementes."""
    if len(preds_a) != len(preds_b):
        raise ValueError(f"seeds_paired_difference: {len(preds_a)} previsões de A e "
                         f"{len(preds_b)} de B; é preciso uma de cada por semente.")
    if len(preds_a) < 2:
        raise ValueError("seeds_paired_difference: são precisas pelo menos 2 sementes.")
    if y_true is None:
        hits_a = [np.asarray(h, dtype=float) for h in preds_a]
        hits_b = [np.asarray(h, dtype=float) for h in preds_b]
    else:
        hits_a = [_correct(y_true, p, "preds_a").astype(float) for p in preds_a]
        hits_b = [_correct(y_true, p, "preds_b").astype(float) for p in preds_b]
    sizes = {h.shape for h in hits_a + hits_b}
    if len(sizes) != 1 or len(next(iter(sizes))) != 1:
        raise ValueError(f"seeds_paired_difference: todas as previsões precisam cobrir os mesmos "
                         f"exemplos de teste (formas {sorted(sizes)}).")
    if next(iter(sizes))[0] < 2:
        raise ValueError("seeds_paired_difference: são precisos pelo menos 2 exemplos de teste.")
    per_seed_image = np.stack(hits_a) - np.stack(hits_b)  # (sementes, exemplos)
    mean, se_seeds, df = seeds_difference(per_seed_image.mean(axis=1))
    per_image = per_seed_image.mean(axis=0)
    se_images = per_image.std(ddof=1) / np.sqrt(per_image.size)
    seeds_var, images_var = se_seeds**2, se_images**2
    if seeds_var + images_var > 0:  # Welch–Satterthwaite
        effective = (seeds_var + images_var) ** 2 / (
            seeds_var**2 / df + images_var**2 / (per_image.size - 1))
        df = max(df, int(np.floor(effective)))
    return mean, float(np.sqrt(seeds_var + images_var)), df


def describe_difference(diff: float, se: float, df: int | None = None,
                        unit: str | None = None, digits: int | None = None) -> str:
    """Frase em pt-BR: a diferença, o intervalo de 95 % e se ele exclui o zero.

    Sem ``unit``, ``diff`` é uma diferença de acurácias em fração e sai em pontos percentuais
    (``0.05`` → "+5,0 pontos"). Com ``unit`` (por exemplo ``"bits por caractere"``), sai como
    está, na unidade dada, com ``digits`` casas (3 se não for dito)."""
    scale, unit_text = (100, "pontos") if unit is None else (1, unit)
    if digits is None:
        digits = 1 if unit is None else 3
    if not isinstance(unit_text, str) or not unit_text.strip() or "(" in unit_text:
        raise ValueError(f"describe_difference: unidade inválida {unit!r}.")
    low, high = (scale * v for v in interval(diff, se, df))
    if above_noise(diff, se, df):
        verdict = "acima do ruído (o intervalo de 95 % não contém o zero)"
    else:
        verdict = "dentro do ruído (o intervalo de 95 % contém o zero)"

    def signed(value):
        return ("+" if value >= 0 else "") + decimal(value, digits)

    return (f"{signed(scale * diff)} {unit_text} (IC 95 %: {signed(low)} a {signed(high)}): "
            f"{verdict}")
