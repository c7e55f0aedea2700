"""Testes de utils.timing: o modelo da previsão de tempo, as entradas ruins e o arquivo de
referência em dia com os resultados do benchmark (nenhuma asserção sobre tempos medidos aqui)."""

import json
import math
from pathlib import Path

import numpy as np
import pytest

from benchmarks import run as benchmark
from utils import timing

ROOT = Path(__file__).resolve().parents[1]


def reference(**notebooks):
    """Dados de referência sintéticos: 100 GFLOP/s; cada notebook (segundos, limite)."""
    return {
        "machine": "perfil-teste", "profile": "perfil de teste", "gflops": 100.0,
        "notebooks": {
            name: {"seconds": seconds, "limit_seconds": limit, "date": "2026-01-02T03:04:05"}
            for name, (seconds, limit) in notebooks.items()
        },
    }


REF = reference(**{"02_mlp.ipynb": (300.0, 600), "04_cifar.ipynb": (800.0, 900)})


def by_name(predictions):
    return {p.notebook: p for p in predictions}


# --- O modelo -------------------------------------------------------------------------------

def test_equal_gflops_give_the_reference_time():
    got = by_name(timing.expected_times(100.0, REF))
    assert got["02_mlp.ipynb"].seconds == pytest.approx(300.0)
    assert got["04_cifar.ipynb"].seconds == pytest.approx(800.0)
    assert got["04_cifar.ipynb"].reference_seconds == 800.0
    assert got["04_cifar.ipynb"].limit_seconds == 900


def test_half_the_gflops_doubles_the_time():
    half = by_name(timing.expected_times(50.0, REF))
    assert half["02_mlp.ipynb"].seconds == pytest.approx(600.0)
    assert half["04_cifar.ipynb"].seconds == pytest.approx(1600.0)
    assert timing.expected_times(25.0, REF)[0].seconds == pytest.approx(1200.0)


@pytest.mark.parametrize("gflops", [100.0001, 150.0, 200.0, 1e6])
def test_no_speed_up_is_promised_above_the_reference(gflops):
    """Acima da referência, a previsão fica no tempo medido (nunca menos)."""
    got = by_name(timing.expected_times(gflops, REF))
    assert got["02_mlp.ipynb"].seconds == 300.0
    assert got["04_cifar.ipynb"].seconds == 800.0


def test_integers_and_numpy_numbers_are_accepted():
    assert timing.expected_times(100, REF) == timing.expected_times(np.float32(100.0), REF)


def test_advice_threshold_is_the_limit():
    ref = reference(**{"02_mlp.ipynb": (300.0, 600)})
    at_limit = timing.expected_times(50.0, ref)[0]          # 600 s: exatamente o limite
    assert at_limit.seconds == pytest.approx(600.0) and at_limit.fits
    assert at_limit.advice == timing.OK == "ok"
    over = timing.expected_times(49.9, ref)[0]              # 601,2 s
    assert not over.fits and over.advice == timing.TOO_SLOW
    assert "fast" in over.advice and "Colab" in over.advice


def test_summary_lists_each_notebook_and_what_to_do():
    text = timing.summary(40.0, REF)
    assert "02_mlp" in text and "04_cifar" in text and ".ipynb" not in text
    # 300 s × 100/40 = 750 s = 12,5 min: passa do limite de 10 min; o 04 (2000 s) também
    assert "12,5 min" in text and "10 min" in text and "15 min" in text
    assert f"Passam do limite: 02_mlp, 04_cifar → {timing.TOO_SLOW}" in " ".join(text.split())
    assert "40,0 GFLOP/s" in text and "100,0 GFLOP/s" in text  # vírgula decimal
    assert "tende a sobrar" in " ".join(text.split())
    assert "curso inteiro" in text and "45,8 min" in text  # (750 + 2000) s
    assert all(len(line) <= 100 for line in text.splitlines())
    table = [line for line in text.splitlines() if line.startswith("  ")]
    assert len({line.index("min") for line in table[1:]}) == 1  # colunas alinhadas


