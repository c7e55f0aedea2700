"""Testes de utils.formatting: números no formato brasileiro."""

import numpy as np
import pytest

from utils.formatting import decimal, percent, thousands


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
