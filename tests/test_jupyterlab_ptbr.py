"""A interface do JupyterLab em português, vista num navegador de verdade (Chromium headless do
Debian, via Playwright).

O teste inicia o JupyterLab do ambiente do projeto em 127.0.0.1 (porta livre, token, HOME e
configurações temporárias) com as configurações do curso (``jupyter/overrides.json``), abre um
notebook e lê a barra de menus, o menu Kernel, a barra de status e o diálogo de "reiniciar o
kernel e executar todas as células" (que é cancelado). O servidor é encerrado no fim.

O pacote de idioma pt-BR (jupyterlab-language-pack-pt-br, até a 4.5.post3) não traduz tudo; a
falta é do próprio upstream (o .po do pt-BR no Crowdin). O curso completa o que aparece aqui:

- os rótulos da barra de menus (Arquivo, Editar…) vêm de ``jupyter/overrides.json``;
- o diálogo de reinício, "%1 and %2" ("Reiniciar o kernel e …"), os modos Comando/Edição e o
  estado do kernel vêm de ``jupyter/traducao_complementar.py``, que o Makefile roda no pacote
  instalado depois do ``pip install``. O teste confere o ambiente como o ``make`` o deixa.
"""

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from test_browser import CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
TOKEN = "teste"
MENU_BAR = ["Arquivo", "Editar", "Ver", "Executar", "Kernel", "Abas", "Configurações", "Ajuda"]
ENGLISH_WORDS = {"and", "Restart", "Interrupt", "Reconnect", "Shut", "Change", "Clear", "Debug",
                 "Run", "All", "Cells"}
RODE_O_MAKE = ("o pacote pt-BR instalado não foi completado: rode `make ambiente` (ou "
               "`.venv/bin/python jupyter/traducao_complementar.py`)")

spec = importlib.util.spec_from_file_location(
    "traducao_complementar", ROOT / "jupyter" / "traducao_complementar.py")
traducao = importlib.util.module_from_spec(spec)
spec.loader.exec_module(traducao)


def english(texts):
    """Os textos que ainda têm palavras em inglês."""
    return [t for t in texts if ENGLISH_WORDS & set(t.replace("…", " ").split())]


def test_traducao_complementar_only_adds(tmp_path):
    """O script roda numa CÓPIA do jupyterlab.json do pacote (não no ambiente): acrescenta as
    frases que faltam, não troca uma tradução que já existe, não remove nada e, rodado de novo,
    não muda o arquivo."""
    installed = traducao.package_folder() / "jupyterlab.json"
    original = json.loads(installed.read_text(encoding="utf-8"))
    for phrase in traducao.TRANSLATIONS:  # como o pacote publicado, mesmo se o make já completou
        original.pop(phrase, None)
    original["Idle"] = ["Inativo"]  # uma tradução que o upstream venha a ter fica como está
    copy = tmp_path / "jupyterlab.json"
    copy.write_text(json.dumps(original, indent=4, sort_keys=True), encoding="utf-8")

    added = traducao.complete(tmp_path)
    assert set(added) == set(traducao.TRANSLATIONS) - {"Idle"}
    result = json.loads(copy.read_text(encoding="utf-8"))
    assert {k: v for k, v in result.items() if k in original} == original
    assert set(result) == set(original) | set(added)
    assert result["%1 and %2"] == ["%1 e %2"] and result["Command"] == ["Comando"]
    assert result["Do you want to restart the kernel of %1? All variables will be lost."] == \
        ["Deseja reiniciar o kernel de %1? Todas as variáveis serão perdidas."]
    before = copy.read_bytes()
    assert traducao.complete(tmp_path) == []
    assert copy.read_bytes() == before
    assert not list(tmp_path.glob("*.tmp"))


def test_traducao_complementar_errors_in_portuguese(tmp_path, monkeypatch):
    with pytest.raises(SystemExit, match="não existe"):
        traducao.complete(tmp_path)
    monkeypatch.setattr(traducao, "PACKAGE", "pacote_de_idioma_que_nao_existe")
    with pytest.raises(SystemExit, match="pacote de idioma pt-BR do JupyterLab não está "
                                         "instalado"):
        traducao.package_folder()


