"""Verificações dos exercícios (utils.checks + exercicios/verificacoes): certo na solução, erro
em português na resposta em branco e nos erros comuns previstos."""

import html
import math
import sys
import types
from pathlib import Path

import nbformat
import numpy as np
import pytest

from utils import checks

ROOT = Path(__file__).resolve().parents[1]
VAL_LOSS = np.array([0.9, 0.7, 0.6, 0.65, 0.55, 0.56, 0.57, 0.58, 0.5, 0.6])

# Para cada exercício: as respostas certas e, para alguns erros previsíveis, a resposta errada e
# um trecho da mensagem que o aluno deve ver.
LOGITS = np.array([-4.26, 2.97, -0.38, 5.24, -7.58, -3.43, 8.65, 2.63, 6.31, 0.69])


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


with np.errstate(over="ignore", invalid="ignore"):  # o erro do aluno: e^1000 estoura (nan)
    NAIVE_SOFTMAX_SHIFTED = np.exp(LOGITS + 1000) / np.exp(LOGITS + 1000).sum()


def tokenize(text):
    return [w.strip(".,").lower() for w in text.split()]


TOY = {"vocabulary": {"i": 1, "and": 4, "ham": 5, "love": 6, "onions": 10},
       "tokenize": tokenize, "toy_vectorize": lambda texts: FakeTensor(),
       "sequences": [[1, 2, 3, 4, 5], [1, 9, 10]]}
TEXT_CNN = {"VOCAB_SIZE": 100, "SIZES": {"embed_dim": 8, "filters": 4}}


def count_text_cnn(vocab_size, embed_dim, filters, widths):
    return (vocab_size * embed_dim + sum((k * embed_dim + 1) * filters for k in widths)
            + len(widths) * filters + 1)


def stopping_epoch(losses, patience):
    """A época da parada, por outro caminho que o da verificação: o melhor valor até cada
    época (mínimo acumulado) e as épocas seguidas sem bater esse melhor."""
    losses = np.asarray(losses, dtype=float)
    improved = losses < np.concatenate([[np.inf], np.minimum.accumulate(losses)[:-1]])
    since = np.arange(len(losses)) - np.maximum.accumulate(np.where(improved,
                                                                    np.arange(len(losses)), 0))
    stops = np.flatnonzero(since >= patience)
    return int(stops[0]) + 1 if len(stops) else len(losses)


class FakeTensor:
    def numpy(self):
        return np.array([[2, 5, 8, 3, 4]])


def conv2d_reference(x, kernels, biases, stride=1, padding=0):
    x = np.pad(x, ((padding, padding), (padding, padding), (0, 0)))
    k = kernels.shape[0]
    n_out = (x.shape[0] - k) // stride + 1
    out = np.zeros((n_out, n_out, kernels.shape[3]))
    for i in range(n_out):
        for j in range(n_out):
            window = x[stride * i:stride * i + k, stride * j:stride * j + k, :, None]
            out[i, j] = np.sum(window * kernels, axis=(0, 1, 2)) + biases
    return out


def _softmax_rows(z):
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


ATTENTION_2X2 = _softmax_rows(np.eye(2) / np.sqrt(2)) @ np.array([[1.0, 2.0], [3.0, 4.0]])


