"""Ambiente de execução do curso: sementes, modo, dispositivo e registro da execução.

Uso típico, na célula de preparação de cada notebook::

    from utils import runtime
    cfg = runtime.setup()                       # sementes + relatório do ambiente
    EPOCHS = cfg.pick(full=30, reduced=8, fast=1)
    ...
    cfg.record(test_accuracy_mlp=0.8861)
    cfg.report()                                # última célula do notebook

Modos (variável de ambiente ``COURSE_MODE``, senão automático):

- ``full``: conjuntos completos e todas as épocas (padrão com GPU ou TPU);
- ``reduced``: subconjuntos e menos épocas, cada notebook em até ~10 min (o 04, 15 min) numa CPU
  de 2 núcleos com AVX2 e sem AVX-512, a de um laptop de estudante típico (padrão sem
  acelerador). Em CPUs com AVX-512 os mesmos notebooks rodam mais depressa; os tempos medidos
  por tipo de CPU estão no README ("Tempo por tipo de CPU");
- ``fast``: o mínimo para a integração contínua (até ~60 s por notebook).
"""

from __future__ import annotations

import datetime as _dt
import json
import logging
import os
import platform
import shutil
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import numpy as np

MODES = ("full", "reduced", "fast")
MIN_MIXED_PRECISION_CAPABILITY = (7, 0)


@contextmanager
def _quiet_stderr():
    """Aponta o descritor 2 (stderr em nível C) para /dev/null enquanto o bloco roda.

    O TensorFlow escreve avisos de inicialização (oneDNN, cpu_feature_guard) direto no
    descritor 2 ao ser importado; no Jupyter eles aparecem como um bloco vermelho que assusta e
    que muda de uma máquina para outra. Nada mais é alterado: o descritor é restaurado no fim.
    """
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # sem descritor 2 (alguns ambientes embutidos): nada a esconder
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _import_tensorflow():
    """Importa o TensorFlow sem os avisos de inicialização em C (ver `_quiet_stderr`)."""
    if "tensorflow" in sys.modules:
        return sys.modules["tensorflow"]
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "1")
    with _quiet_stderr():
        import tensorflow as tf
    return tf


