"""Verificação dos exercícios, com o otter-grader, e a resposta em português.

    from utils import checks
    exercises = checks.Exercises("08_redes_profundas")
    exercises.check("ex1")      # ✔ certo, ou ✘ o que está errado e uma dica

Os testes de cada notebook ficam em ``exercicios/verificacoes/<notebook>/exN.py``, no formato de
testes do otter-grader (funções com ``@test_case``; a mensagem do ``assert`` diz o que está
errado, ``failure_message`` dá a dica). O professor usa os mesmos testes para corrigir as
entregas (``make corrigir``; veja o README, "Para professores").
"""

from __future__ import annotations

import html
import importlib
import inspect
import re
import subprocess
import sys
from pathlib import Path

from utils.formatting import number, points

ROOT = Path(__file__).resolve().parents[1]
CHECKS_DIR = ROOT / "exercicios" / "verificacoes"
OTTER_REQUIREMENT = "otter-grader==7.0.0"  # a mesma versão de requirements.txt
# Etiquetas das células de exercício nos notebooks: a chamada `exercises.check("exN")` (fica na
# versão do aluno, sai do site e dos slides) e a solução que o aluno escreve (na versão do aluno,
# trocada pelo esqueleto em `metadata.exercicio.esqueleto`).
CHECK_TAG = "verificacao"
SOLUTION_TAG = "solucao"
# Quando falta uma variável da aula (o kernel foi reiniciado e só as respostas rodaram).
RUN_LESSON_FIRST = ("Rode a aula antes das respostas: clique na célula da resposta e use "
                    "Executar → Executar todas as células acima da célula selecionada.")


def _import_otter():
    """O otter-grader; no Colab, que não o traz, instala a versão do curso na primeira vez."""
    try:
        return importlib.import_module("otter")
    except ImportError:
        if "google.colab" not in sys.modules:
            raise ImportError(
                "checks: o otter-grader não está instalado. Rode `make curso` (ou "
                f"`pip install -r requirements.txt`; só ele: `pip install {OTTER_REQUIREMENT}`)."
            ) from None
    print(f"Instalando {OTTER_REQUIREMENT} (só na primeira verificação desta sessão do Colab)...")
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", OTTER_REQUIREMENT], check=True)
    importlib.invalidate_caches()
    return importlib.import_module("otter")


def checks_folder(notebook: str) -> Path:
    """Pasta com os testes de um notebook (``"08_redes_profundas"``, com ou sem ``.ipynb``)."""
    if not isinstance(notebook, str) or not notebook.strip():
        raise TypeError("checks: informe o nome do notebook, por exemplo '08_redes_profundas'.")
    folder = CHECKS_DIR / Path(notebook).stem
    if not folder.is_dir():
        known = sorted(p.name for p in CHECKS_DIR.iterdir() if p.is_dir())
        raise FileNotFoundError(
            f"checks: não há verificações para {notebook!r} em {folder}. "
            f"Notebooks com verificações: {', '.join(known) or 'nenhum'}."
        )
    return folder


def answer(env: dict, variable: str, kind=float):
    """Para os testes: a resposta ``variable`` do aluno convertida para ``kind``, ou um
    ``AssertionError`` em português se ela falta, ainda é ``...`` ou tem o tipo errado."""
    value = env.get(variable, ...)
    assert value is not ..., (
        f"Defina `{variable}` na célula da resposta (troque o `...` pela sua resposta).")
    assert value is not None, f"`{variable}` está None: faltou um `return` ou uma conta?"
    try:
        return kind(value)
    except (TypeError, ValueError):
        raise AssertionError(
            f"`{variable}` deve ser {'um número' if kind in (float, int) else kind.__name__}, "
            f"não {type(value).__name__}.") from None


def answer_function(env: dict, name: str, signature: str, why: str = ""):
    """Para os testes: a função ``name`` que o aluno escreveu, ou um ``AssertionError`` em
    português se ela falta (ou é ``...``) ou não é uma função. ``signature`` aparece na mensagem
    (``"stopping_epoch(losses, patience)"``); ``why`` diz por que a resposta é uma função."""
    function = env.get(name, ...)
    assert function is not ..., (
        f"Defina `{signature}` na célula da resposta (troque o `...` pelo corpo da função).")
    assert callable(function), f"`{name}` deve ser uma função, `def {signature}: ...`{why}."
    return function


