"""Gráficos usados em mais de um notebook do curso.

Todas as funções devolvem a `matplotlib.figure.Figure` desenhada, usam rótulos em português e o
mesmo estilo (cores de treino/validação, grade leve, layout "constrained"). Entradas inválidas
geram `ValueError` (formato, tamanho, chaves ausentes) ou `TypeError` (tipo de dado) com uma
mensagem que diz o que corrigir.

- `plot_history`: perda e métrica de um treino (treino vs validação) numa figura;
- `compare_histories`: várias execuções na mesma figura (otimizadores, com/sem BN...);
- `plot_image_grid`: grade de imagens com rótulos e previsões (erros em vermelho);
- `plot_confusion_matrix`: matriz de confusão (via `sklearn.metrics.ConfusionMatrixDisplay`);
- `plot_decision_boundary`: fronteira de decisão de um classificador em 2-D;
- `plot_activations`: galeria de funções de ativação com as derivadas;
- `plot_filters`: filtros (núcleos) de uma camada convolucional em grade;
- `plot_feature_maps`: mapas de ativação (*feature maps*) de uma imagem;
- `use_decimal_comma`: eixos de todas as figuras com vírgula decimal (chamada por
  `runtime.setup()`).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import scale as mscale
from matplotlib.colors import ListedColormap
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, ScalarFormatter
from sklearn.metrics import ConfusionMatrixDisplay

TRAIN_COLOR = "#1f77b4"  # azul
VAL_COLOR = "#ff7f0e"  # laranja
RIGHT_COLOR = "#2a2a2a"  # quase preto: previsão correta
WRONG_COLOR = "#d62728"  # vermelho: previsão errada
CLASS_COLORS = plt.get_cmap("tab10").colors

METRIC_LABELS = {
    "loss": "perda",
    "accuracy": "acurácia",
    "acc": "acurácia",
    "binary_accuracy": "acurácia",
    "categorical_accuracy": "acurácia",
    "sparse_categorical_accuracy": "acurácia",
    "mae": "erro absoluto médio",
    "mse": "erro quadrático médio",
    "auc": "AUC",
}


class DecimalCommaFormatter(ScalarFormatter):
    """O `ScalarFormatter` do Matplotlib escrevendo 0,2 em vez de 0.2 (marcas e deslocamento)."""

    def __call__(self, x, pos=None):
        return super().__call__(x, pos).replace(".", ",")

    def get_offset(self):
        return super().get_offset().replace(".", ",")

    def format_data_short(self, value):
        return super().format_data_short(value).replace(".", ",")


class _LinearScaleDecimalComma(mscale.LinearScale):
    """A escala linear padrão, com as marcas formatadas por `DecimalCommaFormatter`."""

    name = "linear"

    def __init__(self):  # Matplotlib ≥ 3.11: escalas sem o parâmetro axis
        super().__init__(None)

    def set_default_locators_and_formatters(self, axis):
        super().set_default_locators_and_formatters(axis)
        axis.set_major_formatter(DecimalCommaFormatter())


def use_decimal_comma() -> None:
    """Eixos lineares de todas as figuras criadas depois desta chamada com vírgula decimal.

    Registra, pela API pública `matplotlib.scale.register_scale`, uma escala "linear" igual à
    padrão, mas com `DecimalCommaFormatter` nas marcas principais. Escalas logarítmicas (10⁻³)
    e rótulos escritos à mão não mudam; para esses, use `utils.formatting`.
    """
    mscale.register_scale(_LinearScaleDecimalComma)


def _label(key: str) -> str:
    return METRIC_LABELS.get(key, key.replace("_", " "))


def _style(ax) -> None:
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)


# ---------------------------------------------------------------------------------------------
# Validação de entradas
# ---------------------------------------------------------------------------------------------


def _history_dict(history, name: str = "history") -> dict[str, np.ndarray]:
    """Aceita um `keras.callbacks.History` ou o seu dicionário `.history`."""
    hist = getattr(history, "history", history)
    if not isinstance(hist, Mapping):
        raise TypeError(
            f"{name}: esperado um History do Keras (o retorno de model.fit) ou o dicionário "
            f"history.history, não {type(history).__name__}."
        )
    return {k: np.asarray(v, dtype=float) for k, v in hist.items()}


def _require_keys(hist: Mapping, keys: Sequence[str], name: str = "history") -> None:
    missing = [k for k in keys if k not in hist]
    if missing:
        hint = ""
        if any(not k.startswith("val_") and k != "loss" for k in missing):
            hint = " Confira o nome da métrica passada em model.compile(metrics=[...])."
        elif any(k.startswith("val_") for k in missing):
            hint = (
                " As chaves 'val_...' só existem quando model.fit recebe validation_data=... "
                "ou validation_split=...."
            )
        raise ValueError(
            f"{name}: faltam as chaves {missing} no histórico (chaves presentes: "
            f"{sorted(hist)}).{hint}"
        )
    lengths = {k: len(hist[k]) for k in keys}
    if len(set(lengths.values())) > 1:
        raise ValueError(f"{name}: as séries têm tamanhos diferentes: {lengths}.")
    if keys and lengths[keys[0]] == 0:
        raise ValueError(f"{name}: o histórico está vazio (nenhuma época registrada).")


def _as_class_indices(values, name: str, n: int | None = None) -> np.ndarray:
    """Rótulos como vetor 1-D de inteiros; aceita (n, 1) e probabilidades (n, k) → argmax."""
    arr = np.asarray(values)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    elif arr.ndim == 2:
        if not np.issubdtype(arr.dtype, np.number):
            raise TypeError(f"{name}: esperado números, não dados do tipo {arr.dtype}.")
        arr = arr.argmax(axis=1)
    if arr.ndim != 1:
        raise ValueError(
            f"{name}: esperado um vetor de rótulos com formato (n,), (n, 1) ou probabilidades "
            f"(n, classes); recebido formato {arr.shape}."
        )
    if arr.dtype == bool:
        arr = arr.astype(int)
    if not np.issubdtype(arr.dtype, np.number):
        raise TypeError(
            f"{name}: os rótulos devem ser números inteiros de classe (0, 1, 2, ...), "
            f"não dados do tipo {arr.dtype}."
        )
    if not np.issubdtype(arr.dtype, np.integer):
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise TypeError(f"{name}: os rótulos devem ser inteiros; há valores não inteiros.")
        arr = arr.astype(int)
    if n is not None and len(arr) != n:
        raise ValueError(f"{name}: tem {len(arr)} elementos, mas eram esperados {n}.")
    return arr


def _check_class_names(class_names, labels: Sequence[np.ndarray]) -> list[str] | None:
    if class_names is None:
        return None
    names = [str(c) for c in class_names]
    top = max((int(a.max()) for a in labels if len(a)), default=-1)
    if top >= len(names):
        raise ValueError(
            f"class_names tem {len(names)} nomes, mas aparece o rótulo {top} "
            f"(seriam necessários pelo menos {top + 1} nomes)."
        )
    return names


# ---------------------------------------------------------------------------------------------
# Curvas de treinamento
# ---------------------------------------------------------------------------------------------


def plot_history(history, metric: str | None = "accuracy", title: str | None = None) -> Figure:
    """Perda (e a métrica) por época, treino vs validação, lado a lado numa figura.

    ``history`` é o retorno de ``model.fit`` (um ``History``) ou o dicionário
    ``history.history``; precisa das chaves ``loss``/``val_loss`` e, se ``metric`` não for
    ``None``, ``metric``/``val_<metric>``.
    """
    hist = _history_dict(history)
    keys = ["loss"] + ([metric] if metric else [])
    _require_keys(hist, keys + [f"val_{k}" for k in keys])

    fig, axes = plt.subplots(1, len(keys), figsize=(5.2 * len(keys), 3.6), layout="constrained",
                             squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        epochs = np.arange(1, len(hist[key]) + 1)
        ax.plot(epochs, hist[key], "o-", ms=3, color=TRAIN_COLOR, label="treino")
        ax.plot(epochs, hist[f"val_{key}"], "s-", ms=3, color=VAL_COLOR, label="validação")
        ax.set_xlabel("época")
        ax.set_ylabel(_label(key))
        ax.set_title(_label(key).capitalize())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.legend()
        _style(ax)
    fig.suptitle(title or "Curvas de treinamento")
    return fig


def compare_histories(histories: Mapping[str, object], metric: str | None = "accuracy",
                      show_train: bool = True, title: str | None = None) -> Figure:
    """Várias execuções na mesma figura: uma cor por execução, validação em linha cheia e
    treino tracejado (``show_train=False`` mostra só a validação).

    ``histories`` é um dicionário ``{"nome da execução": History ou dicionário}``.
    """
    if not isinstance(histories, Mapping) or not histories:
        raise ValueError(
            "compare_histories: passe um dicionário não vazio {'nome': history, ...}, "
            f"não {type(histories).__name__}."
        )
    keys = ["loss"] + ([metric] if metric else [])
    runs = {}
    for name, history in histories.items():
        hist = _history_dict(history, name=f"histories[{name!r}]")
        needed = [f"val_{k}" for k in keys] + (keys if show_train else [])
        _require_keys(hist, needed, name=f"histories[{name!r}]")
        runs[name] = hist

    fig, axes = plt.subplots(1, len(keys), figsize=(5.6 * len(keys), 3.8), layout="constrained",
                             squeeze=False)
    for ax, key in zip(axes[0], keys, strict=True):
        for i, (name, hist) in enumerate(runs.items()):
            color = f"C{i % 10}"
            epochs = np.arange(1, len(hist[f"val_{key}"]) + 1)
            ax.plot(epochs, hist[f"val_{key}"], "-", color=color, lw=2, label=str(name))
            if show_train:
                ax.plot(epochs, hist[key], "--", color=color, lw=1.2, alpha=0.7)
        handles, _ = ax.get_legend_handles_labels()
        if show_train:
            handles += [Line2D([], [], color="gray", lw=2, label="validação"),
                        Line2D([], [], color="gray", lw=1.2, ls="--", label="treino")]
        ax.legend(handles=handles, fontsize=8)
        ax.set_xlabel("época")
        ax.set_ylabel(_label(key))
        ax.set_title(_label(key).capitalize())
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        _style(ax)
    fig.suptitle(title or "Comparação de execuções")
    return fig


# ---------------------------------------------------------------------------------------------
# Imagens e matriz de confusão
# ---------------------------------------------------------------------------------------------


def plot_image_grid(images, labels, predictions=None, class_names=None, ncols: int = 8,
                    title: str | None = None, cmap: str = "gray") -> Figure:
    """Grade de imagens com o rótulo de cada uma.

    Com ``predictions`` (classes ou probabilidades), o título de cada imagem é a classe prevista;
    as erradas aparecem em vermelho com a classe real entre parênteses.
    ``images``: (n, altura, largura), (n, altura, largura, 1) ou (n, altura, largura, 3).
    """
    imgs = np.asarray(images)
    if imgs.dtype == bool or not np.issubdtype(imgs.dtype, np.number):
        raise TypeError(f"images: esperado um array numérico, não dados do tipo {imgs.dtype}.")
    if imgs.ndim == 4 and imgs.shape[-1] == 1:
        imgs = imgs[..., 0]
    if imgs.ndim not in (3, 4) or (imgs.ndim == 4 and imgs.shape[-1] not in (3, 4)):
        raise ValueError(
            "images: esperado formato (n, altura, largura), (n, altura, largura, 1) ou "
            f"(n, altura, largura, 3); recebido {np.shape(images)}. Para uma imagem só, "
            "use images[None]."
        )
    n = len(imgs)
    if n == 0:
        raise ValueError("images: nenhuma imagem para mostrar.")
    if ncols < 1:
        raise ValueError(f"ncols deve ser pelo menos 1, não {ncols}.")
    labels = _as_class_indices(labels, "labels", n)
    preds = None if predictions is None else _as_class_indices(predictions, "predictions", n)
    names = _check_class_names(class_names, [labels] + ([preds] if preds is not None else []))

    def name(k: int) -> str:
        return names[k] if names is not None else str(k)

    if imgs.ndim == 4 and np.issubdtype(imgs.dtype, np.floating) and imgs.max() > 1:
        imgs = imgs / 255.0  # RGB em float precisa estar em [0, 1] para o imshow
    vmin, vmax = (float(imgs.min()), float(imgs.max())) if imgs.ndim == 3 else (None, None)

    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.5 * ncols, 1.75 * nrows + 0.4),
                             layout="constrained", squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.remove()
            continue
        ax.imshow(imgs[i], cmap=cmap if imgs.ndim == 3 else None, vmin=vmin, vmax=vmax)
        ax.set_xticks([])
        ax.set_yticks([])
        if preds is None:
            ax.set_title(name(labels[i]), fontsize=8, color=RIGHT_COLOR)
        elif preds[i] == labels[i]:
            ax.set_title(name(preds[i]), fontsize=8, color=RIGHT_COLOR)
        else:
            ax.set_title(f"{name(preds[i])}\n(real: {name(labels[i])})", fontsize=8,
                         color=WRONG_COLOR)
            for spine in ax.spines.values():
                spine.set_edgecolor(WRONG_COLOR)
                spine.set_linewidth(2)
    if title is None and preds is not None:
        wrong = int(np.sum(preds != labels))
        title = f"Previsões ({wrong} de {n} erradas, em vermelho)"
    if title:
        fig.suptitle(title)
    return fig


def plot_confusion_matrix(y_true, y_pred, class_names=None, normalize: str | None = None,
                          ax=None, title: str | None = None, cmap: str = "Blues") -> Figure:
    """Matriz de confusão desenhada por `sklearn.metrics.ConfusionMatrixDisplay`.

    Linhas = classe verdadeira, colunas = classe prevista. ``y_pred`` pode ser classes ou
    probabilidades (n, classes). ``normalize``: ``None`` (contagens), ``"true"`` (cada linha
    soma 1: a diagonal é a revocação), ``"pred"`` (cada coluna soma 1) ou ``"all"``.
    """
    if normalize not in (None, "true", "pred", "all"):
        raise ValueError(
            f"normalize deve ser None, 'true', 'pred' ou 'all', não {normalize!r}."
        )
    y_true = _as_class_indices(y_true, "y_true")
    y_pred = _as_class_indices(y_pred, "y_pred", len(y_true))
    if len(y_true) == 0:
        raise ValueError("y_true: nenhum exemplo.")
    names = _check_class_names(class_names, [y_true, y_pred])
    n_classes = len(names) if names is not None else int(max(y_true.max(), y_pred.max())) + 1

    if ax is None:
        side = max(4.0, 0.6 * n_classes + 2.5)
        _, ax = plt.subplots(figsize=(side, side * 0.9), layout="constrained")
    long_names = names is not None and max(len(s) for s in names) > 3
    display = ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=np.arange(n_classes), display_labels=names, normalize=normalize,
        ax=ax, cmap=cmap, colorbar=False, xticks_rotation=45 if long_names else "horizontal",
        values_format=".2f" if normalize else "d",
        text_kw={"fontsize": 8 if n_classes > 6 else 10},
    )
    for text in display.text_.ravel():  # 0,56 em vez de 0.56
        text.set_text(text.get_text().replace(".", ","))
    ax.set_xlabel("classe prevista")
    ax.set_ylabel("classe verdadeira")
    if title is None:
        title = "Matriz de confusão" + ("" if normalize is None else " (normalizada)")
    ax.set_title(title)
    return ax.figure


# ---------------------------------------------------------------------------------------------
# Fronteira de decisão
# ---------------------------------------------------------------------------------------------


def plot_decision_boundary(predict_fn: Callable[[np.ndarray], np.ndarray], X, y, ax=None,
                           title: str | None = None, class_names=None,
                           axis_labels: Sequence[str] = ("$x_1$", "$x_2$"),
                           resolution: int = 200, margin: float = 0.1) -> Figure:
    """Regiões de decisão de um classificador com duas entradas, e os pontos por cima.

    ``predict_fn`` recebe um array (m, 2) e devolve, para cada linha, a classe (inteiro), a
    probabilidade da classe 1 (entre 0 e 1, cortada em 0,5) ou as probabilidades (m, classes).
    ``X``: (n, 2); ``y``: n rótulos inteiros.
    """
    X = np.asarray(X)
    if X.dtype == bool or not np.issubdtype(X.dtype, np.number):
        raise TypeError(f"X: esperado um array numérico, não dados do tipo {X.dtype}.")
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(
            f"X: esperado formato (n, 2) (duas entradas por exemplo); recebido {X.shape}."
        )
    y = _as_class_indices(y, "y", len(X))
    if not callable(predict_fn):
        raise TypeError("predict_fn deve ser uma função que recebe X (m, 2) e devolve classes.")

    span = X.max(axis=0) - X.min(axis=0)
    span = np.where(span > 0, span, 1.0)
    lo, hi = X.min(axis=0) - margin * span, X.max(axis=0) + margin * span
    xx, yy = np.meshgrid(np.linspace(lo[0], hi[0], resolution),
                         np.linspace(lo[1], hi[1], resolution))
    grid = np.c_[xx.ravel(), yy.ravel()].astype(X.dtype if X.dtype.kind == "f" else float)
    out = np.asarray(predict_fn(grid))
    if out.ndim == 2 and out.shape[1] > 1:
        z = out.argmax(axis=1)
    else:
        if out.size != len(grid):
            raise ValueError(
                f"predict_fn devolveu formato {out.shape} para {len(grid)} pontos; esperado "
                f"({len(grid)},), ({len(grid)}, 1) ou ({len(grid)}, classes)."
            )
        out = out.reshape(-1)
        is_proba = out.dtype.kind == "f" and not np.all(out == np.round(out))
        z = (out >= 0.5).astype(int) if is_proba else out.astype(int)

    classes = np.unique(np.concatenate([y, z]))
    names = _check_class_names(class_names, [y])
    cmap = ListedColormap([CLASS_COLORS[int(c) % 10] for c in classes])
    zi = np.searchsorted(classes, z).reshape(xx.shape)

    if ax is None:
        _, ax = plt.subplots(figsize=(5, 4.2), layout="constrained")
    levels = np.arange(len(classes) + 1) - 0.5
    ax.contourf(xx, yy, zi, levels=levels, cmap=cmap, alpha=0.25)
    if len(classes) > 1:
        ax.contour(xx, yy, zi, levels=levels[1:-1], colors="k", linewidths=1)
    for c in np.unique(y):
        mask = y == c
        label = names[c] if names is not None else f"classe {c}"
        ax.scatter(X[mask, 0], X[mask, 1], s=30, color=CLASS_COLORS[int(c) % 10],
                   edgecolors="k", linewidths=0.6, label=label)
    ax.set_xlim(lo[0], hi[0])
    ax.set_ylim(lo[1], hi[1])
    ax.set_xlabel(axis_labels[0])
    ax.set_ylabel(axis_labels[1])
    ax.set_title(title or "Fronteira de decisão")
    ax.legend(fontsize=8, loc="best")
    return ax.figure


# ---------------------------------------------------------------------------------------------
# Funções de ativação
# ---------------------------------------------------------------------------------------------


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _softmax_first(x):
    """Primeira saída da softmax dos logits (x, 0, 0): só o primeiro logit varia."""
    return np.exp(x) / (np.exp(x) + 2.0)


LEAKY_SLOPE = 0.01

# nome -> (título em português, f(x), f'(x))
ACTIVATIONS: dict[str, tuple[str, Callable, Callable]] = {
    "step": ("degrau (Heaviside)", lambda x: (x >= 0).astype(float),
             lambda x: np.zeros_like(x)),
    "sigmoid": ("sigmoide", _sigmoid, lambda x: _sigmoid(x) * (1 - _sigmoid(x))),
    "tanh": ("tanh", np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "relu": ("ReLU", lambda x: np.maximum(x, 0.0), lambda x: (x > 0).astype(float)),
    "leaky_relu": (f"Leaky ReLU (inclinação {LEAKY_SLOPE:g})".replace(".", ","),
                   lambda x: np.where(x > 0, x, LEAKY_SLOPE * x),
                   lambda x: np.where(x > 0, 1.0, LEAKY_SLOPE)),
    "softmax": ("softmax: 1ª saída de (z, 0, 0)", _softmax_first,
                lambda x: _softmax_first(x) * (1 - _softmax_first(x))),
}


def plot_activations(names: Sequence[str] | None = None, x=None, ncols: int = 3,
                     title: str | None = None) -> Figure:
    """Galeria de funções de ativação: cada painel mostra f(z) (linha cheia) e f'(z) (tracejada).

    ``names``: subconjunto de ``ACTIVATIONS`` (padrão: todas, na ordem step, sigmoid, tanh,
    relu, leaky_relu, softmax). A softmax é vetorial; o painel mostra a probabilidade da 1ª
    classe quando só o seu logit ``z`` varia, e a derivada ∂p₁/∂z₁ = p₁(1 − p₁).
    """
    names = list(ACTIVATIONS) if names is None else list(names)
    unknown = [n for n in names if n not in ACTIVATIONS]
    if unknown or not names:
        raise ValueError(
            f"Funções de ativação desconhecidas: {unknown}. Disponíveis: {list(ACTIVATIONS)}."
        )
    z = np.linspace(-5, 5, 1001) if x is None else np.asarray(x, dtype=float)
    if z.ndim != 1 or len(z) < 2:
        raise ValueError(f"x: esperado um vetor 1-D com pelo menos 2 pontos; formato {z.shape}.")

    ncols = max(1, min(ncols, len(names)))
    nrows = math.ceil(len(names) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(3.6 * ncols, 2.9 * nrows),
                             layout="constrained", squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(names):
            ax.remove()
            continue
        label, f, df = ACTIVATIONS[names[i]]
        ax.plot(z, f(z), color=TRAIN_COLOR, lw=2, label="$f(z)$")
        ax.plot(z, df(z), "--", color=VAL_COLOR, lw=1.6, label="$f'(z)$")
        ax.axhline(0, color="gray", lw=0.6)
        ax.axvline(0, color="gray", lw=0.6)
        ax.set_title(label)
        ax.set_xlabel("$z$")
        ax.legend(fontsize=8, loc="upper left")
        _style(ax)
    fig.suptitle(title or "Funções de ativação e suas derivadas")
    return fig


# ---------------------------------------------------------------------------------------------
# Redes convolucionais: filtros e mapas de características
# ---------------------------------------------------------------------------------------------


def _finite_array(values, name: str) -> np.ndarray:
    """Array numérico e finito (aceita tensores do TensorFlow/Keras via np.asarray)."""
    arr = np.asarray(values)
    if arr.dtype == bool or not np.issubdtype(arr.dtype, np.number):
        raise TypeError(f"{name}: esperado um array numérico, não dados do tipo {arr.dtype}.")
    if np.issubdtype(arr.dtype, np.complexfloating):
        raise TypeError(f"{name}: números complexos não podem ser desenhados.")
    arr = arr.astype(float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name}: há valores NaN ou infinitos; confira o treino do modelo.")
    return arr


def _positive_count(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} deve ser um inteiro maior ou igual a 1, não {value!r}.")
    return int(value)


def _hide_ticks(ax) -> None:
    ax.set_xticks([])
    ax.set_yticks([])


def plot_filters(weights, channel: int | str | None = None, max_filters: int = 64,
                 ncols: int = 8, title: str | None = None, cmap: str = "RdBu_r") -> Figure:
    """Os núcleos (*kernels*) de uma camada `Conv2D` numa grade, um painel por filtro.

    ``weights``: formato ``(k, k, canais_entrada, filtros)``, isto é, ``layer.get_weights()[0]``
    ou ``layer.kernel``; a lista ``[kernel, bias]`` inteira também é aceita (o viés é ignorado).

    ``channel`` escolhe o que desenhar de cada filtro:

    - um inteiro: a fatia desse canal de entrada, numa escala de cores divergente **comum** a
      todos os filtros (vermelho = peso positivo, azul = negativo, branco = zero);
    - ``"rgb"``: os 3 canais de entrada como uma imagem colorida (cada filtro reescalado para
      [0, 1]; só quando a entrada tem 3 canais);
    - ``"mean"``: a média sobre os canais de entrada;
    - ``None`` (padrão): ``"rgb"`` com 3 canais de entrada, senão o canal 0.

    Mostra no máximo ``max_filters`` filtros (os primeiros), ``ncols`` por linha.
    """
    if isinstance(weights, (list, tuple)) and weights and np.ndim(weights[0]) == 4:
        weights = weights[0]  # [kernel, bias] de layer.get_weights()
    w = _finite_array(weights, "weights")
    if w.ndim != 4 or 0 in w.shape:
        raise ValueError(
            "weights: esperado formato (k, k, canais_entrada, filtros), como "
            f"layer.get_weights()[0] de uma Conv2D; recebido {w.shape}."
        )
    max_filters = _positive_count(max_filters, "max_filters")
    ncols = _positive_count(ncols, "ncols")
    kh, kw, c_in, c_out = w.shape
    if channel is None:
        channel = "rgb" if c_in == 3 else 0
    if isinstance(channel, str):
        if channel not in ("rgb", "mean"):
            raise ValueError(f"channel deve ser um inteiro, 'rgb' ou 'mean', não {channel!r}.")
        if channel == "rgb" and c_in != 3:
            raise ValueError(
                f"channel='rgb' exige 3 canais de entrada, mas estes filtros têm {c_in}; "
                "escolha um canal (channel=0) ou a média (channel='mean')."
            )
    elif isinstance(channel, bool) or not isinstance(channel, (int, np.integer)) or not (
            0 <= channel < c_in):
        raise ValueError(
            f"channel={channel!r} não existe: os filtros têm {c_in} canal(is) de entrada "
            f"(índices de 0 a {c_in - 1})."
        )

    n = min(c_out, max_filters)
    if channel == "rgb":
        panels = w[..., :n].transpose(3, 0, 1, 2)  # (n, k, k, 3)
        low = panels.min(axis=(1, 2, 3), keepdims=True)
        span = panels.max(axis=(1, 2, 3), keepdims=True) - low
        panels = (panels - low) / np.where(span > 0, span, 1.0)
        what = "canais RGB"
    else:
        sliced = w.mean(axis=2) if channel == "mean" else w[:, :, int(channel), :]
        panels = sliced[..., :n].transpose(2, 0, 1)  # (n, k, k)
        what = "média dos canais de entrada" if channel == "mean" else f"canal de entrada {channel}"
    limit = float(np.abs(panels).max()) or 1.0

    ncols = min(ncols, n)
    nrows = math.ceil(n / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.15 * ncols + 0.9, 1.25 * nrows + 0.6),
                             layout="constrained", squeeze=False)
    image, used = None, []
    for i, ax in enumerate(axes.flat):
        if i >= n:
            ax.remove()
            continue
        used.append(ax)
        if channel == "rgb":
            ax.imshow(panels[i], interpolation="nearest")
        else:
            image = ax.imshow(panels[i], cmap=cmap, vmin=-limit, vmax=limit,
                              interpolation="nearest")
        ax.set_title(f"filtro {i}", fontsize=8)
        _hide_ticks(ax)
    if image is not None:
        fig.colorbar(image, ax=used, shrink=0.8, label="peso")
    shown = f"{n} de {c_out}" if n < c_out else f"{c_out}"
    fig.suptitle(title or f"Filtros {kh}×{kw} da camada ({shown} filtros, {what})")
    return fig


def plot_feature_maps(feature_maps, image=None, channels: Sequence[int] | None = None,
                      max_maps: int = 32, ncols: int = 8, shared_scale: bool = False,
                      title: str | None = None, cmap: str = "viridis") -> Figure:
    """Os mapas de características (*feature maps*) que uma camada produz para **uma** imagem.

    ``feature_maps``: formato ``(altura, largura, canais)`` ou ``(1, altura, largura, canais)``
    (a saída de um modelo intermediário para ``x[:1]``). ``image`` (opcional) é a imagem de
    entrada, desenhada no primeiro painel. ``channels`` escolhe quais mapas mostrar (padrão: os
    primeiros ``max_maps``). Cada mapa usa a própria escala de cores; ``shared_scale=True`` usa
    uma escala comum (útil para comparar as ativações de duas imagens).
    """
    maps = _finite_array(feature_maps, "feature_maps")
    if maps.ndim == 4 and maps.shape[0] == 1:
        maps = maps[0]
    elif maps.ndim == 4:
        raise ValueError(
            f"feature_maps: recebido um lote de {maps.shape[0]} exemplos {maps.shape}; passe "
            "um só, por exemplo feature_maps[:1] ou feature_maps[0]."
        )
    if maps.ndim != 3 or 0 in maps.shape:
        raise ValueError(
            "feature_maps: esperado formato (altura, largura, canais) ou (1, altura, largura, "
            f"canais); recebido {np.shape(feature_maps)}. Um mapa só de formato (altura, "
            "largura) vira (altura, largura, 1) com mapa[..., None]."
        )
    n_channels = maps.shape[-1]
    if channels is None:
        channels = list(range(min(n_channels, _positive_count(max_maps, "max_maps"))))
    else:
        channels = np.ravel(channels).tolist()
        bad = [c for c in channels
               if isinstance(c, bool) or not isinstance(c, int) or not 0 <= c < n_channels]
        if bad or not channels:
            raise ValueError(
                f"channels: índices inválidos {bad or channels}; a camada tem {n_channels} "
                f"mapas (índices de 0 a {n_channels - 1})."
            )
        channels = [int(c) for c in channels]
    ncols = _positive_count(ncols, "ncols")
    if image is not None:
        img = _finite_array(image, "image")
        if img.ndim == 4 and img.shape[0] == 1:
            img = img[0]
        if img.ndim == 3 and img.shape[-1] == 1:
            img = img[..., 0]
        if img.ndim not in (2, 3) or (img.ndim == 3 and img.shape[-1] != 3):
            raise ValueError(
                "image: esperado formato (altura, largura), (altura, largura, 1) ou "
                f"(altura, largura, 3); recebido {np.shape(image)}."
            )
        if img.ndim == 3 and img.max() > 1:
            img = img / 255.0

    selected = maps[..., channels]
    vmin, vmax = (float(selected.min()), float(selected.max())) if shared_scale else (None, None)
    panels = ([None] if image is not None else []) + channels  # None = a imagem de entrada
    ncols = min(ncols, len(panels))
    nrows = math.ceil(len(panels) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(1.3 * ncols + 0.4, 1.45 * nrows + 0.5),
                             layout="constrained", squeeze=False)
    for i, ax in enumerate(axes.flat):
        if i >= len(panels):
            ax.remove()
            continue
        panel = panels[i]
        if panel is None:
            ax.imshow(img, cmap="gray" if img.ndim == 2 else None)
            ax.set_title("entrada", fontsize=8, fontweight="bold")
            for spine in ax.spines.values():
                spine.set_edgecolor(RIGHT_COLOR)
                spine.set_linewidth(2)
        else:
            ax.imshow(maps[..., panel], cmap=cmap, vmin=vmin, vmax=vmax, interpolation="nearest")
            ax.set_title(f"mapa {panel}", fontsize=8)
        _hide_ticks(ax)
    h, w = maps.shape[:2]
    shown = f"{len(channels)} de {n_channels}" if len(channels) < n_channels else str(n_channels)
    fig.suptitle(title or f"Mapas de características {h}×{w} ({shown} mapas)")
    return fig
