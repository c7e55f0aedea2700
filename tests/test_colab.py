"""A célula de preparação no Colab, simulada num kernel de verdade.

O módulo ``google.colab`` é criado no kernel antes da célula; um ``git`` falso no PATH "clona"
copiando este repositório para /content/redes-neurais-keras e anota cada chamada. A célula deve
clonar uma vez só (rodar de novo não faz nada), importar ``utils`` da cópia clonada, não instalar
pacotes (o Colab já traz TensorFlow, Keras e o resto) e detectar o Colab.
"""

import os
import shutil
import stat
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
CLONE = Path("/content/redes-neurais-keras")

FAKE_GIT = """#!/bin/sh
echo "$@" >> "{log}"
dest=""
for arg in "$@"; do dest="$arg"; done
mkdir -p "$dest"
cp -r "{repo}/utils" "{repo}/notebooks" "$dest/"
"""

SIMULATE_COLAB = """
import sys, types
import google.protobuf  # o pacote de namespace "google" de verdade continua importável
sys.modules["google.colab"] = types.ModuleType("google.colab")
"""

REPORT = """
import utils, importlib.metadata as md
print("utils de:", utils.__file__)
print("no Colab:", cfg.in_colab)
"""


def setup_source():
    nb = nbformat.read(ROOT / "notebooks" / "00_ambiente.ipynb", as_version=4)
    return next(c.source for c in nb.cells if c.cell_type == "code")


@pytest.fixture
def fake_colab(tmp_path, monkeypatch):
    if CLONE.exists() or (CLONE.parent.exists() and not os.access(CLONE.parent, os.W_OK)):
        pytest.fail(f"{CLONE} já existe ou não pode ser criado: o teste precisa dele livre")
    created_parent = not CLONE.parent.exists()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "git.log"
    git = bin_dir / "git"
    git.write_text(FAKE_GIT.format(log=log, repo=ROOT))
    git.chmod(git.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("COURSE_MODE", "fast")
    yield log
    shutil.rmtree(CLONE, ignore_errors=True)
    if created_parent:
        shutil.rmtree(CLONE.parent, ignore_errors=True)


def test_setup_cell_clones_once_and_imports_the_clone(fake_colab, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in
                (SIMULATE_COLAB, setup_source(), setup_source(), REPORT)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()

    calls = fake_colab.read_text().splitlines()
    assert len(calls) == 1, f"git deveria ser chamado uma única vez: {calls}"
    assert calls[0].startswith("clone -q --depth 1 https://github.com/")
    assert calls[0].endswith(str(CLONE))
    report = "".join(o.get("text", "") for o in nb.cells[3].outputs)
    assert f"utils de: {CLONE}/utils/__init__.py" in report
    assert "no Colab: True" in report
    setup_output = "".join(o.get("text", "") for o in nb.cells[1].outputs)
    assert "Ambiente: Google Colab" in setup_output
    assert "pip" not in setup_source(), "o Colab já traz as dependências; nada a instalar"
