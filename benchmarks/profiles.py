"""Perfis de CPU do benchmark: medir, em qualquer máquina, como o curso roda numa CPU de aluno.

Dois perfis:

- ``nativo``: a máquina como ela é;
- ``laptop`` (antes ``notebook``, que ainda vale): um laptop de estudante com 2 núcleos, AVX2 e
  sem AVX-512. Junta duas coisas:

  1. ``ONEDNN_MAX_CPU_ISA=AVX2`` — o oneDNN (as convoluções e multiplicações de matrizes do
     TensorFlow na CPU) deixa de usar AVX-512 e AMX. Isso reproduz a perda de **aritmética**
     (multiplicação de matrizes ~0,6× numa CPU AVX-512), mas **não** o custo fixo por passo de
     treino (Python, despacho de operações), que depende da velocidade de cada núcleo: medido
     aqui, uma época da MLP do notebook 02 com lotes de 32 levou 2,5 s sem limite e 2,3 s com
     ele, contra 8,5 s num laptop AVX2 real;
  2. uma cota de CPU (cgroup) de ``cpu_quota`` núcleos para o processo e seus filhos, que deixa
     mais lentas as duas partes. Com 0,6 núcleo (e AVX2), a multiplicação de matrizes ficou em
     ~81 GFLOP/s e a época da MLP em 4,8 s, contra 101 GFLOP/s e 8,5 s no laptop AVX2 real:
     a aritmética fica um pouco pessimista e o custo por passo, otimista.

A cota exige permissão para criar um cgroup (root, ou cgroup delegado); sem ela, o perfil falha
com uma mensagem que diz o que fazer. Tudo o que o benchmark executa depois de ``apply`` (o kernel
de cada notebook) herda o limite e a variável.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
CGROUP_NAME = "redes-neurais-benchmark"


@dataclass(frozen=True)
class Profile:
    name: str
    description: str
    isa: str | None = None
    cpu_quota: float | None = None


PROFILES = {
    "nativo": Profile("nativo", "a CPU desta máquina, sem limites"),
    "laptop": Profile("laptop", "laptop de estudante: oneDNN limitado a AVX2 e cota de "
                      "0,6 núcleo de CPU", isa="AVX2", cpu_quota=0.6),
}
PROFILES["notebook"] = PROFILES["laptop"]  # o nome antigo do perfil (PERFIL=notebook)


class ProfileError(RuntimeError):
    """O perfil pedido não pode ser aplicado nesta máquina."""


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="ascii")


def limit_cpu(quota: float, root: Path = CGROUP_ROOT, name: str = CGROUP_NAME,
              pid: int | None = None) -> Path:
    """Põe o processo ``pid`` (padrão: este) num cgroup com ``quota`` núcleos de CPU.

    Usa o cgroup v2 (``cpu.max``) quando existe, senão o v1 (``cpu/cpu.cfs_quota_us``).
    Devolve a pasta do cgroup. Os filhos criados depois herdam o limite.
    """
    if not quota > 0:
        raise ValueError(f"A cota de CPU deve ser positiva, não {quota!r}.")
    pid = os.getpid() if pid is None else pid
    period = 100_000
    try:
        if (root / "cgroup.controllers").exists():  # cgroup v2
            group = root / name
            group.mkdir(exist_ok=True)
            _write(group / "cpu.max", f"{int(quota * period)} {period}")
        elif (root / "cpu").is_dir():  # cgroup v1
            group = root / "cpu" / name
            group.mkdir(exist_ok=True)
            _write(group / "cpu.cfs_period_us", str(period))
            _write(group / "cpu.cfs_quota_us", str(int(quota * period)))
        else:
            raise ProfileError(f"Não encontrei cgroups em {root}: não dá para limitar a CPU.")
        _write(group / "cgroup.procs", str(pid))
    except OSError as error:
        raise ProfileError(
            f"Não foi possível limitar a CPU a {quota} núcleo(s) com um cgroup em {root} "
            f"({error.strerror or error}). Rode o benchmark como root (ou num cgroup delegado "
            "ao seu usuário), ou use --perfil nativo."
        ) from error
    return group


def apply(profile: Profile, root: Path = CGROUP_ROOT) -> None:
    """Aplica o perfil a este processo e a todos os que ele criar depois."""
    if profile.isa:
        os.environ["ONEDNN_MAX_CPU_ISA"] = profile.isa
    if profile.cpu_quota:
        limit_cpu(profile.cpu_quota, root=root)


def cpu_model(cpuinfo: str | None = None) -> dict:
    """Modelo da CPU e se ela tem AVX-512 e AVX2, lidos de ``/proc/cpuinfo``."""
    from utils.runtime import cpu_isa

    if cpuinfo is None:
        try:
            cpuinfo = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            cpuinfo = ""
    name = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    isa = cpu_isa(cpuinfo, limit="")
    return {"cpu": name.group(1).strip() if name else "desconhecida",
            "avx512": isa == "AVX-512", "avx2": isa in ("AVX-512", "AVX2")}


GFLOPS_SCRIPT = """
import os, time
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np, tensorflow as tf
a = tf.random.normal((2048, 2048)); (a @ a).numpy()
times = []
for _ in range(5):
    start = time.perf_counter(); (a @ a).numpy(); times.append(time.perf_counter() - start)
print(2 * 2048**3 / np.median(times) / 1e9)
"""


def matmul_gflops() -> float | None:
    """GFLOP/s de uma multiplicação 2048×2048 em float32 (como a do notebook 00), medidos num
    processo novo com o ambiente atual (perfil incluído). ``None`` se a medição falhar."""
    try:
        out = subprocess.run([sys.executable, "-c", GFLOPS_SCRIPT], capture_output=True,
                             text=True, timeout=300, check=True).stdout
        return round(float(out.strip().splitlines()[-1]), 1)
    except (OSError, subprocess.SubprocessError, ValueError, IndexError):
        return None


def describe_machine(profile: Profile) -> dict:
    """O que o benchmark grava sobre a máquina em cada linha de resultado."""
    return {"profile": profile.name, "profile_description": profile.description,
            "isa_limit": profile.isa, "cpu_quota": profile.cpu_quota,
            "matmul_gflops": matmul_gflops(), **cpu_model()}
