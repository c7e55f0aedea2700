"""Executa notebooks do curso sem interface, num modo escolhido, e grava as cópias executadas.

Exemplos (a partir da raiz do repositório)::

    python scripts/execute_notebooks.py --mode reduced notebooks/*.ipynb
    python scripts/execute_notebooks.py --mode full --inplace notebooks/04_*.ipynb

Sem ``--inplace`` as cópias vão para ``build/executados/``; com ``--inplace`` os notebooks em
``notebooks/`` são substituídos (é assim que o instrutor atualiza as saídas publicadas).
Cada notebook roda num kernel novo com ``COURSE_MODE`` e ``COURSE_NOTEBOOK`` definidos.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

ROOT = Path(__file__).resolve().parents[1]


def execute(path: Path, mode: str, out_dir: Path | None, timeout: int) -> float:
    """Executa um notebook e devolve o tempo gasto em segundos."""
    nb = nbformat.read(path, as_version=4)
    os.environ["COURSE_MODE"] = mode
    os.environ["COURSE_NOTEBOOK"] = path.name
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
    )
    start = time.perf_counter()
    try:
        client.execute()
    finally:
        elapsed = time.perf_counter() - start
        target = path if out_dir is None else out_dir / path.name
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
    return elapsed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Executa notebooks do curso sem interface e grava as cópias executadas."
    )
    parser.add_argument("notebooks", nargs="+", type=Path, help="arquivos .ipynb a executar")
    parser.add_argument(
        "--mode", choices=("full", "reduced", "fast"), default="reduced",
        help="modo do curso (padrão: reduced)",
    )
    parser.add_argument(
        "--inplace", action="store_true",
        help="substitui os notebooks originais em vez de gravar em build/executados/",
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "build" / "executados",
        help="pasta das cópias executadas (padrão: build/executados/)",
    )
    parser.add_argument(
        "--timeout", type=int, default=1800,
        help="tempo máximo por célula, em segundos (padrão: 1800)",
    )
    args = parser.parse_args(argv)

    out_dir = None if args.inplace else args.out
    failures = 0
    for path in sorted(args.notebooks):
        print(f"Executando {path.name} no modo {args.mode}...", flush=True)
        try:
            seconds = execute(path.resolve(), args.mode, out_dir, args.timeout)
        except CellExecutionError as exc:
            failures += 1
            print(f"  ERRO em {path.name}:\n{exc}", file=sys.stderr)
            continue
        print(f"  concluído em {seconds:.0f} s", flush=True)
    destination = "no próprio lugar" if out_dir is None else f"em {out_dir}"
    print(f"{len(args.notebooks) - failures} de {len(args.notebooks)} notebooks executados "
          f"({destination}).")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