def test_installed_pack_was_completed():
    """O ambiente (como o ``make`` o deixa) já tem as frases do complemento."""
    data = json.loads((traducao.package_folder() / "jupyterlab.json").read_text(
        encoding="utf-8"))
    missing = [p for p in traducao.TRANSLATIONS if not (data.get(p) or [""])[0]]
    assert not missing, f"{RODE_O_MAKE}; faltam: {missing}"


def test_overrides_name_every_main_menu():
    """jupyter/overrides.json renomeia exatamente os menus que o JupyterLab instalado define
    (um id desconhecido criaria um menu vazio na barra)."""
    overrides = json.loads((ROOT / "jupyter" / "overrides.json").read_text(encoding="utf-8"))
    assert overrides["@jupyterlab/translation-extension:plugin"]["locale"] == "pt_BR"
    menus = overrides["@jupyterlab/mainmenu-extension:plugin"]["menus"]
    schema = json.loads((Path(sys.prefix) / "share" / "jupyter" / "lab" / "schemas" /
                         "@jupyterlab" / "mainmenu-extension" / "plugin.json").read_text(
        encoding="utf-8"))
    assert [m["id"] for m in menus] == [m["id"] for m in schema["jupyter.lab.menus"]["main"]]
    assert [m["label"] for m in menus] == MENU_BAR
    assert all(set(m) == {"id", "label"} for m in menus)  # só o rótulo; itens e ordem intactos


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(folder):
    """Inicia o JupyterLab do ambiente do projeto numa porta livre; devolve (processo, endereço)."""
    port = free_port()
    env = dict(os.environ, HOME=str(folder), JUPYTER_CONFIG_DIR=str(folder / "config"),
               JUPYTER_RUNTIME_DIR=str(folder / "runtime"))
    lab = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", "--ip=127.0.0.1",
         f"--port={port}", "--ServerApp.port_retries=0", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={folder}", f"--LabApp.app_settings_dir={ROOT / 'jupyter'}"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{base}/api/status?token={TOKEN}", timeout=1)
            return lab, base
        except OSError:
            if lab.poll() is not None:
                break
            time.sleep(0.5)
    lab.terminate()
    lab.wait(timeout=30)
    pytest.fail("o JupyterLab não respondeu em 60 s")


def wait_for_idle_kernel(base):
    """Espera o kernel do notebook aberto ficar ocioso (pela API do servidor)."""
    for _ in range(120):
        sessions = json.load(urllib.request.urlopen(f"{base}/api/sessions?token={TOKEN}"))
        if any(s["kernel"] and s["kernel"]["execution_state"] == "idle" for s in sessions):
            return
        time.sleep(0.5)
    pytest.fail("o kernel do notebook não ficou ocioso em 60 s")


def menu_labels(page):
    page.wait_for_selector(".lm-Menu .lm-Menu-itemLabel")
    return [t.strip() for t in page.locator(".lm-Menu .lm-Menu-itemLabel").all_inner_texts()
            if t.strip()]


