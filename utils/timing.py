"""Quanto cada notebook vai levar nesta máquina, no modo ``reduced``: uma previsão pelos GFLOP/s.

Uso (o notebook 00 faz isto logo depois de medir a multiplicação de matrizes)::

    from utils import timing
    print(timing.summary(gflops_2048, device_kind=cfg.device.kind))
    timing.expected_times(52.0)   # [Prediction(notebook='00_ambiente.ipynb', ...), ...]

**O modelo.** A referência de cada notebook é a sua execução ``reduced`` mais recente no perfil
de laptop de estudante do benchmark (rótulos ``…-perfil-laptop``: AVX2 e cota de 0,6 núcleo de
CPU; ``benchmarks/profiles.py``), com os GFLOP/s da máquina em que foi medida. Para uma máquina
que multiplica matrizes a ``g`` GFLOP/s, o tempo previsto de um notebook é::

    previsto = tempo_referência × max(1, GFLOP/s_referência / g)

com os GFLOP/s medidos do mesmo jeito dos dois lados: multiplicação 2048 × 2048 em float32,
mediana de 5 repetições depois de um aquecimento (o ``matmul_gflops(2048, 5)`` do notebook 00 e o
``profiles.matmul_gflops`` do benchmark). Os GFLOP/s de uma máquina de referência são a mediana
dos medidos no início de cada uma das suas execuções (sob a cota de CPU a medida oscila). Com
metade dos GFLOP/s da referência, o dobro do tempo.

**Sem ganho acima da referência.** Numa máquina com mais GFLOP/s que a referência, a previsão é
o próprio tempo da referência: nada indica que a multiplicação mais rápida encurte o treino na
mesma proporção, porque o custo fixo de cada passo (o Python chamando o TensorFlow, o despacho de
cada operação) não acompanha a razão. Nos registros do benchmark, o 00 na máquina sem limites
(GFLOP/s mais de cinco vezes os da referência) levou metade do tempo, não um quinto; numa CPU
AVX2 com o dobro dos GFLOP/s da referência (medida avulsa, fora de ``benchmarks/results/``), o
01 e o 05 levaram cerca de quatro quintos do tempo da referência, não a metade; e o README
("Tempo por tipo de CPU") registra um laptop AVX2 real, com mais GFLOP/s que o perfil, mais
lento que ele. Limitar o ganho a zero é a escolha simples que nunca promete menos que um tempo
medido.

**Limites** (ditos também no texto que ``summary`` imprime):

- os GFLOP/s medem só a aritmética; o custo fixo de cada passo depende da velocidade de cada
  núcleo. Numa CPU rápida de verdade (por exemplo, com AVX-512) os tempos ficam abaixo dos
  previstos;
- abaixo da referência, a previsão tende a **sobrar** (ser conservadora) nos notebooks de
  convolução (03 e 04): assim se relatou o 04 numa máquina mais lenta com o mesmo perfil, medida
  que não está em ``benchmarks/results/`` e por isso não entra no modelo;
- o perfil de referência é otimista no custo por passo (README, "Tempo por tipo de CPU"): num
  laptop AVX2 real, os notebooks de passos pequenos (02 e 07) podem levar até o dobro;
- a medida de GFLOP/s oscila se outros programas disputam a CPU: outro programa pesado rodando
  baixa a medida e aumenta a previsão.

O conselho de cada notebook é ``"ok"`` quando o previsto cabe no limite do modo ``reduced``
(10 min; 15 min no 04) e ``"rode no modo fast ou no Colab com GPU"`` quando passa dele.

Os dados vêm de ``utils/reference_times.json``, gerado a partir de ``benchmarks/results/`` por
``python benchmarks/run.py --reference-times`` (e a cada execução do benchmark); o arquivo viaja
com o pacote ``utils`` (pasta do aluno, Colab, ``pip install``), que não leva ``benchmarks/``.
"""

from __future__ import annotations

import json
import math
import numbers
import textwrap
from dataclasses import dataclass
from pathlib import Path

from utils.formatting import number

