"""O projeto como um todo: versões fixas coerentes, comandos do README, CI e scripts."""

import re
import subprocess
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([\w.]+)$")


def pins_from_requirements():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    entries = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    pins = {}
    for entry in entries:
        match = PIN.match(entry)
        assert match, f"requirements.txt: versão não fixada com == em {entry!r}"
        pins[match.group(1).lower()] = match.group(2)
    return pins


def pins_from_environment():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pip_block = text.split("- pip:", 1)[1]
    return {
        m.group(1).lower(): m.group(2)
        for m in re.finditer(r"^\s+- ([A-Za-z0-9_.\-\[\]]+)==([\w.]+)\s*$", pip_block, re.M)
    }


def test_requirements_are_pinned_and_match_environment_yml():
    req, env = pins_from_requirements(), pins_from_environment()
    assert {"tensorflow", "keras", "nbval", "jupyterlab", "jupyterlab-rise"} <= set(req)
    assert req == env


def test_installed_versions_match_the_pins():
    from importlib.metadata import version

    for name, pinned in pins_from_requirements().items():
        assert version(name) == pinned, f"{name}: instalado {version(name)}, fixado {pinned}"


def readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"Rodar os testes.*?```(?:bash)?\n(.+?)\n```", readme, re.S)
    assert match, "o README precisa de um bloco 'Rodar os testes' com o comando"
    return match.group(1).strip()


def test_ci_runs_exactly_the_readme_test_command():
    command = readme_test_command()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert command in ci.splitlines()
    assert "graphviz" in ci and "dataset-fashion-mnist" in ci and "COURSE_DATA_DIR" in ci


def test_readme_commands_exist_in_makefile():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for target in re.findall(r"^make (\w+)", readme, re.M):
        assert re.search(rf"^{target}:", makefile, re.M), f"alvo {target} ausente no Makefile"


def test_data_folder_keeps_only_its_readme_in_git():
    tracked = subprocess.run(["git", "ls-files", "data"], cwd=ROOT, capture_output=True,
                             text=True).stdout.split()
    assert tracked in ([], ["data/README.md"])
    ignored = subprocess.run(["git", "check-ignore", "-q", "data/mnist.npz"], cwd=ROOT)
    assert ignored.returncode == 0, "arquivos de dados em data/ devem ser ignorados pelo git"


def make_notebook(path, source):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source)]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, path)


def test_execute_script_runs_in_the_chosen_mode_and_writes_copies(tmp_path):
    source = tmp_path / "fonte"
    source.mkdir()
    make_notebook(source / "99_teste.ipynb",
                  "import os\nprint(os.environ['COURSE_MODE'], os.environ['COURSE_NOTEBOOK'])")
    out = tmp_path / "saida"
    proc = subprocess.run(
        [sys.executable, "scripts/execute_notebooks.py", "--mode", "fast", "--out", str(out),
         str(source / "99_teste.ipynb")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert "1 de 1 notebooks executados" in proc.stdout
    executed = nbformat.read(out / "99_teste.ipynb", as_version=4)
    assert executed.cells[0].outputs[0].text == "fast 99_teste.ipynb\n"
    original = nbformat.read(source / "99_teste.ipynb", as_version=4)
    assert original.cells[0].outputs == [], "sem --inplace o original não muda"


def test_execute_script_reports_a_failing_notebook(tmp_path):
    make_notebook(tmp_path / "98_erro.ipynb", "raise ValueError('falhou de propósito')")
    proc = subprocess.run(
        [sys.executable, "scripts/execute_notebooks.py", "--mode", "fast",
         "--out", str(tmp_path / "saida"), str(tmp_path / "98_erro.ipynb")],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 1
    assert "ERRO em 98_erro.ipynb" in proc.stderr and "falhou de propósito" in proc.stderr
    assert "0 de 1 notebooks executados" in proc.stdout


def test_execute_script_rejects_unknown_mode():
    proc = subprocess.run(
        [sys.executable, "scripts/execute_notebooks.py", "--mode", "turbo", "x.ipynb"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert proc.returncode == 2 and "'turbo'" in proc.stderr


def test_license_uses_the_spdx_form():
    """`license = { text = ... }` faz o setuptools ≥ 77 imprimir um aviso de obsoleto a cada
    instalação; a forma SPDX (PEP 639) não."""
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'^license = "MIT"$', text, re.M)
    assert 'requires = ["setuptools>=77"]' in text


def test_laptop_not_notebook_for_the_students_computer():
    """Num curso feito de notebooks Jupyter, o computador do aluno é um "laptop"."""
    texts = [(ROOT / "README.md").read_text(encoding="utf-8"),
             (ROOT / "Makefile").read_text(encoding="utf-8")]
    for path in sorted((ROOT / "notebooks").glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        texts += [c.source for c in nb.cells if c.cell_type == "markdown"]
    bad = re.compile(r"CPU de\s+notebook|notebooks? de estudante|notebook (?:AVX2 )?real")
    assert not [m[0] for text in texts for m in bad.finditer(text)]


def test_readme_index_names_the_cpu_once():
    """A CPU a que os tempos do modo reduced se referem aparece uma vez, acima do índice."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    before, index = text.split("<!-- indice:inicio -->")[0], \
        text.split("<!-- indice:inicio -->")[1].split("<!-- indice:fim -->")[0]
    assert "CPU de laptop com 2 núcleos e AVX2" in before.split("## Notebooks")[1]
    assert "AVX2" not in index and "AVX-512" not in index
    assert index.count("modo `reduced`") == len(list((ROOT / "notebooks").glob("*.ipynb")))