CASES = {
    ("01_perceptron", "ex1"): (
        {"fires_with_theta_6": [(1, 1, 1)]},
        [({"fires_with_theta_6": [(1, 0, 1), (1, 1, 0), (1, 1, 1)]}, "soma ≥ 5"),
         ({"fires_with_theta_6": 7}, "deve ser list")],
    ),
    ("01_perceptron", "ex2"): (
        {"w_nand": np.array([-2.0, -1.0]), "b_nand": 2.0},
        [({"w_nand": np.array([1.0, 1.0]), "b_nand": -1.5}, "porta E"),
         ({"w_nand": np.array([1.0, 1.0, 1.0])}, "2 pesos")],
    ),
    ("01_perceptron", "ex3"): (
        {"same_epochs": True, "weight_ratio": 10.0},
        [({"weight_ratio": 1.0}, "cada correção soma η · x"),
         ({"weight_ratio": 0.1}, "ao contrário"), ({"same_epochs": False}, "idênticos")],
    ),
    ("01_perceptron", "ex4"): (
        {"converges_vv": False, "shared_petal": (4.8, 1.8)},
        [({"converges_vv": True}, "não chegam a zero"),
         ({"shared_petal": (3.0, 1.1)}, "só aparece em versicolor"),
         ({"shared_petal": (4.5, 1.7)}, "só aparece em virginica"),
         ({"shared_petal": (1.8, 4.8)}, "nessa ordem"), ({"shared_petal": (4.8,)}, "2 números")],
    ),
    ("02_mlp", "ex1"): (
        {"n_params_mlp": 235_146},
        [({"n_params_mlp": 234_752}, "vieses"), ({"n_params_mlp": 101_770}, "784-256-128-10")],
    ),
    ("02_mlp", "ex2"): (
        {"logits": LOGITS, "p_shifted": softmax(LOGITS + 1000), "p_doubled": softmax(2 * LOGITS)},
        [({"p_shifted": NAIVE_SOFTMAX_SHIFTED}, "estoura"),
         ({"p_doubled": softmax(LOGITS)}, "muda a softmax"),
         ({"p_shifted": softmax(LOGITS)[:5]}, "10 probabilidades")],
    ),
    ("02_mlp", "ex3"): (
        {"loss_eta_0_5": 0.0476, "loss_eta_20": 0.0001},
        [({"loss_eta_0_5": 0.2384}, "1 passo"), ({"loss_eta_20": 3.2}, "contra o gradiente"),
         ({"loss_eta_0_5": -0.1}, "nunca é negativa")],
    ),
    ("03_cnn_lenet", "ex1"): (
        {"shape_ex1": (16, 16, 16), "params_ex1": 1216},
        [({"shape_ex1": (14, 14, 16)}, "valid"), ({"params_ex1": 416}, "3 canais"),
         ({"params_ex1": 1200}, "vieses")],
    ),
    ("03_cnn_lenet", "ex2"): (
        {"conv2d_general": conv2d_reference},
        [({"conv2d_general": lambda x, k, b, stride=1, padding=0: conv2d_reference(x, k, b)},
          "stride 1"),
         ({"conv2d_general": lambda x, k, b, stride=1, padding=0: conv2d_reference(
             x, k, b, stride)}, "o padding não foi aplicado"),
         ({"conv2d_general": lambda x, k, b, stride=1, padding=0: conv2d_reference(
             x, k, 0 * b, stride, padding)}, "valores errados")],
    ),
    ("03_cnn_lenet", "ex5"): (
        {"params_removed_by_gap": 10_240},
        [({"params_removed_by_gap": 1152}, "tamanho do vetor")],
    ),
    ("04_cifar10_batchnorm_aumento", "ex1"): (
        {"conv_biases_removed": 448},
        [({"conv_biases_removed": 224}, "largura 0,5"), ({"conv_biases_removed": 6}, "por filtro"),
         ({"conv_biases_removed": 224}, "o exercício pede a VGG de largura 1")],
    ),
    ("05_embeddings_cnn_texto", "ex1"): (
        {**TOY, "ids_by_appearance": [1, 6, 5, 4, 10], "ids_by_frequency": [2, 5, 8, 3, 4]},
        [({"ids_by_frequency": [1, 6, 5, 4, 10]}, "por aparição"),
         ({"ids_by_appearance": [1, 6, 5, 4, 10, 11]}, "a pontuação sai")],
    ),
    ("05_embeddings_cnn_texto", "ex2"): (
        {**TOY, "padded_6": [[0, 1, 2, 3, 4, 5], [0, 0, 0, 1, 9, 10]],
         "padded_2_post": [[1, 2], [1, 9]]},
        [({"padded_6": [[1, 2, 3, 4, 5, 0], [1, 9, 10, 0, 0, 0]]}, "padding=\"pre\""),
         ({"padded_2_post": [[4, 5], [9, 10]]}, "truncating=\"pre\"")],
    ),
    ("05_embeddings_cnn_texto", "ex3"): (
        {**TEXT_CNN, "count_text_cnn": count_text_cnn},
        [({"count_text_cnn": lambda v, d, f, w: count_text_cnn(v, d, f, w) - v * d},
          "Faltou o Embedding"),
         ({"count_text_cnn": lambda v, d, f, w: count_text_cnn(v, d, f, w) - len(w) * f - 1},
          "camada de saída"),
         ({"count_text_cnn": lambda v, d, f, w: count_text_cnn(v, d, f, w) - len(w) * f},
          "vieses das convoluções"),
         ({"count_text_cnn": lambda v, d, f, w: None}, "troque o `...`"),
         ({"count_text_cnn": 2_503_369}, "deve ser uma função")],
    ),
    ("05_embeddings_cnn_texto", "ex4"): (
        {"one_hot_bytes": 1.6e9, "embedding_bytes": 10_240_000},
        [({"one_hot_bytes": 4e8}, "4 bytes"), ({"embedding_bytes": 400 * 128 * 4}, "um texto só")],
    ),
    ("06_lstm_gru", "ex1"): (
        {"gru_params": 88_320, "lstm_params": 117_248},
        [({"gru_params": 87_936}, "reset_after"), ({"lstm_params": 29_312}, "multiplicar por 4")],
    ),
    ("07_otimizadores", "ex1"): (
        {"eta_one_step": 0.5, "eta_converge_limit": 1.0},
        [({"eta_one_step": 1.0}, "troca de sinal"), ({"eta_converge_limit": 2.0}, "θ²/2")],
    ),
    ("07_otimizadores", "ex2"): (
        {"eta_max_valley": 0.5},
        [({"eta_max_valley": 10.0}, "direção x"), ({"eta_max_valley": 0.25}, "num passo")],
    ),
    ("07_otimizadores", "ex3"): (
        {"adagrad_step_10000": 0.009999, "rmsprop_step_limit": 1.0},
        [({"adagrad_step_10000": 1.0}, "acumulador só cresce"),
         ({"rmsprop_step_limit": 0.1}, "peso de cada g²")],
    ),
    ("07_otimizadores", "ex4"): (
        {"eta_256": 0.04, "eta_4096": 0.64},
        [({"eta_256": 0.02}, "raiz quadrada"), ({"eta_4096": 0.01 / 64}, "Ao contrário")],
    ),
    ("08_redes_profundas", "ex1"): (
        {"z_at_max": 0.0, "max_derivative": 0.25, "product_10_layers": 0.25**10},
        [({"max_derivative": 0.5}, "é σ(0)"), ({"max_derivative": 1.0}, "tanh"),
         ({"product_10_layers": 2.5}, "potência"), ({"z_at_max": "zero"}, "deve ser um número")],
    ),
    ("08_redes_profundas", "ex2"): (
        {"std_normal_all_on": math.sqrt(1001), "std_scaled_all_on": math.sqrt(2)},
        [({"std_normal_all_on": 1001.0}, "variância"), ({"std_normal_all_on": math.sqrt(1000)},
                                                        "esquece o viés"),
         ({"std_scaled_all_on": 1.0}, "esquece o viés"), ({"std_scaled_all_on": 2.0}, "a raiz")],
    ),
    ("08_redes_profundas", "ex3"): (
        {"relu_second_moment": 0.5003},
        [({"relu_second_moment": 0.3989}, "faltou elevar"),
         ({"relu_second_moment": 0.1592}, "antes da média"),
         ({"relu_second_moment": None}, "None")],
    ),
    ("08_redes_profundas", "ex4"): (
        {"val_loss": VAL_LOSS, "stopping_epoch": stopping_epoch},
        [({"stopping_epoch": lambda losses, patience: int(np.argmin(losses)) + 1},
          "época do menor valor"),
         ({"stopping_epoch": lambda losses, patience: stopping_epoch(losses, patience) - 1},
          "a partir de 1"),
         ({"stopping_epoch": lambda losses, patience: None}, "não esqueça o `return`"),
         ({"stopping_epoch": 7}, "deve ser uma função"),
         ({"val_loss": ...}, "Rode o notebook desde o início")],
    ),
    ("09_atencao_transformers", "ex1"): (
        {"attention_2x2": ATTENTION_2X2},
        [({"attention_2x2": _softmax_rows(np.eye(2)) @ [[1, 2], [3, 4]]}, "dividir por √d_k"),
         ({"attention_2x2": np.eye(2) / np.sqrt(2) @ np.array([[1, 2], [3, 4]])},
          "Faltou a softmax"),
         ({"attention_2x2": np.array([[1, 2], [3, 4]]) @ _softmax_rows(np.eye(2) / np.sqrt(2))},
          "não V @ pesos"), ({"attention_2x2": ATTENTION_2X2.T}, "transposta"),
         ({"attention_2x2": _softmax_rows(np.eye(2) / 2) @ [[1, 2], [3, 4]]}, "não por d_k"),
         ({"attention_2x2": [[1, 2]]}, "deve ser 2×2")],
    ),
    ("09_atencao_transformers", "ex2"): (
        {"causal_5": np.tril(np.ones((5, 5), dtype=bool))},
        [({"causal_5": np.triu(np.ones((5, 5), dtype=bool))}, "transposta"),
         ({"causal_5": np.tril(np.ones((5, 5)), -1)}, "Faltou a diagonal"),
         ({"causal_5": np.ones((4, 4))}, "deve ser 5×5")],
    ),
    ("09_atencao_transformers", "ex3"): (
        {"mha_128": 66_048},
        [({"mha_128": 49_536}, "projeção de saída"), ({"mha_128": 65_536}, "vieses"),
         ({"mha_128": 16_608}, "uma cabeça só"), ({"mha_128": 65_920}, "viés da projeção")],
    ),
    ("09_atencao_transformers", "ex4"): (
        {"pe_3_2": math.sin(0.3)},
        [({"pe_3_2": math.cos(0.3)}, "seno"), ({"pe_3_2": math.sin(3 / 10000 ** (1 / 8))},
                                                "não i/d")],
    ),
    ("10_autoencoders_gan", "ex1"): (
        {"kl_1d": 0.5 * (0.25 + math.log(4))},
        [({"kl_1d": 0.25 + math.log(4)}, "fator ½"), ({"kl_1d": -0.5 * (0.25 + math.log(4))},
                                                       "sinal"),
         ({"kl_1d": -0.5 * (math.log(0.5) - 0.5)}, "é a variância"),
         ({"kl_1d": -0.5 * (math.log(0.5) - 0.25)}, "log σ² = ln 0,25"),
         ({"kl_1d": -0.5 * (math.log10(0.25) - 0.25)}, "logaritmo natural"),
         ({"kl_1d": "0,818"}, "número")],
    ),
    ("10_autoencoders_gan", "ex2"): (
        {"transposed_shape": (15, 15, 32)},
        [({"transposed_shape": (14, 14, 32)}, "padding='same'"),
         ({"transposed_shape": (17, 17, 32)}, "Faltou o −1"),
         ({"transposed_shape": (15, 15, 64)}, "32 filtros"),
         ({"transposed_shape": (None, 15, 15, 32)}, "Sem o lote"),
         ({"transposed_shape": [15, 15]}, "3 números")],
    ),
    ("10_autoencoders_gan", "ex3"): (
        {"d_star": 0.75},
        [({"d_star": 0.25}, "Trocou"), ({"d_star": 3.0}, "probabilidade"),
         ({"d_star": 0.3}, "dividir pela soma"), ({"d_star": 0.5}, "1/2")],
    ),
    ("10_autoencoders_gan", "ex4"): (
        {"pca_mse": lambda eigenvalues, k: np.sum(eigenvalues[k:]) / len(eigenvalues)},
        [({"pca_mse": lambda e, k: np.sum(e[:k]) / len(e)}, "variância que a PCA guarda"),
         ({"pca_mse": lambda e, k: np.sum(e[k:])}, "Faltou dividir"),
         ({"pca_mse": lambda e, k: np.sum(e[k:]) / k}, "não por k"),
         ({"pca_mse": lambda e, k: np.sum(e[k + 1:]) / len(e)}, "um autovalor a menos"),
         ({"pca_mse": lambda e, k: np.sum(e[k - 1:]) / len(e)}, "um autovalor a mais"),
         ({"pca_mse": lambda e, k: None}, "return"),
         ({"pca_mse": 0.7}, "deve ser uma função")],
    ),
}


