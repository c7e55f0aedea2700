"""Testes de utils.plots: formato das figuras, textos em português e erros claros."""

import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgb  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from sklearn.metrics import confusion_matrix  # noqa: E402

from utils import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _history(epochs=5, metric="accuracy", val=True):
    rng = np.random.default_rng(0)
    hist = {"loss": list(np.linspace(1, 0.2, epochs)), metric: list(rng.uniform(0.5, 1, epochs))}
    if val:
        hist["val_loss"] = list(np.linspace(1.1, 0.4, epochs))
        hist[f"val_{metric}"] = list(rng.uniform(0.5, 1, epochs))
    return hist


class _FakeHistory:
    """Imita keras.callbacks.History: só o atributo .history importa."""

    def __init__(self, history):
        self.history = history


def _is_red(color):
    r, g, b = to_rgb(color)
    return r > 0.7 and g < 0.3 and b < 0.3


# ---------------------------------------------------------------------------------------------
# plot_history
# ---------------------------------------------------------------------------------------------


def test_plot_history_two_panels_train_and_validation():
    hist = _history(epochs=6)
    fig = plots.plot_history(_FakeHistory(hist))
    assert isinstance(fig, Figure)
    assert len(fig.axes) == 2
    loss_ax, acc_ax = fig.axes
    for ax in fig.axes:
        assert len(ax.lines) == 2
        assert ax.get_xlabel() == "época"
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["treino", "validação"]
    assert loss_ax.get_ylabel() == "perda" and acc_ax.get_ylabel() == "acurácia"
    np.testing.assert_allclose(loss_ax.lines[1].get_ydata(), hist["val_loss"])
    np.testing.assert_array_equal(loss_ax.lines[0].get_xdata(), np.arange(1, 7))
    assert fig._suptitle.get_text() == "Curvas de treinamento"


def test_plot_history_accepts_dict_metric_none_and_title():
    fig = plots.plot_history(_history(), metric=None, title="Meu treino")
    assert len(fig.axes) == 1
    assert fig._suptitle.get_text() == "Meu treino"


def test_plot_history_missing_val_loss_is_explained_in_portuguese():
    hist = _history()
    del hist["val_loss"]
    with pytest.raises(ValueError, match=r"faltam as chaves \['val_loss'\].*validation_data"):
        plots.plot_history(hist)


def test_plot_history_unknown_metric_and_wrong_type():
    with pytest.raises(ValueError, match="faltam as chaves.*'mae'.*metrics="):
        plots.plot_history(_history(), metric="mae")
    with pytest.raises(TypeError, match="History do Keras"):
        plots.plot_history([0.5, 0.4])


def test_plot_history_mismatched_lengths():
    hist = _history(epochs=4)
    hist["val_loss"] = hist["val_loss"][:3]
    with pytest.raises(ValueError, match="tamanhos diferentes"):
        plots.plot_history(hist)


# ---------------------------------------------------------------------------------------------
# compare_histories
# ---------------------------------------------------------------------------------------------


def test_compare_histories_one_colour_per_run():
    runs = {"SGD": _history(4), "Adam": _FakeHistory(_history(4)), "RMSprop": _history(4)}
    fig = plots.compare_histories(runs)
    assert len(fig.axes) == 2
    for ax in fig.axes:
        assert len(ax.lines) == 2 * len(runs)  # validação (cheia) + treino (tracejada)
        labels = [t.get_text() for t in ax.get_legend().get_texts()]
        assert labels == ["SGD", "Adam", "RMSprop", "validação", "treino"]
        colors = {ln.get_color() for ln in ax.lines}
        assert len(colors) == len(runs)
    only_val = plots.compare_histories(runs, metric=None, show_train=False, title="Só validação")
    assert len(only_val.axes) == 1 and len(only_val.axes[0].lines) == 3
    assert only_val._suptitle.get_text() == "Só validação"


def test_compare_histories_bad_input_names_the_run():
    bad = _history()
    del bad["val_accuracy"]
    with pytest.raises(ValueError, match=r"histories\['com BN'\].*val_accuracy"):
        plots.compare_histories({"sem BN": _history(), "com BN": bad})
    with pytest.raises(ValueError, match="dicionário não vazio"):
        plots.compare_histories({})
    with pytest.raises(ValueError, match="dicionário não vazio"):
        plots.compare_histories([_history()])


# ---------------------------------------------------------------------------------------------
# plot_image_grid
# ---------------------------------------------------------------------------------------------


