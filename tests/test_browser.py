"""Slides e site abertos num navegador de verdade (Chromium headless do Debian, via Playwright).

O site é gerado por ``scripts/build_site.py`` em ``build/site`` e servido por um servidor HTTP
local em 127.0.0.1 que o teste inicia e encerra. Capturas de tela ficam em ``build/capturas``.

Altura dos slides: a apresentação é vista numa janela de 1280×720 (projetor HD, o mais comum em
salas de aula). O reveal.js do nbconvert deixa rolar um slide alto demais, mas rolar durante a aula
esconde o começo do slide; aceitamos no máximo uma tela e meia (1080 px de conteúdo) —
o bastante para ~30 linhas de código e saída, e o que uma rolagem curta mostra.
"""

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "build" / "site"
SHOTS = ROOT / "build" / "capturas"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 720}
MAX_SLIDE_HEIGHT = 1080
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

from playwright import sync_api as playwright_api  # noqa: E402


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site_url():
    import sys

    sys.path.insert(0, str(ROOT / "scripts"))
    from build_site import build

    build(SITE)
    handler = functools.partial(_QuietHandler, directory=str(SITE))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    thread.join()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "Chromium não instalado (apt-get install chromium)"
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """Página nova que anota erros de JavaScript e recursos que falharam."""
    page = browser.new_page(viewport=VIEWPORT)
    page.problems = []
    page.on("console", lambda m: m.type == "error" and page.problems.append(m.text))
    page.on("pageerror", lambda e: page.problems.append(f"erro de JavaScript: {e}"))
    page.on("requestfailed", lambda r: page.problems.append(f"falhou: {r.url}"))
    page.on("response", lambda r: r.status >= 400 and page.problems.append(
        f"HTTP {r.status}: {r.url}"))
    yield page
    page.close()


# Código das células de verificação (o texto dos exercícios pode citar `exercises.check("exN")`)
CHECK_CELL = re.compile(r'exercises\.check\("ex\d+"\)|checks\.Exercises\(')


def expected_slides(path):
    """Cada célula visível do tipo slide ou subslide abre uma seção do reveal.js."""
    nb = nbformat.read(path, as_version=4)
    return sum(c.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide")
               for c in nb.cells)


def notebook_title(path):
    """Título do notebook como o navegador mostra (sem a marcação de itálico e código)."""
    title = nbformat.read(path, as_version=4).cells[0].source.splitlines()[0].lstrip("# ")
    return re.sub(r"[*`]", "", title)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_slide_deck_renders(path, site_url, page):
    page.goto(f"{site_url}/slides/{path.stem}.slides.html")
    page.wait_for_selector(".reveal.ready", timeout=30_000)
    title = notebook_title(path)
    assert page.title().startswith(title)
    first_heading = page.locator(".reveal .slides section h1").first.inner_text()
    assert first_heading.lower() == title.lower()
    sections = page.locator(".reveal .slides section:not(.stack)")
    assert sections.count() == expected_slides(path)
    images = page.evaluate(
        "[...document.images].map(i => [i.currentSrc.slice(0, 40), i.complete, i.naturalWidth])")
    assert images, "nenhuma imagem no deck (selo do Colab ou gráficos)"
    broken = [src for src, complete, width in images if not complete or width == 0]
    assert not broken, f"imagens que não carregaram: {broken}"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{path.stem}-slide1.png"))
    heights = page.evaluate(
        "[...document.querySelectorAll('.reveal .slides section:not(.stack)')]"
        ".map(s => s.scrollHeight)")
    deck_text = page.locator(".reveal .slides").text_content()
    assert not CHECK_CELL.search(deck_text), \
        "marcação de correção (verificações dos exercícios) visível nos slides"
    too_tall = [(i + 1, h) for i, h in enumerate(heights) if h > MAX_SLIDE_HEIGHT]
    assert not too_tall, f"slides (nº, altura em px) maiores que {MAX_SLIDE_HEIGHT}: {too_tall}"
    assert not page.problems, page.problems


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_page_renders_math_and_figures(path, site_url, page):
    page.goto(f"{site_url}/notebooks/{path.stem}.html")
    page.wait_for_load_state("networkidle")
    assert page.title().startswith(notebook_title(path))
    assert page.locator("h1").first.inner_text().startswith(path.name[:2])
    figures = page.evaluate("[...document.images].filter(i => i.naturalWidth > 0).length")
    assert figures >= 1
    text = page.locator("body").text_content()
    assert not CHECK_CELL.search(text), \
        "marcação de correção (verificações dos exercícios) visível no site"
    if "$" in "".join(c.source for c in nbformat.read(path, as_version=4).cells
                      if c.cell_type == "markdown"):
        page.wait_for_selector(".MathJax, .MathJax_CHTML, mjx-container", timeout=20_000)
    assert not page.problems, page.problems


def test_site_index_lists_every_notebook(site_url, page):
    page.goto(f"{site_url}/index.html")
    assert page.locator("h1").inner_text() == "Redes Neurais Profundas com Keras"
    rows = page.locator("tbody tr")
    assert rows.count() == len(NOTEBOOKS)
    for i, path in enumerate(NOTEBOOKS):
        row = rows.nth(i)
        assert row.locator("td").first.inner_text() == path.name[:2]
        assert "Tempo estimado" in row.inner_text()
        links = row.locator("a")
        hrefs = [links.nth(j).get_attribute("href") for j in range(links.count())]
        assert hrefs[:2] == [f"notebooks/{path.stem}.html", f"slides/{path.stem}.slides.html"]
        assert hrefs[2].startswith("https://colab.research.google.com/github/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "indice.png"), full_page=True)
    page.locator("tbody tr a", has_text="slides").first.click()
    page.wait_for_selector(".reveal.ready", timeout=30_000)
    assert not page.problems, page.problems