def notebooks_with_checks():
    return sorted(p.name for p in checks.CHECKS_DIR.iterdir() if p.is_dir())


def run(notebook, question, env):
    return checks.Exercises(notebook).check(question, global_env=dict(env))


def test_every_check_file_has_cases_here():
    files = {(nb, p.stem) for nb in notebooks_with_checks()
             for p in (checks.CHECKS_DIR / nb).glob("ex*.py")}
    assert files == set(CASES), "cada verificação precisa de casos (certo e errados) neste teste"


@pytest.mark.parametrize(("notebook", "question"), sorted(CASES))
def test_solution_passes_with_portuguese_message(notebook, question):
    feedback = run(notebook, question, CASES[notebook, question][0])
    assert feedback.passed, repr(feedback)
    assert repr(feedback).startswith(f"{question}: certo!")
    assert feedback.score == feedback.possible > 0


@pytest.mark.parametrize(("notebook", "question"), sorted(CASES))
def test_blank_answer_fails_and_says_what_to_fill(notebook, question):
    solution = CASES[notebook, question][0]
    context = {"val_loss", "logits", "bn_model", *TOY, *TEXT_CNN}  # do notebook, não respostas
    blank = {k: (... if k not in context else v) for k, v in solution.items()}
    feedback = run(notebook, question, blank)
    assert not feedback.passed and feedback.score == 0
    text = repr(feedback)
    assert "ainda não" in text and "Defina `" in text and "troque o `...`" in text, text


