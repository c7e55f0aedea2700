"""Números na prosa: cada número do texto de um notebook precisa ter de onde vir.

Candidatos (nas células Markdown): números com vírgula decimal ("89,30 %", "+8,2 pontos",
"3,2 s", "1,35×", "0,8805") e porcentagens inteiras ("94 %", "87–89 %"). Ficam de fora
fórmulas ($...$), código (`...`), endereços, comentários HTML e a célula "## Referências".

Um candidato está justificado quando vale uma destas regras (README, "Números na prosa"):

- saída:       aparece, arredondado às casas decimais do texto, numa saída do mesmo notebook
               (com ponto ou vírgula; a fração 0,7995 vale como 79,95 % ou 80 %);
- referência:  a frase cita a literatura: um ano entre parênteses ("(Kingma e Ba, 2015)",
               "Page (2018)"), "et al.", um autor da célula Referências do notebook ou uma das
               fontes de NAMED_SOURCES;
- código:      é uma constante escrita numa célula de código ("Dropout de 20 %" ↔ 0.2);
- marcador:    o parágrafo tem o comentário <!-- número: motivo --> (invisível nos slides);
- genérico:    0 %, 50 % ou 100 %.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

# Fontes citadas pelo nome, sem ano. Só entra aqui o que os notebooks de fato citam assim.
NAMED_SOURCES = (
    "handson-ml3",  # os notebooks do livro de Géron
    "d2l",
    "documentação do Keras",
    "documentação do TensorFlow",
    "guia de início rápido do TensorFlow",
    "exemplos do Keras",
    "exemplo oficial do Keras",
    "do artigo",  # o artigo já citado com autor e ano no mesmo notebook
)
GENERIC_PERCENTS = {0, 50, 100}
PERCENT_UNITS = {"%", "ponto", "pontos", "ponto percentual", "pontos percentuais", "p.p."}

SPACE = r"[ \u00a0\u202f]?"
UNIT = (
    r"(?:%|pontos?(?:\s+percentua(?:l|is))?|p\.\s?p\.|×|x|ms|s|min|h|GB|MB|KB|GFLOP/s|mil"
    r"|vezes)(?!\w)"
)
# Número pt-BR com vírgula decimal (e ponto de milhar opcional), com ou sem unidade; numa
# faixa ("87,5–89,0 %"), o primeiro número leva a unidade do segundo.
DECIMAL_RE = re.compile(
    rf"(?<![\w.,])[+\-−]?(?P<num>\d{{1,3}}(?:\.\d{{3}})+,\d+|\d+,\d+)(?![\d,])"
    rf"(?:{SPACE}(?P<unit>{UNIT})|(?=[–-][\d.]+,\d+{SPACE}(?P<range_unit>{UNIT})))?"
)
# Porcentagem inteira ("94 %"); numa faixa ("87–89 %"), os dois números.
PERCENT_RE = re.compile(
    rf"(?<![\w.,])[+\-−]?(?P<num>\d{{1,3}}(?:\.\d{{3}})+|\d+)(?![\d,])"
    rf"(?=(?:[–-]\d+)?{SPACE}%)"
)
MARKER_RE = re.compile(r"<!--\s*n[úu]meros?\s*:\s*\S.*?-->", re.S)
YEAR_CITATION_RE = re.compile(r"\([^()]*\b(?:1[89]|20)\d\d[a-z]?\)|\bet al\.")
AUTHOR_RE = re.compile(r"([A-ZÀ-Ý][\w'’-]+), (?:[A-ZÀ-Ý]\.\s?)+")
SENTENCE_END_RE = re.compile(r"[.!?](?=\s+(?:[A-ZÀ-Ý]|\*\*))")

# O que não é prosa some do texto, trocado por espaços (as posições continuam valendo).
HIDDEN_RE = re.compile(
    r"\$\$.*?\$\$"  # fórmula em destaque
    r"|\$(?:[^$\n]|\n(?!\s*\n))+?\$"  # fórmula no texto (pode quebrar linha)
    r"|```.*?```|`[^`\n]*`"  # código
    r"|<!--.*?-->|</?[A-Za-z][^>\n]*>"  # comentários e etiquetas HTML
    r"|\]\([^)]*\)|https?://\S+",  # endereços
    re.S,
)
PERCENT_AFTER_RE = re.compile(rf"(?:[–-]\d+(?:[.,]\d+)?)?{SPACE}(?:%|pontos?\b|p\.\s?p\.)")
ANSI_RE = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
OUTPUT_NUMBER_RE = re.compile(r"(?<!\w)\d+(?:[.,]\d+)*(?:[eE][+\-]?\d+)?")
CODE_NUMBER_RE = re.compile(r"(?<![\w.])(?:\d[\d_]*\.?\d*|\.\d+)(?:[eE][+\-]?\d+)?(?![\w.])")


@dataclass
class Figure:
    """Um número da prosa, onde está e as regras que o justificam (nenhuma = problema)."""

    notebook: str
    cell: int
    text: str  # como aparece, com a unidade: "79,95 %"
    value: float
    decimals: int
    unit: str
    start: int  # posição dos algarismos na fonte da célula
    end: int
    sentence: str
    paragraph: str
    reasons: list[str] = field(default_factory=list)

    def describe(self, width: int = 110) -> str:
        sentence = " ".join(self.sentence.split())
        if len(sentence) > width:
            sentence = sentence[: width - 1] + "…"
        return f'{self.notebook}, célula {self.cell}: "{self.text}" em «{sentence}»'


@dataclass
class Numbers:
    """Números de saídas ou de código. `percent` guarda, em pontos percentuais, os que são
    porcentagens: seguidos de %, decimais de uma tabela ou frações (0.7995 → 79.95)."""

    all: set[float] = field(default_factory=set)
    percent: set[float] = field(default_factory=set)


def hide_non_prose(source: str) -> str:
    return HIDDEN_RE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), source)


def paragraphs(source: str) -> list[tuple[int, int]]:
    """Parágrafos, itens de lista, títulos e tabelas, como intervalos (início, fim). Uma linha
    só com um comentário HTML pertence ao bloco logo acima (é onde fica o marcador)."""
    spans, start, pos, previous = [], 0, 0, ""
    for line in source.splitlines(keepends=True):
        text = line.strip()
        if not text:
            kind = ""
        elif re.fullmatch(r"<!--.*-->", text):
            kind = previous
        else:
            kind = "tabela" if text.startswith("|") else "texto"
        new_item = kind == "texto" and re.match(r"\s*(?:[-*+]|\d+\.|#+)\s", line)
        if (kind != previous or new_item) and pos > start:
            if previous:
                spans.append((start, pos))
            start = pos
        previous = kind
        pos += len(line)
    if previous and pos > start:
        spans.append((start, pos))
    return spans


def sentence_span(masked: str, start: int, end: int, block: tuple[int, int]) -> tuple[int, int]:
    """A frase do parágrafo `block` que contém os algarismos [start, end)."""
    lo, hi = block
    ends = [m.end() for m in SENTENCE_END_RE.finditer(masked, lo, hi)]
    return (max([e for e in ends if e <= start], default=lo),
            min([e for e in ends if e >= end], default=hi))


def parse_ptbr(text: str) -> tuple[float, int]:
    """'1.234,56' → (1234.56, 2 casas decimais)."""
    integer, _, fraction = text.replace(".", "").partition(",")
    return float(f"{integer}.{fraction or 0}"), len(fraction)


def is_references_cell(source: str) -> bool:
    return source.lstrip().startswith("## Referências")


def reference_authors(nb) -> set[str]:
    """Sobrenomes da célula "## Referências" ("Page, D. (2018)" → "Page")."""
    return {
        name
        for cell in nb.cells
        if cell.cell_type == "markdown" and is_references_cell(cell.source)
        for name in AUTHOR_RE.findall(cell.source)
    }


def cites_literature(sentence: str, authors: set[str]) -> bool:
    text = " ".join(sentence.split())
    return bool(
        YEAR_CITATION_RE.search(text)
        or any(source.lower() in text.lower() for source in NAMED_SOURCES)
        or any(re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) for name in authors)
    )


def figures_in_markdown(nb, notebook: str = "") -> list[Figure]:
    """Os números candidatos das células Markdown, ainda sem as regras aplicadas."""
    figures = []
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or is_references_cell(cell.source):
            continue
        source, masked = cell.source, hide_non_prose(cell.source)
        found = {}
        for match in DECIMAL_RE.finditer(masked):
            value, decimals = parse_ptbr(match["num"])
            unit = " ".join((match["unit"] or match["range_unit"] or "").split())
            text = match.group() if match["unit"] else f"{match.group()} {unit}".strip()
            found[match.start("num")] = (match, value, decimals, unit, text)
        for match in PERCENT_RE.finditer(masked):
            found.setdefault(match.start("num"),
                             (match, parse_ptbr(match["num"])[0], 0, "%", f"{match['num']} %"))
        blocks = paragraphs(source)
        for start, (match, value, decimals, unit, text) in sorted(found.items()):
            end = match.end("num")
            block = next(b for b in blocks if b[0] <= start < b[1])
            left, right = sentence_span(masked, start, end, block)
            figures.append(Figure(
                notebook=notebook, cell=index, text=" ".join(text.split()), value=value,
                decimals=decimals, unit=unit, start=start, end=end,
                sentence=source[left:right].strip(), paragraph=source[block[0]:block[1]],
            ))
    return figures


def output_texts(nb):
    """(texto, é tabela?) de cada saída: fluxos, text/plain e tabelas HTML sem as etiquetas."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                yield output.get("text", ""), False
            data = output.get("data", {})
            if "text/html" in data:
                page = re.sub(r"<(style|script)\b.*?</\1>", " ", data["text/html"], flags=re.S)
                yield html.unescape(re.sub(r"<[^>]+>", " ", page)), True
            if "text/plain" in data:
                yield data["text/plain"], False


