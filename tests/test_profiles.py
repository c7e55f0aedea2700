"""Testes dos perfis de CPU do benchmark (sem medir tempo: só o comportamento)."""

import os

import numpy as np
import pytest

from benchmarks import profiles
from benchmarks.run import machines_table, summary

CPUINFO_AVX512 = """processor\t: 0
model name\t: AMD EPYC 9R14
flags\t\t: fpu sse2 avx avx2 fma avx512f avx512bw
"""
CPUINFO_AVX2 = """processor\t: 0
model name\t: Intel(R) Core(TM) i5-10210U CPU @ 1.60GHz
flags\t\t: fpu sse2 avx avx2 fma
"""


def test_cpu_model_reads_name_and_vector_extensions():
    assert profiles.cpu_model(CPUINFO_AVX512) == {"cpu": "AMD EPYC 9R14", "avx512": True,
                                                  "avx2": True}
    laptop = profiles.cpu_model(CPUINFO_AVX2)
    assert laptop["cpu"].startswith("Intel(R) Core(TM) i5") and not laptop["avx512"]
    assert profiles.cpu_model("") == {"cpu": "desconhecida", "avx512": False, "avx2": False}


def test_limit_cpu_writes_a_cgroup_v1_quota(tmp_path):
    (tmp_path / "cpu").mkdir()
    group = profiles.limit_cpu(0.6, root=tmp_path, name="teste", pid=12345)
    assert group == tmp_path / "cpu" / "teste"
    assert (group / "cpu.cfs_quota_us").read_text() == "60000"
    assert (group / "cpu.cfs_period_us").read_text() == "100000"
    assert (group / "cgroup.procs").read_text() == "12345"


def test_limit_cpu_writes_a_cgroup_v2_quota(tmp_path):
    (tmp_path / "cgroup.controllers").write_text("cpu memory")
    group = profiles.limit_cpu(1.5, root=tmp_path, name="teste", pid=7)
    assert (group / "cpu.max").read_text() == "150000 100000"
    assert (group / "cgroup.procs").read_text() == "7"


def test_limit_cpu_explains_in_portuguese_when_it_cannot(tmp_path):
    with pytest.raises(profiles.ProfileError, match="Não encontrei cgroups"):
        profiles.limit_cpu(0.6, root=tmp_path / "nao-existe", pid=1)
    (tmp_path / "cpu").mkdir()
    (tmp_path / "cpu" / "teste").write_text("um arquivo no lugar da pasta")
    with pytest.raises(profiles.ProfileError, match="Não foi possível limitar a CPU.*--perfil"):
        profiles.limit_cpu(0.6, root=tmp_path, name="teste", pid=1)
    with pytest.raises(ValueError, match="positiva"):
        profiles.limit_cpu(0, root=tmp_path)


def test_apply_sets_the_onednn_isa_limit_for_child_processes(tmp_path, monkeypatch):
    monkeypatch.delenv("ONEDNN_MAX_CPU_ISA", raising=False)
    (tmp_path / "cpu").mkdir()
    monkeypatch.setattr(profiles, "limit_cpu", lambda quota, root: calls.append((quota, root)))
    calls = []
    profiles.apply(profiles.PROFILES["nativo"], root=tmp_path)
    assert "ONEDNN_MAX_CPU_ISA" not in os.environ and calls == []
    profiles.apply(profiles.PROFILES["laptop"], root=tmp_path)
    assert os.environ["ONEDNN_MAX_CPU_ISA"] == "AVX2"
    assert calls == [(0.6, tmp_path)]


def test_benchmark_tables_say_on_which_cpu_each_time_was_measured():
    info = {"profile": "laptop", "profile_description": "laptop de estudante",
            "matmul_gflops": 80.7, "cpu": "AMD EPYC", "avx512": True}
    rows = [
        {"machine": "cpu-2nucleos-avx512-perfil-laptop", "mode": "reduced",
         "notebook": "02_mlp.ipynb", "wall_s": 200.0, "results": {"test_accuracy_mlp": 0.89},
         "machine_info": info},
        {"machine": "antiga", "mode": "reduced", "notebook": "02_mlp.ipynb", "wall_s": 400.0,
         "results": {}},
    ]
    table = machines_table(rows)
    assert "| cpu-2nucleos-avx512-perfil-laptop | AMD EPYC | sim | laptop de estudante " \
           "| 81 GFLOP/s |" in table
    assert "| antiga | não registrada |" in table
    short = summary(rows)
    assert "reduced<br>antiga" in short and "3,3 min" in short and "6,7 min" in short
    assert "test_accuracy_mlp = 89,00 %" in short and "GFLOP/s" in short


def test_speedups_report_puts_before_and_now_side_by_side():
    from benchmarks import speedups

    rows = [{"notebook": "02_mlp", "model": "MLP 784-128-10", "n_examples": 55000,
             "batch_size": 32, "steps_per_execution_before": 1, "steps_per_execution_now": 32,
             "seconds_before": 8.5, "seconds_now": 3.4, "ratio": 2.5}]
    info = {"cpu": "Intel Core i5", "avx512": False, "matmul_gflops": 101.0,
            "profile_description": "a CPU desta máquina, sem limites"}
    text = speedups.render("cpu-2nucleos-avx2", "CPU (2 núcleos, AVX2, sem GPU)", 5000, 3, [],
                           info, rows)
    assert "CPU: Intel Core i5 (AVX-512: não)" in text and "101.0 GFLOP/s" in text
    assert "| 02_mlp | MLP 784-128-10 | 55000 | 32 | 8,50 (spe 1, arrays) | " \
           "3,40 (spe 32, arrays) | 2,50× |" in text
    rows[0].update(input_now="tf.data", model="784-512-512-10, 1.000 imagens")
    text = speedups.render("m", "CPU", 5000, 3, [], info, rows)
    assert "| 784-512-512-10, 1.000 imagens | 55000 | 32 | 8,50 (spe 1, arrays) | " \
           "3,40 (spe 32, tf.data) |" in text
    assert "Pipeline de entrada" not in text  # sem a outra série, sem a outra tabela


def test_speedups_times_an_epoch_with_arrays_and_with_tf_data():
    from benchmarks import speedups

    speedups._import_keras()
    rng = np.random.default_rng(0)
    x = rng.random((256, 28, 28), dtype=np.float32)
    y = rng.integers(0, 10, size=256)
    val = (x[:100], y[:100])
    loss = "sparse_categorical_crossentropy"
    for tf_data in (False, True):
        seconds = speedups.seconds_per_epoch(speedups._mlp_512_02, loss, 32, 4, x, y, repeats=1,
                                             val=val, tf_data=tf_data)
        assert isinstance(seconds, float) and seconds > 0