def returned(value, name: str):
    """Para os testes: o valor devolvido pela função do aluno, ou um ``AssertionError`` se ela
    ainda devolve ``None`` ou ``...`` (o corpo não foi escrito, ou faltou o ``return``)."""
    assert value is not None and value is not ..., (
        f"`{name}` devolveu {'None' if value is None else '...'}: complete o corpo da função "
        "(troque o `...`) e não esqueça o `return`.")
    return value


class Feedback:
    """Resultado de uma verificação, mostrado em português (texto e HTML)."""

    def __init__(self, question: str, result) -> None:
        self.question = question
        self.result = result  # otter.test_files.TestFile
        self.passed = bool(result.passed_all)
        self.score = result.score
        self.possible = result.possible

    def messages(self) -> list[str]:
        """Uma linha por caso: o que passou, ou o erro do ``assert`` seguido da dica."""
        lines = []
        for case in self.result.test_case_results:
            if case.passed:
                if case.test_case.success_message:
                    lines.append(f"✔ {case.test_case.success_message}")
                continue
            error = (case.message or "").strip().splitlines()
            reason = error[-1].removeprefix("AssertionError: ") if error else "resposta incorreta"
            hint = case.test_case.failure_message
            missing = re.fullmatch(r"(?:KeyError|NameError): (?:name )?'?(\w+)'?.*", reason)
            if missing:  # a verificação leu uma variável da aula que não existe nesta sessão
                reason = (f"A variável `{missing[1]}` da aula não existe nesta sessão do kernel "
                          f"(ele foi reiniciado?). {RUN_LESSON_FIRST}")
                hint = None
            lines.append(f"✘ {reason}" + (f" Dica: {hint}" if hint and hint not in reason else ""))
            break  # um erro por vez: o primeiro caso que falha
        return lines

    def headline(self) -> str:
        if self.passed:
            return f"{self.question}: certo!"
        return (f"{self.question}: ainda não ({number(self.score)} de "
                f"{points(self.possible)}).")

    def __repr__(self) -> str:
        return "\n".join([self.headline(), *(f"  {m}" for m in self.messages())])

    def _repr_html_(self) -> str:
        color = "#1a7f37" if self.passed else "#b3261e"
        items = "".join(f"<li>{html.escape(m)}</li>" for m in self.messages())
        return (f'<p style="color:{color};font-weight:bold">{html.escape(self.headline())}</p>'
                f'<ul style="list-style:none;padding-left:0.5em">{items}</ul>')


def _quiet_notebook(otter):
    """``otter.Notebook`` sem o registro ``.OTTER_LOG``, que ele gravaria na pasta do aluno a
    cada verificação (o curso não usa esse registro)."""

    class QuietNotebook(otter.Notebook):
        def _log_event(self, *args, **kwargs):
            return None

    return QuietNotebook


class Exercises:
    """As verificações de um notebook: ``check("ex1")`` confere a resposta do exercício 1."""

    def __init__(self, notebook: str) -> None:
        self.folder = checks_folder(notebook)
        otter = _import_otter()  # aqui: só os notebooks com exercícios pagam o custo
        self._grader = _quiet_notebook(otter)(tests_dir=str(self.folder))

    def questions(self) -> list[str]:
        return sorted(p.stem for p in self.folder.glob("ex*.py"))

    def check(self, question: str, global_env: dict | None = None) -> Feedback:
        """Roda os testes de ``question`` sobre as variáveis do notebook e devolve o resultado."""
        if question not in self.questions():
            raise ValueError(f"checks: não há a verificação {question!r}; "
                             f"as deste notebook são {', '.join(self.questions())}.")
        if global_env is None:
            global_env = inspect.currentframe().f_back.f_globals  # as variáveis de quem chamou
        return Feedback(question, self._grader.check(question, global_env=global_env))

    def possible(self) -> dict[str, float]:
        """Pontos possíveis de cada exercício, lidos dos testes (sem rodar nada)."""
        from otter.test_files import NBMetadataConfig, create_test_file

        return {q: float(create_test_file(str(self.folder / f"{q}.py"), NBMetadataConfig())
                         .possible) for q in self.questions()}

    def check_all(self, global_env: dict) -> dict[str, dict]:
        """Todas as verificações sobre ``global_env``, para a correção: por exercício, os pontos,
        os possíveis e as mensagens que o aluno veria."""
        results = {}
        for question in self.questions():
            feedback = self.check(question, global_env)
            results[question] = {"pontos": float(feedback.score),
                                 "possível": float(feedback.possible),
                                 "mensagens": [feedback.headline(), *feedback.messages()]}
        return results
