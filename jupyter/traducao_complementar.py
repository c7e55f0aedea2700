"""Completa a tradução pt-BR do JupyterLab com frases que o pacote de idioma ainda não traz.

O pacote jupyterlab-language-pack-pt-br (até a 4.5.post3) não traduz, por exemplo, o texto do
diálogo "Reiniciar o Kernel?", o "%1 and %2" que compõe "Reiniciar o kernel e Executar todas
as células…" e os modos "Command"/"Edit" da barra de status. A falta é do próprio upstream (o
.po do pt-BR no Crowdin). Este script acrescenta essas frases ao ``jupyterlab.json`` do pacote
instalado, o path_json que o servidor entrega ao navegador (o ``.mo`` só serve às traduções feitas
no servidor e fica como está). Os rótulos da barra de menus (Arquivo, Editar…) não estão aqui:
vêm de ``jupyter/overrides.json``.

Só acrescenta: uma phrase que o pacote já traduz fica como está, nada é removido e rodar de novo
não muda nada. Reinstalar o pacote desfaz o complemento; por isso o Makefile roda este script
logo depois do ``pip install``.

Uso: python jupyter/traducao_complementar.py [PASTA]
(PASTA: a folder com o jupyterlab.json; sem ela, a do pacote instalado neste Python)
"""

import importlib.util
import json
import sys
from pathlib import Path

PACKAGE = "jupyterlab_language_pack_pt_BR"

TRANSLATIONS = {
    # Menus Kernel e Executar: os itens "Reiniciar o kernel e …"
    "%1 and %2": "%1 e %2",
    "Clear Outputs of All Cells": "Limpar as saídas de todas as células",
    "Restart Kernel and Debug…": "Reiniciar o kernel e depurar…",
    "Reconnect to Kernel": "Reconectar ao kernel",
    # Barra de status: modo do notebook e estado do kernel
    "Command": "Comando",
    "Edit": "Edição",
    "Unknown": "Desconhecido",
    "Idle": "Ocioso",
    "Busy": "Ocupado",
    "Starting": "Iniciando",
    "Restarting": "Reiniciando",
    # Navegador de arquivos: a coluna ao lado de "Nome"
    "Modified": "Modificado",
    # Diálogo "Reiniciar o Kernel?"
    "Do you want to restart the kernel of %1? All variables will be lost.":
        "Deseja reiniciar o kernel de %1? Todas as variáveis serão perdidas.",
    "Do not ask me again.": "Não perguntar novamente.",
}


def package_folder() -> Path:
    """A pasta LC_MESSAGES do pacote de idioma pt-BR instalado neste Python."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or spec.origin is None:
        raise SystemExit(
            "erro: o pacote de idioma pt-BR do JupyterLab não está instalado neste ambiente "
            f"({sys.executable}); instale-o com: pip install -r requirements.txt")
    return Path(spec.origin).parent / "locale" / "pt_BR" / "LC_MESSAGES"


def complete(folder: Path) -> list[str]:
    """Acrescenta ao jupyterlab.json de ``folder`` as frases de TRANSLATIONS que faltam (ou estão
    vazias) e devolve as que acrescentou. Não escreve nada se não faltar nenhuma."""
    path_json = Path(folder) / "jupyterlab.json"
    if not path_json.is_file():
        raise SystemExit(f"erro: {path_json} não existe; confira a pasta ou reinstale o pacote "
                         "de idioma: pip install --force-reinstall jupyterlab-language-pack-pt-br")
    data = json.loads(path_json.read_text(encoding="utf-8"))
    added = [phrase for phrase in TRANSLATIONS if not (data.get(phrase) or [""])[0]]
    if added:
        data.update({phrase: [TRANSLATIONS[phrase]] for phrase in added})
        temporary = path_json.with_name(path_json.name + ".tmp")
        # o mesmo formato do pacote (chaves em ordem, 4 espaços), para não mexer no resto
        temporary.write_text(json.dumps(data, indent=4, sort_keys=True), encoding="utf-8")
        temporary.replace(path_json)
    return added


if __name__ == "__main__":
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else package_folder()
    added = complete(folder)
    print(f"tradução complementar do JupyterLab: {len(added)} frase(s) acrescentada(s) em "
          f"{folder / 'jupyterlab.json'}")