REFERENCE_FILE = Path(__file__).with_name("reference_times.json")
REGENERATE = "python benchmarks/run.py --reference-times"
OK = "ok"
TOO_SLOW = "rode no modo fast ou no Colab com GPU"


class ReferenceTimesError(RuntimeError):
    """O arquivo de tempos de referência falta ou não pode ser lido."""


@dataclass(frozen=True)
class Prediction:
    """Previsão de um notebook: tempo previsto, tempo da referência e limite, em segundos."""

    notebook: str
    seconds: float
    reference_seconds: float
    limit_seconds: float

    @property
    def fits(self) -> bool:
        return self.seconds <= self.limit_seconds

    @property
    def advice(self) -> str:
        return OK if self.fits else TOO_SLOW


def _problem(path: Path, what: str) -> ReferenceTimesError:
    return ReferenceTimesError(
        f"Tempos de referência indisponíveis: {path} {what}. Na raiz do repositório do curso, "
        f"refaça o arquivo com `{REGENERATE}` (ou copie utils/reference_times.json do "
        "repositório de novo)."
    )


def _positive(value) -> bool:
    return (not isinstance(value, bool) and isinstance(value, numbers.Real)
            and math.isfinite(value) and value > 0)


def check_gflops(gflops) -> float:
    """Confere que ``gflops`` é um número positivo e finito e o devolve como float."""
    if isinstance(gflops, bool) or not isinstance(gflops, numbers.Real):
        raise TypeError(f"GFLOP/s: espero um número (a medida do notebook 00), não "
                        f"{type(gflops).__name__} ({gflops!r}).")
    if not (math.isfinite(gflops) and gflops > 0):
        raise ValueError(f"GFLOP/s: espero um número positivo e finito, não {gflops!r}. Meça "
                         "de novo a multiplicação de matrizes (notebook 00).")
    return float(gflops)


def load_reference(path: str | Path | None = None) -> dict:
    """Lê e confere o arquivo de tempos de referência (padrão: ``utils/reference_times.json``)."""
    path = Path(REFERENCE_FILE if path is None else path)
    try:
        reference = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise _problem(path, "não existe") from None
    except (OSError, UnicodeDecodeError) as error:
        raise _problem(path, f"não pôde ser lido ({error})") from None
    except json.JSONDecodeError as error:
        raise _problem(path, f"está corrompido (JSON inválido: {error})") from None
    check_reference(reference, path)
    return reference


def check_reference(reference, path: str | Path = "<dicionário>") -> None:
    """Confere a forma dos dados de referência; um erro diz o que falta e como refazer."""
    path = Path(path)
    if not isinstance(reference, dict) or not _positive(reference.get("gflops")):
        raise _problem(path, "está corrompido (sem \"gflops\" positivo)")
    notebooks = reference.get("notebooks")
    if not isinstance(notebooks, dict) or not notebooks:
        raise _problem(path, "está corrompido (sem \"notebooks\")")
    for name, entry in notebooks.items():
        if not (isinstance(entry, dict) and _positive(entry.get("seconds"))
                and _positive(entry.get("limit_seconds"))):
            raise _problem(path, f"está corrompido (entrada de {name} incompleta)")


def expected_times(gflops, reference: dict | str | Path | None = None) -> list[Prediction]:
    """Tempo previsto de cada notebook no modo ``reduced`` numa máquina de ``gflops`` GFLOP/s.

    ``reference``: os dados de referência (dicionário), o caminho do arquivo ou ``None`` (o
    arquivo do pacote). O modelo e os limites estão no início deste módulo.
    """
    gflops = check_gflops(gflops)
    if isinstance(reference, dict):
        check_reference(reference)
    else:
        reference = load_reference(reference)
    predictions = []
    for name, entry in sorted(reference["notebooks"].items()):
        # cada notebook, pelos GFLOP/s da máquina em que foi medido (ou os da referência)
        scale = max(1.0, entry.get("gflops", reference["gflops"]) / gflops)
        predictions.append(Prediction(name, entry["seconds"] * scale, entry["seconds"],
                                      entry["limit_seconds"]))
    return predictions


