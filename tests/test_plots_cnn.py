"""Testes de utils.plots para redes convolucionais: filtros e mapas de características."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from utils import plots  # noqa: E402


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _kernels(k=3, c_in=1, c_out=6, seed=0):
    return np.random.default_rng(seed).normal(size=(k, k, c_in, c_out)).astype("float32")


def _image_axes(fig):
    """Painéis com imagem (a barra de cores também é um Axes, mas sem imagem própria)."""
    return [ax for ax in fig.axes if ax.images]


# ---------------------------------------------------------------------------------------------
# plot_filters
# ---------------------------------------------------------------------------------------------


def test_plot_filters_one_panel_per_filter_with_the_weights():
    w = _kernels(k=5, c_in=1, c_out=6)
    fig = plots.plot_filters(w, ncols=4)
    assert isinstance(fig, Figure)
    panels = _image_axes(fig)
    assert len(panels) == 6
    for i, ax in enumerate(panels):
        np.testing.assert_allclose(ax.images[0].get_array(), w[:, :, 0, i], rtol=1e-6)
        assert ax.get_title() == f"filtro {i}"
        assert not ax.get_xticks().size and not ax.get_yticks().size
    # 2 linhas de 4 colunas: os 2 painéis que sobram são removidos
    rows = {round(ax.get_position().y0, 3) for ax in panels}
    assert len(rows) == 2
    assert fig._suptitle.get_text() == "Filtros 5×5 da camada (6 filtros, canal de entrada 0)"


def test_plot_filters_symmetric_shared_colour_scale_and_colorbar():
    w = _kernels(c_out=4)
    w[0, 0, 0, 2] = -7.5  # o maior |peso| define a escala de todos
    fig = plots.plot_filters(w)
    for ax in _image_axes(fig):
        assert ax.images[0].get_clim() == (-7.5, 7.5)
        assert ax.images[0].get_cmap().name == "RdBu_r"
    colorbars = [ax for ax in fig.axes if ax.get_ylabel() == "peso"]
    assert len(colorbars) == 1


def test_plot_filters_accepts_get_weights_list_and_selects_channel():
    w = _kernels(c_in=4, c_out=3)
    bias = np.zeros(3, dtype="float32")
    fig = plots.plot_filters([w, bias], channel=2, title="Meus filtros")
    panels = _image_axes(fig)
    assert len(panels) == 3
    np.testing.assert_allclose(panels[1].images[0].get_array(), w[:, :, 2, 1], rtol=1e-6)
    assert fig._suptitle.get_text() == "Meus filtros"


def test_plot_filters_mean_and_default_channel_zero():
    w = _kernels(c_in=5, c_out=2)
    fig = plots.plot_filters(w, channel="mean")
    np.testing.assert_allclose(_image_axes(fig)[0].images[0].get_array(),
                               w[:, :, :, 0].mean(axis=2), rtol=1e-5)
    assert "média dos canais de entrada" in fig._suptitle.get_text()
    fig = plots.plot_filters(w)  # 5 canais de entrada: o padrão é o canal 0
    assert "canal de entrada 0" in fig._suptitle.get_text()


def test_plot_filters_rgb_for_three_input_channels():
    w = _kernels(c_in=3, c_out=5)
    fig = plots.plot_filters(w)  # 3 canais: coloridos por padrão
    panels = _image_axes(fig)
    assert len(panels) == 5
    rgb = panels[0].images[0].get_array()
    assert rgb.shape == (3, 3, 3)
    assert rgb.min() == pytest.approx(0) and rgb.max() == pytest.approx(1)
    # reescalar para [0, 1] preserva a ordem dos pesos
    np.testing.assert_array_equal(np.argsort(rgb, axis=None), np.argsort(w[..., 0], axis=None))
    assert not any(ax.get_ylabel() == "peso" for ax in fig.axes), "RGB não tem barra de cores"
    assert "canais RGB" in fig._suptitle.get_text()


def test_plot_filters_max_filters_limits_the_grid():
    fig = plots.plot_filters(_kernels(c_out=40), max_filters=16, ncols=8)
    assert len(_image_axes(fig)) == 16
    assert "16 de 40 filtros" in fig._suptitle.get_text()


@pytest.mark.parametrize(
    ("weights", "kwargs", "error", "match"),
    [
        (np.zeros((3, 3, 8)), {}, ValueError, r"\(k, k, canais_entrada, filtros\).*\(3, 3, 8\)"),
        (np.zeros((3, 3, 1, 0)), {}, ValueError, "recebido"),
        (np.array([["a"]]), {}, TypeError, "array numérico"),
        (np.ones((3, 3, 1, 2), dtype=bool), {}, TypeError, "array numérico"),
        (np.full((3, 3, 1, 2), np.nan), {}, ValueError, "NaN ou infinitos"),
        (_kernels(c_in=2), {"channel": 2}, ValueError, r"channel=2 não existe.*de 0 a 1"),
        (_kernels(c_in=2), {"channel": -1}, ValueError, "channel=-1 não existe"),
        (_kernels(c_in=2), {"channel": "rgb"}, ValueError, "'rgb' exige 3 canais.*têm 2"),
        (_kernels(), {"channel": "cores"}, ValueError, "inteiro, 'rgb' ou 'mean'"),
        (_kernels(), {"max_filters": 0}, ValueError, "max_filters deve ser um inteiro"),
        (_kernels(), {"ncols": 2.5}, ValueError, "ncols deve ser um inteiro"),
    ],
)
def test_plot_filters_bad_input_is_explained_in_portuguese(weights, kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.plot_filters(weights, **kwargs)


# ---------------------------------------------------------------------------------------------
# plot_feature_maps
# ---------------------------------------------------------------------------------------------


def _maps(h=12, w=12, c=10, seed=1):
    return np.random.default_rng(seed).uniform(0, 3, size=(h, w, c)).astype("float32")


def test_plot_feature_maps_draws_each_channel():
    maps = _maps(c=10)
    fig = plots.plot_feature_maps(maps, ncols=5)
    assert isinstance(fig, Figure)
    panels = _image_axes(fig)
    assert len(panels) == 10
    for i, ax in enumerate(panels):
        np.testing.assert_allclose(ax.images[0].get_array(), maps[..., i])
        assert ax.get_title() == f"mapa {i}"
        # cada mapa na própria escala de cores
        assert ax.images[0].get_clim() == pytest.approx((maps[..., i].min(), maps[..., i].max()))
    assert fig._suptitle.get_text() == "Mapas de características 12×12 (10 mapas)"


def test_plot_feature_maps_batch_of_one_image_and_input_panel():
    maps = _maps(h=14, w=14, c=4)[None]  # (1, 14, 14, 4), como model.predict(x[:1])
    image = np.random.default_rng(2).integers(0, 256, size=(28, 28, 1)).astype("uint8")
    fig = plots.plot_feature_maps(maps, image=image)
    panels = _image_axes(fig)
    assert len(panels) == 5
    assert panels[0].get_title() == "entrada"
    np.testing.assert_array_equal(panels[0].images[0].get_array(), image[..., 0])
    assert panels[0].images[0].get_cmap().name == "gray"
    np.testing.assert_allclose(panels[1].images[0].get_array(), maps[0, ..., 0])


def test_plot_feature_maps_rgb_input_image_scaled_to_unit_range():
    image = np.full((32, 32, 3), 255, dtype="uint8")
    image[..., 1:] = 0  # vermelho puro
    fig = plots.plot_feature_maps(_maps(h=16, w=16, c=2), image=image)
    shown = _image_axes(fig)[0].images[0].get_array()
    assert shown.shape == (32, 32, 3)
    np.testing.assert_allclose(shown[0, 0], [1.0, 0.0, 0.0])


def test_plot_feature_maps_channels_max_maps_and_shared_scale():
    maps = _maps(c=64)
    fig = plots.plot_feature_maps(maps, channels=[5, 9, 63], shared_scale=True, title="Três")
    panels = _image_axes(fig)
    assert [ax.get_title() for ax in panels] == ["mapa 5", "mapa 9", "mapa 63"]
    selected = maps[..., [5, 9, 63]]
    for ax in panels:
        assert ax.images[0].get_clim() == pytest.approx((selected.min(), selected.max()))
    assert fig._suptitle.get_text() == "Três"
    fig = plots.plot_feature_maps(maps, max_maps=12)
    assert len(_image_axes(fig)) == 12
    assert "12 de 64 mapas" in fig._suptitle.get_text()


def test_plot_feature_maps_accepts_tensor_like_objects():
    class TensorLike:  # imita um tensor do TensorFlow: só __array__ importa
        def __init__(self, values):
            self.values = values

        def __array__(self, dtype=None, copy=None):
            return self.values

    fig = plots.plot_feature_maps(TensorLike(_maps(c=3)))
    assert len(_image_axes(fig)) == 3


@pytest.mark.parametrize(
    ("maps", "kwargs", "error", "match"),
    [
        (np.zeros((2, 8, 8, 4)), {}, ValueError, "lote de 2 exemplos.*feature_maps\\[:1\\]"),
        (np.zeros((8, 8)), {}, ValueError, r"\(altura, largura, canais\).*mapa\[\.\.\., None\]"),
        (np.zeros((0, 8, 4)), {}, ValueError, "recebido"),
        (np.array(["x", "y"]), {}, TypeError, "array numérico"),
        (np.full((4, 4, 2), np.inf), {}, ValueError, "NaN ou infinitos"),
        (_maps(c=4), {"channels": [1, 4]}, ValueError, r"índices inválidos \[4\].*de 0 a 3"),
        (_maps(c=4), {"channels": [0.5]}, ValueError, "índices inválidos"),
        (_maps(c=4), {"channels": []}, ValueError, "índices inválidos"),
        (_maps(c=4), {"max_maps": 0}, ValueError, "max_maps deve ser um inteiro"),
        (_maps(c=4), {"ncols": 0}, ValueError, "ncols deve ser um inteiro"),
        (_maps(c=4), {"image": np.zeros((28, 28, 2))}, ValueError, "image: esperado formato"),
        (_maps(c=4), {"image": np.array([[True]])}, TypeError, "image: esperado um array"),
    ],
)
def test_plot_feature_maps_bad_input_is_explained_in_portuguese(maps, kwargs, error, match):
    with pytest.raises(error, match=match):
        plots.plot_feature_maps(maps, **kwargs)