@pytest.fixture(scope="module")
def interface(tmp_path_factory):
    """Abre um notebook no JupyterLab e devolve os textos da interface que os testes conferem."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium não instalado em /usr/bin/chromium (apt-get install chromium); "
                    "sem ele não dá para ver a interface do JupyterLab")
    from playwright.sync_api import sync_playwright

    folder = tmp_path_factory.mktemp("jupyterlab_ptbr")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, folder / "teste.ipynb")
    lab, base = start_lab(folder)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(30_000)
            page.goto(f"{base}/lab/tree/teste.ipynb?token={TOKEN}")
            page.wait_for_selector("#jp-MainMenu .lm-MenuBar-itemLabel", timeout=45_000)
            page.wait_for_selector(".jp-Notebook .jp-Cell")
            wait_for_idle_kernel(base)
            texts = {"barra": [t.strip() for t in page.locator(
                "#jp-MainMenu .lm-MenuBar-itemLabel").all_inner_texts()]}
            for _ in range(40):  # a barra de status mostra o kernel ocioso um pouco depois
                texts["status"] = page.locator("#jp-main-statusbar").inner_text()
                if "| Ocioso" in texts["status"] or "| Idle" in texts["status"]:
                    break
                time.sleep(0.25)
            dialog = page.locator(".jp-Dialog")
            for _ in range(20):  # logo após abrir, o notebook pode ainda não ver o kernel
                page.locator("#jp-MainMenu .lm-MenuBar-item", has_text="Kernel").click()
                texts["kernel"] = menu_labels(page)
                item = page.locator(".lm-Menu-item[data-command='runmenu:restart-and-run-all']")
                texts["reiniciar_e_executar"] = item.locator(".lm-Menu-itemLabel").inner_text()
                item.click()
                dialog.wait_for()
                texts["dialogo_titulo"] = dialog.locator(".jp-Dialog-header").inner_text().strip()
                if texts["dialogo_titulo"] not in ("Selecionar Kernel", "Select Kernel"):
                    break
                dialog.locator(".jp-Dialog-footer button").first.click()
                dialog.wait_for(state="detached")
                time.sleep(0.5)
            texts["dialogo_corpo"] = dialog.locator(".jp-Dialog-body").inner_text().strip()
            texts["dialogo_caixa"] = dialog.locator(".jp-Dialog-checkbox").inner_text().strip()
            texts["dialogo_botoes"] = [t.strip() for t in dialog.locator(
                ".jp-Dialog-footer button").all_inner_texts()]
            dialog.locator(".jp-Dialog-footer button").first.click()  # Cancelar: não reinicia
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)
    return texts


def test_menu_bar_is_portuguese(interface):
    barra = interface["barra"]
    assert "Arquivo" in barra and "Executar" in barra, barra
    assert barra == MENU_BAR, barra


def test_kernel_menu_is_portuguese(interface):
    kernel = interface["kernel"]
    assert "Interromper o kernel" in kernel and "Reiniciar o kernel…" in kernel, kernel
    assert "Reiniciar o kernel e Executar todas as células…" in kernel, (RODE_O_MAKE, kernel)
    assert "Reiniciar o kernel e Limpar as saídas de todas as células…" in kernel, kernel
    assert "Desligar o kernel" in kernel, kernel
    assert not english(kernel), (RODE_O_MAKE, english(kernel))
    assert interface["reiniciar_e_executar"] == "Reiniciar o kernel e Executar todas as células…"


def test_status_bar_is_portuguese(interface):
    status = interface["status"]
    assert "Modo: Comando" in status, (RODE_O_MAKE, status)
    assert "| Ocioso" in status, (RODE_O_MAKE, status)


def test_restart_dialog_is_portuguese(interface):
    assert interface["dialogo_titulo"] == "Reiniciar o Kernel?", interface
    assert interface["dialogo_corpo"] == ("Deseja reiniciar o kernel de teste.ipynb? Todas as "
                                          "variáveis serão perdidas."), (RODE_O_MAKE, interface)
    assert interface["dialogo_caixa"] == "Não perguntar novamente.", interface
    assert interface["dialogo_botoes"] == ["Cancelar", "Reiniciar"], interface


def test_jupyterlab_starts_in_portuguese(tmp_path):
    """As configurações do curso (jupyter/overrides.json, copiadas pelo Makefile) escolhem o
    pacote de idioma pt-BR, que o servidor encontra."""
    assert "cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json" in \
        (ROOT / "Makefile").read_text(encoding="utf-8")
    lab, base = start_lab(tmp_path)
    try:
        settings = json.load(urllib.request.urlopen(
            f"{base}/lab/api/settings/@jupyterlab/translation-extension:plugin?token={TOKEN}"))
        assert settings["schema"]["properties"]["locale"]["default"] == "pt_BR"
        translations = json.load(urllib.request.urlopen(
            f"{base}/lab/api/translations/pt_BR?token={TOKEN}"))
        assert "jupyterlab" in translations["data"]
    finally:
        lab.terminate()
        lab.wait(timeout=30)
