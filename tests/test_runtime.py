"""Testes de utils.runtime: modos, dispositivo (GPUs simuladas), sementes, registro, estratégia."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf

from utils import runtime

ROOT = Path(__file__).resolve().parents[1]

CPU = runtime.DeviceInfo(kind="CPU", cpu_cores=2)
T4 = runtime.GPU("Tesla T4", (7, 5), 15.0)
P100 = runtime.GPU("Tesla P100-PCIE-16GB", (6, 0), 16.0)


def gpu_device(*gpus):
    return runtime.DeviceInfo(kind="GPU", cpu_cores=8, gpus=tuple(gpus))


def run_python(code: str, **env) -> subprocess.CompletedProcess:
    """Roda código num processo Python novo, a partir da raiz do repositório."""
    import os

    full_env = {**os.environ, **env}
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in ("COURSE_MODE", "COURSE_MIXED_PRECISION", "COURSE_RUN_RECORD",
                "COLAB_TPU_ADDR", "TPU_NAME", "COURSE_NOTEBOOK"):
        monkeypatch.delenv(var, raising=False)
    yield
    keras.mixed_precision.set_global_policy("float32")


# --- modos ------------------------------------------------------------------------------------


def test_automatic_mode_is_reduced_on_cpu_and_full_with_accelerator():
    assert runtime.resolve_mode(CPU, "") == "reduced"
    assert runtime.resolve_mode(gpu_device(T4), "") == "full"
    tpu = runtime.DeviceInfo(kind="TPU", cpu_cores=2, tpu_cores=8)
    assert runtime.resolve_mode(tpu, "") == "full"


@pytest.mark.parametrize("mode", ["full", "reduced", "fast", " FAST "])
def test_explicit_mode_wins_over_device(mode, monkeypatch):
    monkeypatch.setenv("COURSE_MODE", mode)
    assert runtime.resolve_mode(gpu_device(T4)) == mode.strip().lower()
    assert runtime.resolve_mode(CPU) == mode.strip().lower()


def test_invalid_mode_gives_portuguese_error_listing_valid_values():
    with pytest.raises(ValueError) as err:
        runtime.resolve_mode(CPU, "rapido")
    message = str(err.value)
    assert "Modo desconhecido" in message and "'rapido'" in message
    for mode in runtime.MODES:
        assert mode in message


def test_setup_rejects_invalid_mode(monkeypatch):
    monkeypatch.setenv("COURSE_MODE", "turbo")
    with pytest.raises(ValueError, match="Use um destes valores: full, reduced, fast"):
        runtime.setup(quiet=True)


def test_pick_returns_value_of_current_mode():
    for mode, expected in [("full", 30), ("reduced", 8), ("fast", 1)]:
        cfg = runtime.Config(mode=mode, seed=0, device=CPU)
        assert cfg.pick(full=30, reduced=8, fast=1) == expected


def test_pick_requires_all_three_modes_by_name():
    cfg = runtime.Config(mode="fast", seed=0, device=CPU)
    with pytest.raises(TypeError):
        cfg.pick(full=30, reduced=8)  # falta fast
    with pytest.raises(TypeError):
        cfg.pick(30, 8, 1)  # posicionais confundem a ordem


# --- dispositivo (GPUs simuladas) -------------------------------------------------------------


class FakePhysicalDevice:
    def __init__(self, name):
        self.name = name
        self.device_type = "GPU"


def test_detect_cpu_when_no_gpu():
    info = runtime.detect_device(physical_gpus=[], tpu="")
    assert info.kind == "CPU" and not info.has_accelerator
    assert info.describe().startswith("CPU (") and "núcleos" in info.describe()


def test_detect_gpu_reports_model_memory_and_capability():
    fake = [FakePhysicalDevice("/physical_device:GPU:0")]
    details = [{"device_name": "NVIDIA A100-SXM4-40GB", "compute_capability": (8, 0)}]
    info = runtime.detect_device(physical_gpus=fake, details=details, memory_gb=[40.0], tpu="")
    assert info.kind == "GPU" and info.has_accelerator
    assert info.describe() == "GPU NVIDIA A100-SXM4-40GB (40,0 GB, capacidade 8.0)"


def test_detect_several_gpus_and_missing_details():
    fake = [FakePhysicalDevice("/physical_device:GPU:0"), FakePhysicalDevice("/gpu:1")]
    info = runtime.detect_device(physical_gpus=fake, details=None, memory_gb=[], tpu="")
    assert len(info.gpus) == 2
    assert info.describe().startswith("2 GPUs: ")
    assert info.gpus[0].compute_capability is None


def test_detect_tpu_from_colab_variable(monkeypatch):
    monkeypatch.setenv("COLAB_TPU_ADDR", "10.0.0.2:8470")
    info = runtime.detect_device(physical_gpus=[])
    assert info.kind == "TPU" and info.describe().startswith("TPU")


@pytest.mark.parametrize(
    ("device", "mode", "env", "expected"),
    [
        (gpu_device(T4), "full", "", True),  # T4 tem Tensor Cores: ligada no modo full
        (gpu_device(T4), "reduced", "", False),  # só por padrão no full
        (gpu_device(T4), "reduced", "1", True),  # pedida explicitamente
        (gpu_device(T4), "full", "0", False),  # desligada explicitamente
        (gpu_device(P100), "full", "", False),  # capacidade 6.0: não ajuda
        (gpu_device(P100), "full", "1", False),  # nem se pedir
        (gpu_device(T4, P100), "full", "", False),  # todas precisam ser capazes
        (CPU, "full", "1", False),
    ],
)
def test_mixed_precision_decision(device, mode, env, expected):
    assert runtime.wants_mixed_precision(device, mode, env) is expected


def test_setup_on_fake_gpu_enables_memory_growth_and_mixed_precision(monkeypatch, capsys):
    fake = [FakePhysicalDevice("/physical_device:GPU:0")]
    growth = []
    monkeypatch.setattr(runtime, "_physical_gpus", lambda: fake)
    monkeypatch.setattr(runtime, "_gpu_memory_gb", lambda: [15.0])
    monkeypatch.setattr(tf.config.experimental, "set_memory_growth",
                        lambda dev, flag: growth.append((dev.name, flag)))
    monkeypatch.setattr(tf.config.experimental, "get_device_details",
                        lambda dev: {"device_name": "Tesla T4", "compute_capability": (7, 5)})
    cfg = runtime.setup()
    assert growth == [("/physical_device:GPU:0", True)]
    assert cfg.mode == "full" and cfg.mixed_precision
    assert keras.mixed_precision.global_policy().name == "mixed_float16"
    out = capsys.readouterr().out
    assert "GPU Tesla T4 (15,0 GB, capacidade 7.5)" in out
    assert "precisão mista: ligada" in out


# --- setup real na CPU ------------------------------------------------------------------------


def test_setup_on_cpu_reports_environment(capsys):
    cfg = runtime.setup()
    out = capsys.readouterr().out
    assert cfg.mode == "reduced" and cfg.device.kind == "CPU" and not cfg.mixed_precision
    assert keras.mixed_precision.global_policy().name == "float32"
    assert f"TensorFlow {tf.__version__}" in out and f"Keras {keras.__version__}" in out
    assert "Modo: reduced (automático)" in out and "semente: 42" in out


def test_setup_seeds_numpy_python_and_tensorflow(monkeypatch):
    import random

    monkeypatch.setenv("COURSE_MODE", "fast")
    draws = []
    for _ in range(2):
        runtime.setup(seed=7, quiet=True)
        layer = keras.layers.Dense(2)
        layer.build((None, 3))
        draws.append((random.random(), np.random.rand(3).tolist(),
                      tf.random.uniform((3,)).numpy().tolist(), layer.kernel.numpy().tolist()))
    assert draws[0] == draws[1]
    runtime.setup(seed=8, quiet=True)
    assert np.random.rand(3).tolist() != draws[0][1]


def test_importing_runtime_hides_tensorflow_startup_log():
    proc = run_python("from utils import runtime; runtime.setup()", COURSE_MODE="fast")
    assert proc.returncode == 0, proc.stderr
    for noise in ("oneDNN", "cpu_feature_guard", "cuInit"):
        assert noise not in proc.stderr
    assert "Modo: fast" in proc.stdout


def test_quiet_stderr_silences_c_level_writes_and_restores_them():
    code = """
        import os
        from utils.runtime import _quiet_stderr
        with _quiet_stderr():
            os.write(2, b"escondido\\n")
        os.write(2, b"visivel\\n")
    """
    proc = run_python(code)
    assert "escondido" not in proc.stderr and "visivel" in proc.stderr


# --- registro da execução ---------------------------------------------------------------------


def test_record_accepts_numbers_and_converts_numpy():
    cfg = runtime.Config(mode="fast", seed=0, device=CPU)
    cfg.record(test_accuracy=np.float32(0.875), epochs=np.int64(3), model="mlp")
    assert cfg.results == {"test_accuracy": 0.875, "epochs": 3, "model": "mlp"}
    assert type(cfg.results["test_accuracy"]) is float


@pytest.mark.parametrize("bad", [[0.9], {"a": 1}, None, np.zeros(3)])
def test_record_rejects_non_scalars_in_portuguese(bad):
    cfg = runtime.Config(mode="fast", seed=0, device=CPU)
    with pytest.raises(TypeError, match="deve ser número, texto ou booleano"):
        cfg.record(test_accuracy=bad)
    assert cfg.results == {}


def test_report_prints_record_and_appends_json_lines(tmp_path, monkeypatch, capsys):
    path = tmp_path / "registro.jsonl"
    monkeypatch.setenv("COURSE_RUN_RECORD", str(path))
    cfg = runtime.Config(mode="reduced", seed=42, device=CPU, notebook="02_mlp.ipynb",
                         versions={"TensorFlow": "2.21.0"})
    cfg.record(test_accuracy_mlp=0.88612)
    cfg.report()
    cfg.record(seconds_per_epoch_mlp=3.5)
    cfg.report()
    out = capsys.readouterr().out
    assert "Registro da execução" in out and "modo:         reduced" in out
    assert "dispositivo:  CPU (2 núcleos, sem GPU)" in out
    assert "acurácia de teste (MLP)  = 88,61 %" in out and "tempo total:" in out
    assert "segundos por época (MLP) = 3,5" in out
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["notebook"] == "02_mlp.ipynb" and first["mode"] == "reduced"
    assert first["results"] == {"test_accuracy_mlp": 0.88612}
    assert second["results"]["seconds_per_epoch_mlp"] == 3.5
    assert {"date", "elapsed_s", "device", "versions"} <= set(first)


@pytest.mark.parametrize(("key", "label"), [
    ("test_accuracy_cnn", "acurácia de teste (CNN)"),
    ("test_accuracy_ladder_2", "acurácia de teste (escada, modelo 2)"),
    ("seconds_per_epoch_bn_aug", "segundos por época (BN + aumento)"),
    ("matmul_gflops_max", "GFLOP/s do matmul (máximo)"),
    ("test_accuracy_novo_modelo", "acurácia de teste (novo modelo)"),
    ("test_accuracy_resnet_no_tta", "acurácia de teste (ResNet-9 sem TTA)"),
    ("chave_desconhecida", "chave desconhecida"),
])
def test_result_labels_are_portuguese(key, label):
    assert runtime.result_label(key) == label


def test_report_formats_values_in_portuguese(capsys):
    cfg = runtime.Config(mode="reduced", seed=0, device=CPU)
    cfg.record(matmul_gflops_max=441.337, seeds=3, best_rnn="LSTM", overfit_gap_bn=0.1834,
               gradient_ratio_first_last_4_layers=127.2)
    cfg.report()
    out = capsys.readouterr().out
    expected = ("= 441,3", "sementes", "= 3\n", "= LSTM", "em pontos (BN)        = 18,34",
                "= 127,2")
    for text in expected:
        assert text in out, text


def test_report_without_record_file_writes_nothing(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    runtime.Config(mode="fast", seed=0, device=CPU).report()
    assert list(tmp_path.iterdir()) == []
    assert "notebook:     (desconhecido)" in capsys.readouterr().out


def test_notebook_name_comes_from_executor_variable(monkeypatch):
    monkeypatch.setenv("COURSE_NOTEBOOK", "/x/notebooks/03_cnn_lenet.ipynb")
    assert runtime.setup(quiet=True).notebook == "03_cnn_lenet.ipynb"


# --- estratégia de distribuição ---------------------------------------------------------------


def test_strategy_on_single_cpu_is_the_default_strategy():
    strategy = runtime.strategy()
    assert strategy is tf.distribute.get_strategy()
    assert strategy.num_replicas_in_sync == 1


def test_strategy_chooses_tpu_strategy_on_colab_tpu(monkeypatch):
    calls = []

    class FakeResolver:
        pass

    monkeypatch.setenv("COLAB_TPU_ADDR", "10.0.0.2:8470")
    monkeypatch.setattr(tf.distribute.cluster_resolver, "TPUClusterResolver", FakeResolver)
    monkeypatch.setattr(tf.config, "experimental_connect_to_cluster",
                        lambda r: calls.append("connect"))
    monkeypatch.setattr(tf.tpu.experimental, "initialize_tpu_system",
                        lambda r: calls.append("initialize"))
    monkeypatch.setattr(tf.distribute, "TPUStrategy", lambda r: ("TPUStrategy", r))
    kind, resolver = runtime.strategy()
    assert kind == "TPUStrategy" and isinstance(resolver, FakeResolver)
    assert calls == ["connect", "initialize"]


def test_strategy_mirrors_over_two_logical_devices_and_trains():
    """MirroredStrategy de verdade, em 2 CPUs lógicas (as GPUs são simuladas só na escolha)."""
    code = """
        import numpy as np
        from utils import runtime
        tf = runtime._import_tensorflow()
        cpu = tf.config.list_physical_devices("CPU")[0]
        tf.config.set_logical_device_configuration(
            cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
        runtime._replica_devices = lambda: [
            d.name for d in tf.config.list_logical_devices("CPU")]
        import keras
        keras.utils.set_random_seed(0)
        strategy = runtime.strategy()
        assert type(strategy).__name__ == "MirroredStrategy", type(strategy)
        assert strategy.num_replicas_in_sync == 2
        with strategy.scope():
            model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])
            model.compile(optimizer=keras.optimizers.SGD(learning_rate=0.1), loss="mse")
        x = np.random.rand(256, 4).astype("float32")
        y = x @ np.array([1.0, -2.0, 3.0, 0.5], dtype="float32")
        history = model.fit(x, y, batch_size=32, epochs=5, verbose=0)
        losses = history.history["loss"]
        assert losses[-1] < losses[0] / 2, losses
        print("replicas", strategy.num_replicas_in_sync, "perda", losses[0], losses[-1])
    """
    proc = run_python(code)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "replicas 2" in proc.stdout


def test_cpu_isa_reads_vector_extensions_and_the_onednn_limit():
    avx512 = "processor : 0\nflags : fpu sse2 avx avx2 fma avx512f avx512bw\n"
    avx2 = "processor : 0\nflags : fpu sse2 avx avx2 fma\n"
    assert runtime.cpu_isa(avx512, limit="") == "AVX-512"
    assert runtime.cpu_isa(avx512, limit="avx2") == "AVX-512 limitado a AVX2"
    assert runtime.cpu_isa(avx2, limit="AVX2") == "AVX2"
    assert runtime.cpu_isa("sem flags", limit="") == ""
    laptop = runtime.DeviceInfo(kind="CPU", cpu_cores=2, cpu_isa="AVX2")
    assert laptop.describe() == "CPU (2 núcleos, AVX2, sem GPU)"
    assert CPU.describe() == "CPU (2 núcleos, sem GPU)"


def test_setup_filters_only_the_expected_retracing_warning():
    import logging

    runtime._filter_expected_warnings()
    runtime._filter_expected_warnings()  # idempotente: um filtro só
    logger = logging.getLogger("tensorflow")
    filters = [f for f in logger.filters if isinstance(f, runtime.ExpectedRetracingFilter)]
    assert len(filters) == 1

    def record(message):
        return logging.LogRecord("tensorflow", logging.WARNING, __file__, 1, message, None, None)

    retracing = record("5 out of the last 9 calls to <function f> triggered tf.function "
                       "retracing. Tracing is expensive")
    assert not filters[0].filter(retracing)
    assert filters[0].filter(record("Outro aviso qualquer do TensorFlow"))


def test_compare_records_the_interval_and_the_report_prints_it(tmp_path, monkeypatch, capsys):
    cfg = runtime.Config(mode="reduced", seed=0, device=CPU)
    text = cfg.compare("bn_minus_plain", 0.768, 0.0066)
    assert text.startswith("+76,8 pontos (IC 95 %: +75,5 a +78,1): acima do ruído")
    assert cfg.compare("residual_minus_bn", -0.004, 0.005).endswith("contém o zero)")
    record = tmp_path / "registro.jsonl"
    monkeypatch.setenv("COURSE_RUN_RECORD", str(record))
    cfg.report()
    out = capsys.readouterr().out
    assert ("  comparações (A − B, com o intervalo de 95 %):\n"
            "    bn_minus_plain = +76,8 pontos") in out
    assert "    residual_minus_bn = -0,4 pontos" in out
    saved = json.loads(record.read_text(encoding="utf-8"))["comparisons"]
    assert saved["bn_minus_plain"]["low"] == pytest.approx(0.768 - 1.96 * 0.0066)


def test_compare_keeps_the_digits_asked_for_in_the_report(capsys):
    cfg = runtime.Config(mode="reduced", seed=0, device=CPU)
    text = cfg.compare("denoising_minus_plain", -0.00612, 0.0001, unit="EQM", digits=4)
    assert text.startswith("-0,0061 EQM (IC 95 %: -0,0063 a -0,0059): acima do ruído")
    cfg.report()
    assert "    denoising_minus_plain = -0,0061 EQM (IC 95 %: -0,0063 a -0,0059)" in (
        capsys.readouterr().out)


@pytest.mark.parametrize(("key", "diff", "se", "message"), [
    ("bn menos simples", 0.1, 0.01, "nome simples"), ("", 0.1, 0.01, "nome simples"),
    ("ok", float("nan"), 0.01, "finitos"), ("ok", 0.1, -1.0, "finitos")])
def test_compare_rejects_bad_input_in_portuguese(key, diff, se, message):
    cfg = runtime.Config(mode="reduced", seed=0, device=CPU)
    with pytest.raises(ValueError, match=message):
        cfg.compare(key, diff, se)
    assert cfg.comparisons == {}