def readings(token: str) -> list[tuple[float, bool]]:
    """(valor, escrito com casas decimais?) de um número de saída: '0,8930' → 0.893;
    '101.770' → 101.77 e 101770 (o separador pode ser decimal ou de milhar); '1e-5' → 1e-05."""
    mantissa, _, exponent = token.lower().partition("e")
    parts = re.split(r"[.,]", mantissa)
    values = []
    if len(parts) > 1 or exponent:
        decimal = float(f"{''.join(parts[:-1])}.{parts[-1]}" if len(parts) > 1 else parts[0])
        values.append((decimal * 10.0 ** int(exponent or 0), True))
    if not exponent and (len(parts) == 1 or re.fullmatch(r"[1-9]\d{0,2}([.,]\d{3})+", mantissa)):
        values.append((float("".join(parts)), False))
    return values


def numbers_in_outputs(nb) -> Numbers:
    """Os números de todas as saídas do notebook."""
    numbers = Numbers()
    for text, is_table in output_texts(nb):
        text = ANSI_RE.sub("", text)
        for match in OUTPUT_NUMBER_RE.finditer(text):
            followed_by_percent = PERCENT_AFTER_RE.match(text, match.end()) is not None
            for value, has_decimals in readings(match.group()):
                numbers.all.add(value)
                if followed_by_percent or (is_table and has_decimals):
                    numbers.percent.add(value)
                if has_decimals and value <= 1:
                    numbers.percent.add(100 * value)
    return numbers