class ExpectedRetracingFilter(logging.Filter):
    """Descarta o aviso "N out of the last M calls ... triggered tf.function retracing".

    Cada modelo do Keras compila a sua própria função de treino, e o TensorFlow conta os
    rastreamentos (*tracing*) de todas elas juntas, porque nascem do mesmo código. Com
    ``steps_per_execution`` > 1 há poucas chamadas por época; quando um notebook treina vários
    modelos em sequência (uma escada de modelos, sete otimizadores, várias sementes), a fração de
    chamadas que rastreiam passa do limite do aviso, embora cada modelo seja rastreado só uma vez
    por formato de lote. O aviso é esperado aqui e não indica problema; os demais passam.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        return "triggered tf.function retracing" not in record.getMessage()


def _filter_expected_warnings() -> None:
    logger = logging.getLogger("tensorflow")
    if not any(isinstance(f, ExpectedRetracingFilter) for f in logger.filters):
        logger.addFilter(ExpectedRetracingFilter())


# ---------------------------------------------------------------------------------------------
# Dispositivo
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GPU:
    """Uma GPU vista pelo TensorFlow."""

    name: str
    compute_capability: tuple[int, int] | None = None
    memory_gb: float | None = None


@dataclass(frozen=True)
class DeviceInfo:
    """Onde o treino vai rodar: ``kind`` é "TPU", "GPU" ou "CPU"."""

    kind: str
    cpu_cores: int
    gpus: tuple[GPU, ...] = ()
    tpu_cores: int = 0
    cpu_isa: str = ""  # "AVX-512", "AVX2" ou "" (desconhecido); veja `cpu_isa()`

    @property
    def has_accelerator(self) -> bool:
        return self.kind in ("GPU", "TPU")

    def describe(self) -> str:
        """Uma linha em português, por exemplo ``GPU NVIDIA T4 (15,0 GB, capacidade 7.5)``."""
        if self.kind == "TPU":
            return f"TPU ({self.tpu_cores} núcleos)"
        if self.kind == "GPU":
            parts = []
            for gpu in self.gpus:
                extra = []
                if gpu.memory_gb is not None:
                    extra.append(f"{gpu.memory_gb:.1f} GB".replace(".", ","))
                if gpu.compute_capability is not None:
                    major, minor = gpu.compute_capability
                    extra.append(f"capacidade {major}.{minor}")
                parts.append(gpu.name + (f" ({', '.join(extra)})" if extra else ""))
            count = f"{len(self.gpus)} GPUs: " if len(self.gpus) > 1 else "GPU "
            return count + "; ".join(parts)
        isa = f", {self.cpu_isa}" if self.cpu_isa else ""
        return f"CPU ({self.cpu_cores} núcleos{isa}, sem GPU)"


def cpu_isa(cpuinfo: str | None = None, limit: str | None = None) -> str:
    """As instruções vetoriais que o TensorFlow usa na CPU: "AVX-512", "AVX2" ou "".

    Lê as *flags* de ``/proc/cpuinfo`` (Linux; em outros sistemas devolve ""). Elas pesam no
    tempo de treino na CPU: numa CPU com AVX-512 a multiplicação de matrizes do oneDNN é cerca
    de 1,6× mais rápida que na mesma CPU limitada a AVX2. ``ONEDNN_MAX_CPU_ISA`` (ou ``limit``)
    limita o que o oneDNN usa, e a descrição diz isso.
    """
    if cpuinfo is None:
        try:
            with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
                cpuinfo = f.read()
        except OSError:
            cpuinfo = ""
    flags = set()
    for line in cpuinfo.splitlines():
        if line.startswith("flags"):
            flags = set(line.partition(":")[2].split())
            break
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else ""
    limit = os.environ.get("ONEDNN_MAX_CPU_ISA", "") if limit is None else limit
    if isa == "AVX-512" and limit.strip().upper() in ("AVX2", "AVX2_VNNI", "AVX", "SSE41"):
        return f"AVX-512 limitado a {limit.strip().upper()}"
    return isa


def _gpu_memory_gb() -> list[float]:
    """Memória total de cada GPU NVIDIA segundo o nvidia-smi (lista vazia se indisponível)."""
    if shutil.which("nvidia-smi") is None:
        return []
    try:
        out = subprocess.run(
            ["nvidia-smi", "--query-gpu=memory.total", "--format=csv,noheader,nounits"],
            capture_output=True, text=True, timeout=10, check=True,
        ).stdout
        return [float(line) / 1024 for line in out.split()]
    except (OSError, subprocess.SubprocessError, ValueError):
        return []


def _physical_gpus() -> list:
    """GPUs físicas. Sem GPU, o TensorFlow com CUDA escreve um erro de cuInit no descritor 2
    na primeira consulta; ele não indica problema algum e é escondido como os de importação."""
    tf = _import_tensorflow()
    with _quiet_stderr():
        return tf.config.list_physical_devices("GPU")


def _tpu_address() -> str | None:
    """Endereço de uma TPU do Colab ou de uma VM de TPU, se houver."""
    return os.environ.get("COLAB_TPU_ADDR") or os.environ.get("TPU_NAME")


def detect_device(physical_gpus=None, details=None, memory_gb=None, tpu=None) -> DeviceInfo:
    """Descreve o dispositivo disponível.

    Os argumentos existem para os testes simularem máquinas: ``physical_gpus`` (lista de
    dispositivos do TensorFlow), ``details`` (dicionários de
    ``tf.config.experimental.get_device_details``), ``memory_gb`` e ``tpu`` (endereço).
    """
    cores = os.cpu_count() or 1
    tpu = _tpu_address() if tpu is None else tpu
    if tpu:
        return DeviceInfo(kind="TPU", cpu_cores=cores, tpu_cores=8)
    if physical_gpus is None:
        tf = _import_tensorflow()
        physical_gpus = _physical_gpus()
        details = [tf.config.experimental.get_device_details(g) for g in physical_gpus]
    if not physical_gpus:
        return DeviceInfo(kind="CPU", cpu_cores=cores, cpu_isa=cpu_isa())
    details = details or [{} for _ in physical_gpus]
    memory_gb = _gpu_memory_gb() if memory_gb is None else memory_gb
    gpus = []
    for i, (device, info) in enumerate(zip(physical_gpus, details, strict=False)):
        name = info.get("device_name") or getattr(device, "name", f"GPU {i}")
        memory = memory_gb[i] if i < len(memory_gb) else None
        gpus.append(GPU(name, info.get("compute_capability"), memory))
    return DeviceInfo(kind="GPU", cpu_cores=cores, gpus=tuple(gpus))


# ---------------------------------------------------------------------------------------------
# Modo e precisão mista
# ---------------------------------------------------------------------------------------------


def resolve_mode(device: DeviceInfo, requested: str | None = None) -> str:
    """Escolhe o modo: ``COURSE_MODE`` se definido, senão full com acelerador e reduced sem."""
    if requested is None:
        requested = os.environ.get("COURSE_MODE", "")
    requested = requested.strip().lower()
    if not requested:
        return "full" if device.has_accelerator else "reduced"
    if requested not in MODES:
        raise ValueError(
            f"Modo desconhecido: COURSE_MODE={requested!r}. "
            f"Use um destes valores: {', '.join(MODES)} "
            "(ou deixe a variável vazia para escolher automaticamente)."
        )
    return requested


def wants_mixed_precision(device: DeviceInfo, mode: str, requested: str | None = None) -> bool:
    """Precisão mista (float16) só compensa em GPUs com capacidade ≥ 7.0 (Tensor Cores).

    Ligada por padrão no modo ``full`` nessas GPUs. ``COURSE_MIXED_PRECISION=1`` ou ``0`` força
    a escolha, mas nunca liga a precisão mista onde ela não ajuda (CPU, GPUs antigas, TPU).
    """
    capable = device.kind == "GPU" and all(
        g.compute_capability is not None
        and tuple(g.compute_capability) >= MIN_MIXED_PRECISION_CAPABILITY
        for g in device.gpus
    )
    if not capable:
        return False
    if requested is None:
        requested = os.environ.get("COURSE_MIXED_PRECISION", "")
    if requested.strip() in ("0", "1"):
        return requested.strip() == "1"
    return mode == "full"


# ---------------------------------------------------------------------------------------------
# Configuração devolvida por setup()
# ---------------------------------------------------------------------------------------------


def _format_seconds(seconds: float) -> str:
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


# Rótulos em português para as chaves de `Config.record` (as chaves ficam em inglês: são lidas
# pelo benchmark). Prefixos nomeiam a medida; o resto da chave nomeia o modelo ou a variante.
_RESULT_PREFIXES = {
    "test_accuracy_": "acurácia de teste",
    "seconds_per_epoch_": "segundos por época",
    "epochs_": "épocas",
    "overfit_gap_": "treino − teste, em pontos",
    "order_lstm_": "p(positiva) da LSTM, frase",
}
_RESULT_NAMES = {
    "best_learning_rate_sgd": "melhor taxa do SGD",
    "best_rnn": "melhor recorrente",
    "early_stopping_best_epoch": "melhor época (early stopping)",
    "early_stopping_epoch": "época da parada (early stopping)",
    "gradient_ratio_first_last_4_layers": "gradiente última/primeira (4 camadas)",
    "exploding_first_layer_gradient": "gradiente da 1ª camada, pesos N(0; 1)",
    "iris_keras_accuracy": "acurácia na íris (Keras)",
    "iris_perceptron_accuracy": "acurácia na íris (perceptron)",
    "xor_keras_accuracy": "acurácia no XOR (Keras)",
    "line_weight": "peso da reta",
    "line_bias": "viés da reta",
    "matmul_gflops_max": "GFLOP/s do matmul (máximo)",
    "seeds": "sementes",
    "z_std_normal": "desvio de z, pesos N(0, 1)",
    "z_std_scaled": "desvio de z, pesos N(0, 1/√n)",
    "frechet_real": "DF, imagens reais de teste (piso)",
    "frechet_vae": "DF, amostras do VAE",
    "frechet_gan": "DF, amostras da GAN",
}
_RESULT_WORDS = {
    "mlp": "MLP", "cnn": "CNN", "lenet5": "LeNet-5", "convnet": "convnet compacta",
    "resnet": "ResNet-9", "resnet_no_tta": "ResNet-9 sem TTA", "baseline": "base", "bn": "BN",
    "bn_aug": "BN + aumento", "lstm": "LSTM", "gru": "GRU", "bilstm": "LSTM bidirecional",
    "simple_rnn": "SimpleRNN", "best_rnn": "melhor recorrente", "lstm_mask": "LSTM com máscara",
    "lstm_no_mask": "LSTM sem máscara", "lstm_pre_padding": "LSTM, padding no início",
    "overfit_none": "rede grande sem regularização", "overfit_dropout": "rede grande + Dropout",
    "overfit_early_stopping": "rede grande + early stopping", "deep_plain": "rede profunda simples",
    "deep_bn": "rede profunda + BN", "deep_residual": "rede profunda residual",
    "init_normal": "pesos N(0, 1)", "init_scaled": "pesos N(0, 1/√n)",
    "constant_lr": "taxa constante", "cosine_lr": "taxa em cosseno", "sgd": "SGD",
    "momentum": "momento", "nesterov": "Nesterov", "adagrad": "AdaGrad", "rmsprop": "RMSprop",
    "adam": "Adam", "adamw": "AdamW", "batch64": "lotes de 64", "batch1024": "lotes de 1024",
    "batch1024_lr10x": "lotes de 1024, taxa × 10",
    "judge": "classificador-juiz",
}


def result_label(key: str) -> str:
    """Rótulo em português de uma chave de resultado: ``"test_accuracy_cnn"`` →
    ``"acurácia de teste (CNN)"``. Chaves desconhecidas voltam com espaços no lugar de ``_``."""
    if key in _RESULT_NAMES:
        return _RESULT_NAMES[key]
    for prefix, label in _RESULT_PREFIXES.items():
        if key.startswith(prefix):
            rest = key[len(prefix):]
            if rest.startswith("ladder_"):
                return f"{label} (escada, modelo {rest.split('_')[-1]})"
            return f"{label} ({_RESULT_WORDS.get(rest, rest.replace('_', ' '))})"
    return key.replace("_", " ")


def _format_value(key: str, value: Any) -> str:
    """Valor de um resultado em pt-BR: acurácias em %, outros números com vírgula decimal."""
    from utils.formatting import number, percent, thousands

    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
        return str(value)
    if key.startswith("overfit_gap_"):  # diferença entre duas acurácias
        return number(100 * value, ".2f")
    if "accuracy" in key:
        return percent(value)
    if isinstance(value, (int, np.integer)):
        return thousands(value)
    return number(value, ",.4g")


@dataclass
class Config:
    """O que um notebook precisa saber do ambiente; criado por `setup()`."""

    mode: str
    seed: int
    device: DeviceInfo
    in_colab: bool = False
    mixed_precision: bool = False
    versions: dict[str, str] = field(default_factory=dict)
    started_at: float = field(default_factory=time.time)
    results: dict[str, Any] = field(default_factory=dict)
    comparisons: dict[str, dict[str, float]] = field(default_factory=dict)
    notebook: str | None = None

    def pick(self, *, full: Any, reduced: Any, fast: Any) -> Any:
        """Devolve o valor do modo atual: ``cfg.pick(full=30, reduced=8, fast=1)``."""
        return {"full": full, "reduced": reduced, "fast": fast}[self.mode]

    def record(self, **results: Any) -> None:
        """Guarda resultados-chave do notebook (acurácias, tempos) para o registro final."""
        for key, value in results.items():
            if isinstance(value, np.generic):
                value = value.item()
            if not isinstance(value, (int, float, str, bool)) or value is None:
                raise TypeError(
                    f"cfg.record: o resultado {key!r} deve ser número, texto ou booleano, "
                    f"não {type(value).__name__}."
                )
            self.results[key] = value

    def compare(self, key: str, diff: float, se: float, df: int | None = None,
                unit: str | None = None, digits: int | None = None) -> str:
        """Registra a comparação ``key`` — uma diferença de acurácias A − B (em fração) e o seu
        erro padrão, pareado no mesmo teste (``stats.paired_difference``) ou entre sementes
        (``stats.seeds_difference``, com ``df`` graus de liberdade) — e devolve a frase de
        ``stats.describe_difference``. O registro final imprime todas as
        comparações; as conclusões do texto citam a chave (``<!-- conclusão: key acima -->``) e
        ``tests/test_conclusions.py`` confere que a comparação as sustenta. Uma diferença que não
        é de acurácia (perda em bits por caractere, segundos) leva a sua ``unit`` e, se
        precisar de outra precisão que a padrão, ``digits`` casas decimais."""
        from utils import stats

        if not isinstance(key, str) or not key.isidentifier():
            raise ValueError(f"cfg.compare: a chave deve ser um nome simples (letras, números, _), "
                             f"não {key!r}.")
        text = stats.describe_difference(float(diff), float(se), df, unit, digits)
        low, high = stats.interval(float(diff), float(se), df)
        self.comparisons[key] = {"diff": float(diff), "se": float(se), "low": low, "high": high,
                                 "df": None if df is None else int(df), "unit": unit,
                                 "digits": digits}
        return text

    def as_dict(self) -> dict[str, Any]:
        """O registro da execução como dicionário serializável em JSON."""
        return {
            "notebook": self.notebook,
            "mode": self.mode,
            "device": self.device.describe(),
            "device_kind": self.device.kind,
            "mixed_precision": self.mixed_precision,
            "versions": self.versions,
            "date": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "elapsed_s": round(time.time() - self.started_at, 1),
            "results": dict(self.results),
            "comparisons": {k: dict(v) for k, v in self.comparisons.items()},
        }

    def report(self) -> None:
        """Imprime o registro da execução; se ``COURSE_RUN_RECORD`` indicar um arquivo,
        acrescenta nele o registro como uma linha JSON (lida pelo benchmark)."""
        rec = self.as_dict()
        versions = ", ".join(f"{k} {v}" for k, v in rec["versions"].items())
        lines = [
            "Registro da execução",
            f"  notebook:     {rec['notebook'] or '(desconhecido)'}",
            f"  modo:         {rec['mode']}",
            f"  dispositivo:  {rec['device']}"
            + (" + precisão mista" if rec["mixed_precision"] else ""),
            f"  versões:      {versions}",
            f"  data:         {rec['date'].replace('T', ' ')}",
            f"  tempo total:  {_format_seconds(rec['elapsed_s'])}",
        ]
        if rec["results"]:
            lines.append("  resultados:")
            labels = {k: result_label(k) for k in rec["results"]}
            width = max(len(label) for label in labels.values())
            lines += [f"    {labels[k]:<{width}} = {_format_value(k, v)}"
                      for k, v in rec["results"].items()]
        if rec["comparisons"]:
            from utils import stats

            lines.append("  comparações (A − B, com o intervalo de 95 %):")
            lines += [f"    {k} = " + stats.describe_difference(
                          v["diff"], v["se"], v["df"], v.get("unit"), v.get("digits"))
                      for k, v in rec["comparisons"].items()]
        print("\n".join(lines))
        path = os.environ.get("COURSE_RUN_RECORD")
        if path:
            with open(path, "a", encoding="utf-8") as f:
                f.write(json.dumps(rec, ensure_ascii=False) + "\n")


def _notebook_name() -> str | None:
    """Nome do notebook em execução, quando o executor o informa (nbval, nbclient, VS Code)."""
    for var in ("COURSE_NOTEBOOK", "JPY_SESSION_NAME", "__vsc_ipynb_file__"):
        value = os.environ.get(var)
        if value:
            return os.path.basename(value)
    return None


def setup(seed: int = 42, quiet: bool = False) -> Config:
    """Prepara o notebook: sementes, modo, dispositivo, memória da GPU, precisão mista e
    gráficos com vírgula decimal (`plots.use_decimal_comma`).

    Imprime um bloco curto com versões, dispositivo e modo, e devolve um `Config`.
    """
    mode_env = os.environ.get("COURSE_MODE", "")
    tf = _import_tensorflow()
    _filter_expected_warnings()
    import keras

    keras.utils.set_random_seed(seed)  # Python, NumPy e TensorFlow de uma vez
    from utils import plots

    plots.use_decimal_comma()

    for gpu in _physical_gpus():
        try:
            tf.config.experimental.set_memory_growth(gpu, True)
        except RuntimeError:  # a GPU já foi inicializada (setup chamado duas vezes)
            pass

    device = detect_device()
    mode = resolve_mode(device, mode_env)
    mixed = wants_mixed_precision(device, mode)
    keras.mixed_precision.set_global_policy("mixed_float16" if mixed else "float32")

    cfg = Config(
        mode=mode,
        seed=seed,
        device=device,
        in_colab="google.colab" in sys.modules,
        mixed_precision=mixed,
        versions={
            "Python": platform.python_version(),
            "TensorFlow": tf.__version__,
            "Keras": keras.__version__,
        },
        notebook=_notebook_name(),
    )
    if not quiet:
        where = "Google Colab" if cfg.in_colab else "máquina local"
        origin = "definido por COURSE_MODE" if mode_env.strip() else "automático"
        print(
            f"Ambiente: {where} | Python {cfg.versions['Python']} | "
            f"TensorFlow {cfg.versions['TensorFlow']} | Keras {cfg.versions['Keras']}\n"
            f"Dispositivo: {device.describe()}\n"
            f"Modo: {mode} ({origin}) | semente: {seed} | precisão mista: "
            f"{'ligada (mixed_float16)' if mixed else 'desligada'}"
        )
    return cfg


# ---------------------------------------------------------------------------------------------
# Estratégia de distribuição
# ---------------------------------------------------------------------------------------------


def _replica_devices() -> list[str]:
    """Dispositivos entre os quais o modelo é replicado: as GPUs lógicas visíveis."""
    tf = _import_tensorflow()
    return [d.name for d in tf.config.list_logical_devices("GPU")]


def strategy():
    """Estratégia de `tf.distribute` para construir e compilar modelos pesados.

    - TPU do Colab (ou VM de TPU): ``TPUStrategy``;
    - duas ou mais GPUs: ``MirroredStrategy`` (uma réplica por GPU, gradientes somados);
    - caso contrário: a estratégia padrão (um dispositivo, sem custo extra).

    Uso: ``with runtime.strategy().scope(): model = ...; model.compile(...)``.
    """
    tf = _import_tensorflow()
    if _tpu_address():
        resolver = tf.distribute.cluster_resolver.TPUClusterResolver()
        tf.config.experimental_connect_to_cluster(resolver)
        tf.tpu.experimental.initialize_tpu_system(resolver)
        return tf.distribute.TPUStrategy(resolver)
    devices = _replica_devices()
    if len(devices) > 1:
        return tf.distribute.MirroredStrategy(devices)
    return tf.distribute.get_strategy()