@pytest.mark.parametrize(("notebook", "question", "k"),
                         [(nb, q, k) for (nb, q), (_, wrong) in sorted(CASES.items())
                          for k in range(len(wrong))])
def test_common_mistake_gets_its_hint(notebook, question, k):
    solution, wrong = CASES[notebook, question]
    change, expected = wrong[k]
    feedback = run(notebook, question, {**solution, **change})
    assert not feedback.passed
    assert expected in repr(feedback), repr(feedback)
    assert html.escape(expected) in feedback._repr_html_()


def test_feedback_html_escapes_and_colors():
    feedback = run("08_redes_profundas", "ex3", {"relu_second_moment": 0.5})
    assert "certo!" in feedback._repr_html_() and "#1a7f37" in feedback._repr_html_()


def test_bad_names_give_clear_errors():
    with pytest.raises(FileNotFoundError, match="não há verificações para 'inexistente'"):
        checks.Exercises("inexistente")
    with pytest.raises(TypeError, match="informe o nome do notebook"):
        checks.checks_folder("")
    with pytest.raises(ValueError, match="não há a verificação 'ex9'"):
        checks.Exercises("08_redes_profundas").check("ex9", global_env={})


def test_answer_helper_messages():
    assert checks.answer({"x": "3"}, "x", int) == 3
    with pytest.raises(AssertionError, match="Defina `x`"):
        checks.answer({}, "x")
    with pytest.raises(AssertionError, match="deve ser um número, não list"):
        checks.answer({"x": [1, 2]}, "x")


