"""Conjuntos de dados do curso: um carregador por conjunto, offline ou online, sem perdas.

    from utils import data
    (x_train, y_train), (x_test, y_test) = data.load_fashion_mnist(n_train=10_000)

Onde cada conjunto é procurado, nesta ordem (vale o primeiro lugar que o tiver):

1. pastas-espelho: `COURSE_DATA_DIR` (variável de ambiente), a pasta `data/` do repositório e
   `/usr/share/datasets` (pacotes de dados do Debian, p. ex. `dataset-fashion-mnist`);
2. o cache de downloads: `COURSE_CACHE_DIR`, senão `~/.cache/redes-neurais-keras`;
3. o download oficial (URL fixa, sha256 conferido), guardado no cache.

Se nada der certo, `DatasetUnavailableError` lista os lugares procurados e o comando que resolve.
Um arquivo encontrado mas corrompido gera `CorruptDataError` e NÃO é trocado por outra fonte.

Formatos aceitos num espelho: `NOME.npz` com as chaves x_train, y_train, x_test, y_test (mnist,
fashion_mnist, cifar10) ou o formato oficial: `fashion-mnist/*-ubyte.gz`,
`rt-polaritydata/rt-polarity.{pos,neg}` (UTF-8 ou cp1252), `aclImdb/{train,test}/{pos,neg}/*.txt`.

Linha de comando (`python -m utils.data --help`): `download`, `export` e `verify`. Outras
variáveis de ambiente: `COURSE_DOWNLOAD_TIMEOUT` (segundos sem resposta até desistir; padrão 30)
e `COURSE_DOWNLOAD_BASE_URL` (servidor local com cópias dos arquivos oficiais; ver _download.py).
Este módulo não importa o TensorFlow, para que a linha de comando seja rápida.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from tqdm.auto import tqdm

from utils._download import (
    SOURCES,
    CorruptDataError,
    DownloadError,
    RemoteFile,
    Source,
    atomic_file,
    decode_text,
    fetch,
    move_into_place,
    read_idx_gz,
    read_npz,
    resolve_url,
    sha256_bytes,
)

__all__ = [
    "CIFAR10_CLASSES", "FASHION_MNIST_CLASSES", "MNIST_CLASSES", "SENTIMENT_CLASSES", "SOURCES",
    "CorruptDataError", "DatasetUnavailableError", "DownloadError", "RemoteFile", "Source",
    "cache_dir", "describe_sources", "load_cifar10", "load_fashion_mnist", "load_imdb_reviews",
    "load_mnist", "load_movie_reviews", "main", "mirror_dirs",
]

MNIST_CLASSES = tuple(str(digit) for digit in range(10))
FASHION_MNIST_CLASSES = ("Camiseta/top", "Calça", "Suéter", "Vestido", "Casaco", "Sandália",
                         "Camisa", "Tênis", "Bolsa", "Bota")
CIFAR10_CLASSES = ("avião", "automóvel", "pássaro", "gato", "cervo", "cachorro", "sapo",
                   "cavalo", "navio", "caminhão")
SENTIMENT_CLASSES = ("negativa", "positiva")

# SOURCES (URL e sha256 oficiais de cada conjunto) fica em _download.py e é reexportada aqui; os
# testes trocam entradas com monkeypatch.setitem(data.SOURCES, ...) (é o mesmo dicionário).

# Pastas-espelho fixas (os testes trocam estas constantes por pastas temporárias).
REPO_DATA_DIR = Path(__file__).resolve().parents[1] / "data"
SYSTEM_DATA_DIR = Path("/usr/share/datasets")
DEFAULT_TIMEOUT = 30.0


class DatasetUnavailableError(RuntimeError):
    """O conjunto não está em nenhum espelho nem no cache, e o download oficial falhou."""


@dataclass(frozen=True)
class _Dataset:
    """O que se sabe de cada conjunto: nome para pessoas, formatos aceitos e formas esperadas."""

    title: str
    layouts: tuple[str, ...]  # nomes procurados em cada pasta, em ordem de preferência
    classes: tuple[str, ...]
    official: tuple[int, int]  # tamanho do original (treino, teste)
    image_shape: tuple[int, ...] | None = None  # None: texto
    label_shape: tuple[int, ...] = ()  # (1,) no CIFAR-10, como no keras.datasets


DATASETS = {
    "mnist": _Dataset("MNIST", ("mnist.npz",), MNIST_CLASSES, (60000, 10000), (28, 28)),
    "fashion_mnist": _Dataset("Fashion-MNIST", ("fashion_mnist.npz", "fashion-mnist"),
                              FASHION_MNIST_CLASSES, (60000, 10000), (28, 28)),
    "cifar10": _Dataset("CIFAR-10", ("cifar10.npz",), CIFAR10_CLASSES, (50000, 10000),
                        (32, 32, 3), (1,)),
    "movie_reviews": _Dataset("MR (Movie Review)", ("rt-polaritydata",), SENTIMENT_CLASSES,
                              (10662, 0)),
    "imdb_reviews": _Dataset("IMDB", ("aclImdb",), SENTIMENT_CLASSES, (25000, 25000)),
}

# Partes obrigatórias dos formatos em pasta.
_FASHION_FILES = {f"{key}_{split}": f"{prefix}-{kind}-ubyte.gz"
                  for split, prefix in (("train", "train"), ("test", "t10k"))
                  for key, kind in (("x", "images-idx3"), ("y", "labels-idx1"))}
_LAYOUT_PARTS = {
    "fashion-mnist": tuple(_FASHION_FILES.values()),
    "rt-polaritydata": ("rt-polarity.neg", "rt-polarity.pos"),
    "aclImdb": ("train/neg", "train/pos", "test/neg", "test/pos"),
}
_SPLIT_KEYS = ("x_train", "y_train", "x_test", "y_test")


# ---------------------------------------------------------------------------------------------
# Onde procurar
# ---------------------------------------------------------------------------------------------

def _places() -> list[tuple[str, Path, str]]:
    """Lugares de busca, em ordem: (origem, pasta, descrição). Relido a cada chamada."""
    places = []
    env = os.environ.get("COURSE_DATA_DIR", "").strip()
    if env:
        places.append(("espelho", Path(env).expanduser(), "COURSE_DATA_DIR"))
    places += [("espelho", REPO_DATA_DIR, "pasta data/ do repositório"),
               ("espelho", SYSTEM_DATA_DIR, "pacotes de dados do Debian")]
    return places + [("cache", cache_dir(), "cache de downloads")]


def mirror_dirs() -> list[Path]:
    """Pastas-espelho na ordem de busca: COURSE_DATA_DIR (se definida), data/ do repositório,
    /usr/share/datasets."""
    return [folder for origin, folder, _ in _places() if origin == "espelho"]


def cache_dir() -> Path:
    """Pasta do cache de downloads: COURSE_CACHE_DIR, senão ~/.cache/redes-neurais-keras."""
    env = os.environ.get("COURSE_CACHE_DIR", "").strip()
    return Path(env).expanduser() if env else Path.home() / ".cache" / "redes-neurais-keras"


def download_timeout() -> float:
    """Segundos sem resposta até um download desistir (COURSE_DOWNLOAD_TIMEOUT, padrão 30)."""
    value = os.environ.get("COURSE_DOWNLOAD_TIMEOUT", "").strip()
    try:
        return float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        raise ValueError(f"COURSE_DOWNLOAD_TIMEOUT={value!r} não é um número de segundos."
                         ) from None


def _layout_present(folder: Path, layout: str) -> Path | None:
    """Caminho do formato `layout` em `folder`, None se ausente; erro se estiver incompleto."""
    path = folder / layout
    if not path.exists():
        return None
    missing = [part for part in _LAYOUT_PARTS.get(layout, ()) if not (path / part).exists()]
    if missing:
        raise CorruptDataError(f"{path} está incompleto: falta(m) {', '.join(missing)}.")
    return path


def _find_in(folder: Path, name: str) -> Path | None:
    """Primeiro formato de `name` presente em `folder`."""
    for layout in DATASETS[name].layouts:
        if path := _layout_present(folder, layout):
            return path
    return None


def _locate(name: str) -> tuple[Path, str] | None:
    """(caminho, origem) do primeiro lugar de busca que tem o conjunto, ou None."""
    for origin, folder, _ in _places():
        if path := _find_in(folder, name):
            return path, origin
    return None


# ---------------------------------------------------------------------------------------------
# Leitura e validação
# ---------------------------------------------------------------------------------------------

def _read_fashion_folder(folder: Path) -> dict[str, np.ndarray]:
    """Lê os quatro .gz oficiais do Fashion-MNIST."""
    return {key: read_idx_gz(folder / name, 3 if key[0] == "x" else 1)
            for key, name in _FASHION_FILES.items()}


def _check_content_hash(path: Path, text: str) -> None:
    """Confere o hash de conteúdo do MR (texto em UTF-8), se houver um fixado para o arquivo."""
    expected = SOURCES["movie_reviews"].content_sha256.get(path.name)
    actual = sha256_bytes(text.encode("utf-8"))
    if expected and actual != expected:
        raise CorruptDataError(f"{path}: o texto tem sha256 {actual}, mas o do MR oficial é "
                               f"{expected} (arquivo alterado ou truncado).")


def _read_movie_reviews(folder: Path) -> dict[str, np.ndarray]:
    """Lê rt-polarity.neg (rótulo 0) e rt-polarity.pos (rótulo 1), uma frase por linha."""
    texts, labels = [], []
    for label, polarity in enumerate(("neg", "pos")):
        path = folder / f"rt-polarity.{polarity}"
        text = decode_text(path.read_bytes())
        _check_content_hash(path, text)
        lines = [line.strip() for line in text.split("\n") if line.strip()]
        texts += lines
        labels += [label] * len(lines)
    return {"x": np.array(texts, dtype=object), "y": np.array(labels, dtype=np.int64)}


def _review_order(path: Path) -> tuple:
    """Ordena críticas do IMDB pelo número antes do '_' (0_9.txt, 1_7.txt, ..., 10_8.txt)."""
    number = path.stem.split("_")[0]
    return (0, int(number), path.name) if number.isdigit() else (1, 0, path.name)


def _read_imdb_folder(folder: Path) -> dict[str, np.ndarray]:
    """Lê aclImdb/{train,test}/{neg,pos}/*.txt: negativas (0) e depois positivas (1)."""
    arrays = {}
    for split in ("train", "test"):
        texts, labels = [], []
        for label, polarity in enumerate(("neg", "pos")):
            files = sorted((folder / split / polarity).glob("*.txt"), key=_review_order)
            if not files:
                raise CorruptDataError(f"{folder / split / polarity}: nenhuma crítica (*.txt).")
            for file in files:
                try:
                    texts.append(file.read_text(encoding="utf-8"))
                except UnicodeDecodeError as error:
                    raise CorruptDataError(f"{file}: não é texto UTF-8 ({error}).") from error
            labels += [label] * len(files)
        arrays[f"x_{split}"] = np.array(texts, dtype=object)
        arrays[f"y_{split}"] = np.array(labels, dtype=np.int64)
    return arrays


_FOLDER_READERS = {"fashion-mnist": _read_fashion_folder, "rt-polaritydata": _read_movie_reviews,
                   "aclImdb": _read_imdb_folder}


def _pair_problem(x: np.ndarray, y: np.ndarray, ds: _Dataset) -> str | None:
    """Descreve o que há de errado num par (x, y), ou None se estiver de acordo com `ds`."""
    n = len(x) if x.ndim else 0
    dtypes = (np.dtype(object), np.dtype(np.int64)) if ds.image_shape is None else (
        np.dtype(np.uint8), np.dtype(np.uint8))
    shapes = ((n,) + (ds.image_shape or ()), (n,) + ds.label_shape)
    if n == 0:
        return "nenhum exemplo"
    if (x.dtype, y.dtype) != dtypes:
        return f"tipos {x.dtype}/{y.dtype}, esperados {dtypes[0]}/{dtypes[1]}"
    if (x.shape, y.shape) != shapes:
        return f"formas {x.shape}/{y.shape}, esperadas {shapes[0]}/{shapes[1]}"
    if y.min() < 0 or y.max() >= len(ds.classes):
        return f"rótulos entre {y.min()} e {y.max()}, esperados entre 0 e {len(ds.classes) - 1}"
    return None


def _read(path: Path, name: str) -> dict[str, np.ndarray]:
    """Lê e valida o conjunto em `path`: chaves x_train, y_train, x_test, y_test (MR: x, y)."""
    if path.suffix == ".npz":
        arrays = read_npz(path, _SPLIT_KEYS)
    else:
        arrays = _FOLDER_READERS[path.name](path)
    keys = ("x", "y") if "x" in arrays else _SPLIT_KEYS
    for x_key, y_key in zip(keys[::2], keys[1::2], strict=True):
        if problem := _pair_problem(arrays[x_key], arrays[y_key], DATASETS[name]):
            raise CorruptDataError(f"{path}: {x_key}/{y_key} inválidos: {problem}.")
    return arrays


# ---------------------------------------------------------------------------------------------
# Download para o cache
# ---------------------------------------------------------------------------------------------

def _download_to_cache(name: str, *, timeout: float | None = None, progress: bool = True,
                       ) -> tuple[dict[str, np.ndarray], Path]:
    """Baixa `name` da fonte oficial numa pasta temporária do cache, valida e só então o põe no
    lugar. Devolve (arrays, caminho no cache). Erros: DownloadError ou CorruptDataError."""
    cache = cache_dir()
    timeout = download_timeout() if timeout is None else timeout
    try:
        cache.mkdir(parents=True, exist_ok=True)
        workspace = tempfile.TemporaryDirectory(dir=cache, prefix=f".baixando-{name}-")
    except OSError as error:
        raise DownloadError(f"Não foi possível gravar no cache {cache} ({error}); defina "
                            "COURSE_CACHE_DIR com uma pasta gravável.") from error
    with workspace as work:
        produced = fetch(name, Path(work), timeout=timeout, progress=progress)
        arrays = _read(produced, name)
        target = cache / produced.name
        move_into_place(produced, target)
    return arrays, target


def _unavailable_message(name: str, cause: Exception) -> str:
    """Mensagem do DatasetUnavailableError: lugares procurados e os comandos que resolvem."""
    lines = [f"{DATASETS[name].title} ({name}) não está disponível nesta máquina.",
             f"Procurei {' ou '.join(DATASETS[name].layouts)} nestas pastas, nesta ordem:"]
    lines += [f"  {i}. {folder}  ({label})" for i, (_, folder, label) in enumerate(_places(), 1)]
    lines += [f"E o download oficial falhou: {cause}", "Para resolver:",
              f"  - com internet: python -m utils.data download {name}",
              f"  - sem internet: numa máquina conectada rode `python -m utils.data export {name} "
              "--to DIR`, copie DIR para cá e defina COURSE_DATA_DIR=DIR"]
    return "\n".join(lines)


def _obtain(name: str, progress: bool) -> tuple[dict[str, np.ndarray], Path, str]:
    """Encontra (ou baixa) e lê o conjunto completo; devolve (arrays, caminho, origem)."""
    try:
        if found := _locate(name):
            return _read(found[0], name), *found
    except CorruptDataError as error:  # nunca passa para a fonte seguinte
        raise CorruptDataError(
            f"{error}\nNada foi carregado. Conserte ou remova esse arquivo: no cache, basta "
            "apagá-lo (será baixado de novo); num espelho, gere outro com `python -m utils.data "
            f"export {name} --to DIR` numa máquina que tenha os dados.") from error
    try:
        arrays, path = _download_to_cache(name, progress=progress)
    except DownloadError as error:
        raise DatasetUnavailableError(_unavailable_message(name, error)) from error
    return arrays, path, f"baixado agora de {resolve_url(SOURCES[name].files[0].url)} para o cache"


# ---------------------------------------------------------------------------------------------
# Subconjuntos estratificados e carregadores públicos
# ---------------------------------------------------------------------------------------------

def _check_size(value: object, arg: str) -> int | None:
    """Valida n_train/n_test: None (tudo) ou inteiro positivo."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{arg} deve ser um inteiro positivo ou None (tudo); recebido {value!r} "
                        f"({type(value).__name__}).")
    if value <= 0:
        raise ValueError(f"{arg} deve ser positivo (recebido {value}); use None para carregar "
                         "tudo.")
    return int(value)


def _stratified_split(y: np.ndarray, sizes: tuple[int, int], seed: int, what: str,
                      ) -> tuple[np.ndarray, np.ndarray]:
    """Índices de duas partes disjuntas e estratificadas pelos rótulos, com `sizes` exemplos."""
    from sklearn.model_selection import train_test_split  # importação lenta: só quando usada

    labels = y.reshape(len(y), -1)[:, 0]
    n_classes = len(np.unique(labels))
    if sum(sizes) > len(y):
        raise ValueError(f"{what}: {_fmt(sum(sizes))} exemplos pedidos, mas a fonte só tem "
                         f"{_fmt(len(y))}.")
    if min(sizes) < n_classes:
        raise ValueError(f"{what}: uma divisão estratificada de {n_classes} classes precisa de "
                         f"pelo menos {n_classes} exemplos em cada parte (pedido: {sizes}).")
    return train_test_split(np.arange(len(y)), train_size=sizes[0], test_size=sizes[1],
                            stratify=labels, random_state=seed)


def _subset(x: np.ndarray, y: np.ndarray, n: int | None, seed: int, arg: str, where: str,
            ) -> tuple[np.ndarray, np.ndarray]:
    """Amostra estratificada de n exemplos (semente `seed`); None ou n == total: tudo, em ordem."""
    if n is None or n == len(y):
        return x, y
    if n > len(y):
        raise ValueError(f"{arg}={_fmt(n)} é maior que o disponível: {where} tem "
                         f"{_fmt(len(y))}. Peça no máximo {_fmt(len(y))}, ou None para tudo.")
    n_classes = len(np.unique(y))
    if not n_classes <= n <= len(y) - n_classes:
        raise ValueError(f"{arg}={_fmt(n)}: uma amostra estratificada de {n_classes} classes "
                         f"precisa de pelo menos {n_classes} exemplos dentro e fora dela; peça "
                         f"de {n_classes} a {_fmt(len(y) - n_classes)} (ou {_fmt(len(y))} = "
                         "None, tudo).")
    index, _ = _stratified_split(y, (n, len(y) - n), seed, arg)
    return x[index], y[index]


def _fmt(n: int) -> str:
    """Inteiro com ponto nos milhares, como se escreve em português: 60.000."""
    return f"{n:,}".replace(",", ".")


def _report(name: str, counts: str, path: Path, origin: str, totals: tuple[int, int]) -> None:
    """Imprime a linha única que diz quanto foi carregado e de onde."""
    official = DATASETS[name].official
    if sum(totals) < sum(official):
        origin += f"; parcial, o original tem {' + '.join(_fmt(n) for n in official if n)}"
    print(f"{DATASETS[name].title}: {counts}, lido de {path} ({origin})")


def _load_split(name: str, n_train: int | None, n_test: int | None, seed: int, verbose: bool):
    """Caminho comum a todos os conjuntos que já vêm divididos em treino e teste."""
    n_train, n_test = _check_size(n_train, "n_train"), _check_size(n_test, "n_test")
    arrays, path, origin = _obtain(name, progress=verbose)
    where = f"{DATASETS[name].title} em {path}"
    train = _subset(arrays["x_train"], arrays["y_train"], n_train, seed, "n_train", where)
    test = _subset(arrays["x_test"], arrays["y_test"], n_test, seed, "n_test", where)
    if verbose:
        totals = (len(arrays["y_train"]), len(arrays["y_test"]))
        counts = f"{_fmt(len(train[1]))} treino + {_fmt(len(test[1]))} teste"
        if totals != (len(train[1]), len(test[1])):
            counts += (f" (amostra estratificada, semente {seed}, de {_fmt(totals[0])} + "
                       f"{_fmt(totals[1])})")
        _report(name, counts, path, origin, totals)
    return train, test


_ARGS_DOC = """
    Sem `n_train`/`n_test`, devolve tudo, na ordem original; com eles, uma amostra estratificada
    (mesma proporção de classes) e reprodutível (a mesma `seed` dá sempre os mesmos exemplos).
    `verbose=False` silencia a linha que diz de onde os dados vieram e o progresso de download.

    Levanta `DatasetUnavailableError` (sem espelho, sem cache e sem download), `CorruptDataError`
    (arquivo encontrado mas inválido; nunca é trocado por outra fonte) e `TypeError`/`ValueError`
    (`n_train`/`n_test` que não são inteiros positivos ou não cabem nos dados).
    """


def load_mnist(n_train: int | None = None, n_test: int | None = None, *, seed: int = 42,
               verbose: bool = True):
    """MNIST: `(x_train, y_train), (x_test, y_test)`, imagens uint8 (n, 28, 28) de dígitos
    manuscritos e rótulos uint8 (n,) de 0 a 9, como em `keras.datasets.mnist`."""
    return _load_split("mnist", n_train, n_test, seed, verbose)


def load_fashion_mnist(n_train: int | None = None, n_test: int | None = None, *, seed: int = 42,
                       verbose: bool = True):
    """Fashion-MNIST: `(x_train, y_train), (x_test, y_test)`, imagens uint8 (n, 28, 28) de
    roupas e rótulos uint8 (n,) de 0 a 9 (nomes em `FASHION_MNIST_CLASSES`)."""
    return _load_split("fashion_mnist", n_train, n_test, seed, verbose)


def load_cifar10(n_train: int | None = None, n_test: int | None = None, *, seed: int = 42,
                 verbose: bool = True):
    """CIFAR-10: `(x_train, y_train), (x_test, y_test)`, imagens uint8 (n, 32, 32, 3) e rótulos
    uint8 de forma (n, 1), como em `keras.datasets.cifar10` (nomes em `CIFAR10_CLASSES`)."""
    return _load_split("cifar10", n_train, n_test, seed, verbose)


def load_imdb_reviews(n_train: int | None = None, n_test: int | None = None, *, seed: int = 42,
                      verbose: bool = True):
    """IMDB (Maas et al. 2011, 25.000 + 25.000 críticas): `(x_train, y_train), (x_test, y_test)`.

    Textos brutos (com as tags `<br />` originais) num array de str (dtype object); rótulos int64:
    0 = negativa, 1 = positiva. Ordem original: em cada parte, as negativas e depois as positivas,
    pelo número do arquivo; embaralhe antes de usar `validation_split`."""
    return _load_split("imdb_reviews", n_train, n_test, seed, verbose)


for _loader in (load_mnist, load_fashion_mnist, load_cifar10, load_imdb_reviews):
    if _loader.__doc__:  # None com python -OO
        _loader.__doc__ += "\n" + _ARGS_DOC


def load_movie_reviews(n_train: int | None = None, n_test: int | None = None, *,
                       test_fraction: float = 0.1, seed: int = 42, verbose: bool = True):
    """Carrega o MR (Pang & Lee 2005, 10.662 frases) como `(x_train, y_train), (x_test, y_test)`.

    Textos: array de str (dtype object), uma frase por item, sem espaços nas pontas; rótulos
    int64: 0 = negativa, 1 = positiva. O MR não tem divisão oficial de treino e teste: ela é feita
    aqui, estratificada e com a semente `seed` (a mesma semente dá sempre a mesma divisão).

    Args:
        n_train: frases de treino (None = todas as que não forem para o teste).
        n_test: frases de teste (None = `test_fraction` do total, arredondado para cima: 1.067).
        test_fraction: fração de teste quando `n_test` é None (padrão 0.1).
        seed: semente da divisão.
        verbose: imprime a linha que diz de onde os dados vieram; False silencia.
    """
    n_train, n_test = _check_size(n_train, "n_train"), _check_size(n_test, "n_test")
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (float, int)):
        raise TypeError(f"test_fraction deve ser um número; recebido {test_fraction!r}.")
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction deve estar entre 0 e 1 (exclusive); recebido "
                         f"{test_fraction}.")
    arrays, path, origin = _obtain("movie_reviews", progress=verbose)
    x, y = arrays["x"], arrays["y"]
    n_test = n_test if n_test is not None else math.ceil(test_fraction * len(y))
    n_train = n_train if n_train is not None else len(y) - n_test
    train, test = _stratified_split(y, (n_train, n_test), seed,
                                    f"n_train={n_train} + n_test={n_test}")
    if verbose:
        counts = (f"{_fmt(n_train)} treino + {_fmt(n_test)} teste (divisão estratificada, "
                  f"semente {seed}, de {_fmt(len(y))} frases; o MR não traz divisão oficial)")
        _report("movie_reviews", counts, path, origin, (len(y), 0))
    return (x[train], y[train]), (x[test], y[test])


# ---------------------------------------------------------------------------------------------
# Visão geral das fontes e linha de comando
# ---------------------------------------------------------------------------------------------

def describe_sources() -> list[dict[str, str]]:
    """Imprime uma tabela curta com cada conjunto e de onde ele seria lido agora (espelho, cache
    ou "download necessário"), sem carregar os dados. Devolve as linhas como dicionários com as
    chaves name, title, source e path (caminho, URL do download ou mensagem de erro)."""
    rows = []
    for name, ds in DATASETS.items():
        try:
            found = _locate(name)
        except CorruptDataError as error:
            found = (error, "erro")
        path, source = found or (resolve_url(SOURCES[name].files[0].url), "download necessário")
        rows.append({"name": name, "title": ds.title, "source": source, "path": str(path)})
    print("Ordem de busca: " + " → ".join(str(folder) for _, folder, _ in _places())
          + " → download oficial")
    table = [("conjunto", "origem", "caminho")] + [(r["name"], r["source"], r["path"])
                                                     for r in rows]
    widths = [max(len(row[i]) for row in table) for i in range(2)]
    for row in table:
        print(f"  {row[0]:<{widths[0]}}  {row[1]:<{widths[1]}}  {row[2]}")
    return rows


def _sizes(arrays: dict[str, np.ndarray]) -> str:
    """Tamanho de um conjunto lido, para as mensagens da linha de comando."""
    if "y" in arrays:
        return f"{_fmt(len(arrays['y']))} exemplos"
    return f"{_fmt(len(arrays['y_train']))} treino + {_fmt(len(arrays['y_test']))} teste"


def _verify_folder(folder: Path) -> list[tuple[str, bool, str]]:
    """Lê e valida cada formato de cada conjunto presente em `folder`: (nome, ok, detalhe)."""
    results = []
    for name, ds in DATASETS.items():
        for layout in ds.layouts:
            try:
                if path := _layout_present(folder, layout):
                    results.append((name, True, f"{_sizes(_read(path, name))}  {path}"))
            except (CorruptDataError, OSError) as error:
                results.append((name, False, str(error)))
    return results


def _cmd_verify(args: argparse.Namespace) -> int:
    """`verify [DIR]`: confere a pasta dada (ou todas as de busca); 1 se algo falhar."""
    folders = [args.folder] if args.folder else [f for _, f, _ in _places() if f.is_dir()]
    problems = checked = 0
    for folder in folders:
        if not folder.is_dir():
            print(f"ERRO {folder}: a pasta não existe.", file=sys.stderr)
            return 1
        print(f"{folder}:")
        results = _verify_folder(folder)
        if not results:
            print("  (nenhum conjunto nesta pasta)")
        for name, ok, detail in results:
            checked, problems = checked + 1, problems + (not ok)
            print(f"  {'OK  ' if ok else 'ERRO'} {name}: {detail}", file=sys.stdout if ok
                  else sys.stderr)
    if not checked:
        print("Nenhum conjunto de dados encontrado para conferir.", file=sys.stderr)
    print(f"{checked} conferido(s), {problems} com problema.")
    return 1 if problems or not checked else 0


def _copy_text_layout(source: Path, copy: Path) -> None:
    """Copia um formato de texto (rt-polaritydata ou aclImdb) regravando cada arquivo em UTF-8."""
    files = []
    for part in _LAYOUT_PARTS[source.name]:
        path = source / part
        files += sorted(path.glob("*.txt")) if path.is_dir() else [path]
    for file in tqdm(files, desc=f"copiando {source.name}", unit=" arquivos", leave=False):
        target = copy / file.relative_to(source)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(decode_text(file.read_bytes()).encode("utf-8"))


def _export(name: str, to: Path) -> tuple[Path, Path, str]:
    """Grava `name` (de onde ele estiver) no espelho `to`; devolve (destino, fonte, origem)."""
    arrays, source, origin = _obtain(name, progress=True)
    to.mkdir(parents=True, exist_ok=True)
    is_image = DATASETS[name].image_shape is not None
    target = to / (f"{name}.npz" if is_image else source.name)
    if target.resolve() == source.resolve():
        return target, source, origin + "; já estava no destino"
    if is_image:
        with atomic_file(target) as tmp, open(tmp, "wb") as file:
            np.savez_compressed(file, **arrays)
    else:
        with tempfile.TemporaryDirectory(dir=to, prefix=f".exportando-{name}-") as work:
            _copy_text_layout(source, Path(work) / source.name)
            move_into_place(Path(work) / source.name, target)
    _read(target, name)  # confere a cópia
    return target, source, origin


def _cmd_export(args: argparse.Namespace) -> int:
    """`export NOME… --to DIR`: grava um espelho; 1 se algum conjunto falhar."""
    problems = 0
    for name in args.names:
        try:
            target, source, origin = _export(name, args.to)
            print(f"OK   {name}: {source} ({origin}) → {target}")
        except (DatasetUnavailableError, CorruptDataError, OSError) as error:
            problems += 1
            print(f"ERRO {name}: {error}", file=sys.stderr)
    if not problems:
        print(f"Para usar o espelho: defina COURSE_DATA_DIR={args.to.resolve()}")
    return 1 if problems else 0


def _cmd_download(args: argparse.Namespace) -> int:
    """`download NOME…`: enche o cache (pula o que já está lá, salvo --force)."""
    problems = 0
    for name in args.names:
        try:
            cached = None if args.force else _find_in(cache_dir(), name)
        except CorruptDataError:
            cached = None  # cache incompleto: baixar de novo o substitui
        if cached:
            print(f"OK   {name}: já está no cache ({cached}); --force baixa de novo.")
            continue
        try:
            arrays, path = _download_to_cache(name, timeout=args.timeout)
            print(f"OK   {name}: {_sizes(arrays)} em {path}")
        except (DownloadError, CorruptDataError, OSError) as error:
            problems += 1
            print(f"ERRO {name}: {error}", file=sys.stderr)
    return 1 if problems else 0


# Os textos fixos do argparse vêm em inglês; estes são traduzidos nas mensagens de erro.
_ARGPARSE_PT = (("the following arguments are required", "faltam os argumentos"),
                ("unrecognized arguments", "argumentos não reconhecidos"),
                ("invalid choice", "escolha inválida"), ("choose from", "escolha entre"),
                ("expected one argument", "falta o valor"), ("invalid float value",
                                                             "número inválido"),
                ("argument ", "argumento "))


class _PtHelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Formatação da ajuda com "uso:" no lugar de "usage:"."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "uso: " if prefix is None else prefix)


class _PtParser(argparse.ArgumentParser):
    """ArgumentParser com a ajuda e as mensagens de erro em português."""

    def __init__(self, *args, **kwargs):
        kwargs.update(add_help=False, formatter_class=_PtHelpFormatter)
        super().__init__(*args, **kwargs)
        self._positionals.title, self._optionals.title = "argumentos", "opções"
        self.add_argument("-h", "--help", action="help", help="mostra esta ajuda e sai")

    def error(self, message):
        for english, portuguese in _ARGPARSE_PT:
            message = message.replace(english, portuguese)
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: erro: {message}\n")


def _build_parser() -> argparse.ArgumentParser:
    """Argumentos de `python -m utils.data` (ajuda em português)."""
    names = [*DATASETS, "all"]
    parser = _PtParser(prog="python -m utils.data", description=(
        "Prepara os conjuntos de dados do curso. Cada carregador procura primeiro nos espelhos\n"
        "(COURSE_DATA_DIR, data/ do repositório, /usr/share/datasets), depois no cache de\n"
        "downloads (COURSE_CACHE_DIR ou ~/.cache/redes-neurais-keras) e só então baixa."),
        epilog="Exemplo de sala offline: numa máquina com internet,\n"
               "  python -m utils.data export all --to data/\n"
               "copie a pasta e, nas máquinas da sala, python -m utils.data verify data/")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMANDO",
                                     title="comandos")
    name_help = f"conjunto(s): {', '.join(names)}"
    download = commands.add_parser(
        "download", help="baixa das fontes oficiais para o cache (sha256 conferido)",
        description="Baixa os conjuntos das fontes oficiais para o cache, conferindo o sha256.")
    download.add_argument("names", nargs="+", choices=names, metavar="NOME", help=name_help)
    download.add_argument("--timeout", type=float, metavar="SEG", help="segundos sem resposta "
                          "até desistir (padrão: COURSE_DOWNLOAD_TIMEOUT ou 30)")
    download.add_argument("--force", action="store_true",
                          help="baixa de novo o que já está no cache")
    export = commands.add_parser(
        "export", help="grava um espelho para uma sala de aula offline",
        description="Grava os conjuntos (lidos de onde estiverem; baixados se preciso) numa "
                    "pasta-espelho:\nimagens em NOME.npz, textos no formato oficial.")
    export.add_argument("names", nargs="+", choices=names, metavar="NOME", help=name_help)
    export.add_argument("--to", required=True, type=Path, metavar="DIR",
                        help="pasta de destino (criada se não existir)")
    verify = commands.add_parser(
        "verify", help="confere um espelho (sai com código ≠ 0 se houver problema)",
        description="Lê e valida cada conjunto encontrado na pasta; imprime OK ou ERRO por item.")
    verify.add_argument("folder", nargs="?", type=Path, metavar="DIR", help="pasta a conferir "
                        "(padrão: todas as pastas de busca existentes e o cache)")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Ponto de entrada de `python -m utils.data`; devolve o código de saída."""
    args = _build_parser().parse_args(argv)
    if "all" in getattr(args, "names", ()):
        args.names = list(DATASETS)
    commands = {"download": _cmd_download, "export": _cmd_export, "verify": _cmd_verify}
    return commands[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
