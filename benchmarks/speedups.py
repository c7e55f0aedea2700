"""Ganhos de velocidade medidos como razões, na mesma execução e sobre os mesmos dados.

    python benchmarks/speedups.py                              # as duas séries, CPU nativa
    python benchmarks/speedups.py --suite notebooks --profile laptop
    python benchmarks/speedups.py --repeats 5 --n-images 10000

Série ``notebooks``: para o modelo principal de cada notebook, segundos por época com as
configurações de antes (um lote por chamada, arrays NumPy) e as de agora
(``steps_per_execution`` e, no 02, a esteira ``tf.data``), lado a lado, com os mesmos dados e o
mesmo tamanho de lote; a rede grande da seção 9 do 02 entra com a sua validação, que pesa mais
que o treino.

Série ``pipeline`` — compara, em imagens por segundo (mediana das repetições, depois de uma época
de aquecimento):

1. ``model.fit`` com arrays NumPy × pipeline ``tf.data`` com cache e prefetch;
2. aumento de dados dentro do modelo × no pipeline ``tf.data``;
3. ``jit_compile`` (XLA) desligado × ligado;
4. precisão mista desligada × ligada (só em GPU com capacidade ≥ 7.0);
5. tamanho do lote 32 × 128 × 512.

Grava ``benchmarks/results/speedups-<máquina>.json`` e ``speedups-<máquina>.md``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import profiles  # noqa: E402
from benchmarks.run import RESULTS, machine_label  # noqa: E402
from utils import data, runtime  # noqa: E402
from utils.formatting import number  # noqa: E402

tf = keras = None  # importados em main(), depois de aplicar o perfil de CPU


def _import_keras():
    global tf, keras
    tf = runtime._import_tensorflow()
    import keras as _keras

    keras = _keras


def augmentation():
    return keras.Sequential(
        [keras.layers.RandomFlip("horizontal"), keras.layers.RandomTranslation(0.1, 0.1)],
        name="aumento",
    )


def small_cnn(augment_inside: bool = False, jit: bool = False) -> keras.Model:
    """CNN pequena (dois blocos convolucionais) usada em todas as comparações."""
    layers = [keras.Input((32, 32, 3)), keras.layers.Rescaling(1 / 255)]
    if augment_inside:
        layers.append(augmentation())
    layers += [
        keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
        keras.layers.MaxPooling2D(),
        keras.layers.GlobalAveragePooling2D(),
        keras.layers.Dense(10, activation="softmax"),
    ]
    model = keras.Sequential(layers)
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3),
                  loss="sparse_categorical_crossentropy", jit_compile=jit)
    return model


def images_per_second(model, inputs, n_images: int, repeats: int, batch_size=None) -> float:
    """Mediana de imagens/s em ``repeats`` épocas, depois de uma época de aquecimento."""
    x, y = inputs if isinstance(inputs, tuple) else (inputs, None)
    # Um tf.data.Dataset já vem embaralhado pelo pipeline: shuffle=False evita o aviso do Keras.
    kwargs = {"batch_size": batch_size} if y is not None else {"shuffle": False}
    model.fit(x, y, epochs=1, verbose=0, **kwargs)
    rates = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.fit(x, y, epochs=1, verbose=0, **kwargs)
        rates.append(n_images / (time.perf_counter() - start))
    return statistics.median(rates)


def pipeline(x, y, batch_size: int, augment: bool = False) -> tf.data.Dataset:
    ds = tf.data.Dataset.from_tensor_slices((x, y)).cache().shuffle(len(x), seed=0)
    ds = ds.batch(batch_size)
    if augment:
        layer = augmentation()
        ds = ds.map(lambda a, b: (layer(a, training=True), b),
                    num_parallel_calls=tf.data.AUTOTUNE)
    return ds.prefetch(tf.data.AUTOTUNE)


def measure(n_images: int, repeats: int, device: runtime.DeviceInfo) -> list[dict]:
    (x, y), _ = data.load_cifar10(n_train=n_images, n_test=None, verbose=False)
    n = len(x)
    comparisons = []

    def compare(name, baseline_label, baseline, variant_label, variant):
        comparisons.append({
            "comparison": name, "baseline": baseline_label, "variant": variant_label,
            "baseline_images_per_s": round(baseline, 1), "variant_images_per_s": round(variant, 1),
            "ratio": round(variant / baseline, 2),
        })
        print(f"{name}: {baseline_label} {baseline:.0f} img/s × {variant_label} "
              f"{variant:.0f} img/s → {variant / baseline:.2f}×", flush=True)

    keras.utils.set_random_seed(0)
    compare("entrada", "arrays NumPy",
            images_per_second(small_cnn(), (x, y), n, repeats, batch_size=128),
            "tf.data (cache + prefetch)",
            images_per_second(small_cnn(), pipeline(x, y, 128), n, repeats))
    compare("aumento de dados", "dentro do modelo",
            images_per_second(small_cnn(augment_inside=True), pipeline(x, y, 128), n, repeats),
            "no tf.data",
            images_per_second(small_cnn(), pipeline(x, y, 128, augment=True), n, repeats))
    compare("XLA", "jit_compile=False",
            images_per_second(small_cnn(jit=False), pipeline(x, y, 128), n, repeats),
            "jit_compile=True",
            images_per_second(small_cnn(jit=True), pipeline(x, y, 128), n, repeats))
    if runtime.wants_mixed_precision(device, "full", "1"):
        base = images_per_second(small_cnn(), pipeline(x, y, 128), n, repeats)
        keras.mixed_precision.set_global_policy("mixed_float16")
        mixed = images_per_second(small_cnn(), pipeline(x, y, 128), n, repeats)
        keras.mixed_precision.set_global_policy("float32")
        compare("precisão mista", "float32", base, "mixed_float16", mixed)
    else:
        print("precisão mista: não medida (precisa de GPU com capacidade ≥ 7.0)")
    rates = {b: images_per_second(small_cnn(), pipeline(x, y, b), n, repeats)
             for b in (32, 128, 512)}
    compare("lote", "32", rates[32], "128", rates[128])
    compare("lote", "32", rates[32], "512", rates[512])
    return comparisons


# ---------------------------------------------------------------------------------------------
# Série "notebooks": configurações de antes × de agora, por notebook
# ---------------------------------------------------------------------------------------------


def _mlp_02():
    return keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                             keras.layers.Dense(128, activation="relu"),
                             keras.layers.Dropout(0.2),
                             keras.layers.Dense(10, activation="softmax")])


def _lenet5_03():
    return keras.Sequential([
        keras.Input((28, 28, 1)), keras.layers.ZeroPadding2D(2),
        keras.layers.Conv2D(6, 5, activation="tanh"), keras.layers.AveragePooling2D(2),
        keras.layers.Conv2D(16, 5, activation="tanh"), keras.layers.AveragePooling2D(2),
        keras.layers.Flatten(), keras.layers.Dense(120, activation="tanh"),
        keras.layers.Dense(84, activation="tanh"), keras.layers.Dense(10, activation="softmax")])


def _cnn_03():
    inputs = x = keras.Input((28, 28, 1))
    for filters in (32, 64, 128):
        x = keras.layers.Conv2D(filters, 3, padding="same", use_bias=False)(x)
        x = keras.layers.BatchNormalization()(x)
        x = keras.layers.MaxPooling2D(2)(keras.layers.Activation("relu")(x))
    x = keras.layers.Dropout(0.5)(keras.layers.Flatten()(x))
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))


def _vgg_bn_04():
    inputs = keras.Input((32, 32, 3))
    x = keras.layers.Rescaling(1 / 255)(inputs)
    for filters in (32, 64, 128):
        for _ in range(2):
            x = keras.layers.Conv2D(filters, 3, padding="same")(x)
            x = keras.layers.Activation("relu")(keras.layers.BatchNormalization()(x))
        x = keras.layers.MaxPooling2D()(x)
    x = keras.layers.Dropout(0.2)(keras.layers.Flatten()(x))
    x = keras.layers.Dropout(0.2)(keras.layers.Dense(1024, activation="relu")(x))
    return keras.Model(inputs, keras.layers.Dense(10, activation="softmax")(x))


def _lstm_06():
    return keras.Sequential([keras.Input((60,), dtype="int32"),
                             keras.layers.Embedding(10_000, 64, mask_zero=True),
                             keras.layers.LSTM(64), keras.layers.Dropout(0.5),
                             keras.layers.Dense(1, activation="sigmoid")])


def _net_08():
    return keras.Sequential([keras.Input((784,)), keras.layers.Dense(30, activation="sigmoid"),
                             keras.layers.Dense(10, activation="softmax")])


def _text_data(n: int, rng):
    """Sequências com o formato das do 06 (MR: 60 posições, padding com zeros no fim)."""
    lengths = rng.integers(5, 50, size=n)
    x = rng.integers(2, 10_000, size=(n, 60)).astype("int32")
    x[np.arange(60)[None, :] >= lengths[:, None]] = 0
    return x, rng.integers(0, 2, size=n).astype("float32")


def _mlp_512_02():
    return keras.Sequential([keras.Input((28, 28)), keras.layers.Flatten(),
                             keras.layers.Dense(512, activation="relu"),
                             keras.layers.Dense(512, activation="relu"),
                             keras.layers.Dense(10, activation="softmax")])


def notebook_cases(n_scale: float = 1.0) -> list[dict]:
    """Um caso por modelo: lote, ``steps_per_execution`` e entrada (arrays ou tf.data) de antes
    e de agora, dados de treino e, quando o notebook valida a cada época, de validação."""
    rng = np.random.default_rng(0)
    (xf, yf), _ = data.load_fashion_mnist(verbose=False)
    xf = xf.astype("float32") / 255
    n_mlp, n_cnn = int(55_000 * n_scale), int(12_000 * n_scale)
    n_small, n_val = max(int(1_000 * n_scale), 64), int(5_000 * n_scale)
    (xc, yc), _ = data.load_cifar10(n_train=1_000, n_test=None, verbose=False)
    sparse = "sparse_categorical_crossentropy"

    def case(notebook, model, build, loss, batch, spe_now, train, val=None, tf_data_now=False):
        return {"notebook": notebook, "model": model, "build": build, "loss": loss,
                "batch_size": batch, "spe_before": 1, "spe_now": spe_now,
                "tf_data_now": tf_data_now, "train": train, "val": val}

    return [
        case("02_mlp", "MLP 784-128-10", _mlp_02, sparse, 32, 32, (xf[:n_mlp], yf[:n_mlp]),
             tf_data_now=True),
        case("02_mlp", "784-512-512-10, 1.000 imagens + validação (seção 9)", _mlp_512_02,
             sparse, 32, 32, (xf[:n_small], yf[:n_small]),
             val=(xf[-n_val:], yf[-n_val:]), tf_data_now=True),
        case("03_cnn_lenet", "LeNet-5", _lenet5_03, sparse, 128, 16,
             (xf[:n_mlp, ..., None], yf[:n_mlp])),
        case("03_cnn_lenet", "CNN moderna", _cnn_03, sparse, 128, 16,
             (xf[:n_cnn, ..., None], yf[:n_cnn])),
        case("04_cifar10_batchnorm_aumento", "VGG + BN", _vgg_bn_04, sparse, 32, 16, (xc, yc)),
        case("06_lstm_gru", "LSTM", _lstm_06, "binary_crossentropy", 64, 16,
             _text_data(int(8_600 * n_scale), rng)),
        case("08_redes_profundas", "rede 784-30-10 (lote 10)", _net_08, sparse, 10, 32,
             (xf[:5_000].reshape(-1, 784), yf[:5_000])),
    ]


def _batches(x, y, batch_size, shuffle=False):
    """A esteira do notebook 02: cache → (shuffle) → batch → prefetch."""
    ds = tf.data.Dataset.from_tensor_slices((x, y)).cache()
    if shuffle:
        ds = ds.shuffle(len(x), seed=0)
    return ds.batch(batch_size).prefetch(tf.data.AUTOTUNE)


def seconds_per_epoch(build, loss, batch_size, spe, x, y, repeats: int, val=None,
                      tf_data: bool = False) -> float:
    """Mediana de segundos por época, validação incluída (depois de um aquecimento)."""
    keras.utils.set_random_seed(0)
    model = build()
    model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=loss,
                  steps_per_execution=spe)
    if tf_data:
        train = _batches(x, y, batch_size, shuffle=True)
        kwargs = {"validation_data": _batches(*val, 1000) if val else None, "shuffle": False}
        model.fit(train.take(64), shuffle=False, verbose=0)
        args = (train,)
    else:
        kwargs = {"validation_data": val, "batch_size": batch_size}
        model.fit(x[:batch_size * 64], y[:batch_size * 64], batch_size=batch_size, verbose=0)
        args = (x, y)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        model.fit(*args, epochs=1, verbose=0, **kwargs)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_notebooks(repeats: int, n_scale: float = 1.0) -> list[dict]:
    rows = []
    for c in notebook_cases(n_scale):
        x, y = c["train"]
        old = seconds_per_epoch(c["build"], c["loss"], c["batch_size"], c["spe_before"], x, y,
                                repeats, val=c["val"])
        new = seconds_per_epoch(c["build"], c["loss"], c["batch_size"], c["spe_now"], x, y,
                                repeats, val=c["val"], tf_data=c["tf_data_now"])
        rows.append({"notebook": c["notebook"], "model": c["model"], "n_examples": len(x),
                     "batch_size": c["batch_size"],
                     "steps_per_execution_before": c["spe_before"],
                     "steps_per_execution_now": c["spe_now"], "input_before": "arrays",
                     "input_now": "tf.data" if c["tf_data_now"] else "arrays",
                     "seconds_before": round(old, 2), "seconds_now": round(new, 2),
                     "ratio": round(old / new, 2)})
        print(f"{c['notebook']} {c['model']}: {old:.2f} s → {new:.2f} s por época "
              f"({old / new:.2f}×)", flush=True)
    return rows


def render_notebooks(rows: list[dict]) -> list[str]:
    lines = ["", "## Configurações dos notebooks: antes × agora", "",
             "Segundos por época (mediana, validação incluída quando o notebook valida), mesmo "
             "modelo, mesmos dados e mesmo lote; mudam `steps_per_execution` (spe) e, onde "
             "indicado, a entrada (arrays NumPy × esteira `tf.data` com cache e prefetch).", "",
             "| notebook | modelo | exemplos | lote | antes (s/época) | agora (s/época) | ganho |",
             "|---|---|---|---|---|---|---|"]
    for r in rows:
        before = f"spe {r['steps_per_execution_before']}, {r.get('input_before', 'arrays')}"
        now = f"spe {r['steps_per_execution_now']}, {r.get('input_now', 'arrays')}"
        before_s, now_s, ratio = (number(r[k], ".2f")
                                  for k in ("seconds_before", "seconds_now", "ratio"))
        lines.append(f"| {r['notebook']} | {r['model']} | {r['n_examples']} | {r['batch_size']} "
                     f"| {before_s} ({before}) | {now_s} ({now}) | {ratio}× |")
    return lines


def render(machine: str, device: str, n_images: int, repeats: int, rows: list[dict],
           info: dict | None = None, notebook_rows: list[dict] | None = None) -> str:
    lines = [f"# Ganhos de velocidade — {machine}", ""]
    if info:
        gflops = info.get("matmul_gflops")
        lines += [f"CPU: {info.get('cpu')} (AVX-512: {'sim' if info.get('avx512') else 'não'}); "
                  f"perfil: {info.get('profile_description')}; multiplicação de matrizes "
                  f"2048×2048: {gflops if gflops is not None else '—'} GFLOP/s.", ""]
    lines += [f"Dispositivo: {device}. Gerado por `python benchmarks/speedups.py`."]
    if notebook_rows:
        lines += render_notebooks(notebook_rows)
    if not rows:
        return "\n".join(lines) + "\n"
    lines += [
        "",
        "## Pipeline de entrada, aumento, XLA, precisão mista e lote",
        "",
        f"CIFAR-10, {n_images} imagens, CNN pequena; imagens por segundo, mediana de "
        f"{repeats} épocas após uma de aquecimento.",
        "",
        "| comparação | base (img/s) | variante (img/s) | razão |",
        "|---|---|---|---|",
    ]
    for r in rows:
        lines.append(f"| {r['comparison']} | {r['baseline']}: {r['baseline_images_per_s']:.0f} | "
                     f"{r['variant']}: {r['variant_images_per_s']:.0f} | {r['ratio']:.2f}× |")
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Mede ganhos de velocidade do treino.")
    parser.add_argument("--n-images", type=int, default=5000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--suite", choices=("all", "notebooks", "pipeline"), default="all")
    parser.add_argument("--profile", choices=sorted(profiles.PROFILES), default="nativo",
                        help="perfil de CPU (veja benchmarks/profiles.py)")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="fração dos exemplos usados na série notebooks (testes: 0,05)")
    parser.add_argument("--results", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    profile = profiles.PROFILES[args.profile]
    try:
        profiles.apply(profile)  # antes de importar o TensorFlow
    except profiles.ProfileError as error:
        print(error, file=sys.stderr)
        return 2
    _import_keras()
    info = profiles.describe_machine(profile)
    print(f"Perfil {profile.name}: CPU {info['cpu']}, {info['matmul_gflops']} GFLOP/s", flush=True)
    device = runtime.detect_device()
    machine = machine_label(profile.name)
    notebook_rows = measure_notebooks(args.repeats, args.scale) \
        if args.suite in ("all", "notebooks") else []
    rows = measure(args.n_images, args.repeats, device) \
        if args.suite in ("all", "pipeline") else []
    args.results.mkdir(parents=True, exist_ok=True)
    record = {"machine": machine, "device": device.describe(), "machine_info": info,
              "n_images": args.n_images, "repeats": args.repeats, "tensorflow": tf.__version__,
              "notebooks": notebook_rows, "comparisons": rows}
    (args.results / f"speedups-{machine}.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    (args.results / f"speedups-{machine}.md").write_text(
        render(machine, device.describe(), args.n_images, args.repeats, rows, info,
               notebook_rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