@pytest.mark.parametrize("notebook", notebooks_with_checks())
def test_notebook_runs_each_check_after_its_solution(notebook):
    """No notebook publicado, cada verificação vem logo depois da célula da solução (que tem o
    esqueleto da versão do aluno), está fora dos slides e mostra "certo!"."""
    nb = nbformat.read(ROOT / "notebooks" / f"{notebook}.ipynb", as_version=4)
    questions = sorted(p.stem for p in (checks.CHECKS_DIR / notebook).glob("ex*.py"))
    seen = []
    for k, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or "exercises.check(" not in cell.source:
            continue
        question = cell.source.split('"')[1]
        seen.append(question)
        assert "verificacao" in cell.metadata.get("tags", [])
        assert cell.metadata.slideshow.slide_type == "skip"
        previous = nb.cells[k - 1]
        assert "solucao" in previous.metadata.get("tags", [])
        assert "..." in previous.metadata["exercicio"]["esqueleto"]
        text = "".join(o.get("text", "") or str(o.get("data", {}).get("text/plain", ""))
                       for o in cell.outputs)
        assert f"{question}: certo!" in text, f"{notebook} {question}: {text[:200]}"
    assert seen == questions


def test_otter_requirement_matches_requirements_txt():
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert checks.OTTER_REQUIREMENT in lines