def test_summary_states_the_limits_of_the_model():
    fast = " ".join(timing.summary(400.0, REF).split())
    assert "Todos cabem no limite" in fast
    assert "mais depressa que a referência" in fast and "tempos da referência" in fast
    assert "custo fixo de cada passo" in fast
    assert " 5 min" in fast and "13,3 min" in fast  # os tempos da referência, sem ganho
    slow = " ".join(timing.summary(50.0, REF).split())
    assert "aproximação" in slow and "custo fixo de cada passo" in slow


def test_summary_on_an_accelerator_says_the_prediction_is_for_cpus():
    text = " ".join(timing.summary(5000.0, REF, device_kind="GPU").split())
    assert "GPU" in text and "full" in text and "CPU" in text
    assert "02_mlp" not in text


@pytest.mark.parametrize(("seconds", "text"), [
    (14.2, "14 s"), (119.4, "119 s"), (600, "10 min"), (697, "11,6 min"), (900.0, "15 min"),
])
def test_format_duration(seconds, text):
    assert timing.format_duration(seconds) == text


# --- Entradas ruins ---------------------------------------------------------------------------

@pytest.mark.parametrize("gflops", [0, -5.0, math.nan, math.inf, -math.inf])
def test_gflops_must_be_positive_and_finite(gflops):
    with pytest.raises(ValueError, match="positivo e finito"):
        timing.expected_times(gflops, REF)
    with pytest.raises(ValueError, match="positivo e finito"):
        timing.summary(gflops, REF)


@pytest.mark.parametrize("gflops", ["80", None, True, [80.0]])
def test_gflops_must_be_a_number(gflops):
    with pytest.raises(TypeError, match="espero um número"):
        timing.expected_times(gflops, REF)


def test_missing_reference_file_names_the_file_and_the_command(tmp_path):
    missing = tmp_path / "reference_times.json"
    with pytest.raises(timing.ReferenceTimesError) as error:
        timing.expected_times(80.0, missing)
    message = str(error.value)
    assert str(missing) in message and "não existe" in message
    assert "python benchmarks/run.py --reference-times" in message


@pytest.mark.parametrize("content", [
    "{ isto não é JSON",
    "[]",
    json.dumps({"gflops": 80.0}),
    json.dumps({"gflops": -1, "notebooks": {"02_mlp.ipynb": {"seconds": 1, "limit_seconds": 2}}}),
    json.dumps({"gflops": 80.0, "notebooks": {"02_mlp.ipynb": {"seconds": "muito"}}}),
    json.dumps({"gflops": 80.0, "notebooks": {"02_mlp.ipynb": {"seconds": 1}}}),
    json.dumps({"gflops": 80.0, "notebooks": {"02_mlp.ipynb": [1, 600]}}),
])
def test_corrupt_reference_file_names_the_file_and_the_command(tmp_path, content):
    path = tmp_path / "reference_times.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(timing.ReferenceTimesError) as error:
        timing.load_reference(path)
    message = str(error.value)
    assert str(path) in message and "corrompido" in message
    assert timing.REGENERATE in message


def test_corrupt_reference_dict_is_refused():
    with pytest.raises(timing.ReferenceTimesError, match="corrompido"):
        timing.expected_times(80.0, {"gflops": 80.0, "notebooks": {}})


# --- O arquivo de referência do pacote --------------------------------------------------------

def test_reference_file_is_in_sync_with_the_benchmark_results():
    committed = timing.REFERENCE_FILE.read_text(encoding="utf-8")
    expected = benchmark.reference_times_text(benchmark.load_all())
    assert committed == expected, (
        f"{timing.REFERENCE_FILE.relative_to(ROOT)} não corresponde a benchmarks/results/: "
        f"rode `{timing.REGENERATE}` e faça o commit do arquivo."
    )


