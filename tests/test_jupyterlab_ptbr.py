"""A interface do JupyterLab em português, vista num navegador de verdade (Chromium headless do
Debian, via Playwright).

O teste inicia o JupyterLab do ambiente do projeto em 127.0.0.1 (porta livre, token, HOME e
configurações temporárias) com as configurações do curso (``jupyter/overrides.json``, que escolhe
o idioma pt_BR), abre um notebook e lê a barra de menus, o menu Kernel, a barra de status e o
diálogo de "reiniciar o kernel e executar todas as células". O servidor é encerrado no fim.

Os rótulos da barra de menus (File, Edit, View, Run, Kernel, Tabs, Settings, Help) vêm do
esquema de configurações com o contexto de tradução "menu", e o pacote de idioma pt-BR
(jupyterlab-language-pack-pt-br, todas as versões publicadas até a 4.5.post3) não tem essas
traduções, nem "%1 and %2", "Command"/"Edit" (modo do notebook) e o texto do diálogo de
reinício. Isso falta no próprio upstream (o arquivo .po do pt-BR no Crowdin), não é
incompatibilidade de versões; o teste da barra de menus fica marcado como falha esperada até que
essas traduções existam.
"""

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
ENGLISH_MENU_BAR = {"File", "Edit", "View", "Run", "Tabs", "Settings", "Help"}
FALTA_NO_UPSTREAM = (
    "o pacote de idioma pt-BR (upstream, até a 4.5.post3) não traduz os rótulos da barra de "
    "menus (contexto 'menu'), '%1 and %2' nem o texto do diálogo de reinício do kernel"
)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_lab(folder):
    """Inicia o JupyterLab do ambiente do projeto, como em test_exercicios.py."""
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
            texts["status"] = page.locator("#jp-main-statusbar").inner_text()
            dialog = page.locator(".jp-Dialog")
            for _ in range(20):  # logo após abrir, o notebook pode ainda não ver o kernel
                page.locator("#jp-MainMenu .lm-MenuBar-item").nth(4).click()  # menu Kernel
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
            texts["dialogo_botoes"] = [t.strip() for t in dialog.locator(
                ".jp-Dialog-footer button").all_inner_texts()]
            dialog.locator(".jp-Dialog-footer button").first.click()  # Cancelar: não reinicia
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=30)
    return texts


def test_kernel_menu_status_and_restart_dialog_are_portuguese(interface):
    """O que o pacote pt-BR já traduz aparece em português (o idioma pt_BR está ativo)."""
    kernel = interface["kernel"]
    assert "Interromper o kernel" in kernel, kernel
    assert "Reiniciar o kernel…" in kernel, kernel
    assert "Desligar o kernel" in kernel, kernel
    assert "Interrupt Kernel" not in kernel and "Restart Kernel…" not in kernel, kernel
    assert interface["reiniciar_e_executar"].startswith("Reiniciar o kernel"), interface
    assert "Executar todas as células" in interface["reiniciar_e_executar"], interface
    assert "Modo:" in interface["status"], interface["status"]
    assert interface["dialogo_titulo"] == "Reiniciar o Kernel?", interface
    assert interface["dialogo_botoes"] == ["Cancelar", "Reiniciar"], interface


@pytest.mark.xfail(strict=True, reason=FALTA_NO_UPSTREAM)
def test_menu_bar_and_restart_dialog_fully_portuguese(interface):
    """Barra de menus inteira em português, sem File/Edit/Run, e o diálogo de reinício sem
    inglês. Falha esperada enquanto o upstream não tiver essas traduções; quando passar (o
    pacote de idioma passou a traduzir ou o projeto completou as traduções), tire a marca."""
    barra = interface["barra"]
    assert "Arquivo" in barra and "Executar" in barra, barra
    assert barra == MENU_BAR, barra
    assert not ENGLISH_MENU_BAR & set(barra), barra
    assert interface["reiniciar_e_executar"].startswith("Reiniciar o kernel e "), interface
    assert " and " not in interface["reiniciar_e_executar"], interface
    assert "Modo: Comando" in interface["status"], interface["status"]
    assert interface["dialogo_corpo"].startswith("Deseja reiniciar o kernel"), interface
