"""Ganhos de velocidade medidos como razões, na mesma execução e sobre os mesmos dados.

    python benchmarks/speedups.py                 # CIFAR-10 do espelho, 3 repetições
    python benchmarks/speedups.py --repeats 5 --n-images 10000

Compara, em imagens por segundo (mediana das repetições, depois de uma época de aquecimento):

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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.run import RESULTS, machine_label  # noqa: E402
from utils import data, runtime  # noqa: E402

tf = runtime._import_tensorflow()
import keras  # noqa: E402


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


def render(machine: str, device: str, n_images: int, repeats: int, rows: list[dict]) -> str:
    lines = [
        f"# Ganhos de velocidade — {machine}",
        "",
        f"Dispositivo: {device}. CIFAR-10, {n_images} imagens, CNN pequena; mediana de "
        f"{repeats} épocas após uma de aquecimento. Gerado por `python benchmarks/speedups.py`.",
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
    args = parser.parse_args(argv)
    device = runtime.detect_device()
    machine = machine_label()
    rows = measure(args.n_images, args.repeats, device)
    RESULTS.mkdir(parents=True, exist_ok=True)
    record = {"machine": machine, "device": device.describe(), "n_images": args.n_images,
              "repeats": args.repeats, "tensorflow": tf.__version__, "comparisons": rows}
    (RESULTS / f"speedups-{machine}.json").write_text(
        json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
    (RESULTS / f"speedups-{machine}.md").write_text(
        render(machine, device.describe(), args.n_images, args.repeats, rows), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