def numbers_in_code(nb) -> Numbers:
    """As constantes das células de código (0.1, 0.2, 1e-3, 512...), sem os comentários."""
    numbers = Numbers()
    for cell in nb.cells:
        if cell.cell_type == "code":
            for token in CODE_NUMBER_RE.findall(re.sub(r"#.*", "", cell.source)):
                value = float(token)
                numbers.all.add(value)
                if not token.isdigit() and value <= 1:
                    numbers.percent.add(100 * value)
    return numbers


def matches(figure: Figure, numbers: Numbers) -> bool:
    """Algum dos números, arredondado às casas da prosa, dá o número da prosa? Uma porcentagem
    só se compara com porcentagens (um inteiro solto, como "Epoch 20", não serve); "8,6 mil"
    também vale como 8636."""
    tolerance = 0.5 * 10 ** -figure.decimals + 1e-9
    if figure.unit in PERCENT_UNITS:
        candidates = numbers.percent
    elif figure.unit == "mil":
        candidates = numbers.all | {x / 1000 for x in numbers.all}
    else:
        candidates = numbers.all
    return any(abs(x - figure.value) <= tolerance for x in candidates)


def check_notebook(nb, notebook: str = "") -> list[Figure]:
    """Todos os números da prosa, cada um com as regras que o justificam."""
    outputs, code, authors = numbers_in_outputs(nb), numbers_in_code(nb), reference_authors(nb)
    figures = figures_in_markdown(nb, notebook)
    for figure in figures:
        rules = {
            "saída": matches(figure, outputs),
            "referência": cites_literature(figure.sentence, authors),
            "código": matches(figure, code),
            "marcador": MARKER_RE.search(figure.paragraph) is not None,
            "genérico": figure.unit == "%" and figure.decimals == 0
            and figure.value in GENERIC_PERCENTS,
        }
        figure.reasons = [name for name, ok in rules.items() if ok]
    return figures


def problems(nb, notebook: str = "") -> list[Figure]:
    """Os números da prosa que nenhuma regra justifica."""
    return [figure for figure in check_notebook(nb, notebook) if not figure.reasons]
