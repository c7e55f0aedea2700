"""Gera os slides (reveal.js) e o site navegável do curso a partir dos notebooks executados.

    python scripts/build_site.py             # site completo em build/site/
    python scripts/build_site.py --slides    # só as apresentações, em build/site/slides/

Resultado (pasta ignorada pelo git)::

    build/site/index.html              índice em português: ordem, resumo, tempos, links
    build/site/notebooks/NN_*.html     cada notebook com as saídas publicadas
    build/site/slides/NN_*.slides.html uma apresentação por notebook
    build/site/vendor/                 reveal.js, require.js, jQuery e MathJax locais

As bibliotecas JavaScript vêm do registro npm (versões fixas em ``scripts/web/package.json``) e
ficam ao lado das páginas, para que o site e os slides funcionem sem internet (numa sala de aula
offline, ou no teste do navegador). Sem ``npm``, as páginas usam as CDNs padrão do nbconvert.

Nos slides, as células com tipo ``skip`` (preparação, soluções) ficam de fora, as ``notes``
viram notas do apresentador e as células marcadas com a *tag* ``ocultar-codigo`` mostram só a
saída.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

from nbconvert import HTMLExporter, SlidesExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from sync_colab import colab_url, notebook_info  # noqa: E402

from utils.checks import CHECK_TAG  # noqa: E402  # verificações: fora do site e dos slides

HIDE_CODE_TAG = "ocultar-codigo"
VENDOR_PACKAGE = ROOT / "scripts" / "web" / "package.json"


def install_vendor(site: Path) -> Path | None:
    """Instala as bibliotecas JavaScript em ``site/vendor`` (uma vez); None se não houver npm."""
    vendor = site / "vendor"
    modules = vendor / "node_modules"
    wanted = json.loads(VENDOR_PACKAGE.read_text(encoding="utf-8"))["dependencies"]
    if all((modules / name).is_dir() for name in wanted):
        return vendor
    npm = shutil.which("npm")
    if npm is None:
        print("Aviso: npm não encontrado; as páginas vão carregar reveal.js e MathJax da internet.")
        return None
    vendor.mkdir(parents=True, exist_ok=True)
    shutil.copy(VENDOR_PACKAGE, vendor / "package.json")
    subprocess.run([npm, "install", "--no-audit", "--no-fund", "--loglevel=error"],
                   cwd=vendor, check=True)
    return vendor


def asset_config(prefix: str | None) -> Config:
    """Configuração do nbconvert apontando para as bibliotecas locais (``prefix`` relativo)."""
    c = Config()
    c.TagRemovePreprocessor.enabled = True
    c.TagRemovePreprocessor.remove_input_tags = {HIDE_CODE_TAG}
    c.TagRemovePreprocessor.remove_cell_tags = {CHECK_TAG}
    if prefix is not None:
        modules = f"{prefix}/node_modules"
        c.HTMLExporter.require_js_url = f"{modules}/requirejs/require.js"
        c.HTMLExporter.jquery_url = f"{modules}/jquery/dist/jquery.min.js"
        c.HTMLExporter.mathjax_url = (
            f"{modules}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"
        )
        c.SlidesExporter.reveal_url_prefix = f"{modules}/reveal.js"
    c.SlidesExporter.reveal_theme = "white"  # fontes locais (o tema "simple" usa Google Fonts)
    return c


COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
MERMAID_CDN = "https://cdnjs.cloudflare.com/ajax/libs/mermaid/11.10.0/mermaid.esm.min.mjs"
# Selo "Abrir no Colab" desenhado aqui, para o site não depender da internet.
BADGE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="117" height="20" role="img"
 aria-label="Abrir no Colab"><rect width="117" height="20" rx="3" fill="#555"/>
<rect x="24" width="93" height="20" rx="3" fill="#f9ab00"/>
<circle cx="12" cy="10" r="6" fill="none" stroke="#f9ab00" stroke-width="3"/>
<text x="70" y="14" font-family="Verdana,sans-serif" font-size="11" fill="#fff"
 text-anchor="middle">Abrir no Colab</text></svg>
"""
# O modelo de slides do nbconvert importa o mermaid sempre; o curso não usa diagramas mermaid.
MERMAID_STUB = "export default { initialize() {} };\n"


def write_local_assets(site: Path) -> None:
    (site / "vendor").mkdir(parents=True, exist_ok=True)
    (site / "vendor" / "colab-badge.svg").write_text(BADGE_SVG, encoding="utf-8")
    (site / "vendor" / "mermaid-vazio.mjs").write_text(MERMAID_STUB, encoding="utf-8")


def localize(body: str, prefix: str | None) -> str:
    """Página em pt-BR e sem dependências externas (quando há bibliotecas locais)."""
    body = body.replace('<html lang="en">', '<html lang="pt-BR">', 1)
    body = body.replace("<head>", '<head><link rel="icon" href="data:,">', 1)  # sem favicon
    if prefix is not None:
        body = body.replace(COLAB_BADGE, f"{prefix}/colab-badge.svg")
        body = body.replace(MERMAID_CDN, f"{prefix}/mermaid-vazio.mjs")
    return body


