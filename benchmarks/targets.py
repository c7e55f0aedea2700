"""Metas do curso (COURSE_SPEC §5–6 e issues de cada notebook), conferidas pelo benchmark.

Cada meta diz a métrica gravada pelo notebook com ``cfg.record``, o valor mínimo, os modos em
que vale (as metas de acurácia pressupõem os dados completos) e a referência de onde vem.
"""

from __future__ import annotations

from dataclasses import dataclass

from utils.formatting import percent

# Tempo máximo por notebook em cada modo, em segundos (04 tem 15 min no modo reduced).
TIME_LIMITS = {"reduced": 600, "fast": 60}
TIME_LIMIT_OVERRIDES = {("04_cifar10_batchnorm_aumento.ipynb", "reduced"): 900}


@dataclass(frozen=True)
class Target:
    notebook: str
    metric: str
    minimum: float
    modes: tuple[str, ...]
    reference: str


TARGETS = [
    Target("02_mlp.ipynb", "test_accuracy_mlp", 0.885, ("full", "reduced"),
           "MLP no Fashion-MNIST completo; handson-ml3: 88,6 %"),
    Target("03_cnn_lenet.ipynb", "test_accuracy_cnn", 0.92, ("full",),
           "CNN moderna no Fashion-MNIST completo; handson-ml3: 91,2 %"),
    Target("04_cifar10_batchnorm_aumento.ipynb", "test_accuracy_resnet", 0.93, ("full",),
           "rede residual no CIFAR-10 completo (estilo DAWNBench: 94 %)"),
    Target("04_cifar10_batchnorm_aumento.ipynb", "test_accuracy_resnet", 0.65, ("reduced",),
           "ResNet-9 de largura 16, 10.000 imagens, 4 épocas, numa CPU de 2 núcleos"),
    Target("05_embeddings_cnn_texto.ipynb", "test_accuracy_cnn", 0.76, ("full", "reduced"),
           "CNN 1-D no MR; Kim 2014 CNN-rand: 76,1 %"),
    Target("06_lstm_gru.ipynb", "test_accuracy_best_rnn", 0.75, ("full", "reduced"),
           "melhor rede recorrente no MR"),
]


def shortfalls(row: dict) -> list[str]:
    """Metas não atingidas por uma linha de resultado do benchmark (lista vazia = tudo ok)."""
    problems = []
    limit = TIME_LIMIT_OVERRIDES.get((row["notebook"], row["mode"]),
                                     TIME_LIMITS.get(row["mode"]))
    if limit is not None and row.get("wall_s", 0) > limit:
        problems.append(f"tempo {row['wall_s']:.0f} s > {limit} s")
    for target in TARGETS:
        if target.notebook != row["notebook"] or row["mode"] not in target.modes:
            continue
        value = row.get("results", {}).get(target.metric)
        if value is None:
            problems.append(f"{target.metric} não registrado")
        elif value < target.minimum:
            problems.append(
                f"{target.metric} = {percent(value)} < {percent(target.minimum, 1)} "
                f"({target.reference})"
            )
    return problems