def test_reference_file_covers_every_notebook_with_its_limit():
    ref = timing.load_reference()
    names = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(ref["notebooks"]) == names
    assert all(e["machine"].endswith("-perfil-laptop") for e in ref["notebooks"].values())
    assert ref["mode"] == "reduced"
    limits = {name: entry["limit_seconds"] for name, entry in ref["notebooks"].items()}
    assert limits.pop("04_cifar10_batchnorm_aumento.ipynb") == 900
    assert set(limits.values()) == {600}
    # a previsão com os GFLOP/s da própria referência devolve os tempos medidos
    for p in timing.expected_times(ref["gflops"]):
        assert p.seconds == ref["notebooks"][p.notebook]["seconds"]


def test_reference_times_pick_the_latest_successful_run_of_the_laptop_profile():
    laptop, other_laptop = "cpu-2nucleos-avx512-perfil-laptop", "cpu-2nucleos-perfil-laptop"

    def row(machine, notebook, wall_s, gflops, ok=True, date="2026-01-01"):
        return {"machine": machine, "mode": "reduced", "notebook": notebook, "ok": ok,
                "wall_s": wall_s, "date": date, "machine_info": {"matmul_gflops": gflops}}

    rows = [
        row(laptop, "02_mlp.ipynb", 300.0, 80.0),
        row(laptop, "02_mlp.ipynb", 250.0, 82.0, date="2026-01-02"),
        row(laptop, "02_mlp.ipynb", 999.0, 82.0, ok=False, date="2026-01-09"),  # falhou
        row(laptop, "04_cifar.ipynb", 800.0, 60.0),
        row(laptop, "99_antigo.ipynb", 10.0, 80.0),                  # não existe mais
        row("cpu-2nucleos-avx512", "02_mlp.ipynb", 120.0, 440.0, date="2026-01-05"),  # sem perfil
        row(f"{laptop}-antes", "02_mlp.ipynb", 400.0, 80.0, date="2026-01-06"),  # notebook antigo
        {**row(laptop, "02_mlp.ipynb", 50.0, 80.0, date="2026-01-07"), "mode": "fast"},
        row(other_laptop, "04_cifar.ipynb", 900.0, 44.0, date="2026-01-03"),  # outra máquina
    ]
    ref = benchmark.reference_times(rows, notebooks=["02_mlp.ipynb", "04_cifar.ipynb"])
    assert sorted(ref["notebooks"]) == ["02_mlp.ipynb", "04_cifar.ipynb"]
    mlp, cifar = ref["notebooks"]["02_mlp.ipynb"], ref["notebooks"]["04_cifar.ipynb"]
    assert (mlp["seconds"], mlp["date"], mlp["machine"]) == (250.0, "2026-01-02", laptop)
    assert mlp["gflops"] == 80.0  # mediana da máquina: 80, 82, 60 (a falha não conta)
    assert (cifar["seconds"], cifar["machine"], cifar["gflops"]) == (900.0, other_laptop, 44.0)
    assert cifar["limit_seconds"] == 600 and ref["gflops"] == 62.0
    # cada notebook escala pelos GFLOP/s da máquina em que foi medido
    predicted = {p.notebook: p.seconds for p in timing.expected_times(22.0, ref)}
    assert predicted == pytest.approx({"02_mlp.ipynb": 250.0 * 80 / 22, "04_cifar.ipynb": 1800.0})
    with pytest.raises(ValueError):
        benchmark.reference_times([row("outra", "02_mlp.ipynb", 1.0, 1.0)], ["02_mlp.ipynb"])


def test_reference_file_ships_with_the_package():
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    package_data = config["tool"]["setuptools"]["package-data"]["utils"]
    assert timing.REFERENCE_FILE.name in package_data
    assert timing.REFERENCE_FILE.parent == ROOT / "utils"