def format_duration(seconds: float) -> str:
    """``14.2`` → ``'14 s'``; ``697`` → ``'11,6 min'``; ``600`` → ``'10 min'``."""
    if seconds < 120:
        return f"{number(seconds, '.0f')} s"
    minutes = seconds / 60
    return f"{number(minutes, '.0f' if minutes.is_integer() else '.1f')} min"


def _dates(reference: dict) -> str:
    days = sorted({str(e.get("date") or "")[:10] for e in reference["notebooks"].values()} - {""})
    if not days:
        return ""
    if len(days) == 1:
        return f" (tempos medidos em {days[0]})"
    return f" (tempos medidos de {days[0]} a {days[-1]})"


def summary(gflops, reference: dict | str | Path | None = None, device_kind: str = "CPU") -> str:
    """Texto curto (pt-BR) com o tempo previsto de cada notebook, o limite e o que fazer.

    ``device_kind``: ``cfg.device.kind``. Com GPU ou TPU a previsão não se aplica (o modo
    padrão é o ``full`` e os GFLOP/s medidos são do acelerador) e o texto diz isso.
    """
    gflops = check_gflops(gflops)
    if device_kind != "CPU":
        return "\n".join(textwrap.wrap(
            f"Com {device_kind}, o modo padrão é o full e os GFLOP/s medidos são do acelerador: "
            "a previsão do modo reduced vale só para uma CPU. Para vê-la, rode este notebook "
            "numa máquina sem acelerador.", 100))
    if not isinstance(reference, dict):
        reference = load_reference(reference)
    predictions = expected_times(gflops, reference)
    ref_gflops = reference["gflops"]
    profile = reference.get("profile", reference.get("machine", "?"))
    width = max(len("curso inteiro"), *(len(p.notebook) - len(".ipynb") for p in predictions)) + 2
    lines = [f"Previsão do modo reduced nesta máquina (multiplicação de matrizes: "
             f"{number(gflops, '.1f')} GFLOP/s)."]
    machine_gflops = sorted({e.get("gflops", ref_gflops) for e in reference["notebooks"].values()})
    measured = (f"{number(ref_gflops, '.1f')} GFLOP/s" if len(machine_gflops) == 1 else
                "de " + " a ".join(number(g, ".1f") for g in (machine_gflops[0],
                                                              machine_gflops[-1]))
                + " GFLOP/s, conforme a máquina em que cada notebook foi medido")
    lines += textwrap.wrap(f"Referência: {measured}, no perfil do benchmark “{profile}”"
                           f"{_dates(reference)}.", 100) + [""]
    lines.append(f"  {'notebook':<{width}}{'previsto':>10}{'limite':>9}  o que fazer")
    for p in predictions:
        lines.append(f"  {p.notebook.removesuffix('.ipynb'):<{width}}"
                     f"{format_duration(p.seconds):>10}{format_duration(p.limit_seconds):>9}"
                     f"  {p.advice}")
    total = sum(p.seconds for p in predictions)
    lines += [f"  {'curso inteiro':<{width}}{format_duration(total):>10}", ""]
    slow = [p.notebook.removesuffix(".ipynb") for p in predictions if not p.fits]
    if slow:
        lines += textwrap.wrap(f"Passam do limite: {', '.join(slow)} → {TOO_SLOW}.", 100)
    else:
        lines.append("Todos cabem no limite do modo reduced.")
    if gflops > ref_gflops:
        caveat = ("Esta CPU multiplica matrizes mais depressa que a referência, mas o custo fixo "
                  "de cada passo de treino não acompanha os GFLOP/s: a previsão fica nos tempos "
                  "da referência. Numa CPU rápida de verdade eles serão menores; num laptop, nos "
                  "notebooks de passos pequenos (02, 07), podem ser maiores.")
    else:
        caveat = ("É uma aproximação: só a aritmética acompanha os GFLOP/s; o custo fixo de cada "
                  "passo de treino depende da velocidade de cada núcleo. Nos notebooks de "
                  "convolução a previsão tende a sobrar; nos de passos pequenos (02, 07), pode "
                  "faltar.")
    return "\n".join(lines + textwrap.wrap(caveat, 100))
