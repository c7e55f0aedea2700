"""Testes de utils.stats: acurácia com erro padrão, diferença pareada e repetições."""

import math

import numpy as np
import pytest

from utils import stats


def test_binomial_se_matches_the_formula():
    assert stats.binomial_se(0.5, 2000) == pytest.approx(math.sqrt(0.25 / 2000))
    assert stats.binomial_se(1.0, 10) == 0.0
    with pytest.raises(ValueError, match="entre 0 e 1"):
        stats.binomial_se(1.2, 10)
    with pytest.raises(ValueError, match="positivo"):
        stats.binomial_se(0.5, 0)


def test_accuracy_with_error_accepts_labels_columns_and_probabilities():
    y = np.array([0, 1, 2, 1])
    probabilities = np.eye(3)[[0, 1, 1, 1]]  # erra só a terceira
    for truth in (y, y[:, None]):
        acc, se = stats.accuracy_with_error(truth, probabilities)
        assert acc == 0.75 and se == pytest.approx(math.sqrt(0.75 * 0.25 / 4))
    assert stats.accuracy_with_error(y, y)[0] == 1.0


def test_bad_inputs_give_clear_portuguese_errors():
    y = np.array([0, 1, 2])
    with pytest.raises(ValueError, match="tem 2 exemplos e y_true tem 3"):
        stats.accuracy_with_error(y, np.array([0, 1]))
    with pytest.raises(ValueError, match="forma"):
        stats.accuracy_with_error(y, np.zeros((3, 2, 2)))
    with pytest.raises(ValueError, match="vazio"):
        stats.accuracy_with_error(np.array([], dtype=int), np.array([], dtype=int))
    with pytest.raises(ValueError, match="inteiros"):
        stats.accuracy_with_error(y, np.array([0.5, 1.0, 2.0]))


def test_paired_difference_counts_only_disagreements():
    y = np.zeros(100, dtype=int)
    a = np.zeros(100, dtype=int)
    b = np.zeros(100, dtype=int)
    b[:10] = 1  # B erra 10 imagens que A acerta
    diff, se = stats.paired_difference(y, a, b)
    assert diff == pytest.approx(0.10)
    per_image = np.r_[np.ones(10), np.zeros(90)]
    assert se == pytest.approx(per_image.std(ddof=1) / 10)
    assert stats.paired_difference(y, a, a) == (0.0, 0.0)


def test_mean_sd_and_describe_difference():
    mean, sd = stats.mean_sd([0.70, 0.72, 0.74])
    assert mean == pytest.approx(0.72) and sd == pytest.approx(0.02)
    assert stats.mean_sd([0.5]) == (0.5, 0.0)
    with pytest.raises(ValueError, match="não finitos"):
        stats.mean_sd([0.5, float("nan")])
    with pytest.raises(ValueError, match="lista de números"):
        stats.mean_sd([])
    assert stats.describe_difference(0.05, 0.01) == \
        "+5,0 pontos (IC 95 %: +3,0 a +7,0): acima do ruído (o intervalo de 95 % não contém o zero)"
    assert "dentro do ruído" in stats.describe_difference(0.01, 0.01)


def test_interval_and_above_noise():
    assert stats.interval(0.05, 0.01) == pytest.approx((0.05 - 0.0196, 0.05 + 0.0196))
    assert stats.above_noise(0.05, 0.01) and stats.above_noise(-0.05, 0.01)
    assert not stats.above_noise(0.01, 0.01) and not stats.above_noise(0.0, 0.0)
    for bad in [(float("nan"), 0.1), (0.1, float("inf")), (0.1, -0.01)]:
        with pytest.raises(ValueError, match="finitos"):
            stats.interval(*bad)


def test_seeds_difference_uses_student_t():
    mean, se, df = stats.seeds_difference([0.032, 0.012, 0.051])
    assert mean == pytest.approx(0.0317, abs=1e-4) and df == 2
    assert se == pytest.approx(np.std([0.032, 0.012, 0.051], ddof=1) / np.sqrt(3))
    low, high = stats.interval(mean, se, df)
    assert high - low == pytest.approx(2 * 4.3027 * se, rel=1e-4)  # t(0,975; 2) = 4,303
    assert not stats.above_noise(mean, se, df) and stats.above_noise(mean, se)
    assert "dentro do ruído" in stats.describe_difference(mean, se, df)
    with pytest.raises(ValueError, match="2 sementes"):
        stats.seeds_difference([0.1])
    with pytest.raises(ValueError, match="graus de liberdade"):
        stats.interval(0.1, 0.01, df=0)