def test_image_grid_wrong_predictions_in_red():
    images = np.random.default_rng(0).integers(0, 255, size=(10, 28, 28), dtype=np.uint8)
    labels = np.arange(10) % 3
    preds = labels.copy()
    preds[[1, 4]] = (preds[[1, 4]] + 1) % 3
    names = ["gato", "cão", "ave"]
    fig = plots.plot_image_grid(images, labels, preds, class_names=names, ncols=4)
    assert len(fig.axes) == 10  # os eixos que sobram na última linha são removidos
    red = [i for i, ax in enumerate(fig.axes) if _is_red(ax.title.get_color())]
    assert red == [1, 4]
    assert fig.axes[1].get_title() == "ave\n(real: cão)"
    assert fig.axes[0].get_title() == "gato"
    assert "2 de 10 erradas" in fig._suptitle.get_text()


def test_image_grid_accepts_channels_probabilities_and_rgb():
    rng = np.random.default_rng(1)
    gray = rng.random((3, 8, 8, 1))
    probs = np.eye(3)[[0, 2, 2]]
    fig = plots.plot_image_grid(gray, np.array([[0], [1], [2]]), probs)
    assert [_is_red(ax.title.get_color()) for ax in fig.axes] == [False, True, False]
    rgb = plots.plot_image_grid(rng.random((2, 8, 8, 3)) * 255, [0, 1], title="Cores")
    assert rgb.axes[0].images[0].get_array().max() <= 1.0
    assert rgb._suptitle.get_text() == "Cores"


def test_image_grid_bad_input():
    images = np.zeros((4, 8, 8))
    with pytest.raises(ValueError, match="formato"):
        plots.plot_image_grid(np.zeros((8, 8)), [0])
    with pytest.raises(ValueError, match="labels: tem 3 elementos, mas eram esperados 4"):
        plots.plot_image_grid(images, [0, 1, 2])
    with pytest.raises(ValueError, match="predictions: tem 5"):
        plots.plot_image_grid(images, [0, 1, 2, 3], [0] * 5)
    with pytest.raises(TypeError, match="array numérico"):
        plots.plot_image_grid(np.full((4, 8, 8), "a"), [0, 1, 2, 3])
    with pytest.raises(TypeError, match="inteiros"):
        plots.plot_image_grid(images, ["a", "b", "c", "d"])
    with pytest.raises(ValueError, match="class_names tem 2 nomes"):
        plots.plot_image_grid(images, [0, 1, 2, 3], class_names=["a", "b"])


# ---------------------------------------------------------------------------------------------
# plot_confusion_matrix
# ---------------------------------------------------------------------------------------------


def test_confusion_matrix_matches_sklearn():
    rng = np.random.default_rng(0)
    y_true = rng.integers(0, 4, 200)
    y_pred = np.where(rng.random(200) < 0.7, y_true, rng.integers(0, 4, 200))
    names = ["camiseta", "calça", "suéter", "vestido"]
    fig = plots.plot_confusion_matrix(y_true, y_pred, names)
    ax = fig.axes[0]
    expected = confusion_matrix(y_true, y_pred)
    np.testing.assert_array_equal(ax.images[0].get_array(), expected)
    texts = np.array([int(t.get_text()) for t in ax.texts]).reshape(4, 4)
    np.testing.assert_array_equal(texts, expected)
    assert ax.get_xlabel() == "classe prevista" and ax.get_ylabel() == "classe verdadeira"
    assert [t.get_text() for t in ax.get_xticklabels()] == names
    assert ax.get_title() == "Matriz de confusão"


def test_confusion_matrix_normalized_probabilities_and_given_ax():
    y_true = np.array([0, 0, 1, 1, 2, 2])
    probs = np.eye(3)[[0, 1, 1, 1, 2, 0]]
    fig, ax = plt.subplots()
    out = plots.plot_confusion_matrix(y_true, probs, normalize="true", ax=ax, title="T")
    assert out is fig
    expected = confusion_matrix(y_true, probs.argmax(1), normalize="true")
    np.testing.assert_allclose(ax.images[0].get_array(), expected)
    assert ax.texts[0].get_text() == "0,50"


def test_confusion_matrix_bad_input():
    with pytest.raises(ValueError, match="y_pred: tem 2 elementos, mas eram esperados 3"):
        plots.plot_confusion_matrix([0, 1, 1], [0, 1])
    with pytest.raises(ValueError, match="normalize deve ser"):
        plots.plot_confusion_matrix([0, 1], [0, 1], normalize="rows")
    with pytest.raises(ValueError, match="formato"):
        plots.plot_confusion_matrix(np.zeros((2, 2, 2), dtype=int), [0, 1])
    with pytest.raises(TypeError, match="inteiros"):
        plots.plot_confusion_matrix([0.5, 1.0], [0, 1])


# ---------------------------------------------------------------------------------------------
# plot_decision_boundary
# ---------------------------------------------------------------------------------------------