def markdown_inline(text: str) -> str:
    """Converte o pouco de markdown dos resumos (itálico, negrito, código) em HTML."""
    text = html.escape(text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    text = re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)
    return re.sub(r"`(.+?)`", r"<code>\1</code>", text)


def page_resources(info: dict) -> dict:
    """O título da página (aba do navegador) é o título do notebook."""
    return {"metadata": {"name": re.sub(r"[*`]", "", info["title"])}}  # texto puro


def build_slides(info: dict, out: Path, prefix: str | None) -> Path:
    exporter = SlidesExporter(config=asset_config(prefix))
    body, _ = exporter.from_notebook_node(info["notebook"], resources=page_resources(info))
    target = out / f"{info['name']}.slides.html"
    target.write_text(localize(body, prefix), encoding="utf-8")
    return target


def build_page(info: dict, out: Path, prefix: str | None) -> Path:
    exporter = HTMLExporter(config=asset_config(prefix), template_name="lab")
    body, _ = exporter.from_notebook_node(info["notebook"], resources=page_resources(info))
    target = out / f"{info['name']}.html"
    target.write_text(localize(body, prefix), encoding="utf-8")
    return target


INDEX_TEMPLATE = """<!DOCTYPE html>
<html lang="pt-BR">
<head>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Redes Neurais Profundas com Keras</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
          padding: 0 1rem; color: #222; line-height: 1.5; }}
  h1 {{ margin-bottom: 0.2rem; }}
  table {{ border-collapse: collapse; width: 100%; }}
  th, td {{ border-bottom: 1px solid #ddd; padding: 0.6rem; vertical-align: top;
            text-align: left; }}
  th {{ background: #f4f4f4; }}
  td.numero {{ font-weight: bold; font-size: 1.2rem; }}
  .tempo {{ color: #555; font-size: 0.9rem; }}
  .links a {{ margin-right: 0.8rem; white-space: nowrap; }}
</style>
</head>
<body>
<h1>Redes Neurais Profundas com Keras</h1>
<p>Curso aberto, em português, de redes neurais profundas com Keras 3 e TensorFlow. Cada
notebook pode ser lido aqui com as saídas de uma execução real, apresentado como slides ou aberto
no Google Colab. Siga a ordem abaixo.</p>
<table>
<thead><tr><th>nº</th><th>notebook</th><th>links</th></tr></thead>
<tbody>
{rows}
</tbody>
</table>
<p class="tempo">Tempos estimados por modo: <code>full</code> (GPU, dados completos),
<code>reduced</code> (CPU), <code>fast</code> (verificação rápida).</p>
</body>
</html>
"""

ROW_TEMPLATE = """<tr>
<td class="numero">{number}</td>
<td><strong>{title}</strong><br>{summary}<br><span class="tempo">Tempo estimado: {time}</span></td>
<td class="links"><a href="notebooks/{name}.html">ler</a>
<a href="slides/{name}.slides.html">slides</a>
<a href="{colab}">abrir no Colab</a></td>
</tr>"""


def build_index(infos: list[dict], site: Path) -> Path:
    rows = "\n".join(
        ROW_TEMPLATE.format(
            number=info["name"][:2], title=markdown_inline(info["title"].split("·", 1)[-1]),
            summary=markdown_inline(info["summary"]), time=markdown_inline(info["time"]),
            name=info["name"], colab=html.escape(colab_url(info["file"])),
        )
        for info in infos
    )
    target = site / "index.html"
    target.write_text(INDEX_TEMPLATE.format(rows=rows), encoding="utf-8")
    return target


def build(site: Path, slides_only: bool = False, notebooks: list[Path] | None = None) -> dict:
    """Gera slides (e, se pedido, páginas e índice); devolve os caminhos gerados."""
    notebooks = notebooks or sorted((ROOT / "notebooks").glob("*.ipynb"))
    site.mkdir(parents=True, exist_ok=True)
    vendor = install_vendor(site)
    write_local_assets(site)
    infos = [notebook_info(path) for path in notebooks]
    (site / "slides").mkdir(exist_ok=True)
    built = {"slides": [build_slides(i, site / "slides", vendor and "../vendor") for i in infos]}
    if not slides_only:
        (site / "notebooks").mkdir(exist_ok=True)
        built["pages"] = [build_page(i, site / "notebooks", vendor and "../vendor")
                          for i in infos]
        built["index"] = build_index(infos, site)
    return built


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Gera os slides e o site do curso.")
    parser.add_argument("--slides", action="store_true", help="gera só as apresentações")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site",
                        help="pasta de saída (padrão: build/site/)")
    args = parser.parse_args(argv)
    built = build(args.out, slides_only=args.slides)
    print(f"{len(built['slides'])} apresentações em {args.out / 'slides'}")
    if "index" in built:
        print(f"Site: {built['index']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
