"""Testes de utils.formatting: números no formato brasileiro."""

import re

import numpy as np
import pytest

from utils import formatting
from utils.formatting import decimal, number, percent, thousands


def test_decimal_uses_comma_and_thousands_dot():
    assert decimal(22.384) == "22,38"
    assert decimal(1234567.891, 1) == "1.234.567,9"
    assert decimal(-1234.5, 1) == "-1.234,5"
    assert decimal(np.float32(1.5), 1) == "1,5"
    assert decimal(float("nan")) == "nan"


def test_percent_and_thousands():
    assert percent(0.893) == "89,30 %"
    assert percent(np.float64(0.7736), 1) == "77,4 %"
    assert percent(1, 0) == "100 %"
    assert thousands(101770) == "101.770"
    assert thousands(np.int64(2397226)) == "2.397.226"


def test_bad_inputs_give_clear_portuguese_errors():
    with pytest.raises(TypeError, match="espero um número"):
        percent("0,5")
    with pytest.raises(TypeError, match="espero um número"):
        decimal(True)
    with pytest.raises(ValueError, match="espero um inteiro"):
        thousands(3.5)


def test_number_follows_python_format_specs_with_comma():
    assert number(-0.099531, "+.6f") == "-0,099531"
    assert number(0.2869, "+.4f") == "+0,2869"
    assert number(9.5367e-07, ".2e") == "9,54e-07"
    assert number(0.01) == "0,01"
    assert number(22.384, "6.2f") == " 22,38"
    assert number(1234567.0, ",.0f") == "1.234.567"
    assert number(np.float32(0.5), ".1f") == "0,5"


def test_number_rejects_bad_spec_and_input():
    with pytest.raises(ValueError, match="use percent"):
        number(0.5, ".1%")
    with pytest.raises(ValueError, match="especificação inválida"):
        number(0.5, "xyz")
    with pytest.raises(TypeError, match="espero um número"):
        number("1.5", ".1f")


def test_points_agree_in_number():
    from utils.formatting import points
    assert points(0) == "0 pontos"
    assert points(0.5) == "0,5 ponto"
    assert points(1) == "1 ponto"
    assert points(1.5) == "1,5 ponto"
    assert points(2) == "2 pontos"
    assert points(8, 1) == "8,0 pontos"
    with pytest.raises(TypeError, match="espero um número"):
        points("1")


def test_vector_prints_an_array_with_decimal_commas():
    from utils.formatting import vector
    assert vector([0.0007, 0.0035, 0.0858], ".4f") == "[0,0007 0,0035 0,0858]"
    assert vector(np.array([-0.66, 0.592]), ".3f") == "[-0,660 0,592]"
    assert vector([1, 0, 1]) == "[1 0 1]"
    assert vector([]) == "[]"
    with pytest.raises(ValueError, match="vetor"):
        vector(np.zeros((2, 2)))
    with pytest.raises(TypeError, match="espero números"):
        vector(["a", "b"])


def test_matrix_aligns_columns_with_decimal_commas():
    from utils.formatting import matrix
    assert matrix([[3.5, 1], [0, 2]]) == "[[3,5   1]\n [  0   2]]"
    assert matrix(np.array([[0.25, -1.5]]), ".2f") == "[[ 0,25 -1,50]]"
    with pytest.raises(ValueError, match="2-D"):
        matrix([1, 2])
    with pytest.raises(TypeError, match="números"):
        matrix([["a"]])


def test_settings_prints_a_configuration_in_portuguese():
    from utils.formatting import settings
    text = settings({"n_train": 10000, "vgg_width": 0.5, "n_test": None, "widths": (3, 4)})
    assert text.splitlines() == ["n_train   = 10.000", "vgg_width = 0,5",
                                 "n_test    = tudo", "widths    = (3, 4)"]
    assert settings({}) == ""
    assert settings({"n_train": None, "epochs": 30}, sep=" | ") == "n_train = tudo | epochs = 30"
    with pytest.raises(TypeError, match="dicionário"):
        settings([("a", 1)])


def test_model_summary_prints_keras_numbers_in_portuguese():
    import keras

    inputs = keras.Input(shape=(784,))
    model = keras.Model(inputs, keras.layers.Dense(128, name="oculta")(inputs))
    text = formatting.model_summary(model)
    assert "oculta" in text and "(None, 128)" in text
    assert "Total params: 100.480 (392,50 KB)" in text
    assert "Non-trainable params: 0 (0,00 B)" in text
    assert not re.search(r"\d\.\d{1,2}(?!\d)|\d,\d{3}(?!\d)", text)


def test_model_summary_rejects_what_is_not_a_built_model():
    import keras

    with pytest.raises(TypeError, match="modelo do Keras"):
        formatting.model_summary([1, 2, 3])
    with pytest.raises(ValueError, match="ainda não foi construído"):
        formatting.model_summary(keras.Sequential([keras.layers.Dense(2)]))
