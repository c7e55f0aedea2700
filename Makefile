# Comandos do curso. Cada um prepara sozinho o que precisa (.venv no repositório,
# dependências com versões fixas, pacote `utils` instalado, kernel do Jupyter registrado).
#
#   make curso                   instala e abre o JupyterLab (em português) em notebooks/
#   make testes                  roda todos os testes (utils, estrutura e nbval no modo fast)
#   make executar MODO=reduced   executa todos os notebooks sem interface e grava as cópias
#                                executadas em build/executados/ (EMPLACE=1 substitui os originais)
#   make slides                  uma apresentação reveal.js por notebook em build/site/slides/
#   make site                    site navegável (índice, notebooks, slides) em build/site/
#   make benchmark MODO=reduced  mede tempo e métricas de cada notebook (benchmarks/results/);
#                                PERFIL=laptop reproduz a CPU de um laptop de estudante
#   make exercicios              versão do aluno (sem soluções) em build/exercicios/aluno/;
#                                de novo, nunca apaga o que o aluno escreveu
#   make aluno                   gera a versão do aluno e abre o JupyterLab nela (estudar sozinho)
#   make corrigir ENTREGAS=pasta corrige uma pasta de notebooks entregues (ou um notebook):
#                                notas.csv, notas.md e devolutivas/ em build/exercicios/notas/

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.instalado
MODO   ?= reduced
PERFIL ?= nativo
NOTEBOOKS ?= notebooks/*.ipynb

LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings

.PHONY: curso testes executar slides site benchmark exercicios aluno corrigir ambiente lint limpar

$(STAMP): requirements.txt pyproject.toml jupyter/overrides.json jupyter/traducao_complementar.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	$(PY) -m pip install --quiet --quiet --no-deps -e .  # -qq: sem o aviso informativo do setuptools
	$(PY) -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (Redes Neurais com Keras)" >/dev/null
	mkdir -p $(LAB_SETTINGS) && cp jupyter/overrides.json $(LAB_SETTINGS)/overrides.json
	$(PY) jupyter/traducao_complementar.py  # o que falta à tradução pt-BR do JupyterLab
	touch $(STAMP)

ambiente: $(STAMP)

# Como root (contêineres, algumas VMs) o Jupyter exige --allow-root.
curso: $(STAMP)
	$(VENV)/bin/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root,)

# Dois processos do pytest (pytest-xdist): enquanto um executa um notebook, o outro roda outro
# arquivo. --dist loadfile mantém as células de cada notebook no mesmo processo, em ordem.
PROCESSOS ?= 2
testes: $(STAMP)
	COURSE_MODE=fast $(PY) -m pytest -n $(PROCESSOS) --dist loadfile --nbval-lax \
		--nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg \
		--nbval-cell-timeout=300 tests notebooks

executar: $(STAMP)
	$(PY) scripts/execute_notebooks.py --mode $(MODO) $(if $(EMPLACE),--inplace,) $(NOTEBOOKS)

slides: $(STAMP)
	$(PY) scripts/build_site.py --slides

site: $(STAMP)
	$(PY) scripts/build_site.py

benchmark: $(STAMP)
	$(PY) benchmarks/run.py --mode $(MODO) --profile $(PERFIL) $(if $(EMPLACE),--inplace,)

exercicios: $(STAMP)
	$(PY) scripts/exercicios.py gerar

aluno: exercicios
	$(VENV)/bin/jupyter lab build/exercicios/aluno/ $(if $(filter 0,$(shell id -u)),--allow-root,)

corrigir: $(STAMP)
	test -n "$(ENTREGAS)" || { echo "use: make corrigir ENTREGAS=pasta_das_entregas (ou um notebook)"; exit 2; }
	$(PY) scripts/exercicios.py corrigir "$(ENTREGAS)"

lint: $(STAMP)
	$(VENV)/bin/ruff check utils tests scripts benchmarks exercicios

limpar:
	rm -rf build .pytest_cache
