"""Testes da linha de comando `python -m utils.data`, num processo separado, como um usuário."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = Path(os.environ.get("COURSE_DATA_DIR")
                   or REPO.parent / "shared" / "data").resolve()


@pytest.fixture
def cli(tmp_path):
    """Roda `python -m utils.data ARGS` com o espelho real e um cache vazio."""
    env = {**os.environ, "COURSE_DATA_DIR": str(SHARED_DATA),
           "COURSE_CACHE_DIR": str(tmp_path / "cache"), "COURSE_DOWNLOAD_TIMEOUT": "2"}
    env.pop("COURSE_DOWNLOAD_BASE_URL", None)

    def run(*args, **extra_env):
        return subprocess.run([sys.executable, "-m", "utils.data", *map(str, args)], cwd=REPO,
                              env={**env, **extra_env}, capture_output=True, text=True,
                              timeout=120)
    return run


def test_help_is_in_portuguese(cli):
    result = cli("--help")
    assert result.returncode == 0
    for text in ("uso: python -m utils.data", "comandos:", "mostra esta ajuda e sai",
                 "baixa das fontes oficiais", "grava um espelho", "confere um espelho"):
        assert text in result.stdout
    assert "usage:" not in result.stdout and "show this help" not in result.stdout
    export_help = cli("export", "--help").stdout
    assert "--to DIR" in export_help and "pasta de destino" in export_help


def test_usage_errors_are_in_portuguese(cli):
    result = cli("export", "mnist")
    assert result.returncode == 2 and "erro: faltam os argumentos: --to" in result.stderr
    result = cli("download", "imagenet")
    assert result.returncode == 2 and "escolha inválida: 'imagenet'" in result.stderr


def test_export_then_verify_round_trip(cli, tmp_path):
    mirror = tmp_path / "sala"
    result = cli("export", "mnist", "movie_reviews", "--to", mirror)
    assert result.returncode == 0, result.stderr
    assert "OK   mnist" in result.stdout and f"COURSE_DATA_DIR={mirror}" in result.stdout
    assert sorted(p.name for p in mirror.iterdir()) == ["mnist.npz", "rt-polaritydata"]
    # o texto exportado é idêntico ao espelho (UTF-8, mesmo hash de conteúdo)
    for name in ("rt-polarity.pos", "rt-polarity.neg"):
        assert (mirror / "rt-polaritydata" / name).read_bytes() == (
            SHARED_DATA / "rt-polaritydata" / name).read_bytes()

    result = cli("verify", mirror)
    assert result.returncode == 0, result.stderr
    assert "OK   mnist: 5.000 treino + 10.000 teste" in result.stdout
    assert "OK   movie_reviews: 10.662 exemplos" in result.stdout

    (mirror / "mnist.npz").write_bytes((mirror / "mnist.npz").read_bytes()[:100_000])
    with open(mirror / "rt-polaritydata" / "rt-polarity.pos", "a", encoding="utf-8") as file:
        file.write("frase a mais .\n")
    result = cli("verify", mirror)
    assert result.returncode == 1
    assert "ERRO mnist" in result.stderr and "corrompido ou truncado" in result.stderr
    assert "ERRO movie_reviews" in result.stderr and "sha256" in result.stderr


def test_verify_empty_folder_fails(cli, tmp_path):
    result = cli("verify", tmp_path)
    assert result.returncode == 1 and "Nenhum conjunto" in result.stderr
    assert cli("verify", tmp_path / "nao-existe").returncode == 1


def test_export_of_unavailable_dataset_fails_with_instructions(cli, tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as sock:  # porta fechada: "sem rede"
        closed = f"http://127.0.0.1:{sock.getsockname()[1]}/"
    result = cli("export", "imdb_reviews", "--to", tmp_path / "sala",
                 COURSE_DOWNLOAD_BASE_URL=closed)
    assert result.returncode == 1
    assert "ERRO imdb_reviews" in result.stderr
    assert "conexão recusada" in result.stderr
    assert "python -m utils.data download imdb_reviews" in result.stderr
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_module_does_not_import_tensorflow():
    code = "import sys, utils.data; print(sorted({'tensorflow', 'keras'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0 and result.stdout.strip() == "[]", result.stderr