def test_decision_boundary_linear_classifier():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array([0, 0, 0, 1])  # AND

    def predict(points):
        return (points.sum(axis=1) >= 1.5).astype(int)

    fig = plots.plot_decision_boundary(predict, X, y, class_names=["falso", "verdadeiro"])
    ax = fig.axes[0]
    assert ax.get_title() == "Fronteira de decisão"
    assert len(ax.collections) >= 3  # regiões + linha da fronteira + pontos
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["falso", "verdadeiro"]
    x_lo, x_hi = ax.get_xlim()
    assert x_lo < 0 and x_hi > 1


def test_decision_boundary_probabilities_on_given_axes():
    X = np.random.default_rng(0).normal(size=(20, 2))
    y = (X[:, 0] > 0).astype(int)
    fig, axes = plt.subplots(1, 2)
    out = plots.plot_decision_boundary(lambda p: 1 / (1 + np.exp(-5 * p[:, :1])), X, y,
                                       ax=axes[1], title="Época 3")
    assert out is fig and axes[1].get_title() == "Época 3"
    assert axes[1].collections and not axes[0].collections


def test_decision_boundary_bad_input():
    X = np.zeros((4, 3))
    with pytest.raises(ValueError, match=r"formato \(n, 2\)"):
        plots.plot_decision_boundary(lambda p: p[:, 0], X, [0, 1, 0, 1])
    with pytest.raises(ValueError, match="y: tem 3 elementos"):
        plots.plot_decision_boundary(lambda p: p[:, 0], np.zeros((4, 2)), [0, 1, 0])
    with pytest.raises(ValueError, match="predict_fn devolveu formato"):
        plots.plot_decision_boundary(lambda p: np.zeros(3), np.eye(2), [0, 1])
    with pytest.raises(TypeError, match="array numérico"):
        plots.plot_decision_boundary(lambda p: p, np.array([["a", "b"]]), [0])


# ---------------------------------------------------------------------------------------------
# plot_activations
# ---------------------------------------------------------------------------------------------


def test_activations_gallery_has_function_and_derivative():
    fig = plots.plot_activations()
    assert len(fig.axes) == 6
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "degrau (Heaviside)" and titles[1] == "sigmoide"
    assert "Leaky ReLU (inclinação 0,01)" in titles
    for ax in fig.axes:
        assert len(ax.lines) == 4  # f, f' e os dois eixos
        assert [t.get_text() for t in ax.get_legend().get_texts()] == ["$f(z)$", "$f'(z)$"]
    sig = fig.axes[1]
    z = sig.lines[0].get_xdata()
    np.testing.assert_allclose(sig.lines[1].get_ydata()[np.argmin(abs(z))], 0.25)
    leaky = fig.axes[titles.index("Leaky ReLU (inclinação 0,01)")]
    np.testing.assert_allclose(leaky.lines[1].get_ydata()[0], 0.01)
    assert fig._suptitle.get_text() == "Funções de ativação e suas derivadas"


def test_activations_subset_and_bad_names():
    fig = plots.plot_activations(["relu", "tanh"], x=np.linspace(-2, 2, 5))
    assert [ax.get_title() for ax in fig.axes] == ["ReLU", "tanh"]
    np.testing.assert_allclose(fig.axes[0].lines[0].get_ydata(), [0, 0, 0, 1, 2])
    with pytest.raises(ValueError, match="desconhecidas: \\['swish'\\]"):
        plots.plot_activations(["relu", "swish"])
    with pytest.raises(ValueError, match="vetor 1-D"):
        plots.plot_activations(x=np.zeros((2, 2)))


def test_use_decimal_comma_writes_ticks_in_portuguese():
    from matplotlib import scale as mscale

    original = mscale._scale_mapping["linear"]
    try:
        plots.use_decimal_comma()
        fig, ax = plt.subplots()
        ax.plot([0.0, 0.5], [0.1, 0.35])
        fig.canvas.draw()
        labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
        assert labels and all("." not in label for label in labels), labels
        assert any("," in label for label in labels), labels
        ax.set_yscale("log")  # a escala log continua a padrão
        ax.set_yscale("linear")  # voltar ao linear mantém a vírgula
        fig.canvas.draw()
        assert any("," in t.get_text() for t in ax.get_yticklabels())
        plt.close(fig)
    finally:
        with warnings.catch_warnings():  # a escala original ainda usa o parâmetro axis
            warnings.simplefilter("ignore", PendingDeprecationWarning)
            mscale.register_scale(original)


def test_normalized_confusion_matrix_uses_decimal_comma():
    y_true = np.array([0, 0, 1, 1, 1])
    y_pred = np.array([0, 1, 1, 1, 0])
    fig = plots.plot_confusion_matrix(y_true, y_pred, ["a", "b"], normalize="true")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "0,50" in texts and "0,67" in texts and not any("." in t for t in texts), texts
    plt.close(fig)
