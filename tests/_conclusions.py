"""Conclusões checáveis: a frase que compara resultados cita a comparação impressa que a apoia.

Um parágrafo que conclui sobre resultados ("supera", "fica atrás", "acima do ruído", "dentro do
ruído", "não muda", "tende a", "melhor que"...) leva um marcador invisível (comentário HTML, que
o Jupyter, os slides e o site não mostram) dizendo de onde vem a conclusão:

- ``<!-- conclusão: CHAVE acima positiva -->``: a comparação ``CHAVE``, registrada no notebook
  com ``cfg.compare(CHAVE, diff, se)`` e impressa no registro final, sustenta a frase. As
  afirmações possíveis: ``acima`` (o intervalo de 95 % exclui o zero), ``dentro`` (contém o
  zero), ``positiva`` / ``negativa`` (o sinal da diferença A − B, para uma ordem);
- ``<!-- conclusão: fonte -->``: a conclusão é da literatura, e o parágrafo cita autor e ano;
- ``<!-- conclusão: teoria: motivo -->``: segue de uma conta ou de um argumento, não de uma
  medida deste notebook.

O teste lê as comparações no registro impresso na última célula (a execução publicada): outra
execução (outro modo, outra CPU, uma GPU) que mude um veredito faz o teste apontar a frase.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"<!--\s*conclusão:\s*(?P<body>.*?)\s*-->", re.S)
CLAIMS = {"acima", "dentro", "positiva", "negativa"}
NUMBER = r"[+-]?\d[\d.]*(?:,\d+)?"
RECORD_LINE = re.compile(
    rf"^ {{4}}(?P<key>\w+) = (?P<diff>{NUMBER}) (?P<unit>[^()\n]+?) \(IC 95 %: (?P<low>{NUMBER}) a "
    rf"(?P<high>{NUMBER})\): (?P<verdict>acima|dentro) do ruído", re.M)
# Palavras que comparam resultados ou os julgam contra o ruído.
CONCLUSION_WORDS = re.compile(
    r"\b(?:supera[m]?|ganha[m]? de|vence[m]?|acima do ruído|dentro do ruído|não muda[m]?|"
    r"tende[m]? a|(?:melhor|pior)(?:es)? (?:que|do que)|fica[m]? (?:atrás|à frente)|"
    r"est(?:á|ão) atrás|(?:mais|menos) (?:alta|baixa|rápida|lenta)s? (?:que|do que)|"
    r"(?:maior|menor)(?:es)? (?:que|do que) (?:o|a|os|as) (?:erro|ruído|intervalo|incerteza))\b",
    re.IGNORECASE)
CITATION = re.compile(r"\b(?:1[89]|20)\d\d\b")


def _number(text: str) -> float:
    return float(text.replace(".", "").replace(",", "."))


def recorded_comparisons(nb) -> dict[str, dict]:
    """As comparações impressas pelo registro da execução (``cfg.report()``)."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            text = output.get("text") or output.get("data", {}).get("text/plain", "")
            for match in RECORD_LINE.finditer(str(text)):
                found[match["key"]] = {"diff": _number(match["diff"]),
                                       "low": _number(match["low"]),
                                       "high": _number(match["high"]),
                                       "unit": match["unit"],
                                       "verdict": match["verdict"]}
    return found


def paragraphs(nb):
    """(índice da célula, parágrafo) de cada markdown, menos a célula de referências."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "markdown" or cell.source.lstrip().startswith("## Referências"):
            continue
        for paragraph in re.split(r"\n\s*\n", cell.source):
            yield index, paragraph


def _check_claim(key: str, claim: str, record: dict) -> str | None:
    ok = {"acima": record["verdict"] == "acima", "dentro": record["verdict"] == "dentro",
          "positiva": record["diff"] > 0, "negativa": record["diff"] < 0}[claim]
    if ok:
        return None
    return (f"a frase afirma '{claim}' de `{key}`, mas o registro diz {record['diff']:+g} "
            f"{record.get('unit', 'pontos')} (IC 95 %: {record['low']:+g} a {record['high']:+g}): "
            f"{record['verdict']} do ruído")


def problems(nb, enforce_words: bool = True) -> list[str]:
    """O que não se sustenta: marcadores sem comparação que os apoie e, com
    ``enforce_words``, parágrafos que concluem sem dizer de onde."""
    recorded = recorded_comparisons(nb)
    found = []
    for index, paragraph in paragraphs(nb):
        where = f"célula {index}: «{' '.join(MARKER.sub('', paragraph).split())[:90]}…»"
        markers = [m["body"].split() for m in MARKER.finditer(paragraph)]
        for tokens in markers:
            if not tokens:
                found.append(f"{where}: marcador de conclusão vazio")
            elif tokens[0] == "fonte":
                if not CITATION.search(MARKER.sub("", paragraph)):
                    found.append(f"{where}: conclusão 'fonte' sem autor e ano no parágrafo")
            elif tokens[0].rstrip(":") == "teoria":
                if len(tokens) < 2:
                    found.append(f"{where}: conclusão 'teoria' sem o motivo")
            else:
                key, claims = tokens[0], tokens[1:]
                unknown = [c for c in claims if c not in CLAIMS]
                if not claims or unknown:
                    found.append(f"{where}: diga o que a comparação `{key}` sustenta "
                                 f"({', '.join(sorted(CLAIMS))}); recebi {claims}")
                elif key not in recorded:
                    found.append(f"{where}: a comparação `{key}` não está no registro impresso "
                                 "(registre com cfg.compare e execute o notebook)")
                else:
                    found += [f"{where}: {problem}" for problem in
                              (_check_claim(key, c, recorded[key]) for c in claims) if problem]
        if enforce_words and not markers:
            word = CONCLUSION_WORDS.search(MARKER.sub("", paragraph))
            if word:
                found.append(f"{where}: '{word[0]}' compara resultados, mas o parágrafo não diz "
                             "de onde vem a conclusão (<!-- conclusão: ... -->)")
    return found