def test_seeds_paired_difference_adds_the_test_sample_noise():
    """Três sementes quase iguais: o desvio entre elas é pequeno, mas o teste tem só 40
    exemplos: o erro padrão combinado fica perto do erro pareado por exemplo, não do das
    sementes, e o veredito muda."""
    y = np.zeros(40, dtype=int)
    base = np.where(np.arange(40) < 20, 0, 1)  # B acerta os 20 primeiros, erra os outros
    preds_b = [base.copy() for _ in range(3)]
    preds_a = []
    for fixed in (2, 3, 4):  # cada semente de A acerta também 2, 3 ou 4 dos outros
        a = base.copy()
        a[20:20 + fixed] = 0
        preds_a.append(a)
    diffs = [stats.paired_difference(y, a, b)[0] for a, b in zip(preds_a, preds_b, strict=True)]
    mean, se, df = stats.seeds_paired_difference(y, preds_a, preds_b)
    only_seeds = stats.seeds_difference(diffs)
    assert mean == pytest.approx(only_seeds[0]) and only_seeds[2] == 2
    per_image = (np.mean([a == y for a in preds_a], axis=0)
                 - np.mean([b == y for b in preds_b], axis=0))
    se_images = per_image.std(ddof=1) / np.sqrt(40)
    assert se == pytest.approx(np.hypot(only_seeds[1], se_images))
    # Welch–Satterthwaite: o erro das imagens (39 graus) manda, e os graus passam de 2
    welch = (only_seeds[1]**2 + se_images**2) ** 2 / (only_seeds[1]**4 / 2 + se_images**4 / 39)
    assert df == int(np.floor(welch)) > 2
    assert stats.above_noise(*only_seeds) and not stats.above_noise(mean, se, df)
    hits = stats.seeds_paired_difference(None, [a == y for a in preds_a],
                                         [b == y for b in preds_b])  # acertos 0/1 direto
    assert hits == pytest.approx((mean, se, df))


def test_seeds_paired_difference_keeps_k_minus_1_degrees_when_seeds_dominate():
    y = np.zeros(2000, dtype=int)
    wrong = np.ones(2000, dtype=int)  # B erra todas
    preds_a = [np.where(np.arange(2000) < k, 0, 1) for k in (200, 1000, 1800)]
    mean, se, df = stats.seeds_paired_difference(y, preds_a, [wrong] * 3)
    assert mean == pytest.approx(0.5) and df == 2
    assert se == pytest.approx(stats.seeds_difference([0.1, 0.5, 0.9])[1], rel=0.01)


def test_seeds_paired_difference_rejects_mismatched_runs():
    y = np.array([0, 1, 1, 0])
    with pytest.raises(ValueError, match="uma de cada por semente"):
        stats.seeds_paired_difference(y, [y, y], [y])
    with pytest.raises(ValueError, match="2 sementes"):
        stats.seeds_paired_difference(y, [y], [y])
    with pytest.raises(ValueError, match="mesmos exemplos"):
        stats.seeds_paired_difference(None, [[1, 0], [1, 0, 1]], [[1, 0], [1, 0, 1]])
    with pytest.raises(ValueError, match="2 exemplos"):
        stats.seeds_paired_difference(None, [[1], [0]], [[0], [0]])
    with pytest.raises(ValueError, match="preds_a tem 3 exemplos"):
        stats.seeds_paired_difference(y, [y[:3], y[:3]], [y, y])


def test_describe_difference_in_another_unit():
    text = stats.describe_difference(-0.0512, 0.01, unit="bits por caractere")
    assert text.startswith("-0,051 bits por caractere (IC 95 %: -0,071 a -0,032): acima do ruído")
    assert stats.describe_difference(0.5, 1.0, unit="s", digits=1).startswith("+0,5 s (IC 95 %")
    with pytest.raises(ValueError, match="unidade"):
        stats.describe_difference(0.1, 0.01, unit="")