def test_without_otter_outside_colab_says_how_to_install(monkeypatch):
    real_import = checks.importlib.import_module

    def no_otter(name, *args):
        if name == "otter":
            raise ImportError("simulado")
        return real_import(name, *args)

    monkeypatch.setattr(checks.importlib, "import_module", no_otter)
    monkeypatch.delitem(sys.modules, "google.colab", raising=False)
    with pytest.raises(ImportError, match="make curso"):
        checks.Exercises("08_redes_profundas")


def test_on_colab_installs_the_pinned_otter(monkeypatch):
    calls, imported = [], []
    real_import = checks.importlib.import_module

    def first_missing(name, *args):
        if name == "otter" and not imported:
            imported.append(name)
            raise ImportError("simulado")
        return real_import(name, *args)

    monkeypatch.setattr(checks.importlib, "import_module", first_missing)
    monkeypatch.setitem(sys.modules, "google.colab", types.ModuleType("google.colab"))
    monkeypatch.setattr(checks.subprocess, "run", lambda cmd, check: calls.append(cmd))
    exercises = checks.Exercises("08_redes_profundas")
    assert calls == [[sys.executable, "-m", "pip", "install", "-q", checks.OTTER_REQUIREMENT]]
    assert exercises.questions() == ["ex1", "ex2", "ex3", "ex4"]


def test_headline_agrees_in_number():
    feedback = run("08_redes_profundas", "ex3", {"relu_second_moment": 0.3989})
    assert feedback.headline() == "ex3: ainda não (0 de 1 ponto)."
    feedback = run("08_redes_profundas", "ex4", {"val_loss": VAL_LOSS})
    assert feedback.headline() == "ex4: ainda não (0 de 2 pontos)."


def test_missing_lesson_variable_says_to_run_the_lesson_first():
    """Depois de reiniciar o kernel e rodar só as respostas, a verificação não mostra um
    KeyError cru: diz em português que falta a aula e como rodá-la."""
    feedback = run("05_embeddings_cnn_texto", "ex1",
                   {"ids_by_appearance": [1, 6, 5, 4, 10], "ids_by_frequency": [2, 5, 8, 3, 4]})
    text = repr(feedback)
    assert "A variável `tokenize` da aula não existe nesta sessão do kernel" in text, text
    assert checks.RUN_LESSON_FIRST in text and "KeyError" not in text


def test_checks_leave_no_otter_log_in_the_students_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("08_redes_profundas", "ex3", {"relu_second_moment": 0.5})
    run("08_redes_profundas", "ex3", {"relu_second_moment": 0.1})
    assert list(tmp_path.iterdir()) == []


def test_possible_points_and_check_all_for_the_grader():
    exercises = checks.Exercises("08_redes_profundas")
    assert exercises.possible() == {"ex1": 3.0, "ex2": 2.0, "ex3": 1.0, "ex4": 2.0}
    results = exercises.check_all(dict(CASES["08_redes_profundas", "ex3"][0]))
    assert results["ex3"] == {"pontos": 1.0, "possível": 1.0,
                              "mensagens": ["ex3: certo!", "✔ E[ReLU(z)²] ≈ 1/2: a ReLU divide "
                                            "o segundo momento por 2."]}
    assert results["ex1"]["pontos"] == 0 and results["ex1"]["possível"] == 3.0


def test_answer_function_helpers():
    with pytest.raises(AssertionError, match=r"Defina `f\(x\)` .*troque o `...`"):
        checks.answer_function({}, "f", "f(x)")
    with pytest.raises(AssertionError,
                       match=r"`f` deve ser uma função, `def f\(x\): ...`: porque"):
        checks.answer_function({"f": 3}, "f", "f(x)", ": porque")
    assert checks.answer_function({"f": len}, "f", "f(x)") is len
    assert checks.returned(0, "f") == 0
    with pytest.raises(AssertionError, match="`f` devolveu None: .*`return`"):
        checks.returned(None, "f")
