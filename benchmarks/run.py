"""Benchmark dos notebooks: tempo, memória, dispositivo e métricas de cada um, num modo escolhido.

    python benchmarks/run.py --mode reduced                 # todos os notebooks
    python benchmarks/run.py --mode reduced --inplace notebooks/02_mlp.ipynb
    python benchmarks/run.py --report                       # só refaz a tabela e o gráfico
    python benchmarks/run.py --reference-times              # só refaz utils/reference_times.json

Cada notebook roda num kernel novo (``scripts/execute_notebooks.py``) com ``COURSE_RUN_RECORD``
apontando para um arquivo temporário: as métricas vêm do registro que o próprio notebook grava
com ``cfg.record(...)``/``cfg.report()``, nunca do texto das saídas. Os resultados são
acrescentados, uma linha JSON por notebook, em ``benchmarks/results/<máquina>-<modo>.jsonl``;
a tabela (``benchmarks/results/README.md``) e o gráfico (``tempos.png``) são refeitos a partir
de todos os arquivos, e as metas de ``benchmarks/targets.py`` são conferidas. Os tempos de
referência com que o notebook 00 prevê o tempo de cada notebook na máquina do aluno
(``utils/reference_times.json``, lido por ``utils.timing``) também são refeitos a partir deles.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
from execute_notebooks import execute  # noqa: E402
from nbclient.exceptions import CellExecutionError  # noqa: E402

from benchmarks import profiles  # noqa: E402
from benchmarks.targets import (  # noqa: E402
    TARGETS,
    TIME_LIMIT_OVERRIDES,
    TIME_LIMITS,
    shortfalls,
)
from utils.formatting import number, percent  # noqa: E402

# Referência da previsão de tempo do notebook 00 (utils/timing.py): o perfil de laptop de
# estudante, no modo reduced.
REFERENCE_PROFILE = "laptop"
REFERENCE_MODE = "reduced"
REFERENCE_FILE = ROOT / "utils" / "reference_times.json"


class PeakMemory:
    """Amostra, numa thread, a memória (RSS) somada dos processos filhos (o kernel)."""

    def __init__(self, interval: float = 0.5):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()

    def _sample(self):
        start = time.perf_counter()
        while not self._stop.is_set():
            total = 0
            for child in psutil.Process().children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)
            # amostras densas nos primeiros segundos: um notebook curto não escapa da medida
            self._stop.wait(0.02 if time.perf_counter() - start < 5 else self.interval)

    def __enter__(self):
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def machine_label(profile: str = "nativo") -> str:
    """Rótulo da máquina para o nome do arquivo: ``cpu-2nucleos``, ``cpu-2nucleos-avx512``,
    ``gpu-<modelo>``; o perfil de CPU, quando não é o nativo, entra no fim
    (máquinas no perfil ``laptop``)."""
    from utils import runtime

    device = runtime.detect_device()
    if device.kind == "GPU":
        name = device.gpus[0].name.lower().replace("nvidia", "").strip()
        label = "gpu-" + "-".join(name.split())
    elif device.kind == "TPU":
        label = "tpu"
    else:
        isa = "avx512" if profiles.cpu_model()["avx512"] else "avx2"
        label = f"cpu-{device.cpu_cores}nucleos-{isa}"
    return label if profile == "nativo" else f"{label}-perfil-{profile}"


def run_notebook(path: Path, mode: str, inplace: bool, machine: dict | None = None) -> dict:
    """Executa um notebook e devolve a linha de resultado (tempo, memória, registro)."""
    with tempfile.TemporaryDirectory() as tmp:
        record_file = Path(tmp) / "registro.jsonl"
        os.environ["COURSE_RUN_RECORD"] = str(record_file)
        out_dir = None if inplace else ROOT / "build" / "executados"
        error = None
        start = time.perf_counter()
        with PeakMemory() as memory:
            try:
                execute(path, mode, out_dir, timeout=3600)
            except CellExecutionError as exc:
                error = str(exc).strip().splitlines()[-1][:300]
        wall = time.perf_counter() - start
        records = record_file.read_text(encoding="utf-8").splitlines() if record_file.exists() \
            else []
    record = json.loads(records[-1]) if records else {}
    return {
        "notebook": path.name,
        "mode": mode,
        "ok": error is None and bool(record),
        "error": error,
        "wall_s": round(wall, 1),
        "peak_memory_mb": round(memory.peak / 2**20),
        "device": record.get("device"),
        "versions": record.get("versions"),
        "date": record.get("date"),
        "results": record.get("results", {}),
        "machine_info": machine or {},
    }


def load_all(results_dir: Path = RESULTS) -> list[dict]:
    rows = []
    for file in sorted(results_dir.glob("*.jsonl")):
        machine, _, _ = file.stem.rpartition("-")
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append({"machine": machine, **json.loads(line)})
    return rows


def latest(rows: list[dict]) -> list[dict]:
    """A execução mais recente de cada (máquina, modo, notebook)."""
    last = {}
    for row in rows:
        last[(row["machine"], row["mode"], row["notebook"])] = row
    return [last[key] for key in sorted(last)]


def format_time(seconds: float) -> str:
    return f"{seconds:.0f} s" if seconds < 120 else f"{number(seconds / 60, '.1f')} min"


def format_results(results: dict) -> str:
    parts = []
    for key, value in results.items():
        if "accuracy" in key and isinstance(value, float):
            parts.append(f"{key} = {percent(value)}")
        elif isinstance(value, float):
            parts.append(f"{key} = {number(value, '.3g')}")
        else:
            parts.append(f"{key} = {value}")
    return "<br>".join(parts)


def render(rows: list[dict]) -> str:
    """Tabela em markdown (pt-BR) com a execução mais recente de cada notebook."""
    lines = [
        "# Resultados do benchmark",
        "",
        "Gerado por `python benchmarks/run.py` a partir de `benchmarks/results/*.jsonl` "
        "(não edite à mão).",
        "Tempo = execução completa do notebook num kernel novo; memória = pico do kernel.",
        "",
        "| máquina | modo | notebook | tempo | memória | dispositivo | métricas | metas |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in latest(rows):
        problems = shortfalls(row)
        status = "ok" if not problems else "<br>".join(problems)
        if not row["ok"]:
            status = f"falhou: {row.get('error') or 'sem registro'}"
        lines.append(
            f"| {row['machine']} | {row['mode']} | {row['notebook']} | "
            f"{format_time(row['wall_s'])} | {row['peak_memory_mb']} MB | {row['device']} | "
            f"{format_results(row['results'])} | {status} |"
        )
    if not any(row["machine"].startswith(("gpu", "tpu")) for row in rows):
        lines += ["", "Resultados em GPU (modo `full`, com as metas de acurácia dos conjuntos "
                  "completos): **pendentes** — nenhuma execução numa máquina com GPU foi "
                  "registrada ainda. Numa GPU, rode `make benchmark MODO=full`."]
    lines += ["", "## Máquinas", "", machines_table(rows), "",
              "![Tempo por notebook](tempos.png)", ""]
    return "\n".join(lines)


def machines_table(rows: list[dict]) -> str:
    """Em que CPU (e com que perfil) cada rótulo de máquina foi medido."""
    info = {}
    for row in rows:
        if row.get("machine_info"):
            info[row["machine"]] = row["machine_info"]
    lines = ["| máquina | CPU | AVX-512 | perfil | multiplicação de matrizes |",
             "|---|---|---|---|---|"]
    for machine in sorted({row["machine"] for row in rows}):
        m = info.get(machine)
        if not m:
            lines.append(f"| {machine} | não registrada | — | — | — |")
            continue
        gflops = f"{m['matmul_gflops']:.0f} GFLOP/s" if m.get("matmul_gflops") else "—"
        lines.append(f"| {machine} | {m.get('cpu', '?')} | {'sim' if m.get('avx512') else 'não'} "
                     f"| {m.get('profile_description', m.get('profile', '?'))} | {gflops} |")
    return "\n".join(lines)


def plot(rows: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = latest(rows)
    labels = [f"{r['notebook'][:2]} {r['mode']}\n{r['machine']}" for r in rows]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(rows)), 4))
    ax.bar(range(len(rows)), [r["wall_s"] / 60 for r in rows], color="tab:blue")
    ax.axhline(10, color="tab:red", linestyle="--", label="meta do modo reduced (10 min)")
    ax.set_xticks(range(len(rows)), labels, fontsize=8)
    ax.set_ylabel("tempo de execução (min)")
    ax.set_title("Tempo de cada notebook")
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


README_START, README_END = "<!-- benchmark:inicio -->", "<!-- benchmark:fim -->"


def summary(rows: list[dict]) -> str:
    """Tabela curta para o README: tempo por modo e a métrica-alvo de cada notebook."""
    rows = latest(rows)
    columns = sorted({(r["machine"], r["mode"]) for r in rows}, key=lambda c: (c[0], c[1]))
    notebooks = sorted({r["notebook"] for r in rows})
    by_key = {(r["machine"], r["mode"], r["notebook"]): r for r in rows}
    header = ["notebook"] + [f"{mode}<br>{machine}" for machine, mode in columns]
    lines = ["| " + " | ".join(header + ["métrica-alvo (modo reduced)"]) + " |",
             "|" + "---|" * (len(header) + 1)]
    for notebook in notebooks:
        cells = [notebook.removesuffix(".ipynb")]
        for machine, mode in columns:
            row = by_key.get((machine, mode, notebook))
            cells.append(format_time(row["wall_s"]) if row else "—")
        metrics = []
        # a métrica vem da medição atual: rótulos com "antes" são históricos e ficam por último
        reduced = sorted((by_key[(m, mode, notebook)] for m, mode in columns
                          if mode == "reduced" and (m, mode, notebook) in by_key),
                         key=lambda r: "antes" in r["machine"])
        for target in TARGETS:
            row = next((r for r in reduced if target.metric in r["results"]), None)
            if target.notebook == notebook and row:
                value = row["results"][target.metric]
                metrics.append(f"{target.metric} = {percent(value)} "
                               f"(meta {percent(target.minimum, 1)}, {', '.join(target.modes)})")
        lines.append("| " + " | ".join(cells + ["<br>".join(metrics) or "—"]) + " |")
    return "\n".join(lines + ["", machines_table(rows)])


def update_readme(rows: list[dict], readme: Path = ROOT / "README.md") -> None:
    text = readme.read_text(encoding="utf-8")
    if README_START in text and README_END in text and rows:
        before, rest = text.split(README_START, 1)
        after = rest.split(README_END, 1)[1]
        readme.write_text(f"{before}{README_START}\n{summary(rows)}\n{README_END}{after}",
                          encoding="utf-8")


def current_notebooks() -> list[str]:
    return sorted(path.name for path in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def reference_times(rows: list[dict], notebooks: list[str] | None = None,
                    profile: str = REFERENCE_PROFILE, mode: str = REFERENCE_MODE) -> dict:
    """Tempos de referência para ``utils/reference_times.json`` (lido por ``utils.timing``).

    Para cada notebook atual (``notebooks/``), a execução bem-sucedida mais recente, no modo
    ``mode``, de uma máquina medida no perfil ``profile`` (rótulo terminado em
    ``-perfil-<profile>``; as de rótulo ``-antes`` são notebooks antigos e ficam de fora): o
    tempo, o limite do modo (``targets.py``), a data, a máquina e os GFLOP/s dela. Os GFLOP/s de
    uma máquina são a mediana dos medidos (``profiles.matmul_gflops``, multiplicação
    2048 × 2048) no início das suas execuções: sob a cota de CPU a medida oscila de uma execução
    para outra, e uma amostra de um segundo não descreve o notebook inteiro. Cada notebook é
    escalado pelos GFLOP/s da máquina em que foi medido.
    """
    notebooks = current_notebooks() if notebooks is None else notebooks
    suffix = f"-perfil-{profile}"
    candidates = [r for r in rows if r["ok"] and r["mode"] == mode
                  and r["machine"].endswith(suffix)
                  and (r.get("machine_info") or {}).get("matmul_gflops")]
    machine_gflops = {
        machine: round(statistics.median(r["machine_info"]["matmul_gflops"] for r in candidates
                                         if r["machine"] == machine), 1)
        for machine in {r["machine"] for r in candidates}}
    chosen = {}
    for row in sorted(candidates, key=lambda r: r["date"]):
        if row["notebook"] in notebooks:
            chosen[row["notebook"]] = row  # a mais recente fica
    if not chosen:
        raise ValueError(f"Nenhuma execução {mode} no perfil {profile} com GFLOP/s registrados.")
    entries = {}
    for name, row in sorted(chosen.items()):
        entries[name] = {
            "seconds": row["wall_s"],
            "limit_seconds": TIME_LIMIT_OVERRIDES.get((name, mode), TIME_LIMITS[mode]),
            "date": row["date"],
            "machine": row["machine"],
            "gflops": machine_gflops[row["machine"]],
        }
    info = next(iter(chosen.values())).get("machine_info") or {}
    return {
        "generated_by": "python benchmarks/run.py --reference-times",
        "source": f"benchmarks/results/*{suffix}-{mode}.jsonl",
        "profile": info.get("profile_description", info.get("profile", "?")),
        "mode": mode,
        "gflops": round(statistics.median(e["gflops"] for e in entries.values()), 1),
        "notebooks": entries,
    }


def reference_times_text(rows: list[dict]) -> str:
    return json.dumps(reference_times(rows), ensure_ascii=False, indent=2) + "\n"


def write_reference_times(rows: list[dict], path: Path = REFERENCE_FILE) -> None:
    """Grava ``utils/reference_times.json`` (só se houver execuções da referência)."""
    try:
        text = reference_times_text(rows)
    except ValueError as error:
        print(f"Tempos de referência não atualizados: {error}", file=sys.stderr)
        return
    path.write_text(text, encoding="utf-8")


def write_report(results_dir: Path = RESULTS) -> list[str]:
    rows = load_all(results_dir)
    results_dir.mkdir(parents=True, exist_ok=True)
    (results_dir / "README.md").write_text(render(rows), encoding="utf-8")
    if results_dir == RESULTS:
        update_readme(rows)
        write_reference_times(rows)
    if rows:
        plot(rows, results_dir / "tempos.png")
    return [f"{r['notebook']} ({r['mode']}, {r['machine']}): {p}"
            for r in latest(rows) for p in shortfalls(r)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark de tempo e métricas dos notebooks.")
    parser.add_argument("notebooks", nargs="*", type=Path,
                        help="notebooks a executar (padrão: todos em notebooks/)")
    parser.add_argument("--mode", choices=("full", "reduced", "fast"), default="reduced")
    parser.add_argument("--inplace", action="store_true",
                        help="grava as saídas nos próprios notebooks (atualiza o que é publicado)")
    parser.add_argument("--profile", choices=sorted(profiles.PROFILES), default="nativo",
                        help="perfil de CPU: 'laptop' reproduz um laptop de estudante "
                             "(AVX2, sem AVX-512, CPU mais lenta); veja benchmarks/profiles.py")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="pasta dos resultados (padrão: benchmarks/results/)")
    parser.add_argument("--machine", help="rótulo da máquina (padrão: detectado)")
    parser.add_argument("--report", action="store_true",
                        help="não executa nada: só refaz a tabela e o gráfico")
    parser.add_argument("--reference-times", action="store_true",
                        help="não executa nada: só refaz utils/reference_times.json (os tempos "
                             "de referência da previsão do notebook 00) a partir dos resultados")
    args = parser.parse_args(argv)

    if args.reference_times:
        write_reference_times(load_all(args.results))
        print(f"Tempos de referência em {REFERENCE_FILE.relative_to(ROOT)}")
        return 0

    if not args.report:
        profile = profiles.PROFILES[args.profile]
        try:
            profiles.apply(profile)
        except profiles.ProfileError as error:
            print(error, file=sys.stderr)
            return 2
        machine = profiles.describe_machine(profile)
        print(f"Perfil {profile.name} ({profile.description}); CPU: {machine['cpu']}, "
              f"multiplicação de matrizes: {number(machine['matmul_gflops'], '.1f')} GFLOP/s",
              flush=True)
        notebooks = args.notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
        args.results.mkdir(parents=True, exist_ok=True)
        label = args.machine or machine_label(profile.name)
        out = args.results / f"{label}-{args.mode}.jsonl"
        for path in notebooks:
            print(f"{path.name} ({args.mode})...", flush=True)
            row = run_notebook(path.resolve(), args.mode, args.inplace, machine)
            with out.open("a", encoding="utf-8") as f:
                f.write(json.dumps(row, ensure_ascii=False) + "\n")
            state = "ok" if row["ok"] else f"FALHOU: {row['error']}"
            print(f"  {number(row['wall_s'] / 60, '.1f')} min, {row['peak_memory_mb']} MB, {state}",
                  flush=True)
    problems = write_report(args.results)
    print(f"Tabela em {args.results / 'README.md'}")
    if problems:
        print("Abaixo das metas:\n  " + "\n  ".join(problems))
    else:
        print("Todas as metas conferidas foram atingidas.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
