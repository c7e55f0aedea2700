"""Utilitários compartilhados do curso "Redes Neurais Profundas com Keras".

- `utils.runtime`: sementes, modos (full/reduced/fast), dispositivo e registro da execução.
- `utils.data`: carregadores dos conjuntos de dados (espelhos offline e downloads verificados).
- `utils.plots`: gráficos usados em mais de um notebook.
- `utils.stats`: incerteza dos resultados (erro padrão, diferença pareada, média ± desvio).
- `utils.formatting`: números em pt-BR (vírgula decimal, ponto de milhar, porcentagens).
- `utils.checks`: verificação dos exercícios (otter-grader), com a resposta em português.
- `utils.timing`: previsão do tempo de cada notebook nesta máquina (usada pelo notebook 00).
"""

# Endereço do repositório publicado. É o único lugar onde ele aparece: os selos "Abrir no
# Colab" e a célula de preparação dos notebooks são gerados a partir daqui por
# `python scripts/sync_colab.py`. Publicar o curso = trocar este valor e rodar esse script.
REPO_URL = "https://github.com/SEU-USUARIO/redes-neurais-keras"

__all__ = ["REPO_URL"]
